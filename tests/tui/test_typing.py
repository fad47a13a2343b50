"""Typing in the reader's boxes: keys that arrive in one burst are applied in order, and `/`."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from byline.tui import make_app
from byline.tui.screens.across import AcrossScreen
from byline.tui.screens.library import LibraryScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.hit_list import HitList
from tests.tui.helpers import (
    burst,
    enter_then_w_on_the_results,
    open_across,
    open_reader,
    settle,
    status,
)


async def test_clearing_and_typing_in_one_burst_searches_the_new_query(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        await pilot.press(*"Marsh")
        await settle(app, pilot)
        burst(app, "ctrl+u", *"Kowalczyk", "enter")
        await settle(app, pilot)
        assert box.value == "Kowalczyk"
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document.title == "Energy talks stall in Lisbon"


async def test_editing_keys_in_a_burst_apply_where_they_were_typed(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        burst(app, *"abc", "backspace", "backspace", *"xy", "left", "left", "Q")
        await settle(app, pilot)
        assert box.value == "aQxy"
        assert "for 'aQxy'" in status(app, "#status")


async def test_slash_after_a_search_with_nothing_to_open_starts_a_new_one(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        await pilot.press(*"dockwrkers", "enter")
        await settle(app, pilot)
        assert "0 hits for 'dockwrkers'" in status(app, "#status")
        assert box.has_focus  # nothing to open: the cursor stays in the box
        burst(app, "slash", *"Marsh")  # `/` selects the query, typing replaces it
        await settle(app, pilot)
        assert box.value == "Marsh"
        assert "for 'Marsh'" in status(app, "#status")
        await pilot.press("slash")  # edited since Enter: a slash is part of the query
        assert box.value == "Marsh/"
        await pilot.press("ctrl+u", *"dockwrkers", "enter", "s", "backspace", "slash")
        assert box.value == "dockwrkers/"  # edited back to what was searched: still edited


async def test_slash_then_a_query_in_one_burst_keeps_the_query(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, "slash", *"Marsh")
        await settle(app, pilot)
        assert app.screen.query_one("#query", Input).value == "Marsh"
        app.screen.query_one(HitList).focus()
        burst(app, "w")
        await settle(app, pilot)
        assert isinstance(app.screen, AcrossScreen)
        burst(app, "slash", "slash", *"Marsh")
        await settle(app, pilot)
        assert app.screen.query_one("#filter", Input).value == "Marsh"


async def test_find_in_the_document_after_a_burst(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Kowalczyk")
        burst(app, "slash", *"Lisbx", "backspace", "o", "n", "enter")
        await settle(app, pilot)
        assert reader.query_one("#find", Input).value == "Lisbon"
        assert len(reader.matches) == 3


async def test_keys_after_the_box_follow_the_cursor_out_of_it(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        hits = app.screen.query_one(HitList)  # the newest documents, the box being empty
        assert app.screen.query_one("#query", Input).has_focus and len(hits.values) >= 2
        second = hits.values[1]
        # Down leaves the box; the next Down and Enter were typed for the results.
        burst(app, "down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document.title == second.title


async def test_filtering_the_names_and_choosing_one_in_one_burst(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_across(app, pilot)
        # Enter in the box moves the cursor to the names; the second Enter chooses one there.
        burst(app, "slash", *"marsh", "enter", "enter")
        await settle(app, pilot)
        items = app.screen.query_one("#items")
        assert items.has_focus
        quotes = items.values  # type: ignore[attr-defined]
        assert quotes and all(q.speaker == "Petra Marsh" for q in quotes)


async def test_keys_after_enter_in_the_find_bar_reach_the_text(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Kowalczyk")
        burst(app, "slash", *"Lisbon", "enter", "n")
        await settle(app, pilot)
        assert reader.query_one("#find", Input).value == "Lisbon"  # no "n" typed after it
        assert reader.view.has_focus and len(reader.matches) == 3


async def test_escape_then_a_search_in_one_burst_searches_the_library(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(app, pilot, "Kowalczyk")
        burst(app, "escape", "slash", *"Marsh")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#query", Input).value == "Marsh"


async def test_slash_after_the_cursor_left_the_box_brings_it_back(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        burst(app, "down", "slash", *"wow")  # not `w` (who said what) on the results
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and box.value == "wow"
        await pilot.press("ctrl+u")
        reader = await open_reader(app, pilot, "Kowalczyk")
        burst(app, "slash", *"Lisbon", "enter", "slash", *"Warsaw", "enter")
        await settle(app, pilot)
        assert app.screen is reader
        assert reader.query_one("#find", Input).value == "Warsaw"  # the second / selected Lisbon


async def test_keys_typed_after_enter_in_the_search_box_wait_for_the_reader(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        # Enter comes before the results: the document opens when they do, and the keys typed
        # after Enter find in it (they edited the query, and nothing opened).
        burst(app, *"Kowalczyk", "enter", "slash", *"Lisbon", "enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.document.title == "Energy talks stall in Lisbon"
        assert reader.query_one("#find", Input).value == "Lisbon"
        assert len(reader.matches) == 3
        assert box.value == "Kowalczyk"
        # With the results shown, the same.
        await pilot.press("escape", "escape")
        await pilot.press("slash", "ctrl+u", *"Marsh")
        await settle(app, pilot)
        burst(app, "enter", "slash", *"Petra", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen is not reader
        assert app.screen.query_one("#find", Input).value == "Petra"
        assert box.value == "Marsh"


async def test_keys_typed_after_an_enter_with_nothing_to_open_stay_in_the_box(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        burst(app, *"dockwrkers", "enter", "backspace", "backspace", *"ers")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and not app.holding
        assert box.value == "dockwrkeers"  # no hits: the keys kept for a reader were given back
        assert "0 hits for 'dockwrkeers'" in status(app, "#status")


async def test_keys_typed_after_down_wait_for_the_results_of_the_query(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        recent = [listing.title for listing in app.screen.query_one(HitList).values]
        # Down leaves the box before the results for "Lisbon" are in: the next Down and Enter
        # move in those results, not in the list of recent documents shown until then.
        burst(app, *"Lisbon", "down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        opened = app.screen.document.title
        await pilot.press("escape")
        await settle(app, pilot)
        hits = app.screen.query_one(HitList)
        assert "for 'Lisbon'" in status(app, "#status") and len(hits.values) >= 2
        assert opened == hits.values[1].title != recent[1]


async def test_keys_typed_after_enter_on_the_results_wait_for_the_reader(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        # `w` after Enter is the reader's (its quotes), not the library's (who said what).
        await enter_then_w_on_the_results(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.query_one("#quotes").has_focus


async def test_keys_typed_after_ctrl_p_reach_the_palette(settings: Any, library: Any) -> None:
    from textual.command import CommandInput, CommandPalette

    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, "ctrl+p", *"help")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).value == "help"
        assert app.screen_stack[0].query_one("#query", Input).value == ""


async def test_a_paste_after_enter_waits_for_the_reader_with_the_keys(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        burst(app, *"Kowalczyk", "enter", "slash")
        app.post_message(events.Paste("Lisbon"))
        burst(app, "enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.query_one("#find", Input).value == "Lisbon"
        assert len(reader.matches) == 3 and box.value == "Kowalczyk"


async def test_keys_typed_after_enter_on_a_quote_across_the_library_wait_for_the_reader(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_across(app, pilot)
        burst(app, "slash", *"marsh", "enter", "enter")
        await settle(app, pilot)
        assert app.screen.query_one("#items").has_focus
        burst(app, "enter", "w")  # `w` for the reader's quotes
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one("#quotes").has_focus
