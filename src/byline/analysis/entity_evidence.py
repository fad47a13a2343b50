"""What the words around a name say about what it names.

spaCy's label for one mention is a guess from a small window; the sentence often says more: a title
("Mr", "President") or a role ("a lecturer at ...") means a person, "north of X" or "X-based" a
place, "Ministry" or "Bank" in the name an organisation. `mention_evidence` turns those cues into
weighted votes that `entities.py` adds to spaCy's labels across every mention of an entity.
The roles themselves are read in `entity_roles`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from byline.analysis.cues import SPOKESPEOPLE, is_given_name
from byline.analysis.entity_roles import (
    _NOT_PERSON_NOUNS,
    DEMONYM_NOUNS,
    apposition_role,
    is_person_noun,
    title_role,
)
from byline.analysis.names import _TITLE_HEADS, fold, word_set
from byline.analysis.org_evidence import KIND_NOUNS, WEIGHT_ORG_CUE, organisation_votes
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
    organisation organization network airlines airways motors holdings partners bureau observatory
    energy energia power oil gas petroleum telecom telecoms systems technologies media
    pharmaceuticals insurance ventures labs studios records entertainment digital review times
    post journal herald gazette telegraph tribune chronicle magazine newspaper broadcasting
    """
)
"""Words that make a name an organisation's ("Ministry of Energy", "Acme Corp")."""

STREET_WORDS = word_set(
    "road street avenue lane boulevard drive highway motorway quay wharf terrace crescent"
)
"""Last words that make a name a street's ("Bayhead Road", "Downing Street"): a place."""

LANDSCAPE_WORDS = word_set(
    """river estuary lake delta valley basin archipelago islands peninsula gulf bay coast
    mountains hills plateau desert forest"""
)
"""Words of a natural feature: after a name ("the Corubal river") or ending it ("Rift Valley"),
a place."""

_TEAM_ENDINGS = word_set("forest bay")
"""Landscape words that end clubs' names as often as places' ("Nottingham Forest", "Tampa
Bay"): they make a place only after the name, in lower case."""

_PLACE_ENDINGS = (STREET_WORDS | LANDSCAPE_WORDS) - _TEAM_ENDINGS

SURNAMES_TOO = word_set("lane lake")
"""Words of streets and landscapes that are common surnames: after a common first name, a
person's ("Nathan Lane", "Mike Lake"), not a place's."""


def place_ending(words: list[str]) -> bool:
    """Whether a name of several words ends in a street's or a landscape's word ("Bayhead Road",
    "Rift Valley"), not a club's (`_TEAM_ENDINGS`) nor a surname after a first name."""
    last = fold(words[-1])
    if len(words) < 2 or last not in _PLACE_ENDINGS:
        return False
    return not (len(words) == 2 and last in SURNAMES_TOO and is_given_name(words[0]))


PLACE_NOUNS = word_set("country city town region capital province state village island port")
_KIN = word_set("father mother son daughter wife husband brother sister friend fellow colleague")
_SITUATED = word_set("based born located headquartered situated held")
_PLACE_OF = word_set(
    """government capital people citizens economy coast city parliament embassy outskirts
    centre center region province state streets residents"""
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
_PLACE_AFTER = word_set(
    "capital province region border borders suburbs outskirts neighbours neighbors"
)
_PLURAL_VERBS = word_set("are were have")
_ELECTED = word_set(
    """councillor councilor mp msp mep mla td am member candidate representative senator
    congressman congresswoman assemblyman assemblywoman"""
)
"""Roles held for a seat: "the councillor for Penryn West", "MP for Derby North" name a place."""

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


def label_type(label: str) -> EntityType | None:
    """The Byline type for a spaCy label, or None when the label is not an entity here."""
    return LABELS.get(label)


def has_org_word(words: list[str]) -> bool:
    """Whether a name has an organisation word ("Bank of England", "Labour Party", "Acme Co")."""
    if len(words) > 1 and words[-1] in ("Co", "Co."):
        return True
    folded = [fold(w).strip(".") for w in words]
    if folded[:1] == ["united"]:  # "Leeds United" is a club, "United States" a country
        folded = folded[1:]
    return any(w in ORG_WORDS for w in folded)


def _title_before(tokens: Doc, start: int) -> bool:
    """Whether the token just before index `start` is a personal title ("Mr", "Dr.")."""
    if start == 0:
        return False
    prev = tokens[start - 1]
    return fold(prev.text).rstrip(".") in _TITLE_HEADS


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
    if ":" in words[1:-1]:
        pass  # a title and its subtitle ("Power Before Politics: Gas Contracts in ..."), not a name
    elif has_org_word(words):
        add(EntityType.ORG, WEIGHT_ORG_WORD)
    elif place_ending(words):
        add(EntityType.PLACE, WEIGHT_ORG_WORD)
    elif len(words) == 2 and fold(words[0]) == "block" and any(c.isdigit() for c in words[1]):
        add(EntityType.PLACE, WEIGHT_ORG_WORD)  # an oil or gas licence area: "Block 7C"
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text.islower() and after.text in LANDSCAPE_WORDS:
        add(EntityType.PLACE, WEIGHT_GEO_STRONG)  # "the Corubal river"
    before = doc[span.start - 1] if span.start else None
    if before is not None and before.pos_ == "NOUN" and before.lower_ in _WORK_NOUNS:
        add(EntityType.MISC, WEIGHT_ORG_CUE)  # "the film Vera Drake"
    has_title = _title_before(tokens, span.start) or any(
        fold(t.text).rstrip(".") in _TITLE_HEADS for t in stripped
    )
    if has_title:
        add(EntityType.PERSON, WEIGHT_TITLE)
    if hinted and not (len(words) == 1 and len(words[0]) > 1 and words[0].isupper()):
        add(EntityType.PERSON, WEIGHT_HINT)  # a speaker; but "The EC says": a body's initials
    if span.start > 0 and fold(doc[span.start - 1].text) in DEMONYM_NOUNS:
        add(EntityType.PERSON, WEIGHT_ROLE)  # "New Zealander Jason Spice"
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
        elif prep.lower_ == "for" and prep.head.lower_ in _ELECTED:
            add(EntityType.PLACE, WEIGHT_GEO_STRONG)
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
    if end + 1 < len(tokens) and tokens[end].text == "," and not _in_role_phrase(root):
        relative = tokens[end + 1].lower_
        verb = tokens[end + 2].lower_ if end + 2 < len(tokens) else ""
        if relative == "who" and verb in _PLURAL_VERBS:
            add(EntityType.ORG, WEIGHT_ROLE)  # "Korn, who are at work on ...": a band, a team
        elif relative == "who" and not has_org_word(words):
            add(EntityType.PERSON, WEIGHT_ROLE)  # "Thabo Nkosi, who has operated cranes ..."
        elif relative == "which" and not has_title:
            add(EntityType.PERSON, -2 * WEIGHT_ROLE)  # "Diageo, which is listed": a thing
    _kind_from_examples(root, add)
    if root.dep_ == "nsubj" and not has_title:
        sent = span.sent
        if sent.end < len(tokens) and tokens[sent.end].lower_ in ("he", "she"):
            add(EntityType.PERSON, WEIGHT_PRONOUN)
    if not has_title and role is None:
        _kind_from_agreement(span, add)
        if hinted and votes.get(EntityType.ORG, 0.0) >= WEIGHT_ORG_CUE:
            add(EntityType.PERSON, -WEIGHT_HINT)  # a speaker, but "the state-owned operator"
    return votes, role, has_title or role is not None


def _kind_from_agreement(span: Span, add: Callable[[EntityType, float], None]) -> None:
    """A name with a plural verb is a group: "Portishead have revealed", "Korn were"; not a
    place, whose team also takes one ("England were criticised")."""
    root = span.root
    if root.dep_ != "nsubj" or root.ent_type_ == "GPE" or root.tag_ == "NNPS":
        return
    if any(c.dep_ == "conj" for c in root.children):
        return  # "Smith and Jones have": two people
    verb = root.head
    words = [verb, *(c for c in verb.children if c.dep_ == "aux" and c.i < verb.i)]
    if any(w.lower_ in _PLURAL_VERBS and w.i > span.end - 1 for w in words):
        add(EntityType.ORG, WEIGHT_GEO)


def _in_role_phrase(root: Token) -> bool:
    """Whether a name is the object of a role noun's preposition ("the councillor for X",
    "chief executive of X"): a "who" after it is the role holder, not X."""
    return root.dep_ == "pobj" and is_person_noun(root.head.head.text)


def _kind_from_examples(root: Token, add: Callable[[EntityType, float], None]) -> None:
    """Examples take the kind of the noun they illustrate: "fishing ports like Peterhead or
    Fraserburgh" are places, "retailers such as Boots" organisations."""
    node = root
    while node.dep_ == "conj" and node.head.i < node.i:
        node = node.head
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in ("like", "as", "including"):
        return
    noun = prep.head
    if prep.lower_ == "as" and noun.lower_ == "such":
        noun = noun.head
    if noun.pos_ != "NOUN":
        return
    word = noun.lower_  # the pipeline has no lemmatiser: "ports" -> "port", "cities" -> "city"
    singular = word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")
    if singular in PLACE_NOUNS:
        add(EntityType.PLACE, WEIGHT_GEO_STRONG)
    elif singular in KIND_NOUNS:
        add(EntityType.ORG, WEIGHT_GEO_STRONG)


def _kind_from_neighbours(root: Token, add: Callable[[EntityType, float], None]) -> None:
    """A name listed with others shares their kind: "Lomé, Cotonou and Tema", "Boots or Diageo".
    One listed with "its neighbours" is a country or a town: "Cameroon and its neighbours"."""
    siblings = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        siblings.append(root.head)
    for sibling in siblings:
        if sibling.lower_ in ("neighbours", "neighbors") and any(
            c.lower_ == "its" for c in sibling.children
        ):
            add(EntityType.PLACE, WEIGHT_GEO_STRONG)
        kind = LABELS.get(sibling.ent_type_)
        if kind is not None and kind is not EntityType.MISC and sibling.ent_type_ != "NORP":
            add(kind, WEIGHT_NEIGHBOUR)


_WORK_NOUNS = word_set(
    """film films movie movies album albums song songs single book books novel novels series
    sitcom documentary musical"""
)
"""Nouns that say a name right after them is a work's: MISC, not the person, place or company
spaCy took it for ("the film Vera Drake", "his album Musicology"). Not "game": in sport it is a
match ("at the end of the game Andre Nzame III was on target")."""


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
            if noun in PLACE_NOUNS:
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
        and root.ent_type_ != "GPE"  # "US rapper", "Scotland manager": a country's, a place
    ):
        # a body speaks through a spokesman ("Yukos spokesman Mike Lake"): a cue only it has
        add(EntityType.ORG, WEIGHT_ORG_CUE if head.lower_ in SPOKESPEOPLE else WEIGHT_GEO)
