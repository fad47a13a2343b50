"""The reader's headless parts: reading positions on disk, progress events, record adapters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from byline.library_records import AddProgress, DocumentSummary, QuoteRecord
from byline.models import Quote, QuoteKind
from byline.tui.citations import document_citation, quote_citation
from byline.tui.indexing import progress_fields
from byline.tui.positions import FILE_NAME, ReadingPositions, positions_file
from byline.tui.records import Listing, QuoteRow, entity_called, plural


class Home:
    """Anything with a `home` folder, like a Library."""

    def __init__(self, home: Path) -> None:
        self.home = home


def test_positions_round_trip_and_survive_a_damaged_file(tmp_path: Path) -> None:
    path = positions_file(Home(tmp_path))
    assert path == tmp_path / FILE_NAME
    positions = ReadingPositions(path)
    positions.set("/docs/a.txt", 1234)
    positions.save()
    assert ReadingPositions(path).get("/docs/a.txt") == 1234
    path.write_text("{not json", encoding="utf-8")
    assert ReadingPositions(path).get("/docs/a.txt") is None


def test_progress_fields_read_the_librarys_progress_events() -> None:
    event = AddProgress(3, 9, 100, 900, "/docs/port-strike.txt")
    assert progress_fields((event,), {}) == (3, 9, "/docs/port-strike.txt")
    assert progress_fields((2, 5, "/x.txt"), {}) == (2, 5, "/x.txt")


def test_citations_read_as_cited_with_the_day_and_a_title() -> None:
    # The comma joining the words to "she said" is dropped; a page's timestamp becomes its day;
    # a document without a title is named by its file; control characters never get through.
    quote = quote_citation(
        "It is over,",
        "Petra Marsh",
        None,
        "/news/lisbon-talks.txt",
        "Atlantic Wire",
        "2024-03-12T06:30:00+01:00",
    )
    assert quote == "“It is over” — Petra Marsh, “lisbon-talks.txt”, Atlantic Wire, 2024-03-12"
    assert quote_citation("Yes.", None, "Talks\x1b[2J", "/a.txt", None, None) == (
        "“Yes.” — Unattributed, “Talks\ufffd[2J”"
    )
    reported = quote_citation(
        "talks would resume", "Petra Marsh", "Talks", "/a.txt", None, None, "reported"
    )
    assert reported == (
        "talks would resume — Petra Marsh (reported speech, not a direct quote), “Talks”"
    )
    document = document_citation("Energy talks", "/news/a b.txt", None, "2024-03-12")
    assert document == "“Energy talks”, 2024-03-12, /news/a b.txt"


def test_records_become_rows() -> None:
    summary = DocumentSummary("/d.txt", "Title", "2024-03-12", "Review", "txt", 3, 1)
    listing = Listing.from_summary(summary)
    assert (listing.title, listing.people, listing.quotes, listing.source) == (
        "Title",
        3,
        1,
        "Review",
    )
    quote = Quote("words", 10, 15, QuoteKind.DIRECT, "Petra Marsh", "said")
    row = QuoteRow.from_record(QuoteRecord("/d.txt", quote))
    assert (row.path, row.text, row.speaker, row.start, row.end) == (
        "/d.txt",
        "words",
        "Petra Marsh",
        10,
        15,
    )
    assert [plural(1, "quote"), plural(2, "quote"), plural(2, "person", "people")] == [
        "1 quote",
        "2 quotes",
        "2 people",
    ]
    assert plural(273747, "quote") == "273,747 quotes"


def test_importing_the_reader_loads_no_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, byline.tui, byline.tui.app, byline.tui.screens.reader, "
        "byline.tui.screens.library, byline.tui.screens.across, byline.tui.screens.help\n"
        "heavy = {'whoosh', 'spacy', 'pdfplumber', 'trafilatura'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_collection_paused_for_the_start_resumes_once_the_first_frame_is_up(
    settings: Any, library: Any
) -> None:
    """`byline.tui.run` pauses the garbage collector while Textual is imported and the first
    screen built; the app must hand collection back once that screen has painted."""
    import gc

    from byline.tui import make_app
    from byline.tui.collector import OpeningPause

    starting = OpeningPause()
    starting.pause()
    try:
        app = make_app(settings, library)
        app.collector = starting
        assert not gc.isenabled()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert not starting.paused
    finally:
        starting.cancel()
        gc.unfreeze()


def test_rows_show_a_pages_timestamp_as_its_day() -> None:
    summary = DocumentSummary(
        "/d.html", "Falmouth votes", "2024-05-15T06:30:00+01:00", "Ledger", "html", 3, 1
    )
    assert Listing.from_summary(summary).date == "2024-05-15"
    quote = Quote("words", 10, 15, QuoteKind.DIRECT, "Petra Marsh", "said")
    record = {"doc": "/d.html", "quote": quote, "date": "2024-05-15 06:30"}
    assert QuoteRow.from_record(record).date == "2024-05-15"


async def test_hits_that_share_a_title_show_their_file_names() -> None:
    """An article kept as PDF and as text: the two hits must be told apart."""
    from textual.app import App, ComposeResult

    from byline.tui.widgets.hit_list import HitList

    class Lists(App[None]):
        def compose(self) -> ComposeResult:
            yield HitList()

    listings = [
        Listing("/docs/gas-deal.pdf", "Bissau's gas gamble", date="2024-03-12"),
        Listing("/docs/gas-deal.txt", "Bissau's gas gamble", date="2024-03-12"),
        Listing("/docs/port-strike.txt", "Dockworkers walk out", date="2024-08-21"),
    ]
    app = Lists()
    async with app.run_test(size=(100, 20)) as pilot:
        hits = app.query_one(HitList)
        hits.show_listings(listings)
        await pilot.pause()
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(3)]
    assert "gas-deal.pdf · 2024-03-12" in prompts[0]
    assert "gas-deal.txt · 2024-03-12" in prompts[1]
    assert "port-strike.txt" not in prompts[2] and "2024-08-21" in prompts[2]


def test_a_name_chosen_across_the_library_opens_at_its_first_mention_in_any_spelling() -> None:
    from byline.models import Analysis, Entity, EntityType, Mention
    from byline.tui.app import first_mention

    cafe = Entity(
        "Café Luz",
        EntityType.ORG,
        aliases=("Luz",),
        mentions=(Mention(90, 93, "Luz"), Mention(40, 48, "Café Luz")),
    )
    analysis = Analysis(entities=(cafe,))
    assert first_mention(analysis, "Cafe Luz") == 40  # listed as most documents spell it
    assert first_mention(analysis, "luz") == 40
    assert first_mention(analysis, "Lux") is None
    # The entity sidebar selects it by the same rule: an exact name first, then a folded one.
    cafe_exact = Entity("Cafe Luz", EntityType.PLACE, mentions=(Mention(5, 13, "Cafe Luz"),))
    assert entity_called([None, cafe, cafe_exact], "Cafe Luz") == 2
    assert entity_called([None, cafe, cafe_exact], "CAFÉ LUZ") == 1
    assert entity_called([None, cafe], "Luz Café") is None


def test_the_position_reads_as_a_pager_says_it() -> None:
    from byline.tui.widgets.title_line import position_label

    assert position_label(1.0, at_top=True) == "All"
    assert position_label(0.26, at_top=True) == "Top"
    assert position_label(0.5, at_top=False) == "50%"
    assert position_label(1.0, at_top=False) == "End"


def test_a_file_is_labelled_with_its_folder() -> None:
    from byline.tui.records import file_label

    assert file_label("/data/bbc/sport/242.txt") == "sport/242.txt"
    assert file_label("/data/bbc/politics/242.txt") != file_label("/data/bbc/sport/242.txt")
    assert file_label("notes.txt") == "notes.txt"


def test_the_last_merge_shows_as_a_bar_without_an_end() -> None:
    # The library's "merge" phase has no counts: the reader's line names it and its bar runs
    # without a total (Textual's indeterminate bar), not at 0 of 0.
    from byline.tui.indexing import indexing_label, indexing_status, progress_poster
    from byline.tui.messages import IndexProgress

    posted: list[IndexProgress] = []
    progress = progress_poster(posted.append)
    progress(AddProgress(3, 3, 300, 300, "/docs/c.txt", phase="analysis"))
    progress(AddProgress(0, 0, 0, 0, phase="merge"))
    analysing, merging = posted
    assert indexing_label(analysing) == "Analysing 3/3 files: c.txt"
    assert (merging.done, merging.total) == (0, None)
    assert indexing_label(merging) == "Merging the index…"
    assert indexing_status(merging) == "indexing… merging the index"


def test_an_analysis_to_come_is_none_but_an_earlier_one_is_shown() -> None:
    from byline.library_records import OpenDocument
    from byline.models import Analysis, Document, Metadata
    from byline.tui.records import opened

    document = Document("/d.txt", "txt", "Text.", (), Metadata(), "0" * 64)
    quote = Quote("Text.", 0, 5, QuoteKind.DIRECT, None, None)
    earlier = Analysis(quotes=(quote,))
    assert opened(OpenDocument(document, Analysis(), indexed=True, analysed=False))[1] is None
    assert opened(OpenDocument(document, earlier, indexed=True, analysed=False))[1] is earlier
    assert opened(OpenDocument(document, Analysis(), indexed=True))[1] == Analysis()
