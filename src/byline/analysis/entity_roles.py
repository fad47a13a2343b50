"""The role a text gives a person, read from the words around their name.

"Petra Marsh, a Lisbon-based energy analyst, said", "the board's deputy chief executive, Kofi
Asante-Mensah", "energy minister Petra Marsh", "Cllr José Araújo (Chair)": `apposition_role` and
`title_role` return the role as written; `is_person_noun` says whether a noun names a person's
role at all (what `entity_evidence` counts as strong evidence of a person).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.names import TITLES, fold, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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
    clerk treasurer registrar frontbencher backbencher councillor councilor farmer coordinator
    organiser organizer resident representative lawmaker legislator sheriff forwarder master
    agent dealer
    """
)
"""Nouns that name a person's role; an apposition headed by one marks a person ("X, an analyst")."""

DEMONYM_NOUNS: frozenset[str] = word_set(
    """welshman welshwoman scotsman scotswoman englishman englishwoman irishman irishwoman
    frenchman frenchwoman dutchman dutchwoman zealander icelander islander londoner
    countryman countrywoman compatriot briton scot spaniard swede"""
)
"""Nouns for a person from somewhere, before a name: "New Zealander Jason Spice"."""
DEMONYMS: frozenset[str] = DEMONYM_NOUNS | word_set(
    """dane finn pole kiwi aussie yorkshireman ulsterman cornishman
    manxman geordie scouser glaswegian"""
)
"""Words for one person by where they are from, after "the": "the Scot admitted" (spaCy often
tags "Scot" a PERSON, "Dutchman" an ORG). Some are given names too (Dane, Finn), so only
`DEMONYM_NOUNS` are dropped from before a name."""
_RELATIVE = word_set("WDT WP WP$")
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


def is_person_noun(word: str) -> bool:
    """Whether a (lowercase) noun names a person's role: "analyst", "lecturer", "spokeswoman"."""
    w = word.lower()
    if w in PERSON_NOUNS:
        return True
    if w in _NOT_PERSON_NOUNS:
        return False
    return w.endswith(_PERSON_SUFFIXES) and len(w) > 4


def title_role(span: Span, stripped: list[Token]) -> str | None:
    """The role a title phrase before the name states: "energy minister", "Foreign Secretary",
    "Culture, Media and Sport Secretary".

    `stripped` are the title tokens removed from the front of spaCy's span ("Foreign Secretary"
    inside a PERSON span); otherwise the modifiers just left of the span are read.
    """
    words = [t for t in stripped if fold(t.text).rstrip(".") not in _HONORIFICS]
    if words:
        return _written(_with_portfolios(words))
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
            return _written(_with_portfolios(run))
    return None


def _written(tokens: list[Token]) -> str:
    """The tokens as the text writes them, spaces folded, without a dash or comma at either
    end ("-star" of "co-star" when spaCy's span began inside the word)."""
    return " ".join("".join(t.text_with_ws for t in tokens).split()).strip(" -–—,")


def _with_portfolios(run: list[Token]) -> list[Token]:
    """`run` (a title phrase) with the list of portfolios it ends ("Culture, Media and" before
    "Sport Secretary", "Trade and" before "Industry Secretary" when spaCy's span took only the
    title)."""
    last = run[-1]
    if not (fold(last.text) in _PORTFOLIO_TITLES and last.text[0].isupper()):
        return run
    doc = last.doc
    k = run[0].i
    while (
        k >= 1 and _portfolio_word(doc[k - 1]) and doc[k - 1].dep_ in _MODIFIERS and last.i - k < 4
    ):
        k -= 1
    first = portfolio_list_start(doc, k)
    return [*doc[first : run[0].i], *run] if first < run[0].i else run


_LIST_LINKS = frozenset((",", "and", "&"))
_PLACE_PREPOSITIONS = frozenset(("in", "at", "near", "across", "around", "outside", "inside"))
_MODIFIERS = frozenset(("compound", "nmod", "amod", "conj"))


def _portfolio_word(token: Token) -> bool:
    """A capitalised word that may name a portfolio: not a title, not a word of any name spaCy
    calls a person's in the document ("Jamieson" of "Cathy Jamieson and First Minister Jack
    McConnell", where spaCy missed her)."""
    return (
        token.is_alpha
        and token.text[0].isupper()
        and token.ent_type_ != "PERSON"
        and fold(token.text) not in _HONORIFICS
        and fold(token.text) not in TITLES
        and token.text not in _person_words(token.doc)
    )


def _person_words(doc: Doc) -> frozenset[str]:
    """The words of the document's PERSON entities (kept with the parse)."""
    words: frozenset[str] | None = doc.user_data.get("byline.person_words")
    if words is None:
        words = frozenset(w for e in doc.ents if e.label_ == "PERSON" for w in e.text.split())
        doc.user_data["byline.person_words"] = words
    return words


_PORTFOLIO_TITLES = frozenset(("secretary", "minister"))
"""The titles a list of portfolios comes before ("Trade and Industry Secretary")."""


def portfolio_list_start(doc: Doc, first: int) -> int:
    """Where a list of portfolios ends at `first`, a capitalised word before a title: "Culture,
    Media and Sport" of "Culture, Media and Sport Secretary Tessa Jowell" (`first` at "Sport"),
    "Trade and Industry" of "Trade and Industry Secretary". A person's name ends the list: in
    "Tony Blair and Home Secretary Charles Clarke" only "Home" is the portfolio."""
    k = first
    links = _LIST_LINKS - {","}  # the last link is "and": "Yesterday, Foreign Secretary" is none
    while k >= 2 and doc[k - 1].text in links and _portfolio_word(doc[k - 2]):
        before = k - 2
        while before >= 1 and _portfolio_word(doc[before - 1]):
            before -= 1
        if before >= 1 and doc[before - 1].lower_ in _PLACE_PREPOSITIONS:
            break  # a place the sentence is in: "in Cardiff and Northern Ireland Minister"
        k = before
        links = _LIST_LINKS
    return k


def in_portfolio_list(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are words of a list of portfolios before a title and a
    person's name ("Culture" and "Media" in "Culture, Media and Sport Secretary Tessa Jowell"):
    a role, not names."""
    j = end
    while j < len(doc) and j - end < 8 and (doc[j].text in _LIST_LINKS or _portfolio_word(doc[j])):
        j += 1
    if j == end or j + 1 >= len(doc) or doc[j - 1].text in _LIST_LINKS:
        return False
    title, after = doc[j], doc[j + 1]
    if not (fold(title.text) in _PORTFOLIO_TITLES and title.text[0].isupper()):
        return False
    if after.ent_type_ != "PERSON" or after.ent_iob_ != "B":
        return False
    return portfolio_list_start(doc, j - 1) <= start


def _phrase(span: Span, head: Token) -> str | None:
    """The noun phrase headed by `head`, cut before a comma, a relative clause or another name."""
    doc = span.doc
    words: list[Token] = []
    for t in doc[head.left_edge.i : head.right_edge.i + 1]:
        if span.start <= t.i < span.end:
            break
        if t.text == "." and t.i > head.i:
            break  # a full stop the parser ran through: "editor at PC Pro. Apple's work ..."
        if (t.is_punct and t.text in ',;:()"“”') or t.is_space or t.tag_ in _RELATIVE:
            if t.i > head.i:
                break
            words = []
            continue
        # another person's name ends the role, but "councillor for [Penwith North]" is in it
        other = (
            t.ent_type_ == "PERSON"
            and not (words and words[-1].pos_ == "ADP")
            and not (t.ent_iob_ == "I" and words and words[-1].i == t.i - 1)
        )
        if (other or t.pos_ == "CCONJ") and t.i > head.i:
            break
        words.append(t)
        if len(words) >= 16:
            break
    while words and (words[-1].pos_ in ("ADP", "DET", "CCONJ") or words[-1].tag_ == "PRP$"):
        words.pop()  # "the Green councillor for [a name spaCy called a person]"
    if words and words[0].lower_ in ("its", "their"):
        words = words[1:]  # "Its coordinator, Mei Lin Hoskin": the organisation's
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
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return None  # "... Dunwick, the minister said": a clause, not an apposition
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
        if child.left_edge.i > span.end + 1:  # not "Name, a ...": a misparse far along the
            continue  # sentence ("Politics" of a book's title, for "Mariana Costa is a ...")
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
