"""Properties cleaning keeps for any input: it never raises, its offsets hold, it is idempotent."""

from __future__ import annotations

from pathlib import Path
from unicodedata import category

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.clean import clean
from byline.models import Document, RawDocument

# Pieces real documents are made of, so that the structural rules (headers, hyphens, debris,
# continuation across pages) meet each other far more often than in random text.
PIECES = [
    "nego-",
    "tiation",
    "Guinea-",
    "Bissau",
    "well-",
    "known",
    "twenty-",
    "five",
    "[]",
    "[]J",
    "[ ]",
    "|]",
    "[",
    "]",
    "[sic]",
    "|",
    "| said",
    "I",
    '"',
    "“",
    "”",
    "'",
    "—",
    "-",
    ".",
    ",",
    ":",
    "the",
    "The",
    "minister",
    "said",
    "By Petra Marsh",
    "5 March 2024",
    "THE MERIDIAN REVIEW | Energy Analysis",
    "March 2024 — Page 3",
    "Page 2",
    "7",
    "© 2024 The Review",
    "Contact: desk@review.example",
    "All rights reserved.",
    "Subscribe",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\f",
    "\t",
    "\u00ad",
    "\u00a0",
    "\u200b",
    "\x1b[31m",
    "\r\n",
    "e\u0301",
    "a" * 40,
    "- ",
    "• ",
    "OPINION",
    "Mariana Costa",
    "Media contact:",
    "Winners meet in final match",
]

documents = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=60
).map("".join)
any_text = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300)
headings = st.lists(st.sampled_from(["The", "Page 2", "minister said", "nego-"]), max_size=2)


def make(pages: tuple[str, ...], heads: list[str], headers_removed: bool) -> Document:
    raw = RawDocument(
        Path("/tmp/x.txt"), "txt", pages, headings=tuple(heads), headers_removed=headers_removed
    )
    return clean(raw, "0" * 64)


def assert_well_formed(document: Document) -> None:
    text = document.text
    assert text == text.strip()
    assert "\n\n\n" not in text
    # Private-use and unassigned code points are not printable but are not controls either.
    assert all(ch == "\n" or ch.isprintable() or category(ch) in ("Co", "Cn") for ch in text)
    assert not any(ch in text for ch in "\x1b\x00\x07\x9b\u200b\u00ad\u202e\r\t\f")
    position = 0
    for paragraph in document.paragraphs:
        assert position <= paragraph.start < paragraph.end <= len(text)
        body = text[paragraph.start : paragraph.end]
        assert body == body.strip(" ") and body and "\n" not in body
        position = paragraph.end
    assert "\n\n".join(document.paragraph_text(p) for p in document.paragraphs) == text


def assert_idempotent(document: Document, heads: list[str], headers_removed: bool) -> None:
    again = make((document.text,), heads, headers_removed)
    assert again.text == document.text
    assert again.paragraphs == document.paragraphs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents, min_size=1, max_size=4), headings, st.booleans())
def test_document_like_input(pages: list[str], heads: list[str], headers_removed: bool) -> None:
    document = make(tuple(pages), heads, headers_removed)
    assert_well_formed(document)
    assert_idempotent(document, heads, headers_removed)


@settings(max_examples=300, deadline=None)
@given(st.lists(any_text, min_size=1, max_size=3), headings)
def test_any_text(pages: list[str], heads: list[str]) -> None:
    document = make(tuple(pages), heads, False)
    assert_well_formed(document)
    assert_idempotent(document, heads, False)
