"""Per-line repairs that do not depend on the rest of the document.

- runs of spaces collapsed, spaces at either end of a line dropped (the stray leading space of a
  paragraph goes with them);
- OCR debris (`[]`, `[]J`, `[ ]`, `|]`) removed where it stands alone, never inside real brackets
  such as `[sic]` or `[1]`;
- a `|` that OCR read for the pronoun I (`| said`, `"| think`, `|'m`) written as `I`.

Dropped apostrophes and misspelt names are left as written: analysis matches them as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, the way a reader checks it."""
    return frozenset(text.split())


MAX_DEBRIS_ROUNDS = 8
"""Rounds of debris removal on one line; real debris needs one, nested halves two."""
_SPACE_RUNS = re.compile(r" {2,}")
_DEBRIS = re.compile(r"(?<!\S)(?:\[ ?\][J\]|]?|\|\]|\[\|)(?!\S)")
# A `|` is the pronoun when it stands where a word starts and an I-sentence goes on after it.
_PIPE_AS_I = re.compile(r"(?<![^\s\"“‘'(\[—–])\|(?=['’](?:m|ve|d|ll)\b|( [a-z][a-z'’]*))")
# The words that follow "I" in a sentence; a `|` before anything else is left alone (a separator).
_FOLLOWS_I = _words(
    """
    am was have had do did don't didn't dont didnt think thought said say says believe
    believed will would could can can't cannot cant should might must may know knew want
    wanted feel felt hope hoped mean meant went go see saw told tell asked ask also never
    just really still agree agreed expect expected suspect guess wonder wondered remember
    like love need needed got get came come found find made make met spoke wrote write
    called worked work live lived tried try doubt fear understand understood argued argue
    added warned insist insisted recall recalled always often only even first personally
    wasn't wasnt haven't havent hadn't hadnt wouldn't wouldnt couldn't couldnt won't wont
    """
)


def _pipe_to_i(match: re.Match[str]) -> str:
    following = match.group(1)
    if following is None:
        return "I"
    word = following.strip().replace("’", "'")
    return "I" if word in _FOLLOWS_I else "|"


def repair_line(line: str) -> str:
    """One line with spaces collapsed and trimmed, debris removed and `|` read as `I` where due."""
    if "[" in line or "|" in line:
        # Removing one token can leave two halves that form another ("[ [] ]"): repeat until
        # stable, within a bound, so that a pathological nest of brackets cannot take forever.
        for _ in range(MAX_DEBRIS_ROUNDS):
            repaired = _SPACE_RUNS.sub(" ", _DEBRIS.sub("", line))
            if repaired == line:
                break
            line = repaired
        if "|" in line:
            line = _PIPE_AS_I.sub(_pipe_to_i, line)
    elif "  " in line:
        line = _SPACE_RUNS.sub(" ", line)
    return line.strip(" ")


def repair_lines(lines: Iterable[str]) -> list[str]:
    """Repair every line (see `repair_line`). Idempotent.

    A line that held nothing but debris is dropped, so it neither splits a paragraph nor leaves a
    blank line behind; blank lines that were there stay, as empty strings.
    """
    lines = list(lines)
    return _repair_marked(
        lines,
        {
            number
            for number, line in enumerate(lines)
            if "[" in line or "|" in line or "  " in line or line[:1] == " " or line[-1:] == " "
        },
    )


def repair_text(text: str) -> list[str]:
    """The lines of `text`, repaired (see `repair_lines`).

    Most lines need nothing, so the lines that do are found by searching the whole text for what
    a repair acts on ("[", "|", two spaces, a space at a line edge) and only those are repaired.
    """
    lines = text.split("\n")
    spots = _spots(text)
    if not spots:
        return lines
    starts = list(accumulate(lines, lambda start, line: start + len(line) + 1, initial=0))
    return _repair_marked(lines, {bisect_right(starts, spot) - 1 for spot in spots})


def _repair_marked(lines: list[str], marked: set[int]) -> list[str]:
    """`lines` with the lines numbered in `marked` repaired; a line that repairs to nothing is
    dropped unless it was blank to begin with (blank lines separate paragraphs)."""
    repaired = []
    for number, line in enumerate(lines):
        if number in marked:
            fixed = repair_line(line)
            if fixed or not line.strip(" "):
                repaired.append(fixed)
        else:
            repaired.append(line)
    return repaired


def _spots(text: str) -> list[int]:
    """Offsets in `text` where a line may need repair."""
    spots = []
    for marker, shift in (("[", 0), ("|", 0), ("  ", 0), ("\n ", 1), (" \n", 0)):
        at = text.find(marker)
        while at != -1:
            spots.append(at + shift)
            at = text.find(marker, at + 2)
    if text.startswith(" "):
        spots.append(0)
    if text.endswith(" "):
        spots.append(len(text) - 1)
    return spots
