"""The reader screen: one document's cleaned text, its entities, its quotes, and search within it.

The screen owns the reading state (selected entity, search matches, the marked quote) and pushes it
down: highlight layers into the `DocumentView`, the speaker filter into the `QuotePane`. The panes
only post messages up. Search within the document looks in the text itself (`finding`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from byline.dates import day
from byline.models import Analysis, Document, EntityType, ParagraphKind, Quote
from byline.tui.citations import copied_notice, quote_citation
from byline.tui.collector import OpeningPause
from byline.tui.finding import find_all, find_terms
from byline.tui.messages import ForwardsWorkerFailures
from byline.tui.records import cleaned, plural
from byline.tui.widgets.document_view import DocumentView
from byline.tui.widgets.entity_pane import EntityPane
from byline.tui.widgets.key_bar import KeyBar
from byline.tui.widgets.line_input import LineInput, SlashToBox, slash_binding
from byline.tui.widgets.quote_pane import QuotePane
from byline.tui.widgets.title_line import TitleLine, position_label
from byline.tui.wrap import Span


class ReaderScreen(ForwardsWorkerFailures, SlashToBox, Screen[None]):
    """Header, entity sidebar, the text (with a search bar), quote list, key bar."""

    HELP_TITLE = "Reader"
    AUTO_FOCUS = "#text"
    """The text has the focus from the start: focusing the entity list first and then the text
    rebuilt the key bar (and restyled the panes) once more on every open."""
    BINDINGS: ClassVar[list[BindingType]] = [
        slash_binding("find", "Find"),
        # Priority, like `/`: Esc then `/` in one burst goes back, then searches the library
        # (the view's Esc would reach the screen after the `/` had opened the find bar).
        Binding("escape", "back", "Back", priority=True),
        Binding("n", "next", "Next"),
        Binding("N", "previous", "Prev", key_display="N"),
        Binding("e", "entities", "Entities"),
        Binding("w", "quotes", "Quotes"),
        Binding("y", "copy_quote", "Copy"),
        Binding("tab", "next_pane", "Next pane", show=False),
        Binding("j", "move('scroll_down')", "Down", show=False),
        Binding("k", "move('scroll_up')", "Up", show=False),
        Binding("g", "move('scroll_home')", "Top", show=False),
        Binding("G", "move('scroll_end')", "Bottom", show=False, key_display="G"),
        Binding("pagedown", "move('scroll_page_down')", "Page down", show=False),
        Binding("pageup", "move('scroll_page_up')", "Page up", show=False),
    ]

    @dataclass
    class Found(Message):
        """A search within the document finished."""

        screen: ReaderScreen
        query: str
        matches: list[Span]
        from_library: bool = False
        """True for the terms of the library search the document was opened from."""

        @property
        def control(self) -> ReaderScreen:
            """The screen that searched."""
            return self.screen

    def __init__(
        self,
        document: Document,
        analysis: Analysis | None,
        *,
        offset: int = 0,
        mark: Span | None = None,
        entity: str | None = None,
        terms: list[str] | None = None,
    ) -> None:
        super().__init__()
        self._start_terms = terms or []
        self.document = document
        self.analysed = analysis is not None
        """False while the document waits for its analysis: its panes say so."""
        self.analysis = analysis or Analysis()
        self._start_offset = offset
        self._start_mark = mark
        self._start_entity = entity
        self.matches: list[Span] = []
        self.match_index = -1
        self.mentions: list[Span] = []
        self.mention_index = -1
        self.walking = "match"
        """What `n`/`N` walk through: "match" (search) or "mention" (selected entity)."""
        self.marked: Quote | None = None
        self._percent = "Top"
        self._view = DocumentView(
            document.text,
            [(p.start, p.end) for p in document.paragraphs],
            [(p.start, p.end) for p in document.paragraphs if p.kind is ParagraphKind.HEADING],
            id="text",
        )

    @property
    def view(self) -> DocumentView:
        """The text pane."""
        return self._view

    def compose(self) -> ComposeResult:
        """Header, the three panes, the key bar."""
        with Horizontal(id="doc-header"):
            yield TitleLine(cleaned(self.document.title), self._header_meta(), id="doc-title")
            yield Static(self._percent, id="doc-progress")
        with Horizontal(id="panes"):
            entities = EntityPane(id="entities")
            entities.border_title = "Entities"
            yield entities
            with Vertical(id="middle"):
                yield self._view
                with Horizontal(id="findbar"):
                    yield LineInput(placeholder="Search this document", id="find")
                yield Static("", id="reader-status")
            quotes = QuotePane(id="quotes")
            quotes.border_title = "Quotes"
            yield quotes
        yield KeyBar()

    def _header_meta(self) -> str:
        """ " · source · date", after the title."""
        meta = self.document.metadata
        parts = (meta.source, day(meta.date))
        return "".join(f" · {cleaned(part)}" for part in parts if part)

    def on_mount(self) -> None:
        """Go to where the reader should start and focus the text; the panes are filled once the
        text has painted (a document with thousands of entities and quotes would otherwise hold
        its first frame back)."""
        self.query_one("#findbar").display = False
        view = self.view
        in_context = self._start_mark is not None or bool(self._start_terms)
        view.scroll_to_offset(self._start_offset, context=2 if in_context else 0)
        if self._start_mark is not None:
            self.view.set_highlights("quote", [self._start_mark])
        view.focus()
        self.call_after_refresh(self._fill_panes)

    def _fill_panes(self) -> None:
        entities, quotes = self.query_one(EntityPane), self.query_one(QuotePane)
        entities.show_entities(self.analysis.entities)
        quotes.show_quotes(self.analysis.quotes)
        note = _empty_note(self.document.text, self.analysis, analysed=self.analysed)
        entities.border_subtitle = note if not self.analysis.entities else None
        quotes.border_subtitle = note if not self.analysis.quotes else None
        if self._start_mark is not None:
            self._mark_span(self._start_mark, scroll=False)
        if self._start_entity is not None:
            pane = self.query_one(EntityPane)
            index = pane.index_of(self._start_entity)
            if index is not None:
                pane.highlighted = index
                self._select_entity(pane.value_at(index))
        if self._start_terms:
            self._find_library_terms(self._start_terms)

    # Position ------------------------------------------------------------------------------------

    @on(DocumentView.Moved)
    def _moved(self, message: DocumentView.Moved) -> None:
        percent = position_label(message.fraction, message.at_top)
        if percent != self._percent:
            # A fixed-width cell: no layout pass (that repaints the whole screen, on every key).
            self._percent = percent
            self.query_one("#doc-progress", Static).update(percent, layout=False)
        positions = getattr(self.app, "positions", None)
        if positions is not None:
            positions.set(self.document.path, message.offset)

    def on_screen_suspend(self) -> None:
        """Leaving for another screen: keep the position on disk too."""
        self._save_position()

    def on_unmount(self) -> None:
        """Closing the document: keep the position on disk; once the screen below has painted,
        let the collector have the document's objects back (frozen when it opened)."""
        self._save_position()
        self.app.call_after_refresh(OpeningPause.release)

    def _save_position(self) -> None:
        positions = getattr(self.app, "positions", None)
        if positions is not None:
            positions.set(self.document.path, self.view.top_offset)
            positions.save()

    def action_move(self, action: str) -> None:
        """Scroll the text (j/k/g/G/PgUp/PgDn), wherever the focus is."""
        view = self.view
        {
            "scroll_down": lambda: view.scroll_down(animate=False),
            "scroll_up": lambda: view.scroll_up(animate=False),
            "scroll_home": lambda: view.scroll_home(animate=False),
            "scroll_end": lambda: view.scroll_end(animate=False),
            "scroll_page_down": lambda: view.scroll_page_down(animate=False),
            "scroll_page_up": lambda: view.scroll_page_up(animate=False),
        }[action]()

    # Entities and quotes -------------------------------------------------------------------------

    @on(EntityPane.Selected)
    def _entity_selected(self, message: EntityPane.Selected) -> None:
        self._select_entity(message.entity)
        if self.app.has_class("-narrow"):
            # The overlay hid the status line and the highlighted mentions the choice is about.
            self.remove_class("-show-entities")
            self.view.focus()
        if self.mentions and not any(self.view.is_offset_visible(s) for s, _ in self.mentions):
            self._walk(+1)  # none on screen: to the next one, as `n` would

    def _select_entity(self, entity: Any) -> None:
        pane = self.query_one(EntityPane)
        pane.selected = entity
        self.mentions = sorted((m.start, m.end) for m in entity.mentions) if entity else []
        self.view.set_highlights("mention", self.mentions)
        person = entity is not None and entity.type is EntityType.PERSON
        self.query_one(QuotePane).speaker = entity.name if person else None
        self.mention_index = -1
        if entity is None:
            self._status("")
            return
        self.walking = "mention"
        self._status(Text(f"{cleaned(entity.name)}: {plural(len(self.mentions), 'mention')} (n/N)"))

    @on(QuotePane.Chosen)
    def _quote_chosen(self, message: QuotePane.Chosen) -> None:
        self.marked = message.quote
        self._mark_span((message.quote.start, message.quote.end))
        if self.app.has_class("-narrow"):
            self.remove_class("-show-quotes")
            self.view.focus()

    def _mark_span(self, span: Span, *, scroll: bool = True) -> None:
        self.view.set_highlights("quote", [span])
        if scroll:
            self.view.scroll_to_offset(span[0])
        for quote in self.analysis.quotes:
            if (quote.start, quote.end) == tuple(span):
                self.marked = quote
                self.query_one(QuotePane).highlight_quote(quote)

    def action_copy_quote(self) -> None:
        """Copy the selected quote, with speaker, title, source and date, to the clipboard.

        The selected quote is the one under the cursor in the quote list while it has focus,
        else the last one jumped to, else the one under the list's cursor while the list shows.
        From the entity list nothing is copied: a quote there would be one the cursor is not on.
        """
        pane = self.query_one(QuotePane)
        # The list's cursor counts only where it can be seen (folded away at 80 columns).
        shown = pane.current if pane.display and pane.size.height else None
        quote = pane.current if pane.has_focus else (self.marked or shown)
        if self.query_one(EntityPane).has_focus:
            quote = None
        if quote is None:
            self.notify("No quote selected: pick one in the quote list (w)", severity="warning")
            return
        meta = self.document.metadata
        self.app.copy_to_clipboard(
            quote_citation(
                quote.text,
                quote.speaker,
                self.document.title,
                self.document.path,
                meta.source,
                meta.date,
                quote.kind,
            )
        )
        self.notify(copied_notice(quote.speaker, quote.text, quote.kind), markup=False)

    def action_entities(self) -> None:
        """Show (narrow) or focus (wide) the entity sidebar."""
        self._toggle_pane("-show-entities", self.query_one(EntityPane))

    def action_quotes(self) -> None:
        """Show (narrow) or focus (wide) the quote list, its cursor on the text being read
        (unless it is on a quote still on screen)."""
        pane = self.query_one(QuotePane)
        current = pane.current
        if current is None or not self.view.is_offset_visible(current.start):
            pane.highlight_from(self.view.top_offset)
        self._toggle_pane("-show-quotes", pane)

    def action_next_pane(self) -> None:
        """The next pane: entities, text, quotes in turn (narrow: text, entities, quotes, as
        overlays, since the sidebars are folded away)."""
        if not self.app.has_class("-narrow"):
            self.focus_next()
            return
        if self.has_class("-show-entities"):
            self._toggle_pane("-show-quotes", self.query_one(QuotePane))
        elif self.has_class("-show-quotes"):
            self._toggle_pane("-show-quotes", self.query_one(QuotePane))  # folds it: the text
        else:
            self._toggle_pane("-show-entities", self.query_one(EntityPane))

    def _toggle_pane(self, name: str, pane: Any) -> None:
        if self.app.has_class("-narrow"):
            showing = not self.has_class(name)
            self.set_class(False, "-show-entities", "-show-quotes")
            self.set_class(showing, name)
            (pane if showing else self.view).focus()
            return
        (self.view if pane.has_focus else pane).focus()

    # Search within the document -------------------------------------------------------------------

    def action_find(self) -> None:
        """Open the search bar."""
        self.query_one("#findbar").display = True
        self.focus_box(self.query_one("#find", Input))

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        self._find(event.value)

    def box_submitted(self, box: Input) -> None:
        """Enter in the find bar: the cursor goes back to the text, where `n`/`N` walk."""
        self.set_focus(self.view)

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self._find(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="find")
    def _find(self, query: str) -> None:
        self.post_message(self.Found(self, query, find_all(self.document.text, query)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="find")
    def _find_library_terms(self, terms: list[str]) -> None:
        matches = find_terms(self.document.text, terms)
        self.post_message(self.Found(self, " ".join(terms), matches, from_library=True))

    @on(Found)
    def _found(self, message: Found) -> None:
        if not message.from_library and message.query != self.query_one("#find", Input).value:
            return
        self.matches = message.matches
        self.walking = "match"
        self.view.set_highlights("match", self.matches)
        if not self.matches:
            self.match_index = -1
            self.view.set_highlights("current", [])
            self._status(Text(f"No match for {message.query!r}") if message.query else "")
            return
        first = bisect_left(self.matches, (self.view.top_offset, 0))
        self._go_to_match(first % len(self.matches), scroll=not message.from_library)

    def _go_to_match(self, index: int, *, scroll: bool = True) -> None:
        self.match_index = index
        span = self.matches[index]
        self.view.set_highlights("current", [span])
        if scroll and not self.view.is_offset_visible(span[0]):
            self.view.scroll_to_offset(span[0], context=3)
        self._status(f"{index + 1}/{len(self.matches)}")

    def action_next(self) -> None:
        """Next search match, or next mention of the selected entity."""
        self._walk(+1)

    def action_previous(self) -> None:
        """Previous search match, or previous mention of the selected entity."""
        self._walk(-1)

    def _step(self, spans: list[Span], index: int, step: int) -> int:
        """The index `step` from `index` in `spans`; from the screen's top when `index` is none
        or off the screen (the reader scrolled or jumped away: `n` goes on from what is read,
        as in less)."""
        if index < 0 or not self.view.is_offset_visible(spans[index][0]):
            start = bisect_left(spans, (self.view.top_offset, 0))
            index = start if step > 0 else start - 1
        else:
            index += step
        return index % len(spans)

    def _walk(self, step: int) -> None:
        if self.walking == "match" and self.matches:
            self._go_to_match(self._step(self.matches, self.match_index, step))
        elif self.mentions:
            self.mention_index = self._step(self.mentions, self.mention_index, step)
            span = self.mentions[self.mention_index]
            self.view.set_highlights("current", [span])
            if not self.view.is_offset_visible(span[0]):
                self.view.scroll_to_offset(span[0], context=3)
            self._status(f"mention {self.mention_index + 1}/{len(self.mentions)}")
        else:
            self.notify("Nothing to walk through: search with / or select an entity (e)")

    def _status(self, content: str | Text) -> None:
        self.query_one("#reader-status", Static).update(
            content if isinstance(content, Text) else Text(content)
        )

    def action_back(self) -> None:
        """Close the search bar or an overlay (the text gets the focus); else let go of the name
        chosen in the entity list; else back to the library. The bar closes whether the focus is
        in it or already back in the text (after Enter); its matches stay highlighted and `n`/`N`
        still walk them."""
        findbar = self.query_one("#findbar")
        if findbar.display:
            findbar.display = False
            self.set_focus(self.view)
            return
        if self.has_class("-show-entities") or self.has_class("-show-quotes"):
            self.set_class(False, "-show-entities", "-show-quotes")
            self.set_focus(self.view)
            return
        if self.query_one(EntityPane).selected is not None:
            self._select_entity(None)  # the name chosen: its marks and the quotes' filter go
            return
        self.app.pop_screen()


def _empty_note(text: str, analysis: Analysis, *, analysed: bool) -> str:
    """What an empty pane says: that the text was too long to analyse, or is yet to be, or that
    none were found (an empty box looked broken)."""
    from byline.library_worker import MAX_ANALYSED_CHARS

    if len(text) > MAX_ANALYSED_CHARS and not analysis.entities and not analysis.quotes:
        return f"not analysed: over {MAX_ANALYSED_CHARS:,} characters"
    return "none found" if analysed else "not analysed yet"
