"""The cyclic garbage collector around opening a document.

Opening a big document makes a few hundred thousand small objects at once (its paragraphs, the
reader's blocks and wrap lines, the new screen's widgets and styles). Each batch of them triggers
collections that walk every object alive: measured on the 5 MB report, two full collections and
~25 middle ones were 0.6 s of a 0.7 s open. None of those objects is garbage yet.

So the collector is paused from the request to open until the reader has painted, and what exists
then is frozen (`gc.freeze`: moved where collections do not look; reference counting still frees
it). Scrolling then only ever collects the few objects a key press makes. When the reader closes,
the frozen objects are handed back and collected once, after the library screen has painted.
"""

from __future__ import annotations

import gc


class OpeningPause:
    """Pause collection while a document opens; freeze what is alive once it shows."""

    def __init__(self) -> None:
        self._paused = False

    @property
    def paused(self) -> bool:
        """True between `pause` and `settle`."""
        return self._paused

    def pause(self) -> None:
        """A document is being opened: no collections until `settle` (or `cancel`)."""
        if not self._paused and gc.isenabled():
            gc.disable()
            self._paused = True

    def settle(self) -> None:
        """The reader has painted: freeze what is alive and collect again from here on."""
        if self._paused:
            gc.freeze()
            gc.enable()
            self._paused = False

    def cancel(self) -> None:
        """The open failed: collect as before, freezing nothing."""
        if self._paused:
            gc.enable()
            self._paused = False

    @staticmethod
    def release() -> None:
        """A reader closed: give the frozen objects back to the collector and collect them."""
        gc.unfreeze()
        gc.collect()
