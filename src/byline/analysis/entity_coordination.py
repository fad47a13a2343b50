"""Names coordinated with a place take its kind: "Côte d’Ivoire and Togo"; names in a list of
people are people ("Forwards: Nicolas Mas, Sylvain Marconnet, Olivier Milloud, ...").

spaCy often labels the second of two coordinated names on its own guess ("Togo" PERSON). A name
whose only evidence in the whole document is spaCy's label, joined by "and" or "or" to a name
the text shows is a place, is a place too. The partner must be a place by evidence (a
geographical preposition, "neighbouring", a place noun), not by spaCy's label alone, and people
coordinated with people ("Marsh and Smith") are left as they are.

A team sheet or a list of signatories is a run of names joined by commas, semicolons and "and"
(each perhaps with its side in brackets: "B Cohen (England), A Rougerie (France)");
spaCy labels each on its own, and in a line-up of twelve players calls two organisations and one
a place. In a run of at least LIST_LEAST names of which most are people, the others whose
evidence of another kind is weak, each a name of at most three capitalised words, are people
too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.names import fold
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.entity_cluster import Cluster
    from byline.analysis.entity_mentions import RawMention

_JOINS = frozenset(("and", "or"))
_LIST_SEPARATORS = frozenset((", ", "; ", " and ", ", and ", " & "))
LIST_LEAST = 4
"""Names a run needs before it counts as a list (three could be "Blair, Brown and Labour")."""


def _label_only(cluster: Cluster) -> bool:
    """Whether no mention of the cluster has any evidence beyond spaCy's label."""
    return not any(w > 0 for m in cluster.mentions for w in m.evidence.values())


def _weak_evidence(cluster: Cluster) -> bool:
    """Whether the cluster's evidence of being an organisation or a place is at most its evidence
    of being a person, give or take one weak cue."""
    evidence: dict[EntityType, float] = {}
    for m in cluster.mentions:
        for kind, weight in m.evidence.items():
            evidence[kind] = evidence.get(kind, 0.0) + weight
    person = evidence.pop(EntityType.PERSON, 0.0)
    return sum(evidence.values()) <= person + 1.0


_PLACE_PARTS = frozenset(("central", "north", "south", "east", "west", "city", "county"))
"""Words of a constituency's or a district's name ("Sheffield Central"), in lists of them."""


def _plural(sdoc: Doc, mention: RawMention) -> bool:
    """Whether the mention ends in a plural proper noun: a band or a title ("the Beastie Boys",
    "Robots"), not a surname."""
    span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[-1].tag_ == "NNPS"


def _evidenced_place(cluster: Cluster) -> bool:
    return cluster.type() is EntityType.PLACE and any(
        m.evidence.get(EntityType.PLACE, 0.0) > 0 for m in cluster.mentions
    )


def _partners(root: Token) -> list[Token]:
    """Tokens coordinated with `root` by "and"/"or"."""
    found = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        found.append(root.head)
    doc = root.doc
    return [
        p
        for p in found
        if any(t.lower_ in _JOINS for t in doc[min(p.i, root.i) + 1 : max(p.i, root.i)])
    ]


def coordinated_places(sdoc: Doc, clusters: list[Cluster]) -> None:
    """Add a place vote, enough to outweigh spaCy's labels, to each label-only name coordinated
    with an evidenced place (module docstring)."""
    owner: dict[int, Cluster] = {}
    for cluster in clusters:
        for m in cluster.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for tok in span:
                    owner[tok.i] = cluster
    places = {id(c) for c in clusters if _evidenced_place(c)}
    for cluster in clusters:
        if id(cluster) in places or not _label_only(cluster):
            continue
        for m in cluster.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            partners = [owner.get(p.i) for p in _partners(span.root)]
            if any(p is not None and id(p) in places for p in partners):
                m.votes[EntityType.PLACE] = 1.0 + sum(
                    w for c in cluster.mentions for w in c.votes.values() if w > 0
                )
                break


def listed_people(text: str, sdoc: Doc, clusters: list[Cluster]) -> None:
    """Add a person vote, enough to outweigh spaCy's labels, to each label-only name in a list
    of people (module docstring)."""
    owner: dict[int, Cluster] = {}
    mentions = []
    for cluster in clusters:
        for m in cluster.mentions:
            owner[id(m)] = cluster
            mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    run: list[RawMention] = []
    ended = False  # the run's last name came after "and": the list is over
    last = 0  # where the run's last name ends, with its side in brackets
    for m in mentions:
        if run and m.start < last:
            continue  # another name in the brackets: "(Sale/ENG)"
        if run and text[last : m.start] == " (":
            close = text.find(")", m.end, m.end + 16)
            if close != -1 and "\n" not in text[m.end : close]:
                last = close + 1  # "B Cohen (England), A Rougerie (France)": a player's side
                continue
        separator = text[last : m.start] if run else ""
        if run and (ended or separator not in _LIST_SEPARATORS):
            _people_of(sdoc, run, owner)
            run = []
        ended = bool(run) and separator not in (", ", "; ")
        run.append(m)
        last = m.end
    _people_of(sdoc, run, owner)


def _people_of(sdoc: Doc, run: list[RawMention], owner: dict[int, Cluster]) -> None:
    if len(run) < LIST_LEAST:
        return
    people = [m for m in run if owner[id(m)].type() is EntityType.PERSON]
    if 2 * len(people) <= len(run):
        return
    for m in run:
        cluster = owner[id(m)]
        if (
            m not in people
            and _weak_evidence(cluster)
            and len(m.words) <= 3
            and all(w[:1].isupper() for w in m.words)
            and not any(fold(w) in _PLACE_PARTS for w in m.words)
            and not _plural(sdoc, m)
        ):
            m.votes[EntityType.PERSON] = 1.0 + sum(
                w for c in cluster.mentions for w in c.votes.values() if w > 0
            )
