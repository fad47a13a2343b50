"""Rows of entities: one document's, and the library's across every document (one row per name
and type, with the number of documents naming it), cached per index commit: computing them reads
every stored analysis, which takes seconds on a large library."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from byline.index.indexes import Indexes
from byline.index.store import Store
from byline.library_records import (
    EntityRecord,
    OpenDocument,
    aggregate_entities,
    entity_from_json,
)
from byline.models import Analysis, EntityType


def library_entities(home: Path, indexes: Indexes, store: Store) -> list[EntityRecord]:
    """Library-wide rows, read from `<library>/cache/` when the index has not changed since they
    were computed; otherwise computed and cached there (unless the library is read-only)."""
    folder = home / "cache"
    target = folder / f"entities-{indexes.generation()}.json.z"
    try:
        data = json.loads(zlib.decompress(target.read_bytes()))
        return [entity_from_json(row) for row in data]
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        pass
    rows = aggregate_entities(_analyses(indexes, store), None)
    try:
        folder.mkdir(exist_ok=True)
        for old in folder.glob("entities-*.json.z"):
            old.unlink(missing_ok=True)
        temp = target.with_suffix(f".tmp{os.getpid()}")
        blob = json.dumps([r.to_json() for r in rows], ensure_ascii=False).encode("utf-8")
        temp.write_bytes(zlib.compress(blob))
        temp.replace(target)
    except OSError:
        pass  # a read-only library still answers, just without the cache
    return rows


def entity_rows(opened: OpenDocument, wanted: EntityType | None) -> list[EntityRecord]:
    """One document's entities of the `wanted` type (all when None), most mentioned first."""
    return [
        EntityRecord(opened.document.path, e.name, e.type, e.aliases, e.mention_count, e.role)
        for e in sorted(opened.analysis.entities, key=lambda e: (-e.mention_count, e.name))
        if wanted is None or e.type is wanted
    ]


def _analyses(indexes: Indexes, store: Store) -> Iterator[Analysis]:
    for fields in indexes.all_documents():
        entry = store.get(fields["content_hash"])
        if entry is not None:
            yield entry.analysis
