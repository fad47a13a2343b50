"""Fixtures for the hostile-input tests: the hostile corpus (built once per session) and a way to
run the real `byline` command in a child process with a timeout and a memory measurement."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.corpus import Corpus, build_corpus

_MEASURE = """
import json, resource, subprocess, sys
try:
    done = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(sys.argv[1]))
    code, out, err, hung = done.returncode, done.stdout, done.stderr, False
except subprocess.TimeoutExpired as expired:
    code, out, err, hung = None, expired.stdout or b"", expired.stderr or b"", True
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "out": out.decode("utf-8", "replace"),
                  "err": err.decode("utf-8", "replace"), "hung": hung, "max_rss_kb": rss}))
"""


@dataclass(frozen=True)
class Run:
    """One finished `byline` process: exit code, output, and the largest resident set of it and
    its worker processes (kilobytes, from getrusage(RUSAGE_CHILDREN) in a wrapper process)."""

    code: int | None
    out: str
    err: str
    hung: bool
    max_rss_kb: int


def run_byline(*args: str | Path, timeout: float = 300.0) -> Run:
    """Run `python -m byline ARGS...` in a wrapper process that measures its peak memory; a run
    over `timeout` seconds is killed and reported as hung."""
    command = [sys.executable, "-m", "byline", *map(str, args)]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(timeout), *command],
        capture_output=True,
        text=True,
        timeout=timeout + 60,
        check=True,
    )
    return Run(**json.loads(done.stdout))


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The full hostile corpus, large files included (read-only: tests index it, never edit)."""
    return build_corpus(tmp_path_factory.mktemp("hostile") / "corpus")


@pytest.fixture(scope="session")
def small_hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Every kind of hostile file, without the multi-megabyte ones (fast to index)."""
    return build_corpus(tmp_path_factory.mktemp("hostile-small") / "corpus", large=False)
