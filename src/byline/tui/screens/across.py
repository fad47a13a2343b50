"""Who said what across the library: everyone quoted, everything they said, and where.

Three kinds of name on tabs: people (from `Library.speakers()`, each with a quote count), and
organisations and places (`Library.named()`, each with the number of documents naming it).
Choosing a name lists its quotes, or the documents naming it; Enter opens the document at the
quote (marked) or at the name's first mention. `/` narrows the list the cursor is in: the names
(also before any name is chosen), or what goes with the chosen one. Each list keeps its own filter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, Tab, Tabs
from textual.widgets.option_list import Option

from byline.index.names import fold
from byline.models import EntityType
from byline.tui.citations import cited_words, copied_notice, quote_citation
from byline.tui.messages import ForwardsWorkerFailures, OpenRequested
from byline.tui.records import (
    Listing,
    QuoteRow,
    cleaned,
    file_label,
    plural,
    speaker_counts,
)
from byline.tui.widgets.key_bar import KeyBar
from byline.tui.widgets.line_input import LineInput, SlashToBox, slash_binding
from byline.tui.widgets.pick_list import PickList

# Speakers are mostly people, but a spokesman speaks for an organisation: the analysis
# quotes organisations too, so the list is of everyone (and everything) quoted.
KINDS = {"people": "Quoted", "orgs": "Organisations", "places": "Places"}
COUNTING = {"people": "people quoted", "orgs": "organisations named", "places": "places named"}
ENTITY_TYPES = {"orgs": EntityType.ORG, "places": EntityType.PLACE}

Item = QuoteRow | Listing


class AcrossScreen(ForwardsWorkerFailures, SlashToBox, Screen[None]):
    """Names on the left, what goes with the chosen one on the right."""

    HELP_TITLE = "Who said what (library)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "kind('people')", "Quoted"),
        Binding("2", "kind('orgs')", "Orgs"),
        Binding("3", "kind('places')", "Places"),
        slash_binding("filter", "Filter"),
        Binding("escape", "back", "Back"),
        Binding("y", "copy_quote", "Copy"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    @dataclass
    class NamesLoaded(Message):
        """The names of one kind, with counts, came back from the library."""

        screen: AcrossScreen
        kind: str
        names: list[tuple[str, int]]

        @property
        def control(self) -> AcrossScreen:
            """The screen that asked."""
            return self.screen

    @dataclass
    class ItemsLoaded(Message):
        """Quotes of a person, or documents naming an organisation or place."""

        screen: AcrossScreen
        name: str
        items: list[Item]

        @property
        def control(self) -> AcrossScreen:
            """The screen that asked."""
            return self.screen

    def __init__(self, library: Any) -> None:
        super().__init__()
        self.library = library
        self.kind = "people"
        self.name_shown: str | None = None
        self._names: list[tuple[str, int]] = []
        self._items: list[Item] = []
        self._target = "names"
        """The list the filter box narrows: "names" or "items"."""
        self._needles = {"names": "", "items": ""}
        self._last_list: object = None
        """The list the cursor was last in (`on_descendant_focus`)."""

    def compose(self) -> ComposeResult:
        """Kind tabs, the filter box, the name list and what goes with a name, the key bar."""
        yield Tabs(*(Tab(label, id=kind) for kind, label in KINDS.items()), id="kinds")
        yield LineInput(placeholder=_placeholder("names", self.kind), id="filter")
        with Horizontal(id="across"):
            names: PickList[str] = PickList(id="names")
            names.border_title = "Names"
            yield names
            with Vertical(id="across-right"):
                yield Static("", id="across-status")
                yield PickList(id="items", opens=True)
        yield KeyBar()

    def on_mount(self) -> None:
        """Load the people quoted."""
        self._loading(self.kind)
        self._load_names(self.kind)
        self.query_one("#names").focus()

    # Names ---------------------------------------------------------------------------------------

    def action_kind(self, kind: str) -> None:
        """Switch between people, organisations and places."""
        self.query_one(Tabs).active = kind

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        kind = event.tab.id or "people"
        if kind != self.kind:
            self.kind = kind
            self._loading(kind)
            self._load_names(kind)
            # The other kind's names: the cursor goes to them (the items list is emptied).
            self.query_one("#names").focus()

    def _loading(self, kind: str) -> None:
        """Empty lists while the names of `kind` are counted (a second or two at 100,000
        documents), so the last kind's names are not shown under this kind's tab meanwhile."""
        names: PickList[str] = self.query_one("#names", PickList)
        names.show([])
        names.border_title = f"{KINDS[kind]} (counting…)"
        self._show_items("", [])
        self._status(f"Counting the {COUNTING[kind]} across the library…")

    @work(thread=True, exclusive=True, exit_on_error=False, group="names")
    def _load_names(self, kind: str) -> None:
        if kind == "people":
            names = speaker_counts(self.library.speakers())
        else:
            names = self.library.named(ENTITY_TYPES[kind])
        self.post_message(self.NamesLoaded(self, kind, names))

    @on(NamesLoaded)
    def _names_loaded(self, message: NamesLoaded) -> None:
        if message.kind != self.kind:
            return
        self._names = message.names
        self._needles["names"] = ""
        self._show_items("", [])
        self._aim("names")
        self._refill_names()
        if not self._names:
            self._status(
                "Nobody yet: index some documents first"
                if message.kind == "people"
                else "None found"
            )

    def _refill_names(self) -> None:
        needle = fold(self._needles["names"])
        shown = [(name, count) for name, count in self._names if needle in fold(name)]
        rows = []
        for name, count in shown:
            prompt = Text(cleaned(name))
            prompt.append(f"  {count:,}", style="dim")
            rows.append((Option(prompt), name))
        names: PickList[str] = self.query_one("#names", PickList)
        names.show(rows)
        unit = self._unit + "s"
        counts = f"{len(shown):,} of {len(self._names):,}" if needle else f"{len(shown):,}"
        names.border_title = f"{KINDS[self.kind]} ({counts})"
        # Below the list, where a narrow pane has room for it: what the numbers count.
        names.border_subtitle = f"by {unit}"

    @on(PickList.OptionSelected, "#names")
    def _name_chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        name = self.query_one("#names", PickList).value_at(event.option_index)
        if name is not None:
            self._load_items(self.kind, str(name))

    @work(thread=True, exclusive=True, exit_on_error=False, group="items")
    def _load_items(self, kind: str, name: str) -> None:
        items: list[Item]
        if kind == "people":
            rows = [QuoteRow.from_record(r) for r in self.library.quotes_of(name)]
            # The quote records name their file; the documents naming the speaker give titles.
            naming = self.library.documents_naming(name)
            known = {listing.path: listing for listing in map(Listing.from_summary, naming)}
            # and the documents that name them by surname only ("Parry" for "Rick Parry")
            others = self.library.summaries({row.path for row in rows} - known.keys())
            known.update((path, Listing.from_summary(s)) for path, s in others.items())
            items = [with_document(row, known.get(row.path)) for row in rows]
        else:
            named = self.library.documents_named(ENTITY_TYPES[kind], name)
            items = [Listing.from_summary(s) for s in named]
        self.post_message(self.ItemsLoaded(self, name, items))

    @on(ItemsLoaded)
    def _items_loaded(self, message: ItemsLoaded) -> None:
        self._show_items(message.name, message.items)
        self.query_one("#items").focus()

    # Items ---------------------------------------------------------------------------------------

    def _show_items(self, name: str, items: list[Item]) -> None:
        self.name_shown = name or None
        self._items = items
        self._needles["items"] = ""
        if self._target == "items":
            self._aim("items")  # the box shows the new list's (empty) filter
        self._refill()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != event.input.value or event.value == self._needles[self._target]:
            return  # a later change is on its way, or the box was given the list's filter
        self._needles[self._target] = event.value
        if self._target == "names":
            self._refill_names()
        else:
            self._refill()

    def box_submitted(self, box: Input) -> None:
        """Enter in the filter box: the cursor goes to the list it narrows."""
        self.set_focus(self.query_one(f"#{self._target}"))

    @property
    def _unit(self) -> str:
        """What a name's list holds: a person's quotes, the documents naming anything else."""
        return "quote" if self.kind == "people" else "document"

    def _aim(self, target: str) -> None:
        """Point the filter box at the names or at the items, showing that list's filter."""
        self._target = target
        box = self.query_one("#filter", Input)
        box.placeholder = _placeholder(target, self.kind)
        box.value = self._needles[target]
        # On the box's border, so that it still shows once something is typed.
        unit = self._unit + "s"
        whose = cleaned(str(self.name_shown or ""))
        box.border_title = "Filtering names" if target == "names" else f"Filtering {whose}'s {unit}"

    def _refill(self) -> None:
        needle = self._needles["items"].casefold().strip()
        shown = [item for item in self._items if needle in _haystack(item)]
        items: PickList[Item] = self.query_one("#items", PickList)
        items.show([(Option(_item_prompt(item)), item) for item in shown])
        if self.name_shown is None:
            self._status("Choose a name (Enter) to see what goes with it")
        else:
            what = plural(len(self._items), self._unit)
            self._status(Text(f"{cleaned(self.name_shown)}: {len(shown):,} of {what}"))

    @on(PickList.OptionSelected, "#items")
    def _item_chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        item = self.query_one("#items", PickList).value_at(event.option_index)
        if isinstance(item, QuoteRow):
            self.post_message(
                OpenRequested(item.path, offset=item.start, mark=(item.start, item.end))
            )
        elif isinstance(item, Listing):
            self.post_message(OpenRequested(item.path, entity=self.name_shown))

    def _status(self, content: str | Text) -> None:
        self.query_one("#across-status", Static).update(
            content if isinstance(content, Text) else Text(content)
        )

    def action_copy_quote(self) -> None:
        """Copy the highlighted quote with its citation (speaker, title, source, date)."""
        item = self.query_one("#items", PickList).current
        if not isinstance(item, QuoteRow):
            self.notify("Choose a person, then a quote, to copy it", severity="warning")
            return
        self.app.copy_to_clipboard(
            quote_citation(
                item.text, item.speaker, item.title, item.path, item.source, item.date, item.kind
            )
        )
        self.notify(copied_notice(item.speaker, item.text, item.kind), markup=False)

    def action_filter(self) -> None:
        """Type to narrow the list the cursor is in (the names until one is chosen)."""
        box = self.query_one("#filter", Input)
        self._needles[self._target] = box.value  # typed since its last Changed was handled
        self._aim(self._target_from(self.focused))
        self.focus_box(box)

    def _target_from(self, widget: object) -> str:
        """The list the box narrows when it gets the cursor from `widget`."""
        on_items = self.name_shown is not None and widget is self.query_one("#items")
        return "items" if on_items else "names"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember the list the cursor is in; when the box gets the cursor by Tab, Shift+Tab
        or a click (`/` aims it itself), point it at that list, unless something is typed in it
        already."""
        if event.widget.id in ("names", "items"):
            self._last_list = event.widget
            self.query_one("#filter", Input).border_title = ""  # says what typing filters
            return
        box = self.query_one("#filter", Input)
        if event.widget is box and box.value == self._needles[self._target]:
            self._aim(self._target_from(self._last_list))

    def action_back(self) -> None:
        """From the filter box to the list it narrows; else back to the library screen."""
        if self.focused is self.query_one("#filter"):
            self.set_focus(self.query_one(f"#{self._target}"))
            return
        self.app.pop_screen()


def with_document(row: QuoteRow, listing: Listing | None) -> QuoteRow:
    """The quote with its document's title, source and date, when known."""
    if listing is None:
        return row
    return replace(row, title=listing.title, source=listing.source, date=listing.date)


def _placeholder(target: str, kind: str) -> str:
    if target == "names":
        return "Filter names (/ then type)"
    return "Filter quotes (/ then type)" if kind == "people" else "Filter documents (/ then type)"


def _haystack(item: Item) -> str:
    if isinstance(item, QuoteRow):
        return f"{item.text} {item.title or ''} {item.path}".casefold()
    return f"{item.title} {item.source or ''} {item.path}".casefold()


def _item_prompt(item: Item) -> Text:
    if isinstance(item, QuoteRow):
        prompt = Text(cited_words(item.text, item.kind))
        if item.kind != "direct":
            prompt.append(f" ({item.kind})", style="italic")
        prompt.append("\n")
        # The file's folder and name too: one article is often kept in two formats under one
        # title, and a corpus reuses names from folder to folder.
        name = file_label(item.path)
        parts = (item.title, item.date, name) if item.title else (name, item.date)
        source = " · ".join(cleaned(part) for part in parts if part)
        prompt.append(source, style="dim")
        prompt.append("\n")  # a blank line between quotes
        return prompt
    name = file_label(item.path)
    prompt = Text(cleaned(item.title) or name, style="bold")
    # The file's folder and name too, as for a quote.
    meta = " · ".join(cleaned(part) for part in (item.source, item.date, name) if part)
    prompt.append("\n")
    prompt.append(meta, style="dim")
    prompt.append("\n")
    return prompt
