"""`BylineApp`: the reader's application object, state that outlives a screen, and error notices.

The app holds the library, the reading positions and the size class (`-narrow` / `-wide`) that the
stylesheet folds the reader's panes by. Screens ask it to open documents with `OpenRequested`; it
loads them in a worker and pushes a `ReaderScreen`. Every worker failure anywhere in the app ends up
in `on_worker_state_changed`, which shows one error notice and nothing else.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from byline.errors import BylineError
from byline.tui.collector import OpeningPause
from byline.tui.commands import ScreenCommands
from byline.tui.library_thread import LibraryThread
from byline.tui.messages import DocumentOpened, OpenRequested, WorkerFailed
from byline.tui.positions import ReadingPositions, positions_file
from byline.tui.records import entity_called, opened
from byline.tui.typeahead import OPEN_SECONDS, TypeAhead

NARROW_BELOW = 110
"""Terminal widths under this fold the reader's sidebars away."""


def stylesheet() -> Path:
    """The app's .tcss: `byline/styles` inside an installed wheel, `styles/` in a checkout.

    (A path beside the package, not `importlib.resources`: Textual reads the file by its path, and
    importing `importlib.resources` and `zipfile` before the first paint costs ~6 ms.)"""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "styles" / "byline.tcss"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "styles" / "byline.tcss"


def describe_failure(error: BaseException | None) -> str:
    """One line for the user about a failed worker: Byline's own message, else the error's kind."""
    if isinstance(error, BylineError):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return f"File not found: {error.filename or error}"
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".strip(": ")
    return f"{type(error).__name__}: {error}" if error is not None else "Something went wrong"


def first_mention(analysis: Any, name: str) -> int | None:
    """Where the entity called `name` (see `entity_called`) is first named in the document."""
    named = [entity for entity in analysis.entities if entity.mentions]
    index = entity_called(named, name)
    if index is None:
        return None
    return int(min(mention.start for mention in named[index].mentions))


class BylineApp(TypeAhead, App[None]):
    """The terminal reader: library, reader, who-said-what, help."""

    TITLE = "Byline"
    CSS_PATH = stylesheet()
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        # In a text box `q` and `?` are typed: the key bar shows these instead (it lists one key
        # per action, the first that is active).
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(self, settings: Any, library: Any, paths: Sequence[str | Path] = ()) -> None:
        super().__init__()
        self.settings = settings
        self.library = LibraryThread(library)
        """The library, asked from one thread (so the reader keeps one index searcher)."""
        self.paths = tuple(str(path) for path in paths)
        self.positions = ReadingPositions(positions_file(self.library))
        """Where each document was left, by path (a text offset)."""
        self.collector = OpeningPause()
        """Pauses garbage collection while a document opens (see `byline.tui.collector`)."""

    def get_default_screen(self) -> Screen[Any]:
        """The library screen is the bottom of the stack: Esc never goes below it."""
        from byline.tui.screens.library import LibraryScreen

        return LibraryScreen(self.library, self.paths)

    def on_mount(self) -> None:
        """Apply the configured theme, the size class, and `-no-color` under NO_COLOR (where the
        stylesheet marks with text styles what colour alone would show)."""
        theme = getattr(self.settings, "theme", None)
        if theme and theme in self.available_themes:
            self.theme = theme
        self.set_class(self.no_color or bool(os.environ.get("NO_COLOR")), "-no-color")
        self._apply_size_class(self.size.width)
        self.call_after_refresh(self.collector.settle)  # started paused by `run`: see there
        self.call_after_refresh(self._import_reader)
        self._close_on_sigterm()

    def _close_on_sigterm(self) -> None:
        """`kill` (SIGTERM) closes the reader as `q` does: the terminal is given back as it was
        and indexing stops at its next document, keeping what it wrote. By default the process
        died at once, leaving the terminal in the reader's modes. The handler stays until the
        event loop closes, so a second SIGTERM while indexing commits on the way out does not
        cut the commit short."""
        import asyncio
        import signal

        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            # not on Windows, nor outside the main thread
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)

    @work(thread=True, exit_on_error=False, group="import")
    def _import_reader(self) -> None:
        """Import the reader screen's modules while the user looks at the library, not when
        the first document opens (~50 ms of its open)."""
        import byline.tui.screens.reader  # noqa: F401

    def on_resize(self, event: events.Resize) -> None:
        """Keep `-narrow` / `-wide` in step with the terminal's width."""
        self._apply_size_class(event.size.width)

    def _apply_size_class(self, width: int) -> None:
        narrow = width < NARROW_BELOW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow, "-wide")

    @property
    def narrow(self) -> bool:
        """True when the terminal is too narrow for the sidebars beside the text."""
        return self.has_class("-narrow")

    # Opening documents --------------------------------------------------------------------------

    @on(OpenRequested)
    def _open_requested(self, request: OpenRequested) -> None:
        self.hold_keys(OPEN_SECONDS)  # what is typed next is for the reader (`typeahead`)
        self.collector.pause()
        self._latest_open = request
        self._open(request)

    _latest_open: OpenRequested | None = None
    """The document asked for last: a load of an earlier one that ends after it is dropped."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open(self, request: OpenRequested) -> None:
        document, analysis = opened(self.library.open(request.path))
        if not get_current_worker().is_cancelled:  # a later request replaced this one
            self.post_message(DocumentOpened(request, document, analysis))

    @on(DocumentOpened)
    async def _document_opened(self, message: DocumentOpened) -> None:
        from byline.tui.finding import query_terms
        from byline.tui.screens.reader import ReaderScreen

        request = message.request
        if request is not self._latest_open:
            return  # a later request replaced this one after its load had ended
        offset = request.offset
        if offset is None and request.entity is not None and message.analysis is not None:
            offset = first_mention(message.analysis, request.entity)
        if offset is None:
            offset = self.positions.get(message.document.path) or 0
        reader = ReaderScreen(
            message.document,
            message.analysis,
            offset=offset,
            mark=request.mark,
            entity=request.entity,
            terms=query_terms(request.query) if request.query else None,
        )
        await self.push_screen(reader)
        reader.call_after_refresh(self.release_keys)
        reader.call_after_refresh(self.collector.settle)

    # Help, failures, exit --------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Ctrl-P: the keys typed before the palette has the cursor wait for it (they went
        nowhere: `byline.tui.typeahead`)."""
        if not self.use_command_palette:
            return
        self.hold_keys()
        super().action_command_palette()
        self.call_after_refresh(self.release_keys)

    def action_help(self) -> None:
        """Show the keys of the current screen (or close the help if it is showing)."""
        from byline.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        title = getattr(self.screen, "HELP_TITLE", type(self.screen).__name__)
        self.push_screen(HelpScreen(self.screen, title))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (opening documents) fail like everyone else's."""
        if event.state is WorkerState.ERROR:
            if event.worker.group == "open":
                self.collector.cancel()
                self.call_next(self.release_keys)
            self.post_message(WorkerFailed(event.worker.error))

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """The one place worker failures become a notice (never a traceback); a library that
        cannot be opened at all ends the reader (`run` then raises its error)."""
        if message.error is not None and message.error is self.library.failure:
            self.exit(return_code=1)
            return
        self.notify(
            describe_failure(message.error),
            title="Byline",
            severity="error",
            markup=False,
            timeout=8,
        )

    def on_unmount(self) -> None:
        """Keep the reading positions for next time; stop the library's thread."""
        self.positions.save()
        self.library.shutdown()
