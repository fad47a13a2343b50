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


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, the way a reader checks it."""
    return frozenset(text.split())


_SPACE_RUNS = re.compile(r" {2,}")
_LINE_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_DEBRIS_TOKEN = r"(?:\[ ?\][J\]|]?|\|\]|\[\|)"
_DEBRIS_LINE = re.compile(rf"^ *{_DEBRIS_TOKEN}(?: *{_DEBRIS_TOKEN})* *(?:\n|$)", re.MULTILINE)
_DEBRIS = re.compile(rf"(?<!\S){_DEBRIS_TOKEN}(?!\S)")
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


def repair_lines(text: str) -> str:
    """Apply the per-line repairs to `text` (any number of lines) and return the result.

    A line that held nothing but debris is removed with its line break, so it neither splits a
    paragraph nor leaves a blank line behind; blank lines that were there stay. Idempotent.
    """
    if "[" in text or "|" in text:
        # Removing one token can leave two halves that form another ("[ [] ]"): repeat until stable.
        while True:
            repaired = _DEBRIS_LINE.sub("", text)
            repaired = _DEBRIS.sub("", repaired)
            repaired = _SPACE_RUNS.sub(" ", repaired)
            if repaired == text:
                break
            text = repaired
        if "|" in text:
            text = _PIPE_AS_I.sub(_pipe_to_i, text)
    text = _SPACE_RUNS.sub(" ", text)
    return _LINE_EDGE_SPACES.sub("", text)
