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
from functools import partial
from typing import TYPE_CHECKING

from byline.analysis.cue_subjects import (
    NAMED_LABELS,
    agent,
    antecedent,
    described,
    is_put_it,
    made_to,
    name_right_after,
)
from byline.analysis.cues import (
    CALLING_VERBS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    SPEAKING_OF,
    SPEECH_NOUNS,
    cue_tokens,
    is_cue,
)
from byline.analysis.quote_pronouns import Discourse
from byline.analysis.quote_speakers import SpeakerNames, bare_name, holding
from byline.analysis.set_off_names import set_off_name
from byline.analysis.token_columns import columns
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.quote_marks import QuoteSpan

_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp"})
"""A cue with no subject borrows its head's subject across these links."""
_SENTENCE_END = frozenset({".", "!", "?"})
_RELATIVE = frozenset({"who", "that", "which"})
_NAME_DEPS = frozenset({"compound", "flat", "nmod"})
_ROLE_QUALIFIERS = frozenset({"shadow", "acting", "deputy", "former"})
"""Words of a role the tagger may call verbs ("shadow")."""


def paragraph_at(starts: Sequence[int], offset: int) -> int:
    """Index of the paragraph (by sorted `starts`) holding `offset`."""
    return max(0, bisect_right(starts, offset) - 1)


def in_spans(starts: Sequence[int], spans: Sequence[QuoteSpan], offset: int) -> bool:
    """True when `offset` lies inside one of `spans` (sorted, opening at `starts`), marks
    included."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i].outer_end


class Attributor(SpeakerNames):
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
        self.entity_names = frozenset(e.name for e in self.entities)
        self._joined_orgs = [
            e for e in self.entities if e.type is EntityType.ORG and " and " in e.name
        ]
        self.resolver = EntityResolver(self.entities)
        self.paragraphs = list(paragraphs)
        self._para_starts = [p[0] for p in self.paragraphs]
        self.token_starts = columns(sdoc).starts
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
            and len((name := bare_name(ent.text)).split()) > 1
            and name[:1].isupper()
        }
        # Plain functions of this document's positions, not bound methods: a Discourse holding
        # `self` would make a reference cycle, and every parsed Doc would then wait for Python's
        # rare full collections to be freed (a worker grew by 40 MB that way).
        self.discourse = Discourse(
            text,
            sdoc,
            self.entities,
            partial(paragraph_at, self._para_starts),
            partial(in_spans, self._span_starts, self.spans),
        )
        self._record_cue_subjects()

    def _record_cue_subjects(self) -> None:
        """Note, in reading order, everyone a cue verb outside quotes gives speech to: later
        pronouns and uncued quotes look back at them."""
        for token in cue_tokens(self.sdoc):
            if self.quoted[token.i] or not is_cue(token, weak_ok=False):
                continue
            subject = self.subject(token)
            if subject is None:
                continue
            if not (
                subject.pos_ == "PROPN"
                or subject.ent_type_
                or subject.lower_ in PRONOUN_GENDER
                or subject.lower_ in ROLE_NOUNS  # "a Labour spokesman said": later "he"
            ):
                continue
            name = self.speaker_of(subject)
            if name is not None:
                self.discourse.add_speaker(token.idx, name, token.i)

    # -- positions -----------------------------------------------------------------------------

    def _is_subject_at(self, start: int, end: int) -> bool:
        """True when the name at [start, end) is the subject of its clause, or set off beside
        it ("the world's largest package delivery company, UPS, said")."""
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        root = span.root
        if root.dep_ == "appos":
            root = root.head
        return root.dep_ in ("nsubj", "nsubjpass")

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding `offset` (the previous one when between paragraphs)."""
        return paragraph_at(self._para_starts, offset)

    def in_quote(self, offset: int) -> bool:
        """True when `offset` lies inside a quotation (marks included)."""
        return in_spans(self._span_starts, self.spans, offset)

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
            if is_cue(token) or is_put_it(token):
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
            if is_cue(token) or is_put_it(token):
                return token
            if (
                calling
                and n <= 8
                and token.lower_ in CALLING_VERBS
                and token.pos_ == "VERB"
                and (token.lower_ not in SPEAKING_OF or self._of_after(i))
                and self.sdoc[max(0, i - 1)].text not in ("-", "so")
            ):
                return token
        return None

    def _of_after(self, i: int) -> bool:
        return i + 1 < len(self.sdoc) and self.sdoc[i + 1].lower_ == "of"

    # -- speakers ------------------------------------------------------------------------------

    def subject(self, cue: Token) -> Token | None:
        """The word naming who speaks through `cue`, from the parse (see the module docstring)."""
        if cue.lower_ == "according":
            return self._according_object(cue)
        node = cue
        reported = cue.head
        if cue.tag_ == "VBG" and cue.dep_ == "advcl" and reported.dep_ == "ccomp":
            told = any(c.dep_ == "dobj" for c in cue.children)  # "..., telling him to": Ebbers
            if is_cue(reported.head) and not told:  # "He said Blair had spoken warmly, adding:"
                node = reported.head
        for _ in range(4):
            if node.i != cue.i and node.lower_ in ("quoted", "quotes", "quoting"):
                objects = [c for c in node.children if c.dep_ == "dobj"]
                if objects:  # "AP quoted prosecutor X as saying": X speaks
                    return objects[0]
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects and node.i == cue.i:
                # "36 people accused in connection with the blasts said": the parser makes
                # "accused" a clause that is the subject of "said", and "people" its subject
                clauses = [c for c in node.children if c.dep_ == "csubj" and c.tag_ == "VBN"]
                subjects = [
                    s for c in clauses for s in c.children if s.dep_ == "nsubj" and s.tag_ == "NNS"
                ]
            if not subjects and node.lower_ in ("read", "reads"):
                # "Morquendi's message read": the tagger makes "read" a noun, the writer its owner
                subjects = [c for c in node.children if c.dep_ == "poss"] or [
                    c for c in node.children if c.dep_ == "compound"
                ]
            passive = node.i == cue.i and any(c.dep_ == "nsubjpass" for c in subjects)
            if passive and (doer := agent(node)):
                return doer  # "it was described by Jobs as": Jobs, not it
            if len(subjects) == 1 and (subjects[0].like_num or subjects[0].pos_ == "NUM"):
                # "one of the Guildford Four, Gerry Conlon - who was wrongly convicted - said":
                # spaCy hangs the name on the verb, not on "one"
                subjects += [
                    c for c in node.children if c.dep_ == "npadvmod" and c.ent_type_ == "PERSON"
                ]
            if subjects:
                # Two subjects are a misparse; the nearer is the verb's ("WINDHOEK, 4 September
                # 2024 - Kalahari Sun Holdings today announced": the dateline is the other).
                subjects.sort(
                    key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN", abs(node.i - c.i))
                )
                if subjects[0].lower_ in _RELATIVE and node.dep_ == "relcl":
                    return antecedent(subjects[0], node.head)
                return self._in_paragraph(subjects[0], cue)
            if node.i == cue.i and (named := self._named_after(cue)) is not None:
                return named  # '"...," said Nick Ross': before the parse's climb to "he said"
            if node.dep_ == "xcomp" and (controller := made_to(node)) is not None:
                return controller  # "prompted the prime minister to say": the minister speaks
            if node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
                head = node.head
                # "X said A had ... and warned B": the parser hangs "warned" on A's verb
                if node.dep_ == "conj" and head.dep_ == "ccomp" and not is_cue(head):
                    head = head.head
                node = head
                continue
            break
        if (after := self._inverted_name(cue)) is not None:
            return after
        before = self.sdoc[cue.i - 1] if cue.i else None
        a_name = before is not None and (before.pos_ == "PROPN" or before.ent_type_ in NAMED_LABELS)
        return before if a_name and before is not None and not self.quoted[before.i] else None

    def _inverted_name(self, cue: Token) -> Token | None:
        """The name right after an inverted cue ("said Nick Ross"), or None."""
        if not (cue.tag_ in ("VBD", "VBZ") and is_cue(cue, weak_ok=False)):
            return None
        for j in range(cue.i + 1, min(cue.i + 4, len(self.sdoc))):
            token = self.sdoc[j]
            if token.is_punct or self.quoted[j]:
                break
            if token.pos_ == "PROPN" or token.ent_type_ in NAMED_LABELS:
                if token.ent_type_ != "PERSON":
                    token = self._person_after_role(j) or token
                while token.dep_ in _NAME_DEPS and token.head.i > token.i:
                    token = token.head
                if token.ent_type_ == "NORP":
                    return described(token) or token
                return token
        return None

    def _person_after_role(self, start: int) -> Token | None:
        """A person's name after a party or a body and a role ("said Tory shadow local
        government secretary Caroline Spelman": not the Conservative Party), when only nouns,
        adjectives and names come between."""
        for j in range(start + 1, min(start + 8, len(self.sdoc))):
            token = self.sdoc[j]
            if token.ent_type_ == "PERSON":
                return token
            if self.quoted[j] or not (
                token.pos_ in ("PROPN", "NOUN", "ADJ") or token.lower_ in _ROLE_QUALIFIERS
            ):
                return None
        return None

    def _named_after(self, cue: Token) -> Token | None:
        """A person named right after a cue that closes a quotation ('"...," said Nick Ross'),
        whatever the parse hung the cue on."""
        before = self.sdoc[cue.i - 1] if cue.i else None
        if before is None or not (before.is_quote or before.text == ","):
            return None
        named = self._inverted_name(cue)
        return named if named is not None and named.ent_type_ == "PERSON" else None

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
                        if grandchild.lower_ in SPEECH_NOUNS:  # "a statement signed by X"
                            return self._author(cue) or grandchild
                        return name_right_after(grandchild) or grandchild
        for j in range(cue.i + 2, min(cue.i + 8, len(self.sdoc))):
            token = self.sdoc[j]
            if token.is_punct:
                break
            if token.pos_ in ("PROPN", "NOUN") and token.head.i <= token.i:
                return token
        return None

    def _author(self, cue: Token) -> Token | None:
        """The person named in an "according to a statement ... by X" phrase."""
        doc = cue.doc
        end = cue.sent.end
        names: list[Token] = []
        for t in doc[cue.i + 1 : end]:
            if t.text in (";", ":") or self.quoted[t.i]:
                break
            last = t.i + 1 == end or not (
                doc[t.i + 1].pos_ == "PROPN"
                or doc[t.i + 1].text == "-"
                or doc[t.i + 1].ent_iob_ == "I"
            )
            if t.pos_ == "PROPN" and last and t.ent_type_ not in ("GPE", "LOC"):
                names.append(t)  # not "according to press reports in China": where, not who
        people = [t for t in names if t.ent_type_ == "PERSON"]
        found = people or names
        return found[0] if found else None

    def speaker(self, cue: Token) -> str | None:
        """The canonical speaker behind `cue`, or None when the text does not name one."""
        subject = self.subject(cue)
        found = self.speaker_of(subject) if subject is not None else None
        if found is None and (named := set_off_name(cue, self.quoted)) is not None:
            found = self.speaker_of(named)  # a name the parse did not make the subject
        return found

    def speaker_of(self, token: Token) -> str | None:
        """An organisation whose name the word is inside ("Victims" of "Victims and Citizens
        Against Crime", a name spaCy cut at "and"), else `SpeakerNames.speaker_of`."""
        return holding(self._joined_orgs, token.idx) or super().speaker_of(token)


def speaker_hints(sdoc: Doc, keep: Callable[[Token], bool] | None = None) -> list[tuple[int, int]]:
    """Offsets of proper-noun subjects of cue verbs: names that are people (or orgs) speaking.

    Computed before entities, so entity typing can learn that "Marsh said" makes Marsh a speaker.
    """
    hints: list[tuple[int, int]] = []
    for token in cue_tokens(sdoc):
        if not is_cue(token) or token.lower_ == "according":
            continue
        for child in token.children:
            if child.dep_ == "nsubj" and child.pos_ == "PROPN" and (keep is None or keep(child)):
                i = child.i
                while i > 0 and sdoc[i - 1].dep_ == "compound" and sdoc[i - 1].pos_ == "PROPN":
                    i -= 1
                hints.append((sdoc[i].idx, child.idx + len(child.text)))
    return hints
