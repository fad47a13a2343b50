"""Indexing figures, measured inside a probe process (see `bench.probes`).

- `index_run`: a fresh library indexes the given paths (with or without analysis): documents and
  MB per second of each phase (the text, searchable once it ends; then the analysis), peak
  memory of the whole process tree (workers included), index size; with `watch=True` a thread
  notes when the first document, and all of them, became searchable.
- `reindex_run`: the same paths again with nothing changed (size and mtime match: nothing read).
- `add_ten_run`: ten new documents added to a big library, then removed again so the cached
  library stays as it was.
"""

from __future__ import annotations

import random
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from bench.measure import PeakMemory, cpu_seconds, folder_bytes


def _library(home: Path, workers: int | None = None) -> Any:
    from byline.config import Settings
    from byline.library import Library

    return Library(home, Settings(analysis_processes=workers))


class _SearchWatch:
    """Polls a second `Library` on the same folder while an indexing run goes: when the first
    document could be found, and when all `expected` could."""

    def __init__(self, home: Path, expected: int, interval: float = 0.5) -> None:
        self.home, self.expected, self.interval = home, expected, interval
        self.first: float | None = None
        self.all: float | None = None
        self._start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from byline.library import Library

        reader = Library(self.home)
        while not self._stop.wait(self.interval):
            try:
                reader.indexes.close()  # see the latest commit
                count = reader.count()
            except Exception:  # the writer may be mid-commit; try again at the next tick
                continue
            now = time.perf_counter() - self._start
            if count and self.first is None:
                self.first = now
            if count >= self.expected and self.all is None:
                self.all = now
                return

    def start(self) -> _SearchWatch:
        """Start polling; returns self."""
        self._start = time.perf_counter()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        self._thread.join()


def index_run(
    home: str,
    paths: list[str],
    analyse: bool,
    workers: int | None = None,
    watch: bool = False,
    **_: Any,
) -> dict[str, Any]:
    """Index `paths` into a new library at `home` (wiped first) and report the figures."""
    target = Path(home)
    shutil.rmtree(target, ignore_errors=True)
    library = _library(target, workers)
    watcher = _SearchWatch(target, expected=1 << 62) if watch else None
    phases: dict[str, tuple[float, float]] = {}  # phase -> (wall, cpu) when it began
    analysed_bytes: list[int] = [0]

    def progress(event: Any) -> None:
        if event.message:
            return
        if event.phase not in phases:
            phases[event.phase] = (time.perf_counter(), cpu_seconds())
            if event.phase == "analysis":
                analysed_bytes[0] = event.bytes_total
            elif watcher is not None:
                watcher.expected = event.files_total  # known once the paths are walked

    with PeakMemory() as memory:
        if watcher is not None:
            watcher.start()
        started, cpu_started = time.perf_counter(), cpu_seconds()
        report = library.add([Path(p) for p in paths], progress, analyse=analyse)
        wall = time.perf_counter() - started
        if watcher is not None:
            watcher.stop()
            watcher.first = watcher.first or wall  # found only once the run had ended
            watcher.all = watcher.all or wall
    library.close()
    text_s = report.text_seconds or wall
    analysis_start = phases.get("analysis")
    analysis_s = wall - (analysis_start[0] - started) if analysis_start else 0.0
    text_cpu = (analysis_start[1] if analysis_start else cpu_seconds()) - cpu_started
    mb = report.bytes_read / 1e6
    figures: dict[str, Any] = {
        "documents": report.processed,
        "analysed": report.analysed,
        "failures": len(report.failures),
        "failed": [f"{Path(f.path).name}: {f.reason}" for f in report.failures[:5]],
        "mb": round(mb, 2),
        "seconds": round(wall, 2),
        "docs_per_s": round(report.processed / wall, 1) if wall else 0.0,
        "mb_per_s": round(mb / wall, 3) if wall else 0.0,
        # Phase 1, the text: every document searchable when it ends.
        "text_seconds": round(text_s, 2),
        "text_cpu_s": round(text_cpu, 2),
        "text_docs_per_s": round(report.processed / text_s, 1) if text_s else 0.0,
        "text_mb_per_s": round(mb / text_s, 3) if text_s else 0.0,
        "index_mb": round(folder_bytes(target / "index") / 1e6, 1),
        "store_mb": round(folder_bytes(target / "store") / 1e6, 1),
        **memory.figures(),
    }
    if analysis_start is not None:  # phase 2, the analysis: fully analysed when it ends
        figures["analysis_seconds"] = round(analysis_s, 2)
        figures["analysis_cpu_s"] = round(figures["cpu_s"] - text_cpu, 2)
        figures["analysis_docs_per_s"] = (
            round(report.analysed / analysis_s, 2) if analysis_s else 0.0
        )
        figures["analysis_mb_per_s"] = (
            round(analysed_bytes[0] / 1e6 / analysis_s, 4) if analysis_s else 0.0
        )
    if watcher is not None:
        figures["first_searchable_s"] = round(watcher.first, 2) if watcher.first else None
        figures["all_searchable_s"] = round(watcher.all, 2) if watcher.all else None
        # Searchable before analysis has finished: every document can be found clearly before the
        # run (whose end is when the last analysis is written) returns.
        figures["searchable_before_analysed"] = bool(
            watcher.all is not None and watcher.all < 0.9 * wall
        )
    return figures


def reindex_run(home: str, paths: list[str], analyse: bool, **_: Any) -> dict[str, Any]:
    """Add `paths` again to the library at `home`, where nothing changed since the last run."""
    library = _library(Path(home))
    library.indexes.compile_docnums()  # once per library written before they existed: not timed
    with PeakMemory() as memory:
        started = time.perf_counter()
        report = library.add([Path(p) for p in paths], analyse=analyse)
        wall = time.perf_counter() - started
    library.close()
    return {
        "seconds": round(wall, 3),
        "unchanged": len(report.unchanged),
        "processed": report.processed,
        **memory.figures(),
    }


def _ten_documents(folder: Path, source: Path) -> list[Path]:
    """Ten documents never seen before (a nonce in each), made from paragraphs under `source`."""
    texts = sorted(source.rglob("*.txt"))[:200]
    rng = random.Random(time.time_ns())
    made: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(10):
        picked = texts[rng.randrange(len(texts))].read_text(encoding="utf-8", errors="replace")
        path = folder / f"new-{time.time_ns()}-{number}.txt"
        path.write_text(f"{picked}\n\nBench note {rng.getrandbits(64):x}.\n", encoding="utf-8")
        made.append(path)
    return made


def add_ten_run(home: str, source: str, analyse: bool, **_: Any) -> dict[str, Any]:
    """Time adding 10 new documents to the big library at `home`, then remove them again."""
    library = _library(Path(home))
    extra = Path(home).parent / (Path(home).name + "-extra")
    shutil.rmtree(extra, ignore_errors=True)
    made = _ten_documents(extra, Path(source))
    library.indexes.compile_docnums()  # once per library written before they existed: not timed
    with PeakMemory() as memory:
        started = time.perf_counter()
        report = library.add([extra], analyse=analyse)
        wall = time.perf_counter() - started
    for path in made:
        path.unlink()
    library.add([extra], analyse=analyse)  # removes the ten (they were walked from `extra`)
    library.close()
    return {
        "seconds": round(wall, 3),
        "added": len(report.added),
        "analysed": report.analysed,
        **memory.figures(),
    }
