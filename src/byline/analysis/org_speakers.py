"""Speakers that are organisations, or that speak for someone: "the company said", "a Defra
spokesman", "a spokesman for Mr Prescott", "they" or "it" for the body named last.

Mixed into `quote_speakers.SpeakerNames` (and through it into `attribution.Attributor`), whose
attributes and name resolution it uses.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from byline.analysis.cues import ORG_NOUNS, ROLE_NOUNS, SPEECH_NOUNS, SPOKESPEOPLE, word_set
from byline.analysis.names import MEMBER_NOUNS
from byline.analysis.org_evidence import KIND_NOUNS
from byline.analysis.speaker_words import PROXY_NOUNS, has_article
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.names import EntityResolver
    from byline.analysis.quote_pronouns import Discourse

VOICES = SPOKESPEOPLE | word_set("representative representatives")
"""Whose job is to speak for someone: "Mr Blair's official spokesman" speaks for Tony Blair, as
"a Labour spokesman" for Labour (not "officials" or "sources", who may speak for themselves)."""


class OrganisationSpeakers:
    """The organisation speakers of `SpeakerNames`, which provides what is declared here."""

    text: str
    sdoc: Doc
    entities: tuple[Entity, ...]
    resolver: EntityResolver
    _orgs: list[tuple[int, str]]
    _org_starts: list[int]
    discourse: Discourse

    def surface(self, token: Token) -> tuple[int, int]:
        raise NotImplementedError

    def speaker_of(self, token: Token) -> str | None:
        raise NotImplementedError

    def paragraph_of(self, offset: int) -> int:
        raise NotImplementedError

    def in_quote(self, offset: int) -> bool:
        raise NotImplementedError

    def _org_anaphor(self, token: Token) -> str | None:
        """ "the company", "the organisation": the organisation named last before it; "the
        Nationwide building society": the organisation named in it."""
        if token.lower_ in ORG_NOUNS or token.lower_ in KIND_NOUNS:
            for child in token.children:
                if child.dep_ != "compound" or child.pos_ != "PROPN":
                    continue
                if (found := self._named(*self.surface(child), EntityType.ORG)) is not None:
                    return found
        if token.lower_ in ORG_NOUNS and has_article(token):
            found = self._recent_org(token.idx) or self._org_called(token)
            if found is None and token.lower_ in _OWN_NOUNS and not _kind_given(token):
                found = self._main_org()
            return found
        if token.lower_ in SPEECH_NOUNS or token.lower_ in ORG_NOUNS:
            # the names in "a statement from Oxfam", not in the words quoted after it nor in a
            # clause ("Reports that Tony Blair is planning ..." are not his)
            inside = [
                t
                for t in token.subtree
                if t.i != token.i and not self.in_quote(t.idx) and _attached(t, token)
            ]
            for inner in inside:
                if inner.ent_type_ == "PERSON":
                    return self.speaker_of(inner)
            for inner in inside:
                if (
                    inner.ent_type_ == "ORG"
                    and (found := self.speaker_of(inner)) is not None
                    and self._named(*self.surface(inner), EntityType.PLACE) is None
                ):
                    return found  # not "press reports in China": where, not who
        return None

    def _org_called(self, token: Token) -> str | None:
        """ "the organisation": the last organisation named before it whose name ends so."""
        from byline.analysis.names import fold

        best: tuple[int, str] | None = None
        for entity in self.entities:
            if entity.type is not EntityType.ORG or fold(entity.name.split()[-1]) != token.lower_:
                continue
            starts = [m.start for m in entity.mentions if m.start < token.idx]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), entity.name)
        return best[1] if best else None

    def _main_org(self) -> str | None:
        """The organisation the document is about, when one is named far more than any other
        (three times at least, one and a half times as often as the next): "the former monopoly
        said" when BT (15 mentions, Ofcom 8) was last a subject three paragraphs back."""
        counts = sorted(
            ((len(e.mentions), e.name) for e in self.entities if e.type is EntityType.ORG),
            reverse=True,
        )
        if (
            not counts
            or counts[0][0] < 3
            or (len(counts) > 1 and 2 * counts[0][0] < 3 * counts[1][0])
        ):
            return None
        return counts[0][1]

    def _employer(self, token: Token) -> str | None:
        """The organisation in "a Premier League spokesman" / "a spokesperson for the group",
        which may then be "he" or "she" (`Discourse.voiced`)."""
        found = self._employer_of(token)
        if found is not None:
            voiced = self.discourse.voiced
            voiced[found] = min(voiced.get(found, token.idx), token.idx)
        return found

    def _employer_of(self, token: Token) -> str | None:
        if token.lower_ not in ROLE_NOUNS:
            return None
        for child in token.children:
            owner = child.dep_ in ("compound", "poss", "nmod") and child.ent_type_ == "ORG"
            if (
                owner
                and token.lower_ not in MEMBER_NOUNS
                and (found := self._named(*self.surface(child), EntityType.ORG)) is not None
            ):
                return found
            if (
                token.lower_ in PROXY_NOUNS
                and child.dep_ in ("compound", "amod", "nmod")
                and (child.ent_type_ in ("ORG", "NORP") or child.pos_ == "PROPN")
            ):
                # "a Premier League spokesman", "a Liberal Democrat spokesman"
                run = [t for t in child.subtree if t.i < token.i and t.text[:1].isupper()]
                forms = [self.surface(child)]
                if run:  # "an ntl spokesman" has none
                    forms.append((run[0].idx, child.idx + len(child.text)))
                for start, end in forms:
                    if (found := self._named(start, end, EntityType.ORG)) is not None:
                        return found
            if token.lower_ in VOICES and child.dep_ == "poss" and child.ent_type_ != "ORG":
                # "Mr Blair's spokesman", "the rapper's spokesman", "the minister's spokesman"
                found = self.speaker_of(child)
                if found is not None:
                    return found
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (obj.ent_type_ == "ORG" or obj.lower_ in ORG_NOUNS):
                        return self._org_anaphor(obj) or (
                            self.speaker_of(obj) if obj.ent_type_ == "ORG" else None
                        )
                    if (
                        token.lower_ in VOICES
                        and child.lower_ == "for"
                        and obj.dep_ == "pobj"
                        and obj.ent_type_ == "PERSON"
                    ):
                        return self._person_spoken_for(obj)  # "a spokesman for Mr Prescott"
        return None

    def _person_spoken_for(self, token: Token) -> str | None:
        """The person a spokesman speaks for, named after "for"."""
        return self._named(*self.surface(token), EntityType.PERSON)

    def _named(self, start: int, end: int, kind: EntityType) -> str | None:
        """The name of the entity of type `kind` the text at [start, end) names, or None."""
        entity = self.resolver.resolve(self.text[start:end], near=start)
        return entity.name if entity is not None and entity.type is kind else None

    def _named_in_what_is_said(self, subject: Token, name: str) -> bool:
        """Whether the organisation a pronoun would stand for is named in what the pronoun's
        verb reports: in "They say that Turkcell is a security risk", "they" is not Turkcell."""
        cue = subject.head
        for clause in cue.children:
            if clause.dep_ not in ("ccomp", "xcomp"):
                continue
            for token in clause.subtree:
                if token.ent_type_ and token.ent_iob_ == "B":
                    start, end = self.surface(token)
                    entity = self.resolver.resolve(self.text[start:end], near=start)
                    if entity is not None and entity.name == name:
                        return True
        return False

    def _recent_org(self, offset: int) -> str | None:
        """The organisation named last before `offset`, within this or the previous paragraph."""
        i = bisect_left(self._org_starts, offset) - 1
        while i >= 0:
            start, name = self._orgs[i]
            if self.paragraph_of(start) < self.paragraph_of(offset) - 1:
                return None
            if not self.in_quote(start):
                return name
            i -= 1
        return None


_OWN_NOUNS = word_set(
    """company firm club bank airline carrier retailer supermarket insurer lender chain maker
    carmaker manufacturer operator monopoly giant charity"""
)
"""The organisation nouns that, with no organisation named near, stand for the one the article is
about ("the company said"). Not "the government", "the paper", "the group", "the regulator", "the
committee": those are another body, one the article need not name as often."""


def _kind_given(noun: Token) -> bool:
    """Whether a noun says what kind of body it is ("the security firm", "the pressure group"):
    then it is often not the one the article is about. (Not a clause on it: "the firm, which
    made other finds, said" is the article's; "the company named in the lawsuit" is not.)"""
    return any(child.dep_ == "compound" and child.pos_ == "NOUN" for child in noun.children)


_ATTACHING = frozenset(
    ("prep", "pobj", "poss", "compound", "appos", "amod", "nmod", "flat", "conj", "agent")
)


def _attached(word: Token, noun: Token) -> bool:
    """Whether `word` hangs on `noun` through prepositions, possessives, compounds and a past
    participle ("a statement from Oxfam", "research conducted by the EOC", "a statement issued
    on behalf of Robert Zoellick"), not through a clause ("Reports that Tony Blair is planning")
    nor as its recipient ("a letter sent to Martin Mubanga")."""
    while word.i != noun.i:
        participle = word.dep_ == "acl" and word.tag_ == "VBN"
        if (word.dep_ not in _ATTACHING and not participle) or word.head.i == word.i:
            return False
        if word.dep_ == "prep" and word.lower_ == "to":
            return False
        word = word.head
    return True
