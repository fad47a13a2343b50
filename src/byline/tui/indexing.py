"""Indexing the command line's paths from the reader: the progress callback the library calls
(from the indexing thread) and the lines that show its progress."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from byline.tui.messages import IndexProgress
from byline.tui.records import plural
from byline.tui.wrap import display


def progress_poster(
    post: Callable[[IndexProgress], object], stop: threading.Event | None = None
) -> Callable[..., None]:
    """A progress callback for `Library.add` that posts `IndexProgress` with `post`. Once `stop`
    (if given) is set (the screen is going: the reader is closing) it raises IndexingStopped,
    so that the run commits what it wrote and ends, instead of the reader's exit waiting for it
    (the whole run, minutes on a large folder)."""

    def progress(*args: Any, **kwargs: Any) -> None:
        if stop is not None and stop.is_set():
            from byline.errors import IndexingStopped

            raise IndexingStopped()
        done, total, current = progress_fields(args, kwargs)
        event = args[0] if len(args) == 1 else None
        # `phase` and `message` are read if the library reports them (older ones did not).
        phase = str(getattr(event, "phase", None) or "")
        notice = str(getattr(event, "message", None) or "")
        if phase == "merge":  # no counts: the bar runs without an end
            done, total = 0, None
        post(IndexProgress(done, total, current, phase, notice))

    return progress


def indexing_label(progress: IndexProgress) -> str:
    """The line beside the bar while the command line's paths are indexed."""
    if progress.phase == "merge":
        return "Merging the index…"
    label = "Analysing" if progress.phase == "analysis" else "Indexing"
    if progress.total:
        label += f" {progress.done:,}/{plural(progress.total, 'file')}"
    name = Path(progress.current).name if progress.current else ""
    if progress.notice:
        label += f": {progress.notice}"
    elif name:
        label += f": {name}"
    return display(label)


def indexing_status(progress: IndexProgress) -> str:
    """The status line while the command line's paths are indexed and nothing is listed yet."""
    line = "indexing…"
    if progress.phase == "analysis":
        line += " analysing"
    elif progress.phase == "merge":
        line += " merging the index"
    if progress.total:
        line += f" {progress.done:,} of {plural(progress.total, 'file')}"
    if progress.notice:
        line += f" ({progress.notice})"
    return display(line)


def progress_fields(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[int, int | None, str]:
    """`(done, total, current file)` from what `Library.add` passes its progress callback.

    The library passes one `AddProgress` (`files_done`, `files_total`, `current`); plain
    `(done, total, path)` arguments are read too.
    """
    if len(args) == 1 and not isinstance(args[0], int):
        event = args[0]
        done = next((getattr(event, n) for n in ("files_done", "done") if hasattr(event, n)), 0)
        names = ("files_total", "total")
        total = next((getattr(event, n) for n in names if hasattr(event, n)), None)
        current = getattr(event, "current", None) or getattr(event, "path", None) or ""
        return int(done or 0), total, str(current)
    values = [*args, *(kwargs[k] for k in ("done", "total", "path") if k in kwargs)]
    done = int(values[0]) if values and isinstance(values[0], int) else 0
    total = values[1] if len(values) > 1 and isinstance(values[1], int) else None
    current = str(values[2]) if len(values) > 2 and values[2] is not None else ""
    return done, total, current
