"""A run's last commit merges many quotes in a second process, beside the documents' merge."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from byline.index import quote_merge
from byline.index.indexes import Indexes
from byline.index.writing import IndexWriter
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
def beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merge beside from 3 quotes."""
    monkeypatch.setattr(quote_merge, "MIN_QUOTES", 3)


def _merged_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record each merge this process runs itself (the second process does not see the patch)."""
    calls: list[int] = []
    original = quote_merge.merge_run

    def merge_run(folder: str, before: frozenset[str], *, in_helper: bool = False) -> None:
        calls.append(os.getpid())
        original(folder, before, in_helper=in_helper)

    monkeypatch.setattr(quote_merge, "merge_run", merge_run)
    return calls


def _exit_codes(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Record the second process's exit code when the run waits for it."""
    codes: list[int | None] = []
    wait = quote_merge.QuoteMerge.wait

    def waiting(merge: quote_merge.QuoteMerge) -> None:
        codes.append(merge._process.wait() if merge._process is not None else None)
        wait(merge)

    monkeypatch.setattr(quote_merge.QuoteMerge, "wait", waiting)
    return codes


def test_the_quotes_merge_in_a_second_process(
    tmp_path: Path, beside: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh import query

    here, codes = _merged_here(monkeypatch), _exit_codes(monkeypatch)
    indexes, writer = _run(tmp_path)
    assert _segments(indexes, "quotes") == BATCHES - 1
    writer.commit()
    assert codes == [0] and here == [], "merged by the second process, not this one"
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
    beside: None,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    import sys

    failing = [sys.executable, "-c", "raise OSError('disk full')"]
    monkeypatch.setattr(quote_merge, "command", lambda folder, before: failing)
    here, codes = _merged_here(monkeypatch), _exit_codes(monkeypatch)
    indexes, writer = _run(tmp_path)
    writer.commit()
    assert codes == [1] and here == [os.getpid()]
    assert _segments(indexes, "quotes") == 1
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES
    assert "Traceback" not in capfd.readouterr().err, "the failed process printed nothing"


def test_when_no_process_can_start_this_one_merges(
    tmp_path: Path, beside: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = [str(tmp_path / "no-such-python")]
    monkeypatch.setattr(quote_merge, "command", lambda folder, before: missing)
    here = _merged_here(monkeypatch)
    indexes, writer = _run(tmp_path)
    writer.commit()
    assert here == [os.getpid()]
    assert (_segments(indexes, "quotes"), _segments(indexes, "docs")) == (1, 1)
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES
    assert indexes.searcher("docs").doc_count() == BATCHES * 2


def test_few_quotes_merge_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here, codes = _merged_here(monkeypatch), _exit_codes(monkeypatch)
    indexes, writer = _run(tmp_path)  # 18 quotes committed, below MIN_QUOTES
    writer.commit()
    assert here == [] and codes == [], "no second process: the commit merged them"
    assert (_segments(indexes, "quotes"), _segments(indexes, "docs")) == (1, 1)
    assert indexes.searcher("quotes").doc_count() == BATCHES * 2 * QUOTES


def test_an_abandoned_merge_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import time

    waiting = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(quote_merge, "command", lambda folder, before: waiting)
    merge = quote_merge.QuoteMerge(str(tmp_path), frozenset())
    started = time.monotonic()
    merge.abandon()
    assert merge._process is not None and merge._process.returncode is not None
    assert time.monotonic() - started < 5
