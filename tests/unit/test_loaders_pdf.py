"""PDF loader: paragraphs rebuilt from geometry, running headers gone, broken files refused.

The PDFs are generated with fpdf2 the way publishers' PDFs look: a two-line header on every page,
"Page N of M" footers, hard-wrapped paragraphs with no blank lines in the text layer.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from fpdf import FPDF

from byline.clean import read_document
from byline.errors import DocumentTooLarge, EmptyDocument, LoadError, UnsupportedFormat
from byline.loaders import load
from byline.loaders.pdf import MAX_PAGE_STREAM_BYTES, MAX_PAGES
from byline.loaders.pdf_layout import Line, paragraphs, running_lines

BODY = [
    [
        "The regional power-sharing agreement stalled on Tuesday after ministers from three "
        "countries failed to agree on how to split the cost of the new interconnector, "
        "officials said.",
        "Anna Kowalczyk, a Lisbon-based energy analyst, said the dispute was about trust rather "
        "than cables, and that the engineers had settled most technical questions months ago.",
        "Talks will resume next month in Lisbon, where a smaller group will meet first.",
    ],
    [
        "The interconnector would carry up to two gigawatts between the three grids, enough to "
        "cover the evening peak in the smallest of them during a dry summer.",
        "Critics in parliament argued that the cost split favoured the largest partner and that "
        "consumers in the north would pay for lines they would rarely use.",
        "A spokesperson for the ministry declined to comment on the negotiations.",
    ],
    [
        "Negotiators have until the end of the year to agree, after which the European funding "
        "earmarked for the project lapses and would have to be requested again.",
        "Petra Marsh, a lecturer at the University of Leeds, said a deal was still likely, "
        "because each government had more to lose from failure than from compromise.",
        "The next round is scheduled for the second week of April.",
    ],
]


class Report(FPDF):
    """A publisher-style PDF: running two-line header and 'Page N of M' footer on every page."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 4, "THE MERIDIAN REVIEW - Energy Briefing", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, f"March 2024 | Issue {40 + self.page_no()}", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    style: str = "gap",
    title: str | None = None,
    heading: str | None = None,
    prepare: Callable[[FPDF], None] | None = None,
) -> Path:
    """Write a report whose paragraphs are set apart by a gap, an indent, or nothing ("flush")."""
    pdf = Report()
    if title:
        pdf.set_title(title)
    if prepare:
        prepare(pdf)
    for number, texts in enumerate(pages):
        pdf.add_page()
        if heading and number == 0:
            pdf.set_font("Helvetica", "B", size=18)
            pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for text in texts:
            if style == "gap":
                pdf.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
            else:
                if style == "indent":
                    pdf.set_x(pdf.l_margin + 8)
                pdf.write(5.5, text)
                pdf.ln(5.5)
    pdf.output(str(path))
    return path


def page_paragraphs(page: str) -> list[str]:
    """A loaded page's paragraphs, each reflowed onto one line for comparison."""
    return [" ".join(paragraph.split("\n")) for paragraph in page.split("\n\n")]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """A three-page report with paragraphs separated by vertical gaps."""
    return make_pdf(tmp_path / "report.pdf", BODY, title="Grid Report")


def test_pdf_pages_paragraphs_and_metadata(report: Path) -> None:
    raw = load(report)
    assert raw.format == "pdf"
    assert raw.headers_removed
    assert raw.metadata.title == "Grid Report"
    assert [page_paragraphs(page) for page in raw.pages] == BODY


def test_pdf_running_headers_and_page_numbers_are_gone(report: Path) -> None:
    text = load(report).text
    for junk in ("MERIDIAN REVIEW", "Energy Briefing", "Issue", "Page 1", "of 3"):
        assert junk not in text


def test_pdf_lines_stay_hard_wrapped_inside_a_paragraph(report: Path) -> None:
    first = load(report).pages[0].split("\n\n")[0]
    assert "\n" in first  # wrapped in the PDF; cleaning reflows
    assert "\n\n" not in first


@pytest.mark.parametrize("style", ["indent", "flush"])
def test_pdf_paragraphs_without_gaps(tmp_path: Path, style: str) -> None:
    raw = load(make_pdf(tmp_path / f"{style}.pdf", BODY, style=style))
    assert [page_paragraphs(page) for page in raw.pages] == BODY


def test_pdf_title_from_largest_font_and_heading(tmp_path: Path) -> None:
    raw = load(make_pdf(tmp_path / "untitled.pdf", BODY, heading="Cables and Trust"))
    assert raw.metadata.title == "Cables and Trust"
    assert raw.headings == ("Cables and Trust",)
    assert raw.pages[0].startswith("Cables and Trust\n\nThe regional")


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    make_pdf(path, BODY[:1])
    assert load(path).format == "pdf"


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "locked.pdf",
        BODY,
        prepare=lambda pdf: pdf.set_encryption(owner_password="owner", user_password="secret"),
    )
    with pytest.raises(LoadError, match=r"locked\.pdf: encrypted PDF"):
        load(path)


def test_pdf_encrypted_for_permissions_only_is_read(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "owner.pdf", BODY, prepare=lambda pdf: pdf.set_encryption(owner_password="o")
    )
    assert page_paragraphs(load(path).pages[1]) == BODY[1]


def test_truncated_pdf(report: Path, tmp_path: Path) -> None:
    data = report.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match=r"cut\.pdf: truncated PDF"):
        load(path)


def test_damaged_pdf(report: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 500 + b"\n%%EOF\n")
    with pytest.raises(LoadError, match=r"damaged\.pdf: damaged PDF"):
        load(path)


def test_zip_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(
        UnsupportedFormat, match=r"report\.pdf: not a PDF: looks like a ZIP archive"
    ):
        load(path)


def test_zero_byte_pdf(tmp_path: Path) -> None:
    path = tmp_path / "nothing.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument, match=r"nothing\.pdf: empty file"):
        load(path)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(EmptyDocument, match=r"scan\.pdf: no text layer"):
        load(path)


def _line(text: str, top: float, *, x0: float = 50, x1: float = 545, size: float = 10) -> Line:
    return Line(text, x0, x1, top, top + size, size)


def test_repeated_body_text_below_the_header_is_kept() -> None:
    pages = [
        [
            _line("Meridian Review", 30),
            _line(f"The {word} page starts here.", 60),
            _line("See the summary.", 74),  # in the band on every page, but below body text
            _line(f"{n + 1}", 800),
        ]
        for n, word in enumerate(["first", "second", "third"])
    ]
    assert running_lines(pages, [842.0] * 3) == [{0, 3}] * 3


def test_paragraph_break_after_short_line_ending_a_sentence() -> None:
    lines = [
        _line("A full line of text that runs to the margin", 100),
        _line("and ends here.", 112, x1=200),
        _line("A new paragraph starts without any gap", 124),
        _line("or indent at all", 136, x1=300),
    ]
    assert paragraphs(lines, 10) == [
        ("A full line of text that runs to the margin\nand ends here.", False),
        ("A new paragraph starts without any gap\nor indent at all", False),
    ]


def _handmade_pdf(*contents: bytes) -> bytes:
    """A PDF with one page per content stream (each Flate-compressed), with a correct xref."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * n) for n in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    for n, content in enumerate(contents):
        stream = zlib.compress(content)
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>"
        objects.append(page % (4 + 2 * n))
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


HELLO = b"BT /F1 12 Tf 72 700 Td (Hello from a handmade page.) Tj ET"
GOODBYE = b"BT /F1 12 Tf 72 700 Td (Goodbye from the last page.) Tj ET"
BOMB = b" " * (MAX_PAGE_STREAM_BYTES + 1)


def test_pdf_whose_page_inflates_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_handmade_pdf(BOMB))
    assert path.stat().st_size < 100_000
    with pytest.raises(DocumentTooLarge, match=r"bomb\.pdf: every page inflates to over 16 MB"):
        load(path)


def test_pdf_page_that_inflates_past_the_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "map.pdf"
    path.write_bytes(_handmade_pdf(HELLO, BOMB, GOODBYE))
    raw = load(path)
    assert raw.pages == ("Hello from a handmade page.", "", "Goodbye from the last page.")


def test_handmade_pdf_with_a_small_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "small.pdf"
    path.write_bytes(_handmade_pdf(HELLO))
    # No font resource: pdfminer still reads the string with a default font.
    assert "Hello from a handmade page." in load(path).text


def test_sample_report_pdf(sample_docs: Path) -> None:
    path = sample_docs / "meridian-energy-analysis.pdf"
    if not path.exists():
        pytest.skip("sample_docs/meridian-energy-analysis.pdf is not built")
    raw = load(path)
    assert raw.metadata.author == "Helena Duarte"
    assert len(raw.pages) == 3
    lines = raw.text.split("\n")
    assert not any(line.startswith("THE MERIDIAN REVIEW") for line in lines)
    assert not any(line.strip().startswith("Page ") and len(line) < 12 for line in lines)
    assert "Guinea-Bissau" in raw.text
    assert all(page.count("\n\n") >= 3 for page in raw.pages[:2])
    # The running header is gone from the text but still dates the document.
    assert any(line.startswith("THE MERIDIAN REVIEW") for line in raw.header_lines)
    assert read_document(path).metadata.date == "2024-03-12"


def test_hanging_indent_of_a_bulleted_item_is_not_a_paragraph_start() -> None:
    lines = [
        _line("• Thread-safety. No global variables are used and multiple library", 100),
        _line("handles and sessions may be used in parallel.", 112, x0=60, x1=300),
        _line("• Portability. The code should work on all Unix like systems.", 124),
        _line("Indented paragraphs start like this one, after a full stop, and run", 136, x0=62),
        _line("on to the margin on the next line.", 148, x1=250),
    ]
    assert [text for text, _ in paragraphs(lines, 10)] == [
        lines[0].text + "\n" + lines[1].text,
        lines[2].text,
        lines[3].text + "\n" + lines[4].text,
    ]


def test_pdf_word_gaps_without_space_characters_are_spaces(tmp_path: Path) -> None:
    # Each word placed on its own, no space glyphs, a quarter em apart: how TeX output looks.
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    x = 72.0
    for word in ["Each", "application", "provides", "only", "one", "file."]:
        pdf.text(x, 100, word)
        x += pdf.get_string_width(word) + 2.5
    path = tmp_path / "tex.pdf"
    pdf.output(str(path))
    assert load(path).text == "Each application provides only one file."


def test_chapter_running_heads_are_found_by_their_page_numbers() -> None:
    names = ["Chapter 1: Origins", "Chapter 2: The deal", "Chapter 3: Aftermath"]
    chapters = [name for name in names for _ in range(3)]
    # Page 1 opens with a numbered heading whose number matches the page: larger type, so kept.
    pages = [[_line("1 Introduction", 30, size=14), _line("Body text of the opening.", 60)]]
    pages += [
        [_line(f"{chapter} {n + 2}", 30, size=9), _line(f"Body text on page {word}.", 60)]
        for n, (chapter, word) in enumerate(zip(chapters, "bcdefghij", strict=True))
    ]
    assert running_lines(pages, [842.0] * 10) == [set()] + [{0}] * 9


def test_title_on_first_page_is_kept_when_it_recurs_as_a_small_running_head() -> None:
    pages = [[_line("Shared Database", 40, size=20), _line("First page body.", 100)]] + [
        [_line("Shared Database", 30, size=9), _line(f"Body of page {word}.", 100)]
        for word in ("two", "three", "four")
    ]
    assert running_lines(pages, [842.0] * 4) == [set(), {0}, {0}, {0}]


def test_two_column_page_reads_left_column_then_right(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, "Two columns of grid news", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10)
    top = pdf.get_y()
    for x, texts in ((10, BODY[0]), (110, BODY[1])):
        pdf.set_xy(x, top)
        for text in texts:
            pdf.set_x(x)
            pdf.multi_cell(90, 5, text, align="L", new_x="LEFT", new_y="NEXT")
            pdf.ln(3)
    pdf.set_y(-15)
    pdf.cell(0, 10, "Page 1", align="C")
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    raw = load(path)
    assert page_paragraphs(raw.pages[0]) == ["Two columns of grid news", *BODY[0], *BODY[1]]
    assert raw.headings == ("Two columns of grid news",)


@pytest.mark.slow
def test_pdf_over_the_page_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "phonebook.pdf"
    path.write_bytes(_handmade_pdf(*[b"BT ET"] * (MAX_PAGES + 1)))
    with pytest.raises(DocumentTooLarge, match=rf"phonebook\.pdf: over {MAX_PAGES} pages"):
        load(path)
