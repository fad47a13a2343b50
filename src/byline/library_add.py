"""One indexing run, in two phases: the text first, so the library is searchable within seconds,
then the analysis (spaCy), which takes most of the time.

1. Text (`library_text`). Walk the paths (`library_plan`); a file whose size and modification
   time match its index entry is unchanged and not even opened; another is hashed once:
   unchanged contents refresh the entry from the store, contents already in the store are
   indexed from it, anything else is loaded and cleaned in worker processes. Each document is
   stored and written to the docs index with `analysed=False`, in batches committed every
   `Settings.commit_every` documents, at `POOL_BYTES` of postings, or after
   `TEXT_COMMIT_SECONDS`, whichever comes first. Writing here is the slow side, so on a large run
   the workers also begin the analysis meanwhile (`EarlyAnalysis`).
2. Analysis (`library_analyse`, when asked): every document of this run's paths whose index entry
   says `analysed=False` — written now, or left so by an earlier run that was interrupted or ran
   without analysis — is analysed in worker processes and its entry and quotes rewritten.

A file indexed from a walked folder and gone is removed; a file that cannot be read becomes a
`Failure` and the run goes on (one that changed into something unreadable is also removed).
A crash or Ctrl-C loses at most the batch since the last commit, and the next run picks up
where this one stopped.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from byline import interrupts
from byline.config import Settings
from byline.index.indexes import Indexes
from byline.index.store import Store
from byline.index.writing import IndexWriter
from byline.library_analyse import AnalysisPhase, EarlyAnalysis
from byline.library_backlog import Paths
from byline.library_plan import FileState, content_hash, file_key, plan, walk
from byline.library_records import AddProgress, AddReport, Failure
from byline.library_text import TextPhase
from byline.library_worker import analysis_available, process
from byline.models import Analysis, Document
from byline.workers import WorkerPool

__all__ = ["AddRun", "Progress", "content_hash", "file_key", "process", "walk"]

Progress = Callable[[AddProgress], None]

TEXT_COMMIT_SECONDS = (5.0, 60.0)
"""How long a written document may wait for its commit in the text phase: 5 s for the first
batch, so the first documents are searchable within seconds, then twice as long each time, up to
60 s (each commit is a new index segment: a few large ones search faster than many small)."""

ANALYSIS_COMMIT_SECONDS = (30.0, 120.0)
"""The same for the analysis phase."""

MERGE_NOTICE_BYTES = 1 << 20
"""Files a run reads before its last merge is shown as a phase of its own: the BBC corpus's
5 MB merge for 7 s after the analysis ends, 100,000 documents' for minutes; a few files' merge
takes no time."""

POOL_BYTES = 12 << 20
"""A batch is also committed when its postings hold this much memory (`IndexWriter.pooled`),
however few its documents. 500 analysed BBC articles hold about 20 MB, 500 of the 100,000
library's longer articles about 30, and 500 long reports far more. The batch is the part of this
process's memory that rises and falls with each commit: at 100,000 this kept it at 127 MB where it
rose from 122 to 152 at every commit. Batches are committed more often. The main process spent
the same time in them on the BBC (55.8 s with a 32 MB budget, 58.0 with this one, profiled side
by side), though three other pairs of runs, noisier, had this one 10% slower
(`docs/performance.md`)."""


@dataclass
class Tally:
    """Counts kept while a run goes, turned into an AddReport at the end."""

    added: Paths = field(default_factory=Paths)
    updated: Paths = field(default_factory=Paths)
    unchanged: Paths = field(default_factory=Paths)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    analysed: int = 0
    bytes_read: int = 0
    files_done: int = 0
    bytes_done: int = 0
    text_seconds: float = 0.0
    stale_hashes: set[str] = field(default_factory=set)
    other_types: Counter[str] = field(default_factory=Counter)
    """Files of types Byline does not read, found in the folders walked, by suffix."""

    def passed_over(self, path: Path) -> None:
        """Count a file a folder walk did not pick up (see `library_plan.walk`)."""
        self.other_types[path.suffix.lower()] += 1

    @classmethod
    def in_folder(cls, folder: Path) -> Tally:
        """A tally whose lists of paths go to files in `folder` once they grow."""
        return cls(Paths(folder=folder), Paths(folder=folder), Paths(folder=folder))

    def close(self) -> None:
        """Remove the files of its lists of paths."""
        for paths in (self.added, self.updated, self.unchanged):
            paths.close()


class AddRun:
    """Carries out one `Library.add`; the caller holds the write lock.

    `prehash` hashes new files before loading them, so that contents the store already holds
    are indexed from it (a rebuild); otherwise a new file is only read by its worker.
    """

    def __init__(
        self,
        indexes: Indexes,
        store: Store,
        settings: Settings,
        progress: Progress | None,
        *,
        analyse: bool,
        library_home: Path,
        prehash: bool = False,
    ) -> None:
        self.indexes, self.store, self.settings = indexes, store, settings
        self.progress = progress
        self.analyse = analyse and analysis_available()
        self.home = library_home
        self.prehash = prehash
        self.tally = Tally.in_folder(store.root)
        self.phase = "text"
        self.files_total = 0
        self.bytes_total = 0
        self.commit_seconds, self.commit_seconds_most = TEXT_COMMIT_SECONDS
        self._last_commit = time.monotonic()
        self._emitted: tuple[float, str | None] = (0.0, None)
        """When `progress` was last told, and the file it was told of."""
        self.early: EarlyAnalysis | None = None
        """Analysis started in the text phase (`_load`)."""
        self.pool: WorkerPool | None = None
        """The workers the text phase starts when it analyses early: the analysis phase goes on
        in them, so each loads spaCy once in a run (closed before the run's last merge). They
        keep the text phase's settings: niced (`library_pool.SPARE_NICE`, so this process keeps
        its priority to write, and the analysis gives way to other work on the machine), started
        without the model (one that replaces a dead worker loads it in its first task, a few
        seconds of that task's time limit), and all of them analyse, whatever
        `library_analyse.BYTES_PER_WORKER` would have started (their model is mostly loaded
        already by the early analysis)."""
        self.run_bytes = 0
        """The size of the run's planned files."""

    # -- progress and writing, shared by both phases ----------------------------------------------

    def start_phase(self, phase: str, files: int, size: int) -> None:
        """Begin counting a phase ("text", "analysis", or "merge" with no counts) of `files`
        files of `size` bytes."""
        self.phase, self.files_total, self.bytes_total = phase, files, size
        self.tally.files_done = self.tally.bytes_done = 0
        self.emit()

    def emit(self, current: str | None = None) -> None:
        """Tell `progress` where the run is."""
        self._emitted = (time.monotonic(), current)
        if self.progress is not None:
            t = self.tally
            self.progress(
                AddProgress(
                    t.files_done,
                    self.files_total,
                    t.bytes_done,
                    self.bytes_total,
                    current,
                    phase=self.phase,
                )
            )

    def tick(self) -> None:
        """Tell `progress` again where the run is, once a second at most, while the workers have
        no result to report: a callback that stops the run (the reader's, when it closes) then
        does so within a second, not when a slow task ends."""
        at, current = self._emitted
        if time.monotonic() - at >= 1.0:
            self.emit(current)

    def done(self, size: int, current: str | None) -> None:
        """One more file finished in the current phase."""
        self.tally.files_done += 1
        self.tally.bytes_done += size
        self.emit(current)

    def fail(self, path: str, reason: str) -> None:
        """Report `path` as a failure of this run."""
        self.tally.failures.append(Failure(path, reason))

    def write(
        self,
        writer: IndexWriter,
        document: Document,
        analysis: Analysis,
        state: FileState,
        *,
        analysed: bool,
        new: bool,
    ) -> None:
        """Index one document (`new`: no entry for its path was committed before this run),
        committing when a batch is full (`Settings.commit_every` documents, or `POOL_BYTES`) or
        has waited long enough."""
        with interrupts.held():  # a document is committed whole or not at all
            writer.put(
                document,
                analysis,
                size=state.size,
                mtime_ns=state.mtime_ns,
                analysed=analysed,
                new=new,
            )
        now = time.monotonic()
        full = writer.pending >= self.settings.commit_every or writer.pooled() >= POOL_BYTES
        late = now - self._last_commit >= self.commit_seconds
        if full or late:
            writer.commit(merge=False)  # the run's last commit merges
            self._last_commit = now
        if late:
            self.commit_seconds = min(self.commit_seconds * 2, self.commit_seconds_most)

    # -- the run ----------------------------------------------------------------------------------

    def run(self, paths: Iterable[Path | str]) -> AddReport:
        """Index `paths` (files and folders) and return what happened."""
        try:
            return self._run(paths)
        finally:
            self.tally.close()  # its files, even when the run fails

    def _run(self, paths: Iterable[Path | str]) -> AddReport:
        started = time.perf_counter()
        planned, folders = plan(paths, self.home, self.fail, self.tally.passed_over)
        self.run_bytes = sum(s.size for s in planned.values())
        self.start_phase("text", len(planned), self.run_bytes)
        writer = self.indexes.writer()
        snapshot = self._snapshot()
        try:
            # Closed once the text phase is done: at 100,000 documents its 200 segment readers
            # held about 10 MB through the analysis phase.
            with contextlib.closing(snapshot):
                TextPhase(self, writer).run(planned, folders, snapshot)
            if self.analyse:  # with analysis to come, the run's end merges
                writer.commit(merge=False)
            else:
                self._last_commit_of(writer)
            self.tally.text_seconds = time.perf_counter() - started
            if self.analyse:
                self.commit_seconds, self.commit_seconds_most = ANALYSIS_COMMIT_SECONDS
                self._last_commit = time.monotonic()
                AnalysisPhase(self, writer, self.early).run(planned)
                self._close_pool()  # before the last merge, whose memory peaks
                self._last_commit_of(writer)
        except BaseException:
            writer.commit(merge=False)  # what was written is consistent: keep it (merged next run)
            raise
        finally:
            self._close_pool()
            self._collect_garbage()
        t = self.tally
        return AddReport(
            added=tuple(sorted(t.added)),
            updated=tuple(sorted(t.updated)),
            unchanged=tuple(sorted(t.unchanged)),
            removed=tuple(sorted(t.removed)),
            failures=tuple(sorted(t.failures, key=lambda f: f.path)),
            analysed=t.analysed,
            other_types=tuple(sorted(t.other_types.items(), key=lambda kv: (-kv[1], kv[0]))),
            bytes_read=t.bytes_read,
            seconds=time.perf_counter() - started,
            text_seconds=t.text_seconds or time.perf_counter() - started,
        )

    def _last_commit_of(self, writer: IndexWriter) -> None:
        """The run's last commit, which merges its batches: a phase of its own ("merge", with
        no counts) when the run read MERGE_NOTICE_BYTES or more, so that a long merge does not
        look like a run stuck at its end."""
        if self.run_bytes >= MERGE_NOTICE_BYTES and writer.will_merge():
            self.start_phase("merge", 0, 0)
        writer.commit()

    def _snapshot(self) -> Any:
        """A searcher on what was indexed before this run. A damaged index (a truncated or
        garbled segment) fails here, as IndexDamaged, before anything is written."""
        return self.indexes.reading("docs")

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def _collect_garbage(self) -> None:
        """Drop store entries no indexed document points to any more."""
        if not self.tally.stale_hashes:
            return
        try:
            latest = self.indexes.reading("docs")
        except Exception:  # never let cleanup hide the run's own outcome
            return
        try:
            for digest in self.tally.stale_hashes:
                if not self.indexes.hash_in_use(digest, latest):
                    self.store.delete(digest)
        except Exception:
            pass
        finally:
            latest.close()
