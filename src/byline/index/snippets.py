"""Finding a query's words in a document's text for its snippet, by pattern, not from postings.

The index keeps no character offsets (they made every posting three times larger), and
re-running the analyzer over the text costs a Python call per word. Instead, each stemmed term
of the query is turned into the words as written that stem to it (from the index's unstemmed
vocabulary, once per index generation), and one regular expression over the text finds them,
ignoring case and accents as the analyzer does ("jose" finds "José"). Word boundaries are the
tokenizer's, so "minister" is not found inside "ministers" unless "ministers" also stems to a
query term.
"""

from __future__ import annotations

import re
import threading
import weakref
from functools import cache
from itertools import islice
from typing import Any

_forms: weakref.WeakKeyDictionary[Any, dict[bytes, tuple[str, ...]]] = weakref.WeakKeyDictionary()
_guard = threading.Lock()

MAX_FORMS = 400
"""Written forms looked for at most per query (a short prefix may stand for thousands)."""


def written_forms(reader: Any, fieldtype: Any, btext: bytes) -> tuple[str, ...]:
    """The vocabulary words (folded, as written) that `fieldtype`'s analyzer turns into the term
    `btext`; cached for the reader's lifetime."""
    from byline.index.schema import WORDS_FIELD
    from byline.index.vocabulary import words_starting

    with _guard:
        known = _forms.get(reader, {}).get(btext)
    if known is not None:
        return known
    stem = fieldtype.from_bytes(btext)
    # Porter stemming rewrites at most the last two letters of what it keeps ("possibly" ->
    # "possibl", "happy" -> "happi"): the words as written start with the stem less those.
    head = stem[: len(stem) - 2] if len(stem) >= 5 else stem[: max(len(stem) - 1, 1)]
    found = []
    for word in words_starting(reader, WORDS_FIELD, head):
        if word == stem or any(
            fieldtype.to_bytes(t) == btext for t in fieldtype.process_text(word, mode="query")
        ):
            found.append(word)
    forms = tuple(found)
    with _guard:
        _forms.setdefault(reader, {})[btext] = forms
    return forms


@cache
def _letter_classes() -> dict[str, str]:
    """For each plain letter, a regex class of it and every accented letter folded to it."""
    from whoosh.support.charset import accent_map

    variants: dict[str, set[str]] = {}
    for code, plain in accent_map.items():
        if len(plain) == 1:
            variants.setdefault(plain, {plain}).add(chr(code))
    return {
        plain: "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
        for plain, chars in variants.items()
        if len(chars) > 1
    }


def _spelled(word: str) -> str:
    """A regex for a folded word matching it with any accents ("jose" -> "j[oóò…]s[eé…]")."""
    classes = _letter_classes()
    return "".join(classes.get(c) or re.escape(c) for c in word)


def words_pattern(forms: list[str]) -> re.Pattern[str] | None:
    """One regex finding any of `forms` as a whole token of the body's tokenizer
    (`[\\w*]+(\\.?[\\w*]+)*`), ignoring case and accents."""
    if not forms:
        return None
    return re.compile(
        rf"(?<![\w*])(?<![\w*]\.)(?:{_alternation(forms)})(?![\w*])(?!\.[\w*])", re.IGNORECASE
    )


LONG_FORM = 100
"""Forms longer than this are not put in the tree (see `_alternation`)."""


def _alternation(forms: list[str]) -> str:
    """The forms as one regex, factored into a tree of shared beginnings ("world|work|worker" ->
    "w[o…]r(?:ld|k(?:er)?)"): Python's engine tries each branch of a flat alternation at every
    position of the text, so a broad prefix's seventy words cost seventy tries per position;
    factored, a position that does not start one of them fails at its first letter. Where a
    form ends inside a longer one, the longer is tried first (the optional group is greedy)."""
    tree: dict[str, Any] = {}
    # A freak token (OCR runs, long numbers) goes flat: the tree is built by recursion.
    flat = sorted({_spelled(f) for f in forms if len(f) > LONG_FORM}, key=len, reverse=True)
    for form in {f for f in forms if len(f) <= LONG_FORM}:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here
    return "|".join([*flat, _branch(tree)] if tree else flat)


def _branch(node: dict[str, Any]) -> str:
    ends = "" in node
    options = [_spelled(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    return f"(?:{body})?" if ends else body  # ends: the longer forms first, then nothing


def query_pattern(reader: Any, fieldtype: Any, terms: list[bytes]) -> re.Pattern[str] | None:
    """The regex for the written forms of all of a query's body `terms` (capped at MAX_FORMS)."""
    forms: list[str] = []
    for btext in terms:
        forms.extend(written_forms(reader, fieldtype, btext))
        if len(forms) >= MAX_FORMS:
            break
    return words_pattern(forms[:MAX_FORMS])


SCAN_LIMIT = 50_000
"""Characters of a document searched by pattern for its snippet first (Python's regex engine
tries every position of an alternation: ~3 ms per 50,000 characters on an idle core); only a
document whose matches are further in is read and searched further."""

MAX_WORDS = 40
"""Matches collected at most: the snippet is the best fragment around the first ones."""


def find_words(
    pattern: re.Pattern[str], text: str, limit: int = SCAN_LIMIT, boost: float = 1.0
) -> list[Any]:
    """The first MAX_WORDS matches of `pattern` in the first `limit` characters of `text`, as
    whoosh Tokens."""
    from whoosh.highlight import Token

    return [
        Token(
            text=m.group().lower(), startchar=m.start(), endchar=m.end(), matched=True, boost=boost
        )
        for m in islice(pattern.finditer(text, 0, limit), MAX_WORDS)
    ]


PHRASE_BOOST = 10.0
"""A phrase found as written outweighs its words found apart when the snippet's passage is
chosen (Whoosh's scorer adds up the matches' boosts)."""


class Phrases:
    """A query's phrases as written in a text: "cruise ships" is found as "Cruise ships" or
    "cruise-ship", not where the two words stand apart."""

    def __init__(self, reader: Any, fieldtype: Any, phrases: list[list[bytes]]) -> None:
        """`phrases`: each phrase's terms as the index holds them (stemmed)."""
        from whoosh.analysis import STOP_WORDS

        # Between two words of a phrase only what the analyzer drops: separators, stop words
        # and one-letter tokens (it keeps no position for them). The one-letter stop word "a"
        # is left to the one-letter branch: a token two branches can match makes the engine
        # try every split of a run of them ("a a a ...") before it gives up. A lone dot between
        # two word characters is no separator: the analyzer reads "U.S." as one token.
        stops = "|".join(sorted(w for w in STOP_WORDS if len(w) > 1))
        separator = r"(?!\.[\w*])[^\w*]+"
        gap = rf"{separator}(?:(?:{stops}|[\w*]){separator})*"
        alternatives: list[str] = []
        self.forms: frozenset[str] = frozenset()
        for words in phrases:
            written = [written_forms(reader, fieldtype, btext) for btext in words]
            if len(written) < 2 or not all(written):
                continue
            alternatives.append(gap.join(f"(?:{_alternation(list(f))})" for f in written))
            self.forms |= {form for forms in written for form in forms}
        self.pattern = (
            re.compile(
                rf"(?<![\w*])(?<![\w*]\.)(?:{'|'.join(alternatives)})(?![\w*])(?!\.[\w*])",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def find(self, text: str) -> list[Any]:
        """The phrases as they stand in `text`."""
        if self.pattern is None:
            return []
        return find_words(self.pattern, text, len(text), boost=PHRASE_BOOST)

    def prefer(self, words: list[Any], found: list[Any]) -> list[Any]:
        """`words` (the query's words found in a text) with `found`, the phrases found in it
        (`find`): where a phrase is found, its words found alone are left out, so the snippet and
        the reader's first match are the phrase's (when the phrase stands in the part of the text
        scanned; otherwise its words as found)."""
        if not found or not words:
            return words
        from whoosh.support.charset import accent_map

        return found + [w for w in words if w.text.translate(accent_map) not in self.forms]
