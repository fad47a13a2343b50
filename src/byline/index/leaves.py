"""What ranking reads of each segment of a reader: its live documents, its documents' field
lengths and a term's postings, as numpy arrays over the whole library.

`facts_of` keeps per reader (one index generation) the segments with their offsets, the live
documents and the lengths of each field asked for. `postings` reads a term's document numbers
and frequencies from the segment's docnums file when it keeps them, else block by block from
Whoosh's postings (`W3LeafMatcher`, written against whoosh-reloaded 2.7.5), else through the
public matcher interface.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from byline.index.postings import read_postings


@dataclass(slots=True)
class Library:
    """Per-reader facts, read once per index generation: segments, live documents, lengths."""

    segments: list[tuple[Any, int]]
    size: int
    alive: np.ndarray | None
    lengths: dict[str, np.ndarray] = field(default_factory=dict)


_facts: weakref.WeakKeyDictionary[Any, Library] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def facts_of(reader: Any) -> Library:
    with _guard:
        known = _facts.get(reader)
    if known is not None:
        return known
    segments = list(reader.leaf_readers())
    size = reader.doc_count_all()
    alive: np.ndarray | None = None
    for segment, offset in segments:
        if segment.has_deletions():
            if alive is None:
                alive = np.ones(size, dtype=bool)
            dead = np.fromiter(segment.deleted_docs_set, dtype=np.int64)
            alive[dead + offset] = False
    made = Library(segments, size, alive)
    with _guard:
        _facts[reader] = made
    return made


def lengths(facts: Library, fieldname: str) -> np.ndarray:
    """Every document's length of `fieldname` (as Whoosh stores it: one byte, approximated)."""
    known = facts.lengths.get(fieldname)
    if known is not None:
        return known
    from whoosh.util.numeric import _length_byte_cache

    table = np.asarray(_length_byte_cache, dtype=np.float64)
    out = np.zeros(facts.size, dtype=np.float64)
    for segment, offset in facts.segments:
        count = segment.doc_count_all()
        codes = _length_bytes(segment, fieldname, count)
        out[offset : offset + count] = table[codes]
    facts.lengths[fieldname] = out
    return out


def _length_bytes(segment: Any, fieldname: str, count: int) -> np.ndarray:
    """The stored length bytes of one segment's documents for `fieldname`."""
    from whoosh.codec import whoosh3

    codes = np.zeros(count, dtype=np.int64)
    perdoc = getattr(segment, "_perdoc", None)
    if isinstance(perdoc, whoosh3.W3PerDocReader):
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if reader is None:  # no document of the segment has the field
            return codes
        stored = column_bytes(reader)
        loaded = np.frombuffer(stored, dtype=np.uint8)[:count]
        codes[: len(loaded)] = loaded
        return codes
    from whoosh.util.numeric import length_to_byte

    for docnum in range(count):
        length = segment.doc_field_length(docnum, fieldname, 0) or 0
        codes[docnum] = length_to_byte(length)
    return codes


def column_bytes(reader: Any) -> bytes:
    """A one-byte column's stored values in one read (the documents past them have the default,
    0, for lengths). Whoosh's `load` reads them one call and one seek per document: 6 s for the
    200 segments of a 100,000-document library being indexed, 0.1 s this way."""
    from whoosh.columns import NumericColumn

    if isinstance(reader, NumericColumn.Reader) and reader._typecode == "B":
        return bytes(reader._dbfile.get(reader._basepos, reader._count))
    return bytes(reader.load())


def raw_postings(segment: Any, fieldname: str, btext: bytes) -> Any:
    """A segment's matcher for a term, deleted documents included (they are masked once, at the
    end; Whoosh's filtering wrapper costs a set lookup per posting). TermNotFound when absent."""
    terms = getattr(segment, "_terms", None)
    if terms is None:  # not a SegmentReader (an empty index's reader)
        return segment.postings(fieldname, btext)
    return terms.matcher(fieldname, btext, segment.schema[fieldname].format)


def postings(
    segment: Any, fieldname: str, btext: bytes, values: list[bytes] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Local docnums and term frequencies of one term in one segment (deletions included)."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    whole = read_postings(segment, fieldname, btext, values is not None)
    if whole is not None:
        if values is not None:
            values.extend(whole[2])
        return whole[0], whole[1]
    matcher = raw_postings(segment, fieldname, btext)
    if isinstance(matcher, W3LeafMatcher):
        ids: list[Any] = []
        weights: list[Any] = []
        while matcher.is_active():
            if matcher._byteids:  # term vectors; postings ids are deltas
                matcher._read_ids()
                ids.append(np.asarray(matcher._ids, dtype=np.int64))
            else:
                if matcher._data is None:
                    matcher._read_data()
                ids.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int64)))
            matcher._read_weights()
            weights.append(matcher._weights)
            if values is not None:
                matcher._read_values()
                values.extend(matcher._values)
            matcher._next_block()
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if len(ids) == 1:
            return np.asarray(ids[0], dtype=np.int64), np.asarray(weights[0], dtype=np.float64)
        return (
            np.concatenate([np.asarray(i, dtype=np.int64) for i in ids]),
            np.concatenate([np.asarray(w, dtype=np.float64) for w in weights]),
        )
    found: list[int] = []
    tfs: list[float] = []
    while matcher.is_active():
        found.append(matcher.id())
        tfs.append(matcher.weight())
        if values is not None:
            values.append(matcher.value())
        matcher.next()
    return np.asarray(found, dtype=np.int64), np.asarray(tfs, dtype=np.float64)
