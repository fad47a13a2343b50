"""Find quoted passages by their quotation marks, tolerating real-world mess.

Pure string work, no spaCy: this is the first pass of quote finding and it must never fail on a
document, whatever its marks look like.

What it handles:

- straight, curly and mixed double marks (a quote opened with “ and closed with ") — direction is
  read from the characters around a mark, not from its shape alone;
- single marks used as quotation marks ('...,' he surmised) told apart from apostrophes (don't,
  Marsh's, '90s, the workers' union);
- single quotes nested inside double ones (and double inside single) stay inside the outer quote;
- unbalanced marks are recovered locally, per paragraph: an opening mark met while a quote is open
  closes that quote when the text before it ends a sentence (a quote whose paragraph break was lost:
  `..., 26 weeks. "We are going ...`), otherwise the earlier, unmatched opener is ignored; a quote
  still open at its paragraph's end continues only when the next paragraph opens with a mark (the
  newsroom convention for a quote running over several paragraphs), otherwise it is ignored.

A multi-paragraph quote comes out as one `QuoteSpan` per paragraph, linked by `continues` /
`continued`: each part is a clean, mark-free stretch of one paragraph, and attribution gives every
part the same speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + '"'
SINGLE_MARKS = "'‘’‛"
_LEFT_CONTEXT = "([{—–-/" + DOUBLE_MARKS + SINGLE_MARKS
_RIGHT_CONTEXT = ".,;:!?)]}—–-…/" + DOUBLE_MARKS + SINGLE_MARKS
_SENTENCE_END = ".!?…"
_ELISIONS = frozenset({"em", "n", "til", "cause", "bout", "tis", "twas", "s"})
_DECADE = re.compile(r"\d\d(s|\b)")
_DOUBLE_MARK = re.compile(f"[{re.escape(DOUBLE_MARKS)}]")
_SINGLE_MARK = re.compile(f"[{re.escape(SINGLE_MARKS)}]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One run of quoted words inside one paragraph, by offsets into the whole text.

    `start`/`end` cover the words only (no marks, no surrounding spaces). `close_mark` is None when
    the quote was closed implicitly (paragraph end of a multi-paragraph quote, or a lost closing
    mark before a new opening one).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    paragraph: int
    single: bool = False
    """Delimited by single marks ('...')."""
    continues: bool = False
    """The quote goes on in the next paragraph."""
    continued: bool = False
    """This part carries on a quote opened in an earlier paragraph."""

    @property
    def outer_end(self) -> int:
        """Offset just past the closing mark (or past the words when there is none)."""
        return self.close_mark + 1 if self.close_mark is not None else self.end


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraph (start, end) offsets: blocks separated by blank lines."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > pos:
            bounds.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        bounds.append((pos, len(text)))
    return bounds


def _is_left_open(text: str, i: int, lo: int) -> bool:
    """True when the character before `i` lets a mark there open a quote."""
    return i <= lo or text[i - 1].isspace() or text[i - 1] in _LEFT_CONTEXT


def _is_right_close(text: str, i: int, hi: int) -> bool:
    """True when the character after `i` lets a mark there close a quote."""
    return i + 1 >= hi or text[i + 1].isspace() or text[i + 1] in _RIGHT_CONTEXT


def _double_direction(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the double mark at `i`, from its shape and neighbours."""
    mark = text[i]
    left, right = _is_left_open(text, i, lo), _is_right_close(text, i, hi)
    if mark in DOUBLE_OPEN:
        return "close" if right and not left else "open"
    if mark in DOUBLE_CLOSE:
        return "open" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "either"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str, lo: int, i: int) -> bool:
    """True when the text before offset `i` (skipping spaces) ends with sentence punctuation."""
    j = i - 1
    while j >= lo and text[j].isspace():
        j -= 1
    while j >= lo and text[j] in ")]'’":
        j -= 1
    return j >= lo and text[j] in _SENTENCE_END


def _opens_with(text: str, bounds: tuple[int, int], marks: str) -> bool:
    """True when the paragraph's first character is one of `marks`."""
    start, end = bounds
    return start < end and text[start] in marks


def _double_spans(text: str, paras: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """Pair double marks paragraph by paragraph (see the module docstring for the recovery)."""
    spans: list[QuoteSpan] = []
    carried: int | None = None  # open mark of a quote continued from the previous paragraph
    for p, (lo, hi) in enumerate(paras):
        open_at: int | None = None
        continued = False
        if carried is not None and _opens_with(text, (lo, hi), DOUBLE_MARKS):
            open_at, continued = lo, True
        carried = None
        i = lo + 1 if continued else lo
        while (mark := _DOUBLE_MARK.search(text, i, hi)) is not None:
            i = mark.start()
            direction = _double_direction(text, i, lo, hi)
            if open_at is None:
                if direction != "close":
                    open_at = i
            elif direction == "close" or direction == "either":
                _emit(spans, text, open_at, i, i, p, False, continued)
                open_at, continued = None, False
            elif _ends_sentence(text, open_at + 1, i):
                _emit(spans, text, open_at, i, None, p, False, continued)
                open_at, continued = i, False
            else:
                open_at, continued = i, False
            i += 1
        if (
            open_at is not None
            and p + 1 < len(paras)
            and _opens_with(text, paras[p + 1], DOUBLE_MARKS)
        ):
            _emit(spans, text, open_at, hi, None, p, False, continued, continues=True)
            carried = open_at
    return spans


def _emit(
    spans: list[QuoteSpan],
    text: str,
    open_at: int,
    inner_end: int,
    close_mark: int | None,
    paragraph: int,
    single: bool,
    continued: bool,
    *,
    continues: bool = False,
) -> None:
    """Append a span for the words between `open_at` and `inner_end`, if there are any."""
    start, end = _trimmed(text, open_at + 1, inner_end)
    if end > start:
        spans.append(
            QuoteSpan(start, end, open_at, close_mark, paragraph, single, continues, continued)
        )


def _single_role(text: str, i: int, lo: int, hi: int) -> tuple[str, int]:
    """('open' | 'close' | '', strength) for the single mark at `i`; '' means an apostrophe."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if prev.isalnum() and nxt.isalnum():
        return "", 0
    if _is_left_open(text, i, lo) and nxt.isalnum():
        if _DECADE.match(text, i + 1):
            return "", 0
        word = re.match(r"[A-Za-z]+", text[i + 1 : i + 8])
        if word and word.group().lower() in _ELISIONS and not word.group()[0].isupper():
            return "", 0
        return "open", 0
    if not _is_left_open(text, i, lo) and _is_right_close(text, i, hi):
        if prev in ",.!?;:—–…":
            return "close", 3
        if prev in "sS":
            return "close", 1
        return "close", 2
    return "", 0


def _single_spans(
    text: str, paras: Sequence[tuple[int, int]], inside: list[tuple[int, int]]
) -> list[QuoteSpan]:
    """Pair single marks that are not inside a double quote; apostrophes are never marks."""
    spans: list[QuoteSpan] = []
    k = 0
    carried = False
    for p, (lo, hi) in enumerate(paras):
        marks: list[tuple[int, str, int]] = []
        for mark in _SINGLE_MARK.finditer(text, lo, hi):
            i = mark.start()
            while k < len(inside) and inside[k][1] <= i:
                k += 1
            if k < len(inside) and inside[k][0] <= i:
                continue
            role, strength = _single_role(text, i, lo, hi)
            if role:
                marks.append((i, role, strength))
        continued = carried and bool(marks) and marks[0][0] == lo and marks[0][1] == "open"
        carried = False
        n = 0
        while n < len(marks):
            at, role, _ = marks[n]
            if role != "open":
                n += 1
                continue
            best: tuple[int, int] | None = None  # (strength, index)
            m = n + 1
            while m < len(marks) and marks[m][1] != "open":
                if best is None or marks[m][2] > best[0]:
                    best = (marks[m][2], m)
                m += 1
            this_continued = continued and at == lo
            if best is not None:
                _emit(
                    spans, text, at, marks[best[1]][0], marks[best[1]][0], p, True, this_continued
                )
                n = best[1] + 1
                continue
            last_open = m >= len(marks)
            if last_open and p + 1 < len(paras) and _opens_with(text, paras[p + 1], "'‘"):
                _emit(spans, text, at, hi, None, p, True, this_continued, continues=True)
                carried = True
            n = m
    return spans


def find_quote_spans(
    text: str, paragraphs: Sequence[tuple[int, int]] | None = None
) -> list[QuoteSpan]:
    """Every quoted run in `text`, in order of position; never raises.

    `paragraphs` are (start, end) offsets (a Document's paragraphs); when omitted, paragraphs are
    the blocks between blank lines. Nested quotes are not returned on their own: they stay inside
    the outer quote's text.
    """
    paras = list(paragraphs) if paragraphs is not None else paragraph_bounds(text)
    doubles = _double_spans(text, paras)
    singles = _single_spans(text, paras, [(s.open_mark, s.outer_end) for s in doubles])
    outer_singles = [(s.open_mark, s.outer_end) for s in singles]
    kept = [
        d
        for d in doubles
        if not any(lo <= d.open_mark and d.outer_end <= hi for lo, hi in outer_singles)
    ]
    spans = sorted(kept + singles, key=lambda s: s.start)
    result: list[QuoteSpan] = []
    for span in spans:  # drop anything overlapping an earlier, outer span
        if result and span.open_mark < result[-1].outer_end:
            continue
        result.append(span)
    return result


_TRAILING_JOINERS = ",;:—–-"


def cited_text(text: str) -> str:
    """A quote's words as they read when cited on their own: the comma, semicolon, colon or dash
    that joined them to the attribution is dropped ("It is over," -> "It is over"), while a
    full stop, question or exclamation mark, or an ellipsis stays.

    `Quote.text` itself stays the exact span between the marks (`text[q.start:q.end] == q.text`,
    and the gold convention keeps inner punctuation), so offsets and highlighting are untouched;
    this is for display, scripted output and citations.
    """
    words = text.rstrip()
    while words and words[-1] in _TRAILING_JOINERS:
        words = words[:-1].rstrip()
    return words or text.strip()
