"""Finding words in a document's text, for the reader's find bar and a library query's words.

Both look in the text itself, case-insensitively, so a match split across two screen lines is one
match: the find bar's whitespace matches any run of whitespace, and a library query's words match
at a word's start, as the library's stemmed search would.
"""

from __future__ import annotations

import re

from byline.tui.wrap import Span


def find_all(text: str, query: str) -> list[Span]:
    """Every case-insensitive occurrence of `query` in `text`; a space matches any whitespace,
    and quotation marks around the whole query are dropped (`"power project"` is the phrase)."""
    query = query.strip()
    if len(query) > 1 and query[0] in _QUOTE_MARKS and query[-1] in _QUOTE_MARKS:
        query = query[1:-1]
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_QUOTE_MARKS = '"“”'
_WORD = r"[\w][\w'-]*"
_QUERY_WORD = re.compile(rf"(?:\w+:)?(?:\"([^\"]*)\"|({_WORD}))")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def query_terms(query: str) -> list[str]:
    """The plain words of a library query (no operators, no `field:` prefixes, no wildcards);
    a quoted phrase is one term, its words one space apart."""
    terms = []
    for match in _QUERY_WORD.finditer(query):
        phrase, word = match.groups()
        if phrase is not None:
            words = re.findall(_WORD, phrase)
            if words:
                terms.append(" ".join(words))
        elif word not in _OPERATORS:
            terms.append(word)
    return terms


def find_terms(text: str, terms: list[str]) -> list[Span]:
    """Every whole-word, case-insensitive occurrence of any of `terms` (a word's start, too:
    `negotiat` finds "negotiation", as the library's stemmed search would); a term of several
    words is a phrase, its words in order with only spaces or punctuation between them."""
    if not terms:
        return []
    ordered = sorted(set(terms), key=len, reverse=True)
    alternatives = "|".join(r"\w*\W+".join(map(re.escape, term.split())) for term in ordered)
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
