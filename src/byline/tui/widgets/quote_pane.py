"""`QuotePane`: who said what in this document, in document order, optionally one speaker's only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.message import Message
from textual.reactive import reactive
from textual.widgets.option_list import Option

from byline.models import Quote, QuoteKind
from byline.tui.citations import cited_words
from byline.tui.records import cleaned
from byline.tui.widgets.pick_list import PickList

UNATTRIBUTED = "(unattributed)"


class QuotePane(PickList[Quote]):
    """The document's quotes; Enter asks to jump to one in the text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"quote-pane--speaker", "quote-pane--kind"}

    speaker: reactive[str | None] = reactive(None, init=False)
    """Show only this speaker's quotes (None: everyone's). Set by the screen."""

    @dataclass
    class Chosen(Message):
        """The user chose a quote: the reader jumps to it and marks it."""

        pane: QuotePane
        quote: Quote

        @property
        def control(self) -> QuotePane:
            """The pane it was chosen in."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._quotes: tuple[Quote, ...] = ()

    def show_quotes(self, quotes: Sequence[Quote]) -> None:
        """Take a document's quotes (shown in document order)."""
        self._quotes = tuple(sorted(quotes, key=lambda q: q.start))
        self._refill()

    def watch_speaker(self) -> None:
        """Filter to the new speaker."""
        self._refill()

    def _refill(self) -> None:
        """Show the speaker's quotes; everyone's when no speaker is set, or when the one set said
        nothing here (a list left empty looked stuck: it says so and shows the rest)."""
        shown = [q for q in self._quotes if self.speaker is None or q.speaker == self.speaker]
        if self.speaker is None:
            title = f"Quotes ({len(shown)})"
        elif shown:
            title = f"Quotes: {cleaned(self.speaker)} ({len(shown)})"
        else:
            shown = list(self._quotes)
            title = f"Quotes ({len(shown)}), none by {cleaned(self.speaker)}"
        self.show([(Option(self._prompt(q)), q) for q in shown])
        self.border_title = title

    def _prompt(self, quote: Quote) -> Text:
        speaker = cleaned(quote.speaker) or UNATTRIBUTED
        prompt = Text(speaker, style=self.part("quote-pane--speaker"))
        if quote.kind is not QuoteKind.DIRECT:
            prompt.append(f" ({quote.kind.value})", style=self.part("quote-pane--kind"))
        prompt.append("\n")
        prompt.append(cited_words(quote.text, quote.kind))
        prompt.append("\n")  # a blank line between quotes
        return prompt

    def highlight_quote(self, quote: Quote) -> None:
        """Move the cursor to `quote` if it is shown."""
        for index, value in enumerate(self.values):
            if value == quote:
                self.highlighted = index
                return

    def highlight_from(self, offset: int) -> None:
        """Move the cursor to the first quote shown that starts at or after `offset`."""
        for index, value in enumerate(self.values):
            if value.start >= offset:
                self.highlighted = index
                return

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        quote = self.value_at(event.option_index)
        if quote is not None:
            self.post_message(self.Chosen(self, quote))
