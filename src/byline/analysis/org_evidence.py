"""Words around a name that show it is an organisation's, when spaCy calls it a person or a place.

A one-word company or band ("Diageo", "Korn", "Hypertag") looks like a surname or a town to a
small model. The sentence usually says otherwise:

- a noun for a kind of organisation right before it ("low-cost carrier X", "rock band X") or
  after it ("the X building society");
- what only organisations have: "shares in X", "a stake in X", "a spokeswoman for X", "members
  of X", "X's shares / profits / chief executive";
- "X said it ...": a speaker that refers to itself as "it" (people are "he" or "she");
- for teams: "a 3-1 win over X", "a move to X", "his form for X" (a lighter vote: a country's
  team takes these too, and stays a place).

Each cue adds a weighted ORG vote (`mention_evidence` calls `organisation_votes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from byline.analysis.cues import SPOKESPEOPLE, is_given_name
from byline.analysis.names import word_set
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from byline.analysis.entity_mentions import RawMention

WEIGHT_ORG_CUE = 3.0
"""An organisation cue outweighs one spaCy label and a weak place preposition ("shares in X")."""

KIND_NOUNS: frozenset[str] = word_set(
    """company firm group maker provider producer retailer carrier airline operator manufacturer
    supplier lender bank broadcaster distributor developer publisher exporter importer giant
    rival subsidiary brand chain network band label club charity insurer builder conglomerate
    start-up startup chipmaker carmaker brewer distiller miner newspaper magazine website
    society consultancy department ministry agency regulator watchdog"""
)
"""Nouns that name a kind of organisation: "low-cost carrier Virgin Blue", "rock band Korn"."""

_CRAFTS = word_set(
    """film movie record music tv television theatre documentary policy law decision peace
    programme executive co associate"""
)
"""Words that make "maker" or "producer" after them a person's trade: "film-maker Spike Lee",
"record producer Nigel Godrich"."""


def kind_noun(token: Token) -> bool:
    """Whether `token` is one of `KIND_NOUNS`, not a person's trade: "maker" or "producer"
    after one of `_CRAFTS` and before a person's name ("film-maker Spike Lee", not "film
    producer Working Title")."""
    if token.lower_ not in KIND_NOUNS:
        return False
    if token.lower_ in ("maker", "producer") and 0 < token.i < len(token.doc) - 1:
        before, after = token.nbor(-1), token.nbor(1)
        if before.text == "-" and before.i > 0:
            before = before.nbor(-1)
        personal = after.ent_type_ == "PERSON" or is_given_name(after.text)
        return not (before.lower_ in _CRAFTS and personal)
    return True


_OWNED_BY = word_set(
    """shares stake stakes shareholders shareholder spokesman spokeswoman spokesperson members
    owner owners chairman chairwoman boss takeover bid investors subsidiary"""
)
"""Nouns followed by "in/of/for X" when X is an organisation: "shares in X", "members of X"."""

_HAS = word_set(
    """shares profits profit sales revenue revenues earnings shareholders customers stores
    chairman chairwoman boss board subsidiary headquarters spokesman spokeswoman offer bid
    squad website"""
)
"""Nouns after "X's" that only an organisation has: "X's profits", "X's chairman"."""

_COMPANY_ROLES = word_set("""chairman chairwoman founder co-founder shareholders""")
"""Nouns a name modifies only when it is an organisation's: "Microsoft founder Bill Gates", "BT
chief executive Ben Verwaayen" (with "chief executive", below). Not "boss", "captain" or
"coach": "England boss Sven-Goran Eriksson" is the country's team."""

_CONTESTS = word_set(
    """win victory defeat draw game match tie clash fixture replay comeback lead move transfer
    switch bid"""
)
"""Nouns followed by "over/against/to X" when X is a team or a club: "a 3-1 win over X", "a
move to X". Country names take these too (a national team), so the vote is a light one; a name
that opens with a common first name is a player's ("a shock defeat to Taylor Dent")."""

_PLAYING_ROLES = word_set(
    """striker defender midfielder goalkeeper keeper winger full-back fly-half scrum-half
    flanker hooker manager boss coach"""
)
"""Nouns a team's name modifies: "Aston Villa defender", "Bolton boss Sam Allardyce"."""


def _team_cue(span: Span) -> bool:
    """A club's name before a player's position or its manager ("Aston Villa defender"), or a
    loan's ("on loan from Charlton", "join Preston on a month's loan")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in _PLAYING_ROLES:
        # Not a name spaCy calls a country or a town: a national side ("England coach") stays
        # the country, as with the contests below.
        return span.root.ent_type_ != "GPE"
    before = doc[max(span.start - 3, 0) : span.start]
    if (
        any(t.lower_ == "loan" for t in before)
        and span.start
        and doc[span.start - 1].lower_ == "from"
    ):
        return True
    # joined on loan, not "have taken Jermaine Pennant on loan" (the player)
    after = [t.lower_ for t in doc[span.end : span.end + 5]]
    moved = span.start > 0 and doc[span.start - 1].lower_ in _JOINING
    return moved and bool(after) and after[0] == "on" and "loan" in after


_JOINING = frozenset(("join", "joins", "joined", "joining", "rejoin", "rejoined", "to"))
"""Words before a club a player goes to on loan ("join Preston on a month's loan")."""


WEIGHT_CONTEST = 1.5
WEIGHT_IT = 1.0


def portfolio_before(name: Token) -> bool:
    """Whether a lower-case noun comes right before the name, as a portfolio before the person
    who holds it: "spokesman for sport Hugh Robertson" (not "shares in Ryanair")."""
    return any(c.dep_ == "compound" and c.is_lower and c.pos_ == "NOUN" for c in name.lefts)


def _bid_for_a_player(noun: Token) -> bool:
    """A "bid for X" that is no takeover: a club's "late bid for Bellamy" (a player) is no cue
    of an organisation, a "takeover bid for X" or "£2bn bid for X" is."""
    if noun.lower_ != "bid":
        return False
    return not any(t.lower_ == "takeover" or t.like_num or t.text in "£$€" for t in noun.lefts)


def _company_role(after: Span) -> bool:
    """Whether the words right after a name are a role only an organisation has:
    `_COMPANY_ROLES`, or "chief executive"."""
    words = [token.lower_ for token in after]
    return bool(words) and (words[0] in _COMPANY_ROLES or words == ["chief", "executive"])


def organisation_votes(span: Span, add: Callable[[EntityType, float], None]) -> None:
    """Add ORG votes for the cues in the module docstring."""
    doc = span.doc
    if span.start > 0:
        before = doc[span.start - 1]
        if before.pos_ == "NOUN" and kind_noun(before):
            add(EntityType.ORG, WEIGHT_ORG_CUE)
            return
    root = span.root
    if (
        root.dep_ == "compound"
        and kind_noun(root.head)
        and root.head.i >= span.end
        and span.start > 0
        and doc[span.start - 1].lower_ == "the"  # not "a London newspaper", "US rock band"
        and root.ent_type_ != "GPE"  # "the Bristol band", "the US giant": where it is from
    ):
        add(EntityType.ORG, WEIGHT_ORG_CUE)  # "the Kessler farming group"
        return
    if _company_role(doc[span.end : span.end + 2]) and not (
        span.start > 0 and doc[span.start - 1].lower_ in ("of", "and", "&")
    ):  # not "Royal Bank of Scotland chief executive"
        add(EntityType.ORG, WEIGHT_ORG_CUE)  # "BT chief executive Ben Verwaayen"
        return
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "of", "for"):
        owner = root.head.head
        if (
            owner.lower_ in _OWNED_BY
            and not _bid_for_a_player(owner)
            and not (owner.lower_ in SPOKESPEOPLE and portfolio_before(root))
        ):
            add(EntityType.ORG, WEIGHT_ORG_CUE)
            return
    if _team_cue(span):
        add(EntityType.ORG, WEIGHT_CONTEST)
        return
    prep = root.head
    if (
        root.dep_ == "pobj"
        and not (len(span) > 1 and is_given_name(span[0].text))  # "defeat to Taylor Dent"
        and (
            (prep.lower_ in ("over", "against", "to") and prep.head.lower_ in _CONTESTS)
            or (prep.lower_ == "for" and prep.head.lower_ in ("form", "played", "playing"))
        )
    ):
        add(EntityType.ORG, WEIGHT_CONTEST)
        return
    end = span.end
    if end + 1 < len(doc) and doc[end].text in ("'s", "’s") and doc[end + 1].lower_ in _HAS:
        add(EntityType.ORG, WEIGHT_ORG_CUE)
        return
    if root.dep_ == "nsubj" and len(span) == 1:
        for clause in root.head.children:
            if clause.dep_ != "ccomp":
                continue
            for word in clause.children:
                if word.dep_ in ("nsubj", "nsubjpass") and (
                    word.lower_ == "it" or any(c.lower_ == "its" for c in word.children)
                ):
                    add(EntityType.ORG, WEIGHT_IT)  # "it" may be the plan, not the speaker
                    return


WEIGHT_PLACED = 2.0
"""A geographical preposition ("in X", "around X"), not a weak one ("at X", "from X")."""


def doubtful_org_labels(mentions: Iterable[RawMention]) -> float:
    """The weight of spaCy's ORG labels on a name the text treats only as a place's.

    spaCy calls an unfamiliar town ORG ("the harbour of Tema"); an organisation named that often
    shows it somewhere (an organisation word, "X said it", "shares in X"). When no mention has any
    organisation or person cue and one is placed by a geographical preposition ("in X", "around
    X"), `Cluster.type` counts these labels half. 0 otherwise.
    """
    labels = 0.0
    placed = False
    for m in mentions:
        if m.evidence.get(EntityType.ORG, 0.0) > 0 or m.evidence.get(EntityType.PERSON, 0.0) > 0:
            return 0.0
        placed = placed or m.evidence.get(EntityType.PLACE, 0.0) >= WEIGHT_PLACED
        labels += m.votes.get(EntityType.ORG, 0.0)
    return labels if placed else 0.0
