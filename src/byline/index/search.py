"""Searching the documents index: Whoosh query syntax, plain snippets with offsets, "did you mean".

The query language is Whoosh's: words (all required), `OR`, `NOT`, `"phrases"`, `prefix*`,
`fuzzy~` (`fuzzy~2` for two edits), `field:value` (title, body, people, orgs, places, speakers,
source, format, date). Snippets come from the stored cleaned text through Whoosh's highlighter with
a formatter that returns plain text and the offsets of the matches instead of markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from byline.index.schema import FIELD_BOOSTS, SEARCH_FIELDS
from byline.models import Hit

HIGHLIGHT_CHARLIMIT = 400_000
"""Only this much of a document's text is scanned for a snippet, so a huge document stays fast."""

ELLIPSIS = "…"

_parsers: dict[int, Any] = {}


def fuzzy_plugin() -> Any:
    """The FuzzyTermPlugin Byline uses (see `Fuzzy`)."""
    from whoosh import qparser, query

    from byline.index.names import fold

    class SpelledFuzzyTerm(query.FuzzyTerm):
        """A fuzzy term on a stemmed field, matched against the words as written.

        Whoosh's FuzzyTerm compares the stemmed query word with stems ("turbnes" becomes
        "turbn", far from "turbin"). This one looks for written words near the query word in the
        field's spelling twin, then searches the stems of those words.
        """

        def _btexts(self, ixreader: Any) -> Any:
            field = ixreader.schema[self.fieldname]
            spelling = field.spelling_fieldname(self.fieldname)
            seen: set[bytes] = set()
            near = ixreader.terms_within(spelling, self.text, self.maxdist, self.prefixlength)
            for word in near:
                for stem in field.process_text(word, mode="query"):
                    term = field.to_bytes(stem)
                    if term not in seen and (self.fieldname, term) in ixreader:
                        seen.add(term)
                        yield term

    class Node(qparser.FuzzyTermPlugin.FuzzyTermNode):
        def query(self, parser: Any) -> Any:
            names = parser.schema.names()  # a whoosh Schema has no .get()
            field = parser.schema[self.fieldname] if self.fieldname in names else None
            if field is not None and field.separate_spelling():
                return SpelledFuzzyTerm(
                    self.fieldname,
                    fold(self.text),
                    boost=self.boost,
                    maxdist=self.maxdist,
                    prefixlength=self.prefixlength,
                )
            return super().query(parser)

    class Fuzzy(qparser.FuzzyTermPlugin):
        """`word~` allows two edits, not Whoosh's one: Whoosh counts a swap of two letters
        (`wrod`) as two edits, and a swap is the commonest slip. On stemmed fields the edits are
        counted on the words as written (see `SpelledFuzzyTerm`)."""

        FuzzyTermNode = Node

        def create(self, parser: Any, match: Any) -> Any:
            node = super().create(parser, match)
            if not match.group("maxdist"):
                node.maxdist = 2
            return node

    return Fuzzy()


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
    _parsers[id(schema)] = made
    return made


def _formatter_and_fragmenter(snippet_length: int) -> tuple[Any, Any]:
    """A whoosh Formatter that returns (plain text, highlight spans) and a ContextFragmenter that
    notes the first matched token's offset in the whole text."""
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

    class FirstMatch(highlight.ContextFragmenter):
        """A ContextFragmenter that remembers where the first match in the text is."""

        first: int | None = None

        def fragment_tokens(self, text: str, tokens: Any) -> Any:
            self.first = None

            def watch(stream: Any) -> Any:
                for token in stream:
                    if token.matched and self.first is None:
                        self.first = token.startchar
                    yield token

            return super().fragment_tokens(text, watch(tokens))

    surround = max(20, snippet_length // 3)
    fragmenter = FirstMatch(
        maxchars=snippet_length, surround=surround, charlimit=HIGHLIGHT_CHARLIMIT
    )
    return PlainSpans(), fragmenter


def _flatten(text: str, start: int, end: int) -> tuple[str, Callable[[int], int]]:
    """`text[start:end]` with each run of whitespace made one space, and a function mapping an
    offset in `text` to the matching offset in the result (so highlight spans stay exact)."""
    out: list[str] = []
    position: list[int] = []
    for index in range(start, end):
        char = text[index]
        position.append(len(out))
        if char.isspace():
            if out and out[-1] == " ":
                continue
            char = " "
        out.append(char)
    position.append(len(out))

    def where(offset: int) -> int:
        return position[min(max(offset - start, 0), len(position) - 1)]

    return "".join(out), where


def opening(text: str, length: int) -> str:
    """The start of a text, cut at a word boundary, as a snippet when no words matched in it."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + ELLIPSIS


def search_docs(
    searcher: Any,
    query: str,
    limit: int,
    snippet_length: int,
    text_of: Callable[[str], str | None],
) -> tuple[list[Hit], int]:
    """Run a query; hits with snippets (text from `text_of(content_hash)`) and the total count."""
    q = parser(searcher.schema).parse(query)
    results = searcher.search(q, limit=limit, terms=True)
    formatter, fragmenter = _formatter_and_fragmenter(snippet_length)
    results.formatter = formatter
    results.fragmenter = fragmenter
    hits: list[Hit] = []
    for hit in results:
        fields = hit.fields()
        text = text_of(fields["content_hash"]) or ""
        snippet, spans, offset = "", (), None
        if text and "body" in {field for field, _ in hit.matched_terms()}:
            found = hit.highlights("body", text=text, top=1)
            if isinstance(found, tuple) and found[0]:
                snippet, spans = found
                offset = fragmenter.first
        if not snippet:
            snippet = opening(text, snippet_length)
        hits.append(
            Hit(
                path=fields["path"],
                title=fields.get("title") or fields["path"],
                score=float(hit.score or 0.0),
                snippet=snippet,
                highlights=spans,
                source=fields.get("source") or None,
                date=fields.get("date") or None,
                offset=offset,
            )
        )
    return hits, len(results)


_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_][\w'-]*)(?![\w:*~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def suggest(searcher: Any, query: str) -> str | None:
    """A "did you mean" query: each plain word that is in neither the body nor the titles is
    replaced by the closest word that is (edit distance ≤ 2). None when nothing changes."""
    from whoosh.analysis import STOP_WORDS

    reader = searcher.reader()
    correctors = [reader.corrector("body"), reader.corrector("title")]
    spelling = [searcher.schema[name].spelling_fieldname(name) for name in ("body", "title")]
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(1)
        if word in _OPERATORS:
            return word
        lower = word.lower()
        if len(lower) < 3 or lower in STOP_WORDS:
            return word
        if any((field, lower) in reader for field in spelling):
            return word
        for distance in (1, 2):  # Corrector.suggest does not rank by distance: ask nearest first
            for corrector in correctors:
                options = corrector.suggest(lower, limit=1, maxdist=distance)
                if options:
                    changed = True
                    return str(options[0])
        return word

    fixed = _WORD.sub(fix, query)
    return fixed if changed and fixed != query else None
