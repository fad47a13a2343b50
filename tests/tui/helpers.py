"""Driving the reader with Pilot: waiting for its workers, reading a status line, opening a hit."""

from __future__ import annotations

import contextlib

from textual import events
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from byline.tui.app import BylineApp
from byline.tui.screens.across import AcrossScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.hit_list import HitList


async def settle(app: BylineApp, pilot: Pilot[None]) -> None:
    """Let workers finish and their messages be handled (twice: a handler may start a worker)."""
    for _ in range(3):
        # A failed worker is shown as a notice; tests that expect one look there. A cancelled
        # one was replaced by a later one (a newer search, a newer document to open). Each is
        # waited for on its own: waiting for all at once stops at the first that raises.
        for worker in list(app.workers):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
        await pilot.pause()


def status(app: BylineApp, selector: str) -> str:
    """The plain text of a one-line status widget."""
    return str(app.screen.query_one(selector).render())


async def open_reader(app: BylineApp, pilot: Pilot[None], query: str) -> ReaderScreen:
    """Search for `query` and open the first hit."""
    await settle(app, pilot)
    await pilot.press(*query)
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def open_across(app: BylineApp, pilot: Pilot[None], *keys: str) -> AcrossScreen:
    """From the library's results, `w` (then `keys`): who said what across the library."""
    await settle(app, pilot)
    app.screen.query_one(HitList).focus()
    await pilot.press("w", *keys)
    await settle(app, pilot)
    assert isinstance(app.screen, AcrossScreen)
    return app.screen


async def enter_then_w_on_the_results(app: BylineApp, pilot: Pilot[None]) -> None:
    """From the library's results, Enter and `w` in one burst: `w` is for the reader it opens
    (its quotes), if the keys typed after Enter wait for it (`byline.tui.typeahead`)."""
    await settle(app, pilot)
    app.screen.query_one(HitList).focus()
    await pilot.pause()
    burst(app, "enter", "w")
    await settle(app, pilot)


_CHARACTERS = {"slash": "/", "enter": "\r", "backspace": "\x7f", "ctrl+u": "\x15", "space": " "}


def burst(app: BylineApp, *keys: str) -> None:
    """Send `keys` at once, as a laggy SSH link delivers them: the app handles none of them
    before all have arrived (Pilot's `press` waits for each key to be handled)."""
    for key in keys:
        character = key if len(key) == 1 else _CHARACTERS.get(key)
        app.post_message(events.Key(key, character))
