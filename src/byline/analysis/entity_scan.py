"""Find the mentions spaCy missed: known aliases and OCR variants of known surnames.

spaCy tags a name in one sentence and misses it in the next ("Marsh said", "Kowa1czyk's plan"), so
mention counts from its spans alone are wrong. Once entities are merged, the text is scanned once
for every alias at word boundaries (one regular expression, longest alias first), and then every
capitalised token no entity covers is checked against the known surnames under OCR tolerance.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from byline.analysis.cues import is_cue
from byline.analysis.entity_mentions import RawMention
from byline.analysis.names import is_clean_spelling, normalise_name, split_name
from byline.analysis.org_evidence import WEIGHT_ORG_CUE, organisation_votes
from byline.analysis.token_columns import Columns, columns
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.entity_cluster import Cluster

_PROPER = frozenset(("NNP", "NNPS"))
_POSSESSED = frozenset(("NN", "NNS", "JJ", "NNP", "VBG"))


def _aliases(clusters: list[Cluster]) -> dict[str, list[Cluster]]:
    """Every alias string (as written, titles and possessives dropped) and who it may name.

    People also answer to the surname of their full name, even where spaCy never tagged it bare.
    """
    owners: dict[str, list[Cluster]] = {}
    for cluster in clusters:
        forms = {" ".join(m.words) for m in cluster.mentions}
        if cluster.person:
            forms |= {split_name(m.words)[1] for m in cluster.mentions if len(m.words) > 1}
        for alias in forms:
            if len(alias) < 2 or not alias[0].isupper():
                continue
            bucket = owners.setdefault(alias, [])
            if cluster not in bucket:
                bucket.append(cluster)
    return owners


class _Owners:
    """Chooses, for an ambiguous alias, the person the passage is about (`salient_owner`)."""

    def __init__(self, clusters: list[Cluster]) -> None:
        self.anchors: dict[int, list[tuple[int, bool]]] = {
            id(c): sorted((m.start, m.salient or len(m.words) == 1) for m in c.mentions)
            for c in clusters
        }

    def pick(self, candidates: list[Cluster], at: int) -> Cluster:
        """The candidate `salient_owner` picks at `at`."""
        if len(candidates) == 1:
            return candidates[0]
        return candidates[salient_owner([self.anchors[id(c)] for c in candidates], at)]


def salient_owner(anchors: list[list[tuple[int, bool]]], at: int) -> int:
    """Which of several people sharing a surname a bare surname at `at` names.

    `anchors` are, per person, their mentions so far as (start, salient), sorted. The one whose
    latest *salient* mention (subject of its clause, or a bare surname already given to them)
    comes last before `at` wins: a namesake introduced in passing ("helped Australia's PM, John
    Howard, win") does not take "Mr Howard" from the man the article is about, while one
    introduced as a subject ("her brother Jan Kowalczyk arrived") does. With no salient mention
    before `at`, the latest mention of any kind wins; with none at all, the first mentioned.
    """
    best, best_key = 0, (-1, -1)
    for n, marks in enumerate(anchors):
        i = bisect.bisect_left(marks, (at, False)) - 1
        if i < 0:
            continue
        latest = marks[i][0]
        salient = next((s for s, flag in reversed(marks[: i + 1]) if flag), -1)
        key = (salient, latest)
        if key > best_key:
            best, best_key = n, key
    if best_key == (-1, -1):
        best = min(range(len(anchors)), key=lambda n: anchors[n][0][0] if anchors[n] else 1 << 60)
    return best


def scan_aliases(
    text: str,
    sdoc: Doc,
    clusters: list[Cluster],
    blocked: list[tuple[int, int]],
    surnames_of: Callable[[str], list[Cluster]],
) -> None:
    """Add to `clusters` the mentions of their aliases (and OCR variants) spaCy did not tag."""
    owners = _aliases(clusters)
    if not owners:
        return
    taken = bytearray(len(text))
    for cluster in clusters:
        for m in cluster.mentions:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    for start, end in blocked:
        taken[start:end] = b"\x01" * (end - start)
    table = columns(sdoc)
    ends = set(table.ends)
    choose = _Owners(clusters)
    found: list[tuple[Cluster, RawMention]] = []
    for alias, start, end, lost_apostrophe in alias_matches(
        text, sorted(owners, key=len, reverse=True)
    ):
        i = table.at.get(start)
        if i is None or end not in ends or b"\x01" in taken[start:end]:
            continue
        if (
            " " not in alias
            and is_clean_spelling(alias)
            and table.tags[i] not in _PROPER
            and not _speaking(sdoc[i])  # "Banks told reporters": tagged a plural noun
        ):
            continue
        if lost_apostrophe and (i + 1 >= len(table.tags) or table.tags[i + 1] not in _POSSESSED):
            continue
        cluster = choose.pick(owners[alias], start)
        votes = _organisation_cues(sdoc, start, end)
        found.append(
            (cluster, RawMention(start, end, text[start:end], alias.split(), votes, dict(votes)))
        )
        taken[start:end] = b"\x01" * (end - start)
    _scan_variants(text, table, taken, surnames_of, choose, found)
    for cluster, mention in found:
        cluster.mentions.append(mention)


def _organisation_cues(sdoc: Doc, start: int, end: int) -> dict[EntityType, float]:
    """The organisation cues around a mention spaCy did not tag ("BT chief executive Ben
    Verwaayen", "shares in Ryanair"): without them a company spaCy tagged a place as often as
    an organisation stayed a place, its clearest mentions being the ones it had not tagged. Only
    the strong cues: a team's ("a match against Davydenko") would make a player a club."""
    votes: dict[EntityType, float] = {}
    span = sdoc.char_span(start, end)
    if span is not None:
        organisation_votes(span, lambda kind, weight: votes.__setitem__(kind, weight))
    return {kind: weight for kind, weight in votes.items() if weight >= WEIGHT_ORG_CUE}


def alias_matches(text: str, aliases: list[str]) -> Iterator[tuple[str, int, int, bool]]:
    """Where `aliases` (tried in the order given, each at least two characters) occur in `text`
    as whole names: (alias, start, end, lost apostrophe), left to right, never overlapping.

    A match may not follow a letter, digit, apostrophe or hyphen, and may carry a possessive
    ("Marsh's", "Marsh'") or a possessive whose apostrophe OCR lost ("Marshs plan": the end then
    takes in the "s"); it may not run on into a word character. This is what the regular
    expression ``(?<![\\w'’-])(ALIAS|...)(?:(['’]s?)|(s))?(?!\\w)`` finds, without compiling a
    new expression for every document's aliases.
    """
    by_head: dict[str, list[str]] = {}
    for alias in aliases:
        by_head.setdefault(alias[:2], []).append(alias)
    positions: list[int] = []
    for head in by_head:
        at = text.find(head)
        while at != -1:
            positions.append(at)
            at = text.find(head, at + 1)
    positions.sort()
    resume = 0
    for start in positions:
        if start < resume or (start and _joins(text[start - 1])):
            continue
        for alias in by_head[text[start : start + 2]]:
            if not text.startswith(alias, start):
                continue
            end = start + len(alias)
            tail = _possessive(text, end)
            if tail is not None:
                resume, lost = tail
                yield alias, start, end + lost, bool(lost)
                break


def _word(text: str, i: int) -> bool:
    """Whether `text[i]` is a word character (``\\w``); False past the end."""
    return i < len(text) and (text[i].isalnum() or text[i] == "_")


def _joins(char: str) -> bool:
    """Whether a name cannot start right after `char` (inside a word, after ' or -)."""
    return char.isalnum() or char in "_'’-"


def _possessive(text: str, end: int) -> tuple[int, int] | None:
    """Where a name ending at `end` ends with its possessive, and 1 when that is an "s" whose
    apostrophe was lost (else 0); None when the name runs on into a word."""
    char = text[end] if end < len(text) else ""
    if char in ("'", "’"):
        if end + 1 < len(text) and text[end + 1] == "s" and not _word(text, end + 2):
            return end + 2, 0
        if not _word(text, end + 1):
            return end + 1, 0
    if char == "s" and not _word(text, end + 1):
        return end + 1, 1
    if not _word(text, end):
        return end, 0
    return None


def _speaking(token: Token) -> bool:
    """Whether `token` is the subject of a verb of saying (so a name, whatever its tag)."""
    return token.dep_ == "nsubj" and is_cue(token.head, weak_ok=False)


def _scan_variants(
    text: str,
    table: Columns,
    taken: bytearray,
    surnames_of: Callable[[str], list[Cluster]],
    choose: _Owners,
    found: list[tuple[Cluster, RawMention]],
) -> None:
    """Capitalised tokens no entity covers that are OCR spellings of a known surname."""
    cache: dict[str, list[Cluster]] = {}
    for start, end, tag in zip(table.starts, table.ends, table.tags, strict=True):
        if end - start < 4:
            continue
        word = text[start:end]
        if not word[0].isupper() or not (tag in _PROPER or not is_clean_spelling(word)):
            continue
        if b"\x01" in taken[start:end]:
            continue
        candidates = cache.get(word)
        if candidates is None:
            candidates = cache[word] = surnames_of(word)
        if not candidates:
            continue
        cluster = choose.pick(candidates, start)
        found.append((cluster, RawMention(start, end, word, normalise_name(word).split(), {}, {})))
        taken[start:end] = b"\x01" * (end - start)
