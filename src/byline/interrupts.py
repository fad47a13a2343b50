"""Ctrl-C and SIGTERM during an indexing run, held off while a document is being written.

A run stops on either signal by raising KeyboardInterrupt, and commits what it has written before
it ends (`library_add`). Raised in the middle of writing a document to the index, the interrupt
left that document half written (its stored fields cut short) and the commit then made the
damage durable: the next run failed on "incomplete or truncated stream". Inside `held`, a signal
is noted and raised only when the block is done, so only whole documents are ever committed.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_depth = 0
"""How many `held` blocks are open (in the thread that writes the index)."""

_pending = False
"""A signal came inside a `held` block: raise KeyboardInterrupt when the block is done."""


def _interrupt(signum: int, frame: Any) -> None:
    global _pending
    if _depth:
        _pending = True
        return
    raise KeyboardInterrupt


@contextmanager
def held() -> Iterator[None]:
    """Run the block whole: a signal that comes meanwhile (with `stopping` in effect) stops the
    run once the block is done."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _pending:
            _pending = False
            raise KeyboardInterrupt


@contextmanager
def stopping() -> Iterator[None]:
    """Within the block, Ctrl-C (SIGINT) and `kill` (SIGTERM, as `timeout`, systemd and `docker
    stop` send) raise KeyboardInterrupt, except inside `held`. Python's default for SIGTERM is
    to die at once, losing the batch in hand. Only in the main thread (where signals are
    handled); elsewhere it changes nothing."""
    global _pending
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _pending = False
    previous = {number: signal.signal(number, _interrupt) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_SIGNALS = (signal.SIGINT, signal.SIGTERM)
