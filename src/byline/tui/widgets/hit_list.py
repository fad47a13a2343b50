"""`HitList`: search hits and recent documents, each a title, a source line and a snippet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets.option_list import Option

from byline.tui.records import Listing, cleaned, file_label, plural
from byline.tui.widgets.pick_list import PickList
from byline.tui.wrap import display


class HitList(PickList[Listing]):
    """The library screen's results; Enter (or a click) asks to open the highlighted document."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"hit-list--title", "hit-list--meta", "hit-list--match"}
    opens = True

    @dataclass
    class Chosen(Message):
        """The user picked a document to open."""

        hit_list: HitList
        listing: Listing

        @property
        def control(self) -> HitList:
            """The list it was picked from."""
            return self.hit_list

    def show_listings(self, listings: Sequence[Listing]) -> None:
        """Show hits or recent documents (plain text only: document text is never markup).
        Documents that share a title (an article kept as PDF and as text) also show their
        file's folder and name (`file_label`), so that they can be told apart."""
        titles = Counter(self._title(item) for item in listings)
        self.show(
            [(Option(self._prompt(item, titles[self._title(item)] > 1)), item) for item in listings]
        )

    @staticmethod
    def _title(item: Listing) -> str:
        return cleaned(item.title) or item.path

    def _prompt(self, item: Listing, name: bool = False) -> Text:
        prompt = Text(self._title(item), style=self.part("hit-list--title"))
        meta = [cleaned(part) for part in (item.source, item.date) if part]
        if name:
            meta.insert(0, cleaned(file_label(item.path)))
        if not item.analysed:  # counts unknown until its analysis is written
            meta.append("not analysed yet")
        elif item.people is not None or item.quotes is not None:
            meta.append(
                f"{plural(item.people or 0, 'person', 'people')} · "
                f"{plural(item.quotes or 0, 'quote')}"
            )
        if meta:
            prompt.append("\n")
            prompt.append(" · ".join(meta), style=self.part("hit-list--meta"))
        if item.snippet:
            snippet = Text(display(item.snippet))
            match_style = self.part("hit-list--match")
            for start, end in item.highlights:
                snippet.stylize(match_style, start, end)
            prompt.append("\n")
            prompt.append_text(snippet)
        prompt.append("\n")  # a blank line between documents
        return prompt

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        listing = self.value_at(event.option_index)
        if listing is not None:
            self.post_message(self.Chosen(self, listing))
