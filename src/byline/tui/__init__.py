"""Byline's terminal reader: everything that imports Textual lives under this package.

`make_app` is the one composition root (the CLI and the tests both build the app through it); `run`
is what `byline [PATH...]` calls. Importing this package is cheap: the search index and spaCy
are only touched by the library, from worker threads, when the reader asks for something. The
library may be given unopened (a folder, or a `LibraryAt`): it is then opened on the reader's
library thread after the first screen has painted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from byline.tui.app import BylineApp

__all__ = ["make_app", "run"]


def make_app(settings: Any, library: Any, paths: Sequence[str | Path] = ()) -> BylineApp:
    """Build the reader over `library` (a `Library`, or its folder to open it once the reader
    has painted); `paths` are indexed (in a worker) once it starts."""
    from byline.tui.app import BylineApp
    from byline.tui.library_thread import LibraryAt

    if isinstance(library, (str, Path)):
        library = LibraryAt(Path(library), settings)
    return BylineApp(settings, library, paths)


def run(settings: Any, library: Any, paths: Sequence[str | Path] = ()) -> None:
    """Run the reader in this terminal until the user quits; if the library could not be opened,
    raise why (after the reader has closed), for the command line to print."""
    from byline.errors import LibraryError
    from byline.tui.collector import OpeningPause

    starting = OpeningPause()
    starting.pause()  # importing Textual and building the first screen make only live objects
    try:
        app = make_app(settings, library, paths)
        app.collector = starting  # the app settles it once the first frame is on screen
        app.run()
    finally:
        starting.cancel()  # the reader ended before its first frame: collect as before
    failure = app.library.failure
    if isinstance(failure, LibraryError):
        raise failure
    if failure is not None:
        raise LibraryError(f"cannot open the library: {failure}") from None
