"""Mentions of names in one parsed document, before they are merged into entities.

spaCy's entity spans are trimmed to the name itself (no leading "Mr" or "the", no trailing "'s"),
weighed with the evidence around them, and grouped into *forms*: every mention whose normalised
text folds to the same key. `entities.py` merges forms into entities.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from byline.analysis.cues import is_given_name
from byline.analysis.entity_acronyms import WEIGHT_ACRONYM, untagged_acronyms
from byline.analysis.entity_evidence import (
    LANDSCAPE_WORDS,
    PLACE_NOUNS,
    STREET_WORDS,
    SURNAMES_TOO,
    has_org_word,
    label_type,
    mention_evidence,
)
from byline.analysis.entity_spans import HONORIFICS as _HONORIFICS
from byline.analysis.entity_spans import POSSESSIVE_TOKENS as _POSSESSIVE_TOKENS
from byline.analysis.entity_spans import (
    extend_elided,
    extend_hyphenated,
    extend_initial,
    extend_right,
    join_listed_names,
    split_span,
    trim,
)
from byline.analysis.name_patterns import (
    determined,
    is_role_word,
    nicknamed_names,
    standard_name,
)
from byline.analysis.names import (
    ASSEMBLY_MEMBERS,
    PARTICLES,
    fold,
    normalise_name,
    normalise_org_name,
    word_set,
)
from byline.analysis.token_columns import columns
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DROPPED_LABELS = word_set("DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL LANGUAGE")
"""spaCy labels that never make an entity; their spans also block alias scanning ("May 2005")."""

_NOT_NAME_TAGS = word_set("JJ JJR JJS NNS RB VB VBD VBG VBN VBP VBZ IN DT CD")
_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_NICKNAMED = {EntityType.PERSON: 4.0}
WEIGHT_PARTY = 10.0
"""A party's name is an organisation's, and a country's a place's, whatever spaCy says."""


@dataclass(slots=True)
class RawMention:
    """One trimmed mention with the type votes it carries and the role its context states."""

    start: int
    end: int
    text: str
    words: list[str]
    votes: dict[EntityType, float]
    evidence: dict[EntityType, float]
    role: str | None = None
    strong: bool = False
    """A title or a role marks this mention as a person's beyond doubt."""
    salient: bool = False
    """The name is the subject of its clause: the person the passage is now about."""


@dataclass(slots=True)
class Form:
    """All mentions whose normalised text folds to `key` ("Ms Marsh", "Marsh's" -> "marsh")."""

    key: str
    words: list[str]
    mentions: list[RawMention] = field(default_factory=list)
    votes: Counter[EntityType] = field(default_factory=Counter)
    evidence: Counter[EntityType] = field(default_factory=Counter)

    def add(self, mention: RawMention) -> None:
        """Add one mention and its votes."""
        self.mentions.append(mention)
        self.votes.update(mention.votes)
        self.evidence.update(mention.evidence)

    @property
    def type(self) -> EntityType:
        """The provisional type: the heaviest vote, PERSON winning ties (names are people first)."""
        if not self.votes:
            return EntityType.MISC
        order = (EntityType.PERSON, EntityType.ORG, EntityType.PLACE, EntityType.MISC)
        return max(order, key=lambda t: (self.votes.get(t, 0.0), -order.index(t)))


class HintIndex:
    """Character spans named as speakers by quote attribution, queried by overlap."""

    def __init__(self, hints: Collection[tuple[int, int]]) -> None:
        self.spans = sorted(hints)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any hint overlaps [start, end)."""
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0 and self.starts[i] > start - 300:
            s, e = self.spans[i]
            if s < end and e > start:
                return True
            i -= 1
        return False


def _make(
    span: Span, stripped: list[Token], label: EntityType | None, weight: float, hinted: bool
) -> RawMention | None:
    """A mention for a trimmed span, or None when nothing name-like is left."""
    text = span.text
    norm = (
        normalise_org_name(text)
        if label in (EntityType.ORG, EntityType.PLACE)
        else normalise_name(text)
    )
    first = norm.split()[0] if norm else ""
    if sum(c.isalpha() for c in norm) < 2 or not (
        norm[0].isupper() or norm[0].isdigit() or (fold(first) in PARTICLES and " " in norm)
    ):
        return None
    if " " not in norm and is_role_word(norm) and determined(span):
        return None  # "the Chair said", "Argentina's President": a role, not a name
    if all(fold(w).rstrip(".") in _HONORIFICS and not w.isupper() for w in norm.split()):
        return None  # "Mr" of spaCy's "Said Mr" in 'Said Mr Fogg: "..."': no name at all
    evidence, role, strong = mention_evidence(span, stripped, hinted)
    votes = dict(evidence)
    if label is not None:
        votes[label] = votes.get(label, 0.0) + weight
    words = norm.split()
    root = span.root
    salient = root.dep_ in _SUBJECTS or (root.dep_ == "appos" and root.head.dep_ in _SUBJECTS)
    return RawMention(
        span.start_char, span.end_char, text, words, votes, evidence, role, strong, salient
    )


def collect_mentions(
    sdoc: Doc, person_hints: Collection[tuple[int, int]]
) -> tuple[list[RawMention], list[tuple[int, int]]]:
    """Trimmed, weighed mentions of spaCy's entities (and of hinted speakers spaCy missed).

    Also returns the character spans of dropped entities (dates, money...), which alias scanning
    must not claim.
    """
    hints = HintIndex(person_hints)
    mentions: list[RawMention] = []
    blocked: list[tuple[int, int]] = []
    covered: list[tuple[int, int]] = []
    for ent, whole in join_listed_names(sdoc):
        covered.append((ent.start_char, ent.end_char))
        if ent.label_ in DROPPED_LABELS:
            blocked.append((ent.start_char, ent.end_char))
            continue
        kind = label_type(ent.label_)
        if kind is None:
            continue
        personal = ent.label_ == "PERSON"
        whole = whole or ent.label_ == "WORK_OF_ART"
        pieces = [list(ent)] if whole else split_span(list(ent), personal)
        for piece in pieces:
            tokens, stripped = trim(piece, personal)
            if tokens:
                tokens = extend_elided(sdoc, extend_hyphenated(sdoc, tokens))
            if tokens and personal:
                tokens = extend_right(sdoc, tokens)
            if tokens and tokens[0].i == ent.start:
                tokens = extend_initial(sdoc, tokens)
            label, piece_kind = ent.label_, kind
            if (
                tokens
                and tokens[0].i > ent.start
                and sdoc[tokens[0].i - 1].text in (_POSSESSIVE_TOKENS)
            ):
                label, piece_kind = "PERSON", EntityType.PERSON  # the "Olivier Dacourt" of Roma's
            elif tokens and _a_country_s(sdoc, tokens, label):
                label, piece_kind = "PERSON", EntityType.PERSON  # "Ethiopia's Tirunesh Dibaba"
            if tokens:
                mention = _mention_of(sdoc, tokens, stripped, label, piece_kind, hints)
                if mention is not None:
                    mentions.append(mention)
    mentions.extend(_hinted_mentions(sdoc, person_hints, covered))
    mentions.extend(_titled_mentions(sdoc, hints))
    for i in untagged_acronyms(sdoc):
        span = sdoc[i : i + 1]
        hinted = hints.overlaps(span.start_char, span.end_char)
        if (mention := _make(span, [], EntityType.ORG, WEIGHT_ACRONYM, hinted)) is not None:
            mentions.append(mention)
    nicknamed = [
        RawMention(start, end, sdoc.text[start:end], words, dict(_NICKNAMED), dict(_NICKNAMED))
        for start, end, words in nicknamed_names(sdoc)
    ]
    for mention in nicknamed:
        mention.strong = True  # a nickname between given name and surname: a person
    if nicknamed:
        mentions = [m for m in mentions if not any(_overlap(m, n) for n in nicknamed)]
        mentions.extend(nicknamed)
    mentions.sort(key=lambda m: m.start)
    unique = {(m.start, m.end): m for m in mentions}  # "Liberal" and "Democrat" both widened
    return list(unique.values()), blocked


def _a_country_s(sdoc: Doc, tokens: list[Token], label: str) -> bool:
    """Whether a name of two or three words spaCy calls a place comes right after a country's
    possessive, as its athletes' and leaders' do ("Ethiopia's Tirunesh Dibaba", which spaCy
    called a building), with no word of an organisation's or a place's name ("Scotland's
    Hampden Park"), and is a person's by its first name or by its last word standing alone
    elsewhere, as a surname does ("Dibaba won"; never "Nadu" of "India's Tamil Nadu"). One
    spaCy calls an organisation needs the first name ("Sweden's Carolina Kluft"; "France's Le
    Figaro" stays the newspaper)."""
    words = [t.text for t in tokens]
    if label not in ("GPE", "LOC", "FAC", "ORG"):
        return False
    first = tokens[0].i
    if first < 2 or sdoc[first - 1].text not in _POSSESSIVE_TOKENS:
        return False
    if sdoc[first - 2].ent_type_ != "GPE":
        return False
    if not (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w.isalpha() for w in words)
        and fold(words[-1]) not in _NOT_A_PERSON_END | _STATE_WORDS
        and not has_org_word(words)
    ):
        return False
    if is_given_name(words[0]):
        return True
    return label != "ORG" and _alone_elsewhere(sdoc, tokens)


def _alone_elsewhere(sdoc: Doc, tokens: list[Token]) -> bool:
    """Whether the last word of `tokens` stands somewhere in the document without the word
    before it ("Dibaba won" beside "Tirunesh Dibaba")."""
    last, before = tokens[-1].text, tokens[-2].text
    return any(
        t.text == last and t.i != tokens[-1].i and (t.i == 0 or sdoc[t.i - 1].text != before)
        for t in sdoc
    )


_STATE_WORDS = word_set("republic kingdom britain empire union states")
"""Last words of a state's name, not a person's: "Iran's Islamic Republic", "Tate Britain"."""


def _overlap(a: RawMention, b: RawMention) -> bool:
    return a.start < b.end and b.start < a.end


_ADDRESS_ONLY = word_set("madam madame mister sir ma'am maam")
"""Words that address someone without naming them: never a name on their own."""
_NEVER_ALONE = _ADDRESS_ONLY | ASSEMBLY_MEMBERS


def _mention_of(
    sdoc: Doc,
    tokens: list[Token],
    stripped: list[Token],
    label: str,
    kind: EntityType | None,
    hints: HintIndex,
) -> RawMention | None:
    """The mention for one trimmed piece of a spaCy entity, weighted by its label."""
    span = sdoc[tokens[0].i : tokens[-1].i + 1]
    standard = _standard_mention(sdoc, span)
    if standard is not None:
        return standard
    hinted = hints.overlaps(span.start_char, span.end_char)
    if label == "NORP":
        # "British", "Muslim": not names here. spaCy also calls OCR'd surnames NORP; keep
        # those when a title or a quote attribution says a person stands there.
        prev = sdoc[span.start - 1] if span.start > 0 else None
        titled = stripped or (prev is not None and fold(prev.text).rstrip(".") in _HONORIFICS)
        if not (hinted or titled) or len(span) > 3:
            return None
        kind, weight = None, 0.0
    elif kind is EntityType.PERSON:
        weight = 1.5 if len(span) > 1 else 0.75
    else:
        weight = 1.0
    if len(span) == 1 and span[0].tag_ in _NOT_NAME_TAGS and not (hinted or stripped):
        return None  # "Welsh", "Ecologists": an adjective or a plural common noun, not a name
    if len(span) == 1 and fold(span[0].text).rstrip(".") in _NEVER_ALONE:
        return None  # "Madam, the scanner is resting.": a form of address; "MPs": a group
    return _make(span, stripped, kind, weight, hinted)


def _standard_mention(sdoc: Doc, span: Span) -> RawMention | None:
    """A party, body or country named by a short, adjectival or abbreviated form ("Tory", "Lib
    Dems", spaCy's "Liberal" ORG + "Democrat" NORP, "the UK"), as a mention of its one name
    (`standard_name`): a party or body is an organisation and a country a place, never a person,
    whatever spaCy says."""
    start, end = span.start, span.end
    found = None
    if start > 0:  # the longer name first: "Liberal" + "Democrats", not the US Democrats
        found = standard_name([t.text for t in sdoc[start - 1 : end]])
        start -= found is not None
    if found is None and end < len(sdoc):  # "Liberal" + "Democrat"
        found = standard_name([t.text for t in sdoc[start : end + 1]])
        end += found is not None
    if found is None:
        found = standard_name([t.text for t in span])
    if found is None:
        return None
    name, place = found
    piece = sdoc[start:end]
    if place and len(piece) == 1 and _a_surname(sdoc, piece.text):
        return None  # "Kathy Ireland ... Ireland said": the person, not the country
    votes = {EntityType.PLACE if place else EntityType.ORG: WEIGHT_PARTY}
    return RawMention(piece.start_char, piece.end_char, piece.text, name.split(), votes, votes)


def _a_surname(sdoc: Doc, word: str) -> bool:
    """Whether `word` ends a person's name spaCy tagged in the text ("Kathy Ireland")."""
    return any(
        e.label_ == "PERSON"
        and len(e) > 1
        and e[-1].text == word
        and all(t.is_alpha and t.text[:1].isupper() for t in e)
        for e in sdoc.ents
    )


def _titled_mentions(sdoc: Doc, hints: HintIndex) -> list[RawMention]:
    """Names after an honorific that spaCy did not tag at all: "Mr Kowa1czyk met ..."."""
    found = []
    table = columns(sdoc)
    words, n = table.words, len(table.words)
    for i, word in enumerate(words):
        if i + 1 >= n or fold(word).rstrip(".") not in _HONORIFICS:
            continue
        end = i + 1
        while (
            end < n
            and end - i <= 3
            and table.outside[end]
            and words[end][:1].isupper()
            and table.tags[end] in ("NNP", "NNPS")
        ):
            end += 1
        if end > i + 1:
            span = sdoc[i + 1 : end]
            hinted = hints.overlaps(span.start_char, span.end_char)
            mention = _make(span, [sdoc[i]], None, 0.0, hinted)
            if mention is not None:
                found.append(mention)
    return found


def _hinted_mentions(
    sdoc: Doc, person_hints: Collection[tuple[int, int]], covered: list[tuple[int, int]]
) -> list[RawMention]:
    """Mentions for speaker spans that no spaCy entity covers (spaCy missed the name)."""
    if not person_hints:
        return []
    starts = sorted(covered)
    found = []
    for start, end in person_hints:
        i = bisect.bisect_right(starts, (end, end)) - 1
        if i >= 0 and starts[i][1] > start:
            continue
        span = sdoc.char_span(start, end, alignment_mode="expand")
        if span is None or not all(t.pos_ == "PROPN" or t.text[:1].isupper() for t in span):
            continue
        tokens, stripped = trim(list(span), personal=True)
        if not tokens:
            continue
        tokens = extend_hyphenated(sdoc, tokens)
        mention = _make(sdoc[tokens[0].i : tokens[-1].i + 1], stripped, None, 0.0, True)
        if mention is not None:
            found.append(mention)
    return found


def group_forms(mentions: list[RawMention]) -> dict[str, Form]:
    """Group mentions by folded normalised text, in order of first mention."""
    forms: dict[str, Form] = {}
    for mention in mentions:
        key = fold(" ".join(mention.words))
        form = forms.get(key)
        if form is None:
            form = forms[key] = Form(key, mention.words)
        form.add(mention)
    for form in forms.values():
        if given_name_first(form.words):  # on the form's first mention, so clusters count it
            first = form.mentions[0]
            for table in (first.votes, first.evidence):
                table[EntityType.PERSON] = table.get(EntityType.PERSON, 0.0) + WEIGHT_GIVEN_NAME
            form.votes.update({EntityType.PERSON: WEIGHT_GIVEN_NAME})
            form.evidence.update({EntityType.PERSON: WEIGHT_GIVEN_NAME})
    return forms


WEIGHT_GIVEN_NAME = 1.25
"""A common first name opening a form's name, counted once per form (not per mention, or a
company named after its founder, "Laura Ashley", would become her): more than one of spaCy's
labels ("Tracey Emin", its organisation), less than a mention's cues."""

_NOT_A_PERSON_END = (
    word_set(
        """award awards prize trophy cup show diaries theatre theater centre center pavilion tower
    park hall house palace hotel square bridge museum gallery hospital stadium festival
    lecture memorial tree"""
    )
    | STREET_WORDS
    | LANDSCAPE_WORDS
    | PLACE_NOUNS
)
"""Last words that make a name that opens with a given name something else: "Charles Wintour
Award", "Victoria Palace Theatre", "Catherine Tate Show", "Tracey Island" (with the words of
streets and places; an organisation's, "Foundation", "College", `has_org_word` refuses)."""


def given_name_first(words: list[str]) -> bool:
    """A name of two or three capitalised words opening with a common first name."""
    return (
        2 <= len(words) <= 3
        and is_given_name(words[0])
        and all(w[:1].isupper() for w in words)
        and (fold(words[-1]) not in _NOT_A_PERSON_END or fold(words[-1]) in SURNAMES_TOO)
        and not has_org_word(words)
    )
