"""`PickList`: an OptionList that carries one value per row and moves with the reader's keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.style import Style
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from byline.tui.typeahead import hold_keys

T = TypeVar("T")


class PickList(OptionList, Generic[T]):
    """Rows with a value behind each; `j`/`k`/`g`/`G` move like the text does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    opens = False
    """Enter on a row opens a document (the library's results, who said what's quotes and
    documents): the keys typed after it wait for the reader (`action_select`)."""

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, opens: bool | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._values: list[T] = []
        if opens is not None:
            self.opens = opens

    def action_select(self) -> None:
        """Enter: in a list that `opens`, the keys typed after it are kept for the reader
        (`byline.tui.typeahead`) from now, before they come back up to the screen's bindings:
        `Enter` `w` in one burst shows the reader's quotes, not who said what."""
        if self.opens and self.value_at(self.highlighted) is not None:
            hold_keys(self.app)
        super().action_select()

    def show(self, rows: Sequence[tuple[Option, T]], highlight: int | None = 0) -> None:
        """Replace the rows; the values line up with the options."""
        self._values = [value for _, value in rows]
        self.set_options([option for option, _ in rows])
        if rows and highlight is not None:
            self.highlighted = min(highlight, len(rows) - 1)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """The scrollbar came or went, so the rows are narrower or wider: measure them again.
        `OptionList` keeps the heights it measured at the old width, and a row filled in just
        before its list needed a scrollbar lost its last wrapped line."""
        self._clear_caches()
        self.refresh()

    @property
    def values(self) -> list[T]:
        """The value behind each row, in order."""
        return list(self._values)

    def value_at(self, index: int | None) -> T | None:
        """The value of row `index`, or None."""
        if index is None or not 0 <= index < len(self._values):
            return None
        return self._values[index]

    @property
    def current(self) -> T | None:
        """The value of the highlighted row."""
        return self.value_at(self.highlighted)

    def part(self, name: str) -> Style:
        """The rich style of one of this list's component classes (theme-aware)."""
        return self.get_component_rich_style(name, partial=True)
