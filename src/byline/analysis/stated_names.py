"""Names the text itself ties together, which spaCy's spans alone keep apart.

- A stage name and a real name the text states as one person: "C-Murder, real name Corey
  Miller", "X, whose real name is Y", "X (real name Y)", "Y, better known as X", "X, aka Y",
  "X, also known as Y". `stated_aliases` finds the two names' spans; `entities.py` merges the
  entities holding them.
- A given name spaCy took for a nationality: "Adrian Mutu" read as NORP "Adrian" + an untagged
  "Mutu". A proper noun tagged NORP is a given name when the next word is a proper noun that the
  document names elsewhere (a demonym before a name is an adjective, tagged JJ: "Romanian Mutu").
  `given_name_joins` returns the joined full names as person mentions.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from byline.analysis.cues import is_given_name
from byline.analysis.entity_evidence import WEIGHT_HINT
from byline.analysis.entity_mentions import RawMention
from byline.analysis.names import fold, normalise_name
from byline.analysis.speaker_words import is_title_word
from byline.analysis.token_columns import columns
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from byline.analysis.entity_cluster import Cluster

_NAME = r"[A-Z][\w'’.-]*[\w.](?: (?:[A-Z][\w'’.-]*[\w.]|de|van|von|da|di|le|la))*"
"""A run of capitalised words (with surname particles inside): the name on either side."""

_MARKERS = (
    r", (?:whose )?real name(?: is| was)? ",
    r" \((?:real name|born|aka|a\.k\.a\.|also known as) ",
    r", (?:aka|a\.k\.a\.|also known as|better known as|known as|born) ",
)
_STATED = re.compile(rf"(?<![\w'’-])({_NAME})(?:{'|'.join(_MARKERS)})({_NAME})")

WEIGHT_GIVEN_NAME = 3.0
"""A given name before a surname the document uses is a person's name, like a role."""


def stated_aliases(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of character spans the text states are one person's names, in text order.

    The first span is the name before the marker ("C-Murder"), the second the one after it
    ("Corey Miller"); a name never runs over a line end.
    """
    pairs = []
    for match in _STATED.finditer(text):
        if "\n" in match.group(0):
            continue
        pairs.append((match.span(1), match.span(2)))
    return pairs


def given_name_joins(sdoc: Doc, known: Collection[str]) -> list[RawMention]:
    """Full names spaCy split into a nationality and an untagged word ("Adrian" + "Mutu").

    `known` are the folded one-word names the document's mentions use; the surname must be one
    of them, so a nationality before an unrelated proper noun ("British Airways") is left alone.
    """
    found = []
    lowercase = {word for word in columns(sdoc).words if word.islower()}
    for ent in sdoc.ents:
        if ent.label_ != "NORP" or len(ent) != 1 or ent.end >= len(sdoc):
            continue
        given, surname = ent[0], sdoc[ent.end]
        if (
            given.tag_ != "NNP"
            or given.whitespace_ != " "
            or surname.pos_ != "PROPN"
            or not surname.is_alpha
            or not surname.text[:1].isupper()
            or fold(surname.text) not in known
            or surname.ent_iob_ != "O"  # "American MTV": spaCy named the next word itself
            or surname.text.isupper()
            or fold(surname.text) in lowercase  # "Asian Tsunami": a common noun elsewhere
        ):
            continue
        votes = {EntityType.PERSON: WEIGHT_GIVEN_NAME}
        start, end = given.idx, surname.idx + len(surname.text)
        mention = RawMention(
            start, end, sdoc.text[start:end], [given.text, surname.text], dict(votes), votes
        )
        mention.strong = True
        mention.salient = surname.dep_ in ("nsubj", "nsubjpass")
        found.append(mention)
    return found


def with_given_names(sdoc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """`mentions` with the full names spaCy split into a nationality and a word (see
    `stated_names.given_name_joins`) in place of the pieces."""
    known = {fold(m.words[0]) for m in mentions if len(m.words) == 1}
    joins = given_name_joins(sdoc, known)
    if not joins:
        return mentions
    kept = [m for m in mentions if not any(m.start < j.end and j.start < m.end for j in joins)]
    return sorted(kept + joins, key=lambda m: m.start)


def with_hinted_people(
    sdoc: Doc, mentions: list[RawMention], hints: Collection[tuple[int, int]]
) -> list[RawMention]:
    """`mentions` with the speakers spaCy did not tag: the subject of a cue written as a name of
    two or three words after a title ("French Green MEP Alain Lipietz warned", "Dutch Liberal
    MEP Jan Mulder said") or opening with a common first name, a person; the pieces spaCy or the
    layer made of the words before it ("Green", "MEP") go."""
    found: list[RawMention] = []
    spans: list[tuple[int, int]] = []
    for start, end in hints:
        span = sdoc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        tokens = list(span)
        cut = max((i + 1 for i, t in enumerate(tokens) if is_title_word(t.text)), default=0)
        name = tokens[cut:]
        if not 2 <= len(name) <= 3 or any(t.ent_type_ for t in name):
            continue  # spaCy tagged it: its own mentions stand
        if not all(t.pos_ == "PROPN" and t.is_alpha and t.text.istitle() for t in name):
            continue
        if not cut and not is_given_name(name[0].text):
            continue  # "Apple Computer said": no title, no first name, no person
        begin, stop = name[0].idx, name[-1].idx + len(name[-1].text)
        if any(m.start < stop and begin < m.end and (m.role or m.strong) for m in mentions):
            continue  # found with its title or role already ("Lt Col Eric Schnaible")
        votes = {EntityType.PERSON: WEIGHT_HINT}
        words = [t.text for t in name]
        text = sdoc.text[begin:stop]
        found.append(RawMention(begin, stop, text, words, votes, dict(votes), strong=cut > 0))
        spans.append((span.start_char, span.end_char))
    if not found:
        return mentions
    kept = [m for m in mentions if not any(m.start < e and s < m.end for s, e in spans)]
    return sorted(kept + found, key=lambda m: m.start)


def merge_stated(text: str, clusters: list[Cluster]) -> list[Cluster]:
    """One entity for the names the text states are one ("X, real name Y"): the two clusters
    merge, or the unmentioned name becomes a mention of the other's cluster."""
    pairs = stated_aliases(text)
    if not pairs:
        return clusters

    def owner(span: tuple[int, int]) -> Cluster | None:
        return next(
            (c for c in clusters for m in c.mentions if m.start < span[1] and span[0] < m.end),
            None,
        )

    for first, second in pairs:
        a, b = owner(first), owner(second)
        if a is None and b is None:
            continue
        if a is not None and b is not None and a is not b:
            a.mentions.extend(b.mentions)
            a.forms.extend(b.forms)
            a.person = a.person or b.person
            clusters.remove(b)
        target = a if a is not None else b
        assert target is not None
        for span, other in ((first, a), (second, b)):
            name = normalise_name(text[span[0] : span[1]])
            if other is None:
                target.mentions.append(
                    RawMention(*span, text[span[0] : span[1]], name.split(), {}, {})
                )
            target.stated.append(name)
    return clusters


def stated_name(cluster: Cluster, mentions: list[RawMention]) -> str | None:
    """Of the names a text states are one, the one it uses most (the first on a tie)."""
    if not cluster.stated:
        return None

    def uses(name: str) -> int:
        words = [fold(w) for w in name.split()]
        return sum(1 for m in mentions if [fold(w) for w in m.words] == words[-len(m.words) :])

    return max(cluster.stated, key=lambda n: (uses(n), -cluster.stated.index(n)))
