"""Document-level entities: one type, one canonical name, every alias and mention per entity.

spaCy labels each mention on its own, and on real (OCR'd) news text it is often wrong: a capital
city called PERSON, a surname called GPE, six spellings of one person given three types. Here all
mentions of a name vote together, weighted by the evidence around them (`entity_evidence`), after
merging the forms one entity takes: surname and full name, titles and possessives dropped, OCR
variants of a surname. Different people stay apart: two given names with one surname are two people,
and a bare surname then goes to the one mentioned most recently before it.

Work is linear in the number of mentions: forms are grouped by folded text, and surnames are only
compared within buckets keyed by their first (OCR-folded) letter.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from byline.analysis.entity_context import kind_named_runs, not_names, untagged_organisations
from byline.analysis.entity_coordination import coordinated_places
from byline.analysis.entity_evidence import has_org_word
from byline.analysis.entity_mentions import Form, RawMention, collect_mentions, group_forms
from byline.analysis.entity_scan import salient_owner, scan_aliases
from byline.analysis.names import (
    _first_names_agree,
    fold,
    is_clean_spelling,
    normalise_name,
    normalise_org_name,
    ocr_key,
    similar_word,
    split_name,
    word_set,
)
from byline.analysis.org_evidence import doubtful_org_labels
from byline.analysis.stated_names import merge_stated, stated_name, with_given_names
from byline.models import Entity, EntityType, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

WEIGHT_STRONG_PERSON = 4.0
"""Added once to a cluster with any titled or role-bearing mention."""
_TYPE_ORDER = (EntityType.PERSON, EntityType.ORG, EntityType.PLACE, EntityType.MISC)
_FILLER = frozenset(("of", "the", "and", "for", "&", "de", "du", "la", "le"))


@dataclass(eq=False)
class Cluster:
    """The forms and mentions of one entity while it is being built."""

    person: bool
    mentions: list[RawMention] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    full: list[Form] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    stated: list[str] = field(default_factory=list)
    """Names the text states are this one entity's ("C-Murder, real name Corey Miller")."""

    def add_form(self, form: Form) -> None:
        """Take all mentions of `form`."""
        self.forms.append(form)
        self.mentions.extend(form.mentions)

    def votes(self) -> dict[EntityType, float]:
        """All type votes of all mentions."""
        total: dict[EntityType, float] = dict.fromkeys(_TYPE_ORDER, 0.0)
        for mention in self.mentions:
            for kind, weight in mention.votes.items():
                total[kind] += weight
        return total

    def type(self) -> EntityType:
        """The winning type; ties go to PERSON, then ORG, PLACE, MISC.

        A title or a role anywhere ("Mr", "England coach") adds a strong vote for a person. Once
        the text writes a person's full name, spaCy's other labels on the bare surname do not
        count ("Wright-Phillips" called ORG five times after "Shaun Wright-Phillips"). A name
        never given with a first name nor a title is a doubtful person (spaCy calls towns, firms
        and bands PERSON too), so spaCy's PERSON labels on it count half; so do its ORG labels on
        a name the text only places (`doubtful_org_labels`).
        """
        votes = self.votes()
        if self.person and any(len(m.words) > 1 and _personal(m) for m in self.mentions):
            for m in self.mentions:  # spaCy's usual error: a known person's bare surname as ORG
                if len(m.words) == 1:
                    for kind, weight in m.votes.items():
                        if kind is not EntityType.PERSON:
                            votes[kind] -= weight - m.evidence.get(kind, 0.0)
            votes[EntityType.PERSON] += WEIGHT_STRONG_PERSON
        elif all(len(m.words) == 1 for m in self.mentions):
            labels = sum(
                m.votes.get(EntityType.PERSON, 0.0) - m.evidence.get(EntityType.PERSON, 0.0)
                for m in self.mentions
            )
            votes[EntityType.PERSON] -= 0.5 * labels
        votes[EntityType.ORG] -= 0.5 * doubtful_org_labels(self.mentions)
        if not any(votes.values()):
            return EntityType.PERSON if self.person else EntityType.MISC
        return max(_TYPE_ORDER, key=lambda t: (votes.get(t, 0.0), -_TYPE_ORDER.index(t)))


def _personal(mention: RawMention) -> bool:
    """Whether a mention's votes say person before anything else."""
    person = mention.votes.get(EntityType.PERSON, 0.0)
    return person > 0 and all(
        w < person for k, w in mention.votes.items() if k is not EntityType.PERSON
    )


@dataclass(eq=False)
class _SurnameGroup:
    """People (and bare surname forms) whose surnames are one spelling under OCR noise."""

    rep: str
    people: list[Cluster] = field(default_factory=list)
    bare: list[Form] = field(default_factory=list)


class _Surnames:
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
    if has_org_word(form.words) or len(form.words) > 4:
        return False
    other = form.evidence.get(EntityType.PLACE, 0.0) + form.evidence.get(EntityType.ORG, 0.0)
    return other <= form.evidence.get(EntityType.PERSON, 0.0) + 1.0  # weak cues do not count


def _cluster_people(forms: list[Form]) -> tuple[list[Cluster], set[str], _Surnames]:
    """Merge person forms into people; returns the people, the form keys used, and the surnames."""
    surnames = _Surnames()
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


def _given_name_of(form: Form, surnames: _Surnames, given_names: dict[str, list[Cluster]]) -> bool:
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
    """The person in `group` whose given names agree with `form`'s, or a new one."""
    given = split_name(form.words)[0]
    for person in group.people:
        if _first_names_agree(person.given, given):
            return person
    person = Cluster(person=True, given=given)
    group.people.append(person)
    return person


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


def _acronym(words: list[str]) -> str:
    """Initials of the significant words: "World Trade Organisation" -> "wto"."""
    return "".join(w[0] for w in words if w and fold(w) not in _FILLER).casefold()


def _cluster_others(forms: list[Form]) -> list[Cluster]:
    """Merge the remaining forms: OCR twins, lost apostrophes, short forms and acronyms of orgs."""
    by_key: dict[str, Cluster] = {}
    clusters: list[Cluster] = []
    for form in forms:
        key = ocr_key(form.key)
        cluster = by_key.get(key)
        if cluster is None and key.endswith("s") and len(key) > 3:
            cluster = by_key.get(key[:-1])  # "Britains economy"
        if cluster is None:
            cluster = by_key[key] = Cluster(person=False)
            clusters.append(cluster)
        cluster.add_form(form)
    short: dict[str, list[Cluster]] = {}
    ends: dict[str, list[Cluster]] = {}  # first and last words: only for an ORG-typed short form
    for cluster in clusters:
        for form in cluster.forms:
            words = form.words
            if len(words) < 2 or form.type is not EntityType.ORG:
                continue
            keys = {_acronym(words)}
            if fold(words[-1]) in _ORG_TAILS:
                keys.add(fold(" ".join(words[:-1])))
            if has_org_word(words[:1]):
                keys.add(fold(words[0]))
            for k in keys:
                if len(k) > 1 and cluster not in short.setdefault(k, []):
                    short[k].append(cluster)
            if len(words) <= 3:  # "Cadbury" for "Cadbury Schweppes", "League" for "Premier League"
                # but "Diageo North America", "BBC World Service" are parts of Diageo and the BBC
                firsts = {fold(words[0])} if len(words) == 2 else set()
                for k in (firsts | {fold(words[-1])}) - _FILLER:
                    if cluster not in ends.setdefault(k, []):
                        ends[k].append(cluster)
    merged: set[int] = set()
    for cluster in clusters:
        if len(cluster.forms) != 1 or len(cluster.forms[0].words) != 1:
            continue
        key = cluster.forms[0].key
        targets = short.get(key, [])
        if not targets and cluster.type() is EntityType.ORG:
            targets = ends.get(key, [])
        if len(targets) == 1 and targets[0] is not cluster:
            targets[0].mentions.extend(cluster.mentions)
            targets[0].forms.extend(cluster.forms)
            merged.add(id(cluster))
    return [c for c in clusters if id(c) not in merged]


_ORG_TAILS = word_set("party corp corporation inc ltd plc group co company holdings")


def _best_surface(mentions: list[RawMention], person: bool) -> str:
    """The canonical name: the fullest, cleanest, most frequent form (with the best surname)."""
    if not person:
        counts = Counter(" ".join(m.words) for m in mentions)
        best = max(counts, key=lambda s: (is_clean_spelling(s), counts[s], len(s)))
        if " " not in best:  # the short form of a longer name: "Cadbury" -> "Cadbury Schweppes"
            longer = [s for s in counts if s != best and best in s.split() and is_clean_spelling(s)]
            if longer:
                return max(longer, key=lambda s: (counts[s], len(s)))
        return best
    parts = [split_name(m.words) for m in mentions]
    full = Counter(" ".join(given) for given, _ in parts if given)
    last = Counter(surname for given, surname in parts if given or not full)
    base = max(last, key=lambda s: (is_clean_spelling(s), last[s]))
    surnames = Counter(surname for _, surname in parts if similar_word(surname, base))
    surname = max(surnames, key=lambda s: (is_clean_spelling(s), surnames[s], s[:1].isupper()))
    if not full:
        return surname
    given = max(full, key=lambda s: (is_clean_spelling(s), len(s.split()), full[s], len(s)))
    return f"{given} {surname}"


_MASTHEADS = word_set(
    "times post journal herald gazette telegraph tribune chronicle guardian observer economist"
)
"""A newspaper named by one of these words alone keeps its article: "The Times", "The Herald"."""


def _to_entity(cluster: Cluster) -> Entity:
    """Freeze a cluster into an `Entity`."""
    kind = cluster.type()
    mentions = sorted(cluster.mentions, key=lambda m: m.start)
    name = stated_name(cluster, mentions) or _best_surface(
        mentions, person=kind is EntityType.PERSON
    )
    if kind is EntityType.ORG and fold(name) in _MASTHEADS:
        name = f"The {name}"
    person = kind is EntityType.PERSON
    norm = normalise_name if person else normalise_org_name
    written = {norm(m.text) for m in mentions if m.text[:1].isupper()}
    aliases = sorted(({" ".join(m.words) for m in mentions} | written) - {name, ""})
    role = None
    if kind is EntityType.PERSON:
        role = next((m.role for m in mentions if m.role), None)
    return Entity(
        name=name,
        type=kind,
        aliases=tuple(aliases),
        mentions=tuple(Mention(m.start, m.end, m.text) for m in mentions),
        role=role,
    )


def find_entities(
    text: str, sdoc: Doc, person_hints: Collection[tuple[int, int]] = ()
) -> tuple[Entity, ...]:
    """The document's entities, merged and typed across all mentions, in order of first mention.

    `text` is the document text `sdoc` was parsed from (mention offsets index into it);
    `person_hints` are character spans quote attribution found as speakers (subjects of "said"),
    evidence that the name there is a person's.
    """
    mentions, blocked = collect_mentions(sdoc, person_hints)
    mentions = not_names(text, sdoc, with_given_names(sdoc, mentions))
    runs = kind_named_runs(sdoc)
    mentions = [m for m in mentions if not any(r.start <= m.start < r.end for r in runs)]
    mentions = sorted(mentions + runs + untagged_organisations(sdoc), key=lambda m: m.start)
    forms = list(group_forms(mentions).values())
    people, used, surnames = _cluster_people(forms)
    others = _cluster_others([f for f in forms if f.key not in used])
    clusters = merge_stated(text, [c for c in people + others if c.mentions])
    scan_aliases(text, sdoc, clusters, blocked, surnames_of=_surname_lookup(surnames))
    coordinated_places(sdoc, clusters)
    entities = [_to_entity(c) for c in clusters if c.mentions]
    entities.sort(key=lambda e: e.mentions[0].start)
    return tuple(entities)


def _surname_lookup(surnames: _Surnames) -> Callable[[str], list[Cluster]]:
    """Maps a capitalised word to the people whose surname it may be an OCR spelling of."""

    def lookup(word: str) -> list[Cluster]:
        group = surnames.find(word, with_people=True)
        return [p for p in group.people if p.mentions] if group else []

    return lookup


__all__ = ["Cluster", "find_entities"]
