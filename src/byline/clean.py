"""RawDocument -> Document: the text a reader wants to read, and every later stage points into.

    clean(raw, content_hash) -> Document
    read_document(path) -> Document      # load + hash + clean: the one call the library makes

The cleaned text has one paragraph per line and exactly one blank line between paragraphs. Running
headers, footers and page numbers are gone, hard wraps and line-end hyphenation undone, OCR debris
and the trailing contact block removed, and no control or invisible character is left. The steps
live in `byline.cleaning`; this module orders them.

Cleaning is idempotent: the text is cleaned again until it no longer changes (in practice the
second round finds nothing), so a stored document can be re-cleaned without drift. It never raises
on any text.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path

from byline.cleaning.characters import sanitise
from byline.cleaning.hyphenation import Dehyphenator
from byline.cleaning.lines import repair_line, repair_lines, repair_text
from byline.cleaning.metadata import complete, paragraph_kinds
from byline.cleaning.pages import CUT, remove_running_lines
from byline.cleaning.paragraphs import build_blocks, reflow
from byline.cleaning.trailer import drop_trailer
from byline.models import Document, Paragraph, RawDocument

MAX_TEXT_CHARS = 20_000_000
"""Most characters of text one document may hold (any format): more is `DocumentTooLarge`."""

MAX_ROUNDS = 4
"""Cleaning rounds before giving up on a fixed point (one is the rule, two happen on odd input)."""
_HASH_CHUNK = 1 << 20


def _heading_texts(headings: Sequence[str]) -> frozenset[str]:
    """The loader's heading texts in the form their paragraphs take after cleaning."""
    return frozenset(" ".join(repair_line(sanitise(h)).split()) for h in headings)


def _clean_pages(
    pages: Sequence[str], headers_removed: bool, headings: frozenset[str]
) -> tuple[list[str], list[str]]:
    """One round of cleaning: the paragraphs, and the running-header lines that were removed."""
    sheets = [repair_text(sanitise(sheet)) for page in pages for sheet in page.split("\f")]
    removed: list[str] = []
    if not headers_removed:
        removed = remove_running_lines(sheets)
    lines = list(chain.from_iterable(_with_breaks(sheets)))
    blocks = drop_trailer(build_blocks(lines, headings))
    dehyphenator = Dehyphenator(lines)
    paragraphs = [reflow(block, dehyphenator) for block in blocks]
    # Joining lines can bring debris halves together ("[" + "]"): repair the paragraphs once more.
    return [p for p in repair_lines(paragraphs) if p], removed


def _with_breaks(sheets: list[list[str]]) -> Iterator[list[str]]:
    """The pages' lines with a `CUT` line at each page break."""
    for number, sheet in enumerate(sheets):
        if number:
            yield [CUT]
        yield sheet


def _offsets(paragraphs: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for paragraph in paragraphs:
        end = start + len(paragraph)
        spans.append((start, end))
        start = end + 2
    return spans


def clean(raw: RawDocument, content_hash: str) -> Document:
    """Clean a loaded document into readable, offset-stable text with paragraphs and metadata.

    `content_hash` is the SHA-256 of the file's bytes, carried into the `Document` for incremental
    indexing. Metadata the loader found is kept; a missing title, author or date is taken from a
    headline, a byline ("By Petra Marsh") or a dateline.
    """
    headings = _heading_texts(raw.headings)
    paragraphs, header_lines = _clean_pages(raw.pages, raw.headers_removed, headings)
    text = "\n\n".join(paragraphs)
    for _ in range(MAX_ROUNDS - 1):
        again, _removed = _clean_pages((text,), raw.headers_removed, headings)
        settled = "\n\n".join(again)
        if settled == text:
            break
        paragraphs, text = again, settled
    kinds = paragraph_kinds(paragraphs, headings)
    return Document(
        path=_absolute(raw.path),
        format=raw.format,
        text=text,
        paragraphs=tuple(
            Paragraph(start, end, kind)
            for (start, end), kind in zip(_offsets(paragraphs), kinds, strict=True)
        ),
        metadata=complete(raw.metadata, paragraphs, [*raw.header_lines, *header_lines]),
        content_hash=content_hash,
    )


def _absolute(path: Path | str) -> str:
    """The absolute form of `path`, symlinks resolved where the file system allows."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return os.path.abspath(path)


def file_hash(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes, read in chunks so a large file is not held twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_document(path: Path) -> Document:
    """Load, hash and clean one file: the single call the library makes per document.

    Raises the loader's `LoadError` when the file cannot be read as a document, and
    `DocumentTooLarge` when its text exceeds `MAX_TEXT_CHARS`; an `OSError` while hashing is
    reported the same way, naming the file.
    """
    from byline.errors import DocumentTooLarge, LoadError
    from byline.loaders import load

    raw = load(path)
    if sum(len(page) for page in raw.pages) > MAX_TEXT_CHARS:
        raise DocumentTooLarge(path, f"text over {MAX_TEXT_CHARS:,} characters")
    try:
        content_hash = file_hash(path)
    except OSError as error:
        raise LoadError(path, f"cannot be read: {error.strerror or error}") from error
    return clean(raw, content_hash)
