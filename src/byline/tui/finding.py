"""Finding words in a document's text, for the reader's find bar and a library query's words.

Both look in the text itself, case- and accent-insensitively (`sanha` finds "Sanhá", as the
library's search does), so a match split across two screen lines is one match: the find bar's
whitespace matches any run of whitespace, and a library query's words match at a word's start or
in any form of the same stem ("negotiators" finds "negotiations"), as the library's stemmed
search would.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from byline.tui.wrap import Span


def find_all(text: str, query: str) -> list[Span]:
    """Every case-insensitive occurrence of `query` in `text`; a space matches any whitespace,
    and quotation marks around the whole query are dropped (`"power project"` is the phrase)."""
    query = query.strip()
    if len(query) > 1 and query[0] in _QUOTE_MARKS and query[-1] in _QUOTE_MARKS:
        query = query[1:-1]
    words = _folded(query).split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(_folded(text))]


@lru_cache(maxsize=16)
def _folded(text: str) -> str:
    """`text` with each accented letter its letter ("á" -> "a"), one character for one, so
    that offsets in it are offsets in `text` (so not "ß" -> "ss", as the library's `fold` does:
    "strasse" may be a library hit with no match in the reader). Cached: the reader finds in one
    text many times, and folds each query's terms with it."""
    table: dict[int, str] = {}
    for char in set(text):
        if char.isascii():
            continue
        base = "l" if char == "ł" else "L" if char == "Ł" else unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            table[ord(char)] = base
    return text.translate(table) if table else text


_QUOTE_MARKS = '"“”'
_WORD = r"[\w][\w'-]*"
_QUERY_WORD = re.compile(rf"(?:\w+:)?(?:\"([^\"]*)\"|({_WORD}))")


def query_terms(query: str) -> list[str]:
    """The plain words of a library query (no operators, no `field:` prefixes, no wildcards);
    a quoted phrase is one term, its words one space apart. Stop words go, as the library's
    search leaves them out (`query_syntax.stop_word`: "the", not "US")."""
    from byline.index.query_syntax import OPERATORS, shouting, stop_word

    loud = shouting(re.findall(_WORD, query))
    terms = []
    for match in _QUERY_WORD.finditer(query):
        phrase, word = match.groups()
        if phrase is not None:
            words = re.findall(_WORD, phrase)
            if words:
                terms.append(" ".join(words))
        elif word in OPERATORS or word == "TO":  # "TO" of a range: date:[2024 TO 2025]
            continue
        elif not stop_word(word, loud):
            terms.append(word)
    return terms


def find_terms(text: str, terms: list[str]) -> list[Span]:
    """Every whole-word, case-insensitive occurrence of any of `terms` (a word's start, too:
    `negotiat` finds "negotiation", and any form of the same stem: "cities" for "city", as the
    library's stemmed search would; a word in capitals, "US", only itself); a term of several
    words is a phrase, its words in order with only spaces or punctuation between them."""
    if not terms:
        return []
    exact = {term.lower() for term in terms if term.isupper() and " " not in term}
    terms = [_folded(term).lower() for term in terms]
    words = {term: _stem(term) for term in terms if " " not in term and term not in exact}
    # the start every form shares: "citi" is the stem of "city" and "cities", "cit" their start
    starts = {_shared_start(term, stem.removesuffix("i")) for term, stem in words.items()}
    starts |= {term for term in terms if " " in term or term in exact}
    ordered = sorted(starts, key=len, reverse=True)
    alternatives = "|".join(r"\w*\W+".join(map(re.escape, term.split())) for term in ordered)
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    stems = set(words.values())

    def wanted(word: str) -> bool:
        """A phrase, a word the query's starts, or one of a query word's forms ("negotiations"
        for "negotiators"; not "games" for "gas", whose stem is "ga"; not "use" for "US")."""
        if not word.isalnum():
            return True
        if word in exact:
            return True
        if any(word.startswith(term) for term in words):
            return True
        return _stem(word) in stems

    return [
        (m.start(), m.end()) for m in pattern.finditer(_folded(text)) if wanted(m.group().lower())
    ]


def _shared_start(a: str, b: str) -> str:
    """The longest start `a` and `b` share, or `a` when they share none."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n] or a


def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return str(stem(word))
