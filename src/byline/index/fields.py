"""A TEXT field that indexes a document's words in one pass instead of through Whoosh's analyzer.

Whoosh analyzes a text through a chain of generators that hand one mutable Token from filter to
filter: several Python calls per word, most of the cost of writing a document. `WordsField`
produces the same postings (same terms, frequencies, positions and encoded values) from one
regular expression pass and a cache of what each written word becomes (lowercased, accents
folded, dropped as a stop word or stemmed). Its analyzer is still the field's own, and queries
are parsed with it, so index and query agree; `tests/unit/test_index_writer.py` checks that both
ways give the same postings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh import fields, formats
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

TOKEN = re.compile(r"[\w*]+(?:\.?[\w*]+)*")
"""Whoosh's RegexTokenizer pattern, without its capturing group (so findall gives whole words)."""

CACHE_LIMIT = 50_000
"""Written words remembered at most, per kind (the cache is emptied when full: it only saves time).
An entry costs about 150 bytes, so the two caches stay under 15 MB; the BBC corpus has 35,000
distinct words, while a library of varied sources keeps meeting new ones (at 300,000 the caches
could reach 90 MB)."""


class WordsField(fields.TEXT):
    """A TEXT field whose analyzer is `text_analyzer` (stemmed) or `plain_analyzer` (not), with a
    fast path for indexing. `stemmed` must say which, since the fast path does not read the
    analyzer's filters."""

    def __init__(self, *, stemmed: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stemmed = stemmed

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term bytes, frequency, weight, encoded value) for each distinct term of `value`, as
        `whoosh.fields.FieldType.index` gives them."""
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions = term_positions(value, self.stemmed)
        boost = float(self.format.field_boost)
        if type(self.format) is formats.Positions:  # not Characters, which also keeps offsets
            encode = self.format.encode
            for term, places in positions.items():
                yield term, len(places), len(places) * boost, encode(places)
        elif type(self.format) is formats.Frequency:
            for term, places in positions.items():
                yield term, len(places), len(places) * boost, pack_uint(len(places))
        else:
            yield from super().index(value, **kwargs)


_terms: tuple[dict[str, bytes], dict[str, bytes]] = ({}, {})
"""Per kind (plain, stemmed): a written word -> its term as bytes, or b"" when dropped."""


def _term(word: str, stemmed: bool) -> bytes:
    """What the analyzer makes of one written word (b"" when it drops it)."""
    text = word.lower().translate(accent_map)
    if stemmed:
        if len(text) < 2 or text in STOP_WORDS:
            return b""
        text = stem(text)
    return text.encode("utf-8")


def term_positions(text: str, stemmed: bool) -> dict[bytes, list[int]]:
    """Each term of `text` and its positions, numbered as Whoosh's analyzer numbers them: the
    plain analyzer counts every word; the stemmed one counts the kept words from the position
    of the first kept one (its StopFilter renumbers)."""
    cache = _terms[stemmed]
    if len(cache) > CACHE_LIMIT:
        cache.clear()
    found: dict[bytes, list[int]] = {}
    pos = -1
    first = True
    for index, word in enumerate(TOKEN.findall(text)):
        term = cache.get(word)
        if term is None:
            term = cache[word] = _term(word, stemmed)
        if not term:
            continue
        if not stemmed:
            pos = index
        elif first:
            pos, first = index, False
        else:
            pos += 1
        places = found.get(term)
        if places is None:
            found[term] = [pos]
        else:
            places.append(pos)
    return found
