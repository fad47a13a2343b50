"""Indexing in two phases on real files, a real Whoosh index and the real spaCy analysis: the text
is searchable before the analysis has run, an interrupted run is finished by the next one, and an
unchanged file is recognised by its size and modification time without being read."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from byline import clean
from byline.config import Settings, available_cores
from byline.library import AddProgress, Library
from byline.workers import WorkerPool
from tests.unit.test_library_fixtures import write_docs


def _speakers(library: Library) -> set[str]:
    return {record.quote.speaker or "" for record in library.quotes()}


def test_text_alone_is_searchable_and_a_later_add_analyses_it(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))
    first = library.add([docs], analyse=False)
    assert len(first.added) == 3 and first.analysed == 0
    assert {Path(h.path).name for h in library.search("turbines").hits} == {"energy.txt"}
    assert library.quotes() == [], "no analysis yet"

    second = library.add([docs])
    assert len(second.unchanged) == 3 and second.added == second.updated == ()
    assert second.analysed == 3, "the documents indexed as text are analysed now"
    assert "Anna Kowalczyk" in _speakers(library)
    assert library.documents_naming("Kowalczyk")

    third = library.add([docs])
    assert len(third.unchanged) == 3 and third.analysed == 0


def test_an_analysis_by_an_earlier_version_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A library analysed by an earlier Byline: the next `byline index` of the same, unchanged
    # files analyses them again (its names and speakers would otherwise stay the old ones),
    # and the run after that does not.
    from byline import models

    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))
    assert library.add([docs]).analysed == 3
    monkeypatch.setattr(models, "ANALYSIS_VERSION", models.ANALYSIS_VERSION + 1)
    again = library.add([docs])
    assert len(again.unchanged) == 3 and again.analysed == 3, again
    assert "Anna Kowalczyk" in _speakers(library)
    assert library.add([docs]).analysed == 0


def test_documents_are_searchable_before_the_analysis_ends(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=2))
    phases: list[str] = []
    found_during_analysis: list[int] = []

    def progress(event: AddProgress) -> None:
        if not phases or phases[-1] != event.phase:
            phases.append(event.phase)
            if event.phase == "analysis":
                other = Library(tmp_path / "lib")  # a second reader, as another process would
                found_during_analysis.append(other.search("Lisbon OR Durban OR Harbour").total)
                assert other.quotes() == [], "the analysis has not been written yet"
                other.close()

    report = library.add([docs], progress)
    assert phases == ["text", "analysis"]
    assert found_during_analysis == [3], "all three searchable when the analysis began"
    assert report.analysed == 3 and report.ok
    assert "Petra Marsh" in _speakers(library)


def test_a_run_interrupted_between_the_phases_is_finished_by_the_next(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))

    def interrupt_analysis(event: AddProgress) -> None:
        if event.phase == "analysis":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        library.add([docs], interrupt_analysis)
    assert library.count() == 3 and library.search("negotiation").total == 1
    assert library.quotes() == []

    again = library.add([docs])
    assert again.ok and len(again.unchanged) == 3 and again.analysed == 3
    assert {"Petra Marsh", "Sipho Mahlangu"} <= _speakers(library)


def test_unchanged_size_and_time_mean_the_file_is_not_read(tmp_path: Path) -> None:
    """The honest limit of the rule: contents rewritten to the same length with the old
    modification time put back are not noticed (as in make, rsync and Recoll)."""
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))
    library.add([docs], analyse=False)
    path = docs / "port.txt"
    before = path.stat()
    path.write_text(path.read_text().replace("Durban", "Xyzzyq"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    report = library.add([docs], analyse=False)
    assert len(report.unchanged) == 3 and report.bytes_read == 0
    assert library.search("Durban").total == 1 and library.search("Xyzzyq").total == 0


def test_new_files_are_hashed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = write_docs(tmp_path / "docs")
    hashed: list[str] = []
    real = clean.file_hash

    def counting(path: Path) -> str:
        hashed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(clean, "file_hash", counting)
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))  # in this process
    library.add([docs], analyse=False)
    assert sorted(hashed) == ["energy.txt", "football.txt", "port.txt"]
    hashed.clear()
    library.add([docs], analyse=False)
    assert hashed == [], "unchanged size and time: not read at all"


def test_a_touched_file_is_unchanged_and_a_changed_one_analysed_again(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))
    library.add([docs])
    energy, port = docs / "energy.txt", docs / "port.txt"
    later = energy.stat().st_mtime_ns + 5_000_000_000
    os.utime(energy, ns=(later, later))
    port.write_text(
        "Dockworkers Return in Durban\n\n"
        '"The strike is over," said Thandi Nkosi, a union organiser, on Friday.\n'
    )

    report = library.add([docs])
    assert sorted(Path(p).name for p in report.unchanged) == ["energy.txt", "football.txt"]
    assert [Path(p).name for p in report.updated] == ["port.txt"]
    assert report.analysed == 1, "only the changed file is analysed"
    assert "Thandi Nkosi" in _speakers(library) and "Sipho Mahlangu" not in _speakers(library)
    stored = library.indexes.stored(str(energy.resolve()))
    assert stored is not None and stored["mtime_ns"] == later and stored["analysed"]
    assert "Anna Kowalczyk" in _speakers(library), "the touched file kept its analysis"
    assert len(library.add([docs]).unchanged) == 3


def test_processes_follow_the_cores_available() -> None:
    assert Settings().workers() == max(1, min(8, available_cores()))
    assert Settings(analysis_processes=3).workers() == 3
    if hasattr(os, "sched_getaffinity"):
        assert available_cores() == len(os.sched_getaffinity(0))


def test_the_text_phase_analyses_ahead_on_a_spare_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While this process writes the text, the workers it leaves idle start the analysis; the
    analysis phase then only writes what they stored, and counts each document once."""
    from byline import library_add, library_text
    from byline.library_analyse import EarlyAnalysis
    from tests.unit.test_library_fixtures import DOCS

    docs = {  # distinct contents: the same contents are analysed once
        f"{number:02d}-{name}": f"Filed {number}\n\n{text}"
        for number in range(20)
        for name, text in DOCS.items()
    }
    folder = write_docs(tmp_path / "docs", docs)
    early: list[str] = []
    finish = EarlyAnalysis.finish

    def finished(self: EarlyAnalysis, batch: Any, results: Any) -> None:
        early.extend(item.key for item in batch)
        finish(self, batch, results)

    write = library_add.AddRun.write

    def slow_write(self: Any, *args: Any, **kwargs: Any) -> None:
        if self.phase == "text" and not early:
            time.sleep(0.3)  # a slow text phase, until the workers have analysed a batch
        write(self, *args, **kwargs)

    pools: list[WorkerPool] = []
    start_pool = WorkerPool.__init__

    def started(self: WorkerPool, *args: Any, **kwargs: Any) -> None:
        pools.append(self)
        start_pool(self, *args, **kwargs)

    monkeypatch.setattr(library_text, "EARLY_FROM_FILES", 0)
    monkeypatch.setattr(EarlyAnalysis, "finish", finished)
    monkeypatch.setattr(library_add.AddRun, "write", slow_write)
    monkeypatch.setattr(WorkerPool, "__init__", started)
    library = Library(tmp_path / "lib", Settings(analysis_processes=2))
    report = library.add([folder])
    assert early, "some documents were analysed during the text phase"
    assert report.ok and report.analysed == len(docs)
    assert len(pools) == 1, "the analysis phase goes on in the text phase's workers"
    assert all(w.process.poll() is not None for w in pools[0]._state.workers)  # closed
    in_process = Library(tmp_path / "in-process", Settings(analysis_processes=1))
    in_process.add([folder])

    def said(library: Library) -> set[tuple[str, str, str]]:
        return {(r.doc, r.quote.text, r.quote.speaker or "") for r in library.quotes()}

    assert said(library) == said(in_process) and len(said(library)) >= len(docs)


def test_a_larger_run_shows_its_last_merge_as_a_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The run's last commit merges its batches (minutes at 100,000 documents): a phase of its
    # own, after the others, so that the bar does not sit at 100% looking stuck. A few files'
    # merge takes no time, and shows none.
    from byline import library_add

    docs = write_docs(tmp_path / "docs")
    settings = Settings(analysis_processes=1, commit_every=1)  # a segment per document

    def phases_of(library: Library) -> list[str]:
        seen: list[str] = []
        library.add(
            [docs],
            lambda event: seen.append(event.phase) if seen[-1:] != [event.phase] else None,
            analyse=False,
        )
        return seen

    assert phases_of(Library(tmp_path / "small", settings)) == ["text"]
    monkeypatch.setattr(library_add, "MERGE_NOTICE_BYTES", 100)
    big = Library(tmp_path / "big", settings)
    assert phases_of(big) == ["text", "merge"]
    assert big.search("turbines").total == 1
    big.close()
    assert phases_of(Library(tmp_path / "big", settings)) == ["text"], "nothing to merge"
