"""Measuring tools shared by the benchmarks: clocks, percentiles, memory of a process tree, load.

Every figure that runs in its own process goes through `probe()`: the parent starts
`python -m bench.probes KIND ARGS-JSON`, the child prints one JSON object on its last line of
output, and the parent adds the child's peak memory. Each measurement therefore has its own
memory figure, not one inflated by what an earlier measurement left behind.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def load() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (timings are noisy when these exceed the
    number of cores)."""
    return [round(x, 2) for x in os.getloadavg()]


def percentile(values: list[float], fraction: float) -> float:
    """The `fraction` percentile (0..1) of `values`, linearly interpolated."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95, mean and max of a list of milliseconds, rounded for printing."""
    return {
        "p50_ms": round(percentile(samples_ms, 0.50), 2),
        "p95_ms": round(percentile(samples_ms, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples_ms), 2) if samples_ms else float("nan"),
        "max_ms": round(max(samples_ms), 2) if samples_ms else float("nan"),
        "n": len(samples_ms),
    }


def _status_kb(pid: int | str, field: str) -> int:
    """A `kB` field (VmRSS, VmHWM) of /proc/<pid>/status; 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (children, their children, ...), read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def tree_rss_mb(pid: int | None = None) -> float:
    """Resident memory, now, of a process and all its descendants, in MB."""
    root = pid or os.getpid()
    total = sum(_status_kb(p, "VmRSS") for p in [root, *descendants(root)])
    return total / 1024


def _pss_kb(pid: int | str) -> int:
    """Proportional set size of a process in kB (each shared page split among its sharers), from
    /proc/<pid>/smaps_rollup; 0 when the process is gone or the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_pss_mb(pid: int | None = None) -> float:
    """Proportional memory, now, of a process and its descendants, in MB: unlike the sum of their
    RSS, a page they share (libraries, the interpreter) counts once."""
    root = pid or os.getpid()
    return sum(_pss_kb(p) for p in [root, *descendants(root)]) / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) used so far by this process and its reaped children.

    Unlike wall time it hardly depends on the machine's load, so it is reported next to every
    wall-clock figure taken while other work shares the cores.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class PeakMemory:
    """Samples the RSS (and PSS) of this process tree in a thread; the peaks are the highest sums
    seen.

    Sampling (every `interval` seconds) catches the tree as a whole, workers included, at the
    moment they coexist; the kernel's own high-water marks (VmHWM of this process, the largest
    `maxrss` of its reaped children) are kept too, as a floor for a peak between two samples.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.sampled_mb = 0.0
        self.sampled_pss_mb = 0.0
        self._cpu_start = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        sample = 0
        while not self._stop.is_set():
            self.sampled_mb = max(self.sampled_mb, tree_rss_mb())
            if sample % 5 == 0:  # the kernel walks every mapping for a PSS: not ten times a second
                self.sampled_pss_mb = max(self.sampled_pss_mb, tree_pss_mb())
            sample += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._cpu_start = cpu_seconds()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def figures(self) -> dict[str, float]:
        """CPU seconds used inside the block; peak memory of the tree (sampled), of this process
        alone, and of the largest child."""
        own = _status_kb("self", "VmHWM") / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {
            "cpu_s": round(cpu_seconds() - self._cpu_start, 2),
            "peak_rss_mb": round(max(self.sampled_mb, own), 1),
            "peak_pss_mb": round(self.sampled_pss_mb, 1),
            "peak_rss_main_mb": round(own, 1),
            "peak_rss_largest_child_mb": round(children, 1),
        }


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """`with stopwatch() as elapsed:` ... `elapsed()` is the wall seconds since entering."""
    start = time.perf_counter()
    yield lambda: time.perf_counter() - start


def folder_bytes(folder: Path) -> int:
    """Size on disk of everything under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def probe(kind: str, args: dict[str, Any], timeout: float = 7200) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter (`bench/probes.py`) and return its JSON.

    A failed probe returns `{"error": ...}` with the tail of its stderr, so one broken figure does
    not stop the suite.
    """
    args = {**args, "started_at": time.time()}
    command = [sys.executable, "-m", "bench.probes", kind, json.dumps(args)]
    try:
        done = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = " | ".join(done.stderr.strip().splitlines()[-4:])
        return {"error": f"exit {done.returncode}: {tail[-600:]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result
