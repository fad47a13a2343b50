"""The library screen: search the whole library as you type, or browse what was added last.

Searching runs in a thread worker that first waits out a short debounce: each keystroke starts a new
exclusive worker, which cancels the one before, so only the last query is searched and typing never
waits on the index. Indexing paths given on the command line also runs here, with its progress shown
in the screen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState, get_current_worker

from byline.tui.indexing import indexing_label, indexing_status, progress_poster
from byline.tui.messages import ForwardsWorkerFailures, IndexFinished, IndexProgress, OpenRequested
from byline.tui.records import Listing, cleaned, plural, search_hits
from byline.tui.typeahead import hold_keys, release_keys
from byline.tui.widgets.hit_list import HitList
from byline.tui.widgets.key_bar import KeyBar
from byline.tui.widgets.line_input import LineInput, SlashToBox, slash_binding


class QueryBox(LineInput):
    """The library's search box: it lists Esc on the key bar while it has the cursor, since
    the screen's letter keys are typed into it; `!` in it while it is empty lists the files
    that could not be indexed (no search is a lone "!")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.results", "To results"),
        Binding("tab", "screen.accept_suggestion", "Did you mean", show=False),
    ]

    async def _on_key(self, event: events.Key) -> None:
        """Runs before `LineInput._on_key` (Textual calls each class's handler in turn)."""
        screen = self.screen
        if (
            event.character == "!"
            and not self.value
            and isinstance(screen, LibraryScreen)
            and screen.check_action("problems", ())
        ):
            event.stop()
            event.prevent_default()
            screen.action_problems()


DEBOUNCE = 0.15
"""Seconds of quiet typing before a query is searched."""


class LibraryScreen(ForwardsWorkerFailures, SlashToBox, Screen[None]):
    """Search box over a list of hits (or of recent documents when the box is empty)."""

    HELP_TITLE = "Library"
    AUTO_FOCUS = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        slash_binding("search", "Search"),
        Binding("w", "who_said_what", "Who said what"),
        Binding("y", "copy_citation", "Copy citation"),
        Binding("ctrl+r", "refresh", "Refresh"),
        Binding("exclamation_mark", "problems", "Problems", key_display="!"),
        Binding("escape", "results", "To results", show=False),
        Binding("down", "results", "To results", show=False),
        Binding("enter", "open", "Open", show=False),
    ]

    @dataclass
    class SearchDone(Message):
        """A search (or the recent list, for an empty query) came back from the worker."""

        screen: LibraryScreen
        query: str
        listings: list[Listing]
        total: int
        suggestion: str | None

        @property
        def control(self) -> LibraryScreen:
            """The screen that searched."""
            return self.screen

    @dataclass
    class Rebuilding(Message):
        """The library's index is from another version of Byline: its first use rebuilds it."""

        screen: LibraryScreen

        @property
        def control(self) -> LibraryScreen:
            """The screen that found out."""
            return self.screen

    def __init__(self, library: Any, paths: Sequence[str] = ()) -> None:
        super().__init__()
        self.library = library
        self.paths = tuple(paths)
        self._shown_query: str | None = None
        self._open_when_shown = False
        self._keys_wait_for_results = False
        """Down left the box before the results for its query were in: the keys typed next are
        kept until they are (`action_results`)."""
        self._indexing: IndexProgress | None = None
        """The latest progress of indexing the command line's paths, while it runs."""
        self._stop_indexing = threading.Event()
        """Set when the screen goes (the reader is closing): indexing stops (`progress_poster`)."""
        self._listed_at = 0.0
        """When the recent list was last asked for (to re-list, at most every second, while
        indexing commits documents into an empty list)."""
        self._empty = False
        """True while the list shows no document."""
        self._checked = False
        """True once the index's version has been checked (by the first search)."""
        self._suggestion: str | None = None
        """The "did you mean" of the query shown (Tab in the box searches for it)."""
        self._failures: list[Any] = []
        """The files the library could not index (`!` lists them), as last recorded."""

    def compose(self) -> ComposeResult:
        """Search box, indexing progress (while indexing), status line, results, key bar.

        The indexing line is composed only when there are paths to index; otherwise it is mounted
        by the first progress (an index rebuild), not laid out and styled before the first paint.
        """
        placeholder = 'Search the library (words, "phrases", field:value)'
        yield QueryBox(placeholder=placeholder, id="query")
        if self.paths:
            yield self._indexing_line()
        yield Static("", id="status")
        yield HitList(id="results")
        yield KeyBar()

    def on_mount(self) -> None:
        """List recent documents and index the command line's paths, once the screen is painted.

        The workers start after the first refresh: a search thread opening the index (and
        importing Whoosh) while the screen is laid out would share the interpreter with it and
        delay the first paint.
        """
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self.query_one("#status", Static).update("Opening the library…")
        if self.paths:
            self._index(self.paths)
        self.search("")
        self._load_failures()

    @work(thread=True, exit_on_error=False, group="failures")
    def _load_failures(self) -> None:
        """The files that could not be indexed, by this run or an earlier one (`!`)."""
        failures = list(self.library.failures())
        self.app.call_from_thread(self._set_failures, failures)

    def _set_failures(self, failures: list[Any]) -> None:
        self._failures = failures
        self.refresh_bindings()

    def _check_index(self) -> None:
        """Before the first question (in its worker): an index from another version of Byline
        is rebuilt from the store, which takes minutes on a large library, so it is rebuilt here
        with its progress on the indexing line, and the screen says why nothing is listed yet."""
        if self._checked:
            return
        self._checked = True
        outdated = getattr(self.library, "outdated", None)
        if outdated is None or not outdated():
            return
        self.post_message(self.Rebuilding(self))
        try:
            self.library.upgrade(progress_poster(self.post_message))
        finally:
            self.post_message(IndexProgress(-1, None))

    @on(Rebuilding)
    def _rebuilding(self, message: Rebuilding) -> None:
        if self._shown_query is None:  # nothing listed yet
            self.query_one("#status", Static).update(
                "Rebuilding the index for this version of Byline (once, from the library's "
                "store): a large library takes a few minutes…"
            )

    # Searching ---------------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self.search(event.value, debounce=True)

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        if self._shown_query == event.value.strip():
            self.action_open()
        else:  # results for this query are not in yet: search now, open when they come
            self._open_when_shown = True
            self.search(event.value)

    def search(self, query: str, *, debounce: bool = False) -> None:
        """Search for `query` (or list recent documents for an empty one) in a worker."""
        if not query.strip():
            self._listed_at = time.monotonic()
        self._search(query.strip(), DEBOUNCE if debounce else 0.0)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search(self, query: str, delay: float) -> None:
        worker = get_current_worker()
        if delay:
            time.sleep(delay)  # a newer keystroke cancels this worker while it waits
        if worker.is_cancelled:
            return
        self._check_index()
        if query:
            hits, total, suggestion = search_hits(self.library.search(query))
            listings = [Listing.from_hit(hit) for hit in hits]
        else:
            listings = [Listing.from_summary(s) for s in self.library.recent()]
            total, suggestion = len(listings), None
        if not worker.is_cancelled:
            self.post_message(self.SearchDone(self, query, listings, total, suggestion))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed search opens nothing and shows nothing: the keys kept for its results are
        given back at once, and no later answer opens a document for it."""
        if event.state is WorkerState.ERROR and event.worker.group == "search":
            self._open_when_shown = self._keys_wait_for_results = False
            self.call_next(release_keys, self.app)
        # No super() call: Textual runs `ForwardsWorkerFailures`' handler too, after this one.

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.query != self.query_one("#query", Input).value.strip():
            return  # an answer to a query the user has already typed past
        self._shown_query = message.query
        self._suggestion = message.suggestion
        results = self.query_one(HitList)
        results.show_listings(message.listings)
        self._empty = not message.listings
        self.query_one("#status", Static).update(self._results_status(message))
        if self._open_when_shown:
            self._open_when_shown = False
            self.action_open()
        elif self._keys_wait_for_results:
            self.call_next(release_keys, self.app)
        self._keys_wait_for_results = False

    def _results_status(self, message: SearchDone) -> Text:
        if not message.query:
            if message.listings:
                return Text(plural(len(message.listings), "recent document"))
            if self._indexing is not None:
                return Text(indexing_status(self._indexing))
            return Text("The library is empty: run byline PATH... to add documents")
        line = f"{message.total} hit{'s' if message.total != 1 else ''} for {message.query!r}"
        if message.suggestion:
            line += f" · did you mean {message.suggestion!r}? (Tab)"
        return Text(line)

    # Opening -----------------------------------------------------------------------------------

    @on(HitList.Chosen)
    def _chosen(self, message: HitList.Chosen) -> None:
        self._open_listing(message.listing)

    def box_submitted(self, box: Input) -> None:
        """Enter in the search box opens the first hit, once the results are in: the keys typed
        after it are kept for the reader (`byline.tui.typeahead`)."""
        hold_keys(self.app)

    def action_open(self) -> None:
        """Open the highlighted result (Enter in the search box opens the first one)."""
        listing = self.query_one(HitList).current
        if listing is not None:
            self._open_listing(listing)
        else:  # nothing to open: the keys typed after Enter go where the cursor is
            self.call_next(release_keys, self.app)

    def _open_listing(self, listing: Listing) -> None:
        """Open `listing`. The results keep the focus, so that Esc from the reader comes back to
        them, on the hit that was open, for j/k to the next one (`/` goes back to the query)."""
        self.set_focus(self.query_one(HitList))
        query = self._shown_query or None
        self.post_message(OpenRequested(listing.path, offset=listing.offset, query=query))

    def action_refresh(self) -> None:
        """Search again, and read the library's failures again: shows what another process
        indexed (or could not) since the last answer."""
        self.search(self.query_one("#query", Input).value)
        self._load_failures()

    def action_copy_citation(self) -> None:
        """Copy the highlighted document's citation (title, source, date, file) to the clipboard."""
        listing = self.query_one(HitList).current
        if listing is None:
            self.notify("No document highlighted", severity="warning")
            return
        from byline.tui.citations import document_citation  # imports the models: not at start

        self.app.copy_to_clipboard(
            document_citation(listing.title, listing.path, listing.source, listing.date)
        )
        self.notify(
            f"Copied the citation of {cleaned(listing.title) or 'the document'}", markup=False
        )

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.focus_box(self.query_one("#query", Input))

    def action_results(self) -> None:
        """From the search box to the results (at once: the keys typed next go there). If the
        results for the box's query are not in yet, the keys typed next wait for them, so that
        `Marsh` `Down` `Enter` opens Marsh's second hit and not the list's before."""
        if self._shown_query != self.query_one("#query", Input).value.strip():
            self._keys_wait_for_results = True
            hold_keys(self.app)
        self.set_focus(self.query_one(HitList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`!` only once some file failed, Tab for "did you mean" only when there is one (and
        `/` as `SlashToBox` says)."""
        if action == "problems":
            return bool(self._failures)
        if action == "accept_suggestion":
            return self._suggestion is not None and self.focused is self.query_one("#query")
        return super().check_action(action, parameters)

    def action_accept_suggestion(self) -> None:
        """Tab in the box: search for the "did you mean" instead."""
        if self._suggestion is None:
            return
        box = self.query_one("#query", Input)
        box.value = self._suggestion
        box.cursor_position = len(box.value)

    def action_problems(self) -> None:
        """List the files that could not be indexed, and why."""
        from byline.tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self._failures))

    def action_who_said_what(self) -> None:
        """Everyone quoted across the library, and every place and organisation named."""
        from byline.tui.screens.across import AcrossScreen

        self.app.push_screen(AcrossScreen(self.library))

    # Indexing ----------------------------------------------------------------------------------

    def on_unmount(self) -> None:
        self._stop_indexing.set()

    @work(thread=True, exclusive=True, exit_on_error=False, group="index")
    def _index(self, paths: Sequence[str]) -> None:
        try:
            poster = progress_poster(self.post_message, self._stop_indexing)
            report = self.library.add([Path(path) for path in paths], poster)
        finally:
            self.post_message(IndexProgress(-1, None))
        self.post_message(IndexFinished(report))

    def _indexing_line(self) -> Horizontal:
        """The indexing progress line: what is being indexed, and a bar (`ProgressBar` imported
        here, when first needed, not before the first paint)."""
        from textual.widgets import ProgressBar

        bar = ProgressBar(id="indexing-bar", show_eta=False)
        text = Label("Indexing", id="indexing-label")
        self._progress_widgets = (bar, text)
        return Horizontal(text, bar, id="indexing")

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        boxes = self.query("#indexing")
        if message.done < 0:
            self._indexing = None
            boxes.set(display=False)
            return
        self._indexing = message
        if boxes:
            boxes.first().display = True
        else:
            self.mount(self._indexing_line(), before="#status")
        bar, text = self._progress_widgets
        bar.update(total=message.total, progress=message.done)
        text.update(Text(indexing_label(message)))
        query = self.query_one("#query", Input).value.strip()
        if not query and self._shown_query == "":
            # Documents become searchable batch by batch: list again now and then.
            if self._empty:
                self.query_one("#status", Static).update(Text(indexing_status(message)))
            wait = 1.0 if self._empty else 3.0
            if message.done and time.monotonic() - self._listed_at > wait:
                self.search("")

    @on(IndexFinished)
    def _index_finished(self, message: IndexFinished) -> None:
        failures = list(getattr(message.report, "failures", None) or [])
        if failures:
            from byline.tui.screens.problems import failures_notice

            self.notify(failures_notice(failures), severity="error", markup=False, timeout=12)
        self._load_failures()  # the run's, and what it fixed, on the library's record
        self.search(self.query_one("#query", Input).value)
