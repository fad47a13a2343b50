"""The keys of a screen, for the help screen and the command palette, read from its BINDINGS.

Both faces of discoverability come from one list, so a key added to a screen's BINDINGS shows in `?`
and in `ctrl+p` without anything else to update.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.binding import Binding, BindingsMap
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

SIDEWAYS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
"""Sideways scrolling that Textual's lists bind: nothing in Byline scrolls sideways."""


@dataclass(frozen=True, slots=True)
class KeyAction:
    """One key of a screen: what to press, what it does, and where the action runs."""

    key: str
    description: str
    action: str
    namespace: DOMNode


def screen_keys(screen: Screen[object]) -> list[KeyAction]:
    """Every described key of `screen`: its own BINDINGS, the focused widget's, and the app's."""
    app = screen.app
    found: list[KeyAction] = []
    seen: set[str] = set()

    def add(namespace: DOMNode, binding: Binding) -> None:
        if not binding.description or binding.action in SIDEWAYS:
            return
        key = app.get_key_display(binding)
        if key in seen:  # the first binding of a key is the one that acts
            return
        seen.add(key)
        found.append(KeyAction(key, binding.description, binding.action, namespace))

    for bindings in BindingsMap(type(screen).BINDINGS).key_to_bindings.values():
        for binding in bindings:
            add(screen, binding)
    for active in screen.active_bindings.values():
        add(active.node, active.binding)
    return found


class ScreenCommands(Provider):
    """Command palette entries for the keys of the screen the palette was opened on."""

    def _keys(self) -> list[KeyAction]:
        return [key for key in screen_keys(self.screen) if key.action != "command_palette"]

    async def discover(self) -> Hits:
        """Every key of the screen, before anything is typed."""
        for key in self._keys():
            yield DiscoveryHit(
                f"{key.description} ({key.key})",
                partial(self.app.run_action, key.action, key.namespace),
                help=f"Key: {key.key}",
            )

    async def search(self, query: str) -> Hits:
        """The screen's keys whose description matches what was typed."""
        matcher = self.matcher(query)
        for key in self._keys():
            label = f"{key.description} ({key.key})"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self.app.run_action, key.action, key.namespace),
                    text=label,
                    help=f"Key: {key.key}",
                )
