"""Opening and creating the two Whoosh indexes, and refusing ones we did not write; searchers
per thread. Writing them is `writing.IndexWriter`.

Whoosh keeps its schema pickled in the index's TOC file, so opening a folder unpickles it. Before
opening, we read our own marker file (plain JSON) and check its version; a folder without our
marker, with another version, or that Whoosh cannot read raises IndexDamaged ("byline index
--rebuild").
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byline.errors import IndexDamaged, IndexOutdated
from byline.index import hashfiles
from byline.index.schema import SCHEMA_VERSION, docs_schema, quotes_schema

if TYPE_CHECKING:
    from byline.index.writing import IndexWriter

MARKER = "BYLINE-INDEX"
"""The marker file inside `<library>/index/`: {"byline_index": SCHEMA_VERSION}."""

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
        from byline.index import docnum_files  # numpy: not imported before the reader's first paint

        return sum(docnum_files.compile_missing(self.index(name)) for name in ("docs", "quotes"))

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
        from byline.index.writing import IndexWriter

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
