"""`paragraph_breaks` marks the whitespace token holding each blank line as a sentence start,
reading only the whitespace tokens: the same tokens as a search of the whole text marks."""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path

from byline.analysis.nlp import get_nlp
from byline.analysis.paragraph_breaks import paragraph_breaks

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _by_the_text(text: str) -> list[int]:
    """The tokens a search of the document's whole text finds a blank line starting in."""
    doc = get_nlp().make_doc(text)
    starts = [t.idx for t in doc]
    found = set()
    for match in BLANK_LINE.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i > 0 and doc[i].is_space:
            found.add(i)
    return sorted(found)


def _marked(text: str) -> list[int]:
    doc = paragraph_breaks(get_nlp().make_doc(text))
    return [t.i for t in doc if t.i > 0 and t.is_sent_start]


def test_every_kind_of_blank_line_is_marked_where_the_text_has_it() -> None:
    gaps = ["\n\n", " \n\n", "\n \n", "\n\t\n", "\r\n\r\n", "  \n\n\n ", "\n\xa0\n", "\n", " "]
    texts = [
        f'Club sets its price{a}Liverpool chief said: "No."{b}Then{c}he left.'
        for a, b, c in itertools.product(gaps, repeat=3)
    ]
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in SAMPLES.glob("*.txt")]
    texts += ["", "\n\n", "\n\nStarts with a blank line.", "Ends with one.\n\n"]
    marked = 0
    for text in texts:
        expected = _by_the_text(text)
        assert _marked(text) == expected, repr(text[:80])
        marked += len(expected)
    assert marked > 500
