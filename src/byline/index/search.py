"""Searching the documents index: Whoosh query syntax, plain snippets with offsets, "did you mean".

The query language is Whoosh's: words (all required), `OR`, `NOT`, `"phrases"`, `prefix*` (two
letters at least: `a*` is the word "a"), `fuzzy~` (one edit, a swap counts as one; `fuzzy~2` for
two), `field:value` (title, body, people, orgs, places, speakers, source, format, date).
`date:2024`, `date:2024-03` and `date:2024-03-05` find the documents of that year, month or day
(dates are stored as ISO 8601, sometimes with a time); `date:[2024-01 TO 2024-06]` is a range.

Whoosh parses; `ranking` scores and counts (whole posting lists at once, Whoosh's BM25F, the exact
number of matches), falling back to Whoosh's own search for query kinds it does not evaluate.
Snippets are made for the hits shown only, from the head of the stored cleaned text: the query's
words as written are found by one regular expression (`snippets`), and Whoosh's fragmenter picks
the best fragment, with a formatter that returns plain text and the offsets of the matches
instead of markup.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from typing import Any

from byline.index.schema import FIELD_BOOSTS, SEARCH_FIELDS
from byline.models import Hit

HIGHLIGHT_CHARLIMIT = 400_000
"""Only this much of a document's text is scanned for a snippet, so a huge document stays fast."""

ELLIPSIS = "…"

MIN_PREFIX = 2
"""`x*` needs this many letters before the star to expand; a shorter one is the word itself."""

_parsers: dict[int, Any] = {}


def fuzzy_plugin() -> Any:
    """The FuzzyTermPlugin Byline uses: `word~` is one edit (a swap of two letters counts as one),
    `word~2` two, `word~2/1` two keeping the first letter; near words are looked up in the
    vocabulary as written (see `NearTerm`)."""
    from whoosh import qparser, query

    from byline.index.names import fold
    from byline.index.schema import WORDS_FIELD
    from byline.index.vocabulary import near

    class NearTerm(query.FuzzyTerm):
        """A fuzzy term whose near words come from `vocabulary.near`.

        On the stemmed title and body, near words are looked up among the words as written
        (Whoosh would compare "turbnes", stemmed to "turbn", with stems such as "turbin"), and
        their stems are searched.
        """

        def _btexts(self, ixreader: Any) -> Any:
            field = ixreader.schema[self.fieldname]
            stemmed = field.analyzer.has_morph() and WORDS_FIELD in ixreader.schema.names()
            source = WORDS_FIELD if stemmed else self.fieldname
            seen: set[bytes] = set()
            candidates = [
                self.text,
                *(w for w, _ in near(ixreader, source, self.text, self.maxdist, self.prefixlength)),
            ]
            for word in candidates:
                for term in field.process_text(word, mode="query") if stemmed else [word]:
                    text = field.to_bytes(term)
                    if text not in seen:
                        seen.add(text)
                        yield text

    class Node(qparser.FuzzyTermPlugin.FuzzyTermNode):
        def query(self, parser: Any) -> Any:
            return NearTerm(
                self.fieldname,
                fold(self.text),
                boost=self.boost,
                maxdist=self.maxdist,
                prefixlength=self.prefixlength,
            )

    class Fuzzy(qparser.FuzzyTermPlugin):
        """Whoosh's fuzzy syntax, with `NearTerm` behind it."""

        FuzzyTermNode = Node

    return Fuzzy()


def prefix_plugin() -> Any:
    """`word*` on the stemmed title and body: the words as written that start with `word` (from
    the unstemmed vocabulary), searched by their stems. Whoosh would stem the prefix itself, so
    "governme*" (stem "governm") missed "government" (stem "govern") and "election*" (stem
    "elect") also found "electricity". Other fields keep Whoosh's prefix. Prefixes shorter than
    MIN_PREFIX are searched as the word itself. Prefix queries score every match alike (Whoosh's
    `constantscore`, on by default)."""
    from whoosh import qparser, query
    from whoosh.qparser import syntax

    from byline.index.names import fold
    from byline.index.schema import WORDS_FIELD
    from byline.index.vocabulary import words_starting

    class WordPrefix(query.Prefix):
        """A prefix expanded among the words as written, then searched by their stems."""

        def _btexts(self, ixreader: Any) -> Any:
            field = ixreader.schema[self.fieldname]
            seen: set[bytes] = set()
            for word in words_starting(ixreader, WORDS_FIELD, self.text):
                for term in field.process_text(word, mode="query"):
                    text = field.to_bytes(term)
                    if text not in seen and (self.fieldname, text) in ixreader:
                        seen.add(text)
                        yield text

    class Node(qparser.PrefixPlugin.PrefixNode):
        def query(self, parser: Any) -> Any:
            fieldname = self.fieldname or parser.fieldname
            if len(fold(self.text)) < MIN_PREFIX:
                # "a*" would expand to thousands of words in every field (seconds): the word.
                return parser.term_query(fieldname, self.text, query.Term, boost=self.boost)
            schema = parser.schema
            field = schema[fieldname] if schema and fieldname in schema else None
            analyzer = getattr(field, "analyzer", None)
            if analyzer is None or not analyzer.has_morph() or WORDS_FIELD not in schema:
                return super().query(parser)
            return WordPrefix(fieldname, fold(self.text), boost=self.boost)

    class Prefixes(qparser.Plugin):
        """Turns the prefix nodes of Whoosh's WildcardPlugin into `Node`s (before the
        multifield plugin copies them per field)."""

        def filters(self, parser: Any) -> list[tuple[Any, int]]:
            return [(self.retype, 60)]

        def retype(self, parser: Any, group: Any) -> Any:
            for index, node in enumerate(group):
                if type(node) is qparser.PrefixPlugin.PrefixNode:
                    new = Node(node.text)
                    new.__dict__.update(node.__dict__)
                    group[index] = new
                elif isinstance(node, syntax.GroupNode):
                    self.retype(parser, node)
            return group

    return Prefixes()


def parser(schema: Any) -> Any:
    """The query parser for the docs schema (built once per schema object)."""
    cached = _parsers.get(id(schema))
    if cached is not None:
        return cached
    from whoosh import qparser

    made = qparser.MultifieldParser(
        list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup
    )
    made.add_plugin(fuzzy_plugin())
    made.add_plugin(prefix_plugin())
    _parsers[id(schema)] = made
    return made


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


def opening(text: str, length: int) -> str:
    """The start of a text, cut at a word boundary, as a snippet when no words matched in it."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + ELLIPSIS


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
    from byline.index.snippets import SCAN_LIMIT, Phrases, find_words, query_pattern
    from byline.index.vocabulary import searching

    q = dated(parser(searcher.schema).parse(query))
    with searching():
        docnums, scores, total, terms = _ranked(searcher, q, limit)
    formatter, fragmenter = _formatter_and_fragmenter(snippet_length)
    pattern = query_pattern(searcher.reader(), searcher.schema["body"], list(terms))
    phrases = Phrases(searcher.reader(), searcher.schema["body"], _body_phrases(searcher, q))
    hits: list[Hit] = []
    for docnum, score in zip(docnums, scores, strict=True):
        fields = searcher.stored_fields(docnum)
        text = text_of(fields["content_hash"], SCAN_LIMIT) or ""
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
            text = text_of(fields["content_hash"], HIGHLIGHT_CHARLIMIT) or ""
            words = find_words(pattern, text, HIGHLIGHT_CHARLIMIT)
            found = phrases.find(text) if words else []
        words = phrases.prefer(words, found)
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


_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def dated(q: Any) -> Any:
    """`q` with each `date:` term that is a year, a month or a day (2024, 2024-03, 2024-03-05)
    made a prefix of the stored ISO dates, which may be full timestamps
    ("2024-03-05T10:00:00+00:00"). Other date terms, and ranges (`date:[2024 TO 2025]`), stay."""
    from whoosh import query

    def visit(node: Any) -> Any:
        if (
            type(node) is query.Term
            and node.fieldname == "date"
            and isinstance(node.text, str)
            and _DATE_PREFIX.fullmatch(node.text)
        ):
            return query.Prefix("date", node.text, boost=node.boost)
        return node

    return q.accept(visit)


_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_][\w'-]*)(?![\w:*~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


NAME_FIELDS = ("people", "orgs", "places", "speakers")
"""Fields of names a "did you mean" corrects (`people:boatng` -> `people:boateng`)."""

_NAMED = re.compile(
    rf"(?<![\w:])({'|'.join(NAME_FIELDS)}):(?:\"([^\"]+)\"|([^\W\d_][\w'-]*+))(?![\w*~:'-])"
)


def suggest(searcher: Any, query: str) -> str | None:
    """A "did you mean" query: each plain word that is in no title or body is replaced by the
    likeliest word that is (within two edits), and each name asked of a field of names
    (`people:`, `orgs:`, `places:`, `speakers:`) that no document holds by the likeliest name or
    word of a name that one does. None when nothing changes."""
    from whoosh.analysis import STOP_WORDS

    from byline.index.names import fold
    from byline.index.schema import WORDS_FIELD
    from byline.index.vocabulary import best

    reader = searcher.reader()
    changed = False

    def fix_name(match: re.Match[str]) -> str:
        nonlocal changed
        field, quoted, word = match.groups()
        key = fold(quoted if quoted is not None else word)
        if len(key) < 3 or (field, key) in reader:
            return match.group()
        found = best(reader, field, key)
        if found is None:
            return match.group()
        changed = True
        return f'{field}:"{found}"' if quoted is not None or " " in found else f"{field}:{found}"

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(1)
        key = fold(word)
        if word in _OPERATORS or len(key) < 3 or key in STOP_WORDS:
            return word
        if (WORDS_FIELD, key) in reader:
            return word
        found = best(reader, WORDS_FIELD, key)
        if found is None or found in STOP_WORDS:
            return word
        changed = True
        return found

    # The words outside the names asked of a field are corrected as words; the names as names.
    pieces: list[str] = []
    done = 0
    for match in _NAMED.finditer(query):
        pieces += [_WORD.sub(fix, query[done : match.start()]), fix_name(match)]
        done = match.end()
    fixed = "".join([*pieces, _WORD.sub(fix, query[done:])])
    return fixed if changed and fixed != query else None
