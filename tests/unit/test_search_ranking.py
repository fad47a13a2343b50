"""Search through `byline.index.ranking` on a real Whoosh index: the same documents, order and
counts as Whoosh's own search, exact totals past the page shown, snippet highlights for every
query kind, and `date:` prefixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.config import Settings
from byline.index.query_syntax import dated, parser
from byline.index.ranking import Unsupported, rank
from byline.library import Library, SearchResult
from tests.unit.test_library_fixtures import DOCS, write_docs

DATED = {
    "spring.md": '---\ntitle: Spring Budget\ndate: "2024-03-05T10:15:00+00:00"\n---\n\n'
    "The finance minister presented the spring budget to parliament on Tuesday.\n",
    "autumn.md": '---\ntitle: Autumn Statement\ndate: "2024-11-20"\n---\n\n'
    "The autumn statement raised the fuel duty for hauliers.\n",
    "winter.md": '---\ntitle: Winter Floods\ndate: "2023-12-30T08:00:00"\n---\n\n'
    "Floods closed the harbour road before José Martí could reach the quay at\n"
    "Guinea-Bissau, where the ferry had been cancelled.\n",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The three small articles and three dated ones, indexed without analysis; energy.txt is
    then changed and indexed again, so the index holds a deleted document."""
    root = tmp_path_factory.mktemp("ranking")
    library = Library(root / "lib", Settings())
    docs = write_docs(root / "docs", {**DOCS, **DATED})
    assert library.add([docs], analyse=False).ok
    energy = docs / "energy.txt"
    energy.write_text(DOCS["energy.txt"].replace("Tuesday", "Wednesday"), encoding="utf-8")
    assert library.add([docs], analyse=False).ok
    return library


def names(result: SearchResult) -> list[str]:
    return [Path(hit.path).name for hit in result.hits]


QUERIES = [
    "Lisbon",
    "lisbon turbines",
    "Lisbon NOT strike",
    "rain OR strike OR budget",
    '"energy minister"',
    '"minister energy"',
    '"offshore wind farms"',
    '"wind offshore"',
    'title:"harbour city"',
    "title:draw",
    "minister",
    "marsh",
]


@pytest.mark.parametrize("text", QUERIES)
def test_ranking_agrees_with_whoosh(library: Library, text: str) -> None:
    searcher = library.indexes.searcher("docs")
    q = dated(parser(searcher.schema).parse(text))
    ranked = rank(searcher, q, 20)
    results = searcher.search(q, limit=20)
    assert ranked.docnums == [hit.docnum for hit in results]
    assert ranked.total == len(results)
    assert ranked.scores == pytest.approx([hit.score for hit in results])


@pytest.mark.parametrize("text", ["dockwork*", "mnister~", "minist*", "date:2024"])
def test_expansions_find_what_whoosh_finds(library: Library, text: str) -> None:
    # Scores may differ: Whoosh drops the field boost of a prefix that expands to one word.
    searcher = library.indexes.searcher("docs")
    q = dated(parser(searcher.schema).parse(text))
    ranked = rank(searcher, q, 20)
    results = searcher.search(q, limit=20)
    assert sorted(ranked.docnums) == sorted(hit.docnum for hit in results)
    assert ranked.total == len(results) > 0


def test_the_total_counts_past_the_page_and_skips_deleted(library: Library) -> None:
    assert library.search("minister").total == 2
    first = library.search("minister", limit=1)
    assert first.total == 2 and len(first.hits) == 1
    assert names(library.search("Wednesday")) == ["energy.txt"]
    assert library.search("Tuesday").total == 1  # the old energy.txt is deleted, not counted


def test_unsupported_queries_fall_back_to_whoosh(library: Library) -> None:
    from whoosh import query

    searcher = library.indexes.searcher("docs")
    either = query.DisjunctionMax([query.Term("body", "lisbon"), query.Term("body", "strike")])
    with pytest.raises(Unsupported):
        rank(searcher, either, 10)


def highlighted(result: SearchResult) -> list[list[str]]:
    return [[hit.snippet[s:e] for s, e in hit.highlights] for hit in result.hits]


def test_each_query_kind_highlights_the_words_as_written(library: Library) -> None:
    assert highlighted(library.search("turbine")) == [["turbines"]]
    # the title's "Dockworkers" is shown above the snippet, not in it: the body's only
    assert highlighted(library.search("dockwork*")) == [["Dockworkers"]]
    assert highlighted(library.search("turbnes~")) == [["turbines"]]
    assert highlighted(library.search('"spring budget"')) == [["spring budget"]]  # one span
    assert highlighted(library.search("hauliers fuel")) == [["fuel", "hauliers"]]


def test_snippets_match_across_line_wraps_and_accents(library: Library) -> None:
    (hit,) = library.search("jose quay").hits
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["José", "quay"]
    opened = library.open(hit.path)
    assert hit.offset is not None
    assert opened.document.text[hit.offset : hit.offset + 4] == "José"
    (hit,) = library.search("Guinea-Bissau").hits
    assert "Guinea-Bissau" in hit.snippet and "\n" not in hit.snippet


def test_date_year_month_and_day(library: Library) -> None:
    assert sorted(names(library.search("date:2024"))) == ["autumn.md", "spring.md"]
    assert names(library.search("date:2024-03")) == ["spring.md"]
    assert names(library.search("date:2024-03-05")) == ["spring.md"]
    assert names(library.search("date:2024-11-20")) == ["autumn.md"]
    assert names(library.search("date:2023")) == ["winter.md"]
    assert names(library.search("date:2022")) == []
    assert names(library.search("floods date:2023-12")) == ["winter.md"]
    assert sorted(names(library.search("date:[2023-12 TO 2024-04]"))) == ["spring.md", "winter.md"]


def test_did_you_mean(library: Library) -> None:
    assert library.search("hauliesr").suggestion == "hauliers"
    assert library.search("finanse minister").suggestion == "finance minister"
    assert library.search("hauliers").suggestion is None


def test_store_text_reads_the_head_of_an_entry(library: Library) -> None:
    for fields in library.indexes.all_documents():
        text = library.open(fields["path"]).document.text
        for limit in (1, 7, 50, len(text), len(text) + 10):
            assert library.store.text(fields["content_hash"], limit) == text[:limit]
    assert library.store.text("0" * 64, 10) is None


def test_every_document(library: Library) -> None:
    assert library.search("*:*").total == len(DOCS) + len(DATED)


@pytest.mark.parametrize(
    "text",
    ["plain", 'José "quoted" \\ back\nslash \u0001 control', "x" * 200_000 + 'é"' * 1000],
)
def test_the_head_of_an_entry_through_escapes_and_chunks(tmp_path: Path, text: str) -> None:
    from byline.index.store import Store
    from byline.models import Analysis, Document, Metadata

    store = Store(tmp_path)
    digest = "ab" * 32
    document = Document(
        path='/a/"b".txt',
        format="text",
        text=text,
        paragraphs=(),
        metadata=Metadata(),
        content_hash=digest,
    )
    store.put(document, Analysis(entities=(), quotes=()), analysed=False)
    for limit in (1, 5, 11, 150_000, 200_500, 10**6):
        assert store.text(digest, limit) == text[:limit]


def test_a_match_past_the_scanned_head_is_still_highlighted(tmp_path: Path) -> None:
    filler = "The harbour board met again and adjourned without a vote.\n\n" * 1200
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "long.txt").write_text(f"Long Minutes\n\n{filler}The zebra crossing was approved.\n")
    library = Library(tmp_path / "lib", Settings())
    assert library.add([folder], analyse=False).ok
    (hit,) = library.search("zebra").hits
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["zebra"]
    assert hit.offset is not None and hit.offset > 50_000
    text = library.open(hit.path).document.text
    assert text[hit.offset : hit.offset + 5] == "zebra"


def test_a_posting_list_read_whole_is_what_whoosh_reads(tmp_path: Path) -> None:
    from byline.index.postings import read_postings

    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(300):  # more than one block (128 postings) for the common words
        extra = " harbour harbour" if number % 3 == 0 else ""
        (folder / f"d{number:03}.txt").write_text(
            f"Note {number}\n\nThe harbour board met{extra}; item w{number}x was heard.\n"
        )
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))
    assert library.add([folder], analyse=False).ok
    reader = library.indexes.searcher("docs").reader()
    for segment, _ in reader.leaf_readers():
        for word in (b"harbour", b"board", b"w7x", b"note"):
            field = "title" if word == b"note" else "body"
            whole = read_postings(segment, field, word, with_values=True)
            assert whole is not None
            matcher = segment.postings(field, word)
            ids, weights, values = [], [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                values.append(matcher.value())
                matcher.next()
            assert whole[0].tolist() == ids and whole[1].tolist() == weights
            assert list(whole[2]) == values


@pytest.mark.parametrize("chunk", [16, 1 << 20])
def test_each_segments_terms_are_whooshs_lexicon(
    library: Library, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The terms "did you mean" and `word~` compare with are read from each segment's terms file
    a chunk at a time (16 bytes: a refill at nearly every term); they are Whoosh's lexicon."""
    from byline.index import vocabulary

    monkeypatch.setattr(vocabulary, "READ_CHUNK", chunk)
    reader = library.indexes.searcher("docs").reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()] or [reader]
    for leaf in leaves:
        for field in ("title", "body", "words", "path", "people", "date"):
            assert vocabulary.segment_terms(leaf, field) == list(leaf.lexicon(field))
    assert len(leaves) == 2  # the first run's segment, and energy.txt written again
    assert b"hauliers" in vocabulary.segment_terms(leaves[0], "words")


def test_a_new_reader_reads_only_the_segments_the_last_one_did_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each commit of an indexing run gives a searching process a new reader; its vocabulary
    reads the new segment alone. After a rebuild (every segment new) it reads them all again."""
    from byline.index import vocabulary
    from byline.index.schema import WORDS_FIELD

    library = Library(tmp_path / "lib", Settings())
    docs = write_docs(tmp_path / "docs", {"a.txt": "The hauliers blockaded the harbour.\n"})
    assert library.add([docs], analyse=False).ok
    assert "hauliers" in vocabulary.vocabulary(
        library.indexes.searcher("docs").reader(), WORDS_FIELD
    )
    read: list[str] = []
    terms_of = vocabulary._terms_of

    def counted(leaf: object, field: str) -> object:
        read.append(field)
        return terms_of(leaf, field)

    monkeypatch.setattr(vocabulary, "_terms_of", counted)
    (docs / "b.txt").write_text("Ferrymen struck at dawn.\n", encoding="utf-8")
    assert library.add([docs], analyse=False).ok
    reader = library.indexes.searcher("docs").reader()
    assert len(list(reader.leaf_readers())) == 2
    words = vocabulary.vocabulary(reader, WORDS_FIELD)
    assert {"hauliers", "ferrymen"} <= set(words)
    assert read == [WORDS_FIELD]  # the new segment only
    assert library.search("ferrymn").suggestion == "ferrymen"
    assert library.rebuild().ok
    read.clear()
    words = vocabulary.vocabulary(library.indexes.searcher("docs").reader(), WORDS_FIELD)
    assert {"hauliers", "ferrymen"} <= set(words)
    assert read  # read again from the rebuilt segments
