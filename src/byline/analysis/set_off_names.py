"""A speaker's name set off by commas beside the cue, for when spaCy's parse gives the cue no
usable subject: "Ieuan Wyn Jones, leader of the group, said", "the head of the unit, Chief
Superintendent Mick Deats, said", "said one of their lawyers, Michalis Dimitrakopoulos."
(`attribution.Attributor.speaker`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from byline.analysis.cues import ROLE_NOUNS
from byline.analysis.entity_roles import is_person_noun
from byline.analysis.speaker_words import is_title_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SET_OFF_WORDS = 16
"""How many words an apposition set off by commas may run to ("leader of the Plaid Cymru group
in the assembly")."""


def set_off_name(cue: Token, quoted: Sequence[bool]) -> Token | None:
    """A person's name set off by commas beside `cue` where the parse gives no usable subject:
    "Ieuan Wyn Jones, leader of the group, said", "the head of the unit, Chief Superintendent
    Mick Deats, said", "said one of their lawyers, Michalis Dimitrakopoulos." The last word of
    the name, or None. Only words without a verb may lie between the name and the cue."""
    doc = cue.doc
    sent = cue.sent
    i = cue.i - 1
    if i >= sent.start and doc[i].text == "," and not quoted[i]:
        name = _person_ending(doc, i - 1, sent.start, quoted)
        if name is not None and not _of_someone_else(name):
            return name
        j = i - 1
        while j >= max(sent.start, i - _SET_OFF_WORDS) and _plain(doc[j], quoted):
            j -= 1
        if j >= sent.start and doc[j].text == "," and j < i - 1:
            return _person_ending(doc, j - 1, sent.start, quoted)
    k = cue.i + 1
    while k < min(sent.end, cue.i + 1 + _SET_OFF_WORDS) and _plain(doc[k], quoted):
        k += 1
    if k < sent.end - 1 and k > cue.i + 1 and doc[k].text == ",":
        last = k + 1
        while last + 1 < sent.end and doc[last + 1].ent_iob_ == "I":
            last += 1
        follows = doc[last + 1].text if last + 1 < sent.end else "."
        if doc[k + 1].ent_type_ == "PERSON" and doc[k + 1].ent_iob_ == "B" and follows in ".,;":
            return None if _of_someone_else(doc[last]) else doc[last]
    return None


_PEOPLE = frozenset({"man", "woman", "boy", "girl", "child", "person", "couple", "family"})


def _of_someone_else(name: Token) -> bool:
    """Whether the name set off by commas may stand for the person after a preposition rather
    than the speaker: "an aide to the prime minister, Tony Blair", "a lawyer for the singer,
    Michael Jackson" (but "one of their lawyers, Michalis Dimitrakopoulos" is the lawyer, and
    "the head of the NHTCU, Mick Deats" the head)."""
    doc = name.doc
    first = _name_start(doc, name.i, 0)
    if first < 2 or doc[first - 1].text != ",":
        return False
    noun = doc[first - 2]
    personal = is_person_noun(noun.lower_) or noun.lower_ in ROLE_NOUNS | _PEOPLE
    if noun.dep_ != "pobj" or not personal:
        return False
    owner = noun.head.head  # "one" in "one of their lawyers"
    return not (noun.head.lower_ == "of" and owner.lower_ in ("one", "some", "each", "all"))


def _plain(token: Token, quoted: Sequence[bool]) -> bool:
    """A word an apposition may hold: not punctuation that ends it, not a verb, not quoted."""
    return not (
        quoted[token.i]
        or token.text in (",", ";", ":", ".", "?", "!", "(", ")")
        or token.pos_ in ("VERB", "AUX")
    )


_OPENS_A_NAME = frozenset({",", '"', "“", "”", "'", "‘", "’", ":", "(", "—", "–", "-"})
"""What may stand before a name set off by commas (besides the sentence's start): not "of" or
"and" ("allies of Mr Blair and Mr Brown, said")."""


def _person_ending(doc: Doc, i: int, start: int, quoted: Sequence[bool]) -> Token | None:
    """doc[i] when it ends a PERSON entity outside quotes that opens its phrase (after `start`,
    a comma or a quotation mark, titles aside)."""
    if i < start or quoted[i] or doc[i].ent_type_ != "PERSON":
        return None
    if i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        return None
    first = _name_start(doc, i, start)
    return doc[i] if first == start or doc[first - 1].text in _OPENS_A_NAME else None


def _name_start(doc: Doc, i: int, start: int) -> int:
    """The first word of the name ending at doc[i], with the titles before it ("Acting
    Detective Chief Superintendent Mick Deats"), not before `start`."""
    first = i
    while first > start and doc[first].ent_iob_ == "I":
        first -= 1
    while first > start and is_title_word(doc[first - 1].text.rstrip(".")):
        first -= 1
    return first
