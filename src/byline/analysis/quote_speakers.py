"""Speaker names: from the word the parse gives as subject to the canonical entity name.

Mixed into `attribution.Attributor`. A subject may be a name ("Marsh", "Mr Bannister", OCR
spellings), a pronoun (resolved by `quote_pronouns.Discourse`), a role noun ("the minister": the
one person the text gives that role), an organisation's stand-in ("the company", "a Premier
League spokesman", "a spokesperson for the organisation"). A bare surname becomes the full name
when the document writes one ("Silvas" -> "Lucie Silvas"), so a speaker is never a fragment.
Organisations and those who speak for someone are `org_speakers`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from byline.analysis.cues import (
    GROUP_PRONOUNS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    SPEECH_NOUNS,
    is_cue,
)
from byline.analysis.entity_spans import SENTENCE_OPENERS
from byline.analysis.names import ASSEMBLY_MEMBERS, MEMBER_NOUNS
from byline.analysis.org_evidence import portfolio_before
from byline.analysis.org_speakers import OrganisationSpeakers
from byline.analysis.role_speakers import RoleSpeakers
from byline.analysis.speaker_words import (
    EPITHET_GENDER,
    NOT_GIVEN,
    ROLE_WORDS,
    TEAM_OFFICES,
    aged,
    bare_name,
    demonym,
    demonym_gender,
    epithet,
    has_article,
    hyphen_joined,
    is_title_word,
    team_role,
    team_words,
)
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.names import EntityResolver
    from byline.analysis.quote_pronouns import Discourse

_NAME_DEPS = frozenset({"compound", "flat", "nmod"})
_NOT_NAMES = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"}
)


class SpeakerNames(RoleSpeakers, OrganisationSpeakers):
    """Name resolution for speakers; needs the attributes `Attributor` sets up."""

    text: str
    sdoc: Doc
    entities: tuple[Entity, ...]
    resolver: EntityResolver
    discourse: Discourse
    _orgs: list[tuple[int, str]]
    _org_starts: list[int]
    _spacy_people: set[str]

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding `offset` (provided by `Attributor`)."""
        raise NotImplementedError

    def in_quote(self, offset: int) -> bool:
        """True inside a quotation (provided by `Attributor`)."""
        raise NotImplementedError

    def surface(self, token: Token) -> tuple[int, int]:
        """Offsets of the full name `token` heads: its entity span, else its compound words."""
        doc = self.sdoc
        if token.ent_type_:
            i = token.i
            while i > 0 and doc[i].ent_iob_ == "I":
                i -= 1
            j = token.i
            while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
                j += 1
        else:
            i = j = token.i
            while (
                i > 0
                and doc[i - 1].dep_ in _NAME_DEPS
                and doc[i - 1].head.i in range(i, j + 1)
                and not (doc[i - 1].pos_ == "PROPN" and is_title_word(doc[i - 1].text))
            ):
                i -= 1
        i, j = hyphen_joined(doc, i, j)
        end = doc[j].idx + len(doc[j].text)
        if doc[j].text in ("'s", "’s"):
            end = doc[j].idx
        return doc[i].idx, end

    def speaker_of(self, token: Token) -> str | None:
        """The canonical name for a subject word: a name, a pronoun, or a role noun."""
        lower = token.lower_
        if lower in PRONOUN_GENDER:
            return self.discourse.resolve(token.idx, PRONOUN_GENDER[lower])
        if lower in GROUP_PRONOUNS:
            if lower == "it" and (owner := self._statement_owner(token)) is not None:
                return owner
            if lower == "they" and self._people_said_before(token):
                return None  # "Analysts said ... They also pointed out": the analysts
            if lower not in ("it", "they"):
                return None
            found = self._recent_org(token.idx)
            if found and lower == "they" and self._named_in_what_is_said(token, found):
                return None  # a company names itself in its statements, but is seldom "they"
            return found
        if token.pos_ in ("PRON", "DET") or lower in ASSEMBLY_MEMBERS:
            return None  # "the MPs said": a group, unnamed
        appositive = self._appositive(token)  # "the 45-year-old nurse, Jane Smith, said"
        if appositive is not None:
            return appositive
        if aged(token):  # spaCy often tags "the 67-year-old" a DATE
            return self.discourse.protagonist(token.idx, EPITHET_GENDER.get(token.lower_))
        if token.ent_type_ in _NOT_NAMES or token.like_num:
            return None  # "five said": a number, not a speaker
        named = (
            token.pos_ == "PROPN"
            or bool(token.ent_type_)
            or (token.text[:1].isupper() and not token.is_sent_start)
        )
        if demonym(token):  # "the Scot": someone named, never a person called "Scot"
            # whom "he" would mean there, not the last speaker: `"...," said McEnroe. Roddick
            # was left frustrated. "...," said the American` is Roddick
            return self.discourse.resolve(token.idx, demonym_gender(token))
        if team_role(token):  # "the United boss", "the Lions coach": the person, if known
            found = self._by_role(token, team_words(token))
            if found is None and token.lower_ in TEAM_OFFICES:
                found = self._team_person(token)
            if found is not None:
                return found
        if lower in MEMBER_NOUNS and any(
            c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in token.children
        ):
            return None  # "a Labour MP said": one of its members, unnamed (not the party)
        forms = self._name_forms(token)
        from byline.analysis.names import TITLES, fold, normalise_name

        for start, end in forms:
            entity = self.resolver.resolve(self.text[start:end], near=start) or (
                self.resolver.resolve(bare_name(self.text[start:end]), near=start)
            )
            if entity is not None and fold(entity.name) not in TITLES:
                if entity.type is EntityType.PERSON or " " not in entity.name:
                    return self._by_surname(entity.name, parsed=" " not in entity.name) or (
                        entity.name
                    )
                return entity.name
        holder = holding(self.entities, token.idx, EntityType.ORG)
        if holder is not None:  # "The Inter-American Development Bank (IADB) said": the IADB
            return holder
        surname = self._by_surname(self.text[slice(*forms[-1])])
        if surname is not None:
            return surname
        if token.pos_ == "NOUN" or not named or has_article(token):
            found = (
                self._named_with_portfolio(token)
                or self._employer(token)
                or self._by_role(token)
                or self._org_anaphor(token)
            )
            if found is None and epithet(token):
                found = self.discourse.protagonist(token.idx, EPITHET_GENDER.get(token.lower_))
            if found is not None or token.pos_ == "NOUN" or has_article(token):
                return found
        if not named:
            return None
        name = bare_name(normalise_name(self.text[slice(*forms[0])]))
        if not name[:1].isupper() or sum(c.isalpha() for c in name) < 2:
            return None  # "é said": not a name
        return name

    def _appositive(self, token: Token) -> str | None:
        """The name in apposition to a common noun, a title or a demonym: "the nurse, Jane
        Smith", "Argentina's President, Nestor Kirchner", "the Scot, Colin Montgomerie"."""
        common = token.pos_ == "NOUN" and not token.ent_type_
        title = is_title_word(token.text) or demonym(token)
        if not (common or title):
            return None
        for child in token.children:
            # spaCy sometimes hangs the name right after the noun on it by another label:
            # "Former Chelsea captain Desailly, who ..., says" (Desailly its advmod)
            right_after = child.i == token.i + 1 and child.ent_type_ == "PERSON"
            if (child.dep_ != "appos" and not right_after) or self.in_quote(child.idx):
                continue  # not the words quoted after it: 'The message reads: "Happy Holidays"'
            if (common and (child.pos_ == "PROPN" or child.ent_type_)) or (
                title and (child.ent_type_ == "PERSON" or _written_name(child))
            ):
                return self.speaker_of(child)
        return None

    def _statement_owner(self, token: Token) -> str | None:
        """Whose statement "it" is: "Mr Crosby's statement said: '...' It added: '...'"."""
        doc = self.sdoc
        start = token.sent.start
        if start == 0:
            return None
        for t in doc[doc[start - 1].sent.start : token.i]:
            if not is_cue(t) or self.in_quote(t.idx):
                continue
            for child in t.children:
                if child.dep_ == "nsubj" and child.lower_ in SPEECH_NOUNS:
                    return self._org_anaphor(child)
        return None

    def _by_surname(self, word: str, *, parsed: bool = True) -> str | None:
        """The one person whose name ends with `word` ("Nkosi" -> "Thabo Nkosi")."""
        from byline.analysis.names import fold

        key = fold(word.strip())
        if len(key) < 3:
            return None
        found = {
            e.name
            for e in self.entities
            if e.type in (EntityType.PERSON, EntityType.ORG)
            and len(e.name) > len(key)
            and fold(e.name).endswith(" " + key)
        }
        if not found and parsed:  # a full name the entity layer did not keep as a person
            found = {
                name
                for name in self._spacy_people
                if len(name) > len(key) and fold(name).endswith(" " + key)
            }
        if not found and parsed and " " not in word.strip():
            found = self._written_full_names(word.strip())
        return found.pop() if len(found) == 1 else None

    def _written_full_names(self, surname: str) -> set[str]:
        """Forms "Given Surname" the text writes for a bare surname nobody tagged ("Lucie
        Silvas" when only "Silvas" became an entity)."""
        import re

        from byline.analysis.names import TITLES, fold

        if not surname[:1].isupper():
            return set()
        pattern = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) " + re.escape(surname) + r"\b")
        return {
            f"{m.group(1)} {surname}"
            for m in pattern.finditer(self.text)
            if fold(m.group(1)) not in TITLES | ROLE_WORDS | NOT_GIVEN | SENTENCE_OPENERS
        }

    def _named_with_portfolio(self, token: Token) -> str | None:
        """The person named after a role and its portfolio: "Shadow spokesman for sport Hugh
        Robertson said" (the parser makes him the one the spokesman speaks for)."""
        if token.lower_ not in ROLE_NOUNS:
            return None
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ != "for":
                continue
            for name in prep.children:
                if name.dep_ == "pobj" and name.pos_ == "PROPN" and portfolio_before(name):
                    return self.speaker_of(name)
        return None

    def _name_forms(self, token: Token) -> list[tuple[int, int]]:
        """Spans that may name the entity `token` heads, widest first, then the word alone."""
        forms = [self.surface(token)]
        doc = self.sdoc
        i = token.i
        while (
            i > 0
            and doc[i - 1].pos_ == "PROPN"
            and doc[i - 1].dep_ in _NAME_DEPS
            and not is_title_word(doc[i - 1].text)  # "Green MEP Alain Lipietz" is Alain Lipietz
        ):
            i -= 1
        forms.append((doc[i].idx, token.idx + len(token.text)))
        forms.append((token.idx, token.idx + len(token.text)))
        return list(dict.fromkeys(forms))

    def dash_credit(self, start: int, end: int) -> str | None:
        """The name after a pull quote's dash: `"..." — Ngozi Adeyemi`."""
        tail = self.text[start:end]
        stripped = tail.lstrip()
        if not stripped[:1] or stripped[0] not in "—–-" or len(stripped) > 80:
            return None
        name = stripped.lstrip("—–- ").rstrip(" .")
        entity = self.resolver.resolve(name)
        if entity is not None:
            return entity.name
        return name if name[:1].isupper() and len(name.split()) <= 4 else None

    def _people_said_before(self, token: Token) -> bool:
        """Whether the sentence before `token` (or its own, before it) has a plural common noun
        saying something outside quotation marks ("Analysts said that ..."), which "they" then
        means."""
        doc = token.doc
        start = token.sent.start
        first = doc[start - 1].sent.start if start > 0 else start
        return any(
            t.dep_ == "nsubj"
            and t.tag_ == "NNS"
            and not t.ent_type_
            and is_cue(t.head)
            and not self.in_quote(t.idx)
            for t in doc[first : token.i]
        )


_NAME_OR_MONTH = ("", "PERSON", "DATE")


def _written_name(token: Token) -> bool:
    """A name set off after a title that spaCy did not recognise: a proper noun with a
    capitalised given name before it, "The Shadow Secretary of State for the Family, Theresa May,
    said" (spaCy takes "May" for no name, or for a date)."""
    if token.dep_ != "appos" or token.pos_ != "PROPN" or token.ent_type_ not in _NAME_OR_MONTH:
        return False
    return any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == token.i - 1 for c in token.children
    )


def holding(entities: Iterable[Entity], offset: int, kind: EntityType | None = None) -> str | None:
    """The name of the entity (of type `kind`, if given) one of whose mentions holds `offset`."""
    for entity in entities:
        if (kind is None or entity.type is kind) and any(
            m.start <= offset < m.end for m in entity.mentions
        ):
            return entity.name
    return None
