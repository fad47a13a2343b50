"""Searching the documents index: ranked hits with plain snippets and their offsets.

The query is parsed by `query_syntax` (Whoosh's syntax); `ranking` scores and counts (whole
posting lists at once, Whoosh's BM25F, the exact number of matches), falling back to Whoosh's
own search for query kinds it does not evaluate. Snippets are made for the hits shown only, from
the head of the stored cleaned text: the query's words as written are found by one regular
expression (`snippets`), and Whoosh's fragmenter picks the best fragment, with a formatter that
returns plain text and the offsets of the matches instead of markup. "Did you mean" is
`vocabulary.suggest`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from typing import Any

from byline.models import Hit

HIGHLIGHT_CHARLIMIT = 400_000
"""Only this much of a document's text is scanned for a snippet, so a huge document stays fast."""

ELLIPSIS = "…"


def _formatter_and_fragmenter(snippet_length: int) -> tuple[Any, Any]:
    """A whoosh Formatter that returns (plain text, highlight spans) and a ContextFragmenter that
    notes the first matched token's offset in the whole text (new ones per search: the
    fragmenter keeps state)."""
    formatter, fragmenter = _highlight_classes()
    surround = max(20, snippet_length // 3)
    return formatter(), fragmenter(
        maxchars=snippet_length, surround=surround, autotrim=True, charlimit=HIGHLIGHT_CHARLIMIT
    )


@cache
def _highlight_classes() -> tuple[type, type]:
    """The formatter and fragmenter classes (made once: building classes costs ~2 ms)."""
    from whoosh import highlight

    class PlainSpans(highlight.Formatter):
        """Formats fragments as plain text plus the spans of the matched terms in it."""

        def format(self, fragments: list[Any], replace: bool = False) -> Any:
            pieces: list[str] = []
            spans: list[tuple[int, int]] = []
            length = 0
            for number, fragment in enumerate(fragments):
                text = fragment.text
                lead = ELLIPSIS if fragment.startchar > 0 else ""
                if number:
                    lead = " " + ELLIPSIS + " "
                trail = ELLIPSIS if fragment.endchar < len(text) else ""
                body, where = _flatten(text, fragment.startchar, fragment.endchar)
                base = length + len(lead)
                last = -1
                for token in sorted(fragment.matches, key=lambda t: t.startchar):
                    if token.startchar is None or token.startchar < last:
                        continue
                    start, end = where(token.startchar), where(token.endchar)
                    if end > start:
                        spans.append((base + start, base + end))
                    last = token.endchar
                piece = lead + body
                if number == len(fragments) - 1:
                    piece += trail
                pieces.append(piece)
                length += len(piece)
            return "".join(pieces), tuple(spans)

        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return str(text[token.startchar : token.endchar])

    class FirstMatch(highlight.PinpointFragmenter):
        """A PinpointFragmenter (fragments from the match offsets stored in the index, no
        re-tokenizing) that remembers where the first match in the text is."""

        first: int | None = None

        def fragment_matches(self, text: str, tokens: list[Any]) -> Any:
            self.first = tokens[0].startchar if tokens else None
            return super().fragment_matches(text, tokens)

    return PlainSpans, FirstMatch


_SPACES = re.compile(r"\s+")


def _flatten(text: str, start: int, end: int) -> tuple[str, Callable[[int], int]]:
    """`text[start:end]` with each run of whitespace made one space, and a function mapping an
    offset in `text` to the matching offset in the result (so highlight spans stay exact)."""
    piece = text[start:end]
    runs = [(m.start(), m.end()) for m in _SPACES.finditer(piece)]
    starts = [run[0] for run in runs]
    removed = [0]  # characters dropped before each run
    for run_start, run_end in runs:
        removed.append(removed[-1] + run_end - run_start - 1)

    def where(offset: int) -> int:
        at = min(max(offset - start, 0), len(piece))
        index = bisect_right(starts, at) - 1
        if index < 0:
            return at
        run_start, run_end = runs[index]
        if at >= run_end:
            return at - removed[index + 1]
        return run_start - removed[index] + (1 if at > run_start else 0)

    return _SPACES.sub(" ", piece), where


def _untitled(text: str, title: str) -> str:
    """`text` with the headline it opens with blanked out (offsets unchanged): the results list
    shows the title above the snippet, which should not run on from it."""
    if title and text.startswith(title) and len(text) > len(title):
        return " " * len(title) + text[len(title) :]
    return text


def opening(text: str, length: int) -> str:
    """The start of a text, cut at a word boundary, as a snippet when no words matched in it."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + ELLIPSIS


def _name_words(q: Any) -> list[str]:
    """The words of a query's names (`people:`, `orgs:`, `places:`, `speakers:` terms), for a
    snippet where the document names them when no body word matched."""
    from byline.index.schema import NAME_FIELDS

    words: list[str] = []
    for leaf in q.leaves():
        text = getattr(leaf, "text", None)
        if leaf.field() in NAME_FIELDS and isinstance(text, str):
            words += [word for word in re.findall(r"\w+", text) if len(word) > 1]
    return words


def _body_terms(searcher: Any, q: Any) -> dict[bytes, Any]:
    """The body terms of a query (prefixes and fuzzy terms expanded), for snippets when the
    query ran through Whoosh's own search; each maps to None (its documents not known)."""
    field = searcher.schema["body"]
    reader = searcher.reader()
    # Not q.existing_terms(): in whoosh 2.7.5 its loop overwrites its `fieldname` argument, so
    # it drops the terms of every field after the first.
    terms: dict[bytes, Any] = {}
    for leaf in q.leaves():
        if leaf.field() != "body":
            continue
        for name, text in leaf.expanded_terms(reader, phrases=True):
            btext = field.to_bytes(text) if isinstance(text, str) else text
            if name == "body" and (name, btext) in reader:
                terms[btext] = None
    return terms


def _body_phrase_leaves(q: Any) -> list[Any]:
    """The phrases of a query asked of the body."""
    from whoosh.query import Phrase

    return [leaf for leaf in q.leaves() if isinstance(leaf, Phrase) and leaf.fieldname == "body"]


def _body_phrases(searcher: Any, q: Any) -> list[list[bytes]]:
    """The words of each phrase of a query in the body, as the index holds them."""
    field = searcher.schema["body"]
    return [[field.to_bytes(word) for word in leaf.words] for leaf in _body_phrase_leaves(q)]


def _phrase_in_body(searcher: Any, q: Any, docnum: int) -> bool:
    """Whether one of the body phrases of `q` stands in document `docnum`'s body (a hit may
    match its phrase in the title only), from that document's positions of the phrase's words:
    Whoosh's phrase matcher would scan every document holding the words up to this one (300 ms
    a hit on a merged library of 20,000, against a fraction of a millisecond)."""
    from byline.index.phrases import phrase_in

    return any(phrase_in(searcher.reader(), leaf, docnum) for leaf in _body_phrase_leaves(q))


def _highlight(text: str, tokens: list[Any], formatter: Any, fragmenter: Any) -> Any:
    """The best fragment of `text` around `tokens`, formatted (as Whoosh's pinpoint highlighting
    does with matched terms; the longest token wins where several start at one place)."""
    from itertools import groupby

    from whoosh.highlight import FIRST, BasicFragmentScorer, top_fragments

    tokens = sorted(tokens, key=lambda t: t.startchar)
    tokens = [
        max(group, key=lambda t: t.endchar - t.startchar)
        for _, group in groupby(tokens, lambda t: t.startchar)
    ]
    fragments = fragmenter.fragment_matches(text, tokens)
    fragments = top_fragments(fragments, 1, BasicFragmentScorer(), FIRST, minscore=1)
    return formatter.format(fragments)


def _ranked(searcher: Any, q: Any, limit: int) -> tuple[list[int], list[float], int, dict]:
    """The top `limit` docnums of `q` with their scores, the exact total, and the body terms met
    (see `_body_matches`): through `ranking` (whole posting lists at once), or through Whoosh's
    own search for the query kinds `ranking` does not evaluate."""
    from byline.index.ranking import Unsupported, rank

    try:
        ranked = rank(searcher, q, limit)
        return ranked.docnums, ranked.scores, ranked.total, dict(ranked.body_terms)
    except Unsupported:
        pass
    results = searcher.search(q, limit=limit)
    docnums = [hit.docnum for hit in results]
    scores = [float(hit.score or 0.0) for hit in results]
    # len(results) counts every match again, unscored (the top collector skips some).
    total = len(docnums) if len(docnums) < limit else len(results)
    return docnums, scores, total, _body_terms(searcher, q)


def count_matches(searcher: Any, query: str) -> int:
    """How many documents `query` matches (no hits read, no snippets)."""
    from byline.index.query_syntax import parse
    from byline.index.vocabulary import searching

    with searching():
        return _ranked(searcher, parse(searcher.schema, query), 1)[2]


def search_docs(
    searcher: Any,
    query: str,
    limit: int,
    snippet_length: int,
    text_of: Callable[[str, int], str | None],
) -> tuple[list[Hit], int]:
    """Run a query; the `limit` best hits with snippets and the exact number of matching
    documents. `text_of(content_hash, n)` gives the first n characters of a document's text;
    only the hits shown are read, and only as far as snippets look (HIGHLIGHT_CHARLIMIT)."""
    from byline.index.query_syntax import parse
    from byline.index.snippets import (
        SCAN_LIMIT,
        Phrases,
        find_words,
        query_pattern,
        words_pattern,
    )
    from byline.index.vocabulary import searching

    q = parse(searcher.schema, query)
    with searching():
        docnums, scores, total, terms = _ranked(searcher, q, limit)
    formatter, fragmenter = _formatter_and_fragmenter(snippet_length)
    pattern = query_pattern(searcher.reader(), searcher.schema["body"], list(terms))
    phrases = Phrases(searcher.reader(), searcher.schema["body"], _body_phrases(searcher, q))
    names = words_pattern(_name_words(q))
    hits: list[Hit] = []
    for docnum, score in zip(docnums, scores, strict=True):
        fields = searcher.stored_fields(docnum)
        title = fields.get("title") or ""
        text = _untitled(text_of(fields["content_hash"], SCAN_LIMIT) or "", title)
        snippet, spans, offset = "", (), None
        words = find_words(pattern, text) if text and pattern else []
        found = phrases.find(text) if words else []
        phrase_further = phrases.pattern is not None and not found
        if (
            len(text) == SCAN_LIMIT
            and pattern
            and (not words or (phrase_further and _phrase_in_body(searcher, q, docnum)))
        ):
            # The matches, or the phrase, are further in: the text as far as snippets look.
            text = _untitled(text_of(fields["content_hash"], HIGHLIGHT_CHARLIMIT) or "", title)
            words = find_words(pattern, text, HIGHLIGHT_CHARLIMIT)
            found = phrases.find(text) if words else []
        words = phrases.prefer(words, found)
        if not words and names is not None and text:
            # No body words (`people:"ibrahima diallo"`): the name's words where they first are.
            words = find_words(names, text)
        if words:
            found = _highlight(text, words, formatter, fragmenter)
            if isinstance(found, tuple) and found[0]:
                snippet, spans = found
                offset = fragmenter.first
        if not snippet:
            snippet = opening(text, snippet_length)
        hits.append(
            Hit(
                path=fields["path"],
                title=fields.get("title") or fields["path"],
                score=score,
                snippet=snippet,
                highlights=spans,
                source=fields.get("source") or None,
                date=fields.get("date") or None,
                offset=offset,
            )
        )
    return hits, total
