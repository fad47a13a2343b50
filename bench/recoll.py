"""Recoll, side by side: the same text indexed by `recollindex` and queried by `recollq`.

Recoll (Xapian underneath) is what a Linux user reaches for to search a folder of documents. The
benchmark installs Debian's `recollcmd` when it is missing (the machines reach Debian's packages),
indexes the same folder Byline indexes, and times the same queries. `recollq` is a new process per
query, so its latencies include a process start (~5 ms); the figure is reported as measured.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


def ensure_recoll() -> bool:
    """Install recollcmd from Debian when absent; True when `recollindex` and `recollq` are there."""
    if shutil.which("recollindex") and shutil.which("recollq"):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "recollcmd"], env=env, capture_output=True, check=False
    )
    return bool(shutil.which("recollindex") and shutil.which("recollq"))


def index(folder: Path, confdir: Path) -> float:
    """Index `folder` from scratch into `confdir`; returns wall seconds."""
    shutil.rmtree(confdir, ignore_errors=True)
    confdir.mkdir(parents=True)
    (confdir / "recoll.conf").write_text(
        f"topdirs = {folder}\nidxflushmb = 64\nnoaspell = 1\n", encoding="utf-8"
    )
    start = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(confdir), "-z"], capture_output=True, check=True)
    return time.perf_counter() - start


def reindex(confdir: Path) -> float:
    """Re-index with nothing changed (Recoll's incremental pass); wall seconds."""
    start = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(confdir)], capture_output=True, check=True)
    return time.perf_counter() - start


def query(confdir: Path, text: str, limit: int = 10) -> float:
    """One `recollq` query with abstracts (Recoll's snippets); wall milliseconds."""
    start = time.perf_counter()
    subprocess.run(
        ["recollq", "-c", str(confdir), "-n", str(limit), "-A", text],
        capture_output=True,
        check=False,
    )
    return (time.perf_counter() - start) * 1000.0


def index_bytes(confdir: Path) -> int:
    """Size on disk of Recoll's Xapian database."""
    return sum(p.stat().st_size for p in confdir.rglob("*") if p.is_file())
