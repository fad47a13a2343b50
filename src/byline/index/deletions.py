"""Deleting the committed documents that hold given terms: a batch's replacements and deletions.

A batch notes the `(field, text)` of what it replaces or deletes and `delete_noted` deletes the
matching documents at its commit, reading one segment at a time (`segments.BatchWriter`). Looking
every noted term up in every segment cost a fifth of the main process's time in the analysis phase
of a 100,000-document run: about 200 paths a batch, in each of several hundred segments, through
Whoosh's hashed term table (an md5 in Python per lookup).

A segment's terms of a field are sorted, and never change (a deletion only marks documents), so
its first and last term bound what it can hold: a path outside them is not in it. The range is
read once per segment and field, and kept by segment id while the segment exists. A run writes
its documents in path order, so a batch's paths fall in the ranges of a few segments, and only
those are opened.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from byline.index.vocabulary import segment_terms

Range = tuple[bytes, bytes] | None
"""A segment's first and last term of one field; None when it has none."""

_ranges: dict[tuple[str, str], dict[str, dict[str, Range]]] = {}
"""By index (its folder and name), by segment id, by field."""
_guard = threading.Lock()


def delete_noted(
    storage: Any,
    schema: Any,
    indexname: str,
    segments: list[Any],
    noted: Iterable[tuple[str, str]],
) -> None:
    """Mark deleted, in `segments` (Whoosh `Segment`s, written with the next commit), every
    document holding one of the `noted` `(field, text)` terms."""
    from whoosh.reading import SegmentReader

    wanted: dict[str, list[bytes]] = {}
    for name, text in noted:
        wanted.setdefault(name, []).append(schema[name].to_bytes(text))
    for terms in wanted.values():
        terms.sort()
    known = _known(storage, indexname, segments)
    for segment in segments:
        ranges = known.setdefault(segment.segment_id(), {})
        reader: Any = None
        try:
            if any(field not in ranges for field in wanted):
                reader = SegmentReader(storage, schema, segment)
                for field in wanted:
                    ranges.setdefault(field, _range(reader, field))
            candidates = [(f, t) for f, terms in wanted.items() for t in in_range(terms, ranges[f])]
            if candidates and reader is None:
                reader = SegmentReader(storage, schema, segment)
            for term in candidates:
                if term in reader:
                    for docnum in reader.postings(*term).all_ids():
                        segment.delete_document(docnum)
        finally:
            if reader is not None:
                reader.close()


def in_range(terms: list[bytes], bounds: Range) -> list[bytes]:
    """The sorted `terms` between a segment's first and last term."""
    if bounds is None:
        return []
    first, last = bounds
    return terms[bisect_left(terms, first) : bisect_right(terms, last)]


def _range(reader: Any, field: str) -> Range:
    if field not in reader.schema:
        return None
    first = last = None
    for term in segment_terms(reader, field):
        if first is None:
            first = term
        last = term
    return (first, last) if first is not None and last is not None else None


def _known(storage: Any, indexname: str, segments: list[Any]) -> dict[str, dict[str, Range]]:
    """The ranges kept for this index, less those of segments it no longer has."""
    key = (str(getattr(storage, "folder", id(storage))), indexname)
    with _guard:
        known = _ranges.setdefault(key, {})
        live = {segment.segment_id() for segment in segments}
        for gone in [sid for sid in known if sid not in live]:
            del known[gone]
    return known
