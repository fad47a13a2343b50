"""Words near a misspelling, from the index's unstemmed vocabulary, for `word~` and "did you mean".

Whoosh finds near words with a pure-Python Levenshtein automaton, seconds per word on a large
vocabulary. Here the vocabulary of a reader is read once into a sorted list (it grows with the
number of distinct words, not with the number of documents) and compared with rapidfuzz's optimal
string alignment distance, in which a swap of two letters ("wrod") is one edit.
"""

from __future__ import annotations

import bisect
import struct
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_lists: weakref.WeakKeyDictionary[Any, dict[str, list[str]]] = weakref.WeakKeyDictionary()
_grouped: weakref.WeakKeyDictionary[Any, dict[str, tuple[list[str], list[int]]]] = (
    weakref.WeakKeyDictionary()
)
_guard = threading.Lock()

_one_search: ContextVar[dict[tuple[Any, ...], list[tuple[str, int]]] | None] = ContextVar(
    "near words found in this search", default=None
)
"""Within one search (`searching`), near words already found: `word~` looks in title and body,
which share the vocabulary as written, so the second lookup is free. Not kept across searches."""


@contextmanager
def searching() -> Iterator[None]:
    """Remember `near` results for the duration of one search."""
    token = _one_search.set({})
    try:
        yield
    finally:
        _one_search.reset(token)


_LENGTHS = struct.Struct("!ii")
"""A key's and its value's lengths, before each pair in Whoosh's terms file."""

READ_CHUNK = 1 << 20
"""Bytes of a terms file read at once by `segment_terms`."""


def segment_terms(leaf: Any, field: str) -> Iterable[bytes]:
    """The terms of `field` in one segment, in order. Whoosh's lexicon reads each key with two
    seeks and two reads (about 6 µs a term: 23 s for the 4 million terms of the 200 segments a
    100,000-document library holds while it is being indexed); here the terms file is read a
    megabyte at a time and its pairs unpacked from memory (about 1.3 µs a term). A reader of
    another kind gets Whoosh's lexicon."""
    try:
        table = leaf._terms._tindex
        prefix = leaf._terms._keycoder(field, b"")
        start = table.closest_key_pos(prefix)
        end, dbfile = table.endofdata, table.dbfile
    except AttributeError:
        return leaf.lexicon(field)
    found: list[bytes] = []
    if start is None:
        return found
    buffer, base, pos = b"", start, start  # `buffer` holds the file's bytes from `base`

    def have(size: int) -> bool:
        """Make `buffer` hold `size` bytes from `pos`, if the table has them."""
        nonlocal buffer, base
        if pos - base + size <= len(buffer):
            return True
        buffer, base = buffer[pos - base :], pos
        wanted = min(max(READ_CHUNK, size), end - base - len(buffer))
        if wanted > 0:
            buffer += dbfile.get(base + len(buffer), wanted)
        return size <= len(buffer)

    while pos < end and have(_LENGTHS.size):
        keylen, datalen = _LENGTHS.unpack_from(buffer, pos - base)
        if not have(_LENGTHS.size + keylen):
            break
        at = pos - base + _LENGTHS.size
        key = buffer[at : at + keylen]
        if not key.startswith(prefix):
            break
        found.append(key[len(prefix) :])
        pos += _LENGTHS.size + keylen + datalen
    return found


def vocabulary(reader: Any, field: str) -> list[str]:
    """Every term of `field` in this reader, sorted (cached for the reader's lifetime)."""
    with _guard:
        words = _lists.get(reader, {}).get(field)
    if words is None:
        # Each segment's lexicon read straight through, then merged once: Whoosh's MultiReader
        # merges them term by term through a heap, several times slower.
        leaves = [leaf for leaf, _ in reader.leaf_readers()] or [reader]
        terms: set[bytes] = set()
        for leaf in leaves:
            if field in leaf.schema:
                terms.update(segment_terms(leaf, field))
        words = sorted(t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in terms)
        with _guard:
            _lists.setdefault(reader, {})[field] = words
    return words


def by_length(reader: Any, field: str) -> tuple[list[str], list[int]]:
    """The vocabulary of `field` ordered by word length, then alphabetically, and where each
    length starts in it (`starts[n]`: the first word of n letters or more); cached for the
    reader's lifetime."""
    with _guard:
        known = _grouped.get(reader, {}).get(field)
    if known is None:
        ordered = sorted(vocabulary(reader, field), key=lambda w: (len(w), w))
        longest = len(ordered[-1]) if ordered else 0
        starts = [bisect.bisect_left(ordered, n, key=len) for n in range(longest + 2)]
        known = (ordered, starts)
        with _guard:
            _grouped.setdefault(reader, {})[field] = known
    return known


def words_starting(reader: Any, field: str, prefix: str) -> list[str]:
    """The terms of `field` that start with `prefix`, in order (from the cached vocabulary when
    it is loaded, else from the lexicon's range)."""
    with _guard:
        words = _lists.get(reader, {}).get(field)
    if words is None:  # not loaded: the range alone (the whole lexicon takes ~0.3 s at 10,000)
        return [
            t.decode("utf-8") if isinstance(t, bytes) else str(t)
            for t in reader.expand_prefix(field, prefix)
        ]
    start = bisect.bisect_left(words, prefix)
    end = bisect.bisect_left(words, prefix + "\U0010ffff", lo=start)
    return words[start:end]


def near(
    reader: Any, field: str, word: str, maxdist: int, prefix: int = 0
) -> list[tuple[str, int]]:
    """Terms of `field` within `maxdist` edits of `word` (and sharing its first `prefix`
    characters), nearest first, without `word` itself."""
    memo = _one_search.get()
    key = (id(reader), field, word, maxdist, prefix)
    if memo is not None and key in memo:
        return memo[key]
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # A word more than `maxdist` letters longer or shorter is more than `maxdist` edits away.
    ordered, starts = by_length(reader, field)
    shortest = min(max(len(word) - maxdist, 0), len(starts) - 1)
    words = ordered[starts[shortest] : starts[min(len(word) + maxdist + 1, len(starts) - 1)]]
    if prefix:
        start = word[:prefix]
        words = [w for w in words if w.startswith(start)]
    found = process.extract(word, words, scorer=OSA.distance, score_cutoff=maxdist, limit=None)
    near_words = sorted(((w, int(d)) for w, d, _ in found if w != word), key=lambda f: (f[1], f[0]))
    if memo is not None:
        memo[key] = near_words
    return near_words


def best(reader: Any, field: str, word: str, maxdist: int = 2) -> str | None:
    """The likeliest intended word: the nearest, then the most frequent among equally near."""
    options = near(reader, field, word, maxdist)
    if not options:
        return None
    closest = min(d for _, d in options)
    ties = [w for w, d in options if d == closest]
    return max(ties, key=lambda w: (reader.doc_frequency(field, w), -len(w), w))
