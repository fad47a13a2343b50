"""Pilot tests: drive the reader with keys over a real library and check what the screen shows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.message import Message
from textual.widgets import Input, Static

from byline.models import EntityType
from byline.tui import make_app
from byline.tui.commands import screen_keys
from byline.tui.finding import find_all, find_terms, query_terms
from byline.tui.messages import OpenRequested
from byline.tui.screens.help import HelpScreen
from byline.tui.screens.library import LibraryScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.entity_pane import EntityPane
from byline.tui.widgets.hit_list import HitList
from byline.tui.widgets.key_bar import KeyBar
from byline.tui.widgets.pick_list import PickList
from byline.tui.widgets.quote_pane import QuotePane
from tests.tui.helpers import open_across, open_reader, settle, status


async def test_typing_a_query_shows_hits(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        results = app.screen.query_one(HitList)
        assert "recent documents" in status(app, "#status")
        assert results.option_count >= 3
        await pilot.press(*"Kowalczyk")
        await settle(app, pilot)
        assert "for 'Kowalczyk'" in status(app, "#status")
        titles = [listing.title for listing in results.values]
        assert "Energy talks stall in Lisbon" in titles
        first = results.values[0]
        assert first.highlights
        start, end = first.highlights[0]
        assert first.snippet[start:end].lower() == "kowalczyk"


async def test_enter_opens_the_reader_at_the_match(settings: Any, library: Any) -> None:
    opened: list[OpenRequested] = []

    def hook(message: Message) -> None:
        if isinstance(message, OpenRequested):
            opened.append(message)

    app = make_app(settings, library)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(app, pilot)
        hit = None
        await pilot.press(*"turbines")
        await settle(app, pilot)
        hit = app.screen.query_one(HitList).values[0]
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert opened and opened[0].offset == hit.offset
        assert hit.offset is not None and hit.offset > 1000
        assert reader.document.text[hit.offset :].lower().startswith("turbines")
        assert reader.view.is_offset_visible(hit.offset)
        assert reader.view.top_offset > 0
        # the query's words are highlighted, and n/N walk them
        assert hit.offset in [start for start, _ in reader.view.highlights("match")]
        assert status(app, "#reader-status").startswith("1/")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        # back on the results, on the hit that was open: j moves on, it is not typed in the query
        results = app.screen.query_one(HitList)
        assert app.focused is results and results.current == hit
        await pilot.press("j")
        assert app.screen.query_one("#query", Input).value == "turbines"


async def test_a_field_query_opens_at_the_first_mention_with_lines_above(
    settings: Any, library: Any
) -> None:
    # `people:"ibrahima diallo"` has no body words: the reader opens where the name is first in
    # the long report, two rows down from the top, not at its last reading position.
    app = make_app(settings, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*'people:"ibrahima diallo"')
        await settle(app, pilot)
        hit = app.screen.query_one(HitList).values[0]
        # The snippet shows the name where the report first gives it (no body word matched).
        assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Ibrahima", "Diallo"]
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        first = reader.document.text.index("Ibrahima")
        assert hit.offset == first
        view = reader.view
        assert view.is_offset_visible(first) and view.top_offset < first
        assert round(view.scroll_y) == view._index.y_of_offset(first) - 2  # type: ignore[union-attr]
        assert (first, first + len("Ibrahima Diallo")) in view.highlights("match")  # the phrase


async def test_search_within_the_document_counts_and_walks(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        await pilot.press("g", "slash", *"power", "enter")
        await settle(app, pilot)
        expected = find_all(reader.document.text, "power")
        assert len(expected) > 3
        assert status(app, "#reader-status") == f"1/{len(expected)}"
        assert reader.view.highlights("match") == expected
        assert reader.view.highlights("current") == [expected[0]]
        await pilot.press("n", "n")
        assert status(app, "#reader-status") == f"3/{len(expected)}"
        assert reader.view.highlights("current") == [expected[2]]
        assert reader.view.is_offset_visible(expected[2][0])
        await pilot.press("N")
        assert status(app, "#reader-status") == f"2/{len(expected)}"
        # After a jump away, n goes on from what is on the screen, as in less (a user's review:
        # G then n went back to the second match, near the top).
        await pilot.press("G")
        await settle(app, pilot)
        top = reader.view.top_offset
        await pilot.press("N")
        current = reader.view.highlights("current")[0]
        assert current == max(span for span in expected if span[0] < top)
        await pilot.press("g", "n")
        assert reader.view.highlights("current") == [expected[0]]


def test_library_query_words_are_found_in_the_text() -> None:
    assert query_terms('title:gas AND "power deal" OR negotiat*') == [
        "gas",
        "power deal",
        "negotiat",
    ]
    text = "Gas and gases; the negotiation, renegotiated."
    assert find_terms(text, ["gas", "negotiat"]) == [(0, 3), (8, 13), (19, 30)]
    # A phrase is found as a phrase (its words apart are not), across a line break or a stem.
    text = "Power and a deal; the power\ndeal; powers-deals."
    assert find_terms(text, ["power deal"]) == [(22, 32), (34, 46)]


def test_finding_ignores_accents_and_finds_a_word_s_other_forms() -> None:
    # A user's review: the library found "Sanhá" for `sanha` and "negotiations" for
    # "negotiators", the reader then said "No match".
    text = "Sanhá met the negotiators; negotiations on gas, not games. Łódź."
    found = find_terms(text, ["sanha", "negotiators", "gas", "lodz"])
    assert [text[a:b] for a, b in found] == ["Sanhá", "negotiators", "negotiations", "gas", "Łódź"]
    assert [text[a:b] for a, b in find_all(text, "sanha met")] == ["Sanhá met"]
    # Forms whose stem is no start of theirs ("citi"), capitals only as written, no stop words
    # (the library drops them): a review found "No match" on 120 of 148 hits for "cities".
    text = "Cities and a city; the theory of their US use."
    assert [text[a:b] for a, b in find_terms(text, ["cities"])] == ["Cities", "city"]
    assert query_terms("the city in the US") == ["city", "US"]
    assert [text[a:b] for a, b in find_terms(text, query_terms("the US"))] == ["US"]


def test_search_matches_across_line_wraps_and_case() -> None:
    text = "the Guinea-Bissau\npipeline and the GUINEA-BISSAU   Pipeline"
    second = text.index("GUINEA")
    assert find_all(text, "guinea-bissau pipeline") == [(4, 26), (second, len(text))]
    assert find_all(text, '"guinea-bissau pipeline"') == [(4, 26), (second, len(text))]


async def test_a_person_with_no_quotes_leaves_the_list_whole_and_esc_lets_go(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        pane = reader.query_one(EntityPane)
        quotes = reader.query_one(QuotePane)
        everyone = list(quotes.values)
        speakers = {q.speaker for q in everyone}
        silent = next(
            e
            for e in pane.values
            if e is not None and e.type is EntityType.PERSON and e.name not in speakers
        )
        await pilot.press("e")
        pane.highlighted = pane.index_of(silent.name)
        await pilot.press("enter")
        await pilot.pause()
        assert quotes.speaker == silent.name
        assert list(quotes.values) == everyone, "not an empty list that looks stuck"
        assert str(quotes.border_title) == f"Quotes ({len(everyone)}), none by {silent.name}"
        await pilot.press("escape")  # lets go of the name
        await pilot.pause()
        assert pane.selected is None and quotes.speaker is None
        assert reader.view.highlights("mention") == []
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")  # and back to the library
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)


async def test_selecting_a_person_filters_quotes_and_highlights_mentions(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        pane = reader.query_one(EntityPane)
        quotes = reader.query_one(QuotePane)
        everyone = len(quotes.values)
        await pilot.press("e")
        assert pane.has_focus
        index = pane.index_of("Petra Marsh")
        assert index is not None
        pane.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        marsh = pane.value_at(index)
        assert marsh is not None
        assert quotes.speaker == "Petra Marsh"
        assert quotes.values and all(q.speaker == "Petra Marsh" for q in quotes.values)
        assert len(quotes.values) < everyone
        mentions = sorted((m.start, m.end) for m in marsh.mentions)
        assert reader.view.highlights("mention") == mentions
        await pilot.press("n")
        assert reader.view.highlights("current") == [mentions[0]] or status(
            app, "#reader-status"
        ).startswith("mention ")
        assert status(app, "#reader-status").endswith(f"/{len(mentions)}")


async def test_enter_on_a_quote_jumps_to_it_and_y_copies_it(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        quotes = reader.query_one(QuotePane)
        await pilot.press("w")
        assert quotes.has_focus
        await pilot.press("G", "enter")
        await pilot.pause()
        last = quotes.values[-1]
        assert reader.view.highlights("quote") == [(last.start, last.end)]
        assert reader.view.is_offset_visible(last.start)
        assert reader.document.text[last.start : last.end] == last.text
        await pilot.press("y")
        copied = app.clipboard
        assert last.text.split()[0] in copied
        assert reader.document.title in copied
        assert (last.speaker or "Unattributed") in copied
        # From the entity list `y` copies nothing (the quote jumped to is not under its cursor).
        await pilot.press("e", "y")
        await pilot.pause()
        assert reader.query_one(EntityPane).has_focus and app.clipboard == copied
        assert "No quote selected" in list(app._notifications)[-1].message


async def test_help_lists_the_screens_keys(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(app, pilot, "Cacheu")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        text = console.file.getvalue()  # type: ignore[attr-defined]
        for key, words in [
            ("/", "Find"),
            ("esc", "Back"),
            ("n", "Next"),
            ("y", "Copy"),
            ("e", "Entities"),
            ("w", "Quotes"),
            ("q", "Quit"),
            ("?", "Help"),
        ]:
            assert words in text, words
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_command_palette_offers_the_screens_actions(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"entities")
        await settle(app, pilot)  # the palette gathers its hits in workers
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader
        assert reader.query_one(EntityPane).has_focus


async def test_narrow_terminal_folds_the_sidebars(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        entities, quotes = reader.query_one(EntityPane), reader.query_one(QuotePane)
        assert app.has_class("-narrow")
        # The long title gives way to its date.
        header = str(reader.query_one("#doc-title").render())
        assert header.endswith("… · 2024-03-12") and header.startswith("Bissau's gas gamble")
        # Every key of the reader fits on the bar at 80 columns, Back, Copy and Quit included.
        bar = [shown for _, shown, _, _ in reader.query_one(KeyBar)._fitting(80)]
        assert bar == ["/", "esc", "n", "N", "e", "w", "y", "q", "?"]
        assert not entities.display and not quotes.display
        await pilot.press("e")
        await pilot.pause()
        assert entities.display and entities.has_focus and not quotes.display
        await pilot.press("enter")  # choosing a person folds the list: the text shows them
        await pilot.pause()
        assert not entities.display and reader.view.has_focus
        assert reader.view.highlights("mention")
        assert "mention" in status(app, "#reader-status")
        await pilot.press("e", "escape")
        await pilot.pause()
        assert not entities.display
        await pilot.press("w")
        await pilot.pause()
        assert quotes.display and quotes.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert not quotes.display
        assert reader.view.highlights("quote")
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert app.has_class("-wide") and entities.display and quotes.display


async def test_reading_position_survives_resize_and_reopening(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        path = reader.document.path
        target = reader.document.text.index("Orla Energia, a mid-sized")
        reader.view.scroll_to_offset(target, context=0)
        await pilot.pause()
        assert reader.view.top_offset == target
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert reader.view.top_offset == target
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert reader.view.top_offset == target
        await pilot.press("escape")
        assert app.positions.get(path) == target
        app.post_message(OpenRequested(path))
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.view.top_offset == target
    # kept on disk, for the next run
    assert make_app(settings, library).positions.get(path) == target


async def test_document_text_is_shown_literally(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "markup")
        assert reader.document.title == "Control characters in a document"
        rows = [reader.view.render_line(y).text for y in range(reader.view.size.height)]
        shown = "\n".join(rows)
        assert "[bold]x[/bold]" in shown
        assert "]52;c;aGVsbG8=" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        hits = app.screen_stack[0].query_one(HitList)
        for listing in hits.values:
            assert "\x1b" not in listing.title


async def test_who_said_what_across_the_library(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_across(app, pilot)
        names = screen.query_one("#names")
        assert "Petra Marsh" in names.values  # type: ignore[attr-defined]
        names.highlighted = names.values.index("Petra Marsh")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        items = screen.query_one("#items")
        quotes = items.values  # type: ignore[attr-defined]
        assert len(quotes) >= 3 and all(q.speaker == "Petra Marsh" for q in quotes)
        await pilot.press("slash", *"bridge")
        await pilot.pause()
        narrowed = items.values  # type: ignore[attr-defined]
        assert narrowed and len(narrowed) < len(quotes)
        assert all("bridge" in q.text.lower() for q in narrowed)
        assert (
            narrowed[0].title == "Bissau's gas gamble: who really gains from the Cacheu power deal"
        )
        items.focus()
        await pilot.press("y")
        assert narrowed[0].title in app.clipboard and "Petra Marsh" in app.clipboard
        items.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        quote = narrowed[0]
        assert reader.view.highlights("quote") == [(quote.start, quote.end)]
        assert reader.view.is_offset_visible(quote.start)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_reported_speech_is_never_shown_or_copied_as_verbatim(
    settings: Any, library: Any
) -> None:
    # "Marsh added that the consortium ... would publish the contract" is the reporter's words:
    # no quotation marks around it in the library-wide list, and its citation says what it is.
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_across(app, pilot)
        names = screen.query_one("#names", PickList)
        names.highlighted = names.values.index("Petra Marsh")
        await pilot.press("enter")
        await settle(app, pilot)
        items = screen.query_one("#items", PickList)
        kinds = [row.kind for row in items.values]
        assert "reported" in kinds and "direct" in kinds
        for index, row in enumerate(items.values):
            shown = str(items.get_option_at_index(index).prompt)
            assert shown.startswith("“") == (row.kind != "reported"), shown
        items.focus()
        items.highlighted = kinds.index("reported")
        await pilot.press("y")
        assert not app.clipboard.startswith("“")
        assert "Petra Marsh (reported speech, not a direct quote)" in app.clipboard
        items.highlighted = kinds.index("direct")
        await pilot.press("y")
        assert app.clipboard.startswith("“") and "reported" not in app.clipboard


async def test_the_filter_narrows_the_list_the_cursor_is_in(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_across(app, pilot)
        names, items = screen.query_one("#names"), screen.query_one("#items")
        box = screen.query_one("#filter", Input)
        everyone = names.values  # type: ignore[attr-defined]
        # Before a name is chosen, / narrows the names (case aside).
        await pilot.press("slash", *"MARSH")
        await pilot.pause()
        assert names.values == ["Petra Marsh"]  # type: ignore[attr-defined]
        assert len(everyone) > 1 and box.placeholder.startswith("Filter names")
        assert box.border_title == "Filtering names"  # shown while typing, unlike a placeholder
        assert f"(1 of {len(everyone)})" in str(names.border_title)
        await pilot.press("enter", "enter")  # to the names, then choose the one left
        await settle(app, pilot)
        quotes = items.values  # type: ignore[attr-defined]
        assert items.has_focus and quotes and all(q.speaker == "Petra Marsh" for q in quotes)
        # From the quotes, / narrows them, in a box of their own.
        await pilot.press("slash")
        assert box.value == "" and box.placeholder.startswith("Filter quotes")
        assert box.border_title == "Filtering Petra Marsh's quotes"
        await pilot.press(*"bridge")
        await pilot.pause()
        narrowed = items.values  # type: ignore[attr-defined]
        assert narrowed and len(narrowed) < len(quotes)
        assert names.values == ["Petra Marsh"]  # type: ignore[attr-defined]
        # Back in the names, / shows their filter again; emptying it brings everyone back.
        names.focus()
        await pilot.press("slash")
        assert box.value == "MARSH"
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert names.values == everyone  # type: ignore[attr-defined]
        assert items.values == narrowed  # type: ignore[attr-defined]
        # Into the box by Shift+Tab or Tab: the filter of the list the cursor was in.
        await pilot.press("escape", "shift+tab")  # the names, then the box
        await pilot.pause()
        assert box.has_focus and box.value == "" and box.placeholder.startswith("Filter names")
        items.focus()
        await pilot.pause()
        await pilot.press("tab", "tab")  # the kind tabs, then the box: the quotes' filter
        await pilot.pause()
        assert box.has_focus and box.value == "bridge"
        assert box.placeholder.startswith("Filter quotes")
        await pilot.press("escape")  # from the box to the quotes; again: back to the library
        assert items.has_focus and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_places_list_documents_naming_them(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_across(app, pilot, "3")
        screen = app.screen
        names = screen.query_one("#names")
        assert "Lisbon" in names.values  # type: ignore[attr-defined]
        names.highlighted = names.values.index("Lisbon")  # type: ignore[attr-defined]
        names.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        items = screen.query_one("#items", PickList)
        assert "Energy talks stall in Lisbon" in [d.title for d in items.values]
        # Each row names its file too (one article is often kept in two formats).
        rows = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        assert any("lisbon-talks.txt" in row for row in rows)


async def test_header_shows_how_far_through_the_text(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        reader.view.focus()
        await pilot.press("g")
        await pilot.pause()
        # As a pager says it: Top and End, a percentage between (not "26%" at the top).
        assert status(app, "#doc-progress") == "Top"
        await pilot.press("pagedown")
        await pilot.pause()
        middle = status(app, "#doc-progress")
        assert middle.endswith("%") and 0 < int(middle[:-1]) < 100
        await pilot.press("G")
        await pilot.pause()
        assert status(app, "#doc-progress") == "End"


async def test_escape_closes_the_find_bar_then_goes_back(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        findbar = reader.query_one("#findbar")
        # Esc while typing in the bar: the bar closes, the text has the focus, the reader stays.
        await pilot.press("slash", *"power")
        await settle(app, pilot)
        assert findbar.display and reader.query_one("#find", Input).has_focus
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is reader
        assert not findbar.display
        assert reader.view.has_focus
        # Esc after Enter (the focus is back in the text, the bar still shows): the same.
        await pilot.press("slash", *"power", "enter")
        await settle(app, pilot)
        assert findbar.display and reader.view.has_focus
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is reader and not findbar.display and reader.view.has_focus
        # A second Esc goes back to the library.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_tab_walks_the_panes_also_when_they_are_folded(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        entities, quotes = reader.query_one(EntityPane), reader.query_one(QuotePane)
        await pilot.press("tab")
        await pilot.pause()
        assert entities.display and entities.has_focus
        await pilot.press("tab")
        await pilot.pause()
        assert quotes.display and quotes.has_focus and not entities.display
        await pilot.press("tab")
        await pilot.pause()
        assert not quotes.display and reader.view.has_focus


async def test_y_on_the_library_copies_the_documents_citation(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Kowalczyk")
        await settle(app, pilot)
        await pilot.press("down", "y")
        listing = app.screen.query_one(HitList).current
        assert listing is not None
        assert app.clipboard.startswith(f"“{listing.title}”")
        assert listing.path in app.clipboard
        assert "y" in [key.key for key in screen_keys(app.screen)]


async def test_help_lists_no_sideways_scrolling(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(app, pilot, "Cacheu")
        descriptions = [key.description for key in screen_keys(app.screen)]
        assert "Find" in descriptions and "Help" in descriptions
        assert not any("Left" in text or "Right" in text for text in descriptions)


async def test_no_color_draws_the_reader(settings: Any, library: Any, monkeypatch: Any) -> None:
    # Textual's monochrome filter needs a style on every segment; an unstyled one crashed the app.
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(settings, library)
    async with app.run_test(size=(200, 60)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        await pilot.press("j", "pagedown")
        await settle(app, pilot)
        assert app.no_color and app.has_class("-no-color")
        assert app.screen is reader
        assert "Cacheu" in app.export_screenshot()


async def test_slash_in_the_search_box_is_not_typed(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        assert box.has_focus
        await pilot.press("slash", *"Marsh")
        await settle(app, pilot)
        assert box.value == "Marsh"
        await pilot.press("down", "slash")
        assert box.has_focus


async def test_switching_kind_puts_the_cursor_in_the_names(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_across(app, pilot)
        await pilot.press("enter")  # the first person's quotes: the cursor goes to them
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        names = app.screen.query_one("#names")
        assert names.has_focus
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.query_one("#items").values  # type: ignore[attr-defined]


async def test_a_speaker_lists_the_quotes_counted_for_that_name(
    settings: Any, tmp_path: Path
) -> None:
    from byline.library import Library

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "full.txt").write_text(
        'Blair sets out his plans\n\n"We will build more homes," said Tony Blair, the prime '
        'minister.\n\n"And we will do it soon," Tony Blair added.\n',
        encoding="utf-8",
    )
    (docs / "surname.txt").write_text(
        'Critics answer back\n\nThe plans drew fire at once.\n\n"Wait and see," Blair said.\n',
        encoding="utf-8",
    )
    (docs / "cherie.txt").write_text(  # two Blairs: the bare surname is neither's
        'Charity opens\n\n"It matters," said Cherie Blair, opening the centre.\n',
        encoding="utf-8",
    )
    library = Library(tmp_path / "library")
    assert library.add([docs]).ok
    counts = dict(library.speakers())
    assert counts.get("Tony Blair") == 2 and counts.get("Blair") == 1
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        across = await open_across(app, pilot)
        await pilot.press("slash", *"blair", "enter")
        await settle(app, pilot)
        names = across.query_one("#names", PickList)
        assert names.values == ["Tony Blair", "Blair", "Cherie Blair"]
        await pilot.press("down", "enter")  # "Blair": his one quote, not Tony Blair's two too
        await settle(app, pilot)
        quotes = across.query_one("#items", PickList).values
        assert [q.text for q in quotes] == ["Wait and see,"]


async def test_tab_in_the_box_searches_for_did_you_mean(settings: Any, library: Any) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Kowalczik")
        await settle(app, pilot)
        assert status(app, "#status") == (
            "0 hits for 'Kowalczik' · did you mean 'kowalczyk'? (Tab)"
        )
        await pilot.press("tab")
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        assert box.value == "kowalczyk" and box.has_focus
        assert status(app, "#status") == "2 hits for 'kowalczyk'"
        await pilot.press("tab")  # no suggestion now: Tab moves on, as anywhere else
        await pilot.pause()
        assert app.focused is app.screen.query_one(HitList)


async def test_y_at_80_columns_copies_only_a_quote_the_reader_chose(
    settings: Any, library: Any
) -> None:
    # The quote list is folded away: its cursor (on the first quote) is not a choice.
    app = make_app(settings, library)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == ""
        assert "No quote selected" in list(app._notifications)[-1].message
        await pilot.press("w", "G", "enter", "y")  # the last quote, jumped to, then copied
        await pilot.pause()
        last = reader.query_one(QuotePane).values[-1]
        assert last.text.split()[0] in app.clipboard
        notice = list(app._notifications)[-1].message
        assert notice.startswith(f"Copied a quote by {last.speaker or 'an unnamed speaker'}: ")


async def test_choosing_someone_named_further_on_goes_to_their_first_mention(
    settings: Any, library: Any
) -> None:
    app = make_app(settings, library)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, "Cacheu")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        pane = reader.query_one(EntityPane)
        names = [getattr(value, "name", None) for value in pane.values]
        pane.highlighted = names.index("Ibrahima Diallo")
        await pilot.press("enter")
        await pilot.pause()
        first = reader.document.text.index("Ibrahima Diallo")
        assert reader.view.is_offset_visible(first)
        assert status(app, "#reader-status").startswith("mention 1/")


async def test_w_puts_the_quote_lists_cursor_on_the_text_being_read(
    settings: Any, library: Any
) -> None:
    # Opened far into the report, `w` then Enter is a quote from where one is reading, not the
    # report's first quote.
    app = make_app(settings, library)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, 'people:"ibrahima diallo"')
        top = reader.view.top_offset
        await pilot.press("w")
        await pilot.pause()
        chosen = reader.query_one(QuotePane).current
        assert chosen is not None and chosen.start >= top
        assert chosen == min(
            (q for q in reader.query_one(QuotePane).values if q.start >= top),
            key=lambda q: q.start,
        )


async def test_quotes_counted_by_surname_show_their_document_s_title(
    settings: Any, tmp_path: Path
) -> None:
    # A user's review: a quote counted for "Rick Parry" from an article naming only "Parry"
    # showed a path, and `y` cited the file name as the title.
    from byline.library import Library

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "full.txt").write_text(
        'Club sets its price\n\n"We are ready to talk," said Rick Parry, the chief executive.\n'
    )
    (docs / "bare.txt").write_text(
        'Parry firm over Gerrard\n\n"We will not sell him," Parry said on Monday.\n'
    )
    library = Library(tmp_path / "library")
    assert library.add([docs]).ok
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_across(app, pilot)
        names = screen.query_one("#names", PickList)
        names.highlighted = names.values.index("Rick Parry")
        await pilot.press("enter")
        await settle(app, pilot)
        items = screen.query_one("#items", PickList)
        titles = {Path(row.path).name: row.title for row in items.values}
        assert titles == {"bare.txt": "Parry firm over Gerrard", "full.txt": "Club sets its price"}
