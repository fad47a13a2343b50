"""How Byline starts a helper process through multiprocessing (the quotes merge); indexing
workers are started afresh by `byline.workers`."""

from __future__ import annotations

from typing import Any


def start_context() -> Any:
    """The multiprocessing context to start a process with.

    Fork while this process runs a single thread (fast, and works from scripts without a
    `__main__` guard), spawn otherwise (forking a threaded process, such as the reader, can
    deadlock)."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
