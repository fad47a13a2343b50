"""Hostile input: every readable file is indexed, every other one is named with a one-line
reason, memory stays bounded, and nothing hangs (FIFOs, symlink loops, zip bombs, slow files)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from byline import clean as clean_module
from byline import library_text, library_worker
from byline.config import Settings
from byline.errors import DocumentTooLarge
from byline.library import Library
from byline.library_worker import Processed
from tests.hostile.conftest import run_byline
from tests.hostile.corpus import ARTICLE, Corpus

MEMORY_BOUND_KB = 1_000_000
"""Peak resident memory allowed to `byline index` and any of its workers on the corpus (~1 GB)."""


def check_failures(corpus: Corpus, failures: dict[str, str]) -> None:
    """Exactly the expected files failed, each with a one-line reason saying why."""
    base = corpus.folder.resolve()
    assert set(failures) == corpus.paths(corpus.failing)
    for name, fragment in corpus.failing.items():
        reason = failures[str(base / name)]
        assert fragment in reason, (name, reason)
        assert "\n" not in reason and 0 < len(reason) <= 300


def test_library_add_indexes_what_it_can_and_names_the_rest(
    small_hostile_corpus: Corpus, tmp_path: Path
) -> None:
    corpus = small_hostile_corpus
    library = Library(tmp_path / "lib")
    report = library.add([corpus.folder], analyse=False)
    assert set(report.added) == corpus.paths(corpus.readable)
    check_failures(corpus, {f.path: f.reason for f in report.failures})
    assert library.count() == len(corpus.readable)

    base = corpus.folder.resolve()
    deep = library.search('"twenty thousand divs"')
    assert [hit.path for hit in deep.hits] == [str(base / "deep.html")]
    scripts = library.open(base / "scripts.html").document.text
    assert "SCRIPT-LEAK" not in scripts and "STYLE-LEAK" not in scripts
    assert "second week" in scripts
    assert "(UTF-16)" in library.open(base / "utf16.txt").document.text
    assert "façade of the théâtre" in library.open(base / "latin1.txt").document.text
    assert "\x00" not in library.open(base / "nul-bytes.txt").document.text
    assert library.open(base / "été 2024 – rapport.txt").document.title == "Été 2024 – rapport"
    assert "saved with a .pdf name" in library.open(base / "page-named.pdf").document.text

    again = library.add([corpus.folder], analyse=False)
    assert again.added == () and again.updated == () and again.removed == ()
    assert set(again.unchanged) == corpus.paths(corpus.readable)
    check_failures(corpus, {f.path: f.reason for f in again.failures})


def test_named_files_that_are_not_files_are_refused_without_opening(
    small_hostile_corpus: Corpus, tmp_path: Path
) -> None:
    folder = small_hostile_corpus.folder
    names = ["fifo.txt", "loop.txt", "dangling.txt", "no-such-file.txt"]
    report = Library(tmp_path / "lib").add([folder / n for n in names], analyse=False)
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert reasons == {
        "fifo.txt": "not a regular file",
        "loop.txt": "symlink loop",
        "dangling.txt": "broken symlink (to gone-for-good.txt)",
        "no-such-file.txt": "no such file or folder",
    }


@pytest.mark.slow
def test_byline_index_on_the_full_corpus_is_bounded(hostile_corpus: Corpus, tmp_path: Path) -> None:
    """The real command, with analysis, on the corpus with its 10 MB article, 2 MB line and the
    PDF that inflates to 300 MB: it finishes, names every failure and stays under ~1 GB."""
    corpus = hostile_corpus
    run = run_byline("--library", tmp_path / "lib", "index", corpus.folder, timeout=900)
    assert not run.hung, run.err[-2000:]
    assert run.code == 1, run.err[-2000:]  # 1: some files could not be read
    assert "Traceback" not in run.err and "Traceback" not in run.out
    assert run.max_rss_kb < MEMORY_BOUND_KB, f"peak memory {run.max_rss_kb // 1024} MB"

    failed: dict[str, str] = {}
    for line in run.out.splitlines():
        if line.startswith("  failed: "):
            path, _, reason = line.removeprefix("  failed: ").partition(": ")  # no ": " in paths
            failed[path] = reason
    check_failures(corpus, failed)
    assert f"failed {len(corpus.failing)}" in run.out
    library = Library(tmp_path / "lib")
    assert library.count() == len(corpus.readable)
    big = library.open(corpus.folder.resolve() / "big-article.txt").document
    assert len(big.text) > 9_000_000


def slow_process(path: str, analyse: bool, store_root: str | None = None) -> Processed:
    """`process`, except that a file named slow*.txt takes two minutes."""
    if Path(path).name.startswith("slow"):
        time.sleep(120)
    return library_worker.process(path, analyse, store_root)


def test_a_file_over_the_time_limit_is_a_failure_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for number in range(5):
        (docs / f"doc{number}.txt").write_text(ARTICLE.replace("second", f"number {number}"))
    (docs / "slow.txt").write_text(ARTICLE)
    monkeypatch.setattr(library_text, "process", slow_process)
    library = Library(tmp_path / "lib", Settings(analysis_processes=2, file_time_limit=3.0))
    report = library.add([docs], analyse=False)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("slow.txt", "took longer than 3 s")
    ]
    assert sorted(Path(p).name for p in report.added) == [f"doc{n}.txt" for n in range(5)]


def test_text_over_the_size_limit_is_document_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 10)
    monkeypatch.setattr(clean_module, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(DocumentTooLarge, match="text over 1,000 characters"):
        clean_module.read_document(path)
    result = library_worker.process(str(path), False)
    assert result.document is None and result.reason == "text over 1,000 characters"


def _refuse_to_analyse(document: object) -> None:
    pytest.fail("a text over the analysis limit was analysed")


def test_text_over_the_analysis_limit_is_indexed_without_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE)
    monkeypatch.setattr(library_worker, "MAX_ANALYSED_CHARS", 100)
    monkeypatch.setattr(library_worker, "analyser", lambda: _refuse_to_analyse)
    result = library_worker.process(str(path), True)
    assert result.document is not None and result.analysed
    assert result.analysis is not None and result.analysis.quotes == ()
