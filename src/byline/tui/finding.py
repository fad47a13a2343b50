"""Finding words in a document's text, for the reader's find bar and a library query's words.

Both look in the text itself, case-insensitively, so a match split across two screen lines is one
match: the find bar's whitespace matches any run of whitespace, and a library query's words match
at a word's start, as the library's stemmed search would.
"""

from __future__ import annotations

import re

from byline.tui.wrap import Span


def find_all(text: str, query: str) -> list[Span]:
    """Every case-insensitive occurrence of `query` in `text`; a space matches any whitespace."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_QUERY_WORD = re.compile(r"(?:\w+:)?([\w][\w'-]*)")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def query_terms(query: str) -> list[str]:
    """The plain words of a library query (no operators, no `field:` prefixes, no wildcards)."""
    return [m.group(1) for m in _QUERY_WORD.finditer(query) if m.group(1) not in _OPERATORS]


def find_terms(text: str, terms: list[str]) -> list[Span]:
    """Every whole-word, case-insensitive occurrence of any of `terms` (a word's start, too:
    `negotiat` finds "negotiation", as the library's stemmed search would)."""
    if not terms:
        return []
    alternatives = "|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
