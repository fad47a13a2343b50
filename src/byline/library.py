"""The library: the one object both faces (CLI and reader) call.

A library is a folder holding a marker file, the Whoosh indexes (`index/`), the store of cleaned
documents with their analyses (`store/`), the folders and files that were added (`roots.json`) and
the write lock (`write.lock`). One process writes at a time (a file lock; a second writer waits
`Settings.lock_timeout` seconds, then gets LibraryBusy); readers never take the lock.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byline.config import Settings
from byline.errors import IndexDamaged, IndexingStopped, LibraryBusy, LibraryError, NotInLibrary
from byline.index.indexes import Indexes
from byline.index.store import Store
from byline.library_failures import load_failures, record_failures
from byline.library_plan import content_hash, file_key
from byline.library_records import (
    AddProgress,
    AddReport,
    DocumentSummary,
    EntityRecord,
    Failure,
    OpenDocument,
    QuoteRecord,
    SearchResult,
    entity_type,
    filter_quotes,
    named_field,
    quote_from_fields,
    summary_from_fields,
)
from byline.models import Analysis, EntityType

if TYPE_CHECKING:
    from byline.library_add import Progress

__all__ = [
    "AddProgress",
    "AddReport",
    "DocumentSummary",
    "EntityRecord",
    "Failure",
    "Library",
    "OpenDocument",
    "QuoteRecord",
    "SearchResult",
]

LIBRARY_MARKER = "BYLINE-LIBRARY"
"""The file that makes a folder a Byline library; we never write into a folder without it."""

FEW_HITS = 3
"""A search with this many hits or fewer is offered a "did you mean" (`Library.search`)."""


class Library:
    """A Byline library folder: opens it (creating it when new) and answers everything the faces
    ask. Construction is cheap; the index is opened (and checked) on first use."""

    def __init__(self, home: Path | str, settings: Settings | None = None) -> None:
        self.home = Path(home).expanduser().absolute()
        self.settings = settings or Settings()
        self.indexes = Indexes(self.home / "index")
        self.store = Store(self.home / "store")
        self._lock: Any = None
        self._progress: Progress | None = None
        self.notice: str | None = None
        """A one-line notice for the user about something the library did on its own (it rebuilt
        an index written by another version of Byline), or None."""
        self.indexes.on_outdated = self._upgrade
        self._prepare()

    # -- the folder and the lock ------------------------------------------------------------------

    def _prepare(self) -> None:
        """Make a new library, or check that an existing folder is one."""
        marker = self.home / LIBRARY_MARKER
        if marker.exists():
            from byline.library_upgrade import restore_interrupted

            restore_interrupted(self.indexes.folder)
            if not self.indexes.exists():
                with self.writing(None):
                    if not self.indexes.exists():
                        self.indexes.create()
            return
        if self.home.exists() and any(self.home.iterdir()):
            raise LibraryError(
                f"{self.home} is not a Byline library (no {LIBRARY_MARKER} file); "
                "give --library an empty or new folder"
            )
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot create the library {self.home}: {error.strerror}") from None
        with self.writing(None):
            if not marker.exists():
                self.indexes.create()
                marker.write_text("Byline library: the folder Byline keeps its index in.\n")

    def writing(self, progress: Progress | None) -> Any:
        """The write lock, as a context manager: waits up to `lock_timeout` (telling `progress`
        that it waits), then raises LibraryBusy."""
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(self.home / "write.lock"))
        lock = self._lock
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if progress is not None:
                progress(
                    AddProgress(
                        0,
                        0,
                        0,
                        0,
                        None,
                        "another Byline process is writing to "
                        f"{self.home}; waiting for it to finish",
                    )
                )
            try:
                lock.acquire(timeout=self.settings.lock_timeout)
            except Timeout:
                raise LibraryBusy(
                    f"another Byline process is writing to the library {self.home}; "
                    "try again when it has finished"
                ) from None

        class _Held:
            def __enter__(self) -> None:
                return None

            def __exit__(self, *exc: object) -> None:
                lock.release()

        return _Held()

    def close(self) -> None:
        """Release open index readers."""
        self.indexes.close()

    def outdated(self) -> bool:
        """True when the index was written by another version of Byline: the first use of the
        library rebuilds it from the store (see `upgrade`), which takes a while on a large one."""
        from byline.errors import IndexOutdated

        try:
            self.indexes.check_marker()
        except IndexOutdated:
            return True
        except IndexDamaged:
            return False
        return False

    def upgrade(self, progress: Progress | None = None) -> None:
        """Rebuild an index written by another version of Byline from the store now, telling
        `progress` how far it is (the reader calls this in a worker when `outdated()`; any other
        first use does it without progress). Nothing happens when the index is current."""
        self._progress = progress
        try:
            self._upgrade()
        finally:
            self._progress = None

    def _upgrade(self) -> None:
        """Rebuild an index written by another version of Byline from the store (called when
        the index is opened and its marker says another schema), under the write lock."""
        from byline.errors import IndexOutdated
        from byline.library_upgrade import rebuild_index

        progress = _unstoppable(self._progress)
        with self.writing(progress):
            try:
                self.indexes.check_marker()
                return  # another process rebuilt it while this one waited for the lock
            except IndexOutdated:
                pass
            count = rebuild_index(self.indexes, self.store, progress)
        self.notice = (
            f"the index was rebuilt for this version of Byline ({count} "
            f"document{'' if count == 1 else 's'}, "
            "from the library's store)"
        )

    # -- writing ---------------------------------------------------------------------------------

    def add(
        self,
        paths: Iterable[Path | str],
        progress: Progress | None = None,
        *,
        analyse: bool = True,
    ) -> AddReport:
        """Index files and folders incrementally (see `library_add`); returns what happened.

        The text of every document is indexed first and committed in batches, so searches find
        documents within seconds; the analysis (`analyse=True`) follows, document by document.
        `analyse=False` indexes the text alone; a later `add` of the same paths analyses it.

        Raises LibraryBusy when another process keeps the write lock, IndexDamaged when the index
        cannot be read. A file that cannot be read is a `Failure` in the report, not an error.
        """
        return self._run(list(paths), progress, analyse=analyse)

    def rebuild(
        self, paths: Iterable[Path | str] = (), progress: Progress | None = None
    ) -> AddReport:
        """Throw the index away and index `paths` again (default: every folder and file ever added).

        Store entries are reused, so documents that did not change are not analysed again.
        """
        return self._run(list(paths) or list(self.roots()), progress, analyse=True, wipe=True)

    def _run(
        self,
        paths: list[Path | str],
        progress: Progress | None,
        *,
        analyse: bool,
        wipe: bool = False,
    ) -> AddReport:
        """One indexing run under the write lock (after emptying the index when `wipe`)."""
        with self.writing(progress):
            self._progress = progress
            if wipe:
                self.indexes.create()
            self._remember(paths)
            from byline.library_add import AddRun  # the indexing machinery, only when adding

            run = AddRun(
                self.indexes,
                self.store,
                self.settings,
                progress,
                analyse=analyse,
                library_home=self.home,
                prehash=wipe,
            )
            try:
                report = run.run(paths)
            finally:
                self._progress = None
            record_failures(self.home, report)
            return report

    def failures(self) -> list[Failure]:
        """The files that could not be indexed, with the latest reason (`library_failures`)."""
        return load_failures(self.home)

    def roots(self) -> list[str]:
        """The folders and files added so far, in the order first added."""
        try:
            data = json.loads((self.home / "roots.json").read_text(encoding="utf-8"))
            return [str(p) for p in data] if isinstance(data, list) else []
        except (OSError, ValueError):
            return []

    def _remember(self, paths: list[Path | str]) -> None:
        roots = self.roots()
        for path in paths:
            key = file_key(path)
            if key not in roots and Path(key).exists():
                roots.append(key)
        target = self.home / "roots.json"
        temp = target.with_suffix(".tmp")
        temp.write_text(json.dumps(roots, indent=1), encoding="utf-8")
        temp.replace(target)

    # -- reading ---------------------------------------------------------------------------------

    def count(self) -> int:
        """How many documents the library holds."""
        return self.indexes.count()

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Ranked hits for a Whoosh query with plain snippets; a "did you mean" query when at most
        FEW_HITS matched and the correction finds more."""
        from byline.index.query_syntax import closed
        from byline.index.search import count_matches, search_docs
        from byline.index.vocabulary import suggest

        if not query.strip():
            return SearchResult(query, (), 0)
        searcher = self.indexes.searcher("docs")
        hits, total = search_docs(
            searcher, query, limit, self.settings.snippet_length, self.store.text
        )
        # A misspelling may still match a word of the same stem ("goverment" finds the one
        # "governess"), so a few hits get a suggestion too, if it finds more.
        suggestion = suggest(searcher, closed(query)) if total <= FEW_HITS else None
        if suggestion is not None and count_matches(searcher, suggestion) <= total:
            suggestion = None  # a correction that finds no more is no help
        return SearchResult(query, tuple(hits), total, suggestion)

    def recent(self, limit: int = 50) -> list[DocumentSummary]:
        """The newest documents first (by their date, else by when they were indexed)."""
        from byline.index.queries import recent

        return [summary_from_fields(f) for f in recent(self.indexes.searcher("docs"), limit)]

    def open(self, path: Path | str) -> OpenDocument:
        """An indexed document and its analysis, from the store (no cleaning, no analysis)."""
        key = file_key(path)
        fields = self.indexes.stored(key)
        if fields is None:
            raise NotInLibrary(f"{path} is not in the library; index it with `byline index {path}`")
        entry = self.store.get(fields["content_hash"])
        if entry is None:
            raise IndexDamaged(
                f"the stored copy of {key} is missing from {self.store.root}; "
                "run `byline index --rebuild` to rebuild it"
            )
        document = replace(entry.document, path=key)
        return OpenDocument(
            document,
            entry.analysis,
            indexed=True,
            missing=not Path(key).exists(),
            analysed=entry.analysed,
        )

    def read(self, path: Path | str, *, analyse: bool = True) -> OpenDocument:
        """Like `open`, but a file that is not indexed (or changed since) is read and analysed on
        the spot (`analyse=False` skips analysis when only the text is wanted), and nothing is
        stored. Raises a LoadError subclass for an unreadable file."""
        key = file_key(path)
        try:
            fields = self.indexes.stored(key)
        except IndexDamaged:
            fields = None  # a file can still be read while the index waits for a rebuild
        if fields is not None:
            try:
                fresh = content_hash(Path(key)) == fields["content_hash"]
            except OSError:
                fresh = True  # vanished: the stored copy is all there is
            if fresh:
                return self.open(key)
        return read_unindexed(key, analyse=analyse)

    def quotes(
        self,
        paths: Iterable[Path | str] | None = None,
        speaker: str | None = None,
        query: str | None = None,
    ) -> list[QuoteRecord]:
        """Quotes of the given files (read on the spot when not indexed) or of the whole library,
        in document order; `speaker` matches the canonical name or any alias, ignoring case and
        accents; `query` keeps quotes whose words match (a Whoosh query in the library case)."""
        if paths is not None:
            records: list[QuoteRecord] = []
            for path in paths:
                opened = self.read(path)
                records.extend(filter_quotes(opened, speaker, query))
            return records
        from byline.index.queries import find_quotes

        found = find_quotes(self.indexes.searcher("quotes"), speaker, query, None)
        records = [quote_from_fields(fields) for fields in found]
        if speaker and not query:
            # and what the reader's list counts for them: a bare surname the library knows
            # for this one person ("Parry" for "Rick Parry"), so the two give the same quotes
            seen = {(r.doc, r.quote.start) for r in records}
            extra = [r for r in self.quotes_of(speaker) if (r.doc, r.quote.start) not in seen]
            if extra:
                records = sorted([*records, *extra], key=lambda r: (r.doc, r.quote.start))
        return records

    def quotes_of(self, speaker: str) -> list[QuoteRecord]:
        """The quotes `speakers` counts for `speaker` (attributed to that very name, or to a bare
        surname counted with it), across the library in document order; `quotes(speaker=...)`
        also finds "Tony Blair"'s for "Blair"."""
        from byline.index.queries import quotes_of

        found = quotes_of(self.indexes.searcher("quotes"), speaker, self.indexes.searcher("docs"))
        return [quote_from_fields(f) for f in found]

    def entities(
        self, paths: Iterable[Path | str] | None = None, type: EntityType | str | None = None
    ) -> list[EntityRecord]:
        """Entities per document for the given files, or aggregated across the library (one row
        per name and type, with the number of documents naming it). Streams the store."""
        from byline.library_entities import entity_rows, library_entities

        wanted = entity_type(type)
        if paths is not None:
            return [row for path in paths for row in entity_rows(self.read(path), wanted)]
        rows = library_entities(self.home, self.indexes, self.store)
        return [r for r in rows if wanted is None or r.type is wanted]

    def speakers(self) -> list[tuple[str, int]]:
        """Everyone quoted in the library, with how many quotes, most quoted first (a bare
        surname with the one person the library knows by it, see `queries.lone_surnames`)."""
        from byline.index.queries import speakers

        return speakers(self.indexes.searcher("quotes"), self.indexes.searcher("docs"))

    def named(self, type: EntityType | str) -> list[tuple[str, int]]:
        """Every organisation or place named in the library, with how many documents name it,
        most first (from the index's term tables: 0.2 s for the 10,000-document library's
        organisations, where `entities` reads every stored analysis, 5 s)."""
        from byline.index.queries import named

        return named(self.indexes.searcher("docs"), named_field(type))

    def documents_named(self, type: EntityType | str, name: str) -> list[DocumentSummary]:
        """The documents `named` counts for this organisation or place, newest first."""
        from byline.index.queries import documents_named

        searcher = self.indexes.searcher("docs")
        return [summary_from_fields(f) for f in documents_named(searcher, named_field(type), name)]

    def summaries(self, paths: Iterable[str]) -> dict[str, DocumentSummary]:
        """The indexed documents among `paths`, by path (a lookup each: for a few)."""
        searcher = self.indexes.searcher("docs")
        found = {path: self.indexes.stored(path, searcher) for path in paths}
        return {path: summary_from_fields(f) for path, f in found.items() if f is not None}

    def documents_naming(self, name: str) -> list[DocumentSummary]:
        """Documents that name this person, organisation or place (any alias), newest first."""
        from byline.index.queries import documents_naming

        return [
            summary_from_fields(f) for f in documents_naming(self.indexes.searcher("docs"), name)
        ]


def _unstoppable(progress: Progress | None) -> Progress | None:
    """`progress` for a rebuild, which may be asked for from within an `add` whose callback
    stops it (`IndexingStopped`, the reader closing): a rebuild stopped half way would be done
    again, all of it, at the next start."""
    if progress is None:
        return None

    def tell(*args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(IndexingStopped):
            progress(*args, **kwargs)

    return tell


def read_unindexed(path: Path | str, *, analyse: bool = True) -> OpenDocument:
    """The file at `path` read (and analysed, unless not `analyse`) on the spot, with no library
    involved; raises a LoadError subclass for an unreadable file."""
    from byline.clean import read_document
    from byline.library_worker import analyser

    key = file_key(path)
    document = replace(read_document(Path(key)), path=key)
    run_analysis = analyser() if analyse else None
    analysis = run_analysis(document) if run_analysis is not None else Analysis()
    return OpenDocument(document, analysis, indexed=False)
