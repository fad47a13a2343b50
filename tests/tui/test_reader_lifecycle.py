"""Pilot tests of the reader around its library: indexing the paths it was given, libraries that
are busy, missing or from another version, and failures shown as notices, not tracebacks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.message import Message
from textual.widgets import Input, Static

from byline.errors import LibraryBusy
from byline.tui import make_app
from byline.tui.messages import IndexProgress, OpenRequested
from byline.tui.screens.library import LibraryScreen
from byline.tui.widgets.hit_list import HitList
from byline.tui.widgets.key_bar import KeyBar
from tests.tui.helpers import burst, enter_then_w_on_the_results, settle, status


async def test_a_failure_is_a_notice_not_a_traceback(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.post_message(OpenRequested("/nowhere/vanished.txt"))
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        notices = list(app._notifications)
        assert notices and notices[-1].severity == "error"
        assert "vanished.txt" in notices[-1].message


async def test_paths_given_are_indexed_with_progress(
    settings: Any, library: Any, tmp_path: Any
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "harbour.txt").write_text(
        "Harbour vote delayed\n\nThe harbour board postponed its vote on the quay extension, "
        '"We need more time," said Ruth Okafor, the board\'s chair.\n',
        encoding="utf-8",
    )
    progress: list[Message] = []

    def hook(message: Message) -> None:
        if type(message).__name__ in {"IndexProgress", "IndexFinished"}:
            progress.append(message)

    app = make_app(settings, library, [extra])
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
        assert any(type(m).__name__ == "IndexFinished" for m in progress), notices
        assert not app.screen.query_one("#indexing").display
        titles = [listing.title for listing in app.screen.query_one(HitList).values]
        assert "Harbour vote delayed" in titles
        app.screen.query_one(Input).focus()


def _busy(query: str, limit: int = 20) -> Any:
    raise LibraryBusy("the library is busy: another byline is indexing")


async def test_a_failing_search_worker_is_a_notice(settings: Any, library: Any) -> None:
    library.search = _busy
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"gas")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        notices = list(app._notifications)
        assert [n.message for n in notices] == ["the library is busy: another byline is indexing"]
        assert notices[0].severity == "error"


async def test_keys_kept_for_a_failed_search_are_given_back_at_once(
    settings: Any, library: Any
) -> None:
    library.search = _busy
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, *"gas", "enter", "x")
        await settle(app, pilot)
        assert not app.holding  # not after the two seconds kept for results
        assert app.screen.query_one("#query", Input).value == "gasx"


async def test_keys_wait_for_a_document_slower_to_load_than_its_search(
    settings: Any, library: Any
) -> None:
    import time

    opening = library.open

    def slow(path: Any) -> Any:
        time.sleep(2.5)  # a busy disk: longer than a search step's wait for results
        return opening(path)

    library.open = slow
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await enter_then_w_on_the_results(app, pilot)
        # `w` went to the reader (its quotes), not to the library (who said what, under it).
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen", "ReaderScreen"]
        assert app.screen.query_one("#quotes").has_focus


async def test_a_document_asked_for_while_another_loads_replaces_it(
    settings: Any, library: Any
) -> None:
    import time

    opening = library.open

    def slow(path: Any) -> Any:
        time.sleep(0.5)
        return opening(path)

    library.open = slow
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        first, second = app.screen.query_one(HitList).values[:2]
        app.post_message(OpenRequested(first.path))
        await pilot.pause(0.1)
        app.post_message(OpenRequested(second.path))
        await settle(app, pilot)
        # One reader, on the second: the first load was cancelled, and its document dropped.
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen", "ReaderScreen"]
        assert app.screen.document.path == second.path


def index_in_another_process(library: Any, path: Path) -> int:
    """`byline index PATH` run as a user would in another shell; its exit status."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "byline", "--library", str(library.home), "index", str(path)]
    return subprocess.run(command, capture_output=True, timeout=300).returncode


async def test_refresh_shows_documents_another_process_indexed(
    settings: Any, library: Any, tmp_path: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        results = app.screen.query_one(HitList)
        before = results.option_count
        new = tmp_path / "late-arrival.txt"
        new.write_text(
            "Harbour dredging approved late\n\nThe council approved dredging on Friday.\n",
            encoding="utf-8",
        )
        assert index_in_another_process(library, new) == 0
        await pilot.press("escape", "ctrl+r")
        await settle(app, pilot)
        assert results.option_count == before + 1
        assert "Harbour dredging approved late" in [v.title for v in results.values]


async def test_refresh_reads_the_failures_of_another_process_s_run(
    settings: Any, library: Any, tmp_path: Any
) -> None:
    # Fresh review: `!` after Ctrl-R still knew nothing of a `byline index` run in another shell.
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert not screen.check_action("problems", ())
        empty = tmp_path / "empty.txt"
        empty.write_text("", encoding="utf-8")
        assert index_in_another_process(library, empty) == 1  # a file failed
        await pilot.press("escape", "ctrl+r")
        await settle(app, pilot)
        assert screen.check_action("problems", ())
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ProblemsScreen"


async def test_an_empty_list_says_indexing_while_paths_are_indexed(
    settings: Any, tmp_path: Any
) -> None:
    from byline.library import Library
    from byline.tui.messages import IndexProgress

    app = make_app(settings, Library(tmp_path / "empty-library"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert status(app, "#status").startswith("The library is empty")
        screen = app.screen
        screen.post_message(IndexProgress(2, 5, "/docs/port-strike.txt", "text"))
        await settle(app, pilot)
        assert status(app, "#status") == "indexing… 2 of 5 files"
        assert "Indexing 2/5 files: port-strike.txt" in status(app, "#indexing-label")
        screen.post_message(IndexProgress(1, 5, "/docs/port-strike.txt", "analysis"))
        await settle(app, pilot)
        assert status(app, "#status") == "indexing… analysing 1 of 5 files"
        screen.post_message(IndexProgress(-1, None))
        await settle(app, pilot)
        assert not screen.query_one("#indexing").display


async def test_a_library_given_as_a_folder_opens_after_the_first_paint(
    settings: Any, library: Any
) -> None:
    home = library.home
    library.close()
    app = make_app(settings, home)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.library.home == home
        await settle(app, pilot)
        assert "recent documents" in status(app, "#status")
        assert app.screen.query_one(HitList).option_count >= 3


async def test_a_folder_that_is_not_a_library_ends_the_reader_with_its_error(
    settings: Any, tmp_path: Any
) -> None:
    from byline.errors import LibraryError

    folder = tmp_path / "not-a-library"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    app = make_app(settings, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    assert app.return_code == 1
    assert isinstance(app.library.failure, LibraryError)
    assert "not a Byline library" in str(app.library.failure)


async def test_an_index_from_another_version_is_rebuilt_and_the_screen_says_so(
    settings: Any, library: Any
) -> None:
    import json

    from byline.tui.screens.library import LibraryScreen

    home = library.home
    library.close()
    marker = home / "index" / "BYLINE-INDEX"
    version = json.loads(marker.read_text())["byline_index"]
    marker.write_text(json.dumps({"byline_index": version - 1}))
    said: list[Message] = []

    def hook(message: Message) -> None:
        if isinstance(message, (LibraryScreen.Rebuilding, IndexProgress)):
            said.append(message)

    app = make_app(settings, home)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(app, pilot)
        assert isinstance(said[0], LibraryScreen.Rebuilding)
        notices = [m.notice for m in said if isinstance(m, IndexProgress)]
        assert any("rebuilding" in notice for notice in notices)
        assert not app.screen.query_one("#indexing").display  # the line goes once it is done
        assert "recent documents" in status(app, "#status")
        assert app.screen.query_one(HitList).option_count >= 3


async def test_closing_the_reader_stops_its_indexing(settings: Any, tmp_path: Any) -> None:
    """Quitting while the paths given are indexed ends the run at its next document (what it
    wrote is kept) instead of the reader's exit waiting for the whole run."""
    import asyncio
    import threading

    from byline.errors import IndexingStopped
    from byline.library import Library

    class Observed(Library):
        """The real library, telling how its `add` ended."""

        ended = threading.Event()
        outcome: object = None

        def add(self, *args: Any, **kwargs: Any) -> Any:
            try:
                report = super().add(*args, **kwargs)
                self.outcome = "finished"
                return report
            except BaseException as error:
                self.outcome = error
                raise
            finally:
                self.ended.set()

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(300):
        (folder / f"{n:03}.txt").write_text(
            f"Harbour report {n}\n\nThe harbour board met on day {n} in Falmouth. "
            f'"We need more time," said Ruth Okafor, the board\'s chair, on day {n}.\n',
            encoding="utf-8",
        )
    seen: list[Message] = []
    library = Observed(tmp_path / "library")
    app = make_app(settings, library, [folder])
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        for _ in range(1200):  # at most a minute for the run to be under way
            if any(isinstance(m, IndexProgress) and (m.done or 0) >= 10 for m in seen):
                break
            await asyncio.sleep(0.05)
        await pilot.press("escape", "q")
    assert library.ended.wait(120)
    assert isinstance(library.outcome, IndexingStopped)
    summaries = Library(tmp_path / "library").recent(1000)
    assert summaries, "what was written before the reader closed is kept"
    assert sum(s.analysed for s in summaries) < 300


async def test_files_that_fail_are_one_notice_and_stay_listed(settings: Any, tmp_path: Any) -> None:
    # Each failed file by name with its reason, for as long as the reader runs: not a notice
    # per file that goes after a few seconds, nor a dataclass's repr.
    from byline.library import Library
    from byline.tui.screens.problems import ProblemsScreen

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (bad / "noise.txt").write_bytes(bytes(range(256)) * 8)
    app = make_app(settings, Library(tmp_path / "library"), [bad])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
        assert "3 files could not be indexed: press ! to list them" in notices, notices
        assert not any("Failure(" in notice for notice in notices)
        # `!` as the notice says, from the empty search box that has the cursor at start
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#query", Input).value == ""
        await pilot.press("escape")  # and from the results, where the key bar lists it
        await pilot.pause()
        assert "!" in [cell[1] for cell in app.screen.query_one(KeyBar).cells]
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        console = Console(width=300, file=io.StringIO())
        console.print(app.screen.query_one("#problems-list", Static).content)
        listed = console.file.getvalue()  # type: ignore[attr-defined]
        for name, reason in [("empty.txt", "empty file"), ("broken.pdf", "truncated PDF")]:
            assert f"{name}  {reason}" in listed
        assert "noise.txt" in listed and listed.count(str(bad)) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_the_failed_files_are_listed_after_a_restart_until_fixed(
    settings: Any, tmp_path: Any
) -> None:
    from byline.library import Library
    from byline.tui.screens.problems import ProblemsScreen

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    home = tmp_path / "library"
    report = Library(home).add([bad], analyse=False)
    assert len(report.failures) == 2
    app = make_app(settings, Library(home))  # a later start, with no paths to index
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
    (bad / "empty.txt").write_text("Harbour vote\n\nThe board met on Tuesday.\n")
    Library(home).add([bad], analyse=False)
    assert [Path(f.path).name for f in Library(home).failures()] == ["broken.pdf"]


async def test_a_text_too_long_to_analyse_says_so_in_its_panes(
    settings: Any, tmp_path: Path
) -> None:
    # Fresh review: a 3 MB one-line file showed two empty boxes and nothing about the limit.
    from byline.library import Library
    from byline.library_worker import MAX_ANALYSED_CHARS
    from byline.tui.screens.reader import ReaderScreen
    from byline.tui.widgets.entity_pane import EntityPane
    from byline.tui.widgets.quote_pane import QuotePane

    docs = tmp_path / "docs"
    docs.mkdir()
    short = docs / "short.txt"
    short.write_text("Tide news\n\nThe harbour board met again.\n", encoding="utf-8")
    sentence = "The harbour board met again and talked about the tides. "
    long = docs / "long.txt"
    long.write_text(
        "Tide tables\n\n" + sentence * (MAX_ANALYSED_CHARS // len(sentence) + 10), encoding="utf-8"
    )
    library = Library(tmp_path / "lib", settings)
    library.add([docs], analyse=False)
    app = make_app(settings, library)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app, pilot)
        app.post_message(OpenRequested(str(long.resolve())))
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        limit = f"not analysed: over {MAX_ANALYSED_CHARS:,} characters"
        assert app.screen.query_one(EntityPane).border_subtitle == limit
        assert app.screen.query_one(QuotePane).border_subtitle == limit
        await pilot.press("escape")
        app.post_message(OpenRequested(str(short.resolve())))  # indexed as text only
        await settle(app, pilot)
        assert app.screen.query_one(QuotePane).border_subtitle == "not analysed yet"
