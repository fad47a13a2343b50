"""Finding a segment's docnums file (`docnums`) for a Whoosh reader, each file opened once per
process; and writing the files of segments that have none (written by an older Byline).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path
from typing import Any, cast

from byline.index.docnums import (
    EXTENSION,
    MAGIC,
    MIN_POSTINGS,
    DocnumFile,
    DocnumWriter,
    packed_positions,
)

_opened: dict[str, tuple[tuple[int, int], DocnumFile]] = {}
"""Open files by path, with their (size, mtime): a segment's file never changes once written,
so a searcher renewed after a commit reuses the files of the segments it still has (parsing the
table of a 100,000-document segment takes about 90 ms)."""
_guard = threading.Lock()
_swept_at = [0.0]
SWEEP_SECONDS = 1.0
"""`_opened` is swept of files deleted with their segment when a file is opened, at most this
often: a sweep at every opening stat-ed every open file, 40,000 calls to open the 200 segments of
a library being indexed."""


def path_of(folder: Path | str, segment: Any) -> Path:
    """Where the file of a Whoosh segment (its `Segment` object) lives."""
    return Path(folder) / segment.make_filename(EXTENSION)


def for_reader(reader: Any) -> DocnumFile | None:
    """The file of a segment reader's segment; None when it has none (or it cannot be read:
    then Whoosh's blocks are read instead). Kept on the reader: a prefix or fuzzy query asks
    once per term it expands to, and finding the file (a path and a `stat`) took a sixth of a
    `wor*` search. A segment's file does not change under a reader (a rewrite replaces it, and
    the mapping of the old one stays valid)."""
    kept = getattr(reader, _ON_READER, _UNSET)
    if kept is not _UNSET:
        return cast("DocnumFile | None", kept)
    found = _find(reader)
    with contextlib.suppress(AttributeError):  # a reader with slots keeps asking
        setattr(reader, _ON_READER, found)
    return found


_ON_READER = "_byline_docnums"
_UNSET = object()


def _find(reader: Any) -> DocnumFile | None:
    """`for_reader`, without the reader's own copy."""
    folder = index_folder(reader)
    if folder is None:
        return None
    path = path_of(folder, reader.segment())
    try:
        stat = path.stat()
    except OSError:
        return None
    key, version = str(path), (stat.st_size, stat.st_mtime_ns)
    with _guard:
        known = _opened.get(key)
    if known is not None and known[0] == version:
        return known[1]
    try:
        found = DocnumFile(path)
    except (OSError, ValueError):
        return None
    with _guard:
        # A file rewritten (an older layout replaced) takes its old mapping's place; those of
        # files deleted with their segment by a merge are forgotten from time to time: a
        # mapping would keep a deleted file's space until the process ends.
        _opened[key] = (version, found)
        now = time.monotonic()
        if now - _swept_at[0] >= SWEEP_SECONDS:
            _swept_at[0] = now
            for gone in [k for k in _opened if not os.path.exists(k)]:
                del _opened[gone]
    return found


def index_folder(reader: Any) -> str | None:
    """The index folder of a Whoosh segment reader (through the overlay of a compound segment),
    or None for a reader that is not over a folder (an empty index's, a reader in memory)."""
    storage = getattr(reader, "_storage", None)
    if storage is None or not callable(getattr(reader, "segment", None)):
        return None
    storage = getattr(storage, "b", storage)  # OverlayStorage(compound file, the folder)
    folder = getattr(storage, "folder", None)
    return folder if isinstance(folder, str) else None


def positioned_fields(schema: Any) -> frozenset[str]:
    """The fields of a Whoosh schema whose postings hold plain positions."""
    from whoosh import formats

    return frozenset(name for name, f in schema.items() if type(f.format) is formats.Positions)


def listed_fields(schema: Any) -> frozenset[str]:
    """The fields of a Whoosh schema whose terms the file lists."""
    from byline.index.schema import LISTED_FIELDS

    return LISTED_FIELDS & frozenset(schema.names())


def _readable(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def compile_missing(index: Any) -> int:
    """Write the file of every segment of a Whoosh `index` that lacks one (or has one of an older
    layout); how many were written.

    Each long list is decoded once from Whoosh's blocks (deleted documents included, as Whoosh
    keeps them). Run by the writer after a commit, so a library written by an older Byline gets
    its files on its next write.
    """
    from whoosh.reading import SegmentReader

    from byline.index.postings import whole_list

    folder = Path(index.storage.folder)
    positioned = positioned_fields(index.schema)
    written = 0
    for segment in index._segments():
        path = path_of(folder, segment)
        if _readable(path):
            continue
        reader = SegmentReader(index.storage, index.schema, segment)
        part = path.with_name("." + path.name + ".part")  # a dot: Whoosh's cleaning skips it
        out = DocnumWriter(part, positioned, listed_fields(index.schema))
        try:
            for (field, term), info in reader._terms.items():
                out.list_term(field, term)
                if info.doc_frequency() >= MIN_POSTINGS and field in reader.schema:
                    ids, tfs, values = whole_list(reader, field, term, field in positioned)
                    positions = packed_positions(values) if field in positioned else None
                    out.add(field, term, ids, tfs, positions)
            out.finish()
            os.replace(part, path)
            written += 1
        except BaseException:
            out.discard()
            raise
        finally:
            reader.close()
    return written
