"""Phrases: whether a query's words stand in a document in order, from their stored positions.

`ranking` asks for the documents that hold every word of a phrase; `adjacent` checks them all at
once from whole posting lists (a phrase with slop 1, the common case), `matches` one document at
a time from the blocks of the candidates' postings (any slop, any positions format). `phrase_in`
checks one document, for snippets.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh.reading import TermNotFound

from byline.index import docnums, leaves
from byline.index.postings import unpickle_values


def matches(
    facts: leaves.Library,
    fieldname: str,
    fieldtype: Any,
    words: list[bytes],
    candidates: np.ndarray,
    slop: int,
) -> np.ndarray:
    """For each candidate document (global docnums, sorted), whether `words` occur in it in
    order, each within `slop` positions of the one before."""
    keep = np.zeros(len(candidates), dtype=bool)
    decode = fieldtype.format.decode_positions
    for segment, offset in facts.segments:
        count = segment.doc_count_all()
        lo, hi = np.searchsorted(candidates, [offset, offset + count])
        if lo == hi:
            continue
        local = candidates[lo:hi] - offset
        positions = [_positions(segment, fieldname, w, local, decode) for w in words]
        for index, docnum in enumerate(local.tolist()):
            if _in_order([p[docnum] for p in positions], slop):
                keep[lo + index] = True
    return keep


def phrase_in(reader: Any, q: Any, docnum: int) -> bool:
    """Whether the phrase query `q` stands in document `docnum` (a global docnum of `reader`),
    from that document's positions of its words (the postings read only as far as it)."""
    fieldtype = reader.schema[q.fieldname]
    words = [fieldtype.to_bytes(w) if isinstance(w, str) else w for w in q.words]
    wanted = np.array([docnum], dtype=np.int64)
    return bool(matches(leaves.facts_of(reader), q.fieldname, fieldtype, words, wanted, q.slop)[0])


def _positions(segment: Any, fieldname: str, btext: bytes, wanted: np.ndarray, decode: Any) -> Any:
    """{local docnum: positions of the term} for the `wanted` documents of one segment."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    out: dict[int, list[int]] = {}
    try:
        matcher = leaves.raw_postings(segment, fieldname, btext)
    except TermNotFound:
        return out
    if isinstance(matcher, W3LeafMatcher):
        start = 0
        while matcher.is_active() and start < len(wanted):
            if matcher.block_max_id() < wanted[start]:
                matcher._next_block()
                continue
            matcher._read_ids()
            ids = np.asarray(matcher._ids, dtype=np.int64)
            end = int(np.searchsorted(wanted, ids[-1], side="right"))
            chunk = wanted[start:end]
            where = np.searchsorted(ids, chunk)
            hit = ids[np.minimum(where, len(ids) - 1)] == chunk
            if hit.any():
                matcher._read_values()
                values = matcher._values
                found = where[hit].tolist()
                decoded = _decode_positions([values[at] for at in found], decode)
                out.update(zip(chunk[hit].tolist(), decoded, strict=True))
            start = end
            matcher._next_block()
        return out
    targets = set(wanted.tolist())
    while matcher.is_active():
        docnum = matcher.id()
        if docnum in targets:
            out[docnum] = matcher.value_as("positions")
        matcher.next()
    return out


def packed_format(fmt: Any) -> bool:
    """True for the posting formats whose values `postings.unpickle_values` reads in one call."""
    from whoosh import formats

    return type(fmt) in (formats.Positions, formats.Characters)


def adjacent(
    candidates: np.ndarray, postings: list[tuple[np.ndarray, Any]], fmt: Any
) -> np.ndarray:
    """For each candidate document, whether the phrase's words occur at consecutive positions
    (Whoosh's phrase with slop 1). `postings` holds each word's sorted docnums and either its
    encoded values or its decoded positions (`docnums.Positions`); every candidate holds every
    word. All documents are checked at once: positions become keys `document index * 2**32 +
    position - word index`, intersected word by word."""
    from whoosh import formats

    characters = type(fmt) is formats.Characters
    index = np.arange(len(candidates), dtype=np.int64)
    starts: np.ndarray | None = None
    for shift, (ids, values) in enumerate(postings):
        if isinstance(values, tuple):
            counts, flat = _positions_of(values, np.searchsorted(ids, candidates))
            keys = np.repeat(index, counts) * (1 << 32) + flat - shift
            starts = keys if starts is None else np.intersect1d(starts, keys)
            continue
        chosen = np.searchsorted(ids, candidates).tolist()
        raw = [values[at] for at in chosen]
        lists = unpickle_values(raw)
        if lists is None:
            decode = fmt.decode_positions
            counts = np.fromiter((len(decode(v)) for v in raw), np.int64, len(raw))
            flat = np.fromiter((p for v in raw for p in decode(v)), np.int64, int(counts.sum()))
        else:
            counts = np.fromiter(map(len, lists), np.int64, len(lists))
            total = int(counts.sum())
            codes: Iterator[Any] = chain.from_iterable(lists)
            if characters:  # (position delta, start delta, length) per occurrence
                codes = map(itemgetter(0), codes)
            flat = docnums.absolute(counts, np.fromiter(codes, np.int64, total))
        keys = np.repeat(index, counts) * (1 << 32) + flat - shift
        starts = keys if starts is None else np.intersect1d(starts, keys)
    keep = np.zeros(len(candidates), dtype=bool)
    if starts is not None and len(starts):
        keep[np.unique(starts >> 32)] = True
    return keep


def _positions_of(kept: docnums.Positions, chosen: np.ndarray) -> docnums.Positions:
    """The counts and positions of the `chosen` postings, out of all of a term's."""
    every_count, every_position = kept
    first = np.cumsum(every_count) - every_count
    counts = every_count[chosen]
    total = int(counts.sum())
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return counts, every_position[np.repeat(first[chosen], counts) + within]


def _decode_positions(values: list[bytes], decode: Any) -> list[list[int]]:
    """The positions in each of a block's encoded `values`, as `decode` (a Positions or
    Characters format's `decode_positions`) gives them, with one unpickling for all (see
    `postings.unpickle_values`; for Characters, each occurrence is a tuple starting with the
    position's gap)."""
    from whoosh import formats

    owner = getattr(decode, "__self__", None)
    packed = type(owner) in (formats.Positions, formats.Characters)
    lists = unpickle_values(values) if packed else None
    if lists is None:
        return [decode(v) for v in values]
    if type(owner) is formats.Characters:
        return [list(accumulate(code[0] for code in codes)) for codes in lists]
    return [list(accumulate(codes)) for codes in lists]


def _in_order(positions: list[list[int]], slop: int) -> bool:
    """True when some position of the first word is followed by one of each next word, each
    within `slop` after the previous."""
    if slop <= 1:
        starts = set(positions[0])
        for shift, later in enumerate(positions[1:], start=1):
            after = set(later)
            starts = {p for p in starts if p + shift in after}
            if not starts:
                return False
        return bool(starts)
    ends = set(positions[0])
    for later in positions[1:]:
        ends = {q for q in later if any(0 < q - p <= slop for p in ends)}
        if not ends:
            return False
    return True
