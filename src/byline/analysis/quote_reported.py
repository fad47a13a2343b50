"""Reported speech: what someone said, given without quotation marks.

Forms found, all from the dependency parse of a cue verb that no quotation already used:

- `the minister said in an interview that taxes would rise` / `X told reporters (that) ...` /
  `Prices rose 0.5%, Nationwide said` — the cue's clausal complement (`ccomp`) is the text,
  without its "that" and final punctuation;
- `according to X, ...` / `..., according to X` — the rest of the sentence is the text;
- `The deal, Mr Smith said, would be signed next week` — see `quote_set_off`.

The speaker is the cue's subject (or the object of "according to"), canonicalised like any other
speaker; a subject that names nobody ("officials warned") leaves the speaker None. A clause that
overlaps a direct quotation is not reported speech: the parser often makes `"...," she said` a
complement of "said". A clause holding a partial quote is kept (both are what the text says).
A clause opened by "how", "what" or "whether" ("asked to explain how the details leaked") is
a topic, not a report. A news dateline opening the paragraph ("ACCRA, April 9 (Atlantic Wire) – ")
is not part of the clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from byline.analysis.cues import CUE_FORMS, cue_tokens, is_cue, word_set
from byline.analysis.quote_set_off import set_off_report
from byline.models import Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.attribution import Attributor

NOT_REPORTING = frozenset(
    {
        "think",
        "believe",
        "expect",
        "fear",
        "continue",
        "accept",
        "ask",
        "answer",
        "mention",
        "write",
        "describe",
        "demand",
        "protest",
        "joke",
        "recall",
    }
)
"""Cue verbs whose complement is not a report of speech (`expects that`, `asked whether`)."""

NOT_DONE = word_set(
    """avoid avoids avoided avoiding refuse refuses refused refusing decline declines declined
    declining fail fails failed failing"""
)
"""Verbs that say the cue after them did not happen ("declined to confirm that ...")."""

MIN_TOKENS = 3
"""Shortest reported clause, in tokens."""

_SKIP_SUBJECTS = frozenset({"i", "we", "you", "that", "this", "which", "what"})
_TOPIC_WORDS = frozenset({"how", "what", "whether", "where", "which", "who"})
"""Words opening a clause that names what was talked about, not what was said."""
_LEADING = frozenset({"that", ",", "and", "but"})
DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*"  # the place, in capitals: "ACCRA", "NEW YORK"
    r"(?:, ?[A-Z][A-Za-z.]*(?: \d{1,2})?)*"  # ", Ghana", ", April 9", ", Jan. 5"
    r"(?: ?\([^()\n]{1,40}\))?"  # "(Atlantic Wire)"
    r" ?(?:--|[-–—]) ?"
)
"""A news dateline at the start of a paragraph: place, optional date and agency, then a dash."""


def find_reported(
    att: Attributor, used_cues: set[int], direct: Sequence[tuple[int, int]]
) -> list[Quote]:
    """Reported-speech quotes of the document, by the forms in the module docstring."""
    found: list[Quote] = []
    for token in cue_tokens(att.sdoc):
        if att.quoted[token.i] or not is_cue(token, weak_ok="reporting"):
            continue
        if CUE_FORMS.get(token.lower_) in NOT_REPORTING:
            continue
        if any(child.dep_ == "neg" for child in token.children):
            continue
        if token.dep_ == "xcomp" and token.head.lower_ in NOT_DONE:
            continue  # "avoided suggesting that ...", "refused to say whether ...": not said
        if _conditional(token):
            continue  # "the key is if Gerrard comes out and says that ...": not said yet
        if token.i in used_cues:  # a quotation's cue: only a that-clause after the quotation
            clauses = _further_clauses(att, token)
        elif token.lower_ == "according":
            clauses = [_according_clause(token)]
        else:
            clauses = [_complement(token)]
        quotes = [
            quote
            for bounds in clauses
            if bounds is not None and (quote := _reported(att, token, bounds, direct))
        ]
        if not quotes and token.i not in used_cues and token.lower_ != "according":
            quote = set_off_report(att, token)  # "The deal, Mr Smith said, would be signed"
            quotes = [quote] if quote is not None else []
        found.extend(quotes)
    return found


_CONDITIONS = frozenset(("if", "unless", "whether"))


def _conditional(cue: Token) -> bool:
    """Whether the cue is in an if-, unless- or whether-clause (or joined to one's verb)."""
    node = cue
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in node.children)


def _reported(
    att: Attributor, token: Token, bounds: tuple[int, int], direct: Sequence[tuple[int, int]]
) -> Quote | None:
    """The reported quote of cue `token` over the token bounds of its clause, or None when the
    clause is a topic, crosses into another paragraph, overlaps a direct quotation or has no
    subject to speak it."""
    doc = att.sdoc
    lo, hi = bounds
    if doc[lo].lower_ in _TOPIC_WORDS:
        return None  # "explain how ...", "revealed what ...": a topic, not what was said
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    if "\n" in att.text[start:end]:  # the parser ran the headline into the sentence
        para_lo, para_hi = att.paragraphs[att.paragraph_of(token.idx)]
        clipped = _trimmed(token, *_tokens_within(att, lo, hi, para_lo, para_hi))
        if clipped is None:
            return None
        lo, hi = clipped
    lo = _after_dateline(att, lo, hi)
    lo = _after_full_stop(doc, lo, hi)
    if hi - lo + 1 < MIN_TOKENS:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    if att.paragraph_of(start) != att.paragraph_of(token.idx):
        return None  # a headline's verb ("Federer claims Dubai crown") over the next paragraph
    if any(s < end and start < e for s, e in direct) or "\n" in att.text[start:end]:
        return None
    subject = att.subject(token)
    if subject is None or lo <= subject.i <= hi or subject.lower_ in _SKIP_SUBJECTS:
        return None
    speaker = att.speaker_of(subject)
    cue = doc[token.i : token.i + 2].text if token.lower_ == "according" else token.text
    return Quote(att.text[start:end], start, end, QuoteKind.REPORTED, speaker, cue)


def _after_full_stop(doc: Doc, lo: int, hi: int) -> int:
    """Where the clause starts after a full stop the parser ran through ("... deputy labs editor
    at PC Pro. Apple's work ... would also help the Mac mini win fans, he said"): after the last
    "." inside it that ends a word of two letters or more and comes before a capital."""
    for k in range(hi - 1, lo, -1):
        if (
            doc[k].text == "."
            and doc[k + 1].text[:1].isupper()
            and len(doc[k - 1].text) > 1
            and doc[k - 1].is_alpha
            and not doc[k - 1].whitespace_
        ):
            return k + 1
    return lo


def _further_clauses(att: Attributor, token: Token) -> list[tuple[int, int] | None]:
    """The that-clauses a quotation's cue governs after the quotation ends: `X added that its
    purpose is to "give an anchor ...", and that it had insisted on a review` reports the
    second clause as well as quoting the first."""
    doc = att.sdoc
    clauses: list[tuple[int, int] | None] = []
    for word in doc[token.i + 1 : token.sent.end]:
        if word.dep_ != "conj" or att.quoted[word.i] or not _governed(word, token):
            continue
        marks = [c for c in word.children if c.dep_ == "mark" and c.lower_ == "that"]
        if marks and not att.quoted[marks[0].i]:  # a partial quote inside it is kept
            clauses.append(_trimmed(token, marks[0].i, word.right_edge.i))
    return clauses


def _governed(word: Token, cue: Token) -> bool:
    """Whether `word` hangs from `cue` through the cue's complement and coordinations alone,
    with no other cue between ("said, adding that A and that B": B is the adding's)."""
    node = word
    while node.i != cue.i:
        if node.dep_ not in ("conj", "ccomp", "xcomp") or node.head.i == node.i:
            return False
        node = node.head
        if node.i != cue.i and is_cue(node):
            return False
    return True


def _after_dateline(att: Attributor, lo: int, hi: int) -> int:
    """`lo`, or the first token after a dateline that opens the paragraph at token `lo`."""
    doc = att.sdoc
    start = doc[lo].idx
    para_lo = att.paragraphs[att.paragraph_of(start)][0]
    if att.text[para_lo:start].strip():
        return lo
    found = DATELINE.match(att.text, start)
    if found is None:
        return lo
    after = lo
    while after <= hi and doc[after].idx < found.end():
        after += 1
    return after if hi - after + 1 >= MIN_TOKENS else lo


def _trimmed(token: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """Shrink [lo, hi] past a leading "that"/comma and trailing punctuation; None if too short."""
    doc = token.doc
    while lo <= hi and (doc[lo].lower_ in _LEADING or doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    while hi >= lo and (doc[hi].is_space or (doc[hi].is_punct and doc[hi].text != "%")):
        hi -= 1
    return (lo, hi) if hi - lo + 1 >= MIN_TOKENS else None


_SETS_OFF = frozenset({",", "—", "–", "-", '"', "”", "’", "'"})
"""What ends a reported clause that comes before its cue."""


def _complement(token: Token) -> tuple[int, int] | None:
    """Token bounds of the cue's clausal complement, if it has one that is not the cue's own.

    Besides the `ccomp` (`said that ...`), the clause the parser hangs the cue on when the cue
    comes after it (`Prices rose 0.9%, Nationwide said, and ...`: the cue is a `parataxis` of
    the clause, or the clause a `parataxis` of the cue). The clause stops before a participle
    that starts another report (`..., adding that ...`).
    """
    doc = token.doc
    # A clause after the cue first: "His comments come after X told the paper he wants ..."
    # (the parser makes both clauses complements of "told").
    for child in sorted(token.children, key=lambda c: c.i < token.i):
        if child.dep_ == "ccomp" or (child.dep_ == "parataxis" and child.i < token.i):
            lo, hi = child.left_edge.i, _through_hyphens(child.right_edge.i, doc)
            if lo <= token.i <= hi:
                return None
            if hi < token.i and any(t.text == ";" for t in doc[hi + 1 : token.i]):
                continue  # "X said ...; Y warned that ...": a clause of its own, not Y's words
            if hi < token.i and not {doc[hi].text, doc[hi + 1].text} & _SETS_OFF:
                continue  # a report before its cue ends at a comma: "Prices rose, X said"
            return _trimmed(token, lo, _before_next_report(token, lo, hi))
    head = token.head
    if token.dep_ == "parataxis" and head.i < token.i and token.left_edge.i > head.left_edge.i:
        return _trimmed(token, head.left_edge.i, token.left_edge.i - 1)
    return None


def _through_hyphens(hi: int, doc: Doc) -> int:
    """`hi`, or past a word the parser broke at its hyphen: "should re-submit the Directive" has
    "re" end the clause and "-" and "submit ..." hung elsewhere; the clause goes on through the
    hyphen to the end of what hangs from it."""
    while (
        hi + 2 < len(doc)
        and doc[hi + 1].text == "-"
        and not doc[hi].whitespace_
        and not doc[hi + 1].whitespace_
    ):
        hi = max(doc[hi + 1].right_edge.i, doc[hi + 2].right_edge.i, hi + 2)
    return hi


def _before_next_report(token: Token, lo: int, hi: int) -> int:
    """`hi`, or the end of the clause before ", adding/saying ..." inside [lo, hi]."""
    doc = token.doc
    for i in range(lo + 1, hi + 1):
        word = doc[i]
        if word.tag_ == "VBG" and is_cue(word) and doc[i - 1].text == ",":
            return i - 2
    return hi


def _tokens_within(att: Attributor, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The token bounds [lo, hi] cut to the tokens inside the characters [start, end)."""
    doc = att.sdoc
    while lo <= hi and doc[lo].idx < start:
        lo += 1
    while hi >= lo and doc[hi].idx >= end:
        hi -= 1
    return lo, hi


def _according_clause(token: Token) -> tuple[int, int] | None:
    """Token bounds of the sentence around `according to X`, without that phrase."""
    doc, sent = token.doc, token.sent
    lo, hi = token.left_edge.i, token.right_edge.i
    first = sent.start
    while first < lo and (doc[first].is_punct or doc[first].is_space):
        first += 1  # the closing mark of the paragraph before, which spaCy ran into this one
    if lo - first <= 1:
        return _trimmed(token, hi + 1, sent.end - 1)
    return _trimmed(token, first, lo - 1)


MIN_REPORTED_WORDS = 3
"""A reported clause cut shorter than this is dropped instead."""


def without_doubles(text: str, quotes: list[Quote]) -> list[Quote]:
    """`quotes` (sorted by start) with no words counted twice by one speaker: a reported
    clause that takes in one of the speaker's partial quotes gives way to it; one that takes in
    another reported clause is cut before that clause's cue ("X said A and warned that B": A,
    then B), or gives way to it when both start together (one ran on into another attribution:
    "..., he told activists"). Of two speakers' reports of the same words, the one whose cue is
    set off inside them stays: in "The deal, Mr Smith said, would be signed, Reuters reported",
    Smith said it."""
    reported = [q for q in quotes if q.kind is QuoteKind.REPORTED]
    starts = [q.start for q in quotes]
    dropped: set[int] = set()
    spans: dict[tuple[int, int], list[Quote]] = {}
    for q in reported:
        spans.setdefault((q.start, q.end), []).append(q)
    for (start, end), same in spans.items():
        inside = [q for q in same if q.cue and f" {q.cue}," in text[start:end]]
        if inside and len(same) > 1:
            dropped.update(id(q) for q in same if q not in inside)
    cut: dict[int, Quote] = {}
    for outer in reported:
        # Only the quotes that start inside it can lie inside it.
        first, last = bisect_left(starts, outer.start), bisect_right(starts, outer.end)
        for inner in quotes[first:last]:
            if inner is outer or inner.speaker != outer.speaker or id(inner) in dropped:
                continue
            if not (outer.start <= inner.start and inner.end <= outer.end):
                continue
            if inner.kind is QuoteKind.PARTIAL or inner.start == outer.start:
                dropped.add(id(outer))
                break
            if inner.kind is QuoteKind.REPORTED:
                shorter = _cut_before_cue(text, outer, inner)
                if shorter is None:
                    dropped.add(id(inner))
                else:
                    cut[id(outer)] = shorter
                break
    return [cut.get(id(q), q) for q in quotes if id(q) not in dropped]


def _cut_before_cue(text: str, outer: Quote, inner: Quote) -> Quote | None:
    """`outer` ended before the conjunction that brings in `inner`'s cue, or None when the cue
    is not there or too little would be left."""
    if not inner.cue:
        return None
    at = text.rfind(inner.cue, outer.start, inner.start)
    if at < 0:
        return None
    joint = max(text.rfind(" and ", outer.start, at), text.rfind(", ", outer.start, at))
    end = len(text[outer.start : joint].rstrip(" ,;")) + outer.start if joint > 0 else -1
    if end <= outer.start or len(text[outer.start : end].split()) < MIN_REPORTED_WORDS:
        return None
    return Quote(text[outer.start : end], outer.start, end, outer.kind, outer.speaker, outer.cue)
