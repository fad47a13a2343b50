"""Name normalisation and matching, shared by entity resolution and quote attribution.

News text names one person many ways: "Petra Marsh", "Ms Marsh", "Marsh's", and after OCR "Marshs",
"Kowalczvk", "Kowa1czyk". These functions reduce a surface form to a comparable name and decide
whether two forms may denote the same person. `EntityResolver` maps any such form back to the
document's canonical `Entity`, which is how quote speakers get their canonical names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

from byline.models import Entity, EntityType


def word_set(words: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of `words` (for long word lists)."""
    return frozenset(words.split())


TITLES: frozenset[str] = word_set(
    """mr mrs ms miss mx dr prof professor sir dame lord lady baroness baron rev reverend fr father
    cllr councillor alderman madam madame mister
    president vice prime minister chancellor senator sen rep representative congressman
    congresswoman gov governor mayor judge justice gen general col colonel capt captain lt
    lieutenant maj major
    adm admiral sgt sergeant cmdr commander king queen prince princess duke duchess pope cardinal
    archbishop bishop sheikh sheik emir imam rabbi ayatollah chief secretary ambassador mp mep
    foreign home deputy shadow first minister's premier chair chairman chairwoman chairperson
    clerk speaker frontbencher backbencher sheriff"""
)
"""Words that may precede a name as a title, stripped from its front ("Prime Minister X")."""

_TITLE_HEADS: frozenset[str] = word_set(
    """mr mrs ms miss mx dr prof professor sir dame lord lady baroness baron rev reverend president
    cllr councillor alderman
    prime chancellor senator sen rep representative congressman congresswoman gov governor mayor
    judge justice gen general col colonel capt captain lt lieutenant maj major adm admiral sgt
    sergeant cmdr commander king queen prince princess duke duchess pope cardinal archbishop
    bishop sheikh sheik emir imam rabbi ayatollah sheriff"""
)
"""Titles that by themselves show the following name is a person's (unlike "Foreign" or "Home")."""

_QUOTES = "\"'“”‘’«»`´"
_APOSTROPHES = "'’`´"
_SPACE = re.compile(r"\s+")
_OCR_CHARS = str.maketrans({"1": "l", "|": "l", "!": "l", "I": "l", "0": "o", "5": "s", "$": "s"})
_OCR_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("v", "y"), ("h", "k"), ("ii", "u"))


@lru_cache(maxsize=1 << 12)
def fold(s: str) -> str:
    """Casefold and strip accents: the form names are compared in ("Łódź" -> "lodz").

    Cached: the analysis folds the same few thousand words over and over. Not more than that: a
    cache of 65,536 filled up within 1,100 articles and its entries, long-lived among each
    article's short-lived objects, kept Python's memory arenas from emptying, so an analysis
    process grew by 14 MB more; with 4,096 a fold misses 9% of the time instead of 5%."""
    decomposed = unicodedata.normalize("NFKD", s.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def strip_title(words: list[str]) -> list[str]:
    """Drop leading title words ("Prime Minister", "Mr", "Dr."), keeping at least one word."""
    i = 0
    while i < len(words) - 1 and fold(words[i]).rstrip(".") in TITLES:
        i += 1
    return words[i:]


def has_title(s: str) -> bool:
    """True when `s` starts with a personal title ("Mr Marsh", "President Asante")."""
    words = s.split()
    return len(words) > 1 and fold(words[0]).rstrip(".") in _TITLE_HEADS


PARTICLES: frozenset[str] = word_set(
    "van von der den de del della di da dos das du le la o o' mac ter"
)
"""Words that begin a surname ("Pieter van Wyk", "Seán Ó Briain"), folded as `fold` does (so
"Ó" is "o")."""


def split_name(words: list[str]) -> tuple[list[str], str]:
    """A person's name as (given names, surname): "Pieter van Wyk" -> (["Pieter"], "van Wyk").

    The surname is the last word, or everything from a particle on ("van", "de", "Ó"); a name
    that starts with a particle ("Van Wyk") is a bare surname.
    """
    for i, word in enumerate(words[:-1]):
        if fold(word) in PARTICLES:
            return words[:i], " ".join(words[i:])
    return words[:-1], words[-1] if words else ""


def strip_possessive(s: str) -> str:
    """Drop a written possessive: "Marsh's" -> "Marsh", "Jones'" -> "Jones"."""
    if len(s) > 2 and s[-1] in "sS" and s[-2] in _APOSTROPHES:
        return s[:-2]
    if len(s) > 1 and s[-1] in _APOSTROPHES:
        return s[:-1]
    return s


_SUFFIXES = frozenset(("MP", "MEP", "MSP", "QC", "KC", "Jr", "Sr", "Jnr", "Snr"))
"""Post-nominal letters dropped from the end of a name ("Andrew Tyrie MP")."""


def normalise_name(s: str, *, titles: bool = True) -> str:
    """A name as it should be compared and shown: quotes, whitespace, titles and possessive removed.

    "  Mr  Petra Marsh's" -> "Petra Marsh". `titles=False` keeps a leading title word, for the
    name of an organisation or a place ("Premier League", "Foreign Office"). A lost apostrophe
    ("Marshs") cannot be told from a name ending in s without knowing the document, so it is
    left; `EntityResolver` handles it.
    """
    s = _SPACE.sub(" ", s).strip().strip(_QUOTES + ",;:()[]").strip()
    if not s:
        return s
    s = strip_possessive(s)
    words = strip_title(s.split(" ")) if titles else s.split(" ")
    if words and fold(words[0]) == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1].rstrip(".,") in _SUFFIXES:
        words = words[:-1]
    return " ".join(words).strip(_QUOTES + ",.;:").strip()


_COURTESY = word_set("mr mrs ms miss mx dr sir dame lord lady")
ASSEMBLY_MEMBERS = word_set("mps meps msps mlas ams tds mks")
"""Members of a parliament or assembly, in the plural: a group, never a name or a speaker of
its own ("the MPs said": spaCy's ORG)."""
MEMBER_NOUNS = ASSEMBLY_MEMBERS | word_set(
    """mp mep msp mla td councillor councillors member members backbencher backbenchers peer
    peers candidate candidates activist activists supporter supporters"""
)
"""Members of a body, who speak for themselves: "a UKIP MEP said" is no word of UKIP's."""


def normalise_org_name(s: str) -> str:
    """`normalise_name` for an organisation or a place: a title word stays when it is part of
    the name ("Premier League", "Foreign Office") but goes before a person's name that spaCy
    called an organisation ("Chair Olumide Bakare", "Mr Smith")."""
    words = normalise_name(s, titles=False).split()
    if not words:
        return ""
    stripped = strip_title(words)
    if len(stripped) >= 2 or fold(words[0]).rstrip(".") in _COURTESY:
        words = stripped
    return " ".join(words)


def ocr_key(s: str) -> str:
    """A folded form in which common OCR confusions (1/l/I, 0/O, v/y, rn/m, h/k) coincide."""
    s = fold(s.translate(_OCR_CHARS))
    for a, b in _OCR_PAIRS:
        s = s.replace(a, b)
    return s


def name_distance(a: str, b: str) -> float:
    """Edit distance between two name words, with OCR confusions counting half.

    Uses optimal string alignment, so a transposition ("Kowalcyzk") is one edit.
    """
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 0.0
    raw = OSA.distance(fa, fb)
    ocr = OSA.distance(ocr_key(a), ocr_key(b))
    return ocr + 0.5 * max(0, raw - ocr)


def _letters(word: str) -> str:
    """The word without apostrophes, which OCR drops and adds but which are no letters."""
    return word.replace("'", "").replace("\u2019", "")


def similar_word(a: str, b: str) -> bool:
    """True when two name words are one spelling under OCR noise.

    Allowed distance: 2 for words of 6+ letters, 1 for shorter, none under 4 but a plural's "s"
    ("PM" and "PE", "Lee" and "Leo" are two names); the first letter (after OCR folding) must
    agree, so "Kerry" and "Perry" stay apart.
    """
    a, b = _letters(a), _letters(b)  # "O'Gara" has five letters: not "Ongaro" misread
    ka, kb = ocr_key(a), ocr_key(b)
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < 4:
        return max(ka, kb, key=len) == min(ka, kb, key=len) + "s"  # "Macs" for "Mac" still
    if ka[0] != kb[0] or abs(len(ka) - len(kb)) > 2:
        return False
    limit = 2.0 if min(len(ka), len(kb)) >= 6 else 1.0
    if len(ka) != len(kb) and is_clean_spelling(a) and is_clean_spelling(b):
        limit = (
            1.0  # two clean spellings two letters apart in length are two names (Mensah, Mensimah)
        )
    return name_distance(a, b) <= limit


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """Given names agree when either is missing, one is the other's initial, or they are similar."""
    if not a or not b:
        return True
    x, y = fold(a[0]).rstrip("."), fold(b[0]).rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return similar_word(x, y)


def same_person(a: str, b: str) -> bool:
    """Whether two surface forms may name the same person.

    Surnames (last words) must match under OCR noise and given names, when both are present, must
    agree: "Ms Marsh" ~ "Petra Marsh", "Kowa1czyk" ~ "Anna Kowalczyk", but "Anna Kowalczyk" !~
    "Jan Kowalczyk" and "Anna Kowalczyk" !~ "Jan Kowalski".
    """
    wa, wb = normalise_name(a).split(), normalise_name(b).split()
    if not wa or not wb:
        return False
    (ga, sa), (gb, sb) = split_name(wa), split_name(wb)
    return similar_word(sa, sb) and _first_names_agree(ga, gb)


def is_clean_spelling(s: str) -> bool:
    """False for a form carrying OCR debris (digits, '|', brackets) that must never be canonical."""
    return not any(c.isdigit() or c in "|[]{}!$" for c in s)


class EntityResolver:
    """Maps any way the text names an entity back to the document's canonical `Entity`.

    Built once per document from `find_entities`' result; `resolve("Marsh's")`,
    `resolve("Ms Marsh")`, `resolve("Kowalczvk")` each return the entity they denote, or None.
    Exact alias matches are tried first, then surname matching for people (with OCR tolerance).
    A bare surname shared by two people resolves to None unless `near` (a text offset) is given,
    in which case the person mentioned most recently before it wins.
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: tuple[Entity, ...] = tuple(entities)
        self._exact: dict[str, list[Entity]] = {}
        self._by_surname: dict[str, list[Entity]] = {}
        for entity in self.entities:
            for form in (entity.name, *entity.aliases):
                key = fold(normalise_name(form))
                bucket = self._exact.setdefault(key, [])
                if entity not in bucket:
                    bucket.append(entity)
            if entity.type is EntityType.PERSON:
                surname = split_name(entity.name.split())[1]
                self._by_surname.setdefault(ocr_key(surname)[:1], []).append(entity)

    def resolve(self, surface: str, near: int | None = None) -> Entity | None:
        """The entity `surface` names ("Marsh", "Ms Marsh", "Marsh's", "Kowalczvk"), or None."""
        name = normalise_name(surface)
        if not name:
            return None
        key = fold(name)
        found = self._exact.get(key)
        if found is None and key.endswith("s") and len(key) > 3:
            found = self._exact.get(key[:-1])  # lost apostrophe: "Marshs"
        if found:
            return found[0] if len(found) == 1 else self._nearest(found, near)
        surname = split_name(name.split())[1]
        candidates = [
            e
            for e in self._by_surname.get(ocr_key(surname)[:1], [])
            if same_person(name, e.name) or any(same_person(name, alias) for alias in e.aliases)
        ]
        if len(candidates) == 1:
            return candidates[0]
        return self._nearest(candidates, near) if candidates else None

    @staticmethod
    def _nearest(candidates: list[Entity], near: int | None) -> Entity | None:
        """The candidate last mentioned before `near`; None when that cannot be decided."""
        if near is None:
            return None
        best: Entity | None = None
        best_start = -1
        for entity in candidates:
            for mention in entity.mentions:
                if best_start < mention.start <= near:
                    best, best_start = entity, mention.start
        return best
