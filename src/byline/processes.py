"""How Byline starts the processes it works with (indexing workers, the quotes merge)."""

from __future__ import annotations

from typing import Any


def start_context() -> Any:
    """The multiprocessing context to start a process with: fork while this process runs a
    single thread (fast, and works from scripts without a `__main__` guard), spawn otherwise
    (forking a threaded process, such as the reader, can deadlock)."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
