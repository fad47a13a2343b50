"""Crashes: `kill -9` an indexing process at random moments (seeded) and check that nothing
committed is lost, the library still opens, and the next run finishes the job without duplicates.

Runs are real processes: `python -m byline index` (with analysis) and the same `Library.add` with
analysis off, killed after a random delay between 0.2 s and about a full run's time. A small
`commit_every` (through a settings file) makes commits happen during the runs, so there is
something to lose.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from byline.config import load_settings
from byline.library import Library

FILES = 150
RUNS = 8
WITH_ANALYSIS = {2, 5}
"""Which runs go through `python -m byline index` with analysis (the others skip analysis)."""

_ADD_WITHOUT_ANALYSIS = (
    "import sys\n"
    "from byline.config import load_settings\n"
    "from byline.library import Library\n"
    "Library(sys.argv[1], load_settings()).add([sys.argv[2]], analyse=False)\n"
)


TOPICS = "harbour strike pipeline minister budget talks energy wages union port"


def write_folder(folder: Path) -> list[Path]:
    """`FILES` small articles, each with a unique searchable token ("zq007x")."""
    folder.mkdir(parents=True)
    topics = TOPICS.split()
    paths = []
    for number in range(FILES):
        path = folder / f"doc{number:03d}.txt"
        path.write_text(
            f"Report number {number}\n\nThe {topics[number % 10]} story goes on with token "
            f'zq{number:03d}x and more. "We will see," said Petra Marsh, an analyst.\n',
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def indexing_command(home: Path, folder: Path, analyse: bool) -> list[str]:
    """The command line of one indexing run."""
    if analyse:
        return [sys.executable, "-m", "byline", "--library", str(home), "index", str(folder)]
    return [sys.executable, "-c", _ADD_WITHOUT_ANALYSIS, str(home), str(folder)]


def kill_after(command: list[str], delay: float, env: dict[str, str]) -> int | None:
    """Start `command`, SIGKILL its main process after `delay` seconds (its worker processes are
    orphaned, as with a real `kill -9`), and return its exit code (None: killed). The orphans must
    notice and exit within a few seconds."""
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=delay)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        code = None
    deadline = time.monotonic() + 10
    try:
        while time.monotonic() < deadline:
            os.killpg(process.pid, 0)
            time.sleep(0.1)
    except ProcessLookupError:
        return code
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("worker processes outlived their killed parent")


def indexed_paths(library: Library) -> list[str]:
    """Every path in the docs index (with repeats, if any)."""
    return [fields["path"] for fields in library.indexes.all_documents()]


@pytest.mark.slow
def test_kill_9_during_indexing_loses_nothing_committed(tmp_path: Path) -> None:
    paths = write_folder(tmp_path / "docs")
    config = tmp_path / "config.toml"
    config.write_text("commit_every = 20\n")
    env = {**os.environ, "BYLINE_CONFIG": str(config)}
    env.pop("BYLINE_HOME", None)
    home = tmp_path / "lib"

    started = time.monotonic()  # a full run without analysis, to scale the random delays
    scratch = tmp_path / "scratch"
    assert kill_after(indexing_command(scratch, tmp_path / "docs", False), 120, env) == 0
    typical = max(1.0, time.monotonic() - started)

    rng = random.Random(20261125)
    before: set[str] = set()
    for run in range(RUNS):
        analyse = run in WITH_ANALYSIS
        delay = rng.uniform(0.2, typical * (3 if analyse else 1))
        kill_after(indexing_command(home, tmp_path / "docs", analyse), delay, env)
        library = Library(home, load_settings(config))
        found = indexed_paths(library)
        assert len(found) == len(set(found)), f"run {run}: a document is indexed twice"
        assert before <= set(found), f"run {run}: committed documents were lost"
        for path in sorted(set(found) - before)[:3] + sorted(before)[:2]:
            token = f"zq{Path(path).stem[3:]}x"
            assert [hit.path for hit in library.search(token).hits] == [path]
        before = set(found)
        library.close()

    finish = subprocess.run(
        indexing_command(home, tmp_path / "docs", True),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finish.returncode == 0, finish.stderr[-2000:]
    library = Library(home)
    found = indexed_paths(library)
    assert sorted(found) == sorted(str(p.resolve()) for p in paths)
    assert library.count() == FILES
    assert library.search("zq149x").total == 1
    quoted = library.quotes(speaker="Petra Marsh")
    assert len({q.doc for q in quoted}) == FILES, "every document's quote, once"
    assert len(quoted) == FILES


def _quotes_committed(home: Path) -> bool:
    """Whether an indexing run into `home` has committed analysed documents (their quotes)."""
    from byline.index.indexes import Indexes

    indexes = Indexes(home / "index")
    if not (home / "index" / "quotes").exists():
        return False
    try:
        return bool(indexes.searcher("quotes").doc_count())
    except Exception:  # not created yet, or mid-commit: look again
        return False
    finally:
        indexes.close()


@pytest.mark.slow
def test_sigterm_stops_indexing_as_ctrl_c_does(tmp_path: Path) -> None:
    """`kill` (SIGTERM) during the analysis phase: the run commits what it wrote, stops its
    workers and ends on "interrupted" (no traceback, no warning from multiprocessing), and what
    was committed stays searchable."""
    from byline.launch import EXIT_INTERRUPTED

    for path in write_folder(tmp_path / "docs"):  # long enough for the analysis to take a while
        text = path.read_text(encoding="utf-8")
        body = " ".join(
            f'"Part {n} is done," said Ana Reyes of the {n}th office.' for n in range(60)
        )
        path.write_text(f"{text}\n{body}\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text("commit_every = 20\n")
    env = {**os.environ, "BYLINE_CONFIG": str(config)}
    env.pop("BYLINE_HOME", None)
    home = tmp_path / "lib"
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w") as sink:
        process = subprocess.Popen(
            indexing_command(home, tmp_path / "docs", True),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while not _quotes_committed(home) and process.poll() is None:
            assert time.monotonic() < deadline, "no analysis was committed"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    said = stderr.read_text()
    assert code == EXIT_INTERRUPTED, said[-2000:]
    assert "interrupted" in said
    assert "Traceback" not in said and "leaked" not in said and "Warning" not in said
    with contextlib.suppress(ProcessLookupError):
        time.sleep(2)
        os.killpg(process.pid, 0)
        raise AssertionError("worker processes outlived the run")
    library = Library(home, load_settings(config))
    assert [hit.path for hit in library.search("zq007x").hits] == [
        str((tmp_path / "docs" / "doc007.txt").resolve())
    ]
    library.close()
