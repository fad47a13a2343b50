"""The same article as hard-wrapped text and as a PDF cleans to the same text.

The text version has what OCR dumps have: a two-line running header on every page, words split at
line ends, stray leading spaces, debris, `|` for I, and a contact block at the end. The PDF version
(fpdf2) prints the same paragraphs with the header from `header()` and page numbers from `footer()`.
"""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

import pytest

from byline.clean import clean, read_document
from byline.models import RawDocument

SPLIT = "{-}"  # the word is split across a line end: "nego-" / "tiation"
BREAK = "-{/}"  # a real hyphen falls at a line end: "Guinea-" / "Bissau"
HEADER = ("THE MERIDIAN REVIEW | Energy Analysis", "March 2024 - Page {page}")

PARAGRAPHS = [
    "Lisbon bets on gas as the Guinea-Bissau talks stall",
    "By Petra Marsh",
    "LISBON, 5 March 2024 - Portugal's energy ministry has spent most of the winter in nego"
    + SPLIT
    + "tiation with the government of Guinea-"
    + BREAK[1:]
    + "Bissau over a pipeline that would carry gas from the offshore fields to the coast. The "
    "talks, which officials describe as well-" + BREAK[1:] + "known to be difficult, have stalled "
    "over the price of transit and over the ministrys plan to take a stake in the terminal.",
    '"| think the deal is close," said Anna Kowalczyk, a Lisbon-based energy analyst who has '
    'followed the talks since they began. "But | said the same thing a year ago, and the year '
    'before that." The minister said in an interview that the twenty-'
    + BREAK[1:]
    + "five conditions set by the lenders [sic] had been met [1].",
    'Kowalczvk added that the ministry is to "give an answer by the summer", a timetable that '
    "few in the industry believe. The self-" + BREAK[1:] + "defence of the plan by the minister "
    'has not convinced the opposition, which calls the draft a "neutral" document in name only '
    "and says that the real terms of the deal have never been shown to parliament.",
    'The opposition leader, speaking in parliament, said the government had "no mandate" for a '
    "deal of this size and that any agreement would have to be approved by a vote of the full "
    "assembly before the end of the year, which the government has so far refused to accept. "
    "Kowa1czyk said the lenders would wait for that vote before they commit any money to the "
    "terminal or to the pipe that would feed it.",
    'In the capital the mood is one of cautious hope. "We have waited long enough," said one '
    'official at the ministry, who asked not to be named. "The gas is there, the buyers are '
    'there, and the only thing missing is a signature."',
    "Analysts are less sure. Kowalczyh noted that similar projects elsewhere in the region took "
    "a decade from the first memorandum to the first cargo, and that the finance ministry has "
    "yet to publish its own estimate of the cost to the treasury of the capacity charge.",
    '"It is a good plan on paper," Kowalcyzk said. "Paper is the easy part."',
]
TRAILER = [
    "(c) 2024 The Meridian Review. All rights reserved.",
    "Contact: newsroom@meridian-review.example | +351 21 000 0000",
]


def _plain(paragraph: str) -> str:
    return paragraph.replace(BREAK, "-").replace(SPLIT, "")


def _wrap(paragraph: str, width: int = 88) -> list[str]:
    """Hard-wrap at `width`, ending a line at every marker the way a typesetter would."""
    lines: list[str] = []
    rest = paragraph
    while rest:
        cut = min((i for i in (rest.find(SPLIT), rest.find(BREAK)) if i >= 0), default=len(rest))
        segment, rest = rest[:cut], rest[cut:]
        wrapped = textwrap.wrap(segment, width) or [""]
        if rest.startswith(SPLIT):
            wrapped[-1] += "-"
            rest = rest[len(SPLIT) :]
        elif rest.startswith(BREAK):
            wrapped[-1] += "-"
            rest = rest[len(BREAK) :]
        lines.extend(wrapped)
    return lines


def write_txt(path: Path, *, form_feeds: bool, lines_per_page: int = 14) -> Path:
    """The article as an OCR dump: wrapped, paged, a running header on every page."""
    body: list[str] = []
    for number, paragraph in enumerate(PARAGRAPHS):
        wrapped = _wrap(paragraph)
        if number in (3, 6):
            wrapped[0] = " " + wrapped[0]  # the stray leading space OCR leaves
        if number == 4:
            wrapped[-1] += " []J"
        body.extend([*wrapped, ""])
    body.extend(TRAILER)
    pages = [body[i : i + lines_per_page] for i in range(0, len(body), lines_per_page)]
    rendered = []
    for number, page in enumerate(pages, start=1):
        header = [HEADER[0], HEADER[1].format(page=number), ""]
        rendered.append("\n".join([*header, *page]).rstrip("\n") + "\n")
    path.write_text(("\f" if form_feeds else "\n").join(rendered), encoding="utf-8")
    return path


def write_pdf(path: Path) -> Path:
    """The article as a publisher's PDF: header() prints the running header, footer() the page."""
    from fpdf import FPDF

    class Review(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "B", 9)
            self.cell(0, 5, HEADER[0], new_x="LMARGIN", new_y="NEXT")
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, HEADER[1].format(page=self.page_no()), new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 10, f"{self.page_no()}", align="C")

    pdf = Review(format=(148, 210))  # A5, given as a size: no version warning
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    for number, paragraph in enumerate(PARAGRAPHS):
        pdf.set_font("Helvetica", "B" if number == 0 else "", 14 if number == 0 else 10)
        pdf.multi_cell(
            0, 5, _plain(paragraph) + (" []J" if number == 4 else ""), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    for line in TRAILER:
        pdf.multi_cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _words(text: str) -> list[str]:
    return text.split()


def assert_same_article(first: str, second: str) -> None:
    ratio = difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()
    assert _words(first) == _words(second) or ratio > 0.98, "\n".join(
        difflib.unified_diff(first.split("\n"), second.split("\n"), lineterm="")
    )


EXPECTED = "\n\n".join(_plain(p).replace("| ", "I ").replace('"|', '"I') for p in PARAGRAPHS)


@pytest.mark.parametrize("form_feeds", [True, False], ids=["form-feeds", "no-page-breaks"])
def test_txt_cleans_to_the_article(tmp_path: Path, form_feeds: bool) -> None:
    document = read_document(write_txt(tmp_path / "article.txt", form_feeds=form_feeds))
    assert document.text == EXPECTED
    assert document.metadata.title == "Lisbon bets on gas as the Guinea-Bissau talks stall"
    assert document.metadata.author == "Petra Marsh"
    assert document.metadata.date == "2024-03-05"


def test_txt_and_pdf_clean_to_the_same_text(tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    pytest.importorskip("pdfplumber")
    txt = read_document(write_txt(tmp_path / "article.txt", form_feeds=True))
    pdf = read_document(write_pdf(tmp_path / "article.pdf"))
    assert "THE MERIDIAN REVIEW" not in pdf.text
    assert "All rights reserved" not in pdf.text
    assert_same_article(txt.text, pdf.text)


def test_sample_pair_cleans_to_the_same_text(sample_docs: Path) -> None:
    txt_path = sample_docs / "meridian-energy-analysis.txt"
    pdf_path = sample_docs / "meridian-energy-analysis.pdf"
    if not (txt_path.is_file() and pdf_path.is_file()):
        pytest.skip("the meridian sample pair is not in sample_docs/")
    txt = read_document(txt_path)
    pdf = read_document(pdf_path)
    assert "THE MERIDIAN REVIEW" not in txt.text
    assert "All rights reserved" not in txt.text
    assert "negotiation" in txt.text and "Guinea-Bissau" in txt.text
    assert_same_article(txt.text, pdf.text)


def test_raw_pdf_text_layer_cleans_to_the_article_words(tmp_path: Path) -> None:
    """Without the loader's geometry: headers by page zones, paragraph ends by short lines."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pytest.importorskip("fpdf")
    path = write_pdf(tmp_path / "article.pdf")
    with pdfplumber.open(path) as pdf:
        pages = tuple(page.extract_text() or "" for page in pdf.pages)
    assert len(pages) >= 2 and all("THE MERIDIAN REVIEW" in page for page in pages)
    document = clean(RawDocument(path, "pdf", pages), "0" * 64)
    assert _words(document.text) == _words(EXPECTED)
    assert document.paragraph_text(document.paragraphs[1]) == "By Petra Marsh"
