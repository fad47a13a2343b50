"""`LibraryThread`: the reader's library, asked from one long-lived thread.

The index keeps one searcher per thread (`byline.index.indexes`), and every Textual thread worker
is a new thread. Called straight from the workers, each search, list or open opened the whole
index again (on a library of 10,000 documents: a third of a second and tens of MB each, kept until
the thread's searcher was collected). Through this wrapper every question goes to the same thread,
so the reader holds one searcher and reuses it; the workers still wait in their own threads, so
typing and cancelling work as before. Indexing (`add`, `rebuild`) is long and writes: it runs in
the caller's thread, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

DIRECT = frozenset({"add", "rebuild", "close"})
"""Library methods that run in the calling thread."""


class LibraryThread:
    """Forwards attribute reads to `library`; its methods run on one thread, one at a time."""

    def __init__(self, library: Any) -> None:
        self._library = library
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="byline-library")

    @property
    def wrapped(self) -> Any:
        """The library itself."""
        return self._library

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._library, name)
        if name in DIRECT or name.startswith("_") or not callable(value):
            return value
        return partial(self._call, value)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._thread.submit(method, *args, **kwargs).result()

    def shutdown(self) -> None:
        """Stop the thread (after what it is doing); the library stays open for its owner."""
        self._thread.shutdown(wait=False, cancel_futures=True)
