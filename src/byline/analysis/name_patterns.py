"""Surface patterns around names that spaCy's labels get wrong.

- A nickname in quotation marks between a given name and a surname (`Brian 'Head' Welch`,
  `Jimmy "the Whirlwind" White`): spaCy tags the pieces apart or nothing at all, and the marks
  look like a quotation. The person is "Brian Welch"; the nickname is not a quote.
- A title or a role noun standing alone after an article or a possessive ("the Chair said",
  "Argentina's President, Nestor Kirchner"): a role, not a name, whatever label spaCy gives it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from byline.analysis.names import TITLES, fold, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NICKNAME = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’-]*[a-z]) "  # given name
    r"[\"“‘']([^\"“”‘’\n.!?,;:]{1,30}?) ?[\"”’'] "  # nickname in marks
    r"([A-Z][\w'’-]*[a-z])\b"  # surname
)
"""Given name, nickname in quotation marks, surname: `Brian 'Head' Welch`."""

_NOT_GIVEN = word_set("the a an and but or so then when while after before if as in on at by")
_DETERMINERS = word_set("the a an its their his her our (")
_POSSESSIVES = frozenset(("'s", "’s", "'", "’", "`s"))


def nicknamed_names(sdoc: Doc) -> list[tuple[int, int, list[str]]]:
    """(start, end, [given name, surname]) of every name written with a nickname inside."""
    text = sdoc.text
    found: list[tuple[int, int, list[str]]] = []
    for match in NICKNAME.finditer(text):
        given, nickname, surname = match.group(1), match.group(2), match.group(3)
        if len(nickname.split()) > 4 or fold(given) in TITLES | _NOT_GIVEN:
            continue
        first = sdoc.char_span(match.start(1), match.end(1))
        last = sdoc.char_span(match.start(3), match.end(3))
        if first is None or last is None:
            continue
        if first.root.pos_ != "PROPN" or last.root.pos_ != "PROPN" or first.root.is_sent_end:
            continue
        if first.start > 0 and sdoc[first.start - 1].pos_ == "PROPN":
            continue  # "Petra Marsh 'x' Tom": the given name is somebody's surname
        found.append((match.start(1), match.end(3), [given, surname]))
    return found


def nickname_starts(text: str) -> set[int]:
    """Offsets where a nickname's words begin (quotation spans to drop)."""
    return {m.start(2) for m in NICKNAME.finditer(text)}


def is_role_word(word: str) -> bool:
    """Whether a one-word "name" is a title or a role noun ("President", "Chair", "Clerk")."""
    from byline.analysis.cues import ROLE_NOUNS

    folded = fold(word).rstrip(".")
    return folded in TITLES or folded in ROLE_NOUNS


def determined(span: Span) -> bool:
    """Whether an article, a possessive or a bracket stands before `span` ("the Chair",
    "Argentina's President", "(Clerk)")."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return prev.lower_ in _DETERMINERS or prev.text in _POSSESSIVES


_PARTY_FORMS: dict[str, tuple[str, ...]] = {
    "Conservative Party": ("tory", "tories", "conservative", "conservatives", "conservative party"),
    "Liberal Democrats": (
        "lib dem",
        "lib dems",
        "libdems",
        "liberal democrat",
        "liberal democrats",
    ),
    "Democratic Party": ("democrats", "democratic party"),
    "Republican Party": ("republicans", "republican party", "gop"),
    "Scottish National Party": ("snp", "scottish national party"),
}
_PARTIES: dict[str, str] = {form: name for name, forms in _PARTY_FORMS.items() for form in forms}
"""Short and adjectival forms of party names, folded, and the party's proper name: "Tory",
"Tories" and "Conservatives" are one organisation, the Conservative Party (the name a reader looks
up). Labour is named "Labour" by everyone and needs no entry."""


def party_name(words: list[str]) -> str | None:
    """The proper name of the party `words` name ("Tory" -> "Conservative Party"), or None."""
    return _PARTIES.get(fold(" ".join(words)).replace("-", " "))
