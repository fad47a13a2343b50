"""Keys typed while a document opens wait for the reader, and reach it in the order typed.

Opening a document takes a search (when Enter in the library's box comes before its results) and
a load in a worker: a tenth of a second, more on a large library or a slow disk. Keys typed
meanwhile went to the library screen. After `Kowalczyk` Enter `/Lisbon`, the `/` and the letters
edited the query, and the results that were to open were dropped as an answer to an old query.

While an opening is pending, the app keeps the keys and pastes that arrive, and those its boxes
are handed (`LineInput`), and passes them on once the reader has the cursor, as if they had been
typed then. If nothing opens (no hits, a failed search or load) they go where the cursor is; and
in any case after `HOLD_SECONDS` of waiting for results or `OPEN_SECONDS` for a load, so a key is
never lost.

Enter on a list that opens documents (the library's results, who said what's quotes and
documents) starts keeping keys as the list runs it (`PickList.action_select`), before the keys
typed after it have come back up from the list to the screen's bindings: `Enter` `w` in one burst
shows the reader's quotes rather than who said what. Not covered: a priority binding typed
in the same burst as that Enter (`/`), which the app runs as the key arrives, before the list has
seen the Enter.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.timer import Timer

HOLD_SECONDS = 2.0
"""How long keys are kept for a step of an opening (a search, Down's results), at most."""

OPEN_SECONDS = 10.0
"""How long keys are kept for a document being loaded, at most (the load itself ends the wait,
opened or failed; this is for a load that never ends)."""

NEVER_HELD = frozenset({"ctrl+c", "ctrl+q"})
"""Keys that act at once even while a document opens."""


class TypeAhead:
    """App mixin: `hold_keys` when a document starts opening, `release_keys` once its reader has
    the cursor (or nothing opens)."""

    _held: list[events.Key | events.Paste] | None = None
    _hold_timer: Timer | None = None

    def hold_keys(self, seconds: float = HOLD_SECONDS) -> None:
        """Keep the keys (and pastes) typed from now on, until `release_keys`, or `seconds` from
        now at most: each step of an opening calls this again, and starts the count again."""
        app: Any = self
        if self._held is None:
            self._held = []
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = app.set_timer(seconds, self.release_keys)

    def hold(self, event: events.Key | events.Paste) -> bool:
        """Keep `event` if keys are being held (True); else leave it be (False)."""
        if self._held is None:
            return False
        if isinstance(event, events.Paste):
            self._held.append(events.Paste(event.text))
            return True
        if event.key in NEVER_HELD:
            return False
        self._held.append(events.Key(event.key, event.character))
        return True

    @property
    def holding(self) -> bool:
        """True while keys are being kept."""
        return self._held is not None

    async def release_keys(self) -> None:
        """Pass the kept keys on, in order, as the app passes on a key that has just arrived:
        its priority bindings first (the reader's `/`), else the widget with the cursor (which
        also gets the pastes)."""
        held, self._held = self._held, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for event in held or ():
            await pass_on(self, event)

    async def on_event(self, event: events.Event) -> None:
        """A key or a paste that arrives (or bubbles back up) while keys are held is kept."""
        if isinstance(event, events.Key | events.Paste) and self.hold(event):
            return
        await super().on_event(event)  # type: ignore[misc]


async def pass_on(app: Any, event: events.Key | events.Paste) -> bool:
    """Handle `event` as the app handles one that has just arrived: a key's priority bindings
    first (the reader's `/`; True when one ran), else the widget with the cursor gets it (the
    screen, when none has). Leans on `App._check_bindings` and `Widget._forward_event` (8.2.8)."""
    if isinstance(event, events.Key) and await app._check_bindings(event.key, priority=True):
        return True
    (app.focused or app.screen)._forward_event(event)
    return False


def hold_keys(app: object) -> None:
    """`TypeAhead.hold_keys` for a screen's app (nothing in an app without the mixin)."""
    if isinstance(app, TypeAhead):
        app.hold_keys()


async def release_keys(app: object) -> None:
    """`TypeAhead.release_keys` for a screen's app (nothing in an app without the mixin)."""
    if isinstance(app, TypeAhead):
        await app.release_keys()


def held(app: object, event: events.Key | events.Paste) -> bool:
    """`TypeAhead.hold` for a widget's app: True when `event` was kept."""
    return isinstance(app, TypeAhead) and app.hold(event)
