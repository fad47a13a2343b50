"""One indexing run, in two phases: the text first, so the library is searchable within seconds,
then the analysis (spaCy), which takes most of the time.

1. Text. Walk the paths (`library_plan`); a file whose size and modification time match its
   index entry is unchanged and not even opened; another is hashed once: unchanged contents
   refresh the entry from the store, contents already in the store are indexed from it, anything
   else is loaded and cleaned in worker processes. Each document is stored and written to the
   docs index with `analysed=False`, in batches committed every `Settings.commit_every`
   documents, at `POOL_BYTES` of postings, or after `TEXT_COMMIT_SECONDS`, whichever comes
   first. Writing here is the slow side, so on a large run the workers also begin the analysis
   meanwhile (`EarlyAnalysis`).
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
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, cast

from byline import interrupts
from byline.config import Settings
from byline.index.indexes import Indexes, IndexWriter
from byline.index.store import Store
from byline.library_analyse import (
    EARLY_FROM_FILES,
    AnalysisPhase,
    Batch,
    EarlyAnalysis,
    Unanalysed,
)
from byline.library_backlog import Paths
from byline.library_plan import FileState, content_hash, file_key, plan, walk
from byline.library_pool import TaskRunner
from byline.library_records import AddProgress, AddReport, Failure
from byline.library_worker import Processed, analysis_available, process
from byline.models import Analysis, Document

__all__ = ["AddRun", "Progress", "content_hash", "file_key", "process", "walk"]

Progress = Callable[[AddProgress], None]

TEXT_COMMIT_SECONDS = (5.0, 60.0)
"""How long a written document may wait for its commit in the text phase: 5 s for the first
batch, so the first documents are searchable within seconds, then twice as long each time, up to
60 s (each commit is a new index segment: a few large ones search faster than many small)."""

ANALYSIS_COMMIT_SECONDS = (30.0, 120.0)
"""The same for the analysis phase."""

POOL_BYTES = 12 << 20
"""A batch is also committed when its postings hold this much memory (`IndexWriter.pooled`),
however few its documents. 500 analysed BBC articles hold about 20 MB, 500 of the 100,000
library's longer articles about 30, and 500 long reports far more. The batch is the part of this
process's memory that rises and falls with each commit: at 100,000 this kept it at 127 MB where it
rose from 122 to 152 at every commit. Batches are committed more often. The main process spent
the same time in them on the BBC (55.8 s with a 32 MB budget, 58.0 with this one, profiled side
by side), though three other pairs of runs, noisier, had this one 10% slower
(`docs/performance.md`)."""


class Known(NamedTuple):
    """What the index held for a path before this run."""

    state: FileState
    content_hash: str
    analysed: bool


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

    @classmethod
    def in_folder(cls, folder: Path) -> Tally:
        """A tally whose lists of paths go to files in `folder` once they grow."""
        return cls(Paths(folder=folder), Paths(folder=folder), Paths(folder=folder))

    def close(self) -> None:
        """Remove the files of its lists of paths."""
        for paths in (self.added, self.updated, self.unchanged):
            paths.close()


@dataclass(frozen=True, slots=True)
class _Job:
    """A file to load and clean in a worker."""

    key: str
    state: FileState
    previous: str | None
    """The content hash indexed before this run, or None for a new file."""
    digest: str | None
    """The content hash computed in this run (files that changed), or None (the worker hashes)."""


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

    # -- progress and writing, shared by both phases ----------------------------------------------

    def start_phase(self, phase: str, files: int, size: int) -> None:
        """Begin counting a phase ("text" or "analysis") of `files` files of `size` bytes."""
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
        planned, folders = plan(paths, self.home, self.fail)
        self.start_phase("text", len(planned), sum(s.size for s in planned.values()))
        writer = self.indexes.writer()
        snapshot = self._snapshot()
        try:
            # Closed once the text phase is done: at 100,000 documents its 200 segment readers
            # held about 10 MB through the analysis phase.
            with contextlib.closing(snapshot):
                known = self._known(snapshot, planned)
                jobs = self._sort(planned, known, writer)
                del known
                self._load(jobs, writer)
                self._remove_gone(folders, planned, snapshot, writer)
            writer.commit(merge=not self.analyse)  # with analysis to come, the run's end merges
            self.tally.text_seconds = time.perf_counter() - started
            if self.analyse:
                self.commit_seconds, self.commit_seconds_most = ANALYSIS_COMMIT_SECONDS
                self._last_commit = time.monotonic()
                AnalysisPhase(self, writer, self.early).run(planned)
                writer.commit()
        except BaseException:
            writer.commit(merge=False)  # what was written is consistent: keep it (merged next run)
            raise
        finally:
            self._collect_garbage()
        t = self.tally
        return AddReport(
            added=tuple(sorted(t.added)),
            updated=tuple(sorted(t.updated)),
            unchanged=tuple(sorted(t.unchanged)),
            removed=tuple(sorted(t.removed)),
            failures=tuple(sorted(t.failures, key=lambda f: f.path)),
            analysed=t.analysed,
            bytes_read=t.bytes_read,
            seconds=time.perf_counter() - started,
            text_seconds=t.text_seconds or time.perf_counter() - started,
        )

    def _snapshot(self) -> Any:
        """A searcher on what was indexed before this run. A damaged index (a truncated or
        garbled segment) fails here, as IndexDamaged, before anything is written."""
        return self.indexes.reading("docs")

    @staticmethod
    def _known(snapshot: Any, planned: dict[str, FileState]) -> dict[str, Known]:
        """The index entries of the planned paths, read in one pass over the stored fields (a
        lookup per path costs ten times more)."""
        known: dict[str, Known] = {}
        for fields in snapshot.all_stored_fields():
            path = fields.get("path")
            if path in planned:
                state = FileState(int(fields.get("size") or 0), int(fields.get("mtime_ns") or 0))
                known[path] = Known(state, fields["content_hash"], bool(fields.get("analysed")))
        return known

    # -- the text phase ---------------------------------------------------------------------------

    def _sort(
        self, planned: dict[str, FileState], known: dict[str, Known], writer: IndexWriter
    ) -> deque[_Job]:
        """Settle unchanged files and files whose contents the store already holds; return the
        rest, which need loading and cleaning (emptied as they are loaded, see `_load`)."""
        jobs: deque[_Job] = deque()
        for key, state in planned.items():
            old = known.get(key)
            if old is not None and old.state == state:
                self.tally.unchanged.append(key)
                self.done(state.size, key)
                continue
            digest = None
            if old is not None or self.prehash:
                try:
                    digest = content_hash(Path(key))
                except OSError as error:
                    self.fail(key, error.strerror or str(error))
                    self.done(state.size, key)
                    continue
            if digest is not None and self._from_store(writer, key, state, digest, old):
                self.done(state.size, key)
                continue
            jobs.append(_Job(key, state, old.content_hash if old else None, digest))
        return jobs

    def _from_store(
        self, writer: IndexWriter, key: str, state: FileState, digest: str, old: Known | None
    ) -> bool:
        """Index `key` from the store entry for `digest`, if there is one. Contents that did not
        change (a file touched or copied back) only refresh the entry's size and time."""
        entry = self.store.get(digest)
        if entry is None:
            return False
        document = replace(entry.document, path=key)
        if old is not None and old.content_hash == digest:
            # Kept analysed when the entry says so: an analysis that failed is not retried.
            analysed = entry.analysed or old.analysed
            self.write(writer, document, entry.analysis, state, analysed=analysed, new=False)
            self.tally.unchanged.append(key)
            return True
        self.write(writer, document, entry.analysis, state, analysed=entry.analysed, new=not old)
        self._count_written(key, old.content_hash if old else None, digest)
        return True

    def _count_written(self, key: str, previous: str | None, digest: str) -> None:
        if previous is None:
            self.tally.added.append(key)
        else:
            self.tally.updated.append(key)
            if previous != digest:
                self.tally.stale_hashes.add(previous)

    def _load(self, jobs: deque[_Job], writer: IndexWriter) -> None:
        """Load and clean in worker processes; store and index here, as results come back.
        `jobs` is emptied as it goes, so each job is freed once done (7 MB for 100,000 files).

        With one worker (`analysis_processes = 1`) files are processed in this process, without a
        time limit. Otherwise each file gets `Settings.file_time_limit` seconds in a worker; a
        file that takes longer is a failure ("took longer than 300 s") and its worker is replaced.
        Writing here is the slower side, so a worker would often sit idle: when analysis follows
        and there are EARLY_FROM_FILES files, the workers start it (`EarlyAnalysis`).
        """
        if not jobs:
            return
        if self.settings.workers() <= 1:
            while jobs:
                job = jobs.popleft()
                self.emit(job.key)
                self._loaded(writer, job, process(job.key, False))
            return
        if self.analyse and len(jobs) >= EARLY_FROM_FILES:
            self.early = EarlyAnalysis(self)
        tasks = _TextTasks(self, writer, self.early)
        runner: TaskRunner[_Job | Batch] = TaskRunner(
            tasks.call,
            tasks.finish,
            tasks.crashed,
            tasks.overran,
            workers=min(self.settings.workers(), len(jobs)),
            limit=self.settings.file_time_limit,
            analyse=False,
            split=tasks.split,
            spare=self.early.next_batch if self.early is not None else None,
            tick=self.tick,
        )
        runner.run(cast("deque[_Job | Batch]", jobs))  # a spare Batch may be put back in it

    def _loaded(self, writer: IndexWriter, job: _Job, result: Processed) -> None:
        """Store and index one loaded document, or record why it could not be read."""
        document = result.document
        if document is None:
            self.fail(job.key, result.reason or "could not be read")
            if job.previous is not None and job.previous != job.digest:
                # The file changed into something unreadable: its old text is no longer in it,
                # so searches must stop finding it there.
                writer.delete(job.key)
                self.tally.removed.append(job.key)
                self.tally.stale_hashes.add(job.previous)
        else:
            self.tally.bytes_read += job.state.size
            entry = self.store.get(document.content_hash)
            if entry is None:
                self.store.put(document, Analysis(), analysed=False)
                analysis, analysed = Analysis(), False
                if self.early is not None:
                    self.early.offer(Unanalysed(job.key, document.content_hash, job.state))
            else:  # the same contents under another path, or a file changed back
                analysis, analysed = entry.analysis, entry.analysed
            new = job.previous is None
            self.write(writer, document, analysis, job.state, analysed=analysed, new=new)
            self._count_written(job.key, job.previous, document.content_hash)
        self.done(job.state.size, job.key)

    # -- removal ----------------------------------------------------------------------------------

    def _remove_gone(
        self, folders: list[str], seen: dict[str, FileState], snapshot: Any, writer: IndexWriter
    ) -> None:
        """Remove documents indexed from a walked folder whose file is no longer there."""
        for folder in folders:
            prefix = folder.rstrip(os.sep) + os.sep
            for key in list(self.indexes.paths_under(prefix, snapshot)):
                if key in seen or Path(key).is_file():
                    continue
                stored = self.indexes.stored(key, snapshot)
                writer.delete(key)
                self.tally.removed.append(key)
                if stored:
                    self.tally.stale_hashes.add(stored["content_hash"])

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


class _TextTasks:
    """What the text phase's runner does with each kind of task: a file to load and clean (a
    `_Job`, written by `AddRun._loaded`), or documents to analyse early (a `Batch`, the spare
    work of `EarlyAnalysis`)."""

    def __init__(self, run: AddRun, writer: IndexWriter, early: EarlyAnalysis | None) -> None:
        self.run_, self.writer, self.early = run, writer, early

    def _analysis(self) -> EarlyAnalysis:
        assert self.early is not None, "a batch is only handed out by an early analysis"
        return self.early

    def call(self, task: _Job | Batch) -> Any:
        if isinstance(task, _Job):
            return process, (task.key, False)
        return self._analysis().call(task)

    def finish(self, task: _Job | Batch, result: Any) -> None:
        if isinstance(task, _Job):
            self.run_._loaded(self.writer, task, result)
        else:
            self._analysis().finish(task, result)

    def crashed(self, task: _Job | Batch, reason: str) -> None:
        if isinstance(task, _Job):
            self.run_._loaded(self.writer, task, Processed(task.key, reason=reason))
        else:
            self._analysis().crashed(task, reason)

    def overran(self, task: _Job | Batch) -> list[_Job | Batch]:
        if isinstance(task, _Job):
            reason = f"took longer than {self.run_.settings.file_time_limit:g} s"
            self.run_._loaded(self.writer, task, Processed(task.key, reason=reason))
            return []
        return list(self._analysis().overran(task))

    @staticmethod
    def split(task: _Job | Batch) -> list[_Job | Batch]:
        """Nothing to run instead of a task whose worker died: a file is reported, and a batch
        is left to the analysis phase (`EarlyAnalysis.crashed`)."""
        return []
