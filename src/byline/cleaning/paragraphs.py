"""From repaired lines to paragraphs of one line each.

Blocks are the runs of lines between blank lines. Three things happen to them, in order:

1. a long block with no blank lines at all (a PDF text layer) is split where a paragraph visibly
   ended: a short line followed by a line that opens a sentence; and a block of
   long unwrapped lines (one paragraph a line, no blank lines) is split at every line, and a list at
   every bullet; a block of lines that each stop well short of the document's wrapping width, each
   after the first opening with a capital (a signature, an address), was broken by its author, so
   it is split at every line too;
2. a block that continues the sentence of the block before it (a page break or a removed header
   fell mid-sentence) is joined to it;
3. each block is reflowed (`reflow`): lines joined with a space, or with nothing where a hyphen at
   the line end split a word (decided by `Dehyphenator`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from itertools import pairwise

from byline.cleaning.hyphenation import WORD, Dehyphenator
from byline.cleaning.pages import CUT

_GOES_ON = frozenset("-‐,;")
_OPENS = frozenset("\"“‘'(")
_HYPHENS = "-‐"
_DASHES = "—–"
_BULLETS = ("- ", "– ", "— ", "• ", "* ", "· ", "▪ ", "◦ ", "‣ ")
_TRAILING_WORD = re.compile(rf"{WORD.pattern}[-‐]$")
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_LABELLED = re.compile(r"[A-Z][^\W\d_]*(?: [^\W\d_]+){0,2}: \S")
"""A line that opens with a label of one to three words and a colon: a minute's "Present:", a
memo's "To:" and "Subject:"; lines that all do are kept apart, however short or long."""
MAX_WORD = 64
"""Letters looked at before a line-end hyphen: longer "words" are not words."""
SHORT_LINE = 0.75
"""A line shorter than this share of its block's median line ends a paragraph (when the next line
opens one)."""
UNWRAPPED = 130
"""A block whose median line is longer than this was never hard-wrapped: one paragraph a line."""
MIN_WRAP = 50
"""A document whose median line is shorter than this is not taken as hard-wrapped at a width (a
list, a table of contents) when looking for lines broken by hand."""
MIN_CONTINUED = 60
"""Across a page break a block this long that stops mid-sentence goes on in the next block, even
when that one starts with a capital (a name); shorter ones may be headings."""


def _blocks(lines: list[str]) -> Iterator[tuple[list[str], bool]]:
    """The blocks of `lines`, each with whether a page break or removed line came just before it."""
    block: list[str] = []
    cut = False
    cut_before = False
    for line in lines:
        if line and line != CUT:
            if not block:
                cut_before = cut
                cut = False
            block.append(line)
            continue
        if block:
            yield block, cut_before
            block = []
        cut = cut or line == CUT
    if block:
        yield block, cut_before


def _opens(line: str) -> bool:
    first = line[0]
    return first.isupper() or first.isdigit() or first in _OPENS


def _split_lost_breaks(lines: list[str], *, bullets: bool, wrap: int = 0) -> list[list[str]]:
    """Split a block at the paragraph ends a text layer lost its blank lines at, or at every line
    of one whose lines were never wrapped (`wrap` is the document's median line length)."""
    if len(lines) < 2:
        return [lines]
    if wrap >= MIN_WRAP and _broken_by_hand(lines, wrap):
        return [[line] for line in lines]
    if all(_LABELLED.match(line) for line in lines):
        return [[line] for line in lines]  # "Present: ...", "In attendance: ...", "Apologies: ..."
    lengths = sorted(len(line) for line in lines)
    if lengths[len(lengths) // 2] > UNWRAPPED:
        return [[line] for line in lines]
    if bullets and any(line.startswith(_BULLETS) for line in lines[1:]):
        parts = _split_items(lines)
        return [piece for part in parts for piece in _split_lost_breaks(part, bullets=False)]
    if len(lines) < 3:
        return [lines]
    width = lengths[len(lengths) // 2]
    if width < 40:
        return [lines]
    pieces: list[list[str]] = []
    current: list[str] = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        current.append(line)
        if not following or not _opens(following):
            continue
        # Wrapping leaves a line this short only where the next word would not fit, i.e. a word
        # longer than a quarter of the line: in practice only at a paragraph's (or headline's)
        # end. A line ending in a hyphen or a comma is still mid-sentence whatever its length.
        if len(line) < SHORT_LINE * width and line[-1] not in _GOES_ON:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def _broken_by_hand(lines: list[str], wrap: int) -> bool:
    """Every line ends well short of the wrapping width, none mid-phrase, and each next one opens
    with a capital: the author broke these lines, wrapping did not."""
    return all(
        len(line) < SHORT_LINE * wrap and line[-1] not in _GOES_ON and _opens(following)
        for line, following in pairwise(lines)
    )


def _split_items(lines: list[str]) -> list[list[str]]:
    """Split a block before every bulleted line: each list item is a paragraph of its own."""
    parts: list[list[str]] = [[]]
    for line in lines:
        if line.startswith(_BULLETS) and parts[-1]:
            parts.append([])
        parts[-1].append(line)
    return parts


def _continues(previous: list[str], block: list[str], after_cut: bool) -> bool:
    """Whether `block` carries on the sentence `previous` left unfinished."""
    last = previous[-1]
    end = last[-1]
    unfinished = end.isalnum() or end in ",;" or (end in _HYPHENS and last[-2:-1].isalpha())
    if not unfinished:
        return False
    first = block[0][0]
    if first.islower():
        return True
    return after_cut and first.isupper() and sum(map(len, previous)) >= MIN_CONTINUED


def reflow(lines: list[str], dehyphenator: Dehyphenator) -> str:
    """Join a block's lines into one line, undoing hyphenation where it split a word."""
    if len(lines) == 1:
        return lines[0]
    pieces = [lines[0]]
    for line in lines[1:]:
        before = pieces[-1]
        if len(before) >= 2 and before[-1] in _HYPHENS and before[-2].isalpha():
            # Only the end of the line can hold the word: a bounded search stays linear however
            # long a line is.
            left = _TRAILING_WORD.search(before, max(0, len(before) - MAX_WORD))
            right = _LEADING_LETTERS.match(line)
            if left is not None and right is not None:
                if not dehyphenator.keeps_hyphen(left.group()[:-1], right.group()):
                    pieces[-1] = before[:-1]
                pieces.append(line)
                continue
        # A closed-up dash ("deal—which", "2020–2024") broken at a line end closes up again.
        if not (before[-1] in _DASHES and len(before) >= 2 and not before[-2].isspace()):
            pieces.append(" ")
        pieces.append(line)
    return "".join(pieces)


def build_blocks(lines: list[str], headings: Collection[str]) -> list[list[str]]:
    """Group repaired lines into the blocks that become paragraphs (see the module docstring).

    `headings` are paragraph texts known to be headings; they are never joined to a neighbour.
    """
    blocks: list[list[str]] = []
    bullets = any(line.startswith(_BULLETS) for line in lines)
    lengths = sorted(len(line) for line in lines if line and line != CUT)
    wrap = lengths[len(lengths) // 2] if lengths else 0
    for block, after_cut in _blocks(lines):
        for piece in _split_lost_breaks(block, bullets=bullets, wrap=wrap):
            if (
                blocks
                and _continues(blocks[-1], piece, after_cut)
                and not (headings and _is_heading(blocks[-1], piece, headings))
            ):
                blocks[-1].extend(piece)
            else:
                blocks.append(piece)
            after_cut = False
    return blocks


def _is_heading(previous: list[str], block: list[str], headings: Collection[str]) -> bool:
    return " ".join(previous) in headings or " ".join(block) in headings
