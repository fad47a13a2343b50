"""Reported speech with its cue set off by commas inside the sentence:

- `The deal, Mr Smith said, would be signed next week.`
- `Although some initiatives could help, he said, life was likely to be confusing.`
- `Instead, said Mr Doctorow, DRM systems were intended to control consumers.`

The parser hangs such a cue anywhere (a `parataxis` of the verb after it, the root with the
speaker as the subject of the clause after it, or the speaker with a relative clause), so these
are found from the words: a cue and a speaker (a pronoun, or capitalised words ending in a proper
noun: "Mr Smith", "Reuters") and nothing else between two commas of one sentence, a clause with a
finite verb after them. What was said is the sentence, the set-off words included, up to another
attribution set off at its end (", Reuters reported", ", according to ..."); when only a
connective comes before ("Instead", "Then", "However"), it is the clause after the cue. A pronoun
is resolved where what was said begins: in "Mr Howard, he said, was wrong", "he" is not Howard.
An attribution that closes the sentence the same way ("..., the BBC's Jonathan Beale reports.")
gives what comes before its comma.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byline.analysis.cues import GROUP_PRONOUNS, PRONOUN_GENDER, is_cue, word_set
from byline.models import Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.attribution import Attributor

MAX_SPEAKER_WORDS = 4
"""Most words of the speaker between the commas ("Mr Ramdhan Yadav Kotamaraja")."""

MIN_TOKENS = 3
"""Fewest tokens of the clause after the cue (as `quote_reported.MIN_TOKENS`)."""

_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
_CONNECTIVES = word_set("instead then however but and so yet still meanwhile now also")
_NOT_A_CLAUSE_START = word_set("who which whose where when whom adding saying")


def set_off_report(att: Attributor, cue: Token) -> Quote | None:
    """The reported quote of a `cue` set off by commas (module docstring), or None."""
    doc = att.sdoc
    sent = cue.sent
    left = _comma(doc, cue.i, -1, sent.start)
    right = _comma(doc, cue.i, 1, sent.end - 1)
    if left is not None and right is None:
        return _closing_report(att, cue, left)
    if left is None or right is None:
        return None
    speaker = [doc[i] for i in range(left + 1, right) if i != cue.i]
    if not _a_speaker(speaker) or not (cue.i == left + 1 or cue.i == right - 1):
        return None
    end = _before_attribution(doc, right, sent.end - 1)
    after = doc[right + 1 : end + 1]
    if len(after) < MIN_TOKENS or after[0].lower_ in _NOT_A_CLAUSE_START or after[0].tag_ == "VBG":
        return None
    if not any(t.tag_ in _FINITE for t in after):
        return None
    lead = [t for t in doc[sent.start : left] if not t.is_punct]
    if not lead:
        return None
    whole = not (len(lead) == 1 and lead[0].lower_ in _CONNECTIVES)
    lo = sent.start if whole else right + 1
    while doc[lo].is_punct or doc[lo].is_space:
        lo += 1
    start, stop = doc[lo].idx, doc[end].idx + len(doc[end].text)
    if "\n" in att.text[start:stop] or any(att.quoted[i] for i in range(lo, end + 1)):
        return None
    subject = speaker[-1]
    gender = PRONOUN_GENDER.get(subject.lower_)
    found = att.discourse.resolve(start, gender) if gender else att.speaker_of(subject)
    return Quote(att.text[start:stop], start, stop, QuoteKind.REPORTED, found, cue.text)


def _closing_report(att: Attributor, cue: Token, left: int) -> Quote | None:
    """What was said before a closing attribution the parser hung elsewhere: "The
    administration is keen to highlight its effort, the BBC's Jonathan Beale reports." (the name
    an apposition of the clause's last noun), or None. The cue ends the sentence, and between the
    comma and it stands a name with no more than "the" and an owner's "'s" ("the BBC's")."""
    doc = att.sdoc
    sent = cue.sent
    if any(not t.is_punct for t in doc[cue.i + 1 : sent.end]):
        return None
    words = [t for t in doc[left + 1 : cue.i] if t.lower_ != "the" and t.text not in ("'s", "’s")]
    if not _a_speaker(words) or words[-1].i != cue.i - 1:
        return None
    end = left - 1
    lo = sent.start
    while lo < end and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    clause = doc[lo : end + 1]
    if len(clause) < MIN_TOKENS or not any(t.tag_ in _FINITE for t in clause):
        return None
    start, stop = doc[lo].idx, doc[end].idx + len(doc[end].text)
    if "\n" in att.text[start:stop] or any(att.quoted[i] for i in range(lo, end + 1)):
        return None
    found = att.speaker_of(words[-1])
    return Quote(att.text[start:stop], start, stop, QuoteKind.REPORTED, found, cue.text)


def _before_attribution(doc: Doc, right: int, last: int) -> int:
    """The last token of what was said after the comma at `right`: the sentence's last before
    its closing punctuation, or before a comma that sets off another attribution (", Reuters
    reported", ", a spokesman said", ", according to reports")."""
    end = last
    while end > right and doc[end].is_punct:
        end -= 1
    for i in range(right + 1, end):
        if doc[i].text != ",":
            continue
        tail = doc[i + 1 : min(i + 2 + MAX_SPEAKER_WORDS, end + 1)]
        if any(is_cue(t) for t in tail):
            return i - 1
    return end


def _comma(doc: Doc, i: int, step: int, limit: int) -> int | None:
    """The index of the comma beside the cue's set-off words, looking from `i` in direction
    `step` across at most MAX_SPEAKER_WORDS + 3 tokens (a name, "the" and an owner's "'s") and
    not past `limit`, or None."""
    j = i + step
    for _ in range(MAX_SPEAKER_WORDS + 3):
        if (step < 0 and j < limit) or (step > 0 and j > limit):
            return None
        token = doc[j]
        if token.text == ",":
            return j
        if token.is_punct:
            return None
        j += step
    return None


def _a_speaker(words: list[Token]) -> bool:
    """Whether the words beside the cue are a speaker: one pronoun, or capitalised words that
    end in a proper noun ("Mr Smith", "Reuters")."""
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return False
    if len(words) == 1 and (words[0].lower_ in PRONOUN_GENDER or words[0].lower_ in GROUP_PRONOUNS):
        return words[0].lower_ not in ("i", "we", "you")
    return words[-1].pos_ == "PROPN" and all(w.text[:1].isupper() for w in words)
