"""Names coordinated with a place take its kind: "Côte d’Ivoire and Togo".

spaCy often labels the second of two coordinated names on its own guess ("Togo" PERSON). A name
whose only evidence in the whole document is spaCy's label, joined by "and" or "or" to a name
the text shows is a place, is a place too. The partner must be a place by evidence (a
geographical preposition, "neighbouring", a place noun), not by spaCy's label alone, and people
coordinated with people ("Marsh and Smith") are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.entity_cluster import Cluster

_JOINS = frozenset(("and", "or"))


def _label_only(cluster: Cluster) -> bool:
    """Whether no mention of the cluster has any evidence beyond spaCy's label."""
    return not any(w > 0 for m in cluster.mentions for w in m.evidence.values())


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
