"""The documents' last merge shared with a second process (`index.split_merge`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from byline.index import split_merge
from byline.index.indexes import Indexes
from byline.index.writing import IndexWriter
from byline.models import Analysis, Quote, QuoteKind
from tests.unit.test_index_writer import _document


def _run(
    tmp_path: Path, batches: int = 6, sizes: tuple[int, ...] = ()
) -> tuple[Indexes, IndexWriter, list[str]]:
    """A run of `batches` committed batches (of 4 documents, or `sizes`), each document with a
    quote, one replacing a document of an earlier batch."""
    indexes = Indexes(tmp_path / "index")
    indexes.create()
    writer = indexes.writer()
    paths = []
    for batch, size in enumerate(sizes or (4,) * batches):
        for number in range(size):
            path = f"/d/{batch}-{number}.txt"
            text = f"Harbour vote and a word of its own: w{batch}x{number}."
            quote = Quote("Harbour vote", 0, 12, QuoteKind.DIRECT, "Ann Lee", "said")
            analysis = Analysis(quotes=(quote,))
            writer.put(_document(path, text), analysis, size=1, analysed=False, new=True)
            paths.append(path)
        writer.commit(merge=False)
    # replaced in the last batch: its old entry is a deletion in the first segment
    text = "Harbour vote, rewritten: w0x0 again."
    writer.put(_document("/d/0-0.txt", text), Analysis(), size=1, analysed=False)
    writer.commit(merge=False)
    return indexes, writer, paths


def _found(indexes: Indexes, word: str) -> list[str]:
    from whoosh import query

    with indexes.index("docs").searcher() as searcher:
        hits = searcher.search(query.Term("body", word), limit=None)
        return sorted(hit["path"] for hit in hits)


def _check_every_document(indexes: Indexes, paths: list[str]) -> None:
    assert indexes.count() == len(paths)
    assert len(_found(indexes, "harbour")) == len(paths)
    for path in paths:
        batch, number = path.removeprefix("/d/").removesuffix(".txt").split("-")
        assert _found(indexes, f"w{batch}x{number}") == [path]
    assert _found(indexes, "rewritten") == ["/d/0-0.txt"]


def test_a_large_last_merge_ends_in_two_segments_with_every_document_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split_merge, "MIN_DOCUMENTS", 1)
    indexes, writer, paths = _run(tmp_path)
    assert len(indexes.index("docs")._segments()) == 7

    writer.commit()

    segments = indexes.index("docs")._segments()
    assert len(segments) == 2 and not any(s.has_deletions() for s in segments)
    _check_every_document(indexes, paths)
    assert len(indexes.index("quotes")._segments()) == 1  # the quotes' merge is not shared
    folder = tmp_path / "index" / "docs"
    assert not list(folder.glob(".split-*"))  # the job's files are gone
    files = {p.name for p in folder.iterdir()}
    for segment in segments:  # each with its docnums file
        assert segment.make_filename(".dnw") in files


def test_a_small_last_merge_stays_in_this_process(tmp_path: Path) -> None:
    indexes, writer, paths = _run(tmp_path)  # 25 documents, under MIN_DOCUMENTS
    writer.commit()
    assert len(indexes.index("docs")._segments()) == 1
    _check_every_document(indexes, paths)


def test_when_the_second_process_fails_its_segments_stay_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split_merge, "MIN_DOCUMENTS", 1)
    monkeypatch.setattr(
        "byline.processes.python_command",
        lambda code: [sys.executable, "-c", "raise SystemExit(3)"],
    )
    indexes, writer, paths = _run(tmp_path)
    before = indexes.index("docs")._segments()
    _, there = split_merge.shares([s for s in before if s.doc_count() > 0])

    writer.commit()

    after = {s.segment_id() for s in indexes.index("docs")._segments()}
    assert {s.segment_id() for s in there} <= after and len(after) == 1 + len(there)
    _check_every_document(indexes, paths)


def test_shares_cut_at_two_fifths_of_the_live_documents() -> None:
    class Segment:
        def __init__(self, count: int) -> None:
            self.count = count

        def doc_count(self) -> int:
            return self.count

    sizes = [400, 300, 200, 200, 100]
    here, there = split_merge.shares([Segment(n) for n in sizes])
    assert [s.count for s in here] == [400, 300] and [s.count for s in there] == [200, 200, 100]
    here, there = split_merge.shares([Segment(n) for n in (300, 300, 400)])
    assert there == []  # the second share would be one segment: rewritten for nothing
    here, there = split_merge.shares([Segment(n) for n in (900, 900)])
    assert there == []  # two segments: one merge is as quick
    here, there = split_merge.shares([Segment(n) for n in (100, 100, 100)])
    assert there == []  # too few documents to pay for a process


def test_a_lone_segment_with_deletions_is_still_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process's share is the first segment alone, which holds a replaced document."""
    monkeypatch.setattr(split_merge, "MIN_DOCUMENTS", 1)
    indexes, writer, paths = _run(tmp_path, sizes=(12, 2, 2, 2))

    writer.commit()

    segments = indexes.index("docs")._segments()
    assert len(segments) == 2 and not any(s.has_deletions() for s in segments)
    _check_every_document(indexes, paths)


def _slow_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> split_merge.SplitMerge:
    monkeypatch.setattr(
        "byline.processes.python_command",
        lambda code: [sys.executable, "-c", "import time; time.sleep(60)"],
    )
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / ".MAIN_x.dnw.part").write_bytes(b"unfinished")
    return split_merge.SplitMerge(str(folder), ["a segment"])


def test_an_interrupted_wait_stops_the_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    merge = _slow_merge(tmp_path, monkeypatch)

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(KeyboardInterrupt):
            merge.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert merge._process is not None and merge._process.poll() is not None
    assert not [p.name for p in (tmp_path / "index").iterdir()]  # job and part file removed


def test_an_abandoned_merge_is_stopped_and_tidied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merge = _slow_merge(tmp_path, monkeypatch)
    merge.abandon()
    assert merge._process is not None and merge._process.poll() is not None
    assert not list((tmp_path / "index").iterdir())
