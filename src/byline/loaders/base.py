"""What every loader shares: the `Loader` protocol, Byline's size limits, and safe file access.

A loader turns one file into a `RawDocument`. The registry asks each loader whether it claims a file
(`sniff`, from the path and the first bytes) and then calls `load`. File access goes through
`check_file` and `read_bytes` here, so every loader refuses directories, FIFOs, symlink loops and
oversized files the same way, with the same short reasons.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from byline.errors import DocumentTooLarge, EmptyDocument, LoadError, UnsupportedFormat
from byline.loaders.decoding import binary_kind
from byline.models import RawDocument

HEAD_SIZE = 8192
"""How many leading bytes the registry reads to sniff a file's real type."""

MAX_TEXT_BYTES = 50 * 1024 * 1024
"""Largest text, Markdown or HTML file Byline reads (50 MB)."""

MAX_PDF_BYTES = 200 * 1024 * 1024
"""Largest PDF file Byline reads (200 MB)."""


@runtime_checkable
class Loader(Protocol):
    """Reads one kind of file into a `RawDocument`.

    Loaders are tiny objects with no state; the registry holds one instance of each, in the order
    they are asked.
    """

    name: str
    """The format name the loader writes into `RawDocument.format` ("txt", "md", "html", "pdf")."""

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether this loader claims the file, judging by its first bytes and its name."""
        ...

    def load(self, path: Path) -> RawDocument:
        """Read the file; raise a `LoadError` subclass naming the reason when it cannot."""
        ...


def suffix(path: Path) -> str:
    """The file's extension, lower case, without the dot ("" when there is none)."""
    return path.suffix.lower().lstrip(".")


def os_error_reason(error: OSError) -> str:
    """A short human reason for an OS error met while opening or reading a file."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return (error.strerror or type(error).__name__).lower()


def check_file(path: Path, max_bytes: int) -> os.stat_result:
    """Stat `path` and refuse what Byline cannot read as a document, before opening it.

    Raises `LoadError` for a missing file, a directory, a device or FIFO (opening one would block),
    a symlink loop or a permission problem; `EmptyDocument` for a zero-byte file; and
    `DocumentTooLarge` for a file over `max_bytes`, so a huge file is never read whole.
    """
    try:
        info = path.stat()
    except OSError as error:
        raise LoadError(path, os_error_reason(error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(path, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(path, "not a regular file")
    if info.st_size == 0:
        raise EmptyDocument(path, "empty file")
    if info.st_size > max_bytes:
        raise DocumentTooLarge(path, f"file over the {max_bytes // (1024 * 1024)} MB limit")
    return info


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The whole file, after `check_file`; never over `max_bytes`, even if it grows meanwhile."""
    check_file(path, max_bytes)
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise LoadError(path, os_error_reason(error)) from error
    if len(data) > max_bytes:
        raise DocumentTooLarge(path, f"file over the {max_bytes // (1024 * 1024)} MB limit")
    if not data:
        raise EmptyDocument(path, "empty file")
    return data


def read_text_bytes(path: Path, reads: str) -> bytes:
    """The whole file (as `read_bytes`, up to MAX_TEXT_BYTES) for a loader of text formats,
    refused when it is not text: "binary file", or "not HTML: looks like a PNG image" when a
    file signature says what it is. `reads` names the loader's format ("HTML", "Markdown")."""
    data = read_bytes(path, MAX_TEXT_BYTES)
    kind = binary_kind(data)
    if kind is not None:
        reason = "binary file" if kind == "binary data" else f"not {reads}: looks like {kind}"
        raise UnsupportedFormat(path, reason)
    return data


def read_head(path: Path, size: int = HEAD_SIZE) -> bytes:
    """The first `size` bytes of a file (fewer if it is shorter), for sniffing."""
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError as error:
        raise LoadError(path, os_error_reason(error)) from error


_DATE_FORMATS = (
    "%d %B %Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%Y/%m/%d",
)


def iso_date(value: str | None) -> str | None:
    """A date or timestamp as ISO 8601, or None when `value` is not a date Byline can read.

    Accepts ISO forms ("2024-03-05", "2024-03-05T09:30:00Z"), RFC 2822 ("Tue, 05 Mar 2024 09:30:00
    +0000") and the spelled-out forms front matter uses ("5 March 2024", "March 5, 2024"). Ambiguous
    numeric forms (03/05/2024) are refused rather than guessed.
    """
    if not value:
        return None
    text = value.strip().strip("\"'")
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
