"""The help screen (`?`): every key of the screen underneath, from its BINDINGS."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from byline.tui.commands import screen_keys


class BoxModal(ModalScreen[None]):
    """A modal of one titled box that scrolls, closed by Esc (and the keys a subclass binds
    to `close`)."""

    def boxed(self, box_id: str, title: str, content: Any, content_id: str) -> ComposeResult:
        """The box, titled, with `content` in a Static."""
        with VerticalScroll(id=box_id) as box:
            box.border_title = title
            box.border_subtitle = "Esc closes"
            yield Static(content, id=content_id)

    def action_close(self) -> None:
        """Back to the screen underneath."""
        self.dismiss(None)


class HelpScreen(BoxModal):
    """A modal listing the keys of `screen`; any of Esc, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close help"),
        Binding("question_mark", "close", "Close help", key_display="?", show=False),
        Binding("q", "close", "Close help", show=False),
    ]

    def __init__(self, screen: Screen[object], title: str) -> None:
        super().__init__()
        self._screen = screen
        self._title = title

    def compose(self) -> ComposeResult:
        """A titled table of keys in a scrollable box."""
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for key in screen_keys(self._screen):
            table.add_row(Text(key.key), Text(key.description))
        yield from self.boxed("help-box", f"Keys: {self._title}", table, "help-keys")
