"""Byline's terminal reader: everything that imports Textual lives under this package.

`make_app` is the one composition root (the CLI and the tests both build the app through it); `run`
is what `byline [PATH...]` calls. Importing this package is cheap: the search index and spaCy
are only touched by the library, from worker threads, when the reader asks for something.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from byline.tui.app import BylineApp

__all__ = ["make_app", "run"]


def make_app(settings: Any, library: Any, paths: Sequence[str | Path] = ()) -> BylineApp:
    """Build the reader over `library`; `paths` are indexed (in a worker) once it starts."""
    from byline.tui.app import BylineApp

    return BylineApp(settings, library, paths)


def run(settings: Any, library: Any, paths: Sequence[str | Path] = ()) -> None:
    """Run the reader in this terminal until the user quits."""
    make_app(settings, library, paths).run()
