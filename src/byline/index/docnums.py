"""A segment's long posting lists as plain arrays beside it, so ranking reads them without
unpickling.

Whoosh stores a posting list as blocks, each a zlib-compressed pickle of the document numbers,
the term frequencies and the positions together: ranking a term that is not in a phrase needs
only the first two but pays to unpickle all three, block after block. For a common word or a
broad prefix (``wor*`` stands for some seventy words) that decoding is most of a query's time.

So when a segment is written (`segments.BatchWriter`), every list of at least `MIN_POSTINGS`
documents is also written to ``<segment id>.dnw`` in the index folder, one term after another:
the document numbers as little-endian uint16 gaps (uint32 numbers when a gap is too wide), then
the term frequencies as uint8 (float32 when one is not a whole number below 256), and for a
field with positions (the body, for phrases) each document's count of positions and the positions
themselves (uint16, or uint32 when one is too large); then a JSON table of ``field -> term ->
[offset, count, flags, positions]`` and, in the last 8 bytes, the table's offset. The
name carries the segment's id, so Whoosh deletes the file with its segment. Reading maps the
file and slices it: no decoding.

The file also lists every term of the fields a vocabulary is read of (`schema.LISTED_FIELDS`),
in order and each ended by a NUL byte, under the table's field "" (``field -> [offset, length]``):
split in one call, where reading them from Whoosh's terms file is a Python loop per term (5 s
for the 200 segments of a 100,000-document library being indexed). A file without the list (an
older Byline's) gives `listed` None, and the vocabulary is read from Whoosh's terms file.

The file holds exactly what Whoosh's list holds (deleted documents included), so the scores and
phrase matches are the same either way. A segment without the file (written by an older Byline),
or with a file of an older layout, is read through Whoosh's blocks; `compile_missing` writes the
files for such segments (`docnum_files`, which also finds a segment's file for a reader).
"""

from __future__ import annotations

import json
import mmap
import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

MIN_POSTINGS = 64
"""Shorter lists fit in a block or two, cheap to decode; only longer ones are copied out."""

EXTENSION = ".dnw"
MAGIC = b"BYDN3\n"
"""The first bytes of a file of the current layout."""
_TAIL = struct.Struct("<Q")
_GAPS16 = 1
_TF8 = 2
_POSITIONS = 4
_COUNTS32 = 8
_POSITIONS32 = 16

Posting = tuple[str, bytes, int, float, Any]
Positions = tuple[np.ndarray, np.ndarray]
"""Per posting, how many positions it has (int64); then all of them, document after document."""


class DocnumWriter:
    """Writes one segment's file: `tee` the postings through it while Whoosh writes them, then
    `finish` (or `discard`)."""

    def __init__(
        self,
        path: Path,
        positioned: frozenset[str] = frozenset(),
        listed: frozenset[str] = frozenset(),
    ) -> None:
        """`positioned`: the fields whose posting values are Whoosh `Positions`, kept too;
        `listed`: the fields whose every term is listed."""
        self.path = path
        self.positioned = positioned
        self._file: BinaryIO = open(path, "wb")  # noqa: SIM115 (closed in finish/discard)
        self._file.write(MAGIC)
        self._table: dict[str, dict[str, list[int]]] = {}
        self._terms = {field: bytearray() for field in listed}

    def list_term(self, field: str, term: bytes) -> None:
        """List `term` of `field` (in order: terms come sorted), if `field` is listed."""
        terms = self._terms.get(field)
        if terms is None:
            return
        if b"\0" in term:  # it could not be told from two terms: the field is left unlisted
            del self._terms[field]
        else:
            terms += term
            terms += b"\0"

    def tee(self, postings: Iterable[Posting]) -> Iterator[Posting]:
        """Yield `postings` (ordered by field, term, docnum) unchanged, keeping the long lists
        and listing the terms."""
        field = term = None
        # A term's numbers in arrays, 8 bytes a posting (the file keeps no more: 32-bit numbers,
        # 32-bit frequencies at most), and its values only for a positioned field: a term can
        # hold nearly every document (schema 5's coarse numeric terms held every quote), which
        # as lists of Python numbers took 35 MB in a merge of 605,000 quotes, 10 MB as arrays.
        ids, weights = array("I"), array("f")
        values: list[Any] = []
        keep_values = False
        for posting in postings:
            if posting[1] != term or posting[0] != field:
                if len(ids) >= MIN_POSTINGS:
                    self._add(field, term, ids, weights, values)  # type: ignore[arg-type]
                field, term = posting[0], posting[1]
                self.list_term(field, term)
                ids, weights, values = array("I"), array("f"), []
                keep_values = field in self.positioned
            ids.append(posting[2])
            weights.append(posting[3])
            if keep_values:
                values.append(posting[4])
            yield posting
        if len(ids) >= MIN_POSTINGS:
            self._add(field, term, ids, weights, values)  # type: ignore[arg-type]

    def _add(
        self, field: str, term: bytes, ids: array[int], weights: array[float], values: list[Any]
    ) -> None:
        positions = packed_positions(values) if field in self.positioned else None
        self.add(field, term, ids, weights, positions)

    def add(
        self,
        field: str,
        term: bytes,
        ids: Sequence[int] | np.ndarray,
        weights: Sequence[float] | np.ndarray,
        positions: Positions | None = None,
    ) -> None:
        """Append one term's document numbers, frequencies and (when given) positions, each in
        its narrowest form."""
        docnums = np.asarray(ids)  # the tee's arrays are read in place
        if docnums.dtype != np.uint32:
            docnums = docnums.astype(np.int64, copy=False)
        tfs = np.asarray(weights)
        flags = 0
        gaps = np.empty_like(docnums)  # ascending numbers: one array, not np.diff's two
        gaps[:1] = docnums[:1]
        np.subtract(docnums[1:], docnums[:-1], out=gaps[1:])
        if len(gaps) and gaps.max() < 1 << 16:
            id_bytes = gaps.astype("<u2").tobytes()
            flags |= _GAPS16
        else:
            id_bytes = docnums.astype("<u4").tobytes()
        small = tfs.astype(np.uint8)
        if len(tfs) and (small == tfs).all():
            tf_bytes = small.tobytes()
            flags |= _TF8
        else:
            tf_bytes = tfs.astype("<f4").tobytes()
        offset = self._file.tell()
        self._file.write(id_bytes)
        self._file.write(tf_bytes)
        stored = 0
        if positions is not None and len(positions[0]) == len(docnums):
            counts, flat = positions
            flags |= _POSITIONS
            if len(counts) and counts.max() >= 1 << 16:
                flags |= _COUNTS32
            if len(flat) and flat.max() >= 1 << 16:
                flags |= _POSITIONS32
            self._file.write(counts.astype("<u4" if flags & _COUNTS32 else "<u2").tobytes())
            self._file.write(flat.astype("<u4" if flags & _POSITIONS32 else "<u2").tobytes())
            stored = len(flat)
        entry = [offset, len(docnums), flags, stored]
        self._table.setdefault(field, {})[term.decode("latin-1")] = entry

    def finish(self) -> None:
        """Write the lists of terms, the table, and close the file."""
        lists: dict[str, list[int]] = {}
        for field, terms in self._terms.items():  # each term ends with its NUL
            lists[field] = [self._file.tell(), len(terms)]
            self._file.write(terms)
        if lists:
            self._table[""] = lists
        table_at = self._file.tell()
        self._file.write(json.dumps(self._table, separators=(",", ":")).encode("ascii"))
        self._file.write(_TAIL.pack(table_at))
        self._file.close()

    def discard(self) -> None:
        """Close and delete an unfinished file."""
        self._file.close()
        self.path.unlink(missing_ok=True)


class DocnumFile:
    """A segment's file, mapped: `get` gives a term's document numbers and frequencies."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[: len(MAGIC)] != MAGIC or len(self._map) < len(MAGIC) + _TAIL.size:
            raise ValueError(f"{path} is not a posting-numbers file")
        (table_at,) = _TAIL.unpack_from(self._map, len(self._map) - _TAIL.size)
        self._table: dict[str, dict[str, list[int]]] = json.loads(
            self._map[table_at : len(self._map) - _TAIL.size]
        )
        self._lists = self._table.pop("", {})

    def listed(self, field: str) -> list[str] | None:
        """Every term of `field` in the segment, in order; None when the file does not list
        them (see the module docstring)."""
        extent = self._lists.get(field)
        if extent is None:
            return None
        offset, length = extent[:2]
        if not length:
            return []
        if offset + length > len(self._map):
            return None
        return self._map[offset : offset + length - 1].decode("utf-8").split("\0")

    def get(self, field: str, term: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """Local docnums (int64) and frequencies (float64) of `term`, or None when not kept (or
        its extent does not fit the file: then Whoosh's blocks are read instead)."""
        try:
            return self._get(field, term)
        except ValueError:
            return None

    def _get(self, field: str, term: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        entry = self._table.get(field, {}).get(term.decode("latin-1"))
        if entry is None:
            return None
        offset, count, flags, _ = entry
        if flags & _GAPS16:
            gaps = np.frombuffer(self._map, dtype="<u2", count=count, offset=offset)
            ids = np.cumsum(gaps, dtype=np.int64)
            offset += 2 * count
        else:
            ids = np.frombuffer(self._map, dtype="<u4", count=count, offset=offset).astype(np.int64)
            offset += 4 * count
        kind = np.uint8 if flags & _TF8 else "<f4"
        tfs = np.frombuffer(self._map, dtype=kind, count=count, offset=offset)
        return ids, tfs.astype(np.float64)

    def positions(self, field: str, term: bytes) -> Positions | None:
        """Per posting of `term` its number of positions, and all the positions (as `get` orders
        the postings); None when the file does not keep them."""
        try:
            return self._positions(field, term)
        except ValueError:
            return None

    def _positions(self, field: str, term: bytes) -> Positions | None:
        entry = self._table.get(field, {}).get(term.decode("latin-1"))
        if entry is None or not entry[2] & _POSITIONS:
            return None
        offset, count, flags, stored = entry
        offset += count * (2 if flags & _GAPS16 else 4) + count * (1 if flags & _TF8 else 4)
        width = 4 if flags & _COUNTS32 else 2
        counts = np.frombuffer(self._map, dtype=f"<u{width}", count=count, offset=offset)
        offset += width * count
        kind = "<u4" if flags & _POSITIONS32 else "<u2"
        flat = np.frombuffer(self._map, dtype=kind, count=stored, offset=offset)
        return counts.astype(np.int64), flat.astype(np.int64)


def packed_positions(values: list[Any]) -> Positions | None:
    """The positions in Whoosh `Positions` posting values (a count, then a pickle of the position
    gaps, each), decoded with one unpickling for the whole list; None if they are not that."""
    from byline.index.postings import unpickle_values

    if not values or not all(isinstance(v, bytes) for v in values):
        return None
    lists = unpickle_values(values)
    if lists is None:
        return None
    counts = np.fromiter(map(len, lists), np.int64, len(lists))
    total = int(counts.sum())
    try:
        gaps = np.fromiter(chain.from_iterable(lists), np.int64, total)
    except (TypeError, ValueError):  # not plain integers: Characters or another format
        return None
    return counts, absolute(counts, gaps)


def absolute(counts: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Positions from their gaps, which restart at each posting (`counts` of them each)."""
    running = np.cumsum(gaps)
    ends = np.cumsum(counts)
    before = np.concatenate(([0], running[ends[:-1] - 1])) if len(ends) else ends
    return running - np.repeat(before, counts)
