"""A document whose text is indexed but not yet analysed says so in the list, instead of
claiming it names nobody and has no quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from byline.library import Library
from byline.tui import make_app
from byline.tui.widgets.hit_list import HitList
from tests.tui.conftest import LISBON
from tests.tui.helpers import settle


def _lines(app: Any) -> list[str]:
    results = app.screen.query_one(HitList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def test_counts_wait_for_the_analysis(settings: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lisbon-talks.txt").write_text(LISBON, encoding="utf-8")
    library = Library(tmp_path / "library")
    assert library.add([docs], analyse=False).ok
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        (line,) = _lines(app)
        assert "not analysed yet" in line and "0 people" not in line
    assert library.add([docs]).ok  # now analysed
    app = make_app(settings, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        (line,) = _lines(app)
        assert "not analysed yet" not in line
        assert "people" in line and "quotes" in line
