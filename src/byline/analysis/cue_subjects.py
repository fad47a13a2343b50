"""Parse helpers for who speaks through a cue, beside `attribution.Attributor.subject`: the
object a causative makes speak ("prompted the minister to say"), the doer of a passive cue
("described by Jobs as"), a relative pronoun's antecedent, the name after "the British producer",
"put it", and the name written right after a common noun ("market analysts Gartner").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.cues import word_set

if TYPE_CHECKING:
    from spacy.tokens import Token

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
"""spaCy's labels of a name that may speak."""

_CAUSATIVES = word_set(
    """prompt prompts prompted prompting force forces forced forcing cause causes caused causing
    compel compels compelled compelling provoke provokes provoked provoking inspire inspires
    inspired inspiring persuade persuades persuaded persuading spur spurs spurred spurring
    lead leads led leading drive drives drove driving"""
)
"""Verbs whose object does what follows: "led Apacs to conclude", "prompted him to say". Not
"urged the chancellor to admit" or "would prefer Turkey to admit": that was not said."""


def made_to(verb: Token) -> Token | None:
    """Who a causative verb made say something: "the minister" in "prompted the minister to
    say" (no one named in "led some commentators to argue"); not "a speech" in "used a speech
    to say", nor "UKIP" in "left UKIP saying"."""
    if verb.head.lower_ not in _CAUSATIVES or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return None
    objects = [c for c in verb.head.children if c.dep_ == "dobj"]
    return objects[0] if objects else None


def described(token: Token) -> Token | None:
    """The common noun a nationality describes ("researcher" of "the Uruguayan-born
    researcher"), which names the speaker as a role does; None when there is none."""
    head = token
    for _ in range(3):
        if head.head.i <= head.i:
            return None
        head = head.head
        if head.pos_ == "NOUN":
            return head
    return None


def agent(verb: Token) -> Token | None:
    """The named doer of a passive verb: "Jobs" in "was described by Jobs as"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for noun in child.children:
                if noun.dep_ == "pobj" and (noun.pos_ == "PROPN" or noun.ent_type_ in NAMED_LABELS):
                    return noun
    return None


def antecedent(relative: Token, head: Token) -> Token:
    """Who "who" is: the parse's head of the clause, unless that is no person and a person's
    name stands right before the pronoun ("backed by Culture, Media and Sport Secretary Tessa
    Jowell who said": spaCy hangs the clause on "Culture")."""
    before = relative.doc[relative.i - 1] if relative.i else None
    if before is not None and before.text == "," and before.i:
        before = relative.doc[before.i - 1]
    if (
        before is not None
        and head.ent_type_ != "PERSON"
        and before.ent_type_ == "PERSON"
        and before.i != head.i
    ):
        return before
    return head


def is_put_it(token: Token) -> bool:
    """True for "put" in "as X put it": a cue only in that phrase."""
    doc = token.doc
    return (
        token.lower_ in ("put", "puts")
        and token.i + 1 < len(doc)
        and doc[token.i + 1].lower_ == "it"
    )


def name_right_after(noun: Token) -> Token | None:
    """The name written right after a common noun, its last proper noun: "according to market
    analysts In-Stat/MDR" (the parser hangs the name elsewhere), or None."""
    if noun.pos_ != "NOUN":
        return None
    doc = noun.doc
    last = None
    for token in doc[noun.i + 1 : noun.i + 8]:
        if token.text in ("-", "/", "&") or (token.text[:1].isupper() and token.is_alpha):
            last = token if token.pos_ == "PROPN" else last
            continue
        break
    return last
