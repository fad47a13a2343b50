"""The reader's header line: the title with its source and date, and where the screen is in
the text."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


def position_label(fraction: float, at_top: bool) -> str:
    """Where the screen is in the text, as a pager says it: "All" when the whole text shows,
    "Top" and "End" at either end, else how far through the text the bottom line is ("42%")."""
    if at_top:
        return "All" if fraction >= 1.0 else "Top"
    return "End" if fraction >= 1.0 else f"{round(fraction * 100)}%"


class TitleLine(Widget):
    """The title, then " · source · date" right after it; where the line is too narrow the
    title is cut, not the source and date."""

    def __init__(self, title: str, meta: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title, self.meta = title, meta

    def render(self) -> Text:
        """The line for the width it has now."""
        room = self.size.width - len(self.meta)
        title = self.title
        if len(title) > room:
            title = title[: max(room - 1, 12)].rstrip() + "…"
        line = Text(title, style="bold", no_wrap=True, overflow="ellipsis")
        line.append(self.meta)
        return line
