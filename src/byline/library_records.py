"""The values `Library` returns: frozen dataclasses the CLI and the reader consume.

Records that have a `--json` shape in DESIGN.md (`QuoteRecord`, `EntityRecord`) carry a `to_json()`
that produces exactly that shape, so both faces and any script agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from byline.models import Analysis, Document, EntityType, Hit, Quote


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be indexed, and the one-line reason."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class AddReport:
    """What one `Library.add` run did, file by file, and how fast."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    analysed: int = 0
    """Documents that went through analysis in this run (unchanged ones never do)."""
    bytes_read: int = 0
    """Bytes of the files that were loaded and cleaned in this run."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failures

    @property
    def processed(self) -> int:
        """Documents loaded and written in this run (added + updated)."""
        return len(self.added) + len(self.updated)

    @property
    def docs_per_second(self) -> float:
        """Throughput over the documents that were actually processed."""
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_second(self) -> float:
        """Throughput in megabytes of file read and processed per second."""
        return self.bytes_read / 1e6 / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class AddProgress:
    """One progress event of `Library.add`: counts so far, the file at hand, or a notice."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    current: str | None = None
    message: str | None = None
    """A notice for the user ("waiting for another writer ..."), when not None."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked hits for a query, the total number of matches, and a "did you mean" when none."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One line of a document list: enough to show and open it without reading the store."""

    path: str
    title: str
    date: str | None
    source: str | None
    format: str
    people_count: int
    quote_count: int
    indexed_at: str | None = None


@dataclass(frozen=True, slots=True)
class OpenDocument:
    """A cleaned document and its analysis, ready to read."""

    document: Document
    analysis: Analysis
    indexed: bool
    """True when it came from the library's store; False when read and analysed on the spot."""
    missing: bool = False
    """True when the file is no longer on disk (the stored copy is shown)."""


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote and the document it is in."""

    doc: str
    quote: Quote

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md quote shape."""
        q = self.quote
        return {
            "doc": self.doc,
            "text": q.text,
            "speaker": q.speaker,
            "kind": q.kind.value,
            "start": q.start,
            "end": q.end,
            "cue": q.cue,
        }


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity in one document (`doc` set) or across the library (`doc` None, `documents` set)."""

    doc: str | None
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    role: str | None = None
    documents: int | None = None
    """Across the library: how many documents name this entity."""

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md entity shape (with "documents" only for library-wide rows)."""
        data: dict[str, Any] = {
            "doc": self.doc,
            "name": self.name,
            "type": self.type.value,
            "aliases": list(self.aliases),
            "mentions": self.mentions,
            "role": self.role,
        }
        if self.documents is not None:
            data["documents"] = self.documents
        return data
