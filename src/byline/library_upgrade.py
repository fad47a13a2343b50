"""Rebuilding an index written by another version of Byline, from the library's store.

The store keeps every document's cleaned text and analysis by content hash, so a new index
layout (`SCHEMA_VERSION`) costs no loading, cleaning or analysis: each document is written again
from its store entry, under the path it was stored from. The old index is never opened: its
schema is a pickle, and unpickling what another program wrote could run its code.

A document whose file still holds the stored contents (hashed once here) keeps the file's size
and mtime, so the next `add` finds it unchanged without reading it; any other is written with a
size of 0, and the next `add` of its folder looks at its file again.

The new index is built beside the old one (`index.new`) and swapped in when complete: a run
that is killed leaves the old index, and the next opening starts again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from byline.index.indexes import Indexes
from byline.index.store import Store
from byline.library_records import AddProgress

NOTICE = "rebuilding the index for this version of Byline"
"""The progress message while it runs (the reader shows it on its "indexing…" line)."""

MERGING = "rebuilding the index: merging, the last step"
"""The progress message while the last commit merges the new index's batches (a minute of a
10,000-document library's three, with every document already counted)."""


def rebuild_index(
    indexes: Indexes,
    store: Store,
    progress: Callable[[AddProgress], None] | None = None,
    commit_every: int = 500,
) -> int:
    """Write a new index holding every document of the store and swap it in; the number of
    documents written. The caller holds the library's write lock."""
    folder = indexes.folder
    hashes = sorted(store.hashes())
    building = folder.with_name(folder.name + ".new")
    shutil.rmtree(building, ignore_errors=True)
    fresh = Indexes(building)
    fresh.create()
    writer = fresh.writer()
    written = 0
    try:
        for done, digest in enumerate(hashes):
            stored = store.get(digest)
            if progress is not None and done % 50 == 0:
                progress(AddProgress(done, len(hashes), 0, 0, None, NOTICE))
            if stored is None:  # unreadable or from another store version: skipped
                continue
            size, mtime_ns = _file_state(stored.document.path, digest)
            writer.put(
                stored.document,
                stored.analysis,
                size=size,
                mtime_ns=mtime_ns,
                analysed=stored.analysed,
                new=True,
            )
            written += 1
            if writer.pending >= commit_every:
                writer.commit(merge=False)
        if progress is not None:
            progress(AddProgress(len(hashes), len(hashes), 0, 0, None, MERGING))
        writer.commit()
    except BaseException:
        writer.cancel()
        fresh.close()
        shutil.rmtree(building, ignore_errors=True)
        raise
    fresh.close()
    _swap(indexes, building)
    if progress is not None:
        progress(AddProgress(len(hashes), len(hashes), 0, 0, None, NOTICE))
    return written


def _file_state(path: str, digest: str) -> tuple[int, int]:
    """The size and mtime of the file at `path` when it still holds the contents `digest`, else
    (0, 0)."""
    from byline.library_plan import content_hash

    try:
        before = os.stat(path)
        if content_hash(Path(path)) == digest:
            return before.st_size, before.st_mtime_ns
    except OSError:
        pass
    return 0, 0


def _swap(indexes: Indexes, building: Path) -> None:
    """Put the index built in `building` in the place of `indexes.folder` (not open yet: this
    runs while it is being opened)."""
    folder = indexes.folder
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    folder.rename(old)
    building.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def restore_interrupted(folder: Path) -> None:
    """Finish a swap that was cut between its two renames (no index, a complete new one)."""
    building = folder.with_name(folder.name + ".new")
    old = folder.with_name(folder.name + ".old")
    if not folder.exists() and old.exists():
        if building.exists():
            building.rename(folder)
        else:
            old.rename(folder)
