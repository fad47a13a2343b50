"""The problems screen (`!` on the library screen): every file the library could not index, and
why, as the library keeps them between runs (`byline.library_failures`).

A notice says how many files failed when indexing ends, but notices go; this list stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from byline.tui.records import plural
from byline.tui.screens.help import BoxModal
from byline.tui.wrap import display


class ProblemsScreen(BoxModal):
    """A modal listing each failed file: its name and the one-line reason, then its folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("exclamation_mark", "close", "Close", key_display="!", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, failures: Sequence[Any]) -> None:
        super().__init__()
        self._failures = tuple(failures)

    def compose(self) -> ComposeResult:
        """The failures in a scrollable box, one file per row."""
        listing = Text()
        for failure in self._failures:
            path = Path(str(failure.path))
            listing.append(display(path.name), style="bold")
            listing.append(f"  {display(str(failure.reason))}\n")
            listing.append(f"  {display(str(path.parent))}\n", style="dim")
        listing.rstrip()
        title = f"{plural(len(self._failures), 'file')} could not be indexed"
        yield from self.boxed("problems-box", title, listing, "problems-list")


def failures_notice(failures: Sequence[Any]) -> str:
    """The one notice at the end of indexing: the file and reason when one failed, else how
    many, and where to see them."""
    if len(failures) == 1:
        failure = failures[0]
        return (
            f"{display(Path(str(failure.path)).name)}: {display(str(failure.reason))} (! lists it)"
        )
    return f"{plural(len(failures), 'file')} could not be indexed: press ! to list them"
