"""`DocumentView`: the cleaned text of one document, through Textual's Line API.

The view renders only the rows on screen. Rows come from a `WrapIndex` for the current width
(lazy for big texts, made exact by a thread worker), each row a `Strip` built from the text's slice
with the highlights that overlap it, cached by `(row, width, highlight version)`. Highlights,
jumps and the reading position are all text offsets; nothing is derived from what is on screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from byline.tui.messages import ForwardsWorkerFailures
from byline.tui.wrap import Span, WrapIndex, display, split_blocks, wrap_blocks

HIGHLIGHT_KINDS = ("mention", "match", "quote", "current")
"""Highlight layers, weakest first: a later layer's style wins where two overlap."""


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans (so both starts and ends are sorted)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class DocumentView(ForwardsWorkerFailures, ScrollView, can_focus=True):
    """The document's text, wrapped to the width, scrolled and highlighted by offsets."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-view--heading",
        "document-view--mention",
        "document-view--match",
        "document-view--quote",
        "document-view--current",
    }

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        overflow-y: scroll;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    @dataclass
    class Moved(Message):
        """The top line changed: the reading position, as a text offset and a fraction read
        (how far through the text the bottom line is, as `less` counts)."""

        view: DocumentView
        offset: int
        fraction: float
        at_top: bool = False
        """The first line is on screen (with `fraction` 1.0: the whole text is)."""

        @property
        def control(self) -> DocumentView:
            """The view that moved."""
            return self.view

    @dataclass
    class Wrapped(Message):
        """A worker finished the exact wrap of the text for one width."""

        view: DocumentView
        width: int
        generation: int
        lines: list[list[Span]]

        @property
        def control(self) -> DocumentView:
            """The view the wrap is for."""
            return self.view

    def __init__(
        self,
        text: str = "",
        paragraphs: Sequence[Span] = (),
        headings: Iterable[Span] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = text
        self._blocks = split_blocks(text, paragraphs)
        heading_starts = {start for start, _ in headings}
        self._heading_blocks = {
            number for number, (start, _) in enumerate(self._blocks) if start in heading_starts
        }
        self._index: WrapIndex | None = None
        self._generation = 0
        self._highlights: dict[str, list[Span]] = {kind: [] for kind in HIGHLIGHT_KINDS}
        self._highlight_ends: dict[str, list[int]] = {kind: [] for kind in HIGHLIGHT_KINDS}
        self._highlight_version = 0
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self._frame_styles: dict[str, Style] = {}
        self._anchor = 0
        self._pending_offset: int | None = None
        self._pending_context = 0
        """The rows to keep above `_pending_offset` once it is placed."""
        self._last_reported: tuple[int, int] = (-1, -1)

    @property
    def text(self) -> str:
        """The document text this view shows."""
        return self._text

    @property
    def wrap_index(self) -> WrapIndex | None:
        """The wrap index for the current width (None before the first layout)."""
        return self._index

    @property
    def top_offset(self) -> int:
        """Offset of the first character on the top row: the reading position."""
        if self._index is None:
            return self._pending_offset if self._pending_offset is not None else self._anchor
        return self._index.offset_of_y(round(self.scroll_y))

    @property
    def bottom_offset(self) -> int:
        """Offset just past the last character on screen."""
        if self._index is None:
            return self.top_offset
        line = self._index.line(round(self.scroll_y) + self.size.height - 1)
        return line.end if line is not None else len(self._text)

    def highlights(self, kind: str) -> list[Span]:
        """The spans currently highlighted as `kind` (see `HIGHLIGHT_KINDS`)."""
        return list(self._highlights[kind])

    def set_highlights(self, kind: str, spans: Iterable[Span]) -> None:
        """Replace one highlight layer; only the rows on screen are rendered again."""
        merged = _merge(spans)
        self._highlights[kind] = merged
        self._highlight_ends[kind] = [end for _, end in merged]
        self._highlight_version += 1
        self.refresh()

    def notify_style_update(self) -> None:
        """Styles (theme) changed: cached strips hold old colours."""
        super().notify_style_update()
        self._cache.clear()

    # Layout -----------------------------------------------------------------------------------

    def _wrap_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Re-wrap as soon as the layout gives the view a new size (before that layout's frame is
        rendered): done in `on_resize`, a freshly opened document's first frames were blank, and
        each blank frame of the reader screen cost as much to render as one with the text."""
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if size.width > 0 and size.height > 0:
            self._rewrap()
        return changed

    def on_resize(self) -> None:
        """Re-wrap for a new width (if the layout has not already), keeping the reading
        position's line at the top."""
        self._rewrap()

    def _rewrap(self) -> None:
        width = self._wrap_width()
        if self._index is not None and self._index.width == width:
            return
        anchor, context = self._anchor, 0
        if self._pending_offset is not None:
            anchor, context = self._pending_offset, self._pending_context
        self._generation += 1
        self._index = WrapIndex(self._text, self._blocks, width)
        self._cache.clear()
        if not self._index.exact:
            # After the first paint: the worker would share the interpreter with it.
            self.call_after_refresh(self._wrap_in_background, width, self._generation)
        self._place(anchor, context)
        # Rows painted before this resize was handled were blank: paint again once laid out.
        self.call_after_refresh(self.refresh)

    def _place(self, offset: int, context: int = 0) -> None:
        """Scroll so the line holding `offset` is `context` rows below the top."""
        index = self._index
        if index is None:
            self._pending_offset, self._pending_context = offset, context
            return
        self._pending_offset = None
        y = max(0, index.y_of_offset(offset) - context)
        index.wrap_rows(y, self.size.height + 1)
        y = max(0, index.y_of_offset(offset) - context)
        self.virtual_size = Size(self._wrap_width(), index.height)
        self._anchor = offset
        self.scroll_to(y=y, animate=False, force=True, immediate=True)
        self.refresh()
        self.call_after_refresh(lambda: self._report(self.top_offset))

    @work(thread=True, exclusive=True, exit_on_error=False, group="wrap")
    def _wrap_in_background(self, width: int, generation: int) -> None:
        lines = wrap_blocks(self._text, self._blocks, width)
        self.post_message(self.Wrapped(self, width, generation, lines))

    @on(Wrapped)
    def _install_wrap(self, message: Wrapped) -> None:
        message.stop()
        index = self._index
        if index is None or message.generation != self._generation or index.width != message.width:
            return
        anchor = self.top_offset
        index.install(message.lines)
        self._cache.clear()
        self._place(anchor)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Wrap what scrolled into view and report the reading position."""
        super().watch_scroll_y(old_value, new_value)
        index = self._index
        if index is None:
            return
        top = round(new_value)
        anchor = index.offset_of_y(top)
        if index.wrap_rows(top, self.size.height + 1):
            # Estimated heights above changed: keep the same text at the top.
            self._cache.clear()
            self.virtual_size = Size(self._wrap_width(), index.height)
            self.scroll_to(y=index.y_of_offset(anchor), animate=False, immediate=True)
            return
        self._report(index.offset_of_y(top))

    def _report(self, offset: int) -> None:
        """Post the reading position (top offset) and how far through the text the bottom is."""
        bottom = self.bottom_offset
        if (offset, bottom) == self._last_reported:
            return
        self._last_reported = (offset, bottom)
        self._anchor = offset
        at_end = self.scroll_y >= self.max_scroll_y
        fraction = 1.0 if at_end or not self._text else min(1.0, bottom / len(self._text))
        self.post_message(self.Moved(self, offset, fraction, at_top=self.scroll_y <= 0))

    # Navigation -------------------------------------------------------------------------------

    # Keys move the text at once. Textual's default actions animate, and every frame of an
    # animation is a scroll: a wrap check, a `Moved` and a repaint of the whole view, ~13 per key.

    def action_scroll_down(self) -> None:
        """Down one row (j, down)."""
        self._scroll_by_key(lambda: self.scroll_down(animate=False))

    def action_scroll_up(self) -> None:
        """Up one row (k, up)."""
        self._scroll_by_key(lambda: self.scroll_up(animate=False))

    def action_page_down(self) -> None:
        """Down one screen (space, page down)."""
        self._scroll_by_key(lambda: self.scroll_page_down(animate=False))

    def action_page_up(self) -> None:
        """Up one screen (page up)."""
        self._scroll_by_key(lambda: self.scroll_page_up(animate=False))

    def action_scroll_home(self) -> None:
        """To the start of the text (g, home)."""
        self._scroll_by_key(lambda: self.scroll_home(animate=False))

    def action_scroll_end(self) -> None:
        """To the end of the text (G, end)."""
        self._scroll_by_key(lambda: self.scroll_end(animate=False))

    def _scroll_by_key(self, scroll: Callable[[], object]) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        scroll()

    def scroll_to_offset(self, offset: int, *, context: int = 2) -> None:
        """Show the text at `offset`, a couple of rows below the top so it reads in context."""
        self._place(max(0, min(offset, len(self._text))), context)
        if self._index is not None:
            self._report(self.top_offset)

    def is_offset_visible(self, offset: int) -> bool:
        """True when the character at `offset` is on screen."""
        if self._index is None:
            return False
        y = self._index.y_of_offset(offset)
        top = round(self.scroll_y)
        return top <= y < top + self.size.height

    # Rendering --------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in `crop`, with the view's style looked up once for all of them (`rich_style`
        walks every ancestor's styles: per row it was most of a scroll key's rendering)."""
        self._frame_styles = {"": self.rich_style}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = {}

    def _style(self, name: str = "") -> Style:
        """The view's style (""), or a component's, cached for the frame being rendered."""
        style = self._frame_styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name) if name else self.rich_style
            if self._frame_styles:
                self._frame_styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        """One row of the view: the visual line at `scroll_y + y`, cropped to the width."""
        width = self.size.width
        index = self._index
        row = round(self.scroll_y) + y
        style = self._style()
        if index is None:
            return Strip.blank(width, style)
        key = (row, index.width, self._highlight_version)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(index, row, style)
            self._cache[key] = strip
        return strip.crop_extend(0, width, style)

    def _render_row(self, index: WrapIndex, row: int, style: Style) -> Strip:
        line = index.line(row)
        if line is None or line.blank:
            return Strip.blank(index.width, style)
        start, end = line.start, line.end
        text = Text(display(self._text[start:end]), style=style, no_wrap=True, end="")
        if line.block in self._heading_blocks:
            text.stylize(self._style("document-view--heading"))
        for kind in HIGHLIGHT_KINDS:
            spans = self._highlights[kind]
            if not spans:
                continue
            kind_style = self._style(f"document-view--{kind}")
            first = bisect_right(self._highlight_ends[kind], start)
            for span_start, span_end in spans[first:]:
                if span_start >= end:
                    break
                text.stylize(kind_style, max(0, span_start - start), min(end, span_end) - start)
        # A segment without a style takes the view's: filters (NO_COLOR's monochrome) need one.
        segments = [Segment(seg.text, seg.style or style) for seg in text.render(self.app.console)]
        return Strip(segments).extend_cell_length(index.width, style)
