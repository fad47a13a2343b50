"""The query language: Whoosh's syntax, with Byline's fuzzy and prefix terms and dates.

Words (all required), `OR`, `NOT`, `"phrases"`, `prefix*` (two letters at least: `a*` is the
word "a"), `fuzzy~` (one edit, a swap counts as one; `fuzzy~2` for two, the most),
`field:value` (title, body, people, orgs, places, speakers, source, format, date).
`date:2024`, `date:2024-03` and `date:2024-03-05` find the documents of that year, month or day
(dates are stored as ISO 8601, sometimes with a time); `date:[2024-01 TO 2024-06]` is a range.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from byline.index.schema import FIELD_BOOSTS, SEARCH_FIELDS

MIN_PREFIX = 2
"""`x*` needs this many letters before the star to expand; a shorter one is the word itself."""

MAX_EDITS = 2
"""`word~3` and beyond are `word~2`: three edits from "blair" is every word of five letters or
fewer, and the query matched the whole library."""

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
                maxdist=min(self.maxdist, MAX_EDITS),
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
    made.add_plugin(empty_fields_plugin())
    made.add_plugin(stop_words_plugin())
    _parsers[id(schema)] = made
    return made


def empty_fields_plugin() -> Any:
    """Applies a `field:` to the value after a space (`people: blair` is `people:blair`; Whoosh
    searched for the words "people" and "blair"), and drops one that no value follows (at the
    end of the query or before another field): Whoosh made it the word itself, so `people:`
    searched for the word "people" (798 BBC articles) and `blair date:` for "blair" and "date"
    (matching "dating"). `people: NOT blair` is `NOT people:blair`."""
    from whoosh import qparser
    from whoosh.qparser import syntax

    class EmptyFields(qparser.Plugin):
        def filters(self, parser: Any) -> list[tuple[Any, int]]:
            return [(self.drop, 99)]  # before Whoosh's FieldsPlugin applies the names (100)

        def drop(self, parser: Any, group: Any) -> Any:
            schema = parser.schema
            kept = group.empty_copy()
            nodes = list(group)
            index = 0
            while index < len(nodes):
                node = nodes[index]
                index += 1
                if isinstance(node, syntax.GroupNode):
                    node = self.drop(parser, node)
                elif isinstance(node, syntax.FieldnameNode) and node.fieldname.lower() in schema:
                    node.fieldname = node.fieldname.lower()  # `People:blair`, `PEOPLE: blair`
                    index = _after_spaces(nodes, index)  # `people: blair` is `people:blair`
                    if index < len(nodes) and isinstance(nodes[index], syntax.PrefixOperator):
                        kept.append(nodes[index])  # `people: NOT blair` is `NOT people:blair`
                        index = _after_spaces(nodes, index + 1)
                    if index == len(nodes) or isinstance(
                        nodes[index], syntax.FieldnameNode | syntax.Operator
                    ):
                        continue  # `people:` alone, `people: OR blair`: no value for it
                kept.append(node)
            return kept

    def _after_spaces(nodes: list[Any], index: int) -> int:
        while index < len(nodes) and nodes[index].is_ws():
            index += 1
        return index

    return EmptyFields()


OPERATORS = frozenset(("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"))
"""The query language's operator words."""


def stop_words_plugin() -> Any:
    """Drops the bare words the body's analyzer drops ("the", "of", "in"), and an operator with
    nothing on one side ("blair OR"): the bodies hold no such words, so each became a word
    required of a name field, and "the prime minister" found 14 BBC articles where "prime
    minister" finds 169, "chancellor of the exchequer" none. A word in capitals ("US", "IT")
    stays, as a name, unless the whole query is in capitals ("THE PRIME MINISTER"). A query with
    nothing else to search for keeps them ("the"), and so does a word given a field."""
    from whoosh import qparser
    from whoosh.qparser import syntax

    class StopWords(qparser.Plugin):
        def filters(self, parser: Any) -> list[tuple[Any, int]]:
            return [(self.top, 105)]  # after the fields are applied (100), before copying (110)

        def top(self, parser: Any, group: Any) -> Any:
            kept = self.drop(group, shouting(_words(group)))
            return kept if _searchable(kept) else group

        def drop(self, group: Any, loud: bool) -> Any:
            kept = group.empty_copy()
            for node in group:
                if isinstance(node, syntax.GroupNode):
                    node = self.drop(node, loud)
                elif _stopped(node, loud):
                    _drop_operator_before(kept)
                    continue
                kept.append(node)
            return kept

    def _words(group: Any) -> list[str]:
        words: list[str] = []
        for node in group:
            if isinstance(node, syntax.GroupNode):
                words += _words(node)
            elif type(node) is syntax.WordNode:
                words.append(node.text)
        return words

    def _searchable(group: Any) -> bool:
        """Whether anything is left to search for: a word, a phrase, a prefix, a range..."""
        return any(
            _searchable(node)
            if isinstance(node, syntax.GroupNode)
            else not node.is_ws() and not isinstance(node, syntax.Operator)
            for node in group
        )

    def _drop_operator_before(kept: Any) -> None:
        """With "the" of "NOT the" gone, the NOT goes too: else it takes the next word."""
        i = len(kept) - 1
        while i >= 0 and kept[i].is_ws():
            i -= 1
        if i >= 0 and isinstance(kept[i], syntax.PrefixOperator):
            del kept[i:]

    def _stopped(node: Any, loud: bool) -> bool:
        if type(node) is not syntax.WordNode or node.fieldname is not None:
            return False
        # an operator Whoosh found nothing to join it to, or a stop word
        return node.text in OPERATORS or stop_word(node.text, loud)

    return StopWords()


def shouting(words: list[str]) -> bool:
    """Whether a query's `words` are all in capitals (a pasted headline): then a word in
    capitals is no name ("THE PRIME MINISTER")."""
    return all(w.isupper() for w in words if w not in OPERATORS and any(map(str.isalpha, w)))


def stop_word(word: str, loud: bool) -> bool:
    """Whether a bare query word is one the bodies' analyzer drops ("the", "of", "a"), so the
    search leaves it out; a word in capitals is a name ("US", "IT") unless the whole query is
    `loud` (`shouting`). The reader's highlighting asks the same (`tui.finding.query_terms`)."""
    if word.isupper() and len(word) > 1 and not loud:
        return False
    return not any(True for _ in _body_analyzer()(word, mode="query"))


@cache
def _body_analyzer() -> Any:
    from byline.index.schema import text_analyzer

    return text_analyzer()


def closed(query: str) -> str:
    """`query` with a quotation mark left open closed at the end: `people:"petra` is being
    typed as `people:"petra marsh"`, and Whoosh had made the open mark part of the word (nothing
    matched, and nothing was corrected, until the closing mark came)."""
    return query + '"' if query.count('"') % 2 else query


def parse(schema: Any, query: str) -> Any:
    """`query` (`closed`) parsed for the docs schema, its dates made prefixes (`dated`). Where
    Whoosh's parser fails on its operators (`blair NOT NOT brown`, `NOT AND x` raise IndexError
    inside it), they are read as words, which the stop words' plugin then drops."""
    query = closed(query)
    try:
        return dated(parser(schema).parse(query))
    except IndexError:
        return dated(parser(schema).parse(_OPERATOR_WORDS.sub(lambda m: m[0].lower(), query)))


_OPERATOR_WORDS = re.compile(rf"\b(?:{'|'.join(OPERATORS)})\b")


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
