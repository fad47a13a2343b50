"""Whether a hyphen at a line end split a word (`nego-` / `tiation`) or is part of it (`well-off`).

The decision goes from the strongest evidence to the weakest:

1. a capitalised second part keeps the hyphen (`Guinea-` / `Bissau`);
2. the document itself: the hyphenated form elsewhere keeps it, the joined form elsewhere joins;
3. number compounds (`twenty-` / `five`) keep it;
4. word frequencies (the `wordfreq` package, loaded lazily on the first undecided hyphen): join when
   the joined word is common, or when the second part is no word at all (a syllable); keep it when
   both parts are words and the joined form is rare (`well-known`, `decision-makers`). After a
   compound prefix (`self-`, `co-`, `non-`, ...) the joined word must also be more common than the
   second part alone (`co-operation` stays, `ex-ample` joins).

Without wordfreq installed the fallback keeps the hyphen after compound prefixes, number words and
before common compound heads (`-based`, `-led`, `-term`), and joins otherwise, which is right for
most words a typesetter breaks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import cache


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, the way a reader checks it."""
    return frozenset(text.split())


COMMON_WORD = 3.6
"""Zipf frequency from which a joined form is an established word ("intent" 3.9, "newspaper" 4.6),
above the closed forms of compounds that are usually hyphenated ("reelection" 3.3, "wellbeing" 3.5);
after a compound prefix the bar is 4.0 or more (see `keeps_hyphen`)."""
FRAGMENT = 2.0
"""Zipf frequency under which a second part is a syllable rather than a word ("tiation")."""

COMPOUND_PREFIXES = _words(
    "self well co non ex half e x one all cross anti mid multi semi vice by quasi ill much"
)
"""First parts that make compounds with whole words: after them the hyphen is kept unless the
joined word is clearly the more common one ("self-ish" joins, "co-operation" stays)."""
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_UNITS = _words(
    "one two three four five six seven eight nine first second third fourth fifth sixth "
    "seventh eighth ninth"
)
_COMPOUND_HEADS = _words(
    "based born led owned run made backed funded linked related driven oriented focused sized "
    "scale level term time year old long wide free friendly style like type making makers maker "
    "holder holders known fired powered controlled ever rich poor hit ridden bound prone proof "
    "minded looking standing lasting terms party"
)
"""Second parts of compounds, for the fallback without word frequencies ("Lisbon-based")."""
WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
"""A word: letters, and hyphenated compounds as one word."""
_CHUNK_LINES = 2000  # lines split at once: few calls, bounded memory
_PUNCTUATION = "\"'“”‘’()[]{}<>.,;:!?-‐—–…*_/\\|"


def _zipf_from(frequencies: dict[str, float]) -> Callable[[str], float]:
    def zipf(word: str) -> float:
        frequency = frequencies.get(word, 0.0)
        return math.log10(frequency) + 9.0 if frequency > 0 else 0.0

    return zipf


@cache
def _word_frequencies() -> Callable[[str], float] | None:
    """English word frequencies as a zipf lookup, or None when wordfreq is not installed."""
    try:
        import wordfreq  # a 0.2 s import and a 0.2 s table: only when a hyphen needs it
    except ImportError:
        return None
    try:
        return _zipf_from(wordfreq.get_frequency_dict("en", wordlist="large"))
    except Exception:  # a damaged data file must not stop cleaning: fall back to the rules
        return None


class Dehyphenator:
    """Decides line-end hyphens for one document, using that document's words as evidence.

    The word set is built on the first decision, so a document without a hyphen at a line end
    costs nothing.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines
        self._words: set[str] | None = None

    def _seen(self, word: str) -> bool:
        if self._words is None:
            # Splitting on spaces and trimming each distinct token is many times faster than a
            # word regex over megabytes; "nego-" at a line end stays "nego", which proves nothing.
            tokens: set[str] = set()
            for start in range(0, len(self._lines), _CHUNK_LINES):
                tokens.update(
                    " ".join(self._lines[start : start + _CHUNK_LINES]).casefold().split()
                )
            self._words = {token.strip(_PUNCTUATION).replace("‐", "-") for token in tokens}
        return word in self._words

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """True if `left` + "-" + `right`, split across a line end, is a hyphenated compound.

        `left` is the word before the hyphen (it may itself be a compound, "state-of-the"), `right`
        the letters that start the next line.
        """
        if not right or right[0].isupper() or not right[0].isalpha():
            return True
        hyphenated = f"{left}-{right}".casefold()
        joined = f"{left}{right}".casefold()
        if self._seen(hyphenated):
            return True
        if self._seen(joined):
            return False
        last = left.rsplit("-", 1)[-1].casefold()
        second = right.casefold()
        if last in _TENS and second in _UNITS:
            return True
        zipf = _word_frequencies()
        if zipf is None:
            return last in COMPOUND_PREFIXES or second in _COMPOUND_HEADS
        joined_zipf = zipf(last + second)
        second_zipf = zipf(second)
        if second_zipf < FRAGMENT:
            # A syllable after the hyphen: a broken word, unless nothing is known of the joined
            # form and the first part is a word in its own right (`cross-` / `subsidisation`).
            return joined_zipf == 0.0 and zipf(last) >= 3.0
        if last in COMPOUND_PREFIXES:
            return joined_zipf < max(4.0, second_zipf + 0.3)
        return joined_zipf < COMMON_WORD
