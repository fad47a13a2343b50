"""What the reader's lists show, read off whatever the `Library` facade returns.

The facade's record types (`DocumentSummary`, `QuoteRecord`, `EntityRecord`, `SearchResult`) belong
to the core; the reader only needs a few fields from each. These small adapters read those fields in
one place, so a renamed attribute in the core is a one-line change here rather than a hunt
through the screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from byline.dates import day

if TYPE_CHECKING:  # imported for annotations only: `byline.models` costs ~10 ms before the paint
    from byline.models import Hit


def _get(record: Any, *names: str, default: Any = None) -> Any:
    """The first of `names` that `record` has (attribute or mapping key), else `default`."""
    for name in names:
        if isinstance(record, dict) and name in record:
            return record[name]
        value = getattr(record, name, None)
        if value is not None:
            return value
    return default


@dataclass(frozen=True, slots=True)
class Listing:
    """One row of the library screen: a search hit or a recent document."""

    path: str
    title: str
    source: str | None = None
    date: str | None = None
    snippet: str = ""
    highlights: tuple[tuple[int, int], ...] = ()
    offset: int | None = None
    people: int | None = None
    quotes: int | None = None
    analysed: bool = True

    @classmethod
    def from_hit(cls, hit: Hit) -> Listing:
        """A search hit, with its snippet and where its first match is."""
        return cls(
            path=hit.path,
            title=hit.title,
            source=hit.source,
            date=day(hit.date),
            snippet=hit.snippet,
            highlights=tuple(hit.highlights),
            offset=hit.offset,
        )

    @classmethod
    def from_summary(cls, summary: Any) -> Listing:
        """A `DocumentSummary` (recent documents, documents naming someone)."""
        metadata = _get(summary, "metadata")
        return cls(
            path=str(_get(summary, "path", "doc", default="")),
            title=str(_get(summary, "title", default="") or _get(summary, "path", default="")),
            source=_get(summary, "source") or _get(metadata, "source"),
            date=day(_get(summary, "date") or _get(metadata, "date")),
            people=_get(summary, "people", "people_count", "n_people"),
            quotes=_get(summary, "quotes", "quote_count", "n_quotes"),
            offset=_get(summary, "offset"),
            analysed=bool(_get(summary, "analysed", default=True)),
        )


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quote across the library, with enough of its document to cite and open it."""

    path: str
    text: str
    speaker: str | None
    start: int
    end: int
    title: str | None = None
    source: str | None = None
    date: str | None = None
    kind: str = "direct"
    """`QuoteKind`'s value: "direct", "partial" or "reported"."""

    @classmethod
    def from_record(cls, record: Any) -> QuoteRow:
        """A `QuoteRecord` from `Library.quotes`."""
        quote = _get(record, "quote")
        base = quote if quote is not None else record
        return cls(
            path=str(_get(record, "doc", "path", default="")),
            text=str(_get(base, "text", default="")),
            speaker=_get(base, "speaker"),
            start=int(_get(base, "start", default=0)),
            end=int(_get(base, "end", default=0)),
            title=_get(record, "title"),
            source=_get(record, "source"),
            date=day(_get(record, "date")),
            kind=str(_get(base, "kind", default="direct")),
        )


def speaker_counts(rows: Any) -> list[tuple[str, int]]:
    """`Library.speakers()` rows as `(name, count)` pairs."""
    pairs: list[tuple[str, int]] = []
    for row in rows:
        if isinstance(row, tuple):
            pairs.append((str(row[0]), int(row[1])))
        else:
            pairs.append((str(_get(row, "name", default="")), int(_get(row, "count", default=0))))
    return pairs


def search_hits(result: Any) -> tuple[list[Hit], int, str | None]:
    """A `SearchResult` (or a plain list of hits) as hits, total and "did you mean"."""
    if isinstance(result, list):
        return result, len(result), None
    hits = list(_get(result, "hits", default=[]))
    return hits, int(_get(result, "total", default=len(hits))), _get(result, "suggestion")


def opened(document: Any) -> tuple[Any, Any]:
    """An `OpenDocument` as `(Document, Analysis)`; the analysis None while it is still to be
    made (an indexing run has not reached the document). One made by an earlier Byline is
    shown until the next run makes it again."""
    analysis = _get(document, "analysis")
    earlier = analysis is not None and bool(analysis.entities or analysis.quotes)
    if not _get(document, "analysed", default=True) and not earlier:
        analysis = None
    return _get(document, "document"), analysis


def cleaned(value: str | None) -> str:
    """A short field (title, source, date) as one printable line."""
    from byline.tui.wrap import display

    return display(" ".join((value or "").split()))


def file_label(path: str) -> str:
    """A file named with its folder, "sport/242.txt": a corpus often reuses names from folder to
    folder, and the file's name alone is then five files at once."""
    from pathlib import PurePath

    parts = PurePath(path).parts
    return "/".join(parts[-2:]) if len(parts) > 2 else PurePath(path).name


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 quote`, `3 quotes`, `2 people`, `5,080 quotes`."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def entity_called(entities: Sequence[Any], name: str) -> int | None:
    """The position in `entities` (None rows allowed) of the entity called `name` or with it as
    an alias: exactly, else ignoring case and accents (who said what shows one spelling of a name
    that documents spell several ways: "ABN Amro" for a document's "ABN AMRO")."""
    spellings = [(i, (e.name, *e.aliases)) for i, e in enumerate(entities) if e is not None]
    exact = next((i for i, names in spellings if name in names), None)
    if exact is not None:
        return exact
    from byline.index.names import fold  # not on the first screen's start path

    key = fold(name)
    return next((i for i, names in spellings if key in map(fold, names)), None)
