"""Name folding shared by the index and the library: how two spellings of a name are compared.

A speaker asked for as "kowalczyk" or "Kowalczyk" must match "Kowalczyk", and "Jose" must match
"José": names are compared case- and accent-insensitively, with whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold(name: str) -> str:
    """Lowercase, strip accents and collapse whitespace: the key names are compared by."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare.casefold()).strip()


def name_words(name: str) -> list[str]:
    """The folded words of a name ("Petra  Márs" -> ["petra", "mars"])."""
    return _WORD.findall(fold(name))


def name_matches(asked: str, canonical: str | None, aliases: tuple[str, ...] = ()) -> bool:
    """True when `asked` names this entity: equal (folded) to its name or an alias, or every word
    of `asked` is a word of the canonical name ("Marsh" matches "Petra Marsh")."""
    if not canonical:
        return False
    key = fold(asked)
    if not key:
        return False
    if key == fold(canonical) or any(key == fold(a) for a in aliases):
        return True
    words = name_words(asked)
    return bool(words) and set(words) <= set(name_words(canonical))
