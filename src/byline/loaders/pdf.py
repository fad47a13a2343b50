"""PDF files (pdfplumber): text per page, paragraphs rebuilt, running headers and footers removed.

The work is in two passes: read every page's lines with their geometry (`pdf_layout.Line`; a
two-column page is read column by column, see `pdf_columns`), then find the lines that repeat
across pages and rebuild paragraphs (`pdf_layout`). Limits keep hostile files in check: a page
count, a total text size, and a check of how far each page's content streams inflate before
pdfminer inflates them (a few kilobytes of zlib can expand to gigabytes). One damaged page is
left empty rather than losing the whole report.
"""

from __future__ import annotations

import itertools
import re
import statistics
import zlib
from pathlib import Path
from typing import Any

from byline.errors import DocumentTooLarge, EmptyDocument, LoadError
from byline.loaders.base import MAX_PDF_BYTES, check_file, os_error_reason
from byline.loaders.decoding import drop_unmapped_glyphs, repair
from byline.loaders.pdf_columns import segments
from byline.loaders.pdf_layout import (
    Line,
    body_size,
    first_page_title,
    paragraphs,
    running_lines,
)
from byline.models import Metadata, RawDocument

MAX_PAGES = 3000
"""Most pages Byline reads from one PDF."""

MAX_CHARS = 20_000_000
"""Most characters of text Byline takes from one PDF; reading stops as soon as it is passed."""

MAX_PAGE_STREAM_BYTES = 16 * 1024 * 1024
"""Most bytes one page's content streams may inflate to; a page over it is skipped, not read.

pdfplumber turns every drawing and text operator into a Python object, so a page this size can
already cost gigabytes. Such pages are nearly always maps or zip bombs: skipping them keeps the
rest of the report readable.
"""

X_TOLERANCE_RATIO = 0.15
"""A horizontal gap wider than this fraction of the font size between two characters is a space."""

_TAIL_SIZE = 8192
_JUNK_TITLE = re.compile(
    r"^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd|qxd|rtf|odt|pptx?))$", re.I
)
_JUNK_AUTHORS = frozenset({"admin", "administrator", "user", "owner", "unknown", "author"})


def _failure(path: Path, error: BaseException) -> LoadError:
    """The `LoadError` for an exception pdfplumber or pdfminer raised while reading `path`."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSEOF

    cause = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error
    if isinstance(cause, PDFPasswordIncorrect):
        return LoadError(path, "encrypted PDF (needs a password)")
    if isinstance(cause, PDFEncryptionError):
        return LoadError(path, "encrypted PDF (unsupported encryption)")
    if isinstance(cause, PSEOF):
        return LoadError(path, "truncated PDF")
    if isinstance(cause, OSError):
        return LoadError(path, os_error_reason(cause))
    if isinstance(cause, MemoryError):
        return DocumentTooLarge(path, "too large to read in memory")
    if isinstance(cause, RecursionError):
        return LoadError(path, "damaged PDF (nested too deeply)")
    detail = str(cause).strip() or type(cause).__name__
    return LoadError(path, f"damaged PDF ({detail[:80]})")


def _inflated_size(stream: Any, budget: int) -> int:
    """How many bytes a Flate-compressed PDF stream inflates to, counting no further than `budget`.

    Inflates in bounded steps and throws the output away, so checking costs no memory. Streams
    that are not Flate-compressed, or are damaged, count as nothing: pdfminer judges those.
    """
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    if not isinstance(stream, PDFStream) or stream.rawdata is None:
        return 0
    filters = stream.get_filters()
    if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
        return 0
    data = stream.rawdata
    if stream.decipher is not None and stream.objid is not None and stream.genno is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    inflater = zlib.decompressobj()
    total = 0
    try:
        chunk = inflater.decompress(data, 1 << 20)
        while chunk and total <= budget:
            total += len(chunk)
            chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
    except zlib.error:
        return total
    return total


def _page_too_big(page: Any) -> bool:
    """Whether the page's content streams and form XObjects inflate past `MAX_PAGE_STREAM_BYTES`."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    streams = [resolve1(stream) for stream in page.page_obj.contents]
    resources = resolve1(page.page_obj.resources) or {}
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if isinstance(xobjects, dict):
        # Forms are interpreted like page content; images are never decoded to read text.
        forms = (resolve1(xobject) for xobject in xobjects.values())
        streams += [
            form
            for form in forms
            if isinstance(form, PDFStream) and resolve1(form.get("Subtype")) is LIT("Form")
        ]
    budget = MAX_PAGE_STREAM_BYTES
    for stream in streams:
        budget -= _inflated_size(stream, budget)
        if budget < 0:
            return True
    return False


def _page_lines(page: Any) -> list[Line]:
    """A pdfplumber page's text lines in reading order, with boxes and median font size.

    On a two-column page each line is tagged with its segment (see `pdf_columns`).
    """
    # Word gaps are judged relative to the font size: TeX output often has no space characters
    # and word gaps of a quarter em, which pdfplumber's fixed 3-point tolerance glues together.
    found = page.extract_text_lines(return_chars=True, x_tolerance_ratio=X_TOLERANCE_RATIO)
    lines = []
    for number, segment in enumerate(segments(found, float(page.width), X_TOLERANCE_RATIO)):
        for line in segment:
            text = drop_unmapped_glyphs(line["text"])
            if not text.strip():
                continue
            sizes = [char.get("size", 0.0) for char in line["chars"]] or [0.0]
            size = float(statistics.median(sizes))
            lines.append(
                Line(text, line["x0"], line["x1"], line["top"], line["bottom"], size, number)
            )
    return lines


def _declared_page_count(document: Any) -> int | None:
    """The page count the PDF's page tree declares, read before pdfplumber builds every page."""
    from pdfminer.pdftypes import resolve1

    pages = resolve1(document.doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else None


def _info_text(value: Any) -> str | None:
    """A PDF Info dictionary value as clean text, or None."""
    if isinstance(value, bytes):
        from pdfminer.utils import decode_text

        value = decode_text(value)
    if not isinstance(value, str):
        return None
    value = repair(value).strip()
    return value or None


class PdfLoader:
    """Reads PDF files with a text layer (scanned PDFs without OCR have none)."""

    name = "pdf"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A `%PDF-` header within the first kilobyte, as PDF readers accept."""
        return b"%PDF-" in head[:1024]

    def load(self, path: Path) -> RawDocument:
        """Read the PDF's pages, drop running headers and footers, rebuild paragraphs."""
        check_file(path, MAX_PDF_BYTES)
        try:
            with path.open("rb") as file:
                file.seek(max(file.seek(0, 2) - _TAIL_SIZE, 0))
                tail = file.read()
        except OSError as error:
            raise LoadError(path, os_error_reason(error)) from error
        if b"%%EOF" not in tail:
            raise LoadError(path, "truncated PDF (its end is missing)")
        import pdfplumber

        try:
            with pdfplumber.open(path) as document:
                info = document.metadata or {}
                too_many = (_declared_page_count(document) or 0) > MAX_PAGES
                if too_many or len(document.pages) > MAX_PAGES:
                    raise DocumentTooLarge(path, f"over {MAX_PAGES} pages")
                if not document.pages:
                    raise EmptyDocument(path, "PDF with no pages")
                pages: list[list[Line]] = []
                heights: list[float] = []
                total = 0
                too_big = 0
                failures: list[Exception] = []
                for page in document.pages:
                    heights.append(float(page.height))
                    lines: list[Line] = []
                    try:
                        if _page_too_big(page):
                            too_big += 1
                        else:
                            lines = _page_lines(page)
                    except Exception as error:  # one damaged page should not lose the report
                        failures.append(error)
                    finally:
                        page.close()
                    total += sum(len(line.text) for line in lines)
                    if total > MAX_CHARS:
                        raise DocumentTooLarge(path, f"text over {MAX_CHARS:,} characters")
                    pages.append(lines)
        except LoadError:
            raise
        except Exception as error:  # pdfminer raises anything from KeyError to AssertionError
            raise _failure(path, error) from error
        if failures and len(failures) + too_big == len(pages):
            raise _failure(path, failures[0]) from failures[0]
        if too_big == len(pages):
            limit = MAX_PAGE_STREAM_BYTES >> 20
            raise DocumentTooLarge(path, f"every page inflates to over {limit} MB")
        return self._document(path, pages, heights, info)

    def _document(
        self, path: Path, pages: list[list[Line]], heights: list[float], info: dict[str, Any]
    ) -> RawDocument:
        """Assemble the `RawDocument` from every page's lines and the Info dictionary."""
        removed = running_lines(pages, heights)
        header_lines = tuple(
            line.text
            for lines, drop in zip(pages, removed, strict=True)
            for i, line in enumerate(lines)
            if i in drop
        )
        pages = [
            [line for i, line in enumerate(lines) if i not in drop]
            for lines, drop in zip(pages, removed, strict=True)
        ]
        size = body_size(pages)
        texts: list[str] = []
        headings: list[str] = []
        for lines in pages:
            runs = [list(run) for _, run in itertools.groupby(lines, key=lambda line: line.segment)]
            grouped = [block for run in runs for block in paragraphs(run, size)]
            blocks = [(repair(text).strip(), heading) for text, heading in grouped]
            texts.append("\n\n".join(text for text, _ in blocks if text))
            headings.extend(text for text, heading in blocks if heading and text)
        if not any(text.strip() for text in texts):
            raise EmptyDocument(path, "no text layer (a scanned PDF needs OCR first)")
        title = _info_text(info.get("Title"))
        if title is None or _JUNK_TITLE.match(title):
            found = first_page_title(pages[0], size) if pages else None
            title = repair(found) if found else None
        author = _info_text(info.get("Author"))
        if author and author.lower() in _JUNK_AUTHORS:
            author = None
        return RawDocument(
            path=path,
            format=self.name,
            pages=tuple(texts),
            metadata=Metadata(title=title, author=author),
            headings=tuple(headings),
            headers_removed=True,
            header_lines=header_lines,
        )
