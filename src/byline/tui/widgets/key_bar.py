"""`KeyBar`: the keys of the screen at its foot, as one line of text.

Textual's `Footer` is a widget per key, and it recomposes (mounts and styles every key again) each
time the active bindings change, which is every focus change: on opening a document that was a
third of the time to first paint. This bar renders one `Text` from the same active bindings and
only repaints when the line it would show changes. A click on a key presses it, as in `Footer`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

KeyCell = tuple[str, str, str, bool]
"""`(key, key as shown, description, enabled)` for one key of the bar."""


_KEPT = ("q", "ctrl+q", "question_mark", "f1")
"""The app's keys for quitting and help: always on the bar, however narrow."""


_ALTERNATIVE_TO = {"ctrl+q": "q", "f1": "question_mark"}
"""The app's second keys for quit and help, shown only where a text box takes the first."""


class KeyBar(Widget):
    """One line docked at the bottom: `key description` for every shown binding of the screen."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._cells: tuple[KeyCell, ...] = ()
        self._places: list[tuple[int, int, str]] = []
        """`(first cell, end cell, key)` of each key as last rendered, for clicks."""

    @property
    def cells(self) -> tuple[KeyCell, ...]:
        """The keys the bar shows, in order."""
        return self._cells

    def on_mount(self) -> None:
        """Follow the screen's active bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        app = self.app
        cells: list[KeyCell] = []
        seen: set[str] = set()
        palette = None
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.action == "command_palette" and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), "palette", active.enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            if _ALTERNATIVE_TO.get(binding.key) in screen.active_bindings:
                continue  # `q` is active: no need to show Ctrl-Q
            seen.add(binding.action)
            cells.append(
                (binding.key, app.get_key_display(binding), binding.description, active.enabled)
            )
        if palette is not None:
            cells.append(palette)
        if tuple(cells) != self._cells:
            self._cells = tuple(cells)
            self.refresh()

    def _fitting(self, width: int) -> list[KeyCell]:
        """The cells that fit in `width`: all of them, or the first ones and then help and quit
        (the palette's key goes first), so `?` always shows where every other key is listed."""
        cells = list(self._cells)

        def length(row: list[KeyCell]) -> int:
            return sum(len(shown) + 2 + (len(text) + 1 if text else 0) for _, shown, text, _ in row)

        if length(cells) <= width:
            return cells
        cells = [cell for cell in cells if cell[0] != "ctrl+p"]
        keep_last = [cell for cell in cells if cell[0] in _KEPT]
        rest = [cell for cell in cells if cell not in keep_last]
        while rest and length(rest + keep_last) > width:
            rest.pop()
        return rest + keep_last

    def render(self) -> Text:
        """`key description` pairs, one space apart; a disabled key is dimmed."""
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._places = []
        for key, shown, description, enabled in self._fitting(self.size.width):
            start = line.cell_len
            line.append(f" {shown} ", key_style)
            if description:
                line.append(f"{description} ", description_style)
            if not enabled:
                line.stylize("dim", start)
            self._places.append((start, line.cell_len, key))
        return line

    def on_resize(self) -> None:
        """Another width may fit other keys."""
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """Press the key that was clicked."""
        for start, end, key in self._places:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
