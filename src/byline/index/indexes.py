"""Opening, creating and writing the two Whoosh indexes, and refusing ones we did not write.

Whoosh keeps its schema pickled in the index's TOC file, so opening a folder unpickles it. Before
opening, we read our own marker file (plain JSON) and check its version; a folder without our
marker, with another version, or that Whoosh cannot read raises IndexDamaged ("byline index
--rebuild").
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from byline.errors import IndexDamaged, IndexOutdated
from byline.index import hashfiles
from byline.index.names import fold, name_words
from byline.index.schema import SCHEMA_VERSION, docs_schema, quotes_schema
from byline.models import Analysis, Document, EntityType

MARKER = "BYLINE-INDEX"
"""The marker file inside `<library>/index/`: {"byline_index": SCHEMA_VERSION}."""

MAX_SEGMENTS = 10
"""A run's last commit merges everything into one segment when an index has more than this."""

_REBUILD = "run `byline index --rebuild` to rebuild it from the files"


def _damaged(folder: Path, why: str) -> IndexDamaged:
    return IndexDamaged(f"the index in {folder} {why}; {_REBUILD}")


class Indexes:
    """The `docs` and `quotes` indexes in one folder, opened lazily and checked before opening."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._docs: Any = None
        self._quotes: Any = None
        # Each thread keeps its own searchers: the reader searches from worker threads while
        # another thread indexes, and a whoosh searcher must not be closed under a user.
        self._local = threading.local()
        self._guard = threading.Lock()
        self.on_outdated: Callable[[], None] | None = None
        """Called (once per open) when the index is from another schema version, to rebuild it;
        without it, opening such an index raises IndexOutdated."""

    def exists(self) -> bool:
        """True when something is at the index folder (ours or not)."""
        return self.folder.exists() and any(self.folder.iterdir())

    def check_marker(self) -> None:
        """Raise IndexDamaged unless the folder carries our marker with our schema version."""
        try:
            data = json.loads((self.folder / MARKER).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise _damaged(self.folder, "was not created by Byline (no marker file)") from None
        except (OSError, ValueError) as error:
            raise _damaged(self.folder, f"has an unreadable marker ({error})") from None
        version = data.get("byline_index") if isinstance(data, dict) else None
        if isinstance(version, int) and version != SCHEMA_VERSION:
            raise IndexOutdated(
                f"the index in {self.folder} was written by another version of Byline (schema "
                f"{version}, this one reads {SCHEMA_VERSION}); {_REBUILD}"
            )
        if version != SCHEMA_VERSION:
            raise _damaged(
                self.folder,
                f"was written by another version of Byline (schema {version}, "
                f"this one reads {SCHEMA_VERSION})",
            )

    def create(self) -> None:
        """Make both indexes empty (wiping what was there) and write the marker last.

        The caller holds the library's write lock.
        """
        from whoosh import index

        self.close()
        if self.folder.exists():
            shutil.rmtree(self.folder)
        for name, schema in (("docs", docs_schema()), ("quotes", quotes_schema())):
            (self.folder / name).mkdir(parents=True)
            index.create_in(str(self.folder / name), schema)
        (self.folder / MARKER).write_text(json.dumps({"byline_index": SCHEMA_VERSION}) + "\n")

    def _open(self) -> None:
        if self._docs is not None:
            return
        try:
            self.check_marker()
        except IndexOutdated:
            if self.on_outdated is None:
                raise
            self.on_outdated()
            self.check_marker()
        try:
            docs, quotes = _unmapped(self.folder / "docs"), _unmapped(self.folder / "quotes")
            if "content_hash" not in docs.schema or "speaker_aliases" not in quotes.schema:
                raise ValueError("unexpected schema")
        except Exception as error:
            raise _damaged(self.folder, f"cannot be read ({type(error).__name__})") from None
        self._docs, self._quotes = docs, quotes

    def index(self, name: str) -> Any:
        """The whoosh Index object `docs` or `quotes`."""
        self._open()
        return self._docs if name == "docs" else self._quotes

    def compile_docnums(self) -> int:
        """Write the docnums files that segments of an older Byline lack (see `docnums`; a
        write does this too); how many were written."""
        from byline.index import docnums  # numpy: not imported before the reader's first paint

        return sum(docnums.compile_missing(self.index(name)) for name in ("docs", "quotes"))

    def _mine(self) -> dict[str, Any]:
        searchers: dict[str, Any] | None = getattr(self._local, "searchers", None)
        if searchers is None:
            searchers = self._local.searchers = {}
        return searchers

    def searcher(self, name: str) -> Any:
        """This thread's searcher on `docs` or `quotes`, renewed when the index has changed, so
        each call sees the last commit."""
        mine = self._mine()
        current = mine.get(name)
        try:
            if current is not None and not current.up_to_date():
                # Not Searcher.refresh(): it fails on an index that was empty (whoosh 2.7.5).
                # Forgotten before anything can fail, so the next call opens a new one.
                del mine[name]
                current.close()
                current = None
            if current is None:
                with self._guard:
                    index = self.index(name)
                try:
                    current = index.searcher()
                except FileNotFoundError:  # a commit dropped a segment as it was being opened
                    current = index.searcher()
        except IndexDamaged:
            raise
        except Exception as error:
            raise _damaged(self.folder, f"cannot be read ({type(error).__name__})") from None
        mine[name] = current
        return current

    def close(self) -> None:
        """Close this thread's searchers (readers hold file handles) and forget the indexes."""
        mine = self._mine()
        for searcher in mine.values():
            searcher.close()
        mine.clear()
        with self._guard:
            self._docs = self._quotes = None

    def reading(self, name: str = "docs") -> Any:
        """A new searcher on the last commit of `name`, for this caller alone (it closes it)."""
        try:
            return self.index(name).searcher()
        except IndexDamaged:
            raise
        except Exception as error:  # whoosh raises EOFError, struct.error, zlib.error...
            raise _damaged(self.folder, f"cannot be read ({type(error).__name__})") from None

    def writer(self) -> IndexWriter:
        """A batch writer for both indexes; the caller holds the library's write lock."""
        return IndexWriter(self.index("docs"), self.index("quotes"))

    # -- lookups used by the library ------------------------------------------------------------

    def stored(self, path: str, searcher: Any = None) -> dict[str, Any] | None:
        """The stored fields of the document indexed under `path`, or None. Pass a `searcher` to
        look in that snapshot instead of the latest commit."""
        fields = (searcher or self.searcher("docs")).document(path=path)
        return dict(fields) if fields is not None else None

    def paths_under(self, folder: str, searcher: Any = None) -> Iterator[str]:
        """Every indexed path inside `folder` (a path prefix ending with a separator); in the
        `searcher`'s snapshot when one is given."""
        reader = (searcher or self.searcher("docs")).reader()
        for term in reader.expand_prefix("path", folder):
            yield term.decode("utf-8") if isinstance(term, bytes) else term

    def hash_in_use(self, content_hash: str, searcher: Any = None) -> bool:
        """True when some indexed path has these contents (the store entry is still needed); in
        the `searcher`'s snapshot when one is given."""
        found = (searcher or self.searcher("docs")).document(content_hash=content_hash)
        return found is not None

    def all_documents(self) -> Iterator[dict[str, Any]]:
        """Stored fields of every document, streamed (never the whole library at once)."""
        yield from self.searcher("docs").all_stored_fields()

    def generation(self) -> int:
        """The docs index's commit number: changes whenever documents are written."""
        return int(self.index("docs").latest_generation())

    def count(self) -> int:
        """How many documents are indexed."""
        return int(self.searcher("docs").doc_count())


def _unmapped(folder: Path) -> Any:
    """The whoosh Index in `folder`, opened to read its segment files as files, not through mmap.

    A mapped segment is read through `BufferFile`, which copies each part it opens into a
    BytesIO: a searcher held a private copy of the whole postings file (245 MB at 10,000
    documents), so memory grew with the library. Read as files, a searcher holds only what it
    reads, and the operating system's page cache keeps the rest warm for every process.
    """
    from whoosh.filedb.filestore import FileStorage

    hashfiles.install()
    return FileStorage(str(folder), supports_mmap=False).open_index()


def _names(analysis: Analysis, kind: EntityType) -> str:
    """Folded names and aliases of one entity type, comma-separated for a KEYWORD field; for a
    person or an organisation also each word of the name (see `_keywords`): `orgs:kalahari`
    finds "Kalahari Sun Holdings" as `people:boateng` finds "Yaw Boateng". Not for a place,
    whose words name other places ("Sudan" in "South Sudan", "York" in "New York")."""
    words = kind is not EntityType.PLACE
    return ",".join(
        dict.fromkeys(
            key
            for entity in analysis.entities
            if entity.type is kind
            for key in _keywords(entity.name, entity.aliases, words=words)
        )
    )


def _keywords(name: str, aliases: tuple[str, ...] = (), *, words: bool) -> list[str]:
    """The folded forms a KEYWORD field holds for `name`: it and its aliases, and with `words`
    each word of the name, as `name_matches` compares a person's name, so that `people:boateng`
    and `speakers:boateng` find "Yaw Boateng" named only in full."""
    keys = [key for n in (name, *aliases) if (key := fold(n).replace(",", " "))]
    return keys + name_words(name) if words else keys


class IndexWriter:
    """Writes documents and their quotes into both indexes, committing in batches.

    Quotes are committed before documents: if a crash falls between the two commits, the document
    still carries its old content hash, so the next run sees it as changed and writes it again.
    """

    def __init__(self, docs: Any, quotes: Any) -> None:
        self._docs_index, self._quotes_index = docs, quotes
        self._docs: Any = None
        self._quotes: Any = None
        self.pending = 0
        self._before = {"docs": _segment_ids(docs), "quotes": _segment_ids(quotes)}
        """The segments each index had before this writer's run (see `_last_commit_policy`)."""

    def pooled(self) -> int:
        """About how many bytes the batch's postings hold until the commit (both indexes')."""
        writers = (self._docs, self._quotes)
        return sum(writer.pool.nbytes() for writer in writers if writer is not None)

    def _begin(self) -> None:
        if self._docs is None:
            from byline.index.segments import BatchWriter

            self._quotes = BatchWriter(self._quotes_index)
            self._docs = BatchWriter(self._docs_index)

    def put(
        self,
        document: Document,
        analysis: Analysis,
        *,
        size: int,
        analysed: bool,
        new: bool = False,
        mtime_ns: int = 0,
    ) -> None:
        """Index (or replace) one document and its quotes under `document.path`; `size` and
        `mtime_ns` are the file's, for telling later that it did not change.

        `new=True` says the caller knows no document is indexed under this path (it was absent
        from the committed index and is written once in this run): the document is then added
        without Whoosh's lookup for one to delete, which was most of the cost of indexing. Quotes
        are still cleared, since a crash between the two commits may have left some.
        """
        self._begin()
        path = document.path
        meta = document.metadata
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        speakers = {q.speaker for q in analysis.quotes if q.speaker}
        write = self._docs.add_document if new else self._docs.update_document
        write(
            path=path,
            title=document.title,
            body=document.text,
            words=f"{document.title}\n{document.text}",
            people=_names(analysis, EntityType.PERSON),
            orgs=_names(analysis, EntityType.ORG),
            places=_names(analysis, EntityType.PLACE),
            speakers=",".join(
                dict.fromkeys(k for s in sorted(speakers) for k in _keywords(s, words=True))
            ),
            names=" | ".join(n for e in analysis.entities for n in (e.name, *e.aliases)),
            date=meta.date or "",
            recency=meta.date or now,
            indexed_at=now,
            source=meta.source or "",
            format=document.format,
            content_hash=document.content_hash,
            size=size,
            mtime_ns=mtime_ns,
            analysed=analysed,
            quote_count=len(analysis.quotes),
            people_count=len(analysis.people()),
        )
        self._quotes.delete_by_term("path", path)
        aliases = {e.name: e.aliases for e in analysis.entities}
        for position, quote in enumerate(analysis.quotes):
            speaker = quote.speaker or ""
            names = (speaker, *aliases.get(speaker, ())) if speaker else ()
            self._quotes.add_document(
                path=path,
                position=position,
                start=quote.start,
                end=quote.end,
                kind=quote.kind.value,
                cue=quote.cue,
                speaker=speaker,
                speaker_text=speaker,
                speaker_aliases=",".join(fold(n).replace(",", " ") for n in names),
                text=quote.text,
            )
        self.pending += 1

    def delete(self, path: str) -> None:
        """Remove a document and its quotes."""
        self._begin()
        self._docs.delete_by_term("path", path)
        self._quotes.delete_by_term("path", path)
        self.pending += 1

    def commit(self, *, merge: bool = True) -> None:
        """Make everything written so far durable (quotes first, see the class docstring).

        `merge=False` for the batches in the middle of a run: each batch becomes a new segment
        and earlier segments are left alone (Whoosh's merge policy otherwise rewrites them at
        every commit, which took minutes on a large build). The last commit of a run merges (see
        `_last_commit_policy`), even when nothing is pending: the run's batches become one
        segment, and an index a killed run left in more than MAX_SEGMENTS becomes one. When the
        run wrote many quotes, their merge runs in a second process beside the documents' merge
        (`quote_merge`).
        """
        if self._docs is None:
            if not (merge and self._scattered()):
                if merge:  # the segments of an older Byline get their docnums files
                    self._compile_docnums()
                return
            self._begin()
        from byline.index.quote_merge import QuoteMerge, worth_it

        writers = (("quotes", self._quotes), ("docs", self._docs))
        quotes_before = self._before["quotes"]
        split = merge and worth_it(self._quotes_index, quotes_before)
        self._docs = self._quotes = None  # whatever happens next, these writers are done
        self.pending = 0
        beside: QuoteMerge | None = None
        try:
            for name, writer in writers:
                if split and name == "quotes":
                    writer.commit(mergetype=_keep_live)  # durable first, merged beside the docs
                    beside = QuoteMerge(self._quotes_index.storage.folder, quotes_before)
                elif merge:
                    writer.commit(mergetype=_last_commit_policy(self._before[name]))
                else:
                    writer.commit(mergetype=_keep_live)
            if beside is not None:
                beside.wait()
        except BaseException:
            if beside is not None:
                beside.abandon()
            for _, writer in writers:  # release the lock of one that did not commit
                if not writer.is_closed:
                    writer.cancel()
            raise
        if merge:
            self._compile_docnums()

    def _scattered(self) -> bool:
        """True when the last commit must merge though nothing is pending: more than one segment
        written by this run, or more than MAX_SEGMENTS in all."""
        for name, index in (("quotes", self._quotes_index), ("docs", self._docs_index)):
            segments = index._segments()
            ours = [s for s in segments if s.segment_id() not in self._before[name]]
            if len(segments) > MAX_SEGMENTS or len(ours) > 1:
                return True
        return False

    def _compile_docnums(self) -> None:
        """The docnums files older segments lack; they only make search faster, so a failure
        here (a full disk, a damaged segment) leaves the search to Whoosh's blocks."""
        from byline.index import docnums

        for index in (self._quotes_index, self._docs_index):
            with contextlib.suppress(Exception):  # the next write tries again
                docnums.compile_missing(index)

    def cancel(self) -> None:
        """Drop what was written since the last commit."""
        if self._docs is not None:
            self._quotes.cancel()
            self._docs.cancel()
            self._docs = self._quotes = None
            self.pending = 0


def _segment_ids(index: Any) -> frozenset[str]:
    return frozenset(segment.segment_id() for segment in index._segments())


def _keep_live(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge policy for a commit in the middle of a run: no merging, but a segment
    whose documents have all been replaced (the text phase's, once the analysis has rewritten
    them) is dropped rather than read and copied by the run's last merge."""
    return [segment for segment in segments if segment.doc_count() > 0]


def _last_commit_policy(before: frozenset[str]) -> Callable[[Any, list[Any]], list[Any]]:
    """Whoosh's merge policy for the last commit of a run: every segment into one when there
    are more than MAX_SEGMENTS; otherwise the run's own segments (written since `before`) into
    one with the batch being committed, and Whoosh's small-segment policy over the older ones
    (a library that grew by a few small runs is not rewritten whole each time)."""

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        from whoosh.reading import SegmentReader
        from whoosh.writing import MERGE_SMALL, OPTIMIZE

        segments = _keep_live(writer, segments)
        if len(segments) > MAX_SEGMENTS:
            return OPTIMIZE(writer, segments)
        ours = [s for s in segments if s.segment_id() not in before]
        older = [s for s in segments if s.segment_id() in before]
        if len(ours) > 1 or (ours and writer._added):
            for segment in ours:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
        else:
            older += ours
        return MERGE_SMALL(writer, older)

    return policy
