"""Speakers named by a role: "the minister said" is the one person the text gives that office;
"the shadow chancellor" is not the chancellor, "the trade and industry secretary" not the
culture secretary, "the Lions coach" not the Australia coach. Mixed into
`quote_speakers.SpeakerNames`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.cues import ROLE_NOUNS, word_set
from byline.analysis.speaker_words import has_article, same_role
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Token

    from byline.analysis.quote_pronouns import Discourse


class RoleSpeakers:
    """Role nouns to people; needs the attributes `attribution.Attributor` sets up."""

    text: str
    entities: tuple[Entity, ...]
    discourse: Discourse

    def _by_role(self, token: Token, teams: frozenset[str] = frozenset()) -> str | None:
        """A person whose stated role has this noun at its head ("the minister"); for a team's
        office, or one of its other names, and all the words of `teams` ("the Lions coach",
        "the United boss" for "Manchester United manager")."""
        noun = token.lower_
        if noun not in ROLE_NOUNS and not has_article(token):
            return None
        if any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in token.children):
            return None  # "a spokesman said": someone unnamed, not the spokesman named earlier
        qualifiers, portfolio = _qualifiers(token), _portfolio(token)
        found = [
            e
            for e in self.entities
            if e.type is EntityType.PERSON
            and e.role
            and (same_role(noun, e.role) if teams else _holds(noun, qualifiers, e.role))
            and portfolio <= set(e.role.lower().replace(",", " ").split())
        ]
        if not found:  # "her agent said", and elsewhere "Agent Simon Beresford said"
            found = [
                e
                for e in self.entities
                if e.type is EntityType.PERSON
                and any(
                    self._titled(m.start, m.end, noun, qualifiers, portfolio) for m in e.mentions
                )
            ]
        if teams:  # "the Lions coach": not the Australia coach
            found = [e for e in found if e.role and teams <= set(e.role.lower().split())]
        return found[0].name if len(found) == 1 else None

    def _team_person(self, token: Token) -> str | None:
        """Whom "the United boss" means when no one is given that office: whom "he" would mean
        there, unless the text gives them another office. (Without knowing who plays and who
        manages, "Wayne Rooney scored as United won. The United boss said ..." gives Rooney.)"""
        found = self.discourse.resolve(token.idx, None)
        entity = next((e for e in self.entities if e.name == found), None)
        if entity is None or entity.type is not EntityType.PERSON:
            return None
        return found if entity.role is None or same_role(token.lower_, entity.role) else None

    def _titled(
        self,
        start: int,
        end: int,
        noun: str,
        qualifiers: frozenset[str] = frozenset(),
        portfolio: frozenset[str] = frozenset(),
    ) -> bool:
        """Whether the mention at [start, end) is written with `noun` as its title, just
        before the name or as its first word ("Sheriff Harry Lee", "manager Graeme Souness"),
        qualified as the subject is ("shadow chancellor Oliver Letwin" is not "the
        chancellor") and of its portfolio (`_portfolio`)."""
        words = self.text[start:end].split()
        if len(words) > 1 and words[0].lower() == noun:
            return not qualifiers and not portfolio
        before = self.text[max(0, start - 60) : start].split()
        if not before or self.text[start - 1 : start] != " ":
            return False
        if not portfolio <= {w.lower().strip(",") for w in before[-6:]}:
            return False
        return _holds(noun, qualifiers, " ".join(before[-3:])) and before[-1].lower() == noun


_QUALIFIERS = word_set("shadow former ex deputy vice assistant junior acting outgoing")
"""Words that make a role another one: the shadow chancellor is not the chancellor."""


def _qualifiers(token: Token) -> frozenset[str]:
    """The qualifying words on a role noun: {"shadow"} for "the shadow chancellor"."""
    return frozenset(
        c.lower_
        for c in token.children
        if c.dep_ in ("amod", "compound") and c.lower_ in _QUALIFIERS
    )


def _portfolio(token: Token) -> frozenset[str]:
    """The nouns that make a role noun one office: {"trade", "industry"} for "the trade and
    industry secretary", who is not the Culture, Media and Sport Secretary. Not a name
    (`_BODIES`: "the Spurs sporting director" is Tottenham's), nor a word in capitals ("the TV
    host")."""
    nouns = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.i < token.i]
    nouns += [c for n in nouns for c in n.children if c.dep_ == "conj" and c.i < token.i]
    return frozenset(
        n.lower_ for n in nouns if n.is_alpha and n.ent_type_ not in _BODIES and not n.is_upper
    )


_BODIES = frozenset(("ORG", "PERSON", "GPE", "FAC", "LOC"))
"""spaCy's labels of a name a role may give another way (a club, its nickname, a place); a party's
("Tory", NORP) and a portfolio's ("Culture", none) are not among them."""


def _holds(noun: str, qualifiers: frozenset[str], role: str) -> bool:
    """Whether `role` is the office "the <qualifiers> <noun>" names: "chancellor" is the
    Chancellor of the Exchequer, not the shadow chancellor; "shadow chancellor" only him."""
    words = role.lower().replace("-", " ").split()
    return any(
        word == noun and {w for w in words[max(0, i - 2) : i] if w in _QUALIFIERS} == qualifiers
        for i, word in enumerate(words)
    )
