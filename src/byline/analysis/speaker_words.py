"""Words about the words of a speaker's name: titles and roles before it, epithets and ages
that stand for it ("the star", "the 67-year-old"), hyphenated surnames the tokenizer split
(`quote_speakers`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.cues import ROLE_NOUNS, word_set
from byline.analysis.entity_spans import SENTENCE_OPENERS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def bare_name(name: str) -> str:
    """A parsed person name without leading titles or roles ("Chair Olumide Bakare", "Cllr X")
    nor a trailing "MP"."""
    from byline.analysis.names import TITLES, fold

    words = name.split()
    leading = TITLES | ROLE_WORDS | SENTENCE_OPENERS
    while len(words) > 1 and fold(words[0]).rstrip(".") in leading:
        words = words[1:]
    while len(words) > 1 and words[-1].rstrip(".") in ("MP", "MEP", "MSP", "QC", "Jr", "Sr"):
        words = words[:-1]
    return " ".join(words)


NOT_GIVEN = word_set(
    """the a an and but when if as in on at by for of to with from said says told added
    while after before then so yet or nor this that these those his her their its our my your"""
)
"""Words before a surname that are not a given name ("the Smith", "said Smith")."""
ROLE_WORDS = frozenset({"chair", "cllr", "councillor", "tory", "labour", "frontbencher"}) | (
    ROLE_NOUNS
)


def hyphen_joined(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """Widen tokens i..j over a hyphenated name the tokenizer split: "Asante-Mensah" is one
    surname, never the surname "Mensah" of somebody else."""

    def joined(k: int) -> bool:  # doc[k] is a hyphen glued to capitalised words on both sides
        return (
            0 < k < len(doc) - 1
            and doc[k].text == "-"
            and not doc[k - 1].whitespace_
            and not doc[k].whitespace_
            and doc[k - 1].text[:1].isupper()
            and doc[k + 1].text[:1].isupper()
        )

    while joined(i - 1):
        i -= 2
    while joined(j + 1):
        j += 2
    return i, j


def is_title_word(word: str) -> bool:
    """Whether `word` is a title or a role ("President", "Chair"), not a name."""
    from byline.analysis.names import TITLES, fold

    return fold(word).rstrip(".") in TITLES | ROLE_WORDS


EPITHETS = word_set(
    """star singer actor actress rapper musician comedian player striker midfielder defender
    goalkeeper veteran champion"""
)
"""Nouns a report uses for someone it has just named ("Hollywood legend Dustin Hoffman ... The
star of Rain Man said"), unlike offices ("the minister"), which usually bring in someone new."""


EPITHET_GENDER = {"actress": "f", "actor": "m"}
"""The epithets that say whether a woman or a man is meant."""


def definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def epithet(token: Token) -> bool:
    """Whether the subject is "the star" (of Rain Man): someone the report has named, called so
    (`Discourse.protagonist`)."""
    return definite(token) and token.lower_ in EPITHETS


def aged(token: Token) -> bool:
    """Whether the subject is "the 67-year-old" ("old" governs "year" in spaCy's parse)."""
    if not definite(token):
        return False
    if token.lower_ == "old":
        return any(c.lower_ in ("year", "years") for c in token.children)
    return token.lower_.endswith("-year-old")


def has_article(token: Token) -> bool:
    """True when the noun has "the" (or "its") before it: "the Chair", "the company"."""
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its") for c in token.children)
