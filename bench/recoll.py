"""Recoll, side by side: the same text indexed by `recollindex` and queried by `recollq`.

Recoll (Xapian underneath) is what a Linux user reaches for to search a folder of documents. The
benchmark installs Debian's `recollcmd` when it is missing (the machines reach Debian's packages),
indexes the same folder Byline indexes, and times the same queries. `recollq` is a new process per
query, so its latencies include a process start (~5 ms); the figure is reported as measured.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any


def ensure_recoll() -> bool:
    """Install recollcmd from Debian when absent; True when `recollindex` and `recollq` exist."""
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


def index(folder: Path | list[Path], confdir: Path) -> float:
    """Index `folder` (or several) from scratch into `confdir`; returns wall seconds."""
    folders = folder if isinstance(folder, list) else [folder]
    shutil.rmtree(confdir, ignore_errors=True)
    confdir.mkdir(parents=True)
    topdirs = " ".join(str(f) for f in folders)
    (confdir / "recoll.conf").write_text(
        f"topdirs = {topdirs}\nidxflushmb = 64\nnoaspell = 1\n", encoding="utf-8"
    )
    start = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(confdir), "-z"], capture_output=True, check=True)
    return time.perf_counter() - start


def reindex(confdir: Path) -> float:
    """Re-index with nothing changed (Recoll's incremental pass); wall seconds."""
    start = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(confdir)], capture_output=True, check=True)
    return time.perf_counter() - start


def query(confdir: Path, text: str, limit: int = 20) -> float:
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


QUERIES: dict[str, str | None] = {
    "one term": "government",
    "two terms": "economy growth",
    "phrase": '"prime minister"',
    "field": "title:election",
    "prefix": "wor*",
    "prefix gov*": "gov*",
    "fuzzy": None,
    "did you mean": "parliamnet",
}
"""Byline's query kinds in Recoll's language; None where Recoll has no such query (fuzzy). For
"did you mean" Recoll runs the misspelled word and finds nothing (its suggestions need aspell,
which the benchmark's configuration turns off), so its figure is a query with no match."""


def query_figures(confdir: Path, repeat: int = 10, limit: int = 20) -> dict[str, Any]:
    """p50/p95 of `repeat` runs of each query kind (with abstracts, `limit` results), and the
    number of results Recoll reports."""
    from bench.measure import latency_summary

    out: dict[str, Any] = {}
    for kind, text in QUERIES.items():
        if text is None:
            out[kind] = {"query": None, "p50_ms": None, "p95_ms": None}
            continue
        samples: list[float] = []
        cpu: list[float] = []
        for _ in range(repeat):
            before = os.times()
            samples.append(query(confdir, text, limit))
            after = os.times()
            spent = after.children_user - before.children_user
            cpu.append((spent + after.children_system - before.children_system) * 1000)
        on_cpu = latency_summary(cpu)
        out[kind] = {
            "query": text,
            "hits": count(confdir, text),
            **latency_summary(samples),
            "cpu_p50_ms": on_cpu["p50_ms"],
            "cpu_p95_ms": on_cpu["p95_ms"],
        }
    return out


def count(confdir: Path, text: str) -> int | None:
    """How many documents Recoll says match `text` (its "N results" line)."""
    done = subprocess.run(
        ["recollq", "-c", str(confdir), "-n", "1", text],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in (done.stdout + done.stderr).splitlines():
        words = line.split()
        if len(words) >= 2 and words[1] == "results" and words[0].isdigit():
            return int(words[0])
    return None


def compare(folders: list[Path], confdir: Path, *, fresh: bool, repeat: int = 10) -> dict[str, Any]:
    """Recoll's figures over `folders`: index time (when `fresh`, else the cached index's),
    re-index time with nothing changed, query latencies (p50/p95 of `repeat` runs) and size."""
    record = confdir / "bench-build.json"
    figures: dict[str, Any] = {}
    if fresh or not record.exists():
        seconds = index(folders, confdir)
        record.write_text(json.dumps({"seconds": seconds}), encoding="utf-8")
        figures["cached"] = False
    else:
        seconds = json.loads(record.read_text(encoding="utf-8"))["seconds"]
        figures["cached"] = True
    size = sum(p.stat().st_size for f in folders for p in f.rglob("*") if p.is_file())
    figures.update(
        seconds=round(seconds, 2),
        mb_per_s=round(size / 1e6 / seconds, 3) if seconds else 0.0,
        reindex_s=round(reindex(confdir), 3),
        index_mb=round(index_bytes(confdir) / 1e6, 1),
        queries={},
    )
    figures["queries"] = query_figures(confdir, repeat)
    return figures
