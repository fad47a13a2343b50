"""Who said it: cue verbs near a quote, their grammatical subject, and the canonical speaker.

The subject comes from spaCy's dependency parse: the `nsubj` of the cue verb (for the inverted
`"...," said Petra Marsh` the parser still puts the subject after the verb); a cue with no subject
of its own (`adding: "..."`, `... and warned`, `was quoted as saying`) borrows the subject of the
verb it hangs from. The subject word is widened to the full name (the named-entity span, or its
compound words: "Mr Bannister") and mapped to the document's entity, so the speaker is the
canonical name, never "he" or an OCR spelling. Pronouns go through `quote_pronouns.Discourse`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from byline.analysis.cues import (
    CALLING_VERBS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    SPEECH_NOUNS,
    is_cue,
)
from byline.analysis.quote_pronouns import Discourse
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.quote_marks import QuoteSpan

_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp"})
"""A cue with no subject borrows its head's subject across these links."""
_SENTENCE_END = frozenset({".", "!", "?"})
_RELATIVE = frozenset({"who", "that", "which"})
_NAME_DEPS = frozenset({"compound", "flat", "nmod"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})


class Attributor:
    """Per-document helper: tokens by offset, cue search, speakers by canonical name."""

    def __init__(
        self,
        text: str,
        sdoc: Doc,
        entities: Iterable[Entity],
        paragraphs: Sequence[tuple[int, int]],
        spans: Sequence[QuoteSpan],
    ) -> None:
        from byline.analysis.names import EntityResolver

        self.text = text
        self.sdoc = sdoc
        self.entities = tuple(entities)
        self.resolver = EntityResolver(self.entities)
        self.paragraphs = list(paragraphs)
        self._para_starts = [p[0] for p in self.paragraphs]
        self.token_starts = [t.idx for t in sdoc]
        self.spans = list(spans)
        self._span_starts = [s.open_mark for s in self.spans]
        self.quoted = self._quoted_tokens()
        self._orgs = sorted(
            (m.start, e.name)
            for e in self.entities
            if e.type is EntityType.ORG
            for m in e.mentions
            if self._is_subject_at(m.start, m.end)
        )
        self._org_starts = [start for start, _ in self._orgs]
        self._spacy_people = {
            name
            for ent in sdoc.ents
            if ent.label_ == "PERSON"
            and len((name := _bare_name(ent.text)).split()) > 1
            and name[:1].isupper()
        }
        self.discourse = Discourse(text, sdoc, self.entities, self.paragraph_of, self.in_quote)
        self._record_cue_subjects()

    def _record_cue_subjects(self) -> None:
        """Note, in reading order, everyone a cue verb outside quotes gives speech to: later
        pronouns and uncued quotes look back at them."""
        for token in self.sdoc:
            if self.quoted[token.i] or not is_cue(token, weak_ok=False):
                continue
            subject = self.subject(token)
            if subject is None:
                continue
            if not (
                subject.pos_ == "PROPN" or subject.ent_type_ or subject.lower_ in PRONOUN_GENDER
            ):
                continue
            name = self.speaker_of(subject)
            if name is not None:
                self.discourse.add_speaker(token.idx, name, token.i)

    # -- positions -----------------------------------------------------------------------------

    def _is_subject_at(self, start: int, end: int) -> bool:
        """True when the name at [start, end) is the subject of its clause."""
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.dep_ in ("nsubj", "nsubjpass")

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding `offset` (the previous one when between paragraphs)."""
        return max(0, bisect_right(self._para_starts, offset) - 1)

    def in_quote(self, offset: int) -> bool:
        """True when `offset` lies inside a quotation (marks included)."""
        i = bisect_right(self._span_starts, offset) - 1
        return i >= 0 and offset < self.spans[i].outer_end

    def _quoted_tokens(self) -> list[bool]:
        flags = [False] * len(self.sdoc)
        for span in self.spans:
            lo = bisect_left(self.token_starts, span.open_mark)
            hi = bisect_left(self.token_starts, span.outer_end)
            for i in range(lo, hi):
                flags[i] = True
        return flags

    def token_range(self, start: int, end: int) -> range:
        """Indices of tokens that begin inside [start, end)."""
        return range(bisect_left(self.token_starts, start), bisect_left(self.token_starts, end))

    # -- cues ----------------------------------------------------------------------------------

    def cue_after(self, start: int, end: int, *, limit: int = 15) -> Token | None:
        """The first cue verb in [start, end) before the sentence ends, within `limit` tokens."""
        seen = 0
        for i in self.token_range(start, end):
            token = self.sdoc[i]
            if self.quoted[i] or token.is_space:
                continue
            if token.text in _SENTENCE_END:
                return None
            if is_cue(token) or _is_put_it(token):
                return token
            seen += 1
            if seen >= limit:
                return None
        return None

    def cue_before(self, start: int, end: int, *, calling: bool = False) -> Token | None:
        """The last cue verb in [start, end) after the last sentence end.

        With `calling`, a verb that quotes someone's words (called it "...", described as "...")
        counts too when it is within a few words of `end`.
        """
        indices = self.token_range(start, end)
        for n, i in enumerate(reversed(indices)):
            token = self.sdoc[i]
            if self.quoted[i]:
                continue
            if token.text in _SENTENCE_END:
                return None
            if is_cue(token) or _is_put_it(token):
                return token
            if (
                calling
                and n <= 8
                and token.lower_ in CALLING_VERBS
                and token.pos_ == "VERB"
                and self.sdoc[max(0, i - 1)].text not in ("-", "so")
            ):
                return token
        return None

    # -- speakers ------------------------------------------------------------------------------

    def subject(self, cue: Token) -> Token | None:
        """The word naming who speaks through `cue`, from the parse (see the module docstring)."""
        if cue.lower_ == "according":
            return self._according_object(cue)
        node = cue
        for _ in range(4):
            if node.i != cue.i and node.lower_ in ("quoted", "quotes", "quoting"):
                objects = [c for c in node.children if c.dep_ == "dobj"]
                if objects:  # "AP quoted prosecutor X as saying": X speaks
                    return objects[0]
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN"))
                if subjects[0].lower_ in _RELATIVE and node.dep_ == "relcl":
                    return node.head
                return self._in_paragraph(subjects[0], cue)
            if node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
                head = node.head
                # "X said A had ... and warned B": the parser hangs "warned" on A's verb
                if node.dep_ == "conj" and head.dep_ == "ccomp" and not is_cue(head):
                    head = head.head
                node = head
                continue
            break
        for j in range(cue.i + 1, min(cue.i + 4, len(self.sdoc))):
            token = self.sdoc[j]
            if token.is_punct or self.quoted[j]:
                break
            if token.pos_ == "PROPN" or token.ent_type_ in _NAMED:
                while token.dep_ in _NAME_DEPS and token.head.i > token.i:
                    token = token.head
                return token
        before = self.sdoc[cue.i - 1] if cue.i else None
        named = before is not None and (before.pos_ == "PROPN" or before.ent_type_ in _NAMED)
        return before if named and before is not None and not self.quoted[before.i] else None

    def _in_paragraph(self, subject: Token, cue: Token) -> Token:
        """The subject, or the head of its phrase's part inside the cue's paragraph (the parser
        sometimes runs a heading into the next paragraph's sentence)."""
        paragraph = self.paragraph_of(cue.idx)
        if self.paragraph_of(subject.idx) == paragraph:
            return subject
        inside = [
            t for t in subject.subtree if not t.is_space and self.paragraph_of(t.idx) == paragraph
        ]
        indices = {t.i for t in inside}
        tops = [t for t in inside if t.head.i not in indices]
        return tops[0] if tops else subject

    def _according_object(self, cue: Token) -> Token | None:
        for child in cue.children:
            if child.lower_ == "to":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        for j in range(cue.i + 2, min(cue.i + 8, len(self.sdoc))):
            token = self.sdoc[j]
            if token.is_punct:
                break
            if token.pos_ in ("PROPN", "NOUN") and token.head.i <= token.i:
                return token
        return None

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
            while i > 0 and doc[i - 1].dep_ in _NAME_DEPS and doc[i - 1].head.i in range(i, j + 1):
                i -= 1
        end = doc[j].idx + len(doc[j].text)
        if doc[j].text in ("'s", "’s"):
            end = doc[j].idx
        return doc[i].idx, end

    def speaker(self, cue: Token) -> str | None:
        """The canonical speaker behind `cue`, or None when the text does not name one."""
        subject = self.subject(cue)
        return self.speaker_of(subject) if subject is not None else None

    def speaker_of(self, token: Token) -> str | None:
        """The canonical name for a subject word: a name, a pronoun, or a role noun."""
        lower = token.lower_
        if lower in PRONOUN_GENDER:
            return self.discourse.resolve(token.idx, PRONOUN_GENDER[lower])
        if lower in GROUP_PRONOUNS:
            return self._recent_org(token.idx) if lower in ("it", "they") else None
        if token.pos_ in ("PRON", "DET"):
            return None
        named = (
            token.pos_ == "PROPN"
            or bool(token.ent_type_)
            or (token.text[:1].isupper() and not token.is_sent_start)
        )
        if token.pos_ == "NOUN" and not token.ent_type_:
            for child in token.children:
                if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_):
                    return self.speaker_of(child)
        forms = self._name_forms(token)
        from byline.analysis.names import TITLES, fold, normalise_name

        for start, end in forms:
            entity = self.resolver.resolve(self.text[start:end], near=start)
            if entity is not None and fold(entity.name) not in TITLES:
                if entity.type is EntityType.PERSON or " " not in entity.name:
                    return self._by_surname(entity.name, parsed=" " not in entity.name) or (
                        entity.name
                    )
                return entity.name
        surname = self._by_surname(self.text[slice(*forms[-1])])
        if surname is not None:
            return surname
        if token.pos_ == "NOUN" or not named or _has_article(token):
            found = self._by_role(token) or self._employer(token) or self._org_anaphor(token)
            if found is not None or token.pos_ == "NOUN" or _has_article(token):
                return found
        if not named:
            return None
        return normalise_name(self.text[slice(*forms[0])]) or None

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
            if fold(m.group(1)) not in TITLES | _ROLE_WORDS | _NOT_GIVEN
        }

    def _org_anaphor(self, token: Token) -> str | None:
        """ "the company", "the organisation": the organisation named last before it."""
        if token.lower_ in ORG_NOUNS and _has_article(token):
            return self._recent_org(token.idx)
        if token.lower_ in SPEECH_NOUNS or token.lower_ in ORG_NOUNS:
            for inner in token.subtree:
                if inner.ent_type_ == "PERSON" and inner.i != token.i:
                    return self.speaker_of(inner)
            for inner in token.subtree:
                if inner.ent_type_ == "ORG" and inner.i != token.i:
                    return self.speaker_of(inner)
        return None

    def _name_forms(self, token: Token) -> list[tuple[int, int]]:
        """Spans that may name the entity `token` heads, widest first, then the word alone."""
        forms = [self.surface(token)]
        doc = self.sdoc
        i = token.i
        while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].dep_ in _NAME_DEPS:
            i -= 1
        forms.append((doc[i].idx, token.idx + len(token.text)))
        forms.append((token.idx, token.idx + len(token.text)))
        return list(dict.fromkeys(forms))

    def _employer(self, token: Token) -> str | None:
        """The organisation in "a Premier League spokesman" / "a spokesperson for the group"."""
        if token.lower_ not in ROLE_NOUNS:
            return None
        for child in token.children:
            if child.dep_ in ("compound", "poss", "nmod") and child.ent_type_ == "ORG":
                start, end = self.surface(child)
                entity = self.resolver.resolve(self.text[start:end], near=start)
                if entity is not None and entity.type is EntityType.ORG:
                    return entity.name
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (obj.ent_type_ == "ORG" or obj.lower_ in ORG_NOUNS):
                        return self._org_anaphor(obj) or (
                            self.speaker_of(obj) if obj.ent_type_ == "ORG" else None
                        )
        return None

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

    def _by_role(self, token: Token) -> str | None:
        """A person whose stated role has this noun at its head ("the minister")."""
        noun = token.lower_
        if noun not in ROLE_NOUNS and not _has_article(token):
            return None
        found = [
            e
            for e in self.entities
            if e.type is EntityType.PERSON and e.role and noun in e.role.lower().split()
        ]
        return found[0].name if len(found) == 1 else None

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


def _bare_name(name: str) -> str:
    """A parsed person name without leading titles or roles ("Chair Olumide Bakare", "Cllr X")
    nor a trailing "MP"."""
    from byline.analysis.names import TITLES, fold

    words = name.split()
    while len(words) > 1 and (fold(words[0]).rstrip(".") in TITLES | _ROLE_WORDS):
        words = words[1:]
    while len(words) > 1 and words[-1].rstrip(".") in ("MP", "MEP", "MSP", "QC", "Jr", "Sr"):
        words = words[:-1]
    return " ".join(words)


_NOT_GIVEN = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "when",
        "if",
        "as",
        "in",
        "on",
        "at",
        "by",
        "for",
        "of",
        "to",
        "with",
        "from",
        "said",
        "says",
        "told",
        "added",
        "while",
        "after",
        "before",
        "then",
        "so",
        "yet",
        "or",
        "nor",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
    ]
)
_ROLE_WORDS = frozenset({"chair", "cllr", "councillor", "tory", "labour", "frontbencher"}) | (
    ROLE_NOUNS
)


def _has_article(token: Token) -> bool:
    """True when the noun has "the" (or "its") before it: "the Chair", "the company"."""
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its") for c in token.children)


def _is_put_it(token: Token) -> bool:
    """True for "put" in "as X put it": a cue only in that phrase."""
    doc = token.doc
    return (
        token.lower_ in ("put", "puts")
        and token.i + 1 < len(doc)
        and doc[token.i + 1].lower_ == "it"
    )


def speaker_hints(sdoc: Doc, keep: Callable[[Token], bool] | None = None) -> list[tuple[int, int]]:
    """Offsets of proper-noun subjects of cue verbs: names that are people (or orgs) speaking.

    Computed before entities, so entity typing can learn that "Marsh said" makes Marsh a speaker.
    """
    hints: list[tuple[int, int]] = []
    for token in sdoc:
        if not is_cue(token) or token.lower_ == "according":
            continue
        for child in token.children:
            if child.dep_ == "nsubj" and child.pos_ == "PROPN" and (keep is None or keep(child)):
                i = child.i
                while i > 0 and sdoc[i - 1].dep_ == "compound" and sdoc[i - 1].pos_ == "PROPN":
                    i -= 1
                hints.append((sdoc[i].idx, child.idx + len(child.text)))
    return hints
