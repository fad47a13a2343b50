"""Concurrency and damage, with real processes: two indexers at once, a reader open while another
process indexes, and indexes that are damaged or from another version."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from byline.config import load_settings
from byline.library import Library
from tests.unit.test_crash_kill import FILES, indexed_paths, indexing_command, write_folder


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A child environment with a settings file: small commits, a one-second lock wait."""
    config = tmp_path / "config.toml"
    config.write_text("commit_every = 20\nlock_timeout = 1\n")
    child = {**os.environ, "BYLINE_CONFIG": str(config)}
    child.pop("BYLINE_HOME", None)
    return child


def byline(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m byline ARGS...` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "byline", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def lock_is_held(home: Path) -> bool:
    """Whether some process holds the library's write lock (checked without keeping it)."""
    lock = FileLock(str(home / "write.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


@pytest.mark.slow
def test_a_second_indexer_waits_then_exits_with_library_busy(
    tmp_path: Path, env: dict[str, str]
) -> None:
    paths = write_folder(tmp_path / "docs")
    home = tmp_path / "lib"
    first = subprocess.Popen(
        indexing_command(home, tmp_path / "docs", True),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not ((home / "write.lock").exists() and lock_is_held(home)):
            assert first.poll() is None, "the first indexer ended before taking the lock"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        second = byline(env, "--library", home, "index", tmp_path / "docs")
        assert second.returncode == 4, second.stderr
        lines = second.stderr.strip().splitlines()
        assert "waiting" in lines[0]
        assert lines[-1].startswith("byline: another Byline process is writing")
        assert "Traceback" not in second.stderr
        _out, err = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err[-2000:]
    library = Library(home)
    assert sorted(indexed_paths(library)) == sorted(str(p.resolve()) for p in paths)


def _add_slowly(home: Path, folder: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Index `folder` into `home` in another process, without analysis, committing often."""
    return subprocess.Popen(
        indexing_command(home, folder, False),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_reader_stays_usable_and_sees_documents_another_process_indexes(
    tmp_path: Path, env: dict[str, str]
) -> None:
    write_folder(tmp_path / "docs")
    home = tmp_path / "lib"
    library = Library(home, load_settings(Path(env["BYLINE_CONFIG"])))
    assert library.count() == 0
    writer = _add_slowly(home, tmp_path / "docs", env)
    counts = []
    try:
        while writer.poll() is None:
            counts.append(library.count())
            library.search("harbour OR zq001x")
            library.recent(5)
            time.sleep(0.05)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    assert counts == sorted(counts), "the count never goes down"
    # The same Library object, never reopened, sees the last commit.
    assert library.count() == FILES
    assert library.search("zq149x").total == 1


def _corrupt_segments(home: Path) -> None:
    for segment in (home / "index" / "docs").glob("*.seg"):
        with segment.open("r+b") as file:
            file.truncate(segment.stat().st_size // 3)


def test_damaged_or_foreign_indexes_are_refused_and_rebuilt(
    tmp_path: Path, env: dict[str, str]
) -> None:
    write_folder(tmp_path / "docs")
    home = tmp_path / "lib"
    assert byline(env, "--library", home, "index", tmp_path / "docs").returncode == 0

    def refused(*args: str | Path, why: str) -> None:
        done = byline(env, "--library", home, *args)
        assert done.returncode == 3, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and why in lines[0] and "byline index --rebuild" in lines[0]
        assert "Traceback" not in done.stderr

    # A half-written segment (truncated), as a crash in the middle of a write could leave.
    _corrupt_segments(home)
    refused("search", "zq001x", why="cannot be read")
    refused("index", tmp_path / "docs", why="cannot be read")
    rebuilt = byline(env, "--library", home, "index", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert Library(home).count() == FILES

    # An index from another version, whose TOC would run code if it were unpickled:
    sentinel = tmp_path / "unpickled"
    evil = pickle.dumps(_Evil(str(sentinel)))
    marker = home / "index" / "BYLINE-INDEX"
    marker.write_text(json.dumps({"byline_index": 0}))
    for toc in (home / "index").glob("*/*.toc"):
        toc.write_bytes(evil)
    # It is rebuilt from the store, never opened.
    upgraded = byline(env, "--library", home, "search", "zq001x")
    assert upgraded.returncode == 0 and "Traceback" not in upgraded.stderr, upgraded.stderr
    assert Library(home).search("zq001x").total == 1 and not sentinel.exists()
    marker.unlink()
    refused("search", "zq001x", why="not created by Byline")
    refused("quotes", why="not created by Byline")
    assert not sentinel.exists(), "a foreign index was unpickled"

    # Garbage bytes everywhere in the index folder.
    for path in (home / "index").rglob("*"):
        if path.is_file():
            path.write_bytes(os.urandom(512))
    refused("search", "zq001x", why="")
    assert byline(env, "--library", home, "index", "--rebuild").returncode == 0
    library = Library(home)
    assert library.count() == FILES and library.search("zq077x").total == 1


class _Evil:
    """Unpickling this creates a file: proof that something unpickled what it should not."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.path), "unpickled"))  # type: ignore[return-value]
