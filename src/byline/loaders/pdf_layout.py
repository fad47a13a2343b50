"""Page geometry to text: running headers and footers found by repetition, paragraphs rebuilt.

A PDF text layer is a list of positioned lines with no blank lines between paragraphs and the
publisher's header, footer and page number printed on every page. This module works on plain
`Line` values (no pdfplumber import), so it can be read and tested on its own:

- `running_lines` finds lines in the top or bottom band of a page that repeat, digits aside, on
  most pages, plus bare page numbers ("12", "- 12 -", "Page 3 of 7");
- `paragraphs` starts a new paragraph at a clearly larger vertical gap than the page's normal line
  pitch, at an indented first line, after a short line ending a sentence, and around headings
  (lines set clearly larger than the body text).
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

BAND = 0.15
"""Fraction of the page height, at top and bottom, where running headers and footers live."""

BAND_LINES = 4
"""How many lines at each end of a page may be running headers or footers."""

HEADING_RATIO = 1.15
"""A line set this much larger than the body text is a heading."""

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[-–—]\s*\d{1,4}\s*[-–—]$|^[ivxlc]{1,7}$",
    re.IGNORECASE,
)
_LEADING_NUMBER = re.compile(r"^(\d{1,4})\s+\D")
_TRAILING_NUMBER = re.compile(r"\D\s+(\d{1,4})$")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a PDF page: its text, box (points, from the top-left) and font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    segment: int = 0
    """Which reading-order run of the page the line belongs to (columns of a two-column page)."""


def _key(line: Line) -> str:
    """A line's identity for repetition: its size, and its text in lower case with digits as '#'.

    The size keeps a title on the first page apart from the same words as a small running head.
    """
    text = _SPACES.sub(" ", _DIGITS.sub("#", line.text.lower())).strip()
    return f"{round(line.size)}|{text}"


def _bands(lines: Sequence[Line], height: float) -> tuple[list[int], list[int]]:
    """Indices of the lines in the page's header band (top down) and footer band (bottom up)."""
    top = [i for i in range(min(BAND_LINES, len(lines))) if lines[i].top < height * BAND]
    bottom = [
        i
        for i in range(len(lines) - 1, max(len(lines) - 1 - BAND_LINES, -1), -1)
        if lines[i].bottom > height * (1 - BAND) and i not in top
    ]
    return top, bottom


def _edge_number(text: str) -> int | None:
    """The page number a running head starts or ends with ("3 Title", "Chapter 2: Title 3")."""
    match = _LEADING_NUMBER.match(text) or _TRAILING_NUMBER.search(text)
    return int(match.group(1)) if match else None


def _numbered(line: Line, body: float) -> int | None:
    """The page number of a line that may be a numbered running head (never a larger heading)."""
    return _edge_number(line.text.strip()) if line.size <= body * 1.05 else None


def _numbered_offsets(
    pages: Sequence[Sequence[Line]], bands: Sequence[tuple[list[int], list[int]]], body: float
) -> set[tuple[int, int]]:
    """(band, printed page number minus page index) pairs that hold on a third of the pages.

    Book-style running heads change with the chapter, so they do not repeat on most pages; but
    they carry the page number, which runs in step with the page index.
    """
    offsets: Counter[tuple[int, int]] = Counter()
    for index, (lines, (top, bottom)) in enumerate(zip(pages, bands, strict=True)):
        for band, indices in ((0, top), (1, bottom)):
            number = _numbered(lines[indices[0]], body) if indices else None
            if number is not None:
                offsets[(band, number - index)] += 1
    needed = max(3, math.ceil(len(pages) / 3))
    return {offset for offset, count in offsets.items() if count >= needed}


def running_lines(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> list[set[int]]:
    """For each page, the indices of its running header/footer lines and page numbers.

    A band line is running when its digit-normalised text appears in the bands of at least half
    the pages (and at least two), when it is a bare page number ("12", "Page 3 of 7"), or when it
    carries a page number that runs in step with the pages (a chapter's running head). Each band
    is peeled from the page edge inwards and stops at the first line that is not running, so body
    text that happens to repeat is never taken for a header.
    """
    bands = [_bands(lines, height) for lines, height in zip(pages, heights, strict=True)]
    seen: Counter[str] = Counter()
    for lines, (top, bottom) in zip(pages, bands, strict=True):
        seen.update({_key(lines[i]) for i in top + bottom})
    needed = max(2, math.ceil(len(pages) / 2))
    body = body_size(pages)
    numbered = _numbered_offsets(pages, bands, body)

    def running(line: Line, band: int, index: int) -> bool:
        if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) > 1 and seen[_key(line)] >= needed):
            return True
        number = _numbered(line, body)
        return number is not None and (band, number - index) in numbered

    removed: list[set[int]] = []
    for index, (lines, (top, bottom)) in enumerate(zip(pages, bands, strict=True)):
        drop: set[int] = set()
        for band, (edge, indices) in enumerate(((0, top), (len(lines) - 1, bottom))):
            step = 1 if edge == 0 else -1
            for expected, i in enumerate(indices):
                if i != edge + step * expected or not running(lines[i], band, index):
                    break
                drop.add(i)
        removed.append(drop)
    return removed


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _left_margin(lines: Sequence[Line]) -> float:
    """The page's text margin: the most common left edge (the smallest among equals)."""
    edges = Counter(round(line.x0) for line in lines)
    best = max(edges.values())
    return float(min(edge for edge, count in edges.items() if count == best))


def _pitch(lines: Sequence[Line], size: float) -> float:
    """The page's normal distance from one line's top to the next one's, for body text."""
    gaps = [
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if 0 < b.top - a.top < 3 * size and abs(a.size - size) < 0.5 and abs(b.size - size) < 0.5
    ]
    return statistics.median(gaps) if gaps else size * 1.2


def _indented_first_line(line: Line, previous: Line, following: Line | None, margin: float) -> bool:
    """Whether `line` is a paragraph's indented first line.

    It sits clearly right of the margin while the line before does not, the line before ends a
    sentence, and the line after (if any) comes back left. A hanging indent (the wrapped lines of
    a bulleted item) is therefore not a paragraph start.
    """
    em = line.size
    if line.x0 <= margin + 0.9 * em or previous.x0 >= margin + 0.5 * em:
        return False
    if not _SENTENCE_END.search(previous.text.rstrip()):
        return False
    return following is None or following.x0 < line.x0 - 0.5 * em


def paragraphs(lines: Sequence[Line], size: float) -> list[tuple[str, bool]]:
    """Group a page's lines into paragraphs: (text with lines joined by '\\n', is_heading)."""
    if not lines:
        return []
    margin = _left_margin(lines)
    right = sorted(line.x1 for line in lines)[int(0.9 * (len(lines) - 1))]
    pitch = _pitch(lines, size)
    short = max(0.15 * (right - margin), 2 * size)
    groups: list[list[Line]] = []
    headings: list[bool] = []
    previous: Line | None = None
    for index, line in enumerate(lines):
        heading = line.size >= size * HEADING_RATIO
        if previous is None:
            start = True
        else:
            gap = line.top - previous.top
            following = lines[index + 1] if index + 1 < len(lines) else None
            start = (
                heading != headings[-1]
                or gap <= 0
                or gap > pitch + max(0.2 * pitch, 2.0)
                or _indented_first_line(line, previous, following, margin)
                or (previous.x1 < right - short and bool(_SENTENCE_END.search(previous.text)))
            )
            if heading and headings[-1] and abs(line.size - previous.size) < 0.5:
                start = gap > max(line.size, previous.size) * 2
        if start:
            groups.append([])
            headings.append(heading)
        groups[-1].append(line)
        previous = line
    result: list[tuple[str, bool]] = []
    for group, heading in zip(groups, headings, strict=True):
        texts = [line.text.strip() for line in group if line.text.strip()]
        if texts:
            result.append((" ".join(texts) if heading else "\n".join(texts), heading))
    return result


def first_page_title(lines: Sequence[Line], size: float) -> str | None:
    """The first page's largest-font line(s), when set clearly larger than the body text."""
    if not lines:
        return None
    largest = max(line.size for line in lines)
    if largest < size * HEADING_RATIO:
        return None
    start = next(i for i, line in enumerate(lines) if abs(line.size - largest) < 0.5)
    run: list[str] = []
    for line in lines[start:]:
        if abs(line.size - largest) >= 0.5 or len(run) == 3:
            break
        run.append(line.text.strip())
    return " ".join(run) or None
