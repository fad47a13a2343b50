"""Cutting spaCy's entity spans down to the names in them.

spaCy's spans carry leading words ("the", "Mr", "Foreign Secretary", "Later"), trailing
possessives and punctuation, and sometimes run over several names ("Wright-Phillips, Downing",
"Carragher and Brown", "Roma's Olivier Dacourt"). `trim` and `split_span` give the names;
the `extend_` functions take in what spaCy left out (the rest of a hyphenated name, an elided
particle, a surname, a line-up's initial).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from byline.analysis.entity_evidence import has_org_word
from byline.analysis.entity_roles import DEMONYM_NOUNS, is_person_noun
from byline.analysis.names import TITLES, fold, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

HONORIFICS = word_set("mr mrs ms miss mx dr prof professor sir dame president cllr councillor")
"""Titles stripped from any span (all of `TITLES` only from a PERSON span)."""
POSSESSIVE_TOKENS = frozenset(("'s", "’s", "'", "’", "`s"))

_LEADING = word_set("RB RBR RBS IN DT CC UH PRP PRP$ WRB MD VB VBD VBZ VBP")
SENTENCE_OPENERS = word_set(
    """later earlier meanwhile however yesterday today tonight now then also still but and so
    when while after before since although though instead indeed finally recently previously
    separately asked speaking according like unlike under for with without as"""
)
"""Capitalised words that open a sentence before a name and are never part of it."""
_BREAKS = frozenset((",", ";", "(", ")", "[", "]", "/", ":", '"', "“", "”"))
_DASHES = frozenset(("-", "–", "—", "--"))
_TRAILING = word_set("and or & of the for - – —")
_NOT_PLURAL = ("ss", "us", "is", "os")
_FINITE_VERBS = frozenset(("VBD", "VBZ", "VBP"))


def trim(tokens: list[Token], personal: bool) -> tuple[list[Token], list[Token]]:
    """Cut a span to the name: returns (name tokens, title tokens removed from its front).

    Leading "the", quotes and titles go (all titles for a PERSON span, only honorifics such as
    "Mr" or "President" otherwise, so "Foreign Office" keeps "Foreign"), an adjective before
    a person's name (a demonym: "Italian Rossi"), and a participle opening the sentence
    ("Entering Westminster, he ..."); trailing possessives and punctuation go; a
    span that crosses a line break is cut there.
    """
    for i, tok in enumerate(tokens):
        if tok.is_space or "\n" in tok.text:
            tokens = tokens[:i]
            break
    stripped: list[Token] = []
    titles = TITLES if personal else HONORIFICS
    while tokens:
        word = fold(tokens[0].text).rstrip(".")
        if (
            tokens[0].is_punct
            or tokens[0].is_space
            or word == "the"
            or tokens[0].tag_ in _LEADING
            or (len(tokens) > 1 and word in SENTENCE_OPENERS)
            or (personal and len(tokens) > 1 and tokens[0].tag_ == "JJ")  # "Italian Rossi"
            # A sentence's opening participle: "[Entering] Westminster, he came to share ..."
            # (but "the Fostering Network" is a charity's name)
            or (
                len(tokens) > 1
                and tokens[0].tag_ == "VBG"
                and tokens[0].is_sent_start
                and not has_org_word([t.text for t in tokens[1:]])
            )
        ):
            tokens = tokens[1:]
        elif len(tokens) > 1 and (
            (word in titles and tokens[0].text[:1].isupper())
            or (personal and len(tokens) > 2 and is_person_noun(word))
        ):
            stripped.append(tokens[0])
            tokens = tokens[1:]
        else:
            break
    while tokens and (tokens[-1].text in POSSESSIVE_TOKENS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens, stripped


def _joins_orgs(tokens: list[Token], i: int) -> bool:
    """Whether "and" at `i` joins two organisations ("the Ministry of Energy and Acme Corp")."""
    return has_org_word([t.text for t in tokens[:i]]) and has_org_word(
        [t.text for t in tokens[i + 1 :]]
    )


def split_span(tokens: list[Token], personal: bool) -> list[list[Token]]:
    """Split a span spaCy ran across several names or into the next clause.

    "Wright-Phillips, Downing", "Alexander Fang - show", "Absolute Return for Kids (Ark" break at
    commas, brackets and spaced dashes. A PERSON span also breaks at a line break (a headline's
    "coach Gilbert" and the next paragraph's "Andy Roddick" are two people) and at "and"
    ("Carragher and Brown"), another span only between two organisation names ("the Ministry
    of Energy and Acme Corp", but not "Marks and Spencer"). A demonym before a name goes:
    "Welshman Ray Reardon",
    "New Zealander Jason Spice". An owner before a plural proper noun stands apart and the
    plural goes ("Usher's Confessions", "Paula's Olympics": a singer's album, a runner's games).
    A lower-case finite verb ends the name: "inspections at Lomé detained 4 vessels" is the place
    and the rest of its clause.
    """
    pieces: list[list[Token]] = [[]]
    owner = _possessor_before_name(tokens)
    if owner:  # "Roma's Olivier Dacourt": a club's player, not a club
        pieces, tokens = [tokens[:owner], []], tokens[owner + 1 :]
    else:
        owner = _possessor_of_things(tokens)
        if owner:  # "Usher's Confessions": the singer's album; the album is not a name here
            pieces, tokens = [tokens[:owner], []], tokens[owner + 2 :]
    for i, tok in enumerate(tokens):
        spaced_dash = tok.text in _DASHES and (tok.whitespace_ or (i and tokens[i - 1].whitespace_))
        joins_orgs = tok.lower_ in ("and", "&") and (personal or _joins_orgs(tokens, i))
        if tok.tag_ in _FINITE_VERBS and tok.text.islower():
            break
        line_break = personal and "\n" in tok.text
        # "Balco boss Victor Conte": a firm, then its boss's name
        if (
            tok.text in _BREAKS
            or spaced_dash
            or joins_orgs
            or line_break
            or _role_between(tokens, i)
        ):
            pieces.append([])
        elif fold(tok.text) in DEMONYM_NOUNS and i < len(tokens) - 1:
            pieces[-1] = []
        else:
            pieces[-1].append(tok)
    for piece in pieces:
        while piece and piece[-1].lower_ in _TRAILING:
            piece.pop()
    return [p for p in pieces if p]


def _role_between(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] is a lower-case role noun between two capitalised words."""
    tok = tokens[i]
    return (
        0 < i < len(tokens) - 1
        and tok.text.islower()
        and is_person_noun(tok.text)
        and tokens[i - 1].text[:1].isupper()
        and tokens[i + 1].text[:1].isupper()
    )


def _possessor_before_name(tokens: list[Token]) -> int:
    """Index of a possessive "'s" followed by a name of two or more capitalised words with no
    organisation word ("Roma's Olivier Dacourt"; not "McDonald's Corp"), else 0."""
    for i, tok in enumerate(tokens[1:-2], start=1):
        if tok.text in POSSESSIVE_TOKENS:
            rest = [t.text for t in tokens[i + 1 :]]
            if all(w[:1].isupper() for w in rest) and not has_org_word(rest):
                return i
    return 0


def _possessor_of_things(tokens: list[Token]) -> int:
    """Index of a possessive "'s" after one or two words and before a single plural proper noun
    that ends the name (up to a break): "Usher's Confessions - one"; else 0."""
    for i, tok in enumerate(tokens[1:3], start=1):
        if tok.text not in POSSESSIVE_TOKENS or i + 1 >= len(tokens):
            continue
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        ends = after is None or after.text in _BREAKS or after.text in _DASHES
        thing = tokens[i + 1]
        plural = thing.tag_ == "NNPS" or (
            thing.tag_ == "NNP"
            and thing.text.endswith("s")
            and not thing.text.endswith(_NOT_PLURAL)
        )
        if plural and ends and not has_org_word([t.text for t in tokens]):
            return i
    return 0


_LIST_JOINERS = frozenset(("and", "&"))


def join_listed_names(sdoc: Doc) -> list[tuple[Span, bool]]:
    """spaCy's entities, with an organisation whose name ends in a list made whole again; each
    with whether it was joined here (and so must not be split at its comma again).

    spaCy stops "Commission for Conciliation, Mediation and Arbitration" at the comma and tags
    the rest as a second organisation. Two ORG spans joined only by a comma, where the first
    names what it is "for" or "of" and the second is capitalised words and "and", are one name.
    spaCy also leaves out, or tags as an organisation of its own, the "Public" of "Public and
    Commercial Services Union" (`_qualifier_before`): a capitalised common word joined by "and"
    to the ORG it qualifies starts its name; "Rangers and Liverpool" are two.
    """
    from spacy.tokens import Span

    joined: list[tuple[Span, bool]] = []
    for ent in sdoc.ents:
        if joined and _continues_list(sdoc, joined[-1][0], ent):
            first = joined[-1][0]
            joined[-1] = (Span(sdoc, first.start, ent.end, label=first.label_), True)
            continue
        start = _qualifier_before(sdoc, ent)
        if start is not None:
            if joined and joined[-1][0].start == start:
                joined.pop()  # spaCy's "Public", an organisation of its own
            ent = Span(sdoc, start, ent.end, label=ent.label_)
        joined.append((ent, False))
    return joined


def _continues_list(sdoc: Doc, first: Span, second: Span) -> bool:
    if first.label_ != "ORG" or second.label_ != "ORG" or second.start != first.end + 1:
        return False
    if sdoc[first.end].text != ",":
        return False
    words = [t.text for t in first]
    if not any(w in ("for", "of") for w in words[1:-1]) or not words[-1][:1].isupper():
        return False
    listed = [t.text for t in second]
    return (
        len(listed) >= 3
        and listed[-2] in _LIST_JOINERS
        and all(w[:1].isupper() for w in listed if w not in _LIST_JOINERS)
    )


def _qualifier_before(sdoc: Doc, ent: Span) -> int | None:
    """The index of the word that starts `ent`'s name before an "and" ("Public" of "Public and
    Commercial Services Union"), else None: an ORG's capitalised word that is no name (`_no_name`)
    and qualifies a noun of the ORG or the noun right after it ("the Public and Commercial
    Services union"), whether spaCy tagged it an ORG of its own or left it out."""
    if ent.label_ != "ORG" or ent.start < 2 or sdoc[ent.start - 1].lower_ not in _LIST_JOINERS:
        return None
    word = sdoc[ent.start - 2]
    head = word.head
    after = sdoc[ent.end] if ent.end < len(sdoc) else None
    qualifies = ent.start <= head.i < ent.end or (head == after and head.tag_ == "NN")
    if word.dep_ not in ("nmod", "amod", "compound") or not qualifies or not _no_name(word):
        return None
    tagged = word.ent_type_
    if tagged and (tagged != "ORG" or word.ent_iob_ != "B" or sdoc[word.i + 1].ent_iob_ == "I"):
        return None  # a word of another name
    return word.i


def _no_name(word: Token) -> bool:
    """Whether `word` is a common word in capitals ("Public"), not a name: tagged an adjective,
    or written in lower case elsewhere in its text."""
    return word.text.istitle() and (
        word.tag_ in ("JJ", "VBG") or any(t.text == word.lower_ for t in word.doc)
    )


def extend_hyphenated(sdoc: Doc, tokens: list[Token]) -> list[Token]:
    """Take in the rest of a hyphenated name: "Asante-[Mensah]", "[Guinea]-Bissau"."""
    first, last = tokens[0].i, tokens[-1].i
    while (
        first >= 2
        and sdoc[first - 1].text == "-"
        and not sdoc[first - 1].whitespace_
        and not sdoc[first - 2].whitespace_
        and sdoc[first - 2].text[:1].isupper()
        and sdoc[first - 2].is_alpha
    ):
        first -= 2
    while (
        last + 2 < len(sdoc)
        and sdoc[last + 1].text == "-"
        and not sdoc[last].whitespace_
        and not sdoc[last + 1].whitespace_
        and sdoc[last + 2].text[:1].isupper()
        and sdoc[last + 2].is_alpha
    ):
        last += 2
    if first == tokens[0].i and last == tokens[-1].i:
        return tokens
    return list(sdoc[first : last + 1])


_ELIDED = re.compile(r"[a-z]{1,5}['’]([A-Z][\w-]*)?")
"""An elided particle, alone or with the word it leans on: "d’Ivoire", "l'", "dell’"."""


def extend_elided(sdoc: Doc, tokens: list[Token]) -> list[Token]:
    """Take in an elided French or Italian particle that continues a name: "Côte [d’Ivoire]",
    "Piero [dell’Acqua]" (a lower-case particle, an apostrophe, a capitalised word)."""
    end = tokens[-1].i + 1
    if end >= len(sdoc) or not tokens[-1].whitespace_ or sdoc[end].ent_iob_ == "B":
        return tokens
    found = _ELIDED.fullmatch(sdoc[end].text)
    if found is None:
        return tokens
    if found.group(1):
        return [*tokens, sdoc[end]]
    after = end + 1
    if (
        after < len(sdoc)
        and not sdoc[end].whitespace_
        and sdoc[after].text[:1].isupper()
        and sdoc[after].is_alpha
    ):
        return [*tokens, sdoc[end], sdoc[after]]
    return tokens


def extend_right(sdoc: Doc, tokens: list[Token]) -> list[Token]:
    """Take in a surname spaCy left out: "Deputy Speaker [Sylvia] Heal" -> "Sylvia Heal"."""
    end = tokens[-1].i + 1
    if (
        end < len(sdoc)
        and len(tokens) == 1
        and tokens[-1].whitespace_ != ""
        and sdoc[end].tag_ == "NNP"
        and sdoc[end].ent_iob_ == "O"
        and sdoc[end].is_alpha
        and sdoc[end].text[0].isupper()
        and not sdoc[end].is_sent_start
    ):
        return [*tokens, sdoc[end]]
    return tokens


def extend_initial(sdoc: Doc, tokens: list[Token]) -> list[Token]:
    """Take in an initial spaCy left out: "[J] Robinson", "[S] Easterby" and "[G] Easterby" in a
    team's line-up are three people, not one Robinson and one Easterby ("A" and "I" are words)."""
    start = tokens[0].i
    before = sdoc[start - 1] if start else None
    if before is None or not before.whitespace_ or before.ent_iob_ != "O":
        return tokens
    letter = before.text.removesuffix(".")
    if len(letter) == 1 and letter.isupper() and letter not in "AI" and tokens[0].is_title:
        return [before, *tokens]
    return tokens
