"""The analysis phase of an indexing run (see `library_add`): documents whose index entry says
`analysed=False` are analysed in worker processes, a few per task so that spaCy parses them in
one pipe, and their entries and quotes are rewritten here as results come back.

The documents are found in the index, not remembered from the text phase, so a run interrupted
between the phases (or one made with `analyse=False`) is finished by the next run over the same
paths. Only this run's paths are analysed: a library indexed as text alone stays so until its
folders are added again with analysis.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from byline import models
from byline.library_backlog import Backlog, Batch, Tasks, Unanalysed, batches, take_batch
from byline.library_plan import FileState
from byline.library_pool import TaskRunner
from byline.library_worker import Processed, analyse_stored
from byline.models import Analysis

if TYPE_CHECKING:
    from byline.index.writing import IndexWriter
    from byline.library_add import AddRun

IN_FLIGHT = 32
"""Tasks handed to each analysis process ahead of their results being taken: enough for about
15 s of parsing, so that the workers do not run dry while this process commits a batch (4 to 8 s
on the BBC corpus; with 8 tasks in hand they sat idle for 2 to 4 s of every commit). A result
is one task's documents and analyses, at most BATCH_BYTES of files, so they cost little memory."""

BYTES_PER_WORKER = 100_000
"""Another analysis process starts only for this many more bytes of files: it costs a spaCy
model load (about 2.5 CPU s and 190 MB), which a handful of articles do not repay."""


EARLY_FROM_FILES = 500
"""Files a text phase must load before it analyses early: this process writes about a hundred a
second, so a shorter phase ends before the spaCy model would have loaded (about 2.5 s), and the
load would be wasted."""

EARLY_WAITING = 1_000
"""Documents waiting for an early analysis, at most: the text phase stores them far faster than
one process analyses them, and the rest need not be remembered."""


class EarlyAnalysis:
    """Analysis done during the text phase, on the core this process leaves idle while it writes
    the text (`TaskRunner`'s spare tasks): documents the text phase stored are analysed in the
    text phase's workers, and the analyses go to the store. The analysis phase then finds them
    there (`analyse_stored` returns them as they are) and only writes them; a document whose
    early analysis failed is reported then, not analysed again. The task still running when the
    text phase ends is waited for (the run's workers go on into the analysis phase, `AddRun.pool`);
    should it be dropped all the same (its pool broke), its documents are analysed in the analysis
    phase."""

    def __init__(self, run: AddRun) -> None:
        self.run_ = run
        self.store_root = str(run.store.root)
        self.waiting: deque[Unanalysed] = deque()
        self.failures: dict[str, str] = {}
        """Why the early analysis of a document failed, by path."""
        self.handed: set[str] = set()
        """Documents of tasks handed out and not finished: once the text phase has ended, those
        of a dropped task, which may have stored its analyses before it was stopped."""

    def offer(self, item: Unanalysed) -> None:
        """A document the text phase has just stored, unanalysed (kept while fewer than
        EARLY_WAITING wait: the others are analysed in the analysis phase, as before)."""
        if len(self.waiting) < EARLY_WAITING:
            self.waiting.append(item)

    def next_batch(self) -> Batch | None:
        """A task of waiting documents, or None when there are none."""
        if not self.waiting:
            return None
        batch = take_batch(self.waiting)
        self.handed.update(item.key for item in batch)
        return batch

    def call(self, batch: Batch) -> Any:
        return analyse_stored, (self.store_root, [(u.key, u.digest) for u in batch])

    def finish(self, batch: Batch, results: list[Processed]) -> None:
        self.handed.difference_update(item.key for item in batch)
        for item, result in zip(batch, results, strict=True):
            if result.reason is not None or result.analysis is None:
                self.failures[item.key] = result.reason or "could not be analysed"
            elif not result.reused:
                self.run_.tally.analysed += 1

    def crashed(self, batch: Batch, reason: str) -> None:
        """Its worker died: nothing is recorded, so the analysis phase analyses the batch again,
        where a batch whose worker dies is run one document at a time."""
        self.handed.difference_update(item.key for item in batch)

    def overran(self, batch: Batch) -> list[Batch]:
        """A task over the time limit: a document alone has failed; a batch is left to the
        analysis phase, like one whose worker died (it finds the slow document there)."""
        self.handed.difference_update(item.key for item in batch)
        if len(batch) == 1:
            limit = self.run_.settings.file_time_limit
            self.failures[batch[0].key] = f"analysis took longer than {limit:g} s"
        return []


class AnalysisPhase:
    """Analyses the unanalysed documents among a run's paths and writes the results."""

    def __init__(
        self, run: AddRun, writer: IndexWriter, early: EarlyAnalysis | None = None
    ) -> None:
        self.run_, self.writer = run, writer
        self.early_failures = early.failures if early is not None else {}
        self.early_dropped = early.handed if early is not None else set()

    def pending(self, keys: dict[str, FileState], failed_early: list[Unanalysed]) -> Backlog:
        """The documents among `keys` whose committed index entry is not analysed yet, less
        those whose early analysis failed: these go to `failed_early`."""
        self.run_.store.root.mkdir(parents=True, exist_ok=True)  # a new library may have none
        todo = Backlog(self.run_.store.root)
        searcher = self.run_.indexes.reading("docs")
        try:
            for fields in searcher.all_stored_fields():
                key = fields.get("path")
                if fields.get("analysed") == models.ANALYSIS_VERSION or key not in keys:
                    continue
                state = FileState(int(fields.get("size") or 0), int(fields.get("mtime_ns") or 0))
                if key in self.early_failures:
                    failed_early.append(Unanalysed(key, fields["content_hash"], state))
                else:
                    todo.add(key, fields["content_hash"], state)
        except BaseException:
            todo.close()
            raise
        finally:
            searcher.close()
        return todo

    def run(self, keys: dict[str, FileState]) -> None:
        """Analyse what `pending` finds: in worker processes (one per core, each given
        `Settings.file_time_limit` seconds per task), or here with `analysis_processes = 1`.

        `keys` (the run's files) is emptied once read: a large run does not need it any more,
        and on 100,000 files it held 16 MB through the phase."""
        failed_early: list[Unanalysed] = []
        todo = self.pending(keys, failed_early)
        keys.clear()
        try:
            self._analyse(todo, failed_early)
        finally:
            todo.close()

    def _analyse(self, todo: Backlog, failed_early: list[Unanalysed]) -> None:
        run = self.run_
        size = todo.size()
        run.start_phase(
            "analysis",
            len(todo) + len(failed_early),
            size + sum(item.state.size for item in failed_early),
        )
        for item in failed_early:  # reported now, not analysed again
            self.analysed(item, None, self.early_failures[item.key])
        if not todo:
            return
        store_root = str(run.store.root)
        workers = run.settings.workers()
        if workers <= 1:
            for batch in batches(todo):
                run.emit(batch[0].key)
                self.finish(batch, analyse_stored(store_root, [(u.key, u.digest) for u in batch]))
            return
        workers = min(workers, todo.task_count(workers), max(1, size // BYTES_PER_WORKER))
        limit = run.settings.file_time_limit

        def crashed(batch: Batch, reason: str) -> None:
            for item in batch:  # left unanalysed: the next run tries again
                self.run_.fail(item.key, reason)
                self.run_.done(item.state.size, item.key)

        def overran(batch: Batch) -> list[Batch]:
            if len(batch) > 1:  # find the slow one: each document on its own
                return [(item,) for item in batch]
            self.analysed(batch[0], None, f"analysis took longer than {limit:g} s")
            return []

        runner: TaskRunner[Batch] = TaskRunner(
            lambda batch: (analyse_stored, (store_root, [(u.key, u.digest) for u in batch])),
            self.finish,
            crashed,
            overran,
            workers=workers,
            limit=limit,
            analyse=True,
            split=lambda batch: [(item,) for item in batch] if len(batch) > 1 else [],
            in_flight=IN_FLIGHT,
            tick=self.run_.tick,
            pool=run.pool,
        )
        runner.run(Tasks(batches(todo)))

    def finish(self, batch: Batch, results: list[Processed]) -> None:
        """Write the results of one task."""
        for item, result in zip(batch, results, strict=True):
            self.analysed(item, result, result.reason)

    def analysed(self, item: Unanalysed, result: Processed | None, reason: str | None) -> None:
        """Rewrite one document's entry with its analysis; or report why it has none. A document
        whose analysis failed is still marked analysed (with nothing found), so that it is not
        retried at every run; its store entry stays unanalysed, so a rebuild tries again."""
        run = self.run_
        document = result.document if result is not None else None
        analysis = result.analysis if result is not None else None
        if reason is not None or analysis is None:
            run.fail(item.key, reason or "could not be analysed")
            if document is None and result is None:  # overran: the text is in the store
                entry = run.store.get(item.digest)
                document = entry.document if entry is not None else None
            analysis = Analysis()
        elif result is not None and (not result.reused or item.key in self.early_dropped):
            run.tally.analysed += 1  # once: an early analysis was counted when it came back
        if document is not None:
            document = replace(document, path=item.key)
            run.write(self.writer, document, analysis, item.state, analysed=True, new=False)
        run.done(item.state.size, item.key)
