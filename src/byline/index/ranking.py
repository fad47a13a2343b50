"""Ranking a parsed query over whole posting lists at once, with numpy, instead of Whoosh's
document-at-a-time matchers.

Whoosh evaluates a query one document at a time through a tree of Python matcher objects: for a
common word that is several method calls per matching document in each of five fields, and a
second pass to count the matches exactly. Here each term's posting list is read a block at a time
(Whoosh's own codec decodes the block: ids and term frequencies as arrays) into numpy arrays over
the whole library; `Or` adds scores, `And` intersects, `NOT` subtracts, each once per query
instead of once per document. Scores are Whoosh's BM25F, computed the same way (so the order is
Whoosh's), and the count is exact. Phrases are verified from the stored positions of the
documents that hold every word.

Query kinds this does not know (Whoosh's span and wrapping queries, `Or` with a minimum match)
raise `Unsupported`, and the caller runs Whoosh's own search instead.

This reaches into Whoosh's segment readers and its block postings format (`W3LeafMatcher`): it is
written against whoosh-reloaded 2.7.5, which the project pins, and any other matcher is read
through the public matcher interface.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, chain
from math import log
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh.reading import TermNotFound

from byline.index import docnums
from byline.index.postings import read_postings, unpickle_values

MAX_EXPANSIONS = 1000
"""A prefix, fuzzy term or range looks at this many words at most (the most frequent ones in
the library first would need the whole lexicon; the first in alphabetical order are taken)."""


class Unsupported(Exception):
    """The query holds a kind of node this module does not evaluate."""


@dataclass(slots=True)
class Library:
    """Per-reader facts, read once per index generation: segments, live documents, lengths."""

    segments: list[tuple[Any, int]]
    size: int
    alive: np.ndarray | None
    lengths: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(slots=True)
class Ranked:
    """A query's top documents (global docnums, best first), their scores, the exact count, and
    for each body term met, the documents holding it (for snippets)."""

    docnums: list[int]
    scores: list[float]
    total: int
    body_terms: dict[bytes, np.ndarray]


_facts: weakref.WeakKeyDictionary[Any, Library] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def _library(reader: Any) -> Library:
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


def _lengths(facts: Library, fieldname: str) -> np.ndarray:
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
        stored = _column_bytes(reader)
        loaded = np.frombuffer(stored, dtype=np.uint8)[:count]
        codes[: len(loaded)] = loaded
        return codes
    from whoosh.util.numeric import length_to_byte

    for docnum in range(count):
        length = segment.doc_field_length(docnum, fieldname, 0) or 0
        codes[docnum] = length_to_byte(length)
    return codes


def _column_bytes(reader: Any) -> bytes:
    """A one-byte column's stored values in one read (the documents past them have the default,
    0, for lengths). Whoosh's `load` reads them one call and one seek per document: 6 s for the
    200 segments of a 100,000-document library being indexed, 0.1 s this way."""
    from whoosh.columns import NumericColumn

    if isinstance(reader, NumericColumn.Reader) and reader._fixedlen == 1:
        return bytes(reader._dbfile.get(reader._basepos, reader._count))
    return bytes(reader.load())


def _raw_postings(segment: Any, fieldname: str, btext: bytes) -> Any:
    """A segment's matcher for a term, deleted documents included (they are masked once, at the
    end; Whoosh's filtering wrapper costs a set lookup per posting). TermNotFound when absent."""
    terms = getattr(segment, "_terms", None)
    if terms is None:  # not a SegmentReader (an empty index's reader)
        return segment.postings(fieldname, btext)
    return terms.matcher(fieldname, btext, segment.schema[fieldname].format)


def _postings(
    segment: Any, fieldname: str, btext: bytes, values: list[bytes] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Local docnums and term frequencies of one term in one segment (deletions included)."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    whole = read_postings(segment, fieldname, btext, values is not None)
    if whole is not None:
        if values is not None:
            values.extend(whole[2])
        return whole[0], whole[1]
    matcher = _raw_postings(segment, fieldname, btext)
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


@dataclass(slots=True)
class _Hits:
    """A node's result: which documents match (dense mask) and their scores."""

    mask: np.ndarray
    scores: np.ndarray


class _Evaluator:
    """Evaluates a parsed query node by node into a mask of matching documents and scores."""

    def __init__(self, searcher: Any) -> None:
        from whoosh import scoring

        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.facts = _library(self.reader)
        weighting = searcher.weighting
        if not isinstance(weighting, scoring.BM25F):
            raise Unsupported(type(weighting).__name__)
        self.weighting = weighting
        self.body_terms: dict[bytes, np.ndarray] = {}

    def empty(self) -> _Hits:
        size = self.facts.size
        return _Hits(np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float64))

    def term_ids(
        self, fieldname: str, btext: bytes, values: list[bytes] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Global docnums and term frequencies of a term across the segments (and, into
        `values`, the encoded posting values, in the same order)."""
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        for segment, offset in self.facts.segments:
            try:
                local, tf = _postings(segment, fieldname, btext, values)
            except TermNotFound:
                continue
            ids.append(local + offset)
            tfs.append(tf)
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if len(ids) == 1:
            return ids[0], tfs[0]
        return np.concatenate(ids), np.concatenate(tfs)

    def term(self, fieldname: str, text: Any, boost: float) -> _Hits:
        hits = self.empty()
        if fieldname not in self.schema:
            return hits
        ids, scores = self.scored(fieldname, text, boost)
        hits.mask[ids] = True
        hits.scores[ids] = scores
        return hits

    def scored(
        self, fieldname: str, text: Any, boost: float, values: list[bytes] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Global docnums of a term and their scores (BM25F, or the term frequency on a field
        that is not scorable, as Whoosh does), times `boost`."""
        fieldtype = self.schema[fieldname]
        btext = text if isinstance(text, bytes) else fieldtype.to_bytes(text)
        ids, tfs = self.term_ids(fieldname, btext, values)
        if not len(ids):
            return ids, tfs
        if fieldname == "body":
            self.body_terms[btext] = ids
        if not fieldtype.scorable:
            return ids, boost * tfs
        weighting = self.weighting
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        df = len(ids)  # Whoosh's document frequency also counts deleted documents
        idf = log(self.facts.size / (df + 1)) + 1
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        lengths = _lengths(self.facts, fieldname)[ids]
        return ids, boost * idf * (tfs * (k1 + 1)) / (tfs + k1 * ((1 - b) + b * lengths / avgfl))

    def term_positions(self, fieldname: str, btext: bytes) -> docnums.Positions | None:
        """A term's positions across the segments (in `term_ids`'s order): from the segments'
        docnums files, or decoded from Whoosh's blocks for a list a file does not keep (a short
        one, a segment of an older Byline); None when the values are not plain positions."""
        counts: list[np.ndarray] = []
        flats: list[np.ndarray] = []
        for segment, _ in self.facts.segments:
            kept = docnums.for_reader(segment)
            got = kept.positions(fieldname, btext) if kept is not None else None
            if got is None:
                try:
                    whole = read_postings(segment, fieldname, btext, True)
                except TermNotFound:
                    continue  # the segment does not have the term
                got = docnums.packed_positions(whole[2]) if whole is not None else None
                if got is None:
                    return None
            counts.append(got[0])
            flats.append(got[1])
        if not counts:
            return None
        return np.concatenate(counts), np.concatenate(flats)

    def expansions(self, q: Any) -> list[bytes]:
        """The terms a prefix, fuzzy term, wildcard or range stands for (capped)."""
        out: list[bytes] = []
        for btext in q._btexts(self.reader):
            if btext:
                out.append(btext)
                if len(out) >= MAX_EXPANSIONS:
                    break
        return out

    def multiterm(self, q: Any) -> _Hits:
        """A prefix, fuzzy term, wildcard or range: the sum of its words' scores, as Whoosh's
        `Or` of the expanded terms gives."""
        fieldname = q.field()
        hits = self.empty()
        if fieldname not in self.schema:
            return hits
        parts = [self.scored(fieldname, word, q.boost) for word in self.expansions(q)]
        parts = [part for part in parts if len(part[0])]
        if parts:
            ids = np.concatenate([p[0] for p in parts])
            scores = np.concatenate([p[1] for p in parts])
            hits.mask[ids] = True
            hits.scores = np.bincount(ids, weights=scores, minlength=self.facts.size)
        return hits

    def phrase(self, q: Any) -> _Hits:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return self.empty()
        fieldtype = self.schema[fieldname]
        if not fieldtype.format.supports("positions"):
            raise Unsupported("phrase on a field without positions")
        words = [fieldtype.to_bytes(w) if isinstance(w, str) else w for w in q.words]
        if not words:
            return self.empty()
        fast = q.slop <= 1 and _packed_format(fieldtype.format)
        mask = np.ones(self.facts.size, dtype=bool)
        scores = np.zeros(self.facts.size, dtype=np.float64)
        postings: list[tuple[np.ndarray, Any]] = []
        for word in words:
            kept = self.term_positions(fieldname, word) if fast else None
            values: Any = []
            ids, part = self.scored(fieldname, word, q.boost, values if fast and not kept else None)
            if kept is not None:
                values = kept
            present = np.zeros(self.facts.size, dtype=bool)
            present[ids] = True
            mask &= present
            scores[ids] += part
            postings.append((ids, values))
        if self.facts.alive is not None:
            mask &= self.facts.alive
        candidates = np.flatnonzero(mask)
        if len(candidates):
            if fast:
                keep = _adjacent(candidates, postings, fieldtype.format)
            else:
                keep = _phrase_matches(self.facts, fieldname, fieldtype, words, candidates, q.slop)
            mask[:] = False
            mask[candidates[keep]] = True
        return _Hits(mask, scores * mask)

    def evaluate(self, q: Any) -> _Hits:
        from whoosh import query

        kind = type(q)
        if kind is query.Term:
            return self.term(q.fieldname, q.text, q.boost)
        if q is query.NullQuery:
            return self.empty()
        if kind is query.Every:
            hits = self.empty()
            hits.mask[:] = True
            hits.scores[:] = q.boost
            return hits
        if kind is query.Phrase:
            return self.phrase(q)
        if isinstance(q, query.MultiTerm):
            return self.multiterm(q)
        if kind is query.Or:
            if getattr(q, "minmatch", 0) or getattr(q, "scale", None):
                raise Unsupported("Or with minmatch or scale")
            hits = self.empty()
            for sub in q.subqueries:
                part = self.evaluate(sub)
                hits.mask |= part.mask
                hits.scores += part.scores
            if q.boost != 1:
                hits.scores *= q.boost
            return hits
        if kind is query.And:
            positives = [s for s in q.subqueries if type(s) is not query.Not]
            negatives = [s for s in q.subqueries if type(s) is query.Not]
            if not positives:
                raise Unsupported("And of NOTs only")
            hits = self.evaluate(positives[0])
            for sub in positives[1:]:
                part = self.evaluate(sub)
                hits.mask &= part.mask
                hits.scores += part.scores
            for sub in negatives:
                hits.mask &= ~self.evaluate(sub.query).mask
                hits.scores += sub.boost  # Whoosh scores a NOT's match as its boost
            hits.scores *= hits.mask * q.boost
            return hits
        if kind is query.AndNot:
            hits = self.evaluate(q.a)
            hits.mask &= ~self.evaluate(q.b).mask
            hits.scores *= hits.mask
            return hits
        if kind is query.AndMaybe:
            hits = self.evaluate(q.a)
            hits.scores += self.evaluate(q.b).scores * hits.mask
            return hits
        if kind is query.Require:
            hits = self.evaluate(q.a)
            hits.mask &= self.evaluate(q.b).mask
            hits.scores *= hits.mask
            return hits
        raise Unsupported(kind.__name__)


def _phrase_matches(
    facts: Library,
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
    return bool(_phrase_matches(_library(reader), q.fieldname, fieldtype, words, wanted, q.slop)[0])


def _positions(segment: Any, fieldname: str, btext: bytes, wanted: np.ndarray, decode: Any) -> Any:
    """{local docnum: positions of the term} for the `wanted` documents of one segment."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    out: dict[int, list[int]] = {}
    try:
        matcher = _raw_postings(segment, fieldname, btext)
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


def _packed_format(fmt: Any) -> bool:
    """True for the posting formats whose values `postings.unpickle_values` reads in one call."""
    from whoosh import formats

    return type(fmt) in (formats.Positions, formats.Characters)


def _adjacent(
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


def rank(searcher: Any, q: Any, limit: int) -> Ranked:
    """The `limit` best documents for the parsed query `q`, scored as Whoosh's BM25F does, with
    the exact number of matches. Raises Unsupported for query kinds it does not evaluate."""
    evaluator = _Evaluator(searcher)
    hits = evaluator.evaluate(q)
    mask = hits.mask
    if evaluator.facts.alive is not None:
        mask &= evaluator.facts.alive
    matched = np.flatnonzero(mask)
    total = len(matched)
    if not total or limit <= 0:
        return Ranked([], [], total, evaluator.body_terms)
    scores = hits.scores[matched]
    if total > limit:
        # Everything scoring at least the limit-th best, then best first, ties by docnum (as
        # Whoosh orders them); partitioning keeps this linear for very common words.
        threshold = -np.partition(-scores, limit - 1)[limit - 1]
        keep = scores >= threshold
        matched, scores = matched[keep], scores[keep]
    order = np.argsort(-scores, kind="stable")[:limit]
    return Ranked(matched[order].tolist(), scores[order].tolist(), total, evaluator.body_terms)
