"""DocumentView on its own: wrapping, offsets, highlights, and a 5 MB document end to end."""

from __future__ import annotations

import random

from rich.style import Style
from textual.app import App, ComposeResult

from byline.tui.app import stylesheet
from byline.tui.widgets.document_view import DocumentView
from byline.tui.wrap import WrapIndex, _wrap_cells, display, split_blocks, wrap_block


class ViewApp(App[None]):
    """Just a DocumentView filling the screen, styled by the app's stylesheet."""

    CSS_PATH = stylesheet()

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield DocumentView(self.text)


def big_text(size: int = 5_000_000) -> str:
    """Deterministic paragraphs of words, about `size` characters."""
    rng = random.Random(7)
    words = ["negotiation", "Lisbon", "pipeline", "said", "the", "of", "minister", "a", "energy"]
    paragraphs: list[str] = []
    total = 0
    number = 0
    while total < size:
        body = " ".join(rng.choice(words) for _ in range(rng.randint(20, 160)))
        paragraph = f"Paragraph {number}: {body}."
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
        number += 1
    paragraphs.append("THE END OF THE DOCUMENT")
    return "\n\n".join(paragraphs)


def row_text(view: DocumentView, y: int) -> str:
    """What row `y` of the view shows."""
    return view.render_line(y).text


def test_wrap_keeps_every_character_and_respects_width() -> None:
    text = "The negotiation over the Guinea-Bissau pipeline stalled " * 5
    lines = wrap_block(text, 0, len(text), 17)
    assert all(end - start <= 17 for start, end in lines)
    rebuilt = " ".join(text[start:end] for start, end in lines)
    assert rebuilt.split() == text.split()


def test_prose_with_curly_quotes_wraps_as_cells_and_wide_text_by_cells() -> None:
    prose = "“We are not going to sign” — said Renée, café owner, in Évora. " * 9
    wide = "大阪の交渉は 火曜日に滞った " * 9
    for text in (prose, wide, prose + "	" + wide):
        for width in (7, 20, 33):
            assert wrap_block(text, 0, len(text), width) == _wrap_cells(text, 0, len(text), width)


def test_wrap_index_maps_offsets_both_ways() -> None:
    text = "\n\n".join(f"paragraph {n} " + "word " * 30 for n in range(50))
    index = WrapIndex(text, split_blocks(text), 20)
    for offset in range(0, len(text), 97):
        y = index.y_of_offset(offset)
        line = index.line(y)
        assert line is not None
        assert line.start <= offset
        # past the line's end only by the spaces (or blank line) it broke at
        assert not text[line.end : offset].strip()


def test_display_neutralises_control_characters() -> None:
    raw = "a\x1b]52;c;SGVsbG8=\x07b\tc\x9bd"
    shown = display(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "]52;c;SGVsbG8=" in shown


async def test_five_megabyte_document_opens_and_scrolls_to_the_end() -> None:
    text = big_text()
    app = ViewApp(text)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        assert view.wrap_index is not None
        assert "Paragraph 0:" in row_text(view, 0)
        view.scroll_to_offset(len(text) // 2)
        await pilot.pause()
        assert view.top_offset <= len(text) // 2 < view.bottom_offset
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.wrap_index.exact
        view.focus()
        await pilot.press("G")
        await pilot.pause()
        shown = [row_text(view, y) for y in range(view.size.height)]
        assert any("THE END OF THE DOCUMENT" in row for row in shown)
        await pilot.press("g")
        await pilot.pause()
        assert "Paragraph 0:" in row_text(view, 0)


async def test_highlights_style_exactly_their_offsets() -> None:
    text = "Alpha beta gamma.\n\nDelta epsilon beta zeta."
    app = ViewApp(text)
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(DocumentView)
        second = text.rindex("beta")
        view.set_highlights("match", [(second, second + 4)])
        await pilot.pause()
        match_style: Style = view.get_component_rich_style("document-view--match")
        row = view.render_line(2)
        assert match_style.bgcolor is not None
        styled = [seg.text for seg in row if seg.style and seg.style.bgcolor == match_style.bgcolor]
        assert styled == ["beta"]
        assert view.highlights("match") == [(second, second + 4)]


async def test_top_line_offset_survives_a_resize() -> None:
    text = "\n\n".join(f"Paragraph {n}: " + "words that wrap " * 20 for n in range(200))
    app = ViewApp(text)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        target = text.index("Paragraph 120:")
        view.scroll_to_offset(target, context=0)
        await pilot.pause()
        assert view.top_offset == target
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.top_offset == target
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert view.top_offset == target


async def test_keys_scroll_at_once_with_one_moved_message_each() -> None:
    text = "\n\n".join(f"Paragraph {n}: " + "words that wrap " * 20 for n in range(200))
    moves: set[int] = set()

    def hook(message: object) -> None:
        if isinstance(message, DocumentView.Moved):
            moves.add(id(message))  # the hook sees a message again at each parent it bubbles to

    app = ViewApp(text)
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        view = app.query_one(DocumentView)
        view.focus()
        await pilot.pause()
        for key, rows in (("pagedown", view.scrollable_content_region.height), ("j", 1)):
            moves.clear()
            before = view.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert view.scroll_y == before + rows
            assert len(moves) == 1
