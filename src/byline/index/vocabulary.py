"""Words near a misspelling, from the index's unstemmed vocabulary, for `word~` and "did you mean".

Whoosh finds near words with a pure-Python Levenshtein automaton, seconds per word on a large
vocabulary. Here the vocabulary of a reader is read once into a sorted list (it grows with the
number of distinct words, not with the number of documents) and compared with rapidfuzz's optimal
string alignment distance, in which a swap of two letters ("wrod") is one edit. Each segment's
terms are read from the list its docnums file keeps (`docnums.DocnumFile.listed`), else from
Whoosh's terms file.
"""

from __future__ import annotations

import bisect
import re
import struct
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from byline.index.schema import NAME_FIELDS

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
    """Every term of `field` in this reader, sorted (cached for the reader's lifetime); it may
    also hold terms of segments merged away since an earlier reader (see `_read`)."""
    with _guard:
        words = _lists.get(reader, {}).get(field)
    if words is None:
        words = _read(reader, field)
        with _guard:
            _lists.setdefault(reader, {})[field] = words
    return words


_read_before: dict[tuple[str, str], tuple[frozenset[str], list[str]]] = {}
"""The vocabulary last read of each (index folder, field), with the segments it was read from.
An indexing run commits a new segment every few hundred documents, and each commit gives a
searching process a new reader: the next reader reads only the segments it does not know (the
200 batches of a 100,000-document library took 5–6 s to read from Whoosh's terms files, one batch
about 30 ms)."""

KEPT_VOCABULARIES = 8
"""Vocabularies `_read_before` keeps: the fields a library's searches read (words and the four
fields of names), not those of every library a process has opened."""

STALE_SHARE = 0.5
"""The vocabulary is read again from every segment when more than this share of the segments it
was read from are gone (merged away): their words may no longer be in the index. Until then
such a word may be offered as near, and the callers check the index for it (`best`, and
`word~`); `word*` looks each word up, and one the index no longer holds matches nothing."""


def _read(reader: Any, field: str) -> list[str]:
    """Every term of `field` in `reader`'s segments, sorted, reading only the segments the last
    reader of the same index did not. Each segment's lexicon is read straight through, then
    merged once: Whoosh's MultiReader merges them term by term through a heap, several times
    slower."""
    from byline.index.docnum_files import index_folder

    leaves = [leaf for leaf, _ in reader.leaf_readers()] or [reader]
    leaves = [leaf for leaf in leaves if field in leaf.schema]
    folder = index_folder(leaves[0]) if leaves else None
    if folder is None:
        return sorted({_text(term) for leaf in leaves for term in segment_terms(leaf, field)})
    ids = {leaf.segment().segment_id(): leaf for leaf in leaves}
    with _guard:
        read, known = _read_before.get((folder, field), (frozenset(), []))
    if len(read - ids.keys()) > STALE_SHARE * len(read):
        read, known = frozenset(), []
    new: set[str] = set()
    for key, leaf in ids.items():
        if key not in read:
            new.update(_terms_of(leaf, field))
    new.difference_update(known)
    # Two sorted runs: Python's sort merges them in one pass.
    words = sorted(known + sorted(new)) if new else known
    with _guard:
        _read_before.pop((folder, field), None)
        _read_before[(folder, field)] = (read | ids.keys(), words)
        while len(_read_before) > KEPT_VOCABULARIES:  # the least recently read go
            del _read_before[next(iter(_read_before))]
    return words


def _terms_of(leaf: Any, field: str) -> Iterable[str]:
    """The terms of `field` in one segment: from its docnums file's list when it has one (split
    in one call), else from Whoosh's terms file."""
    from byline.index.docnum_files import for_reader

    sidecar = for_reader(leaf)
    listed = sidecar.listed(field) if sidecar is not None else None
    if listed is not None:
        return listed
    return map(_text, segment_terms(leaf, field))


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def by_length(reader: Any, field: str) -> tuple[list[str], list[int]]:
    """The vocabulary of `field` ordered by word length, then alphabetically, and where each
    length starts in it (`starts[n]`: the first word of n letters or more); cached for the
    reader's lifetime."""
    with _guard:
        known = _grouped.get(reader, {}).get(field)
    if known is None:
        ordered = sorted(vocabulary(reader, field), key=len)  # stable: alphabetical within
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
    """The likeliest intended word: the nearest, then among equally near one no shorter than
    the word typed (a letter left out is the commoner slip: "rle" is "rule" more likely than
    "re"), then the most frequent."""
    options = near(reader, field, word, maxdist)  # nearest first
    for distance in sorted({d for _, d in options}):
        # Only the nearest are checked against the index (a word of a segment merged away may
        # be in the vocabulary; each check looks through every segment).
        ties = [w for w, d in options if d == distance and (field, w) in reader]
        if ties:
            return max(
                ties,
                key=lambda w: (len(w) >= len(word), reader.doc_frequency(field, w), -len(w), w),
            )
    return None


_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_][\w'-]*)(?![\w:*~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


# A name asked of a field of names, which "did you mean" corrects as a name (`people:boatng`).
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
