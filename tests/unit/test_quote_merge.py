"""A run's last commit merges many quotes in a second process, beside the documents' merge."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from byline.index import quote_merge
from byline.index.indexes import Indexes, IndexWriter
from byline.models import Analysis, Document, Metadata, Quote, QuoteKind

BATCHES = 4
QUOTES = 3


def _document(path: str, number: int) -> tuple[Document, Analysis]:
    said = [f"Harbour plan {number} part {part} is sound" for part in range(QUOTES)]
    text = " ".join(f'"{words}," she said.' for words in said)
    quotes = tuple(
        Quote(words, text.index(words), text.index(words) + len(words), QuoteKind.DIRECT, "Ann Lee")
        for words in said
    )
    document = Document(
        path=path,
        format="txt",
        text=text,
        paragraphs=(),
        metadata=Metadata(title=path),
        content_hash=f"{number:064x}",
    )
    return document, Analysis(quotes=quotes)


def _run(tmp_path: Path) -> tuple[Indexes, IndexWriter]:
    """A run that committed BATCHES batches of two documents, its last batch still pending."""
    indexes = Indexes(tmp_path / "index")
    indexes.create()
    writer = indexes.writer()
    for batch in range(BATCHES):
        for number in range(batch * 2, batch * 2 + 2):
            document, analysis = _document(f"/d/{number}.txt", number)
            writer.put(document, analysis, size=1, analysed=True, new=True)
        if batch < BATCHES - 1:
            writer.commit(merge=False)
    return indexes, writer


def _segments(indexes: Indexes, name: str) -> int:
    return len(indexes.index(name)._segments())


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merge beside from 3 quotes, in a forked process (which sees this test's patches)."""
    monkeypatch.setattr(quote_merge, "MIN_QUOTES", 3)
    monkeypatch.setattr(
        "byline.processes.start_context", lambda: multiprocessing.get_context("fork")
    )


def _recording(tmp_path: Path) -> Any:
    """`merge_run`, writing the id of each process that runs it to a file."""
    original = quote_merge.merge_run
    log = tmp_path / "merged-by"

    def merge_run(folder: str, before: frozenset[str], *, in_helper: bool = False) -> None:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        original(folder, before, in_helper=in_helper)

    return merge_run, log


def test_the_quotes_merge_in_a_second_process(
    tmp_path: Path, forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh import query

    merge_run, log = _recording(tmp_path)
    monkeypatch.setattr(quote_merge, "merge_run", merge_run)
    indexes, writer = _run(tmp_path)
    assert _segments(indexes, "quotes") == BATCHES - 1
    writer.commit()
    assert [int(pid) for pid in log.read_text().split()] != [os.getpid()]
    assert len(log.read_text().split()) == 1
    assert (_segments(indexes, "quotes"), _segments(indexes, "docs")) == (1, 1)
    searcher = indexes.searcher("quotes")
    assert searcher.doc_count() == BATCHES * 2 * QUOTES
    hits = searcher.search(query.Term("text", "harbour"), limit=None)
    assert len(hits) == BATCHES * 2 * QUOTES
    assert {hit["path"] for hit in hits} == {f"/d/{n}.txt" for n in range(BATCHES * 2)}
    folder = Path(indexes.index("quotes").storage.folder)
    assert not [name for name in os.listdir(folder) if name.endswith(".part")]


def test_when_the_second_process_fails_this_one_merges(
    tmp_path: Path,
    forking: None,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from byline.index.segments import BatchWriter

    merge_run, log = _recording(tmp_path)
    monkeypatch.setattr(quote_merge, "merge_run", merge_run)
    commit, here = BatchWriter.commit, os.getpid()

    def failing_elsewhere(self: BatchWriter, *args: Any, **kwargs: Any) -> None:
        if os.getpid() != here:
            raise OSError("disk full")
        commit(self, *args, **kwargs)

    monkeypatch.setattr(BatchWriter, "commit", failing_elsewhere)
    indexes, writer = _run(tmp_path)
    writer.commit()
    pids = [int(pid) for pid in log.read_text().split()]
    assert len(pids) == 2 and pids[0] != os.getpid() and pids[1] == os.getpid()
    assert _segments(indexes, "quotes") == 1
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES
    assert "Traceback" not in capfd.readouterr().err, "the failed process printed nothing"


def test_when_no_process_can_start_this_one_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader spawns from a thread, and spawning fails without a usable stderr."""

    class NoProcesses:
        def Process(self, **kwargs: Any) -> Any:
            raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(quote_merge, "MIN_QUOTES", 3)
    monkeypatch.setattr("byline.processes.start_context", lambda: NoProcesses())
    indexes, writer = _run(tmp_path)
    writer.commit()
    assert (_segments(indexes, "quotes"), _segments(indexes, "docs")) == (1, 1)
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES
    assert indexes.searcher("docs").doc_count() == BATCHES * 2


def test_few_quotes_merge_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    merge_run, log = _recording(tmp_path)
    monkeypatch.setattr(quote_merge, "merge_run", merge_run)
    indexes, writer = _run(tmp_path)  # 18 quotes committed, below MIN_QUOTES
    writer.commit()
    assert not log.exists()
    assert (_segments(indexes, "quotes"), _segments(indexes, "docs")) == (1, 1)
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES


def test_a_spawned_process_merges_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader indexes from a thread, so its second process is spawned, not forked."""
    monkeypatch.setattr(quote_merge, "MIN_QUOTES", 3)
    monkeypatch.setattr(
        "byline.processes.start_context", lambda: multiprocessing.get_context("spawn")
    )
    exit_codes: list[int | None] = []
    wait = quote_merge.QuoteMerge.wait

    def waiting(merge: quote_merge.QuoteMerge) -> None:
        merge._process.join()
        exit_codes.append(merge._process.exitcode)
        wait(merge)

    monkeypatch.setattr(quote_merge.QuoteMerge, "wait", waiting)
    indexes, writer = _run(tmp_path)
    writer.commit()
    assert exit_codes == [0]
    assert (_segments(indexes, "quotes"), _segments(indexes, "docs")) == (1, 1)
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES
