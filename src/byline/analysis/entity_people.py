"""People out of person-like forms: full names and bare surnames merged under OCR noise, two given
names with one surname kept as two people, and a bare surname given to the person the passage is
about (see `entities`)."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from byline.analysis.entity_cluster import Cluster
from byline.analysis.entity_evidence import has_org_word
from byline.analysis.entity_mentions import Form
from byline.analysis.entity_roles import is_person_noun
from byline.analysis.entity_scan import salient_owner
from byline.analysis.names import (
    PARTICLES,
    TITLES,
    _first_names_agree,
    fold,
    ocr_key,
    similar_word,
    split_name,
    word_set,
)
from byline.analysis.org_evidence import KIND_NOUNS
from byline.models import EntityType


@dataclass(eq=False)
class _SurnameGroup:
    """People (and bare surname forms) whose surnames are one spelling under OCR noise."""

    rep: str
    people: list[Cluster] = field(default_factory=list)
    bare: list[Form] = field(default_factory=list)


class Surnames:
    """Surname groups bucketed by the first OCR-folded letter, so lookups stay cheap."""

    def __init__(self) -> None:
        self.buckets: dict[str, list[_SurnameGroup]] = {}

    def find(self, surname: str, with_people: bool = False) -> _SurnameGroup | None:
        """The group whose surname is `surname` under OCR noise (exact key match first).

        `with_people`: only groups that already hold a person (full name or bare surname).
        """
        bucket = self.buckets.get(ocr_key(surname)[:1], [])
        key = ocr_key(surname)
        candidates = [g for g in bucket if not with_people or g.people or g.bare]
        for group in candidates:
            if ocr_key(group.rep) == key:
                return group
        for group in candidates:
            if similar_word(surname, group.rep):
                return group
        return None

    def add(self, surname: str) -> _SurnameGroup:
        """A new group for `surname`."""
        group = _SurnameGroup(surname)
        self.buckets.setdefault(ocr_key(surname)[:1], []).append(group)
        return group

    def groups(self) -> list[_SurnameGroup]:
        """All groups."""
        return [g for bucket in self.buckets.values() for g in bucket]


def _is_name_form(form: Form) -> bool:
    """Whether a form may be a personal name: no organisation word, and no more evidence of a
    place or an organisation than of a person."""
    words = [w for w in form.words if fold(w) not in PARTICLES]
    long = len(form.words) > 4  # only with particles: "Luiz Inacio Lula da Silva"
    if (
        has_org_word(form.words)
        or len(words) > 4
        or (long and not all(w[:1].isupper() for w in words))
    ):
        return False
    other = form.evidence.get(EntityType.PLACE, 0.0) + form.evidence.get(EntityType.ORG, 0.0)
    if other <= form.evidence.get(EntityType.PERSON, 0.0) + 1.0:  # weak cues do not count
        return True
    # Weak cues add up over many mentions ("heir to John Peel", "replace John Peel": a place's
    # "to"); a form that is a person's far more often than anything else stays a name.
    # Not against cues of an organisation or against a person ("shares in Biogen Idec").
    votes, evidence = form.votes, form.evidence
    others = votes.get(EntityType.PLACE, 0.0) + votes.get(EntityType.ORG, 0.0)
    cued = evidence.get(EntityType.ORG, 0.0) > 0 or evidence.get(EntityType.PERSON, 0.0) < 0
    return not cued and votes.get(EntityType.PERSON, 0.0) >= 4 * others


def cluster_people(forms: list[Form]) -> tuple[list[Cluster], set[str], Surnames]:
    """Merge person forms into people; returns the people, the form keys used, and the surnames."""
    surnames = Surnames()
    used: set[str] = set()
    person_forms = [f for f in forms if f.type is EntityType.PERSON and _is_name_form(f)]
    person_forms.sort(key=lambda f: (len(f.words) == 1, -len(f.mentions)))
    given_names: dict[str, list[Cluster]] = {}
    for form in person_forms:
        if len(form.words) == 1 and _given_name_of(form, surnames, given_names):
            used.add(form.key)
            continue
        given, surname = split_name(form.words)
        found = surnames.find(surname)
        group = found if found is not None else surnames.add(surname)
        if given:
            person = _person_for(group, form)
            person.full.append(form)
            owners = given_names.setdefault(fold(given[0]), [])
            if person not in owners:
                owners.append(person)
        else:
            group.bare.append(form)
        used.add(form.key)
    # Forms spaCy typed otherwise that name a known person: "Marsh" called GPE, "Kowa1czyk" ORG.
    for form in forms:
        if form.key in used or not _is_name_form(form):
            continue
        given, surname = split_name(form.words)
        known = surnames.find(surname, with_people=True)
        if known is None:
            if len(form.words) == 1 and _given_name_of(form, surnames, given_names):
                used.add(form.key)
            continue
        if not given:
            known.bare.append(form)
            used.add(form.key)
        elif not known.people or any(_first_names_agree(p.given, given) for p in known.people):
            _person_for(known, form).full.append(form)
            used.add(form.key)
    people: list[Cluster] = []
    for group in surnames.groups():
        if not group.people:
            group.people.append(Cluster(person=True))
        for person in group.people:
            for form in person.full:
                person.add_form(form)
        _assign_bare(group)
        people.extend(group.people)
    return people, used, surnames


def _given_name_of(form: Form, surnames: Surnames, given_names: dict[str, list[Cluster]]) -> bool:
    """Give a bare given name ("Ashley" after "Ashley Cole") to the one person who has it.

    Only when no surname group claims the word and exactly one person bears that given name.
    """
    if surnames.find(form.words[0]) is not None:
        return False
    owners = given_names.get(form.key, [])
    if len(owners) != 1:
        return False
    owners[0].full.append(form)
    return True


def _person_for(group: _SurnameGroup, form: Form) -> Cluster:
    """The person in `group` whose given names agree with `form`'s (or who has the same double
    surname, see `_double_surname`), or a new one."""
    given = split_name(form.words)[0]
    for person in group.people:
        if _first_names_agree(person.given, given):
            return person
    for person in group.people:
        if _double_surname(person.given, given):
            return person
    person = Cluster(person=True, given=given)
    group.people.append(person)
    return person


def _double_surname(a: list[str], b: list[str]) -> bool:
    """Whether the shorter of two lists of given names is the end of the longer, every word a
    capitalised name: "Baez Silva" is the double surname of "Carlos Baez Silva", and "Symmons
    Roberts" of "Michael Symmons Roberts". Not after a role or a kind ("Broadcaster Chris Evans"
    is Chris Evans with his job before the name)."""
    short, long = sorted((a, b), key=len)
    if (
        not short
        or len(short) == len(long)
        or [fold(w) for w in long[-len(short) :]] != [fold(w) for w in short]
    ):
        return False
    extra = long[: -len(short)]
    return all(
        w[:1].isupper()
        and len(w.rstrip(".")) > 1
        and fold(w) not in TITLES
        and fold(w) not in KIND_NOUNS
        and not is_person_noun(w)
        for w in long
    ) and not any(fold(w) in _NOT_GIVEN for w in extra)


_NOT_GIVEN = word_set("model veteran legend icon rookie teenager youngster")
"""Capitalised nouns that open a sentence before a name, not given names."""


def _assign_bare(group: _SurnameGroup) -> None:
    """Give bare-surname mentions to the person they mean: the only one, else the one the
    passage is about (see `salient_owner`)."""
    if len(group.people) == 1:
        for form in group.bare:
            group.people[0].add_form(form)
        return
    anchors: list[list[tuple[int, bool]]] = [
        sorted((m.start, m.salient) for m in p.mentions) for p in group.people
    ]
    bare = sorted((m for form in group.bare for m in form.mentions), key=lambda m: m.start)
    for mention in bare:
        owner = salient_owner(anchors, mention.start)
        group.people[owner].mentions.append(mention)
        bisect.insort(anchors[owner], (mention.start, True))


def surname_lookup(surnames: Surnames) -> Callable[[str], list[Cluster]]:
    """Maps a capitalised word to the people whose surname it may be an OCR spelling of."""

    def lookup(word: str) -> list[Cluster]:
        group = surnames.find(word, with_people=True)
        return [p for p in group.people if p.mentions] if group else []

    return lookup


def join_lone_surnames(clusters: list[Cluster]) -> list[Cluster]:
    """`clusters` with each bare surname that ended up a person of its own given to the one
    person whose full name ends with it: "starring DiCaprio" after "Leonardo DiCaprio", a form
    with too little evidence of a person for `cluster_people` that still votes PERSON."""
    people = [c for c in clusters if c.mentions and c.type() is EntityType.PERSON]
    owners = _by_surname(people, lambda words: len(words) > 1)
    return _joined(clusters, people, owners)


def join_mistyped_surnames(clusters: list[Cluster]) -> list[Cluster]:
    """`clusters` with each bare surname spaCy typed otherwise given to the one person named in
    full whose surname it is: "Gallas" an organisation beside "William Gallas", "Spears" a place
    beside "Britney Spears". Only when the full name has evidence of a person beyond spaCy's
    label (a title, a role, a quote: not "Hotel Rwanda") and a given name ("Van de Vijver" has
    none), and the surname's own evidence of another kind is no more than a preposition's
    (`_weak_other`); never an acronym ("UKIP")."""
    people = [
        c for c in clusters if c.mentions and c.type() is EntityType.PERSON and _evidenced_person(c)
    ]
    owners = _by_surname(people, lambda words: bool(split_name(words)[0]))
    mistyped = [
        c
        for c in clusters
        if c.mentions
        and c.type() is not EntityType.PERSON
        and not c.mentions[0].words[0].isupper()
        and _weak_other(c)
    ]
    return _joined(clusters, mistyped, owners)


def _by_surname(
    people: list[Cluster], full: Callable[[list[str]], bool]
) -> dict[str, list[Cluster]]:
    """People by the (folded) last word of each of their names that `full` accepts."""
    owners: dict[str, list[Cluster]] = {}
    for person in people:
        for last in {fold(m.words[-1]) for m in person.mentions if full(m.words)}:
            owners.setdefault(last, []).append(person)
    return owners


def _joined(
    clusters: list[Cluster], lones: list[Cluster], owners: dict[str, list[Cluster]]
) -> list[Cluster]:
    """`clusters` with each of `lones` that is one bare word given to its one other owner."""
    for lone in lones:
        words = {fold(" ".join(m.words)) for m in lone.mentions}
        if len(words) != 1 or " " in next(iter(words)):
            continue
        found = [p for p in owners.get(next(iter(words)), []) if p is not lone]
        if len(found) == 1:
            found[0].mentions.extend(lone.mentions)
            found[0].forms.extend(lone.forms)
            clusters.remove(lone)
    return clusters


def _evidenced_person(cluster: Cluster) -> bool:
    return sum(m.evidence.get(EntityType.PERSON, 0.0) for m in cluster.mentions) >= 1.0


def _weak_other(cluster: Cluster) -> bool:
    """Whether no mention has more than a preposition's cue of being other than a person."""
    return all(
        weight <= 2.0
        for m in cluster.mentions
        for kind, weight in m.evidence.items()
        if kind is not EntityType.PERSON
    )
