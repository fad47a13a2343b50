"""The text phase of an indexing run (see `library_add`): every planned file is settled, loaded
and cleaned in worker processes, stored, and written to the docs index with `analysed=False`.

A file whose size and modification time match its index entry is unchanged and not even opened;
another is hashed once: unchanged contents refresh the entry from the store, contents already in
the store are indexed from it, anything else is loaded and cleaned in a worker. Writing here is
the slow side, so on a large run the workers also begin the analysis meanwhile (`EarlyAnalysis`).
Documents indexed from a walked folder whose file is gone are removed.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from byline import models
from byline.library_analyse import EARLY_FROM_FILES, Batch, EarlyAnalysis, Unanalysed
from byline.library_plan import FileState, content_hash
from byline.library_pool import SPARE_NICE, TaskRunner
from byline.library_worker import Processed, process
from byline.models import Analysis
from byline.workers import WorkerPool

if TYPE_CHECKING:
    from byline.index.writing import IndexWriter
    from byline.library_add import AddRun


class Known(NamedTuple):
    """What the index held for a path before this run."""

    state: FileState
    content_hash: str
    analysed: bool


@dataclass(frozen=True, slots=True)
class _Job:
    """A file to load and clean in a worker."""

    key: str
    state: FileState
    previous: str | None
    """The content hash indexed before this run, or None for a new file."""
    digest: str | None
    """The content hash computed in this run (files that changed), or None (the worker hashes)."""


class TextPhase:
    """Indexes the text of a run's files; the run (`AddRun`) keeps the tally, the progress and
    the batches' commits."""

    def __init__(self, run: AddRun, writer: IndexWriter) -> None:
        self.run_, self.writer = run, writer

    def run(self, planned: dict[str, FileState], folders: list[str], snapshot: Any) -> None:
        """Index the `planned` files, then remove the documents of walked `folders` that are
        gone; `snapshot` is a searcher on what was indexed before this run."""
        jobs = self._sort(planned, _known(snapshot, planned))
        self._load(jobs)
        self._remove_gone(folders, planned, snapshot)

    def _sort(self, planned: dict[str, FileState], known: dict[str, Known]) -> deque[_Job]:
        """Settle unchanged files and files whose contents the store already holds; return the
        rest, which need loading and cleaning (emptied as they are loaded, see `_load`)."""
        run = self.run_
        jobs: deque[_Job] = deque()
        for key, state in planned.items():
            old = known.get(key)
            if old is not None and old.state == state:
                run.tally.unchanged.append(key)
                run.done(state.size, key)
                continue
            digest = None
            if old is not None or run.prehash:
                try:
                    digest = content_hash(Path(key))
                except OSError as error:
                    run.fail(key, error.strerror or str(error))
                    run.done(state.size, key)
                    continue
            if digest is not None and self._from_store(key, state, digest, old):
                run.done(state.size, key)
                continue
            jobs.append(_Job(key, state, old.content_hash if old else None, digest))
        return jobs

    def _from_store(self, key: str, state: FileState, digest: str, old: Known | None) -> bool:
        """Index `key` from the store entry for `digest`, if there is one. Contents that did not
        change (a file touched or copied back) only refresh the entry's size and time."""
        run = self.run_
        entry = run.store.get(digest)
        if entry is None:
            return False
        document = replace(entry.document, path=key)
        if old is not None and old.content_hash == digest:
            # Kept analysed when the entry says so: an analysis that failed is not retried.
            analysed = entry.analysed or old.analysed
            run.write(self.writer, document, entry.analysis, state, analysed=analysed, new=False)
            run.tally.unchanged.append(key)
            return True
        analysed, new = entry.analysed, old is None
        run.write(self.writer, document, entry.analysis, state, analysed=analysed, new=new)
        self._count_written(key, old.content_hash if old else None, digest)
        return True

    def _count_written(self, key: str, previous: str | None, digest: str) -> None:
        tally = self.run_.tally
        if previous is None:
            tally.added.append(key)
        else:
            tally.updated.append(key)
            if previous != digest:
                tally.stale_hashes.add(previous)

    def _load(self, jobs: deque[_Job]) -> None:
        """Load and clean in worker processes; store and index here, as results come back.
        `jobs` is emptied as it goes, so each job is freed once done (7 MB for 100,000 files).

        With one worker (`analysis_processes = 1`) files are processed in this process, without a
        time limit. Otherwise each file gets `Settings.file_time_limit` seconds in a worker; a
        file that takes longer is a failure ("took longer than 300 s") and its worker is replaced.
        Writing here is the slower side, so a worker would often sit idle: when analysis follows
        and there are EARLY_FROM_FILES files, the workers start it (`EarlyAnalysis`).
        """
        run = self.run_
        if not jobs:
            return
        if run.settings.workers() <= 1:
            while jobs:
                job = jobs.popleft()
                run.emit(job.key)
                self.loaded(job, process(job.key, False, str(run.store.root)))
            return
        workers = min(run.settings.workers(), len(jobs))
        if run.analyse and len(jobs) >= EARLY_FROM_FILES:
            run.early = EarlyAnalysis(run)
            run.pool = WorkerPool(workers, analyse=False, nice=SPARE_NICE)
        tasks = _TextTasks(self, run.early)
        runner: TaskRunner[_Job | Batch] = TaskRunner(
            tasks.call,
            tasks.finish,
            tasks.crashed,
            tasks.overran,
            workers=workers,
            limit=run.settings.file_time_limit,
            analyse=False,
            split=tasks.split,
            spare=run.early.next_batch if run.early is not None else None,
            tick=run.tick,
            pool=run.pool,
        )
        runner.run(cast("deque[_Job | Batch]", jobs))  # a spare Batch may be put back in it

    def loaded(self, job: _Job, result: Processed) -> None:
        """Store and index one loaded document, or record why it could not be read."""
        run, tally = self.run_, self.run_.tally
        document = result.document
        if document is None:
            run.fail(job.key, result.reason or "could not be read")
            if job.previous is not None and job.previous != job.digest:
                # The file changed into something unreadable: its old text is no longer in it,
                # so searches must stop finding it there.
                self.writer.delete(job.key)
                tally.removed.append(job.key)
                tally.stale_hashes.add(job.previous)
        else:
            tally.bytes_read += job.state.size
            entry = None if result.stored else run.store.get(document.content_hash)
            if entry is None:
                if not result.stored:
                    run.store.put(document, Analysis(), analysed=False)
                analysis, analysed = Analysis(), False
                if run.early is not None:
                    run.early.offer(Unanalysed(job.key, document.content_hash, job.state))
            else:  # the same contents under another path, or a file changed back
                analysis, analysed = entry.analysis, entry.analysed
            new = job.previous is None
            run.write(self.writer, document, analysis, job.state, analysed=analysed, new=new)
            self._count_written(job.key, job.previous, document.content_hash)
        run.done(job.state.size, job.key)

    def _remove_gone(self, folders: list[str], seen: dict[str, FileState], snapshot: Any) -> None:
        """Remove documents indexed from a walked folder whose file is no longer there."""
        indexes, tally = self.run_.indexes, self.run_.tally
        for folder in folders:
            prefix = folder.rstrip(os.sep) + os.sep
            for key in list(indexes.paths_under(prefix, snapshot)):
                if key in seen or Path(key).is_file():
                    continue
                stored = indexes.stored(key, snapshot)
                self.writer.delete(key)
                tally.removed.append(key)
                if stored:
                    tally.stale_hashes.add(stored["content_hash"])


def _known(snapshot: Any, planned: dict[str, FileState]) -> dict[str, Known]:
    """The index entries of the planned paths, read in one pass over the stored fields (a
    lookup per path costs ten times more)."""
    known: dict[str, Known] = {}
    for fields in snapshot.all_stored_fields():
        path = fields.get("path")
        if path in planned:
            state = FileState(int(fields.get("size") or 0), int(fields.get("mtime_ns") or 0))
            analysed = fields.get("analysed") == models.ANALYSIS_VERSION
            known[path] = Known(state, fields["content_hash"], analysed)
    return known


class _TextTasks:
    """What the text phase's runner does with each kind of task: a file to load and clean (a
    `_Job`, written by `TextPhase.loaded`), or documents to analyse early (a `Batch`, the spare
    work of `EarlyAnalysis`)."""

    def __init__(self, phase: TextPhase, early: EarlyAnalysis | None) -> None:
        self.phase, self.early = phase, early

    def _analysis(self) -> EarlyAnalysis:
        assert self.early is not None, "a batch is only handed out by an early analysis"
        return self.early

    def call(self, task: _Job | Batch) -> Any:
        if isinstance(task, _Job):
            return process, (task.key, False, str(self.phase.run_.store.root))
        return self._analysis().call(task)

    def finish(self, task: _Job | Batch, result: Any) -> None:
        if isinstance(task, _Job):
            self.phase.loaded(task, result)
        else:
            self._analysis().finish(task, result)

    def crashed(self, task: _Job | Batch, reason: str) -> None:
        if isinstance(task, _Job):
            self.phase.loaded(task, Processed(task.key, reason=reason))
        else:
            self._analysis().crashed(task, reason)

    def overran(self, task: _Job | Batch) -> list[_Job | Batch]:
        if isinstance(task, _Job):
            reason = f"took longer than {self.phase.run_.settings.file_time_limit:g} s"
            self.phase.loaded(task, Processed(task.key, reason=reason))
            return []
        return list(self._analysis().overran(task))

    @staticmethod
    def split(task: _Job | Batch) -> list[_Job | Batch]:
        """Nothing to run instead of a task whose worker died: a file is reported, and a batch
        is left to the analysis phase (`EarlyAnalysis.crashed`)."""
        return []
