"""Regenerate the generated sample documents: deterministic, no network.

    python sample_docs/_make/make_samples.py

Writes, next to this folder:

- meridian-energy-analysis.txt   hard-wrapped OCR-style text with page headers and form feeds
- meridian-energy-analysis.pdf   the same piece as a PDF (fpdf2): running header, page numbers
- annual-report-2023.txt         a long (> 1 MB) report recombined from hand-written paragraphs
- council-minutes-latin1.txt     re-encoded from council_minutes_source.py as cp1252
- wire-brief-utf16.txt           re-encoded from wire_brief_source.py as UTF-16 with a BOM

The hand-written files (harbour-vote.html, interview-ngozi-adeyemi.md, port-strike.txt, ...) are not
touched. Running the script twice gives byte-identical files (the PDF's creation date is pinned).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
sys.path.insert(0, str(HERE))

import meridian_source as meridian  # noqa: E402

WIDTH = 90
LINES_PER_PAGE = 50

SPLIT = "{-}"  # a word split at a line end; cleaning removes the hyphen
BREAK = "-{/}"  # a real hyphen at a line end; cleaning keeps it


# --------------------------------------------------------------------------------------------
# The wrapped OCR text


def _greedy(words: list[str], width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _wrap(paragraph: str, width: int = WIDTH) -> list[str]:
    """Wrap at about `width`, ending a line at every SPLIT / BREAK marker.

    The text before a marker is wrapped at the width (between 74 and `width`) that makes the line
    ending in the hyphen (and its neighbours) as full as possible, so hyphenated line ends look
    like a typesetter's.
    """
    segments = re.split(r"\{-\}|-\{/\}", paragraph)
    lines: list[str] = []
    for i, segment in enumerate(segments):
        words = segment.split()
        if i < len(segments) - 1:
            words[-1] += "-"
            best = max(
                (_greedy(words, w) for w in range(width, 73, -1)),
                key=lambda ls: min(len(line) for line in ls),
            )
            lines.extend(best)
        else:
            lines.extend(_greedy(words, width))
    return lines


def _paragraphs(body: str) -> list[str]:
    return [p.strip("\n") for p in body.strip().split("\n\n")]


def clean_reference(body: str) -> str:
    """The text as a correct cleaner should produce it (used to check the gold file)."""
    out = []
    for p in _paragraphs(body):
        p = p.lstrip("^").replace(SPLIT, "").replace(BREAK, "-")
        p = p.replace("| ", "I ").replace("[]J", "").replace("[] ", "").replace("[]", "")
        out.append(" ".join(p.split()))
    return "\n\n".join(out)


def meridian_txt() -> str:
    header = list(meridian.HEADER)
    pages: list[list[str]] = [[]]
    for para in _paragraphs(meridian.BODY):
        stray = para.startswith("^")
        lines = _wrap(para.lstrip("^"))
        if stray:
            lines[0] = " " + lines[0]
        page = pages[-1]
        if page and len(page) + len(lines) + 1 > LINES_PER_PAGE - 3:
            pages.append([])
            page = pages[-1]
        if page:
            page.append("")
        page.extend(lines)
    contact = meridian.CONTACT.splitlines()
    if len(pages[-1]) + len(contact) + 2 > LINES_PER_PAGE - 3:
        pages.append([])
    pages[-1].extend(["", "", *contact])
    rendered = ["\n".join([*header, "", *page]) + "\n" for page in pages]
    return "\f".join(rendered)


# --------------------------------------------------------------------------------------------
# The PDF


def _find_font() -> Path | None:
    for folder in (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")):
        if (folder / "DejaVuSerif.ttf").exists():
            return folder
    return None


def meridian_pdf(path: Path) -> None:
    from fpdf import FPDF

    font_dir = _find_font()
    header_lines = meridian.HEADER

    def text(s: str) -> str:
        if font_dir is None:  # core fonts are latin-1 only: fold what they cannot show
            s = s.translate(
                {0x201C: '"', 0x201D: '"', 0x2018: "'", 0x2019: "'", 0x2014: "-", 0x00B7: "-"}
            )
        return s

    class ReviewPDF(FPDF):
        def header(self) -> None:
            self.set_font(family, "B", 9)
            self.cell(0, 4.5, text(header_lines[0]), new_x="LMARGIN", new_y="NEXT")
            self.set_font(family, "", 8.5)
            self.cell(0, 4.5, text(header_lines[1]), new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(family, "", 8.5)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = ReviewPDF(format="A4")
    if font_dir is not None:
        family = "DejaVu"
        pdf.add_font(family, "", str(font_dir / "DejaVuSerif.ttf"))
        pdf.add_font(family, "B", str(font_dir / "DejaVuSerif-Bold.ttf"))
        pdf.add_font(family, "I", str(font_dir / "DejaVuSerif-Italic.ttf"))
    else:
        family = "Times"
    pdf.set_title(meridian.TITLE)
    pdf.set_author(meridian.AUTHOR)
    pdf.set_subject("Energy & Resources")
    pdf.set_creator("Byline sample generator")
    pdf.set_creation_date(dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC))
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()

    paras = _paragraphs(meridian.BODY)
    headline, byline, body = paras[0], paras[1], paras[2:]
    pdf.set_font(family, "B", 17)
    pdf.multi_cell(0, 8, text(headline), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(family, "I", 10)
    pdf.cell(0, 6, text(byline), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "", 10.5)
    with pdf.text_columns(text_align="J", l_margin=22, r_margin=22) as cols:
        for para in body:
            flowing = para.lstrip("^").replace(SPLIT, "").replace(BREAK, "-")
            flowing = " ".join(flowing.split())
            with cols.paragraph(first_line_indent=6, line_height=1.25, bottom_margin=1.2) as p:
                p.write(text(flowing))
    pdf.ln(8)
    pdf.set_font(family, "", 8.5)
    for line in meridian.CONTACT.replace("may be\nreproduced", "may be reproduced").splitlines():
        pdf.multi_cell(0, 4.5, text(line), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


# --------------------------------------------------------------------------------------------


def main() -> None:
    (OUT / "meridian-energy-analysis.txt").write_text(meridian_txt(), encoding="utf-8")
    meridian_pdf(OUT / "meridian-energy-analysis.pdf")
    try:
        import report_source
    except ImportError:
        report_source = None
    if report_source is not None:
        (OUT / "annual-report-2023.txt").write_text(report_source.build(), encoding="utf-8")
    try:
        import encoded_sources
    except ImportError:
        encoded_sources = None
    if encoded_sources is not None:
        encoded_sources.write_all(OUT)
    print("sample documents written to", OUT)


if __name__ == "__main__":
    main()
