"""A one-line text box that applies keys in the order they were typed.

Textual's `Input` inserts a typed character as soon as its key arrives, but runs its bound keys
(Backspace, the arrows, Ctrl-U, Enter...) only once the key has bubbled up to the app, a hop
through every parent's message queue. Keys that arrive in one burst (a laggy SSH link, a paste
of keystrokes, a fast typist) were applied out of order: Ctrl-U then a new query emptied the box
after the query was typed (Textual issue #6605, open). Here the box runs the bindings for a key
as it arrives (its own, else its screen's or the app's), so editing keys and characters stay in
order.

The app hands every key of a burst to the widget that had the cursor when the key arrived, before
that widget has handled any of them. So the keys typed after one that moves the cursor out of the
box (Down, Tab, Enter where the screen says so with `SlashToBox.box_submitted`) still reach the
box; it passes them on to the widget that has the cursor now.

This leans on three of Textual's internals (read in 8.2.8): a node's `_bindings`,
`App._check_bindings` and `Widget._forward_event`. `tests/tui/test_typing.py` fails if they change.

`/` is the key that puts the cursor in these boxes. In a box that is empty, or holds what was just
submitted with Enter, it selects the text (so that typing replaces it) instead of typing a slash:
after a search with nothing to open the cursor stays in the box, and `/` there means "search
again", as it does from anywhere else.

Elsewhere on a screen `/` moves the cursor to its box (`SlashToBox`). That binding has priority, so
it runs as the key arrives and the box has the cursor before the next key is handled: `/` and a
query in one burst put the whole query in the box. With the cursor already in a box the binding
stands aside, and the key reaches the box in order with the typing around it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets.input import Selection

from byline.tui.typeahead import held, pass_on


class LineInput(Input):
    """`Input` with its bound keys run in order with the typing, and `/` to select."""

    _submitted: str | None = None
    """The text when Enter was last pressed (`/` selects it while it is unchanged)."""

    async def _on_key(self, event: events.Key) -> None:
        """Runs before `Input._on_key` (Textual calls each class's handler in turn, until one
        prevents the default), which then inserts a typed character."""
        if held(self.app, event):
            # Typed after an Enter that opens a document: kept for the reader.
            event.stop()
            event.prevent_default()
            return
        if self.app.focused is not self:
            # The cursor left the box (Enter, Down, Tab...) after this key was sent here: the key
            # was typed for where the cursor is now.
            event.stop()
            event.prevent_default()
            await self._pass_on(event)
            return
        if event.character == "/" and self.value in ("", self._submitted):
            event.stop()
            event.prevent_default()
            self.selection = Selection(0, len(self.value))
            return
        self._submitted = None  # any other key edits it, or submits it again (`action_submit`)
        if not event.is_printable and await self._run_binding(event.key):
            event.stop()
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        """Runs before `Input._on_paste`: a paste after an Enter that opens a document is kept
        for the reader, as the keys are."""
        if held(self.app, event):
            event.stop()
            event.prevent_default()

    async def _pass_on(self, event: events.Key) -> None:
        """Handle `event` as the app handles a key that has just arrived: its priority bindings
        (the screen's `/`) first, else the widget with the cursor gets it."""
        ran = await pass_on(self.app, events.Key(event.key, event.character))
        if ran and self.app.focused is self:
            # `/` brought the cursor back here: it selects, as it does here (`_on_key`). The
            # box's Focus event comes after the keys typed next, which it must not select.
            self.selection = Selection(0, len(self.value))
            self._typed_before_focus = True

    _typed_before_focus = False

    def _on_focus(self, event: events.Focus) -> None:
        """Runs before `Input._on_focus`, which selects the whole text; after `_pass_on` the
        selection the typing left is put back once that is done."""
        if self._typed_before_focus:
            self._typed_before_focus = False
            self.call_next(setattr, self, "selection", self.selection)

    async def _run_binding(self, key: str) -> bool:
        """Run the box's binding for `key`, else its screen's (or a container's, or the app's),
        as Textual would once the key had bubbled up to the app; True when one ran."""
        for node in (self, *self.ancestors):
            for binding in node._bindings.key_to_bindings.get(key, ()):
                # Priority bindings: the app ran those before the key got here.
                if not binding.priority and await self.app.run_action(binding.action, node):
                    return True
        return False

    async def action_submit(self) -> None:
        """Enter: remember the text submitted, let the screen move the cursor on at once (see
        `SlashToBox.box_submitted`), then submit it."""
        self._submitted = self.value
        hook = getattr(self.screen, "box_submitted", None)
        if hook is not None:
            hook(self)
        await super().action_submit()


def slash_binding(action: str, description: str) -> Binding:
    """The `/` binding of a screen mixing in `SlashToBox`, for `action`."""
    return Binding("slash", action, description, key_display="/", priority=True)


class SlashToBox:
    """Screen mixin: the action its `slash_binding` names stands aside (shown dimmed) while the
    cursor is in a text box. The action gives the box the cursor with `focus_box`, at once
    (`Widget.focus` waits for the app's queue, behind the typed keys)."""

    _slash_actions: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        bindings = cls.__dict__.get("BINDINGS", ())
        slashes = [b.action for b in bindings if isinstance(b, Binding) and b.key == "slash"]
        cls._slash_actions = frozenset(slashes) or cls._slash_actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Stand aside from `/` while a box has the cursor."""
        screen: Any = self
        if action in self._slash_actions and isinstance(screen.focused, Input):
            return None
        answer: bool | None = super().check_action(action, parameters)  # type: ignore[misc]
        return answer

    def box_submitted(self, box: Input) -> None:
        """Enter was pressed in `box`: a screen whose Enter moves the cursor out of the box does
        it here, with `set_focus`, so the keys typed after Enter reach the new pane (the box's
        `Submitted` message is handled only after them)."""

    def focus_box(self, box: Input) -> None:
        """Give `box` the cursor now, so the keys already on their way reach it."""
        screen: Any = self
        screen.set_focus(box)
