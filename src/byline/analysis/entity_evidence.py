"""What the words around a name say about what it names.

spaCy's label for one mention is a guess from a small window; the sentence often says more: a title
("Mr", "President") or a role ("a lecturer at ...") means a person, "north of X" or "X-based" a
place, "Ministry" or "Bank" in the name an organisation. `mention_evidence` turns those cues into
weighted votes that `entities.py` adds to spaCy's labels across every mention of an entity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from byline.analysis.names import _TITLE_HEADS, TITLES, fold, word_set
from byline.analysis.org_evidence import organisation_votes
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

LABELS: dict[str, EntityType] = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORG,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "EVENT": EntityType.MISC,
    "LAW": EntityType.MISC,
    "PRODUCT": EntityType.MISC,
    "WORK_OF_ART": EntityType.MISC,
    "NORP": EntityType.MISC,
}
"""spaCy labels we keep and what they fold into. Dates, times, numbers, money, percentages,
quantities and languages are not entities here. NORP ("British", "Muslim") is kept only when the
text gives it person evidence (spaCy calls OCR'd surnames NORP), see `entities.py`."""

ORG_WORDS: frozenset[str] = word_set(
    """labour tory tories conservatives democrats dems republicans united rovers athletic
    wanderers albion fc ministry bank corp corporation ltd limited plc inc llc company companies
    university
    college school party council authority agency group association commission union institute
    institution federation foundation committee department office board court parliament assembly
    congress senate government army navy police service services society club league fund trust
    organisation organization network airlines airways motors holdings partners bureau
    energy energia power oil gas petroleum telecom telecoms systems technologies media
    pharmaceuticals insurance ventures labs studios records entertainment digital review times
    post journal herald gazette telegraph tribune chronicle magazine newspaper broadcasting
    """
)
"""Words that make a name an organisation's ("Ministry of Energy", "Acme Corp")."""

PERSON_NOUNS: frozenset[str] = word_set(
    """analyst lecturer minister spokesman spokeswoman spokesperson director chief executive
    professor economist researcher president secretary leader chairman chairwoman chair official
    expert author founder head manager member mp senator governor ambassador correspondent editor
    reporter journalist scientist lawyer attorney judge adviser advisor consultant strategist
    commissioner chancellor envoy diplomat general commander officer captain coach player striker
    midfielder defender goalkeeper manager singer actor actress star director producer writer
    novelist poet artist musician candidate deputy mayor owner boss vice-president colleague
    fellow student teacher doctor surgeon nurse campaigner activist protester worker employee
    partner trader broker banker investor entrepreneur father mother son daughter wife husband
    brother sister friend spokesman veteran politician premier king queen prince princess
    clerk treasurer registrar frontbencher backbencher
    """
)
"""Nouns that name a person's role; an apposition headed by one marks a person ("X, an analyst")."""

_PLACE_NOUNS = word_set("country city town region capital province state village island port")
_KIN = word_set("father mother son daughter wife husband brother sister friend fellow colleague")
_RELATIVE = word_set("WDT WP WP$")
_SITUATED = word_set("based born located headquartered situated held")
_PLACE_OF = word_set(
    """government capital people citizens economy coast city parliament embassy outskirts
    centre center region province state streets residents"""
)
_HONORIFICS = word_set("mr mrs ms miss mx dr sir dame lord lady rev cllr")
_PERSON_SUFFIXES = (
    "ist",
    "ian",
    "man",
    "woman",
    "person",
    "eer",
    "writer",
    "singer",
    "dancer",
    "rapper",
    "presenter",
    "designer",
    "owner",
    "holder",
    "chief",
    "star",
)
_NOT_PERSON_NOUNS = word_set(
    """company firm group maker provider producer retailer carrier operator manufacturer supplier
    lender broadcaster distributor developer publisher exporter importer giant rival subsidiary
    unit brand chain network country city town region capital province state village area"""
)

SPEECH_VERBS: frozenset[str] = word_set(
    """said says say told tells added adds insisted insists warned warns argued argues explained
    explains noted notes claimed claims stated states declared declares asked asks replied replies
    suggested suggests admitted admits acknowledged acknowledges continued continues believes
    believed thinks thought commented comments"""
)

GEO_PREPS = word_set("in near across throughout outside inside around within into")
_DIRECTIONS = word_set(
    "north south east west northeast northwest southeast southwest north-east north-west "
    "south-east south-west outskirts heart centre center capital"
)
_PLACE_AFTER = word_set("capital province region border borders suburbs outskirts")

WEIGHT_LABEL = 1.0
WEIGHT_TITLE = 4.0
WEIGHT_ROLE = 3.0
WEIGHT_HINT = 3.0
WEIGHT_SPEECH = 0.5
WEIGHT_PRONOUN = 1.0
WEIGHT_GEO = 2.0
WEIGHT_GEO_STRONG = 3.0
WEIGHT_ORG_WORD = 6.0
WEIGHT_GEO_WEAK = 0.5
WEIGHT_NEIGHBOUR = 0.75
_WEAK_GEO_PREPS = word_set("from to at of via towards toward between")


def is_person_noun(word: str) -> bool:
    """Whether a (lowercase) noun names a person's role: "analyst", "lecturer", "spokeswoman"."""
    w = word.lower()
    if w in PERSON_NOUNS:
        return True
    if w in _NOT_PERSON_NOUNS:
        return False
    return w.endswith(_PERSON_SUFFIXES) and len(w) > 4


def label_type(label: str) -> EntityType | None:
    """The Byline type for a spaCy label, or None when the label is not an entity here."""
    return LABELS.get(label)


def has_org_word(words: list[str]) -> bool:
    """Whether a name has an organisation word ("Bank of England", "Labour Party", "Acme Co")."""
    if len(words) > 1 and words[-1] in ("Co", "Co."):
        return True
    return any(fold(w).strip(".") in ORG_WORDS for w in words)


def _title_before(tokens: Doc, start: int) -> bool:
    """Whether the token just before index `start` is a personal title ("Mr", "Dr.")."""
    if start == 0:
        return False
    prev = tokens[start - 1]
    return fold(prev.text).rstrip(".") in _TITLE_HEADS


def title_role(span: Span, stripped: list[Token]) -> str | None:
    """The role a title phrase before the name states: "energy minister", "Foreign Secretary".

    `stripped` are the title tokens removed from the front of spaCy's span ("Foreign Secretary"
    inside a PERSON span); otherwise the modifiers just left of the span are read.
    """
    words = [t for t in stripped if fold(t.text).rstrip(".") not in _HONORIFICS]
    if words:
        return " ".join(t.text for t in words)
    doc = span.doc
    i = span.start - 1
    while i >= 0 and fold(doc[i].text).rstrip(".") in _HONORIFICS:
        i -= 1
    end = i
    while (
        i >= 0
        and doc[i].dep_ in ("compound", "amod", "nmod", "npadvmod")
        and i < doc[i].head.i < span.end
        and (doc[i].is_alpha or "-" in doc[i].text)
        and span.start - i <= 6
    ):
        i -= 1
    if end > i and end >= 0:
        head = doc[end]
        run = [t for t in doc[i + 1 : end + 1] if fold(t.text).rstrip(".") not in _HONORIFICS]
        names_only = all(t.pos_ == "PROPN" and fold(t.text) not in TITLES for t in run)
        if run and not names_only and (is_person_noun(head.text) or fold(head.text) in TITLES):
            return " ".join(" ".join(t.text for t in run).split())
    return None


def _phrase(span: Span, head: Token) -> str | None:
    """The noun phrase headed by `head`, cut before a comma, a relative clause or another name."""
    doc = span.doc
    words: list[Token] = []
    for t in doc[head.left_edge.i : head.right_edge.i + 1]:
        if span.start <= t.i < span.end:
            break
        if (t.is_punct and t.text in ',;:()"“”') or t.is_space or t.tag_ in _RELATIVE:
            if t.i > head.i:
                break
            words = []
            continue
        if (t.ent_type_ == "PERSON" or t.pos_ == "CCONJ") and t.i > head.i:
            break
        words.append(t)
        if len(words) >= 16:
            break
    text = doc[words[0].i : words[-1].i + 1].text if words else ""
    return " ".join(text.split()).strip(" ,.-") or None


def _comma_phrase_after(span: Span) -> str | None:
    """A role between commas that the parser did not attach: "Selma Nangolo, the board's head
    of procurement, the winning tariff was ..." (read from the words, not the tree)."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in ("a", "an", "the"):
        return None
    words: list[Token] = []
    for t in doc[i + 1 : i + 14]:
        if t.text in (",", ";", ".", ":") or t.is_space or t.tag_ in _RELATIVE:
            break
        words.append(t)
    nouns = [t for t in words if t.pos_ == "NOUN"]
    if not nouns or not any(is_person_noun(t.text) for t in nouns[:2]):
        return None
    return " ".join(doc[words[0].i : words[-1].i + 1].text.split())


def _bracketed_role(span: Span) -> str | None:
    """A role in brackets right after the name, as minutes write it: "Cllr José Araújo (Chair)"."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != "(":
        return None
    words: list[Token] = []
    for t in doc[i + 1 : i + 6]:
        if t.text == ")":
            break
        words.append(t)
    else:
        return None
    if words and all(t.is_alpha for t in words) and is_person_noun(words[-1].text):
        return " ".join(t.text for t in words)
    return None


def apposition_role(span: Span) -> str | None:
    """The role an apposition states: "Petra Marsh, a Lisbon-based energy analyst, said", "the
    board's deputy chief executive, Kofi Asante-Mensah", "Mariana Costa is a marine economist"."""
    bracketed = _bracketed_role(span)
    if bracketed is not None:
        return bracketed
    root = span.root
    for child in root.rights:
        if child.dep_ != "appos" or child.i < span.end or child.pos_ == "PROPN":
            continue
        return _phrase(span, child) if is_person_noun(child.text) else None
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN":
        return _phrase(span, head) if is_person_noun(head.text) else None
    doc = span.doc
    role = _comma_phrase_after(span)
    if role is not None:
        return role
    if span.start >= 2 and doc[span.start - 1].text == ",":
        noun = doc[
            span.start - 2
        ]  # "... by the board's deputy chief executive, Kofi Asante-Mensah"
        if noun.pos_ == "NOUN" and is_person_noun(noun.text) and noun.head.i != span.root.i:
            return _phrase(span, noun)
    if root.dep_ == "nsubj" and head.lower_ in ("is", "was") and head.i >= span.end:
        for child in head.rights:
            if child.dep_ == "attr" and child.pos_ == "NOUN" and is_person_noun(child.text):
                return _phrase(span, child)
    return None


def mention_evidence(
    span: Span, stripped: list[Token], hinted: bool
) -> tuple[dict[EntityType, float], str | None, bool]:
    """Weighted type votes the context of one mention gives, the role it states (if any), and
    whether the evidence for a person is strong (a title or a role, not just a verb of saying).

    `span` is the mention after trimming titles and possessives, `stripped` the title tokens spaCy
    had put inside the span, `hinted` whether a quote attribution named this span as a speaker.
    """
    votes: dict[EntityType, float] = {}
    doc = span.doc
    tokens = doc

    def add(kind: EntityType, weight: float) -> None:
        votes[kind] = votes.get(kind, 0.0) + weight

    words = [t.text for t in span]
    if has_org_word(words):
        add(EntityType.ORG, WEIGHT_ORG_WORD)
    has_title = _title_before(tokens, span.start) or any(
        fold(t.text).rstrip(".") in _TITLE_HEADS for t in stripped
    )
    if has_title:
        add(EntityType.PERSON, WEIGHT_TITLE)
    if hinted:
        add(EntityType.PERSON, WEIGHT_HINT)
    role = apposition_role(span)
    if role is None:
        role = title_role(span, stripped)
    if role is not None:
        add(EntityType.PERSON, WEIGHT_ROLE)
    else:
        _kind_from_nouns(span, add)
    if not has_title:
        organisation_votes(span, add)
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lower_ in SPEECH_VERBS:
        add(EntityType.PERSON, WEIGHT_SPEECH)
    elif root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in GEO_PREPS:
            strong = prep.head.lower_ in _SITUATED
            add(EntityType.PLACE, WEIGHT_GEO_STRONG if strong else WEIGHT_GEO)
        elif prep.lower_ == "of" and prep.head.lower_ in _DIRECTIONS:
            add(EntityType.PLACE, WEIGHT_GEO_STRONG)
        elif prep.lower_ == "of" and prep.head.lower_ in _PLACE_OF:
            add(EntityType.PLACE, WEIGHT_GEO)
        elif prep.lower_ in _WEAK_GEO_PREPS:
            add(EntityType.PLACE, WEIGHT_GEO_WEAK)
    if any(c.lower_ in ("neighbouring", "neighboring") for c in root.lefts):
        add(EntityType.PLACE, WEIGHT_GEO)
    _kind_from_neighbours(root, add)
    end = span.end
    if end + 1 < len(tokens) and tokens[end].text in ("'s", "’s"):
        if tokens[end + 1].lower_ in _PLACE_AFTER:
            add(EntityType.PLACE, WEIGHT_GEO_STRONG)
    elif end + 1 < len(tokens) and tokens[end].text == "-" and tokens[end + 1].lower_ == "based":
        add(EntityType.PLACE, WEIGHT_GEO_STRONG)
    if (
        end + 1 < len(tokens)
        and tokens[end].text == ","
        and tokens[end + 1].lower_ == "who"
        and not has_org_word(words)
    ):
        add(EntityType.PERSON, WEIGHT_ROLE)  # "Thabo Nkosi, who has operated cranes ..."
    if root.dep_ == "nsubj" and not has_title:
        sent = span.sent
        if sent.end < len(tokens) and tokens[sent.end].lower_ in ("he", "she"):
            add(EntityType.PERSON, WEIGHT_PRONOUN)
    return votes, role, has_title or role is not None


def _kind_from_neighbours(root: Token, add: Callable[[EntityType, float], None]) -> None:
    """A name listed with others shares their kind: "Lomé, Cotonou and Tema", "Boots or Diageo"."""
    siblings = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        siblings.append(root.head)
    for sibling in siblings:
        kind = LABELS.get(sibling.ent_type_)
        if kind is not None and kind is not EntityType.MISC and sibling.ent_type_ != "NORP":
            add(kind, WEIGHT_NEIGHBOUR)


def _kind_from_nouns(span: Span, add: Callable[[EntityType, float], None]) -> None:
    """Organisation or place evidence from the nouns around a name.

    "Diageo, the world's biggest spirits firm" (apposition headed by an organisation noun) and
    "Liverpool manager Rafael Benitez" (the name modifies a person noun: organisations have
    managers) mean ORG; "Fraserburgh, a fishing town" means PLACE.
    """
    root = span.root
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ != "PROPN":
            noun = child.lower_
            if noun in _PLACE_NOUNS:
                add(EntityType.PLACE, WEIGHT_ROLE)
            elif noun in _NOT_PERSON_NOUNS:
                add(EntityType.ORG, WEIGHT_ROLE)
            return
    head = root.head
    if (
        root.dep_ == "compound"
        and head.i >= span.end
        and head.pos_ == "NOUN"
        and is_person_noun(head.text)
        and head.lower_ not in _KIN
    ):
        add(EntityType.ORG, WEIGHT_GEO)
