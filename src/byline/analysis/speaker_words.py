"""Words about the words of a speaker's name: titles and roles before it, epithets and ages
that stand for it ("the star", "the 67-year-old"), hyphenated surnames the tokenizer split
(`quote_speakers`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.cues import ROLE_NOUNS, word_set
from byline.analysis.entity_roles import DEMONYMS
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
    goalkeeper veteran champion winger presenter guitarist drummer frontman novelist playwright
    film-maker filmmaker entrepreneur tycoon billionaire businessman businesswoman"""
)
"""Nouns a report uses for someone it has just named ("Hollywood legend Dustin Hoffman ... The
star of Rain Man said"), unlike offices ("the minister"), which usually bring in someone new.
Not "athlete" or "sprinter": a results report names several ("said the Newport-based athlete"
was Darren Campbell, not the relay squad's Jason Gardener the report is about)."""


UNNAMED_AGED = word_set(
    """man woman boy girl person teenager youth child mother father son daughter wife husband
    driver motorist pedestrian passenger victim suspect defendant resident worker student
    pensioner grandmother grandfather"""
)
"""Nouns that with an age bring in someone the report may never name ("the 28-year-old man,
who cannot be named"), unlike "the 74-year-old comedian" or "the 28-year-old world number
one", the person the report is about."""

EPITHET_GENDER = {
    "actress": "f",
    "actor": "m",
    "businessman": "m",
    "businesswoman": "f",
    "frontman": "m",
}
"""The epithets that say whether a woman or a man is meant."""


_COLLECTIVE_ENDINGS = ("ch", "sh", "ese", "s")
"""Endings of nationality words that name a people, not one person: "the French", "the Swiss",
"the Chinese" (one person's end otherwise: "the American", "the Argentine", "the Israeli")."""


def demonym(token: Token) -> bool:
    """Whether the subject is "the Scot" or "the American": one person the report has named,
    called by where they are from."""
    if not definite(token) or not token.text[:1].isupper() or token.tag_ == "NNPS":
        return False
    article = token.doc[token.i - 1] if token.i else None
    if article is not None and article.text == "The" and not article.is_sent_start:
        return False  # "said The Scotsman", "The Australian reported": newspapers
    lower = token.lower_
    return lower in DEMONYMS or (
        token.ent_type_ == "NORP" and not lower.endswith(_COLLECTIVE_ENDINGS)
    )


PROXY_NOUNS = word_set(
    """spokesman spokeswoman spokesperson spokespeople official officials source sources
    representative representatives insider insiders"""
)
"""People who speak for an organisation and are not named: "a Labour spokesman" is Labour."""
_SYNONYMS = {
    "boss": word_set("manager coach chief head chairman executive"),
    "manager": word_set("boss"),
    "coach": word_set("boss manager"),
    "captain": word_set("skipper"),
    "skipper": word_set("captain"),
}
"""Offices a report calls by another word: "Manchester United manager Alex Ferguson ... the
United boss"."""


TEAM_OFFICES = word_set("boss manager coach captain skipper")
"""Offices a sports report uses for the person it is about ("the Scotland coach said"); other
offices ("the French president") usually bring in someone new."""


def same_role(noun: str, role: str) -> bool:
    """Whether a stated `role` ("Lions coach") is the office `noun` names ("coach", "boss")."""
    words = set(role.lower().split())
    return noun in words or bool(words & _SYNONYMS.get(noun, frozenset()))


def team_words(token: Token) -> frozenset[str]:
    """The capitalised words before an office that say whose it is: "the Manchester United
    boss" -> {"manchester", "united"}, "the England coach" -> {"england"}."""
    return frozenset(
        word.lower_
        for child in token.children
        if child.dep_ in ("compound", "amod", "nmod") and child.i < token.i
        for word in child.subtree
        if word.text[:1].isupper() and word.pos_ in ("PROPN", "ADJ", "NOUN")
    )


def team_role(token: Token) -> bool:
    """Whether the subject is "the United boss" or "the England captain": a person holding an
    office of a team, country or firm (not "the BBC spokesman", who speaks for the BBC)."""
    return (
        definite(token)
        and token.text.islower()  # "the Scottish Executive" is a name
        and token.lower_ in ROLE_NOUNS
        and token.lower_ not in PROXY_NOUNS
        and bool(team_words(token))
    )


def demonym_gender(token: Token) -> str | None:
    """'f' for "the Irishwoman", 'm' for "the Irishman", else None."""
    lower = token.lower_
    return "f" if lower.endswith("woman") else "m" if lower.endswith("man") else None


def definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def epithet(token: Token) -> bool:
    """Whether the subject is "the star" (of Rain Man): someone the report has named, called so
    (`Discourse.protagonist`)."""
    return definite(token) and token.lower_ in EPITHETS


def aged(token: Token) -> bool:
    """Whether the subject is "the 67-year-old" ("old" governs "year" in spaCy's parse) or "the
    74-year-old comedian"."""
    if not definite(token):
        return False
    if _an_age(token):
        return True
    return (
        token.pos_ == "NOUN"
        and token.lower_ not in UNNAMED_AGED
        and any(c.dep_ == "amod" and _an_age(c) for c in token.children)
    )


def _an_age(token: Token) -> bool:
    if token.lower_ == "old":
        return any(c.lower_ in ("year", "years") for c in token.children)
    return token.lower_.endswith("-year-old")


def has_article(token: Token) -> bool:
    """True when the noun has "the" (or "its") before it: "the Chair", "the company"."""
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its") for c in token.children)
