"""Keys typed while a document opens wait for the reader, and reach it in the order typed.

Opening a document takes a search (when Enter in the library's box comes before its results) and
a load in a worker: a tenth of a second, more on a large library or a slow disk. Keys typed
meanwhile went to the library screen. After `Kowalczyk` Enter `/Lisbon`, the `/` and the letters
edited the query, and the results that were to open were dropped as an answer to an old query.

While an opening is pending, the app keeps the keys that arrive, and those its boxes are handed
(`LineInput`), and passes them on once the reader has the cursor, as if they had been typed then.
If nothing opens (no hits, an error) they go where the cursor is; after `HOLD_SECONDS` they are
passed on in any case, so a key is never lost.

Enter on the results starts keeping keys as the list runs it (`HitList.action_select`), before the
keys typed after it have come back up from the list to the screen's bindings: `Enter` `w` in one
burst shows the reader's quotes rather than who said what. Not covered: a priority binding typed
in the same burst as that Enter (`/`), which the app runs as the key arrives, before the list has
seen the Enter.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.timer import Timer

HOLD_SECONDS = 2.0
"""The longest keys are kept for a document that is opening."""

NEVER_HELD = frozenset({"ctrl+c", "ctrl+q"})
"""Keys that act at once even while a document opens."""


class TypeAhead:
    """App mixin: `hold_keys` when a document starts opening, `release_keys` once its reader has
    the cursor (or nothing opens)."""

    _held: list[events.Key] | None = None
    _hold_timer: Timer | None = None

    def hold_keys(self) -> None:
        """Keep the keys typed from now on, until `release_keys` (or `HOLD_SECONDS`)."""
        if self._held is None:
            app: Any = self
            self._held = []
            self._hold_timer = app.set_timer(HOLD_SECONDS, self.release_keys)

    def hold(self, event: events.Key) -> bool:
        """Keep `event` if keys are being held (True); else leave it be (False)."""
        if self._held is None or event.key in NEVER_HELD:
            return False
        self._held.append(events.Key(event.key, event.character))
        return True

    async def release_keys(self) -> None:
        """Pass the kept keys on, in order, as the app passes on a key that has just arrived:
        its priority bindings first (the reader's `/`), else the widget with the cursor."""
        held, self._held = self._held, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        app: Any = self
        for event in held or ():
            if not await app._check_bindings(event.key, priority=True):
                (app.focused or app.screen)._forward_event(event)

    async def on_event(self, event: events.Event) -> None:
        """A key that arrives (or bubbles back up) while keys are held is kept."""
        if isinstance(event, events.Key) and self.hold(event):
            return
        await super().on_event(event)  # type: ignore[misc]


def hold_keys(app: object) -> None:
    """`TypeAhead.hold_keys` for a screen's app (nothing in an app without the mixin)."""
    if isinstance(app, TypeAhead):
        app.hold_keys()


async def release_keys(app: object) -> None:
    """`TypeAhead.release_keys` for a screen's app (nothing in an app without the mixin)."""
    if isinstance(app, TypeAhead):
        await app.release_keys()


def held(app: object, event: events.Key) -> bool:
    """`TypeAhead.hold` for a widget's app: True when `event` was kept."""
    return isinstance(app, TypeAhead) and app.hold(event)
