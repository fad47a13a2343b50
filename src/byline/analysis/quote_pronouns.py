"""Who "he" or "she" is when a quote says `..., he said`: the person the passage is about.

The nearest name is often wrong. In "In Marsh's opinion, if the minister survives, he will go.
'...,' he surmised" the speaker is Marsh, the holder of the opinion, not the minister inside the
if-clause. So candidates are ranked sentence by sentence, newest sentence first:

1. someone already attributed as a speaker in that sentence;
2. a person who is the subject or the topic (named in its first words: "In Marsh's opinion")
   of the sentence's main clause;

and only when no sentence in the window has such a person, the same walk again accepting

3. any other main-clause person (earliest first), then
4. a person only inside a subordinate clause (if-, when-, relative, reported clauses).

Gender must agree when the text makes it clear (Mr/Ms/Mrs titles, common first names). Mentions
inside quotations never count: a name someone utters is not the speaker. The search looks back
at most `WINDOW` paragraphs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from byline.analysis.cues import TITLES_FEMALE, TITLES_MALE, first_name_gender
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WINDOW = 3
"""How many paragraphs before the pronoun's own a referent may be found in."""

SUBORDINATE_DEPS = frozenset(
    {"advcl", "relcl", "acl", "ccomp", "csubj", "xcomp", "pcomp", "parataxis"}
)
"""Dependency labels that open a clause below the main one."""

_MAIN_SUBJECT, _MAIN_OTHER, _SUBORDINATE = 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    sentence: int
    paragraph: int
    rank: int
    name: str


def entity_gender(entity: Entity, text: str) -> str | None:
    """'m', 'f' or None: from a first name, or a title the text puts before a mention."""
    gender = first_name_gender(entity.name)
    if gender:
        return gender
    for mention in entity.mentions:
        words = (text[max(0, mention.start - 6) : mention.start] + mention.text).lower().split()
        for word in words[:-1] or words:
            if word in TITLES_MALE:
                return "m"
            if word in TITLES_FEMALE:
                return "f"
    return None


def clause_rank(token: Token) -> int:
    """1 main-clause subject (or "is X") or topic, 2 other main-clause word, 3 subordinate clause.

    A name in the sentence's first few words outside any subordinate clause ("In Marsh's
    opinion, ...", "According to Marsh, ...") is the sentence's topic and ranks with subjects.
    """
    node = token
    while node.head.i != node.i:
        if node.dep_ in SUBORDINATE_DEPS:
            return _SUBORDINATE
        node = node.head
    if token.dep_ in ("nsubj", "nsubjpass", "attr") or token.i - token.sent.start <= 3:
        return _MAIN_SUBJECT
    if token.dep_ == "pobj" and token.head.dep_ == "agent":  # "welcomed by X": X acts
        return _MAIN_SUBJECT
    return _MAIN_OTHER


class Discourse:
    """People in a document in reading order, for resolving he/she to a speaker."""

    def __init__(
        self,
        text: str,
        sdoc: Doc,
        entities: Iterable[Entity],
        paragraph_of: Callable[[int], int],
        is_quoted: Callable[[int], bool],
    ) -> None:
        self._paragraph_of = paragraph_of
        self._sdoc = sdoc
        self.gender: dict[str, str | None] = {}
        self._bodies: set[str] = set()
        """Names of organisations and places, which speak too but are never "he" or "she"."""
        found: list[_Candidate] = []
        for entity in entities:
            if entity.type is not EntityType.PERSON:
                self._bodies.add(entity.name)
                continue
            self.gender[entity.name] = entity_gender(entity, text)
            for mention in entity.mentions:
                if is_quoted(mention.start):
                    continue
                span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                root = span.root
                found.append(
                    _Candidate(
                        mention.start,
                        root.sent.start,
                        paragraph_of(mention.start),
                        clause_rank(root),
                        entity.name,
                    )
                )
        found.sort(key=lambda c: c.start)
        self._mentions = found
        self._mention_starts = [c.start for c in found]
        self._mention_counts = Counter(c.name for c in found)
        self._speakers: list[_Candidate] = []
        self._speaker_starts: list[int] = []
        self.voiced: dict[str, int] = {}
        """Bodies that spoke through a person ("a UKIP spokesman said"), with where they first
        did: "he" after that may mean them."""

    def add_speaker(self, position: int, name: str, token_index: int) -> None:
        """Record that `name` was attributed speech at `position` (kept in reading order)."""
        sentence = self._sdoc[token_index].sent.start
        event = _Candidate(position, sentence, self._paragraph_of(position), 0, name)
        at = bisect_left(self._speaker_starts, position)
        if at < len(self._speakers) and self._speakers[at] == event:
            return
        self._speakers.insert(at, event)
        self._speaker_starts.insert(at, position)

    def last_speaker(self, position: int, first_paragraph: int) -> str | None:
        """Who was last attributed speech before `position`, from `first_paragraph` on."""
        at = bisect_left(self._speaker_starts, position) - 1
        if at >= 0 and self._speakers[at].paragraph >= first_paragraph:
            return self._speakers[at].name
        return None

    def protagonist(self, position: int, gender: str | None = None) -> str | None:
        """Of the people named in the window pronouns look back from `position`, the one the
        document names most often (the latest of equals): whom "the star" or "the 67-year-old"
        means. Not simply the last named: that may be a film spaCy took for a person ("the star
        of Rain Man and Tootsie") or someone met in passing. With a `gender` ("the actress"),
        only people known to be of it."""
        first = self._paragraph_of(position) - WINDOW
        seen: dict[str, int] = {}
        i = bisect_left(self._mention_starts, position) - 1
        while i >= 0 and self._mentions[i].paragraph >= first:
            name = self._mentions[i].name
            if gender is None or self.gender.get(name) == gender:
                seen.setdefault(name, i)
            i -= 1
        if not seen:
            return None
        return max(seen, key=lambda name: (self._mention_counts[name], seen[name]))

    def _agrees(self, name: str, gender: str | None, position: int) -> bool:
        if (
            gender is not None
            and name in self._bodies
            and self.voiced.get(name, position) >= position
        ):
            return False  # "Yukos had claimed ... By doing so, he said": not Yukos
        known = self.gender.get(name)
        return gender is None or known is None or known == gender

    def resolve(self, position: int, gender: str | None) -> str | None:
        """The person a pronoun at `position` most likely stands for, or None."""
        paragraph = self._paragraph_of(position)
        first = paragraph - WINDOW
        by_sentence: dict[int, list[_Candidate]] = {}
        i = bisect_left(self._mention_starts, position) - 1
        while i >= 0 and self._mentions[i].paragraph >= first:
            cand = self._mentions[i]
            by_sentence.setdefault(cand.sentence, []).append(cand)
            i -= 1
        for cand in reversed(self._speakers):
            if cand.paragraph < first:
                break
            if cand.start < position:
                by_sentence.setdefault(cand.sentence, []).append(cand)
        sentences = sorted(by_sentence, reverse=True)
        for worst in (_MAIN_SUBJECT, _SUBORDINATE):
            for sentence in sentences:
                agreeing = [
                    c
                    for c in by_sentence[sentence]
                    if c.rank <= worst and self._agrees(c.name, gender, position)
                ]
                if not agreeing:
                    continue
                speakers = [c for c in agreeing if c.rank == 0]
                if speakers:
                    return max(speakers, key=lambda c: c.start).name
                main = [c for c in agreeing if c.rank < _SUBORDINATE]
                if main:
                    return min(main, key=lambda c: (c.rank, c.start)).name
                return max(agreeing, key=lambda c: c.start).name
        return None
