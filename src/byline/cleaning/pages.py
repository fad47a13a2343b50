"""Running page headers, footers and page numbers: found by repetition, removed before reflow.

A publisher prints the same one or two lines at the top of every page ("THE MERIDIAN REVIEW |
Energy Analysis" / "March 2024 — Page 3") and a page number at the bottom. Left in, they land in the
middle of sentences once lines are reflowed. Two detectors run, because text arrives two ways:

- with pages (PDF, or text with form feeds): a line in the first or last lines of a page whose shape
  (digits normalised) recurs on at least half of the pages;
- anywhere: a short header-like line (capitals, Title Case, a date or page number, a separator)
  standing apart (a block of its own) that recurs three times or more in the whole text, twice
  when it says it is a header ("Page 3", a `|` separator); inside a long block only lines that
  say so count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain

ZONE_LINES = 3
"""How many non-blank lines at each end of a page may be header or footer."""
MAX_HEADER_CHARS = 100
"""Longer lines are prose, never a running header."""
CUT = "\x00"
"""Stands in the place of removed lines and page breaks (sanitised text holds no NUL), so that
reflow knows a sentence may go on across it."""

_DIGITS_TO_HASH = bytes.maketrans(b"0123456789", b"##########")
_HASH_RUNS = re.compile(rb"##+")
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pg\.?)?\s*#(?:\s*(?:of|/)\s*#)?|[-–—]\s*#\s*[-–—]|\[\s*#\s*\]|\(\s*#\s*\)",
    re.IGNORECASE,
)
_STRONG_SIGNAL = re.compile(r"\bpage\s*#|\s[|·]\s|^\||\|$", re.IGNORECASE)
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]")
_SEPARATOR = re.compile(r"\s[|·•—–-]\s|^\||\|$")
_MINOR_WORDS = frozenset(["a", "an", "and", "the", "of", "in", "on", "for", "to", "at", "by", "&"])
# Sentence-like lines (ending in punctuation) are prose that happens to repeat, not headers.
_PROSE_END = frozenset(".,;:!?\"'”’)]")


def shapes(lines: list[str]) -> list[str]:
    """The form of each line that stays the same from page to page: each run of digits as "#".

    Lines are expected repaired (spaces collapsed and trimmed). Digits are ASCII, so the work is
    done on the UTF-8 bytes, many times faster than a regular expression over megabytes of prose.
    """
    data = "\n".join(lines).encode("utf-8", "surrogatepass").translate(_DIGITS_TO_HASH)
    if b"##" in data:
        data = _HASH_RUNS.sub(b"#", data)
    return data.decode("utf-8", "surrogatepass").split("\n")


def is_page_number(line_shape: str) -> bool:
    """True for the shape of a bare page number: "#", "Page #", "# of #", "- # -", "[#]"."""
    return _PAGE_NUMBER.fullmatch(line_shape) is not None


def _is_candidate(line_shape: str) -> bool:
    """Whether a line is short and un-sentence-like enough to be a header when it repeats."""
    if not line_shape or len(line_shape) > MAX_HEADER_CHARS or line_shape == CUT:
        return False
    if is_page_number(line_shape):
        return True
    return line_shape[-1] not in _PROSE_END and _TWO_LETTERS.search(line_shape) is not None


def _looks_like_a_header(line_shape: str) -> bool:
    """Whether a line has the look of a running header, not of a repeated phrase of the text.

    Publishers set their running lines in capitals or Title Case, or put a date, a page number or a
    separator in them; "Winners meet in final match", repeated under three fixtures, has none.
    """
    if "#" in line_shape or _SEPARATOR.search(line_shape):
        return True
    words = [word for word in line_shape.split() if word[0].isalpha()]
    if not words:
        return False
    capitalised = sum(1 for word in words if word[0].isupper() or word in _MINOR_WORDS)
    return capitalised == len(words)


def remove_running_lines(sheets: list[list[str]]) -> list[str]:
    """Remove running headers, footers and page numbers from `sheets` (pages as lists of lines).

    Each removed line is replaced, in place, by `CUT`, so the text on either side is never glued
    together blindly. Returns the removed lines as printed, in order: they may still say something
    useful (a date) about the document.
    """
    sheet_shapes = [shapes(lines) for lines in sheets]
    removed: list[str] = []
    if len(sheets) >= 2:
        _remove_page_zones(sheets, sheet_shapes, removed)
    _remove_repeated(sheets, sheet_shapes, removed)
    return removed


def _zone(lines: list[str]) -> list[int]:
    """Indices of the first and last few non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line and line != CUT]
    if len(filled) <= 2 * ZONE_LINES:
        return filled
    return filled[:ZONE_LINES] + filled[-ZONE_LINES:]


def _remove_page_zones(
    sheets: list[list[str]], sheet_shapes: list[list[str]], removed: list[str]
) -> None:
    zones = [_zone(lines) for lines in sheets]
    seen_on: Counter[str] = Counter()
    for line_shapes, zone in zip(sheet_shapes, zones, strict=True):
        seen_on.update({line_shapes[i] for i in zone if len(line_shapes[i]) <= MAX_HEADER_CHARS})
    needed = max(2, math.ceil(len(sheets) / 2))
    for lines, line_shapes, zone in zip(sheets, sheet_shapes, zones, strict=True):
        for i in zone:
            line_shape = line_shapes[i]
            if len(line_shape) > MAX_HEADER_CHARS:
                continue
            if seen_on[line_shape] >= needed or is_page_number(line_shape):
                removed.append(lines[i])
                lines[i] = line_shapes[i] = CUT


def _stands_apart(line_shapes: list[str], index: int, candidate: dict[str, bool]) -> bool:
    """Whether the line is in a block of at most `ZONE_LINES` header-like lines of its own."""
    start = index
    while start > 0 and line_shapes[start - 1] and line_shapes[start - 1] != CUT:
        start -= 1
        if index - start >= ZONE_LINES:
            return False
    end = index + 1
    while end < len(line_shapes) and line_shapes[end] and line_shapes[end] != CUT:
        end += 1
        if end - start > ZONE_LINES:
            return False
    for line_shape in line_shapes[start:end]:
        if line_shape not in candidate:
            candidate[line_shape] = _is_candidate(line_shape)
        if not candidate[line_shape]:
            return False
    return True


def _remove_repeated(
    sheets: list[list[str]], sheet_shapes: list[list[str]], removed: list[str]
) -> None:
    """Remove short header-like lines that recur through the text (see the module docstring).

    A line counts when it stands apart (a block of its own, every line of it header-like) or says
    it is a header ("Page 3", a `|` or `·` separator), or is the other line of a two-line header
    that says so. A paragraph quoted twice does not qualify: its lines sit in a longer block, or
    the block ends like a sentence.
    """
    counts = Counter(chain.from_iterable(sheet_shapes))
    candidate = {
        line_shape: _is_candidate(line_shape)
        for line_shape, count in counts.items()
        if count >= 2 and len(line_shape) <= MAX_HEADER_CHARS
    }
    repeated = {
        line_shape
        for line_shape, is_one in candidate.items()
        if is_one and _looks_like_a_header(line_shape)
    }
    if not repeated:
        return
    strong = {line_shape for line_shape in repeated if _STRONG_SIGNAL.search(line_shape)}
    eligible: list[tuple[int, int]] = []
    for number, line_shapes in enumerate(sheet_shapes):
        last = len(line_shapes) - 1
        for i, line_shape in enumerate(line_shapes):
            if line_shape not in repeated:
                continue
            # The other line of a two-line header glued to the text goes with the line that says
            # it is a header.
            if (
                line_shape in strong
                or (i > 0 and line_shapes[i - 1] in strong)
                or (i < last and line_shapes[i + 1] in strong)
                or _stands_apart(line_shapes, i, candidate)
            ):
                eligible.append((number, i))
    found = Counter(sheet_shapes[number][i] for number, i in eligible)
    for number, i in eligible:
        line_shape = sheet_shapes[number][i]
        if found[line_shape] >= 3 or (found[line_shape] >= 2 and line_shape in strong):
            removed.append(sheets[number][i])
            sheets[number][i] = CUT
