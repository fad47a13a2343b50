"""Mentions that are not names where they stand, whatever label spaCy gave them.

- A word inside a quoted title: "Sediment and Seagrass in the Fal" is the name of a survey, and
  spaCy's EVENT "Sediment" and ORG "Seagrass" are words of it. A mention that covers the whole
  title stays (the title itself, a MISC); one that is a piece of a title-cased quotation goes,
  unless the text also names it outside titles.
- An organisation or place word opening a heading or a sentence as the modifier of a common noun:
  "Court challenge", "Police officers said", "Port state control inspections": a capitalised
  common noun, not a court, a police force or a port anyone can look up.
- A phrase ending in a title before a person's name: "Jefferson Parish Sheriff Harry Lee" (spaCy
  makes the title a WORK_OF_ART); it is the person's role.
- A word for one person by where they are from, after an article: "the Scot admitted" (spaCy
  often makes "Scot" a PERSON, "the Dutchman" an ORG); the report means someone it has named.
- A word capitalised only where it opens a sentence or a headline ("Broadband takes off",
  then "broadband" in the text).
- A clause spaCy took for a title: "England won the first Rugby World Cup Sevens" (a
  WORK_OF_ART): a span of four words or more with a verb in the past tense written in lower case,
  which the name of a work or a body does not hold ("Gone with the Wind" capitalises its verb).
- Words of a list of portfolios before a title and a name: "Culture" and "Media" in "Culture,
  Media and Sport Secretary Tessa Jowell".
- A minister's portfolio: "Home" in "Home Secretary", "State" in "Secretary of State".
- A common noun written in capitals ("1900 GMT", "a USB stick", "the VAT rise"; `COMMON_CAPITALS`):
  spaCy often calls it an organisation.
- Words of a heading set in capitals ("CHAPTER 8 DIGITAL SYSTEMS", "MEMBER PORT REVIEWS"): spaCy
  reads capitals as proper nouns. Such a mention stays only when the text also writes the name
  outside capitalised lines, or when it is a person's name ("JOHN SMITH" as a byline).

And one kind of name spaCy misses: a run of proper nouns ending in an organisation word that no
entity covers ("Cornwall Council's strategic planning committee") is an organisation
(`untagged_organisations`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from byline.analysis.entity_evidence import ORG_WORDS, PLACE_NOUNS, WEIGHT_ORG_WORD, has_org_word
from byline.analysis.entity_mentions import RawMention
from byline.analysis.entity_roles import DEMONYMS, in_portfolio_list, is_person_noun
from byline.analysis.entity_spans import SENTENCE_OPENERS
from byline.analysis.names import TITLES, fold, word_set
from byline.analysis.org_evidence import KIND_NOUNS, WEIGHT_ORG_CUE, kind_noun
from byline.analysis.quote_marks import find_quote_spans
from byline.analysis.token_columns import columns
from byline.models import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SMALL = frozenset(("a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with"))
_SENTENCE_END = ".!?,"
_MEMBERS = frozenset(("tories", "conservatives", "democrats", "republicans", "dems"))
"""Party words that name members, not the party: "Senior Tories" are people."""


def _title_spans(text: str) -> list[tuple[int, int]]:
    """Quoted runs of two to ten words, every significant one capitalised, with no sentence end:
    the names of reports, books and films (from the first word after a leading article)."""
    titles = []
    for span in find_quote_spans(text):
        inner = text[span.start : span.end].strip()
        words = inner.split()
        if not 2 <= len(words) <= 10 or inner[-1:] in _SENTENCE_END:
            continue
        significant = [w for w in words if w.lower() not in _SMALL]
        if significant and all(w[:1].isupper() for w in significant):
            lo = span.start + len(inner) - len(inner.lstrip())
            first = words[0].lower()
            if first in ("the", "a", "an"):
                lo = text.index(words[1], lo)
            titles.append((lo, span.start + len(inner.rstrip(" ,.;:"))))
    return titles


def _common_noun(sdoc: Doc, mention: RawMention) -> bool:
    """An organisation or place word alone, first in its sentence, modifying a lowercase noun
    after it: "Court challenge", "Port state control inspections"."""
    word = fold(mention.words[0]) if len(mention.words) == 1 else ""
    if word not in ORG_WORDS and word not in PLACE_NOUNS:
        return False
    span = sdoc.char_span(mention.start, mention.end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    head = token.head
    opens = token.is_sent_start or token.i == 0 or "\n" in sdoc[token.i - 1].text
    return (
        opens
        and token.dep_ in ("compound", "amod")
        and head.i > token.i
        and head.pos_ == "NOUN"
        and all(t.text.islower() for t in sdoc[token.i + 1 : head.i + 1])
    )


_UNITS = word_set("mw gw kw mwh gwh kwh twh km kg mph kph ppm mhz ghz mb gb tb")
"""Units spaCy takes for organisations after a number: "120 MW", "310 MW of solar"."""


def _unit(sdoc: Doc, mention: RawMention) -> bool:
    """A unit of measure right after a number ("a 120 MW plant"), not a name."""
    if len(mention.words) != 1 or fold(mention.words[0]) not in _UNITS:
        return False
    span = sdoc.char_span(mention.start, mention.end)
    return span is not None and span.start > 0 and sdoc[span.start - 1].like_num


_CAPITALS_WORDS = """
    GMT BST CET EST EDT PST PDT UTC
    CD CDs DVD DVDs VHS USB LCD PVR PVRs VCR VCRs MMS SMS GSM RSS DRM PDA PDAs DVB CGI HDTV MP3
    MP3s PC PCs TV TVs AI DIY DJ DJs R&B VAT AGM GDP CEO IPO OBE MBE CBE
"""
COMMON_CAPITALS = frozenset(_CAPITALS_WORDS.split())
"""Words written in capitals that are common nouns, never the name of one body or place, though
spaCy often calls them organisations: "at 1900 GMT", "a USB key", "the VAT rise", "an OBE"."""


_PORTFOLIO_TITLES = ("Secretary", "Minister")
_GENERAL = ("Secretary General", "Secretary-General")


def _sentence_case(text: str, mention: RawMention, seen: dict[str, bool]) -> bool:
    """A word capitalised only because it opens a sentence or a headline, which the document
    writes in lower case elsewhere and never capitalised mid-sentence: "Broadband" in the
    headline "Broadband takes off", then "broadband" in the text (spaCy makes it a place). Not
    used on a name spaCy calls a person's: "Hunt said" in an article on the hunting ban."""
    if len(mention.words) != 1 or not _opens(text, mention.start):
        return False
    word = mention.words[0]
    if not word[:1].isupper() or word.isupper() or fold(word) in ORG_WORDS:
        return False  # "Parliament voted", though "a parliament" is written too
    if word not in seen:  # the text is scanned once per word, not once per mention
        lower = re.compile(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])")
        capital = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        seen[word] = lower.search(text) is not None and all(
            _opens(text, m.start()) for m in capital.finditer(text)
        )
    return seen[word]


def _opens(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence, a line or a quotation."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n\"“‘'(:"


def _portfolio(text: str, mention: RawMention) -> bool:
    """A minister's portfolio, not a body: "Home" and "Trade and Industry" in "Home Secretary",
    "Trade and Industry Secretary Patricia Hewitt"; "State" in "Secretary of State". Names stay:
    one with an organisation word ("Foreign Office Minister"), an acronym ("UN Secretary
    General"), a place ("Wales Secretary", spaCy's label), and any before a lower-case title
    ("Labour minister", "Church of Scotland minister")."""
    before = text[max(0, mention.start - 16) : mention.start].rstrip(" ")
    if mention.words == ["State"] and before.endswith(("Secretary of", "Minister of")):
        return True
    if (
        has_org_word(mention.words)
        or any(w.isupper() for w in mention.words)
        or mention.votes.get(EntityType.PLACE, 0.0) > 0
    ):
        return False
    after = text[mention.end : mention.end + 20].lstrip(" ")
    return after.startswith(_PORTFOLIO_TITLES) and not after.startswith(_GENERAL)


def _role_before_person(sdoc: Doc, mention: RawMention) -> bool:
    """A phrase ending in a title or role noun right before a person's name is the role, not a
    name: "Jefferson Parish Sheriff Harry Lee"."""
    last = fold(mention.words[-1]) if mention.words else ""
    if not (last in TITLES or is_person_noun(last)) or len(mention.words) < 2:
        return False
    span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end >= len(sdoc):
        return False
    after = sdoc[span.end]
    return after.ent_type_ == "PERSON" and after.ent_iob_ == "B"


def _in_portfolios(sdoc: Doc, mention: RawMention) -> bool:
    """A word of a list of portfolios before a title and a name: "Culture" and "Media" in
    "Culture, Media and Sport Secretary Tessa Jowell" (spaCy's place and organisation)."""
    span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and in_portfolio_list(sdoc, span.start, span.end)


def _on_capitals_line(text: str, mention: RawMention) -> bool:
    """Whether the line holding `mention` has letters and no lower-case letter (a heading)."""
    lo = text.rfind("\n", 0, mention.start) + 1
    hi = text.find("\n", mention.end)
    line = text[lo : hi if hi >= 0 else len(text)]
    return not any(c.islower() for c in line)


def _heading_words(text: str, mentions: list[RawMention]) -> set[int]:
    """Indexes of mentions that are words of a capitalised heading (module docstring)."""
    capitals = {i for i, m in enumerate(mentions) if _on_capitals_line(text, m)}
    written = {fold(" ".join(m.words)) for i, m in enumerate(mentions) if i not in capitals}
    return {
        i
        for i in capitals
        if fold(" ".join(mentions[i].words)) not in written and not _personal_label(mentions[i])
    }


def _personal_label(mention: RawMention) -> bool:
    person = mention.votes.get(EntityType.PERSON, 0.0)
    return person > 0 and all(w <= person for w in mention.votes.values())


def not_names(text: str, sdoc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """`mentions` without the words of quoted titles, capitalised common nouns, units after a
    number, common nouns in capitals (`COMMON_CAPITALS`), roles before a name, capitalised
    headings and clauses (see above)."""
    headings = _heading_words(text, mentions)
    mentions = [m for i, m in enumerate(mentions) if i not in headings]
    titles = _title_spans(text)

    def in_title(m: RawMention) -> bool:  # a piece of a title, not the whole of it
        return any(
            lo <= m.start < m.end <= hi and (m.start, m.end) != (lo, hi) for lo, hi in titles
        )

    outside = {fold(" ".join(m.words)) for m in mentions if not in_title(m)}
    cased: dict[str, bool] = {}
    return [
        m
        for m in mentions
        if not (in_title(m) and fold(" ".join(m.words)) not in outside)
        and not _common_noun(sdoc, m)
        and not _unit(sdoc, m)
        and not (len(m.words) == 1 and m.words[0] in COMMON_CAPITALS)
        and not _portfolio(text, m)
        and not (_sentence_case(text, m, cased) and not _personal_label(m))
        and not _role_before_person(sdoc, m)
        and not _in_portfolios(sdoc, m)
        and not _demonym(text, m)
        and not _clause(sdoc, m)
    ]


def _clause(sdoc: Doc, mention: RawMention) -> bool:
    """A clause, not a name: four words or more, one a past-tense verb in lower case."""
    if len(mention.words) < 4:
        return False
    span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and any(t.tag_ == "VBD" and t.text.islower() for t in span)


def _demonym(text: str, mention: RawMention) -> bool:
    """ "Scot" in "the Scot admitted", "Britons" in "two Britons": a word for someone from
    somewhere, not a name. One that is also a given name ("Dane", "Finn") only after an
    article; "The Scotsman" in mid-sentence is the newspaper."""
    if len(mention.words) != 1:
        return False
    word = fold(mention.words[0])
    singular = word[:-1] if word.endswith("s") and word[:-1] in DEMONYMS else word
    if singular not in DEMONYMS:
        return False
    before = text[max(0, mention.start - 8) : mention.start].split()
    if before and before[-1] == "The":  # a sentence's first word, not "The Scotsman" the paper
        opening = text[: mention.start - 4].rstrip()
        return not opening or opening[-1] in '.!?"”\n'
    return singular not in _NAMES_TOO or (bool(before) and before[-1] in ("the", "a", "an"))


_NAMES_TOO = word_set("dane finn pole kiwi")
"""Demonyms that are also names (Dane Bowers, Finn Russell)."""


def untagged_organisations(sdoc: Doc) -> list[RawMention]:
    """Runs of two to five capitalised proper nouns outside every spaCy entity whose last word is
    an organisation word ("Cornwall Council", "Harbour Trust"), as organisation mentions."""
    found = []
    run: list[int] = []
    table = columns(sdoc)
    for i in range(len(table.words) + 1):
        word = table.words[i] if i < len(table.words) else ""
        if (
            word
            and table.outside[i]
            and table.tags[i] in ("NNP", "NNPS")
            and word.isalpha()
            and word[:1].isupper()
            and (run or fold(word) not in SENTENCE_OPENERS)
        ):
            run.append(i)
            continue
        last = fold(sdoc[run[-1]].text) if run else ""
        if 2 <= len(run) <= 5 and last in ORG_WORDS and last not in _MEMBERS:
            span = sdoc[run[0] : run[-1] + 1]
            votes = {EntityType.ORG: WEIGHT_ORG_WORD}
            words = [t.text for t in span]
            found.append(
                RawMention(span.start_char, span.end_char, span.text, words, dict(votes), votes)
            )
        run = []
    return found


_JOINERS = frozenset(("and", "&", "of", "for", "the"))
_NAMED = frozenset(("ORG", "PERSON", "GPE", "LOC", "FAC"))


def kind_named_runs(sdoc: Doc) -> list[RawMention]:
    """Organisation names with "and" inside, right after a noun for a kind of organisation:
    "local group Victims and Citizens Against Crime", "think-tank Pew Internet and American
    Life" (spaCy cuts them at "and" into two names, or a nationality and a name)."""
    found = []
    for i, word in enumerate(columns(sdoc).words):
        lower = word.lower()
        if lower not in KIND_NOUNS and lower != "tank":
            continue
        token = sdoc[i]
        if token.pos_ != "NOUN":
            continue
        end = token.i + 1
        while end < len(sdoc) and (
            (sdoc[end].text[:1].isupper() and sdoc[end].is_alpha)
            or (
                sdoc[end].lower_ in _JOINERS
                and end + 1 < len(sdoc)
                and sdoc[end + 1].text[:1].isupper()
            )
        ):
            end += 1
        span = sdoc[token.i + 1 : end]
        words = [t.text for t in span]
        if len(words) >= 3 and "and" in words[1:-1] and words[-1][:1].isupper():
            if span[0].ent_type_ in _NAMED:
                continue  # "charity Oxfam and Save the Children": spaCy named the first one
            votes = {EntityType.ORG: WEIGHT_ORG_WORD}
            found.append(
                RawMention(span.start_char, span.end_char, span.text, words, dict(votes), votes)
            )
    return found


def kind_named_words(sdoc: Doc) -> list[RawMention]:
    """Names spaCy left untagged right after a noun for a kind of organisation ("mobile music
    firm Musiwave", "gadget magazine Stuff"): a run of capitalised proper nouns outside every
    entity, in running text (the noun in lower case), not a title ("political rival Chancellor
    Gerhard Schroeder"). The kind says what it is, whatever else the sentence does
    ("shareholders in data services provider Equant" is no place), so the mention's only vote
    is the organisation cue's."""
    found = []
    written = columns(sdoc).words
    i = 1
    while i < len(written):
        if written[i - 1].lower() not in KIND_NOUNS:  # the cheap part of `kind_noun` first
            i += 1
            continue
        before, token = sdoc[i - 1], sdoc[i]
        if not (
            kind_noun(before)
            and before.is_lower
            and before.pos_ == "NOUN"
            and _untagged_name(token)
            and token.is_alpha
            and fold(token.text) not in TITLES
        ):
            i += 1
            continue
        end = i + 1
        while end < len(sdoc) and _untagged_name(sdoc[end]):
            end += 1
        span = sdoc[i:end]
        votes = {EntityType.ORG: WEIGHT_ORG_CUE}
        words = [t.text for t in span]
        found.append(
            RawMention(span.start_char, span.end_char, span.text, words, dict(votes), votes)
        )
        i = end
    return found


def _untagged_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.ent_iob_ == "O" and token.text[:1].isupper()
