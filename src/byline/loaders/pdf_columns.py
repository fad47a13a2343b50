"""Two-column PDF pages: find the gutter, read the left column before the right one.

pdfplumber builds lines across the whole page width, so on a two-column page each "line" holds a
line of the left column and the line beside it in the right one. When a page has a clear vertical
gutter near its middle that many lines straddle with text on both sides, every such line is cut
at the gutter, and the page is read as segments: full-width runs (a headline, a running header)
in place, and between them the left column's lines followed by the right column's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

GUTTER_ZONE = (0.3, 0.7)
"""Where on the page (fractions of its width) a column gutter may lie."""

MIN_SPLIT_LINES = 5
"""How many lines must have text on both sides of a gutter before a page counts as two columns."""

Segment = list[dict[str, Any]]
"""A run of pdfplumber text lines read in order (one column, or full-width lines)."""


def find_gutter(lines: Sequence[dict[str, Any]], width: float) -> tuple[float, float] | None:
    """The widest empty vertical strip in the middle of the page that splits many lines, or None.

    A strip counts as empty when at most one line in ten has a character in it (a headline or a
    footer may cross the gutter). It must be at least 6 points wide and have text on both sides in
    at least `MIN_SPLIT_LINES` lines and a quarter of all lines.
    """
    if len(lines) < MIN_SPLIT_LINES:
        return None
    start, end = int(width * GUTTER_ZONE[0]), int(width * GUTTER_ZONE[1])
    if end <= start:
        return None
    covered = [0] * (end - start)
    for line in lines:
        seen: set[int] = set()
        for char in line["chars"]:
            low, high = max(int(char["x0"]), start), min(int(char["x1"]) + 1, end)
            seen.update(range(low, high))
        for x in seen:
            covered[x - start] += 1
    allowed = max(1, len(lines) // 10)
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for x in range(end - start + 1):
        empty = x < end - start and covered[x] <= allowed
        if empty and run_start is None:
            run_start = x
        elif not empty and run_start is not None:
            if best is None or x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    if best is None or best[1] - best[0] < 6:
        return None
    gutter = (float(start + best[0]), float(start + best[1]))
    split = sum(1 for line in lines if _sides(line, gutter) == (True, True))
    if split < max(MIN_SPLIT_LINES, len(lines) // 4):
        return None
    return gutter


def _sides(line: dict[str, Any], gutter: tuple[float, float]) -> tuple[bool, bool]:
    """Whether the line has characters left of the gutter, and right of it."""
    left = any(char["x1"] <= gutter[0] + 0.5 for char in line["chars"])
    right = any(char["x0"] >= gutter[1] - 0.5 for char in line["chars"])
    return left, right


def _crosses(line: dict[str, Any], gutter: tuple[float, float]) -> bool:
    """Whether a character of the line lies in the gutter (a full-width line)."""
    return any(
        char["x1"] > gutter[0] + 0.5 and char["x0"] < gutter[1] - 0.5 for char in line["chars"]
    )


def _part(line: dict[str, Any], chars: list[dict[str, Any]], tolerance: float) -> dict[str, Any]:
    """A text line made of some of another line's characters, with its own text and box."""
    from pdfplumber.utils import extract_text

    return {
        "text": extract_text(chars, x_tolerance_ratio=tolerance).strip(),
        "x0": min(char["x0"] for char in chars),
        "x1": max(char["x1"] for char in chars),
        "top": line["top"],
        "bottom": line["bottom"],
        "chars": chars,
    }


def segments(lines: Sequence[dict[str, Any]], width: float, tolerance: float) -> list[Segment]:
    """The page's lines as reading-order segments: one segment unless the page has two columns."""
    gutter = find_gutter(lines, width)
    if gutter is None:
        return [list(lines)]
    result: list[Segment] = []
    wide: Segment = []
    left: Segment = []
    right: Segment = []
    for line in lines:
        if _crosses(line, gutter):
            result.extend(column for column in (left, right) if column)
            left, right = [], []
            wide.append(line)
            continue
        if wide:
            result.append(wide)
            wide = []
        left_chars = [char for char in line["chars"] if char["x1"] <= gutter[0] + 0.5]
        right_chars = [char for char in line["chars"] if char["x0"] >= gutter[1] - 0.5]
        if left_chars:
            left.append(_part(line, left_chars, tolerance))
        if right_chars:
            right.append(_part(line, right_chars, tolerance))
    result.extend(segment for segment in (wide, left, right) if segment)
    return result
