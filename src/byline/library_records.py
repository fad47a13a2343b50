"""The values `Library` returns: frozen dataclasses the CLI and the reader consume.

Records that have a `--json` shape in DESIGN.md (`QuoteRecord`, `EntityRecord`) carry a `to_json()`
that produces exactly that shape, so both faces and any script agree on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from byline.index.names import fold, name_matches, name_words
from byline.models import Analysis, Document, EntityType, Hit, Quote, QuoteKind


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
    other_types: tuple[tuple[str, int], ...] = ()
    """Files in the folders walked that are of no type Byline reads, as (suffix, count), the
    commonest first ("" never appears: a file without a suffix is tried as text)."""
    bytes_read: int = 0
    """Bytes of the files that were loaded and cleaned in this run."""
    seconds: float = 0.0
    text_seconds: float = 0.0
    """Seconds until the text phase ended: from then on every document could be found by a
    search (its analysis may have come later, within `seconds`)."""

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
    phase: str = "text"
    """"text" while files are loaded, cleaned and indexed (searchable as they are committed),
    then "analysis" while the documents are analysed; the counts start again with each phase.
    Last, on a larger run, "merge" while the run's batches are merged (no counts: 0 of 0)."""


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
    analysed: bool = True
    """False while only its text is indexed: the counts are not known yet (not zero)."""


@dataclass(frozen=True, slots=True)
class OpenDocument:
    """A cleaned document and its analysis, ready to read."""

    document: Document
    analysis: Analysis
    indexed: bool
    """True when it came from the library's store; False when read and analysed on the spot."""
    missing: bool = False
    """True when the file is no longer on disk (the stored copy is shown)."""
    analysed: bool = True
    """False while the document waits for its analysis (an indexing run is still at it)."""


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


# -- building records ----------------------------------------------------------------------

ENTITY_TYPES = {
    "person": EntityType.PERSON,
    "org": EntityType.ORG,
    "place": EntityType.PLACE,
    "misc": EntityType.MISC,
}


def summary_from_fields(fields: dict[str, Any]) -> DocumentSummary:
    """A DocumentSummary from a docs index entry's stored fields."""
    return DocumentSummary(
        path=fields["path"],
        title=fields.get("title") or Path(fields["path"]).name,
        date=fields.get("date") or None,
        source=fields.get("source") or None,
        format=fields.get("format") or "",
        people_count=int(fields.get("people_count") or 0),
        quote_count=int(fields.get("quote_count") or 0),
        indexed_at=fields.get("indexed_at"),
        analysed=bool(fields.get("analysed", True)),
    )


def entity_type(kind: EntityType | str | None) -> EntityType | None:
    """An EntityType from itself or a CLI word ("person", "org", "place", "misc")."""
    if kind is None or isinstance(kind, EntityType):
        return kind
    try:
        return ENTITY_TYPES[kind.lower()]
    except KeyError:
        raise ValueError(f"unknown entity type {kind!r} (person, org, place or misc)") from None


def named_field(kind: EntityType | str) -> str:
    """The index field of the names of an organisation or a place (`schema.NAMED_FIELDS`)."""
    from byline.index.schema import NAMED_FIELDS

    wanted = entity_type(kind)
    field = NAMED_FIELDS.get(wanted.value) if wanted is not None else None
    if field is None:
        raise ValueError(f"no list of names for {kind!r}: organisations and places only")
    return field


def entity_from_json(row: dict[str, Any]) -> EntityRecord:
    """The inverse of `EntityRecord.to_json` (for the library-wide entity cache)."""
    return EntityRecord(
        doc=row["doc"],
        name=row["name"],
        type=EntityType(row["type"]),
        aliases=tuple(row["aliases"]),
        mentions=int(row["mentions"]),
        role=row["role"],
        documents=row.get("documents"),
    )


def quote_from_fields(fields: dict[str, Any]) -> QuoteRecord:
    """A QuoteRecord from a quotes index entry's stored fields."""
    quote = Quote(
        text=fields["text"],
        start=int(fields["start"]),
        end=int(fields["end"]),
        kind=QuoteKind(fields["kind"]),
        speaker=fields.get("speaker") or None,
        cue=fields.get("cue"),
    )
    return QuoteRecord(fields["path"], quote)


def filter_quotes(
    opened: OpenDocument, speaker: str | None, query: str | None
) -> list[QuoteRecord]:
    """The quotes of one opened document by `speaker` (any alias, case and accents ignored) and
    containing every word of `query`."""
    aliases = {e.name: e.aliases for e in opened.analysis.entities}
    words = name_words(query) if query else []
    rows = []
    for quote in opened.analysis.quotes:
        if speaker and not name_matches(
            speaker, quote.speaker, aliases.get(quote.speaker or "", ())
        ):
            continue
        if words and not set(words) <= set(name_words(quote.text)):
            continue
        rows.append(QuoteRecord(opened.document.path, quote))
    return rows


def aggregate_entities(
    analyses: Iterable[Analysis], wanted: EntityType | None
) -> list[EntityRecord]:
    """Library-wide entity rows: one per folded name and type, with the documents naming it."""
    names: dict[tuple[str, EntityType], str] = {}
    aliases: dict[tuple[str, EntityType], dict[str, None]] = {}
    mentions: Counter[tuple[str, EntityType]] = Counter()
    documents: Counter[tuple[str, EntityType]] = Counter()
    roles: dict[tuple[str, EntityType], Counter[str]] = {}
    for analysis in analyses:
        for e in analysis.entities:
            if wanted is not None and e.type is not wanted:
                continue
            key = (fold(e.name), e.type)
            names.setdefault(key, e.name)
            aliases.setdefault(key, {}).update(dict.fromkeys(e.aliases))
            mentions[key] += e.mention_count
            documents[key] += 1
            if e.role:
                roles.setdefault(key, Counter())[e.role] += 1
    rows = [
        EntityRecord(
            doc=None,
            name=names[key],
            type=key[1],
            aliases=tuple(a for a in aliases[key] if a != names[key]),
            mentions=mentions[key],
            role=roles[key].most_common(1)[0][0] if key in roles else None,
            documents=documents[key],
        )
        for key in names
    ]
    rows.sort(key=lambda r: (-(r.documents or 0), -r.mentions, r.name))
    return rows
