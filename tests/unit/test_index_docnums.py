"""The docnums files beside each segment: written as segments are, holding exactly Whoosh's
long posting lists (deleted documents included), read by ranking with the same results, rebuilt
for segments that lack them, and deleted with their segment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from byline.index import docnum_files, docnums
from byline.index.indexes import Indexes
from byline.index.query_syntax import parser
from byline.index.ranking import rank
from byline.index.schema import LISTED_FIELDS, WORDS_FIELD
from byline.index.writing import MAX_SEGMENTS
from byline.models import Analysis, Document, Entity, EntityType, Metadata

WORDS = ["harbour", "vote", "minister", "budget", "ferry", "strike", "council", "river"]


def _document(number: int, text: str | None = None) -> Document:
    # Every document has "harbour"; the others come and go, so lists differ in length and gaps.
    own = [w for i, w in enumerate(WORDS) if number % (i + 1) == 0]
    return Document(
        path=f"/d/{number}.txt",
        format="txt",
        text=text or f"Report {number}: " + " ".join(own * (1 + number % 3)) + ".",
        paragraphs=(),
        metadata=Metadata(title=f"Report {number}"),
        content_hash=f"{number:064x}",
    )


def _files(indexes: Indexes) -> dict[str, Path]:
    folder = indexes.folder / "docs"
    index = indexes.index("docs")
    return {s.segment_id(): docnum_files.path_of(folder, s) for s in index._segments()}


def _whoosh_list(reader: object, field: str, term: bytes) -> tuple[list[int], list[float]]:
    matcher = reader._terms.matcher(field, term, reader.schema[field].format)  # type: ignore[attr-defined]
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _whoosh_positions(reader: object, field: str, term: bytes) -> list[list[int]]:
    fmt = reader.schema[field].format  # type: ignore[attr-defined]
    matcher = reader._terms.matcher(field, term, fmt)  # type: ignore[attr-defined]
    out = []
    while matcher.is_active():
        out.append(list(fmt.decode_positions(matcher.value())))
        matcher.next()
    return out


@pytest.fixture()
def indexes(tmp_path: Path) -> Indexes:
    """300 documents in three segments, one of them replaced (a deleted entry in a segment)."""
    indexes = Indexes(tmp_path / "index")
    indexes.create()
    writer = indexes.writer()
    for number in range(300):
        writer.put(_document(number), Analysis(), size=1, analysed=False, new=True)
        if number % 100 == 99:
            writer.commit(merge=False)
    changed = replace(_document(4, "Rewritten: the harbour closed."), content_hash="c" * 64)
    writer.put(changed, Analysis(), size=1, analysed=False)
    writer.commit(merge=False)
    return indexes


def test_each_segment_has_a_file_holding_whoosh_lists_exactly(indexes: Indexes) -> None:
    files = _files(indexes)
    assert len(files) == 4 and all(path.exists() for path in files.values())
    assert not list((indexes.folder / "docs").glob(".*.part"))
    searcher = indexes.searcher("docs")
    checked = 0
    for reader, _ in searcher.reader().leaf_readers():
        kept = docnums.DocnumFile(files[reader.segment().segment_id()])
        for (field, term), info in reader._terms.items():
            got = kept.get(field, term)
            if info.doc_frequency() < docnums.MIN_POSTINGS:
                assert got is None
                continue
            assert got is not None, (field, term)
            ids, weights = _whoosh_list(reader, field, term)
            assert got[0].tolist() == ids and got[1].tolist() == weights
            positions = kept.positions(field, term)
            if field == "body":
                assert positions is not None
                counts, flat = positions
                assert counts.tolist() == [len(p) for p in _whoosh_positions(reader, field, term)]
                assert flat.tolist() == [
                    at for p in _whoosh_positions(reader, field, term) for at in p
                ]
            checked += 1
    assert checked > 10
    # The replaced document is still in its old segment's lists, as in Whoosh's.
    assert searcher.reader().has_deletions()


def _assert_listed_like_whoosh(indexes: Indexes) -> int:
    """Each segment's file lists every term of the listed fields that Whoosh's lexicon holds,
    in order; how many segments were checked."""
    searcher = indexes.searcher("docs")
    leaves = [reader for reader, _ in searcher.reader().leaf_readers()]
    for reader in leaves:
        kept = docnum_files.for_reader(reader)
        assert kept is not None
        for field in sorted(LISTED_FIELDS):
            whoosh = [t.decode("utf-8") for t in reader.lexicon(field)]
            assert kept.listed(field) == whoosh, field
    return len(leaves)


def test_the_files_list_the_terms_of_the_vocabulary_fields(tmp_path: Path) -> None:
    """As written in batches, as merged, and as rebuilt for segments without files; words
    beyond ASCII, and fields no document of a segment has (an empty list, not none)."""
    indexes = Indexes(tmp_path / "index")
    indexes.create()
    writer = indexes.writer()
    mayor = Entity("José Martí", EntityType.PERSON)
    for number in range(60):
        analysis = Analysis(entities=(mayor,)) if number >= 30 else Analysis()
        text = f"Café {number} in Москва: the harbour reopened; attendance {number * 7}."
        writer.put(_document(number, text), analysis, size=1, analysed=True, new=True)
        if number % 30 == 29:
            writer.commit(merge=False)
    assert _assert_listed_like_whoosh(indexes) == 2
    first = docnum_files.for_reader(next(iter(indexes.searcher("docs").reader().leaf_readers()))[0])
    assert first is not None and first.listed("people") == []
    assert {"cafe", "москва"} <= set(first.listed(WORDS_FIELD) or [])
    writer.commit()  # the run's last commit: its two segments merged into one
    assert _assert_listed_like_whoosh(indexes) == 1
    for path in _files(indexes).values():
        path.unlink()
    assert docnum_files.compile_missing(indexes.index("docs")) == 1
    assert _assert_listed_like_whoosh(indexes) == 1


def test_the_vocabulary_is_read_from_the_lists(
    indexes: Indexes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment whose file lists its terms is not read through Whoosh's terms file; one whose
    file is gone is."""
    from byline.index import vocabulary

    read: list[object] = []
    segment_terms = vocabulary.segment_terms

    def counted(leaf: object, field: str) -> object:
        read.append(leaf)
        return segment_terms(leaf, field)

    monkeypatch.setattr(vocabulary, "segment_terms", counted)
    monkeypatch.setattr(vocabulary, "_read_before", {})
    reader = indexes.searcher("docs").reader()
    assert {"harbour", "ferry"} <= set(vocabulary.vocabulary(reader, WORDS_FIELD))
    assert read == []
    (path, *_) = _files(indexes).values()
    path.unlink()
    monkeypatch.setattr(vocabulary, "_read_before", {})
    reader = indexes.index("docs").reader()  # a new reader: it looks for the files again
    assert {"harbour", "ferry"} <= set(vocabulary.vocabulary(reader, WORDS_FIELD))
    assert len(read) == 1


def test_a_file_without_lists_gives_none(indexes: Indexes, tmp_path: Path) -> None:
    """A file of an older Byline has no lists: the vocabulary is read from Whoosh's terms."""
    old = tmp_path / "old.dnw"
    writer = docnums.DocnumWriter(old)
    writer.list_term(WORDS_FIELD, b"harbour")
    writer.finish()
    assert docnums.DocnumFile(old).listed(WORDS_FIELD) is None
    tangled = tmp_path / "nul.dnw"
    writer = docnums.DocnumWriter(tangled, listed=frozenset({WORDS_FIELD, "people", "places"}))
    for term in (b"a\0b", b"harbour"):
        writer.list_term(WORDS_FIELD, term)
    writer.list_term("people", b"jose marti")
    writer.list_term("places", b"")
    writer.finish()
    kept = docnums.DocnumFile(tangled)
    assert kept.listed(WORDS_FIELD) is None  # a term with a NUL byte: the field is not listed
    assert kept.listed("people") == ["jose marti"]
    assert kept.listed("places") == [""]  # one empty term, not none


@pytest.mark.parametrize(
    "text",
    [
        "harbour",
        "harbour vote",
        "minister OR ferry",
        "harb*",
        "vote",
        '"harbour vote"',
        '"vote harbour"',
        '"report harbour"',
        '"vote minister budget"',
    ],
)
def test_ranking_with_the_files_agrees_with_whoosh(indexes: Indexes, text: str) -> None:
    searcher = indexes.searcher("docs")
    q = parser(searcher.schema).parse(text)
    ranked = rank(searcher, q, 20)
    results = searcher.search(q, limit=20)
    assert ranked.total == len(results)
    assert ranked.docnums == [hit.docnum for hit in results]
    assert ranked.scores == pytest.approx([hit.score for hit in results])


def test_phrases_read_their_positions_from_the_files(indexes: Indexes) -> None:
    from byline.index.ranking import _Evaluator

    searcher = indexes.searcher("docs")
    evaluator = _Evaluator(searcher)
    kept = evaluator.term_positions("body", b"harbour")
    assert kept is not None and len(kept[0]) == 301  # every entry, the replaced one included
    (segment, _), *_ = searcher.reader().leaf_readers()
    kept_by_file = docnum_files.for_reader(segment)
    assert kept_by_file is not None and kept_by_file.positions("body", b"river") is None
    river = evaluator.term_positions("body", b"river")  # too short to keep: Whoosh's blocks
    assert river is not None and len(river[0]) == 300 // 8 + 1


def _lists(path: Path) -> dict[tuple[str, str], tuple[list[int], list[float]]]:
    kept = docnums.DocnumFile(path)
    out = {}
    for field, terms in kept._table.items():
        for term in terms:
            got = kept.get(field, term.encode("latin-1"))
            assert got is not None
            out[field, term] = (got[0].tolist(), got[1].tolist())
    return out


def test_segments_without_files_get_them_back_the_same(indexes: Indexes) -> None:
    files = _files(indexes)
    before = {sid: _lists(path) for sid, path in files.items()}
    for path in files.values():
        path.unlink()
    assert docnum_files.compile_missing(indexes.index("docs")) == len(files)
    assert docnum_files.compile_missing(indexes.index("docs")) == 0
    assert {sid: _lists(path) for sid, path in files.items()} == before


def test_a_merge_writes_one_file_and_whoosh_deletes_the_old_ones(indexes: Indexes) -> None:
    writer = indexes.writer()
    for number in range(1000, 1000 + MAX_SEGMENTS):
        writer.put(_document(number), Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    writer.put(_document(2000), Analysis(), size=1, analysed=False, new=True)
    writer.commit()  # more than MAX_SEGMENTS: merged into one
    files = _files(indexes)
    assert len(files) == 1
    assert sorted((indexes.folder / "docs").glob("*" + docnums.EXTENSION)) == list(files.values())
    searcher = indexes.searcher("docs")
    assert rank(searcher, parser(searcher.schema).parse("harbour"), 5).total == 311
    (merged,) = files.values()
    kept = docnums.DocnumFile(merged).get("body", b"harbour")
    assert kept is not None and len(kept[0]) == 311  # the replaced entry is gone with the merge


def test_a_damaged_file_is_passed_over_for_whoosh_blocks(indexes: Indexes) -> None:
    (path, *_) = _files(indexes).values()
    kept = docnums.DocnumFile(path)
    field, terms = next(iter(kept._table.items()))
    term = next(iter(terms))
    terms[term][0] = len(kept._map)  # an extent past the end of the file
    assert kept.get(field, term.encode("latin-1")) is None
    path.write_bytes(b"not a docnums file")
    searcher = indexes.searcher("docs")
    q = parser(searcher.schema).parse('"harbour vote"')
    assert rank(searcher, q, 20).docnums == [hit.docnum for hit in searcher.search(q, limit=20)]


def test_a_reader_finds_its_segment_file_once(
    indexes: Indexes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prefix query asks for the file once per term it expands to: the reader keeps it."""
    searcher = indexes.searcher("docs")
    (segment, _), *_ = searcher.reader().leaf_readers()
    first = docnum_files.for_reader(segment)
    assert first is not None

    def no_stat(*_: object, **__: object) -> None:
        pytest.fail("the file was looked for again")

    monkeypatch.setattr(Path, "stat", no_stat)
    assert docnum_files.for_reader(segment) is first


def test_files_deleted_by_a_merge_are_let_go_without_a_check_at_every_opening(
    indexes: Indexes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a segment's file sweeps the files already open for deleted ones at most once a
    second (a sweep at every opening was a `stat` of every open file: 40,000 for the 200
    segments of a library being indexed); a file a merge deleted is let go at the next sweep."""
    monkeypatch.setattr(docnum_files, "_opened", {})
    monkeypatch.setattr(docnum_files, "_swept_at", [0.0])
    monkeypatch.setattr(docnum_files, "SWEEP_SECONDS", 3600.0)
    checks: list[str] = []
    real_exists = docnum_files.os.path.exists

    def exists(path: str) -> bool:
        checks.append(path)
        return real_exists(path)

    monkeypatch.setattr(docnum_files.os.path, "exists", exists)
    old = list(_files(indexes).values())
    for segment, _ in indexes.searcher("docs").reader().leaf_readers():
        assert docnum_files.for_reader(segment) is not None
    assert len(checks) <= 1 and sorted(docnum_files._opened) == sorted(map(str, old))
    writer = indexes.writer()
    for number in range(1000, 1000 + MAX_SEGMENTS):
        writer.put(_document(number), Analysis(), size=1, analysed=False, new=True)
        writer.commit(merge=False)
    writer.commit()  # more than MAX_SEGMENTS: merged into one, the old files deleted
    (merged,) = _files(indexes).values()
    assert not any(path.exists() for path in old)
    monkeypatch.setattr(docnum_files, "SWEEP_SECONDS", 0.0)
    (segment, _), *_ = indexes.searcher("docs").reader().leaf_readers()
    assert docnum_files.for_reader(segment) is not None
    assert list(docnum_files._opened) == [str(merged)]
