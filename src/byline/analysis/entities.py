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

import re
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING

from byline.analysis.entity_cluster import Cluster
from byline.analysis.entity_context import (
    kind_named_runs,
    kind_named_words,
    not_names,
    untagged_organisations,
)
from byline.analysis.entity_coordination import coordinated_places, listed_people
from byline.analysis.entity_evidence import has_org_word
from byline.analysis.entity_mentions import Form, RawMention, collect_mentions, group_forms
from byline.analysis.entity_people import (
    cluster_people,
    join_lone_surnames,
    join_mistyped_surnames,
    surname_lookup,
)
from byline.analysis.entity_scan import scan_aliases
from byline.analysis.name_patterns import standard_name
from byline.analysis.names import (
    fold,
    is_clean_spelling,
    normalise_name,
    normalise_org_name,
    ocr_key,
    similar_word,
    split_name,
    word_set,
)
from byline.analysis.stated_names import (
    merge_stated,
    stated_name,
    with_given_names,
    with_hinted_people,
)
from byline.models import Entity, EntityType, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

_FILLER = frozenset(("of", "the", "and", "for", "&", "de", "du", "la", "le"))


def _acronym(words: list[str]) -> str:
    """Initials of the significant words: "World Trade Organisation" -> "wto"."""
    return "".join(w[0] for w in words if w and fold(w) not in _FILLER).casefold()


def _singular_modifiers(key: str) -> str:
    """A name of three words or more with each word before the last without a plural 's':
    "disaster emergency committee" for "disasters emergency committee", one body written two
    ways. Not shorter names ("Times" and "Time" are two publications)."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join(
        [w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words[:-1]] + words[-1:]
    )


def _cluster_others(forms: list[Form], text: str) -> list[Cluster]:
    """Merge the remaining forms: OCR twins, lost apostrophes, short forms and acronyms of orgs
    (a short form the text defines, "the European Commission (EC)", whatever else has those
    initials: `_defined_short_forms`)."""
    by_key: dict[str, Cluster] = {}
    by_singular: dict[str, Cluster] = {}  # "Disaster Emergency Committee" for "Disasters ..."
    clusters: list[Cluster] = []
    for form in forms:
        key = ocr_key(form.key)
        singular = _singular_modifiers(key)
        cluster = by_key.get(key) or by_singular.get(singular)
        if cluster is None and key.endswith("s") and len(key) > 3:
            cluster = by_key.get(key[:-1])  # "Britains economy"
        if cluster is None:
            cluster = by_key[key] = Cluster(person=False)
            clusters.append(cluster)
        by_singular.setdefault(singular, cluster)
        cluster.add_form(form)
    short: dict[str, list[Cluster]] = {}
    ends: dict[str, list[Cluster]] = {}  # first and last words: only for an ORG-typed short form
    for cluster in clusters:
        for form in cluster.forms:
            words = form.words
            if len(words) < 2 or form.type is not EntityType.ORG:
                continue
            keys = {_acronym(words), _untailed(words)}
            if len(words) >= 3 and words[0].isupper() and len(words[0]) <= 3:
                keys.add(_acronym(words[1:]))  # "FCC" of "US Federal Communications Commission"
            if has_org_word(words[:1]):
                keys.add(fold(words[0]))
            for k in keys:
                if len(k) > 1 and cluster not in short.setdefault(k, []):
                    short[k].append(cluster)
            if len(words) <= 3:  # "Cadbury" for "Cadbury Schweppes", "League" for "Premier League"
                # but "Diageo North America", "BBC World Service" are parts of Diageo and the BBC
                firsts = {fold(words[0])} if len(words) == 2 else set()
                tails = (firsts | {fold(words[-1])}) - _FILLER
            else:  # "the Council" for the "Gulf of Guinea Ports Council" named before
                tails = {fold(words[-1])} if has_org_word(words[-1:]) else set()
            for k in tails:
                if cluster not in ends.setdefault(k, []):
                    ends[k].append(cluster)
    merged: set[int] = set()
    defined = _defined_short_forms(clusters, text)
    for cluster in clusters:
        if len(cluster.forms) != 1 or len(cluster.forms[0].words) != 1:
            continue
        key = cluster.forms[0].key
        targets = (
            defined.get(key, [])
            or short.get(key, [])
            or short.get(_chunk_initials(cluster.forms[0].words[0]), [])
        )
        if not targets and cluster.type() is EntityType.ORG:
            targets = ends.get(key, [])
        if len(targets) == 1 and targets[0] is not cluster:
            targets[0].mentions.extend(cluster.mentions)
            targets[0].forms.extend(cluster.forms)
            merged.add(id(cluster))
    return [c for c in clusters if id(c) not in merged]


_DEFINED = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{1,7})\s*\)")
"""A short form in brackets right after a name: "the European Commission (EC)"."""


def _defined_short_forms(clusters: list[Cluster], text: str) -> dict[str, list[Cluster]]:
    """The organisations (names of two words or more) by the short forms the text gives them in
    brackets, folded: "European Commission (EC)" defines "ec" even where "European Council" has
    the same initials, "Chilean Copper Commission (Cochilco)" defines "cochilco". A short form
    has two capitals or more ("IADB", "BoE"), or starts with the name's first letter ("Cochilco");
    it is none of the name's words nor a country's name, so "France Telecom (France)" and "World
    Health Organisation (Geneva)" define nothing."""
    defined: dict[str, list[Cluster]] = {}
    for cluster in clusters:
        named = [m for m in cluster.mentions if len(m.words) > 1]
        if not named or cluster.type() is not EntityType.ORG:
            continue
        for m in named:
            found = _DEFINED.match(text, m.end)
            if found is None:
                continue
            short, words = fold(found[1]), [fold(w) for w in m.words]
            capitals = sum(c.isupper() for c in found[1]) >= 2
            if not (capitals or short[0] == words[0][0]) or short in words:
                continue
            if standard_name([found[1]]):
                continue
            if cluster not in defined.setdefault(short, []):
                defined[short].append(cluster)
    return defined


def _chunk_initials(word: str) -> str:
    """The initials of an acronym that keeps some lower-case letters ("AfCFTA" -> "acfta", the
    African Continental Free Trade Area; "AfDB" -> "adb"), or "" for a word with fewer than
    three capitals ("McDonald", "iPhone")."""
    chunks = re.findall(r"[A-Z][a-z]*", word)
    if len(chunks) < 3 or "".join(chunks) != word:
        return ""
    return "".join(chunk[0] for chunk in chunks).casefold()


_ORG_TAILS = word_set("party corp corporation inc ltd plc group co company holdings")


def _untailed(words: list[str]) -> str:
    """A company's name without its tail, folded ("Kalahari Sun Holdings" -> "kalahari sun"), or
    "" when it has none."""
    return fold(" ".join(words[:-1])) if fold(words[-1]) in _ORG_TAILS else ""


def _into_companies(people: list[Cluster], others: list[Cluster]) -> list[Cluster]:
    """`people` less the ones that are a company's name without its tail ("Kalahari Sun" in a
    headline, spaCy's person, beside "Kalahari Sun Holdings"), merged into that company; a
    title or a role keeps a person a person ("Mr John Lewis" beside "John Lewis Partnership")."""
    companies: dict[str, list[Cluster]] = {}
    for cluster in others:
        for form in cluster.forms:
            key = _untailed(form.words) if len(form.words) > 2 else ""
            if key and cluster not in companies.setdefault(key, []):
                companies[key].append(cluster)
    kept = []
    for cluster in people:
        keys = {form.key for form in cluster.forms}
        targets = companies.get(next(iter(keys)), []) if len(keys) == 1 else []
        if len(targets) == 1 and not any(m.strong for m in cluster.mentions):
            targets[0].mentions.extend(cluster.mentions)
            targets[0].forms.extend(cluster.forms)
        else:
            kept.append(cluster)
    return kept


def _as_written(surface: str) -> tuple[bool, bool]:
    """How a surface ranks as a canonical name, before its count: cleanly spelled, and not a
    name in capitals, as running headers and datelines write them ("GULF OF GUINEA PORTS
    COUNCIL", "WINDHOEK —"); an acronym of up to four letters ("NATO", "BBC") is as written."""
    return is_clean_spelling(surface), not (surface.isupper() and len(surface) > 4)


def _best_surface(mentions: list[RawMention], person: bool) -> str:
    """The canonical name: the fullest, cleanest, most frequent form (with the best surname)."""
    if not person:
        counts = Counter(" ".join(m.words) for m in mentions)
        best = max(counts, key=lambda s: (*_as_written(s), counts[s], len(s)))
        if " " not in best:  # the short form of a longer name: "Cadbury" -> "Cadbury Schweppes"
            longer = [s for s in counts if s != best and best in s.split() and is_clean_spelling(s)]
            if longer:
                return max(longer, key=lambda s: (*_as_written(s), counts[s], len(s)))
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
    mentions = with_hinted_people(sdoc, with_given_names(sdoc, mentions), person_hints)
    mentions = not_names(text, sdoc, mentions)
    runs = kind_named_runs(sdoc)
    mentions = [m for m in mentions if not any(r.start <= m.start < r.end for r in runs)]
    untagged = untagged_organisations(sdoc) + kind_named_words(sdoc)
    mentions = sorted(mentions + runs + untagged, key=lambda m: m.start)
    forms = list(group_forms(mentions).values())
    people, used, surnames = cluster_people(forms)
    others = _cluster_others([f for f in forms if f.key not in used], text)
    people = _into_companies(people, others)
    clusters = merge_stated(text, [c for c in people + others if c.mentions])
    scan_aliases(text, sdoc, clusters, blocked, surnames_of=surname_lookup(surnames))
    coordinated_places(sdoc, clusters)
    listed_people(text, sdoc, clusters)
    clusters = join_mistyped_surnames(join_lone_surnames(clusters))
    entities = [_to_entity(c) for c in clusters if c.mentions]
    entities.sort(key=lambda e: e.mentions[0].start)
    return tuple(entities)


__all__ = ["Cluster", "find_entities"]
