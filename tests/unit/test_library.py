"""The library facade on real files, a real Whoosh index and the real cleaning and analysis."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from byline.config import Settings
from byline.errors import IndexDamaged, LibraryBusy, LibraryError, NotInLibrary
from byline.index.schema import SCHEMA_VERSION
from byline.library import AddProgress, Library
from byline.models import EntityType
from tests.unit.test_library_fixtures import ENERGY, write_docs


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, Path]:
    """The three articles indexed with analysis, in worker processes."""
    root = tmp_path_factory.mktemp("analysed")
    docs = write_docs(root / "docs")
    library = Library(root / "lib", Settings(analysis_processes=2))
    report = library.add([docs])
    assert report.ok, report.failures
    assert len(report.added) == 3 and report.analysed == 3
    return library, docs


def test_incremental_add(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    (docs / ".hidden.txt").write_text("A hidden note about turbines.\n")
    (docs / ".git").mkdir()
    (docs / ".git" / "notes.txt").write_text("Repository notes.\n")
    library = Library(tmp_path / "lib")
    events: list[AddProgress] = []

    first = library.add([docs], events.append)
    assert sorted(Path(p).name for p in first.added) == ["energy.txt", "football.txt", "port.txt"]
    assert first.analysed == 3 and first.ok
    assert events[-1].files_done == events[-1].files_total == 3
    assert events[-1].bytes_done == events[-1].bytes_total > 0

    again = library.add([docs])
    assert len(again.unchanged) == 3
    assert again.added == again.updated == again.removed == ()
    assert again.analysed == 0, "an unchanged file is not analysed again"

    (docs / "football.txt").write_text("Harbour City Lose Away\n\nA heavy defeat in Northgate.\n")
    (docs / "port.txt").unlink()
    changed = library.add([docs])
    assert [Path(p).name for p in changed.updated] == ["football.txt"]
    assert [Path(p).name for p in changed.removed] == ["port.txt"]
    assert len(changed.unchanged) == 1 and changed.analysed == 1
    assert library.count() == 2
    assert {Path(h.path).name for h in library.search("defeat").hits} == {"football.txt"}
    assert library.search("draw rain").hits == ()
    assert library.search("Durban").hits == ()
    assert len(list(library.store.hashes())) == 2, "store entries of replaced files are dropped"


def test_unreadable_files_are_failures_and_the_run_goes_on(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    (docs / "empty.txt").write_text("  \n\n \n")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    library = Library(tmp_path / "lib")
    report = library.add([docs, tmp_path / "nowhere.txt"], analyse=False)
    assert len(report.added) == 3
    failed = {Path(f.path).name: f.reason for f in report.failures}
    assert set(failed) == {"empty.txt", "broken.pdf", "nowhere.txt"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert failed["nowhere.txt"] == "no such file or folder"
    assert not report.ok

    (docs / "port.txt").write_bytes(bytes(range(256)) * 4)  # a good file turns into junk
    again = library.add([docs], analyse=False)
    assert [Path(f.path).name for f in again.failures if f.path.endswith("port.txt")]
    assert [Path(p).name for p in again.removed] == ["port.txt"]
    assert library.search("Durban").hits == (), "the old text is no longer found in the file"


def test_open_reads_the_store_even_when_the_file_is_gone(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib")
    library.add([docs], analyse=False)
    path = docs / "energy.txt"
    opened = library.open(path)
    assert opened.indexed and not opened.missing
    assert "negotiation" in opened.document.text
    path.unlink()
    again = library.open(path)
    assert again.missing and again.document.text == opened.document.text
    with pytest.raises(NotInLibrary, match="not in the library"):
        library.open(docs / "other.txt")


def test_read_analyses_a_file_outside_the_library_without_storing(
    analysed: tuple[Library, Path], tmp_path: Path
) -> None:
    library, _ = analysed
    outside = tmp_path / "outside.txt"
    outside.write_text(ENERGY.replace("Petra Marsh", "Lena Duarte").replace("Marsh", "Duarte"))
    count = library.count()
    opened = library.read(outside)
    assert not opened.indexed
    assert any(q.speaker == "Lena Duarte" for q in opened.analysis.quotes)
    assert library.count() == count


def test_quotes_by_speaker_any_alias_case_and_accents(analysed: tuple[Library, Path]) -> None:
    library, docs = analysed
    marsh = library.quotes(speaker="marsh")
    assert "We are close to a deal" in [r.quote.text.rstrip(",.") for r in marsh]
    assert all(r.quote.speaker == "Petra Marsh" for r in marsh)
    assert [r.quote.text for r in library.quotes(speaker="PÉTRA MARSH")] == [
        r.quote.text for r in marsh
    ]
    by_alias = library.quotes(speaker="kowalczvk")
    assert {r.quote.speaker for r in by_alias} == {"Anna Kowalczyk"} and len(by_alias) >= 2
    for record in library.quotes():
        assert Path(record.doc).parent == docs.resolve()
    from_file = library.quotes([docs / "energy.txt"], speaker="Kowalczyk")
    assert [r.quote for r in from_file] == [r.quote for r in by_alias]
    assert library.quotes(speaker="Nobody Atall") == []
    record = marsh[0]
    text = library.open(record.doc).document.text
    assert text[record.quote.start : record.quote.end] == record.quote.text


def test_quotes_with_a_query(analysed: tuple[Library, Path]) -> None:
    library, _ = analysed
    found = library.quotes(query="turbines")
    assert [r.quote.speaker for r in found] == ["Anna Kowalczyk"]


def test_speakers_and_documents_naming(analysed: tuple[Library, Path]) -> None:
    library, _ = analysed
    speakers = dict(library.speakers())
    assert speakers["Anna Kowalczyk"] >= 2
    assert speakers["Sipho Mahlangu"] == 1
    naming = {Path(s.path).name for s in library.documents_naming("Petra Marsh")}
    assert naming == {"energy.txt", "port.txt"}
    assert {Path(s.path).name for s in library.documents_naming("marsh")} >= {"energy.txt"}


def test_an_open_quotation_mark_is_closed_at_the_end(analysed: tuple[Library, Path]) -> None:
    # A user's review: `people:"petra` found nothing until the closing mark was typed.
    library, _ = analysed
    marsh = {hit.path for hit in library.search('people:"petra marsh"').hits}
    assert marsh and {hit.path for hit in library.search('people:"petra').hits} == marsh
    assert {hit.path for hit in library.search('people:"petra marsh').hits} == marsh
    assert library.search('people:"petra marsch').suggestion == 'people:"petra marsh"'


def test_a_bare_surname_speaker_counts_for_the_one_person_of_that_name(tmp_path: Path) -> None:
    docs = write_docs(
        tmp_path / "docs",
        {
            "full.txt": 'Club sets its price\n\n"We are ready to talk," said Rick Parry, '
            "Liverpool's chief executive.\n",
            "bare.txt": 'Gerrard stays\n\n"We will not sell him," Parry said on Monday.\n',
            "tony.txt": 'Plans\n\n"We will build homes," said Tony Blair, the prime minister.\n',
            "cherie.txt": 'Charity\n\n"It matters," said Cherie Blair, opening the centre.\n',
            "blair.txt": 'Critics\n\nThe plans drew fire.\n\n"Wait and see," Blair said.\n',
        },
    )
    library = Library(tmp_path / "library")
    assert library.add([docs]).ok
    speakers = dict(library.speakers())
    assert speakers.get("Rick Parry") == 2 and "Parry" not in speakers
    assert [r.quote.speaker for r in library.quotes_of("Rick Parry")] == ["Parry", "Rick Parry"]
    # `byline quotes --speaker` gives what the reader's list counts (a user's review: 7 to 75).
    by_speaker = library.quotes(speaker="rick parry")
    assert [r.quote.speaker for r in by_speaker] == ["Parry", "Rick Parry"]
    # Two people called Blair: the bare surname is nobody's in particular.
    assert speakers.get("Blair") == 1 and speakers.get("Tony Blair") == 1
    assert [r.quote.text for r in library.quotes_of("Tony Blair")] == ["We will build homes,"]


def test_entities_per_document_and_across_the_library(analysed: tuple[Library, Path]) -> None:
    library, docs = analysed
    rows = library.entities([docs / "energy.txt"], type="person")
    assert rows and all(r.type is EntityType.PERSON and r.documents is None for r in rows)
    assert {r.doc for r in rows} == {str((docs / "energy.txt").resolve())}
    kowalczyk = next(r for r in rows if r.name == "Anna Kowalczyk")
    assert "Kowalczvk" in kowalczyk.aliases and kowalczyk.mentions >= 2
    across = library.entities()
    lisbon = next(r for r in across if r.name == "Lisbon")
    assert lisbon.doc is None and lisbon.documents == 2
    assert all(r.type is EntityType.PLACE for r in library.entities(type="place"))


def test_library_entities_are_cached_per_commit(analysed: tuple[Library, Path]) -> None:
    library, _ = analysed
    first = library.entities()
    cached = list((library.home / "cache").glob("entities-*.json.z"))
    assert len(cached) == 1
    assert library.entities() == first, "the cache gives back the same rows"


def test_recent_carries_counts(analysed: tuple[Library, Path]) -> None:
    library, _ = analysed
    recent = {Path(s.path).name: s for s in library.recent()}
    assert recent["energy.txt"].quote_count >= 3
    assert recent["energy.txt"].people_count >= 2


def test_second_writer_waits_then_gets_library_busy(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(lock_timeout=0.5))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from filelock import FileLock\n"
            "lock = FileLock(sys.argv[1]); lock.acquire()\n"
            "print('held', flush=True); time.sleep(60)\n",
            str(tmp_path / "lib" / "write.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        events: list[AddProgress] = []
        started = time.monotonic()
        with pytest.raises(LibraryBusy, match="another Byline process is writing"):
            library.add([docs], events.append, analyse=False)
        assert time.monotonic() - started >= 0.5
        assert any(e.message and "waiting" in e.message for e in events)
        assert library.search("turbines").hits == (), "readers never need the lock"
    finally:
        holder.kill()
        holder.wait()
    assert library.add([docs], analyse=False).ok, "the lock is free again"


def test_a_folder_that_is_not_a_library_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("my own file")
    with pytest.raises(LibraryError, match="not a Byline library"):
        Library(tmp_path)


def _indexed(tmp_path: Path) -> tuple[Library, Path]:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib")
    library.add([docs], analyse=False)
    library.close()
    return Library(tmp_path / "lib"), docs


def test_garbage_index_is_damaged_and_rebuild_repairs_it(tmp_path: Path) -> None:
    library, _ = _indexed(tmp_path)
    for toc in (tmp_path / "lib" / "index" / "docs").glob("*.toc"):
        toc.write_bytes(b"\x80\x04garbage, not a pickle")
    with pytest.raises(IndexDamaged, match="--rebuild"):
        library.search("turbines")
    report = library.rebuild()
    assert len(report.added) == 3 and report.ok
    assert {Path(h.path).name for h in library.search("turbines").hits} == {"energy.txt"}
    again = library.rebuild()
    assert len(again.added) == 3 and again.analysed == 0, "stored analyses spare re-analysis"


def test_index_from_another_version_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1))
    assert library.add([docs]).analysed == 3
    library.close()
    marker = tmp_path / "lib" / "index" / "BYLINE-INDEX"
    marker.write_text(json.dumps({"byline_index": SCHEMA_VERSION - 1}))

    upgraded = Library(tmp_path / "lib")
    assert upgraded.outdated()
    events: list[AddProgress] = []
    upgraded.upgrade(events.append)
    assert not upgraded.outdated()
    assert events[-1].files_done == events[-1].files_total == 3
    assert all(e.message and "rebuilding the index" in e.message for e in events)
    merging = [e for e in events if e.message and "merging" in e.message]
    assert len(merging) == 1 and merging[0].files_done == 3  # not a silent 100% while it merges
    assert {Path(h.path).name for h in upgraded.search("turbines").hits} == {"energy.txt"}
    assert upgraded.notice is not None and "rebuilt" in upgraded.notice
    assert json.loads(marker.read_text()) == {"byline_index": SCHEMA_VERSION}
    assert upgraded.count() == 3
    assert [q.quote.speaker for q in upgraded.quotes(speaker="Marsh")][:1] == ["Petra Marsh"]
    assert not (tmp_path / "lib" / "index.new").exists()
    assert not (tmp_path / "lib" / "index.old").exists()
    again = upgraded.add([docs])
    assert len(again.unchanged) == 3 and again.analysed == 0, "contents checked, not re-analysed"


def test_outdated_index_met_while_adding_reports_its_rebuild(tmp_path: Path) -> None:
    library, docs = _indexed(tmp_path)
    library.close()
    marker = tmp_path / "lib" / "index" / "BYLINE-INDEX"
    marker.write_text(json.dumps({"byline_index": SCHEMA_VERSION + 1}))
    events: list[AddProgress] = []
    report = Library(tmp_path / "lib").add([docs], events.append, analyse=False)
    assert len(report.unchanged) == 3 and report.ok
    assert any(e.message and "rebuilding the index" in e.message for e in events)


def test_index_without_marker_is_not_opened(tmp_path: Path) -> None:
    _indexed(tmp_path)
    (tmp_path / "lib" / "index" / "BYLINE-INDEX").unlink()
    with pytest.raises(IndexDamaged, match="not created by Byline"):
        Library(tmp_path / "lib").recent()


def test_rebuild_without_paths_uses_the_folders_added_before(tmp_path: Path) -> None:
    _indexed(tmp_path)
    shutil.rmtree(tmp_path / "lib" / "index")
    (tmp_path / "lib" / "index").mkdir()
    report = Library(tmp_path / "lib").rebuild()
    assert len(report.added) == 3


def test_an_interrupted_run_keeps_what_was_written_and_frees_the_lock(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    library = Library(tmp_path / "lib", Settings(analysis_processes=1, commit_every=1))

    def interrupt_after_two(event: AddProgress) -> None:
        if event.files_done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        library.add([docs], interrupt_after_two, analyse=False)
    assert library.count() >= 1, "documents written before the interrupt are committed"
    report = library.add([docs], analyse=False)
    assert report.ok and len(report.added) + len(report.unchanged) == 3
    assert library.count() == 3
