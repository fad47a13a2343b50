"""`LibraryThread`: the reader's library, asked from one long-lived thread, and opened there.

The index keeps one searcher per thread (`byline.index.indexes`), and every Textual thread worker
is a new thread. Called straight from the workers, each search, list or open opened the whole
index again (on a library of 10,000 documents: a third of a second and tens of MB each, kept until
the thread's searcher was collected). Through this wrapper every question goes to the same thread,
so the reader holds one searcher and reuses it; the workers still wait in their own threads, so
typing and cancelling work as before. Indexing (`add`, `rebuild`) is long and writes: it runs in
the caller's thread, as before.

The library may also be given as a `LibraryAt` (where it is, not yet opened): the command line does
that, so the reader paints its first screen before `byline.library` (and the index code below it)
is even imported. It is opened on the library thread by the first question, which the library
screen asks once it has painted. If opening fails (not a library, a newer schema), `failure` holds
the error and every question raises it again.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

DIRECT = frozenset({"add", "rebuild", "close"})
"""Library methods that run in the calling thread."""


@dataclass(frozen=True)
class LibraryAt:
    """A library not opened yet: its folder and the settings to open it with."""

    home: Path
    settings: Any = None

    def load(self) -> Any:
        """Open the library (imports the index code: call it off the UI thread)."""
        from byline.library import Library

        return Library(self.home, self.settings)


class LibraryThread:
    """Forwards attribute reads to `library`; its methods run on one thread, one at a time."""

    def __init__(self, library: Any) -> None:
        self._source = library if isinstance(library, LibraryAt) else None
        self._library = None if isinstance(library, LibraryAt) else library
        self._opened_here = self._library is None
        self.failure: BaseException | None = None
        """Why the library could not be opened, if it could not."""
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="byline-library")

    @property
    def wrapped(self) -> Any:
        """The library itself (opened now if it was not yet)."""
        return self._loaded()

    @property
    def home(self) -> Path | None:
        """The library's folder, without opening it."""
        if self._source is not None:
            return Path(self._source.home)
        home = getattr(self._library, "home", None)
        return None if home is None else Path(home)

    def _loaded(self) -> Any:
        if self._library is None:
            self._thread.submit(self._load).result()
        if self.failure is not None:
            raise self.failure
        return self._library

    def _load(self) -> None:
        if self._library is not None or self.failure is not None or self._source is None:
            return
        try:
            self._library = self._source.load()
        except Exception as error:  # kept, and raised to every caller
            self.failure = error

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._loaded(), name)
        if name in DIRECT or not callable(value):
            return value
        return partial(self._call, value)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._thread.submit(method, *args, **kwargs).result()

    def shutdown(self) -> None:
        """Stop the thread (after what it is doing); a library opened here is closed there, one
        given already open stays open for its owner."""
        if self._opened_here:
            self._thread.submit(self._close)
            self._thread.shutdown(wait=False)
        else:
            self._thread.shutdown(wait=False, cancel_futures=True)

    def _close(self) -> None:
        if self._library is not None:
            self._library.close()
