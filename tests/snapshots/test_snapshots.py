"""SVG snapshots of the reader's main screens (pytest-textual-snapshot).

Regenerate after an intended change with `pytest tests/snapshots --snapshot-update` and review the
report. The library is a real one built from a few dated sample documents (`conftest.py`), so a
change to cleaning or analysis that shows on screen moves the pictures too: review and update them.
The cursor does not blink, and nothing on screen shows a clock or a temporary path.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from byline.config import Settings
from byline.tui import make_app
from byline.tui.app import BylineApp
from byline.tui.messages import OpenRequested
from byline.tui.widgets.entity_pane import EntityPane


async def settle(pilot: Pilot[Any]) -> None:
    """Workers done, messages handled, cursors still."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    for field in app.screen.query(Input):
        field.cursor_blink = False
    shown = app.export_screenshot()
    assert "pytest-of" not in shown and "/tmp/" not in shown, "a temporary path is on screen"


@pytest.fixture
def settings() -> Settings:
    """Default settings (the default dark theme)."""
    return Settings()


def app_for(settings: Any, library: Any) -> BylineApp:
    """The app as the CLI builds it."""
    return make_app(settings, library)


def test_library_screen(snap_compare: Any, settings: Any, library: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*"Marsh")
        await settle(pilot)

    assert snap_compare(app_for(settings, library), terminal_size=(100, 30), run_before=run_before)


def _open(path: str, select: str | None = None) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.post_message(OpenRequested(path, offset=0))
        await settle(pilot)
        if select is not None:
            pane = pilot.app.screen.query_one(EntityPane)
            index = pane.index_of(select)
            assert index is not None
            pane.highlighted = index
            pane.focus()
            await pilot.press("enter")
            await settle(pilot)
            pilot.app.screen.query_one("#text").focus()
            await pilot.press("n")
            await settle(pilot)

    return run_before


def test_reader_narrow(
    snap_compare: Any, settings: Any, library: Any, reader_document: str
) -> None:
    app = app_for(settings, library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open(reader_document))


def test_reader_wide_with_a_person_selected(
    snap_compare: Any, settings: Any, library: Any, reader_document: str
) -> None:
    app = app_for(settings, library)
    run_before = _open(reader_document, "Petra Marsh")
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_reader_find_bar(
    snap_compare: Any, settings: Any, library: Any, reader_document: str
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open(reader_document)(pilot)
        await pilot.press("slash", *"power")
        await settle(pilot)

    app = app_for(settings, library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_who_said_what(snap_compare: Any, settings: Any, library: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#results").focus()
        await pilot.press("w")
        await settle(pilot)
        names = pilot.app.screen.query_one("#names")
        names.highlighted = names.values.index("Petra Marsh")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(settings, library), terminal_size=(120, 36), run_before=run_before)


def test_help(snap_compare: Any, settings: Any, library: Any, reader_document: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open(reader_document)(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app_for(settings, library), terminal_size=(100, 30), run_before=run_before)


def test_reader_light_theme(snap_compare: Any, library: Any, reader_document: str) -> None:
    app = app_for(Settings(theme="textual-light"), library)
    run_before = _open(reader_document, "Petra Marsh")
    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
