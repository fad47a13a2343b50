"""Choosing a loader for a file: by content first, by extension second, text as the fallback.

A file's name can lie (a PDF saved as `.txt`, a web page saved as `.pdf`), so the registry reads
the first few kilobytes and asks each loader in turn whether it claims them. Loaders with a real
signature (PDF's `%PDF-`, HTML markup) come first; Markdown, which has none, is claimed by its
extension. Whatever nobody claims is read as text, unless it is binary, which is refused with the
kind of file it looks like ("not a PDF: looks like a ZIP archive").
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from byline.errors import UnsupportedFormat
from byline.loaders.base import HEAD_SIZE, MAX_PDF_BYTES, Loader, check_file, read_head, suffix
from byline.loaders.decoding import binary_kind
from byline.loaders.html import HtmlLoader
from byline.loaders.markdown import MarkdownLoader
from byline.loaders.pdf import PdfLoader
from byline.loaders.text import TextLoader
from byline.models import RawDocument

_CLAIMED_AS = {
    "pdf": "a PDF",
    "html": "HTML",
    "htm": "HTML",
    "md": "Markdown",
    "markdown": "Markdown",
    "txt": "a text file",
}


class Registry:
    """An ordered list of loaders plus the text fallback."""

    def __init__(self, loaders: Iterable[Loader], fallback: Loader) -> None:
        self.loaders: list[Loader] = list(loaders)
        self.fallback = fallback

    def register(self, loader: Loader, *, first: bool = False) -> None:
        """Add a loader, asked after the existing ones (or before them with `first=True`)."""
        if first:
            self.loaders.insert(0, loader)
        else:
            self.loaders.append(loader)

    def choose(self, path: Path, head: bytes) -> Loader:
        """The loader for a file whose first bytes are `head`; `UnsupportedFormat` for binary data.

        The reason names what the bytes look like and, when the extension promised something
        else, says so: "not a PDF: looks like a ZIP archive", or plain "binary file".
        """
        for loader in self.loaders:
            if loader.sniff(path, head):
                return loader
        kind = binary_kind(head)
        if kind is None:
            return self.fallback
        claimed = _CLAIMED_AS.get(suffix(path))
        if kind == "binary data":
            reason = "binary file"
            if claimed and claimed != "a text file":
                reason = f"not {claimed}: binary file"
        else:
            reason = f"not {claimed}: looks like {kind}" if claimed else f"binary file: {kind}"
        raise UnsupportedFormat(path, reason)

    def load(self, path: Path) -> RawDocument:
        """Read any supported file as a `RawDocument`; every failure is a `LoadError` naming why."""
        path = Path(path)
        check_file(path, MAX_PDF_BYTES)
        return self.choose(path, read_head(path, HEAD_SIZE)).load(path)


registry = Registry([PdfLoader(), HtmlLoader(), MarkdownLoader()], fallback=TextLoader())
"""The registry `byline.loaders.load` uses."""


def load(path: Path) -> RawDocument:
    """Read the document at `path` with the loader its content and extension call for."""
    return registry.load(path)
