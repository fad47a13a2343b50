"""Byline's exception tree. Every error a user can cause is one of these, and the faces turn each
into one clear line (CLI) or a notice (reader), never a traceback.

    BylineError
    ├── LoadError                a file could not be read as a document (names the file and why)
    │   ├── UnsupportedFormat    binary, or a type no loader reads
    │   ├── EmptyDocument        nothing readable in it
    │   └── DocumentTooLarge     over the size or decompression limits
    ├── LibraryError             the library folder or its index
    │   ├── LibraryBusy          another process holds the writer lock
    │   ├── IndexDamaged         the index is unreadable or from another version (rebuild it)
    │   │   └── IndexOutdated    written by another version of Byline (rebuilt from the store)
    │   ├── NotInLibrary         a document that is not indexed
    │   └── IndexingStopped      the reader closed while indexing (what was written is kept)
    └── ConfigError              the settings file is invalid
"""

from __future__ import annotations

from pathlib import Path


class BylineError(Exception):
    """Base of every error Byline raises on purpose; `str(error)` is the line shown to the user."""

    exit_code: int = 1


class LoadError(BylineError):
    """A file could not be read as a document. The message names the file and the reason."""

    exit_code = 2

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(LoadError):
    """The file is binary junk, or of a type no loader reads."""


class EmptyDocument(LoadError):
    """The file holds no readable text."""


class DocumentTooLarge(LoadError):
    """The file, or the text it inflates to, exceeds Byline's limits."""


class LibraryError(BylineError):
    """Something is wrong with the library folder or its index."""

    exit_code = 3


class LibraryBusy(LibraryError):
    """Another process is writing to the library."""

    exit_code = 4


class IndexDamaged(LibraryError):
    """The index cannot be read, or was written by another version; `byline index --rebuild`."""


class IndexOutdated(IndexDamaged):
    """The index was written by another version of Byline (another schema). A library rebuilds
    it from its store when it meets one; this reaches the user only if that fails."""


class NotInLibrary(LibraryError):
    """The document asked for is not in the library."""


class IndexingStopped(LibraryError):
    """Indexing was stopped before it ended, because the reader is closing. What was written is
    committed, as after Ctrl-C on the command line; the next run of the same paths goes on."""

    def __init__(self) -> None:
        super().__init__("indexing stopped: the rest is indexed the next time")


class ConfigError(BylineError):
    """The settings file cannot be parsed or holds an invalid value."""
