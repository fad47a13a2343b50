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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from byline.library_plan import FileState
from byline.library_pool import TaskRunner
from byline.library_worker import Processed, analyse_stored
from byline.models import Analysis

if TYPE_CHECKING:
    from byline.index.indexes import IndexWriter
    from byline.library_add import AddRun

BATCH_DOCUMENTS = 8
"""Documents per task: enough for spaCy's pipe to pay off, few enough that a task is short."""

BATCH_BYTES = 16_000
"""A task stops growing past this many bytes of files (a long report goes alone). spaCy parses a
task's documents as one batch, whose working memory grows with its length: 64,000 bytes took a
worker about 30 MB higher than 16,000, for the same parse time."""

IN_FLIGHT = 32
"""Tasks handed to each analysis process ahead of their results being taken: enough for about
15 s of parsing, so that the workers do not run dry while this process commits a batch (4 to 8 s
on the BBC corpus; with 8 tasks in hand they sat idle for 2 to 4 s of every commit). A result
is one task's documents and analyses, at most BATCH_BYTES of files, so they cost little memory."""

BYTES_PER_WORKER = 100_000
"""Another analysis process starts only for this many more bytes of files: it costs a spaCy
model load (about 2.5 CPU s and 190 MB), which a handful of articles do not repay."""


@dataclass(frozen=True, slots=True)
class Unanalysed:
    """A document indexed as text whose analysis is still to do."""

    key: str
    digest: str
    state: FileState


Batch = tuple[Unanalysed, ...]


def batches(todo: list[Unanalysed]) -> deque[Batch]:
    """`todo` in tasks of up to BATCH_DOCUMENTS documents and about BATCH_BYTES."""
    out: deque[Batch] = deque()
    current: list[Unanalysed] = []
    size = 0
    for item in todo:
        if current and (len(current) >= BATCH_DOCUMENTS or size + item.state.size > BATCH_BYTES):
            out.append(tuple(current))
            current, size = [], 0
        current.append(item)
        size += item.state.size
    if current:
        out.append(tuple(current))
    return out


class AnalysisPhase:
    """Analyses the unanalysed documents among a run's paths and writes the results."""

    def __init__(self, run: AddRun, writer: IndexWriter) -> None:
        self.run_, self.writer = run, writer

    def pending(self, keys: dict[str, FileState]) -> list[Unanalysed]:
        """The documents among `keys` whose committed index entry is not analysed yet."""
        searcher = self.run_.indexes.reading("docs")
        try:
            return [
                Unanalysed(
                    fields["path"],
                    fields["content_hash"],
                    FileState(int(fields.get("size") or 0), int(fields.get("mtime_ns") or 0)),
                )
                for fields in searcher.all_stored_fields()
                if not fields.get("analysed") and fields.get("path") in keys
            ]
        finally:
            searcher.close()

    def run(self, keys: dict[str, FileState]) -> None:
        """Analyse what `pending` finds: in worker processes (one per core, each given
        `Settings.file_time_limit` seconds per task), or here with `analysis_processes = 1`."""
        run = self.run_
        todo = self.pending(keys)
        size = sum(item.state.size for item in todo)
        run.start_phase("analysis", len(todo), size)
        if not todo:
            return
        tasks = batches(todo)
        enough = max(1, size // BYTES_PER_WORKER)
        del todo
        store_root = str(run.store.root)
        workers = run.settings.workers()
        if workers <= 1:
            for batch in tasks:
                run.emit(batch[0].key)
                self.finish(batch, analyse_stored(store_root, [(u.key, u.digest) for u in batch]))
            return
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
            workers=min(workers, len(tasks), enough),
            limit=limit,
            analyse=True,
            split=lambda batch: [(item,) for item in batch] if len(batch) > 1 else [],
            in_flight=IN_FLIGHT,
        )
        runner.run(tasks)

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
        elif result is not None and not result.reused:
            run.tally.analysed += 1
        if document is not None:
            document = replace(document, path=item.key)
            run.write(self.writer, document, analysis, item.state, analysed=True, new=False)
        run.done(item.state.size, item.key)
