"""The index writer: new paths are added, batches in a run do not merge, the last commit does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from byline.index.indexes import Indexes
from byline.index.writing import MAX_SEGMENTS, IndexWriter
from byline.models import Analysis, Document, Metadata


def _document(path: str, text: str = "Some words here.") -> Document:
    return Document(
        path=path,
        format="txt",
        text=text,
        paragraphs=(),
        metadata=Metadata(title=path),
        content_hash="ab" + "0" * 62,
    )


def _new_index(tmp_path: Path) -> tuple[Indexes, IndexWriter]:
    indexes = Indexes(tmp_path / "index")
    indexes.create()
    return indexes, indexes.writer()


def _segments(indexes: Indexes) -> int:
    return len(indexes.index("docs")._segments())


def test_batches_do_not_merge_and_the_last_commit_does(tmp_path: Path) -> None:
    indexes, writer = _new_index(tmp_path)
    batches = MAX_SEGMENTS + 2
    for number in range(batches):
        writer.put(_document(f"/d/{number}.txt"), Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    assert _segments(indexes) == batches
    writer.put(_document("/d/last.txt"), Analysis(), size=1, analysed=False, new=True)
    writer.commit()
    assert _segments(indexes) == 1
    assert indexes.count() == batches + 1


def test_merged_segments_keep_every_live_posting_and_drop_replaced_ones(tmp_path: Path) -> None:
    from whoosh import query

    indexes, writer = _new_index(tmp_path)
    for batch in range(MAX_SEGMENTS + 1):
        for number in range(3):
            text = f"Common words and a word of its own: w{batch}x{number}. Harbour vote."
            path = f"/d/{batch}-{number}.txt"
            writer.put(_document(path, text), Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    # Replacing a document deletes its old entry from an earlier segment.
    changed = replace(_document("/d/0-0.txt", "Rewritten: harbour closed."), content_hash="c" * 64)
    writer.put(changed, Analysis(), size=1, analysed=False)
    writer.commit()
    assert _segments(indexes) == 1
    searcher = indexes.searcher("docs")
    assert searcher.doc_count() == 3 * (MAX_SEGMENTS + 1)
    assert len(searcher.search(query.Term("body", "harbour"), limit=None)) == searcher.doc_count()
    assert len(searcher.search(query.Term("body", "vote"), limit=None)) == searcher.doc_count() - 1
    for batch in range(MAX_SEGMENTS + 1):
        for number in range(3):
            hits = searcher.search(query.Term("words", f"w{batch}x{number}"))
            assert len(hits) == (0 if (batch, number) == (0, 0) else 1)
    phrase = query.Phrase("body", ["harbour", "close"])
    assert [hit["path"] for hit in searcher.search(phrase)] == ["/d/0-0.txt"]


def test_a_known_path_is_replaced(tmp_path: Path) -> None:
    indexes, writer = _new_index(tmp_path)
    writer.put(_document("/d/a.txt"), Analysis(), size=1, analysed=False, new=True)
    writer.commit()
    changed = replace(_document("/d/a.txt", "Other words."), content_hash="cd" + "0" * 62)
    writer.put(changed, Analysis(), size=1, analysed=False)
    writer.commit()
    assert indexes.count() == 1
    stored = indexes.stored("/d/a.txt")
    assert stored is not None and stored["content_hash"] == "cd" + "0" * 62


def test_replacing_and_deleting_in_a_batch_take_effect_at_its_commit(tmp_path: Path) -> None:
    """Deletions are noted while a batch is written and made at its commit, in the committed
    segments (no merge here): documents and quotes, with no second copy left behind."""
    from whoosh import query

    from byline.models import Quote, QuoteKind

    def said(words: str) -> Analysis:
        return Analysis(quotes=(Quote(words, 0, len(words), QuoteKind.DIRECT, "Ana Lima", "said"),))

    indexes, writer = _new_index(tmp_path)
    for batch in range(3):
        for number in range(2):
            path = f"/d/{batch}-{number}.txt"
            writer.put(
                _document(path, "Old harbour."), said("old"), size=1, analysed=False, new=True
            )
        writer.commit(merge=False)
    writer.put(_document("/d/0-1.txt", "New dock."), said("new"), size=1, analysed=True)
    writer.delete("/d/2-0.txt")
    # No searcher over every segment is held through the batch (Whoosh's would be cached here).
    assert writer._docs._searcher is None and writer._quotes._searcher is None
    writer.commit(merge=False)
    assert _segments(indexes) == 4
    docs = indexes.searcher("docs")
    assert docs.doc_count() == 5
    assert [hit["path"] for hit in docs.search(query.Term("body", "dock"))] == ["/d/0-1.txt"]
    old = {hit["path"] for hit in docs.search(query.Term("body", "harbour"), limit=None)}
    assert old == {"/d/0-0.txt", "/d/1-0.txt", "/d/1-1.txt", "/d/2-1.txt"}
    quotes = indexes.searcher("quotes")
    assert sorted(quote["text"] for quote in quotes.documents(path="/d/0-1.txt")) == ["new"]
    assert list(quotes.documents(path="/d/2-0.txt")) == []
    assert quotes.doc_count() == 5
    # A cancelled batch deletes nothing.
    writer.delete("/d/1-1.txt")
    writer.cancel()
    assert indexes.searcher("docs").doc_count() == 5


def test_replacements_are_found_in_overlapping_segments_and_ranges_kept(tmp_path: Path) -> None:
    """A segment is read only when a noted path falls between its first and last path; paths
    inside a segment's range but not in it, outside every range, or in ranges kept from an
    earlier batch are all handled."""
    from byline.index.deletions import in_range

    assert in_range([b"/b", b"/m", b"/y"], (b"/a", b"/n")) == [b"/b", b"/m"]
    assert in_range([b"/b"], (b"/c", b"/d")) == [] and in_range([b"/b"], None) == []
    indexes, writer = _new_index(tmp_path)
    for paths in (["/d/a.txt", "/d/z.txt"], ["/d/m.txt"], ["/d/b.txt", "/d/y.txt"]):
        for path in paths:
            old = _document(path, "Old harbour.")
            writer.put(old, Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    for batch in (["/d/m.txt", "/d/z.txt", "/d/0.txt"], ["/d/b.txt", "/d/a.txt"]):
        for path in batch:
            writer.put(_document(path, "New dock."), Analysis(), size=1, analysed=True)
        writer.commit(merge=False)
    paths = sorted(fields["path"] for fields in indexes.all_documents())
    assert paths == ["/d/0.txt", "/d/a.txt", "/d/b.txt", "/d/m.txt", "/d/y.txt", "/d/z.txt"]
    assert [f["path"] for f in indexes.all_documents() if not f["analysed"]] == ["/d/y.txt"]


def test_speakers_are_counted_exactly_over_segments_with_deletions(tmp_path: Path) -> None:
    from byline.index.queries import speakers
    from byline.models import Quote, QuoteKind

    def said(*speakers: str) -> Analysis:
        return Analysis(
            quotes=tuple(Quote("Yes.", 0, 4, QuoteKind.DIRECT, who, "said") for who in speakers)
        )

    indexes, writer = _new_index(tmp_path)
    writer.put(
        _document("/d/a.txt"), said("Ana Lima", "Ana Lima", "Rui Costa"), size=1, analysed=True
    )
    writer.put(_document("/d/c.txt"), said("Eva Sousa"), size=1, analysed=True)
    writer.commit(merge=False)
    writer.put(_document("/d/b.txt"), said("Ana Lima"), size=1, analysed=True)
    writer.commit(merge=False)
    writer.put(_document("/d/a.txt"), said("Rui Costa", "Rui Costa"), size=1, analysed=True)
    writer.commit(merge=False)  # a's first quotes are deleted, not yet merged away
    quotes = indexes.searcher("quotes")
    assert any(leaf.has_deletions() for leaf, _ in quotes.reader().leaf_readers())
    expected = [("Rui Costa", 2), ("Ana Lima", 1), ("Eva Sousa", 1)]
    assert speakers(quotes) == expected
    writer.commit()  # merged: the counts come from the term table alone
    assert speakers(indexes.searcher("quotes")) == expected


def test_the_quotes_of_a_speaker_are_the_quotes_counted_for_that_name(tmp_path: Path) -> None:
    from byline.index.queries import find_quotes, quotes_of, speakers
    from byline.models import Quote, QuoteKind

    quotes = tuple(
        Quote(f"Line {n}.", n * 10, n * 10 + 7, QuoteKind.DIRECT, who, "said")
        for n, who in enumerate(("Tony Blair", "Blair", "Tony Blair", "TONY BLAIR"))
    )
    indexes, writer = _new_index(tmp_path)
    writer.put(_document("/d/a.txt"), Analysis(quotes=quotes), size=1, analysed=True)
    writer.commit()
    searcher = indexes.searcher("quotes")
    # Spellings that fold alike are one speaker, in the most common spelling.
    assert speakers(searcher) == [("Tony Blair", 3), ("Blair", 1)]
    assert [q["text"] for q in quotes_of(searcher, "Blair")] == ["Line 1."]
    assert [q["text"] for q in quotes_of(searcher, "Tony Blair")] == [
        "Line 0.",
        "Line 2.",
        "Line 3.",
    ]
    # Asked by a name, as `byline quotes --speaker` asks, "Blair" finds Tony Blair's too.
    assert len(list(find_quotes(searcher, "Blair", None, None))) == 4


def test_organisations_and_places_count_the_documents_naming_them(tmp_path: Path) -> None:
    from byline.index.queries import documents_named, named
    from byline.models import Entity, EntityType

    def naming(*names: tuple[str, EntityType]) -> Analysis:
        return Analysis(entities=tuple(Entity(name, kind) for name, kind in names))

    org, place = EntityType.ORG, EntityType.PLACE
    indexes, writer = _new_index(tmp_path)
    writer.put(
        _document("/d/a.txt"),
        naming(("Café Luz", org), ("Lisbon", place), ("World  Bank", org)),
        size=1,
        analysed=True,
    )
    writer.put(_document("/d/b.txt"), naming(("Cafe Luz", org)), size=1, analysed=True)
    writer.commit(merge=False)
    writer.put(_document("/d/c.txt"), naming(("Café Luz", org)), size=1, analysed=True)
    writer.put(
        _document("/d/d.txt"),
        naming(("Café Luz", org), ("World  Bank", org), ("Lisbon", place)),
        size=1,
        analysed=True,
    )
    writer.commit(merge=False)
    writer.put(_document("/d/a.txt"), naming(("Lisbon", org)), size=1, analysed=True)
    writer.commit(merge=False)  # a's first names are deleted, not yet merged away
    docs = indexes.searcher("docs")
    assert any(leaf.has_deletions() for leaf, _ in docs.reader().leaf_readers())
    # Spellings that fold alike are one name, shown as the most common; a name's type counts.
    expected_orgs = [("Café Luz", 3), ("Lisbon", 1), ("World Bank", 1)]
    assert named(docs, "orgs_named") == expected_orgs
    assert named(docs, "places_named") == [("Lisbon", 1)]

    # The documents counted are the documents listed: not Lisbon the place, in d.
    def listed(name: str) -> list[str]:
        return sorted(f["path"] for f in documents_named(docs, "orgs_named", name))

    assert listed("cafe luz") == ["/d/b.txt", "/d/c.txt", "/d/d.txt"]
    assert listed("Lisbon") == ["/d/a.txt"]
    assert listed("Luz") == []
    writer.commit()  # merged: the counts come from the term table alone
    assert named(indexes.searcher("docs"), "orgs_named") == expected_orgs


def test_a_name_spelt_two_ways_as_often_shows_one_spelling_however_segments_lie(
    tmp_path: Path,
) -> None:
    from byline.index.queries import named
    from byline.models import Entity, EntityType

    indexes, writer = _new_index(tmp_path)
    for path, spelling in (("/d/a.txt", "Café Luz"), ("/d/b.txt", "Cafe Luz")):
        analysis = Analysis(entities=(Entity(spelling, EntityType.ORG),))
        writer.put(_document(path), analysis, size=1, analysed=True)
        writer.commit(merge=False)
    assert named(indexes.searcher("docs"), "orgs_named") == [("Cafe Luz", 2)]
    writer.commit()
    assert named(indexes.searcher("docs"), "orgs_named") == [("Cafe Luz", 2)]


def test_the_fast_field_indexes_exactly_what_the_analyzer_gives() -> None:
    from whoosh import fields

    from byline.index.fields import WordsField
    from byline.index.schema import plain_analyzer, text_analyzer

    samples = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(Path(__file__).parents[2].joinpath("sample_docs").glob("*.txt"))
    ]
    samples.append(
        "José Martí's café: the naïve ÆON of U.S. 3.5 and foo*bar, a I x.y.z İstanbul ﬁnance. "
        "The minister said the minister's ministers were at the ministry, and of the others..."
    )
    kinds = [
        (True, text_analyzer(), {}),
        (False, plain_analyzer(), {}),
        (False, plain_analyzer(), {"phrase": False}),
    ]
    for stemmed, analyzer, options in kinds:
        whoosh_field = fields.TEXT(analyzer=analyzer, **options)
        fast = WordsField(analyzer=analyzer, stemmed=stemmed, **options)
        for text in samples:
            assert sorted(fast.index(text)) == sorted(whoosh_field.index(text)), (stemmed, options)


def test_a_run_with_nothing_to_write_merges_what_a_killed_run_left(tmp_path: Path) -> None:
    indexes, writer = _new_index(tmp_path)
    batches = MAX_SEGMENTS + 2
    for number in range(batches):  # a run killed before its last commit: batches, unmerged
        writer.put(_document(f"/d/{number}.txt"), Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    assert _segments(indexes) == batches
    indexes.writer().commit()  # the next run: nothing new
    assert _segments(indexes) == 1
    assert indexes.count() == batches


def test_the_last_commit_merges_the_runs_batches_and_leaves_older_segments(tmp_path: Path) -> None:
    indexes = Indexes(tmp_path / "index")
    indexes.create()
    first = indexes.writer()
    first.put(_document("/d/old.txt"), Analysis(), size=1, analysed=False, new=True)
    first.commit()
    (old,) = indexes.index("docs")._segments()
    run = indexes.writer()
    for number in range(3):
        run.put(_document(f"/d/{number}.txt"), Analysis(), size=1, analysed=False, new=True)
        run.commit(merge=False)
    assert _segments(indexes) == 4
    run.commit()  # nothing pending: the run's three batches still become one segment
    segments = indexes.index("docs")._segments()
    assert len(segments) == 2 and old.segment_id() in {s.segment_id() for s in segments}
    assert indexes.count() == 4


def test_a_segment_whose_documents_were_all_replaced_is_dropped(tmp_path: Path) -> None:
    """The analysis phase rewrites every document of the text phase's segments: the emptied
    segments go at the next commit instead of being read again by the run's last merge."""
    indexes, writer = _new_index(tmp_path)
    paths = [f"/d/{number}.txt" for number in range(3)]
    for path in paths:
        writer.put(_document(path), Analysis(), size=1, analysed=False, new=True)
    writer.commit(merge=False)
    (text_phase,) = indexes.index("docs")._segments()
    files = f"*{text_phase.segment_id()}*"
    assert list((tmp_path / "index" / "docs").glob(files))
    for path in paths[:2]:
        writer.put(_document(path, "Analysed now."), Analysis(), size=1, analysed=True)
    writer.commit(merge=False)
    assert text_phase.segment_id() in {s.segment_id() for s in indexes.index("docs")._segments()}
    writer.put(_document(paths[2], "Analysed now."), Analysis(), size=1, analysed=True)
    writer.commit(merge=False)
    ids = {s.segment_id() for s in indexes.index("docs")._segments()}
    assert text_phase.segment_id() not in ids and len(ids) == 2
    assert not list((tmp_path / "index" / "docs").glob(files))
    assert indexes.count() == 3


def test_recent_reads_the_newest_live_documents_across_segments(tmp_path: Path) -> None:
    """`recent` reads the date column as arrays; it gives what Whoosh's own sort gives."""
    from byline.index.queries import _recent_by_whoosh, recent

    indexes, writer = _new_index(tmp_path)
    dates = ["2021-03-04", "2024-01-01T10:00:00", None, "2019-12-31", "2024-01-01", None]
    for batch in range(2):
        for number, date in enumerate(dates):
            document = _document(f"/d/{batch}-{number}.txt")
            document = replace(document, metadata=Metadata(title="t", date=date))
            writer.put(document, Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    newest = replace(_document("/d/0-3.txt"), metadata=Metadata(title="t", date="2030-01-01"))
    writer.put(newest, Analysis(), size=1, analysed=False)  # replaces (deletes) the 2019 one
    writer.commit(merge=False)
    assert _segments(indexes) == 3
    searcher = indexes.searcher("docs")
    for limit in (1, 3, 5, 50):
        found = [fields["path"] for fields in recent(searcher, limit)]
        assert found == [fields["path"] for fields in _recent_by_whoosh(searcher, limit)]
    found = [fields["path"] for fields in recent(searcher, 50)]
    assert found[0] == "/d/0-3.txt" and len(found) == 12 and found[-1] == "/d/1-3.txt"


def test_only_long_blocks_are_compressed_and_whoosh_reads_both(tmp_path: Path) -> None:
    import pickle
    import struct

    from whoosh import query

    from byline.index.segment_files import COMPRESS_FROM

    indexes, writer = _new_index(tmp_path)
    count = COMPRESS_FROM + 4
    for number in range(count):
        rare = " Rarely seen." if number < 2 else ""
        document = _document(f"/d/{number}.txt", f"Harbour vote number n{number}.{rare}")
        writer.put(document, Analysis(), size=1, analysed=False, new=True)
    writer.commit()
    searcher = indexes.searcher("docs")
    reader = searcher.reader()

    def first_block_compression(word: str) -> int:
        terms = reader._terms
        offset, length = terms.term_info("body", word.encode()).extent()
        raw = terms._postfile.get(offset, length if isinstance(length, int) else length[0])
        assert raw[:4] == b"W3Bl"
        (size,) = struct.unpack_from("!i", raw, 4)
        compression: int = pickle.loads(raw[8 : 8 + abs(size)])[3]
        return compression

    assert first_block_compression("harbour") > 0
    assert first_block_compression("rare") == 0
    for word, expected in (("harbour", count), ("rare", 2)):
        matcher = reader.postings("body", word)
        assert len(list(matcher.all_ids())) == expected
    phrase = searcher.search(query.Phrase("body", ["rare", "seen"]))
    assert sorted(hit["path"] for hit in phrase) == ["/d/0.txt", "/d/1.txt"]


def test_a_merge_streams_exactly_the_postings_whoosh_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`segment_postings` (what a merge copies) gives what Whoosh's own reader gives, with its
    read-ahead cut small so that lists straddle its pieces."""
    from whoosh.reading import SegmentReader

    from byline.index import postings

    indexes, writer = _new_index(tmp_path)
    for number in range(60):
        words = " ".join(f"w{(number * 7 + k) % 23}" for k in range(9))
        document = _document(f"/d/{number}.txt", f"Harbour vote {number}. {words}")
        writer.put(document, Analysis(), size=1, analysed=False, new=True)
    writer.commit()
    writer.delete("/d/5.txt")
    writer.commit(merge=False)
    index = indexes.index("docs")
    (segment,) = index._segments()
    reader = SegmentReader(index.storage, index.schema, segment)
    try:
        theirs = [
            (field, term, docnum, weight, value)
            for field, term, docnum, weight, value in reader.iter_postings()
            if field in index.schema and docnum not in reader.deleted_docs_set
        ]

        def matcher(*_: object) -> None:
            pytest.fail("a list was not read from the file's bytes but through Whoosh's matcher")

        monkeypatch.setattr(reader, "postings", matcher)
        ours = list(postings.segment_postings(reader, read_ahead=37))
    finally:
        reader.close()
    assert len(ours) > 1000
    assert ours == theirs


def test_a_merge_of_many_segments_reads_less_of_each_ahead() -> None:
    """The read-ahead of a merge is bounded in all: a megabyte per segment for a few segments,
    less for many (200 at a megabyte each held 200 MB in the last merge of a large build)."""
    from byline.index.segment_files import MERGE_READ_AHEAD, read_ahead

    assert read_ahead(1) == read_ahead(4) == 1 << 20
    assert read_ahead(350) * 350 <= MERGE_READ_AHEAD  # a 100,000 build's quotes
    assert read_ahead(10_000) == 16 << 10


def _docs_searcher(tmp_path: Path, analysis: Analysis) -> Any:
    """A searcher of a docs index holding one document with `analysis`."""
    indexes, writer = _new_index(tmp_path)
    writer.put(_document("/d/1.txt"), analysis, size=1, analysed=True, new=True)
    writer.commit()
    return indexes.searcher("docs")


def test_people_and_orgs_are_found_by_any_word_of_a_name_written_only_in_full(
    tmp_path: Path,
) -> None:
    """`people:boateng` and `orgs:kalahari` find the names written in full; a place only by its
    whole name, as its words name other places ("Sudan" in "South Sudan")."""
    from whoosh import query

    from byline.models import Entity, EntityType

    analysis = Analysis(
        entities=(
            Entity("Yaw Boateng", EntityType.PERSON),
            Entity("Kalahari Sun Holdings", EntityType.ORG),
            Entity("South Sudan", EntityType.PLACE),
        )
    )
    searcher = _docs_searcher(tmp_path, analysis)
    assert len(searcher.search(query.Term("people", "boateng"))) == 1
    assert len(searcher.search(query.Term("people", "yaw boateng"))) == 1
    assert len(searcher.search(query.Term("people", "yaw"))) == 1
    assert len(searcher.search(query.Term("orgs", "kalahari"))) == 1
    assert len(searcher.search(query.Term("orgs", "kalahari sun holdings"))) == 1
    assert len(searcher.search(query.Term("places", "south sudan"))) == 1
    assert len(searcher.search(query.Term("places", "sudan"))) == 0


def test_did_you_mean_corrects_a_name_asked_of_a_field(tmp_path: Path) -> None:
    """`people:boatng` matches nothing: the suggestion is the nearest name or word of a name the
    field holds, quoted when it has a space; words outside a field are corrected as before."""
    from byline.index.vocabulary import suggest
    from byline.models import Entity, EntityType

    analysis = Analysis(
        entities=(
            Entity("Yaw Boateng", EntityType.PERSON),
            Entity("Kalahari Sun Holdings", EntityType.ORG),
            Entity("Lisbon", EntityType.PLACE),
        )
    )
    searcher = _docs_searcher(tmp_path, analysis)
    assert suggest(searcher, "people:boatng") == "people:boateng"
    assert suggest(searcher, 'people:"yaw boatng"') == 'people:"yaw boateng"'
    assert suggest(searcher, "orgs:kalahri") == "orgs:kalahari"
    assert suggest(searcher, "places:lisbn") == "places:lisbon"
    assert suggest(searcher, "people:boateng") is None
    assert suggest(searcher, "people:zzzzzz") is None
    # A corrected name is not then corrected word by word, nor a fuzzy or prefix term touched.
    assert suggest(searcher, 'orgs:"kalahri sun holdings"') == 'orgs:"kalahari sun holdings"'
    assert suggest(searcher, "people:boatng-yaw~") is None


def test_a_speaker_is_found_by_any_word_of_the_name(tmp_path: Path) -> None:
    """`speakers:` follows the same rule as `people:` and `--speaker`."""
    from whoosh import query

    from byline.models import Entity, EntityType, Quote, QuoteKind

    analysis = Analysis(
        entities=(Entity("Ibrahima Diallo", EntityType.PERSON),),
        quotes=(Quote("Gas is dear,", 0, 12, QuoteKind.DIRECT, "Ibrahima Diallo", "said"),),
    )
    searcher = _docs_searcher(tmp_path, analysis)
    assert len(searcher.search(query.Term("speakers", "diallo"))) == 1
    assert len(searcher.search(query.Term("speakers", "ibrahima diallo"))) == 1
    assert len(searcher.search(query.Term("speakers", "marsh"))) == 0


def test_a_merge_holds_one_block_of_a_long_list_at_a_time(tmp_path: Path) -> None:
    """A merge holds every segment's current term at once, and some terms are in nearly every
    document (a numeric field's coarse terms; "harbour" here): each segment's list is decoded a
    block at a time as the merge goes, not whole (the last merge of 1.7 million quotes held
    hundreds of megabytes so)."""
    import tracemalloc

    from whoosh.reading import SegmentReader

    from byline.index import postings

    indexes, writer = _new_index(tmp_path)
    for number in range(3000):
        document = _document(f"/d/{number}.txt", f"Harbour vote harbour {number}.")
        writer.put(document, Analysis(), size=1, analysed=False, new=True)
    writer.commit()
    index = indexes.index("docs")
    (segment,) = index._segments()
    reader = SegmentReader(index.storage, index.schema, segment)
    try:
        terms = reader._terms
        info = terms.term_info("body", b"harbour")
        assert info.doc_frequency() == 3000

        def peak(walk: Any) -> int:
            tracemalloc.start()
            try:
                walk()
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

        fixed = index.schema["body"].format.fixed_value_size()
        whole = peak(lambda: postings._blocks(terms._postfile, info, fixed, True))
        streamed = peak(
            lambda: sum(1 for _ in postings._block_stream(terms._postfile, info, fixed, True) or ())
        )
    finally:
        reader.close()
    assert streamed * 2 < whole, (streamed, whole)


def test_the_term_table_is_written_as_whoosh_writes_it(tmp_path: Path) -> None:
    """The term table that keeps hashes and positions in arrays (the one a batch writer uses)
    writes Whoosh's file byte for byte, and Whoosh's reader finds every key in it."""
    from io import BytesIO

    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter
    from whoosh.filedb.structfile import StructFile

    from byline.index.segment_files import TermTable
    from byline.index.segments import BatchWriter

    indexes = Indexes(tmp_path / "index")
    indexes.create()
    batch = BatchWriter(indexes.index("docs"))
    assert isinstance(batch.fieldwriter._tindex, TermTable)
    batch.cancel()

    keys = sorted({f"{n * 7919 % 100_003:06d}".encode() + b"k" * (n % 5) for n in range(5000)})
    files: list[bytes] = []
    for compact in (False, True):
        keep = lambda f: files.append(f.file.getvalue())  # noqa: E731 (read before it closes)
        table = OrderedHashWriter(StructFile(BytesIO(), onclose=keep))
        if compact:
            table = TermTable.adopt(table)
        for number, key in enumerate(keys):
            table.add(key, str(number).encode())
        table.extras["fieldmap"] = {"body": 0}
        table.close()
    assert len(files) == 2 and files[0] == files[1]
    reader = OrderedHashReader(StructFile(BytesIO(files[1])), len(files[1]))
    assert all(reader[key] == str(number).encode() for number, key in enumerate(keys))
    assert list(reader.keys()) == keys


def test_the_writer_reads_field_lengths_as_whoosh_does(tmp_path: Path) -> None:
    """The lengths a segment's postings are written with (`Lengths`, one byte a document) are
    Whoosh's own, for documents with and without each field."""
    from byline.index.segment_files import Lengths

    indexes, writer = _new_index(tmp_path)
    for number in range(300):
        words = " ".join(["harbour"] * (number % 40))  # lengths past one byte's exact range
        document = _document(f"/d/{number}.txt", f"Vote {words}.")
        document = replace(document, metadata=Metadata(title=f"T{number}" if number % 3 else "-"))
        writer.put(document, Analysis(), size=1, analysed=False, new=True)
    writer.commit()
    reader = indexes.searcher("docs").reader()
    (segment, _), *_ = reader.leaf_readers()
    lengths = Lengths(segment._perdoc)
    for field in ("body", "title", "words", "people"):
        for docnum in range(segment.doc_count_all()):
            expected = segment.doc_field_length(docnum, field, -1) or -1  # None for a 0
            assert lengths.doc_field_length(docnum, field, -1) == expected, (field, docnum)


def test_numbers_are_one_term_each_and_quotes_still_come_in_their_order(tmp_path: Path) -> None:
    from byline.index.queries import find_quotes, quotes_of
    from byline.models import Quote, QuoteKind

    quotes = tuple(
        Quote(f"Line {n}.", 1000 - n * 10, 1000 - n * 10 + 7, QuoteKind.DIRECT, "Ann Lee", "said")
        for n in range(30)
    )
    indexes, writer = _new_index(tmp_path)
    writer.put(_document("/d/a.txt"), Analysis(quotes=quotes), size=1, analysed=True)
    writer.commit()
    searcher = indexes.searcher("quotes")
    reader = searcher.reader()
    # Whoosh's NUMERIC indexed eight terms of each number (for range queries nothing makes).
    assert len(list(reader.lexicon("position"))) == 30
    assert "start" not in {field for field, _ in reader.all_terms()}
    found = list(quotes_of(searcher, "Ann Lee"))
    assert [q["text"] for q in found] == [f"Line {n}." for n in range(30)]
    assert [q["start"] for q in found] == [1000 - n * 10 for n in range(30)]
    # A stored-only field named in a quote search is words, not a field Whoosh cannot search.
    assert list(find_quotes(searcher, None, "start: line", None)) == []
    assert len(list(find_quotes(searcher, None, "end:5 OR line", None))) == 30
    with indexes.searcher("docs") as docs:
        (stored,) = docs.documents()
        assert stored["quote_count"] == 30
        assert len(list(docs.reader().lexicon("quote_count"))) == 1
