"""Plain text files: the loader every other format falls back to.

The text is decoded with a detected encoding, repaired (mojibake, control characters, newlines)
and split into pages at form feeds. Structure and metadata are left to cleaning: a text dump's
first line is often, but not reliably, its title.
"""

from __future__ import annotations

from pathlib import Path

from byline.errors import EmptyDocument
from byline.loaders.base import read_text_bytes
from byline.loaders.decoding import binary_kind, decode, repair
from byline.models import RawDocument


def text_pages(text: str) -> tuple[str, ...]:
    """Split repaired text into pages at form feeds, trimming trailing blanks from every line.

    Whitespace-only lines become empty so that "a blank line" means one thing downstream. Leading
    spaces are kept (cleaning decides what they mean); blank pages at the very end are dropped.
    """
    pages = ["\n".join(line.rstrip() for line in page.split("\n")) for page in text.split("\f")]
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return tuple(pages)


class TextLoader:
    """Reads `.txt` and any other text file, whatever its encoding."""

    name = "txt"

    def sniff(self, path: Path, head: bytes) -> bool:
        """Any file whose head is not binary is readable as text."""
        return binary_kind(head) is None

    def load(self, path: Path) -> RawDocument:
        """Decode, repair and page the file; refuse binary data and files with no visible text."""
        data = read_text_bytes(path, "a text file")
        pages = text_pages(repair(decode(data)))
        if not any(page.strip() for page in pages):
            raise EmptyDocument(path, "no text (only whitespace)")
        return RawDocument(path=path, format=self.name, pages=pages)
