"""Running page headers, footers and page numbers: found by repetition, removed before reflow.

A publisher prints the same one or two lines at the top of every page ("THE MERIDIAN REVIEW |
Energy Analysis" / "March 2024 — Page 3") and a page number at the bottom. Left in, they land in the
middle of sentences once lines are reflowed. Two detectors run, because text arrives two ways:

- with pages (PDF, or text with form feeds): a line in the first or last lines of a page whose shape
  (digits normalised) recurs on at least half of the pages;
- without pages: a short line that is not sentence-like and recurs three times or more in the whole
  text (twice when it says it is a header: "Page 3", a `|` separator).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

ZONE_LINES = 3
"""How many non-blank lines at each end of a page may be header or footer."""
MAX_HEADER_CHARS = 100
"""Longer lines are prose, never a running header."""
CUT = "\x00"
"""Stands in the place of removed lines and page breaks (sanitised text holds no NUL), so that
reflow knows a sentence may go on across it."""

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pg\.?)?\s*#(?:\s*(?:of|/)\s*#)?|[-–—]\s*#\s*[-–—]|\[\s*#\s*\]|\(\s*#\s*\)",
    re.IGNORECASE,
)
_STRONG_SIGNAL = re.compile(r"\bpage\s*#|\s\|\s|^\||\|$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# Sentence-like lines (ending in punctuation) are prose that happens to repeat, not headers.
_PROSE_END = re.compile(r"[.,;:!?\"'”’)\]]$")


def shape(line: str) -> str:
    """The form of a line that stays the same from page to page: spaces collapsed, digits as "#"."""
    return _DIGITS.sub("#", _SPACES.sub(" ", line).strip().casefold())


def is_page_number(line_shape: str) -> bool:
    """True for the shape of a bare page number: "#", "Page #", "# of #", "- # -", "[#]"."""
    return _PAGE_NUMBER.fullmatch(line_shape) is not None


def remove_running_lines(pages: Sequence[str]) -> tuple[list[str], list[str]]:
    """Remove running headers, footers and page numbers from `pages`.

    Returns the pages with each removed line replaced by `CUT` (so the text on either side is never
    glued together blindly) and the removed lines as printed, in order, which may still say
    something useful (a date) about the document.
    """
    lines_by_page = [page.split("\n") for page in pages]
    removed: list[str] = []
    if len(lines_by_page) >= 2:
        _remove_page_zones(lines_by_page, removed)
    _remove_repeated(lines_by_page, removed)
    return ["\n".join(lines) for lines in lines_by_page], removed


def _zone(lines: list[str]) -> list[int]:
    """Indices of the first and last few non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) <= 2 * ZONE_LINES:
        return filled
    return filled[:ZONE_LINES] + filled[-ZONE_LINES:]


def _remove_page_zones(lines_by_page: list[list[str]], removed: list[str]) -> None:
    zones = [_zone(lines) for lines in lines_by_page]
    seen_on: Counter[str] = Counter()
    for lines, zone in zip(lines_by_page, zones, strict=True):
        seen_on.update({shape(lines[i]) for i in zone if len(lines[i]) <= MAX_HEADER_CHARS * 2})
    needed = max(2, math.ceil(len(lines_by_page) / 2))
    for lines, zone in zip(lines_by_page, zones, strict=True):
        for i in zone:
            line_shape = shape(lines[i])
            if (seen_on[line_shape] >= needed and line_shape) or is_page_number(line_shape):
                removed.append(lines[i].strip())
                lines[i] = CUT


def _is_candidate(line_shape: str) -> bool:
    """Whether a line is short and un-sentence-like enough to be a header when it repeats."""
    if not line_shape or len(line_shape) > MAX_HEADER_CHARS:
        return False
    if is_page_number(line_shape):
        return True
    return _PROSE_END.search(line_shape) is None and len(_LETTER.findall(line_shape)) >= 2


def _remove_repeated(lines_by_page: list[list[str]], removed: list[str]) -> None:
    counts: Counter[str] = Counter()
    for lines in lines_by_page:
        counts.update(shape(line) for line in lines if 0 < len(line) <= MAX_HEADER_CHARS * 2)
    running = {
        line_shape
        for line_shape, count in counts.items()
        if (count >= 3 or (count >= 2 and _STRONG_SIGNAL.search(line_shape)))
        and _is_candidate(line_shape)
    }
    if not running:
        return
    for lines in lines_by_page:
        for i, line in enumerate(lines):
            if 0 < len(line) <= MAX_HEADER_CHARS * 2 and shape(line) in running:
                removed.append(line.strip())
                lines[i] = CUT
