"""Ranking a parsed query over whole posting lists at once, with numpy, instead of Whoosh's
document-at-a-time matchers.

Whoosh evaluates a query one document at a time through a tree of Python matcher objects: for a
common word that is several method calls per matching document in each of five fields, and a
second pass to count the matches exactly. Here each term's posting list is read a block at a time
(Whoosh's own codec decodes the block: ids and term frequencies as arrays) into numpy arrays over
the whole library; `Or` adds scores, `And` intersects, `NOT` subtracts, each once per query
instead of once per document. Scores are Whoosh's BM25F, computed the same way (so the order is
Whoosh's), and the count is exact. Phrases are verified from the stored positions of the
documents that hold every word (`phrases`). What is read of each segment, the postings and the
documents' lengths, is in `leaves`.

Query kinds this does not know (Whoosh's span and wrapping queries, `Or` with a minimum match)
raise `Unsupported`, and the caller runs Whoosh's own search instead.

This reaches into Whoosh's segment readers and its block postings format (`W3LeafMatcher`): it is
written against whoosh-reloaded 2.7.5, which the project pins, and any other matcher is read
through the public matcher interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log
from typing import Any

import numpy as np
from whoosh.reading import TermNotFound

from byline.index import docnum_files, docnums, leaves, phrases
from byline.index.postings import read_postings

MAX_EXPANSIONS = 1000
"""A prefix, fuzzy term or range looks at this many words at most (the most frequent ones in
the library first would need the whole lexicon; the first in alphabetical order are taken)."""


class Unsupported(Exception):
    """The query holds a kind of node this module does not evaluate."""


@dataclass(slots=True)
class Ranked:
    """A query's top documents (global docnums, best first), their scores, the exact count, and
    for each body term met, the documents holding it (for snippets)."""

    docnums: list[int]
    scores: list[float]
    total: int
    body_terms: dict[bytes, np.ndarray]


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
        self.facts = leaves.facts_of(self.reader)
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
                local, tf = leaves.postings(segment, fieldname, btext, values)
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
        lengths = leaves.lengths(self.facts, fieldname)[ids]
        return ids, boost * idf * (tfs * (k1 + 1)) / (tfs + k1 * ((1 - b) + b * lengths / avgfl))

    def term_positions(self, fieldname: str, btext: bytes) -> docnums.Positions | None:
        """A term's positions across the segments (in `term_ids`'s order): from the segments'
        docnums files, or decoded from Whoosh's blocks for a list a file does not keep (a short
        one, a segment of an older Byline); None when the values are not plain positions."""
        counts: list[np.ndarray] = []
        flats: list[np.ndarray] = []
        for segment, _ in self.facts.segments:
            kept = docnum_files.for_reader(segment)
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
        fast = q.slop <= 1 and phrases.packed_format(fieldtype.format)
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
                keep = phrases.adjacent(candidates, postings, fieldtype.format)
            else:
                keep = phrases.matches(self.facts, fieldname, fieldtype, words, candidates, q.slop)
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
