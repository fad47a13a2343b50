"""How Byline starts the processes it works with (indexing workers, the quotes merge)."""

from __future__ import annotations

from typing import Any


def start_context(fresh: bool = False) -> Any:
    """The multiprocessing context to start a process with.

    Fork while this process runs a single thread (fast, and works from scripts without a
    `__main__` guard), spawn otherwise (forking a threaded process, such as the reader, can
    deadlock). `fresh`: spawn in any case, for processes that load the spaCy model (the analysis
    workers): a forked process's heap starts inside its parent's, and as the parse allocates there
    the pages get copied, which cost a BBC run about 20 MB (PSS) for nothing the worker used."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if not fresh and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
