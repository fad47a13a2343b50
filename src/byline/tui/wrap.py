"""The wrap index: which slice of `Document.text` each visual line of the reader shows, per width.

The reader never keeps the document as screen lines. It keeps the text and, for the current width, a
list of `(start, end)` offsets for each paragraph's visual lines. Paragraphs are wrapped lazily,
when they are first looked at, and the lines of paragraphs not yet wrapped are *estimated* from
their length; `wrap_blocks` computes the exact index in a worker and `WrapIndex.install` swaps it
in. So a 5 MB document opens at once, and every offset the core hands over (a mention, a quote, a
match) maps to a line without rendering anything.

Nothing here imports Textual: it is plain text arithmetic, tested on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import get_character_cell_size

Span = tuple[int, int]
"""A `(start, end)` pair of offsets into the text, `end` exclusive."""

MAX_BLOCK = 20_000
"""Paragraphs longer than this are wrapped in pieces: one giant paragraph never stalls a frame."""

EAGER_LIMIT = 200_000
"""Texts up to this many characters are wrapped in full at once; longer ones lazily."""

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_DISPLAY_TABLE = {**{c: 0xFFFD for c in (*range(0x20), *range(0x7F, 0xA0))}, 0x09: 0x20, 0x0A: 0x20}


def display(text: str) -> str:
    """The text as it may reach the terminal: one printable character per character of input.

    Control and escape characters (C0, DEL, C1) become U+FFFD, tabs and stray newlines a space, so a
    document can never move the cursor or talk to the terminal, and offsets stay one to one.
    """
    if _CONTROL.search(text) is None and "\t" not in text:
        return text
    return text.translate(_DISPLAY_TABLE)


def split_blocks(text: str, paragraphs: Sequence[Span] = ()) -> list[Span]:
    """The blocks the reader wraps: the paragraphs (or blank-line separated runs), long ones cut.

    A paragraph over `MAX_BLOCK` characters is cut at a space near each limit so that wrapping any
    one block stays cheap; the cut shows as a line break, nothing is lost.
    """
    spans = list(paragraphs)
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)]
        spans = [(s, e) for s, e in spans if text[s:e].strip()] or [(0, len(text))]
    blocks: list[Span] = []
    for start, end in spans:
        while end - start > MAX_BLOCK:
            cut = text.rfind(" ", start + MAX_BLOCK // 2, start + MAX_BLOCK)
            cut = cut + 1 if cut > start else start + MAX_BLOCK
            blocks.append((start, cut))
            start = cut
        blocks.append((start, end))
    return blocks


def wrap_block(text: str, start: int, end: int, width: int) -> list[Span]:
    """Greedy word wrap of `text[start:end]` at `width` cells; long words are cut.

    Each line's span leaves out the spaces it breaks at. An empty block is one empty line.
    """
    width = max(1, width)
    if start >= end:
        return [(start, start)]
    chunk = text if end - start == len(text) else text[start:end]
    if chunk.isascii() or _single_cells(chunk):
        return _wrap_ascii(text, start, end, width)
    return _wrap_cells(text, start, end, width)


def _single_cells(chunk: str) -> bool:
    """True when every character of `chunk` takes one cell, so the one-`rfind`-a-line wrap holds.

    Curly quotes, dashes and accents make most prose non-ASCII; checking each *distinct* character
    once keeps such paragraphs off the character-by-character path (9 in 10 of its cost on open).
    """
    return all(
        char < " " or "\x7f" <= char < "\xa0" or get_character_cell_size(char) == 1
        for char in set(chunk)
        if not char.isascii()
    )


def _wrap_ascii(text: str, start: int, end: int, width: int) -> list[Span]:
    """Wrap where every character is one cell (the common case): one `rfind` per line."""
    lines: list[Span] = []
    pos = start
    rfind = text.rfind
    while end - pos > width:
        cut = rfind(" ", pos + 1, pos + width + 1)
        if cut == -1:
            lines.append((pos, pos + width))
            pos += width
            continue
        lines.append((pos, cut))
        pos = cut + 1
        while pos < end and text[pos] == " ":
            pos += 1
    if pos < end or not lines:
        lines.append((pos, end))
    return lines


def _wrap_cells(text: str, start: int, end: int, width: int) -> list[Span]:
    """Wrap counting terminal cells (wide CJK, emoji, combining marks)."""
    lines: list[Span] = []
    pos = start
    cells = 0
    space = -1
    index = start
    while index < end:
        char = text[index]
        size = 1 if char < " " or "\x7f" <= char < "\xa0" else get_character_cell_size(char)
        if char == " ":
            space = index
        if cells + size > width and index > pos:
            if char == " ":
                lines.append((pos, index))
                index += 1
                pos, cells, space = index, 0, -1
                continue
            if space > pos:
                lines.append((pos, space))
                pos = space + 1
            else:
                lines.append((pos, index))
                pos = index
            cells = sum(get_character_cell_size(c) if c >= " " else 1 for c in text[pos:index])
            space = -1
        cells += size
        index += 1
    if pos < end or not lines:
        lines.append((pos, end))
    return lines


def wrap_blocks(text: str, blocks: Sequence[Span], width: int) -> list[list[Span]]:
    """The exact wrap of every block: what a worker computes for `WrapIndex.install`."""
    return [wrap_block(text, start, end, width) for start, end in blocks]


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One line on screen: a slice of the text, or the blank line between two paragraphs."""

    block: int
    start: int
    end: int
    blank: bool = False


class WrapIndex:
    """Visual lines of a text at one width, wrapped paragraph by paragraph on demand.

    A block shows its wrapped lines followed by one blank line (except the last block). Until a
    block is wrapped its line count is an estimate; `y_of_offset` and `line` wrap what they touch,
    so a position computed from this index is exact for the block it names.
    """

    def __init__(self, text: str, blocks: Sequence[Span], width: int) -> None:
        self.text = text
        self.blocks = list(blocks)
        self.width = max(1, width)
        self._starts = [start for start, _ in self.blocks]
        self._lines: list[list[Span] | None] = [None] * len(self.blocks)
        last = len(self.blocks) - 1
        self._counts = [
            max(1, -(-(end - start) // self.width)) + (index != last)
            for index, (start, end) in enumerate(self.blocks)
        ]
        self._tops: list[int] | None = None
        self.exact = False
        """True once every block is wrapped (the height no longer changes)."""
        if len(text) <= EAGER_LIMIT:
            self.install(wrap_blocks(text, self.blocks, self.width))

    def install(self, lines: list[list[Span]]) -> None:
        """Take the exact wrap of every block, computed elsewhere for this text and width."""
        last = len(self.blocks) - 1
        self._lines = list(lines)
        self._counts = [len(block) + (index != last) for index, block in enumerate(lines)]
        self._tops = None
        self.exact = True

    @property
    def height(self) -> int:
        """How many visual lines the text takes (estimated until `exact`)."""
        tops = self._get_tops()
        return tops[-1] if tops else 0

    def _get_tops(self) -> list[int]:
        if self._tops is None:
            self._tops = [0, *accumulate(self._counts)]
        return self._tops

    def _wrapped(self, block: int) -> list[Span]:
        lines = self._lines[block]
        if lines is None:
            start, end = self.blocks[block]
            lines = self._lines[block] = wrap_block(self.text, start, end, self.width)
            count = len(lines) + (block != len(self.blocks) - 1)
            if count != self._counts[block]:
                self._counts[block] = count
                self._tops = None
        return lines

    def block_of_offset(self, offset: int) -> int:
        """The block holding `offset` (the one before it, for an offset between paragraphs)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def y_of_offset(self, offset: int) -> int:
        """The visual line showing the character at `offset`."""
        if not self.blocks:
            return 0
        block = self.block_of_offset(offset)
        lines = self._wrapped(block)
        line_starts = [start for start, _ in lines]
        within = max(0, bisect_right(line_starts, offset) - 1)
        return self._get_tops()[block] + within

    def line(self, y: int) -> VisualLine | None:
        """The visual line at row `y`, or None past the end."""
        tops = self._get_tops()
        if y < 0 or not self.blocks or y >= tops[-1]:
            return None
        block = bisect_right(tops, y) - 1
        lines = self._wrapped(block)
        tops = self._get_tops()
        within = y - tops[block]
        if within < len(lines):
            start, end = lines[within]
            return VisualLine(block, start, end)
        end = self.blocks[block][1]
        return VisualLine(block, end, end, blank=True)

    def offset_of_y(self, y: int) -> int:
        """The offset of the first character shown at row `y` (clamped to the text)."""
        line = self.line(min(max(0, y), max(0, self.height - 1)))
        return line.start if line is not None else 0

    def wrap_rows(self, top: int, count: int) -> bool:
        """Wrap every block showing in rows `top .. top + count`; True if the height changed."""
        before = self.height
        y = max(0, top)
        while y < top + count:
            line = self.line(y)
            if line is None:
                break
            y = self._get_tops()[line.block + 1]
        return self.height != before
