"""Quotation-mark pairing (`quote_marks`): pure string work, no spaCy needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from byline.analysis.quote_marks import find_quote_spans, paragraph_bounds


def quoted(text: str) -> list[str]:
    """The words of every span found, in order."""
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_straight_and_curly_marks() -> None:
    text = '"It is over," Marsh said. “We lost,” she added.'
    assert quoted(text) == ["It is over,", "We lost,"]


def test_mixed_marks_curly_open_straight_close() -> None:
    text = '“The vote was lost long ago," Marsh said.'
    assert quoted(text) == ["The vote was lost long ago,"]


def test_unbalanced_opener_is_ignored_and_later_quotes_survive() -> None:
    text = 'He said "this never closes and the paragraph ends.\n\nLater "a real quote," she said.'
    assert quoted(text) == ["a real quote,"]


def test_stray_closer_is_ignored() -> None:
    text = 'The plan" was late. "It will come," she said.'
    assert quoted(text) == ["It will come,"]


def test_lost_paragraph_break_closes_before_new_opener() -> None:
    text = 'Ms Hewitt said: "We have doubled it. "We will extend it." She left.'
    assert quoted(text) == ["We have doubled it.", "We will extend it."]


def test_nested_single_quotes_stay_inside_double() -> None:
    text = "\"He told me 'never again' and left,\" she said."
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == "He told me 'never again' and left,"


def test_nested_double_inside_single_quotes() -> None:
    text = "'He called it \"neutral\" on purpose,' she said."
    assert quoted(text) == ['He called it "neutral" on purpose,']


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "Marsh's view in the '90s: don't rock the boat. The workers' union agreed. Rock 'n' roll."
    )
    assert quoted(text) == []


def test_single_quotes_with_apostrophes_inside() -> None:
    text = "'It's the workers' union that won't budge,' she said."
    assert quoted(text) == ["It's the workers' union that won't budge,"]


def test_curly_apostrophes_are_not_marks() -> None:
    text = "Marsh’s plan, the ministry’s budget and the ’90s boom: ‘It’s over,’ he said."
    assert quoted(text) == ["It’s over,"]


def test_multi_paragraph_quote_is_linked_parts() -> None:
    text = '"First part of it.\n\n"Second part.\n\n"Last part," she said.'
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "First part of it.",
        "Second part.",
        "Last part,",
    ]
    assert [(s.continues, s.continued) for s in spans] == [
        (True, False),
        (True, True),
        (False, True),
    ]


def test_paragraph_bounds_skip_blank_lines() -> None:
    text = "One.\n\nTwo.\n \n\nThree."
    assert [text[a:b] for a, b in paragraph_bounds(text)] == ["One.", "Two.", "Three."]


MARKS = st.sampled_from(['"', "“", "”", "'", "‘", "’", "„", "«", "»"])
PIECES = st.one_of(MARKS, st.sampled_from([" ", "\n\n", "\n", ".", ",", "a", "Word", "s"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60))
def test_never_raises_and_offsets_stay_inside(pieces: list[str]) -> None:
    text = "".join(pieces)
    spans = find_quote_spans(text)
    last_end = -1
    for span in spans:
        assert 0 <= span.open_mark < span.start < span.end <= len(text)
        assert span.close_mark is None or span.end <= span.close_mark < len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        assert span.open_mark >= last_end
        last_end = span.outer_end


def test_cited_text_drops_the_comma_that_joined_the_attribution() -> None:
    from byline.analysis import cited_text

    assert cited_text("We are close to a deal,") == "We are close to a deal"
    assert cited_text("However, ") == "However"
    assert cited_text("the guarantee is not a blank cheque.") == (
        "the guarantee is not a blank cheque."
    )
    assert cited_text("Is it over?") == "Is it over?"
    assert cited_text("And then -") == "And then"
    assert cited_text(",") == ","
