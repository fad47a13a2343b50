"""One indexing run: walk the paths, decide per file by content hash, process the rest in worker
processes, and write from this process in committed batches.

The incremental rule: a file whose content hash is already indexed (with an analysis, when one is
asked for) is unchanged and never loaded or analysed again; a changed one is replaced; a file that
was indexed from a walked folder and is gone is removed; a file that cannot be read becomes a
`Failure` and the run goes on (one that changed into something unreadable is also removed).
A crash or Ctrl-C loses at most the batch since the last commit.
"""

from __future__ import annotations

import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from byline.config import Settings
from byline.errors import IndexDamaged
from byline.index.indexes import Indexes, IndexWriter
from byline.index.store import Store
from byline.library_records import AddProgress, AddReport, Failure
from byline.library_worker import Processed, analysis_available, one_line, process, warm_up
from byline.loaders.base import os_error_reason

Progress = Callable[[AddProgress], None]

DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ""}
)
"""Files a folder walk picks up (named files are always tried, whatever their suffix)."""


def file_key(path: Path | str) -> str:
    """The identity of a file in the library: its absolute path with symlinks resolved (only
    made absolute when they cannot be: a symlink loop)."""
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):  # RuntimeError: Path.resolve on a symlink loop (3.11)
        return os.path.abspath(Path(path).expanduser())


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: cleaning's own `file_hash`, so the digest compared here is the
    one it puts in `Document.content_hash` (imported on first use: `byline.clean` is not needed to
    search)."""
    from byline.clean import file_hash

    return file_hash(path)


def walk(
    folder: Path, skip: Path | None = None, onerror: Callable[[OSError], None] | None = None
) -> Iterator[Path]:
    """Document files under `folder`, sorted, skipping hidden files and folders (and `skip`).

    Symlinked folders are not followed (no cycles); a folder that cannot be listed is passed to
    `onerror` and skipped.
    """
    for root, dirs, files in os.walk(folder, onerror=onerror):
        base = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (skip is None or base / d != skip)
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                yield base / name


def refusal(path: Path) -> tuple[str | None, int]:
    """Why `path` cannot be indexed before it is even opened, or None; and its size.

    Only regular files are read: opening a FIFO or a device would block or never end, and a
    dangling symlink or a symlink loop has nothing behind it.
    """
    try:
        info = path.stat()
    except OSError as error:
        return os_error_reason(error), 0
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file", 0
    return None, info.st_size


def _exit_with_parent(parent: int) -> None:
    """Watch the parent: when it dies without stopping us (kill -9), the pool's queue never
    closes and the worker would wait forever, so exit."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _prepare_worker(ready: Any, analyse: bool) -> None:
    """Start a worker: leave Ctrl-C to the main process (which stops the workers, no
    tracebacks), load cleaning and the spaCy model before the first file, then count the worker
    as ready, so that loading the model is never charged to a file's time limit."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    warm_up(analyse)
    with ready.get_lock():
        ready.value += 1


def _start_context() -> Any:
    """How worker processes start: fork while this process runs a single thread (fast, and works
    from scripts without a `__main__` guard), spawn otherwise (forking a threaded process, such as
    the reader, can deadlock)."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: forget its queued work and terminate its worker processes."""
    running = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)  # forgets its processes
    for worker in running:
        worker.terminate()
    for worker in running:
        worker.join(5)


@dataclass
class _Tally:
    """Counts kept while a run goes, turned into an AddReport at the end."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    analysed: int = 0
    bytes_read: int = 0
    files_done: int = 0
    bytes_done: int = 0
    stale_hashes: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Job:
    key: str
    size: int
    digest: str
    previous: str | None
    """The content hash indexed before this run, or None for a new file."""


class AddRun:
    """Carries out one `Library.add`; the caller holds the write lock."""

    def __init__(
        self,
        indexes: Indexes,
        store: Store,
        settings: Settings,
        progress: Progress | None,
        *,
        analyse: bool,
        library_home: Path,
    ) -> None:
        self.indexes, self.store, self.settings = indexes, store, settings
        self.progress = progress
        self.analyse = analyse and analysis_available()
        self.home = library_home
        self.tally = _Tally()
        self.files_total = 0
        self.bytes_total = 0

    def _emit(self, current: str | None = None) -> None:
        if self.progress is not None:
            t = self.tally
            self.progress(
                AddProgress(t.files_done, self.files_total, t.bytes_done, self.bytes_total, current)
            )

    def _plan(self, paths: Iterable[Path | str]) -> tuple[list[tuple[str, int]], list[str]]:
        """The files to consider (key, size) and the folders walked. Missing paths, symlinks
        to nothing, FIFOs and other things that are not files are failures; the walk goes on."""
        files: dict[str, int] = {}
        folders: list[str] = []

        def fail(path: Path | str, reason: str) -> None:
            self.tally.failures.append(Failure(str(path), reason))

        def consider(path: Path) -> None:
            reason, size = refusal(path)
            if reason is not None:
                fail(path, reason)
            else:
                files.setdefault(file_key(path), size)

        def unlisted(error: OSError) -> None:
            fail(error.filename or "?", os_error_reason(error))

        for given in paths:
            path = Path(given).expanduser()
            try:
                if path.is_dir():
                    folders.append(file_key(path))
                    for found in walk(path.resolve(), skip=self.home, onerror=unlisted):
                        consider(found)
                elif path.is_symlink() or path.exists():
                    consider(path)
                else:
                    fail(path, "no such file or folder")
            except (OSError, RuntimeError) as error:  # RuntimeError: Path.resolve on a loop
                fail(path, os_error_reason(error) if isinstance(error, OSError) else str(error))
        return list(files.items()), folders

    def run(self, paths: Iterable[Path | str]) -> AddReport:
        """Index `paths` (files and folders) and return what happened."""
        started = time.perf_counter()
        planned, folders = self._plan(paths)
        self.files_total = len(planned)
        self.bytes_total = sum(size for _, size in planned)
        self._emit()
        writer = self.indexes.writer()
        snapshot = self._snapshot()
        try:
            jobs = self._sort(planned, snapshot, writer)
            self._process(jobs, writer)
            self._remove_gone(folders, {key for key, _ in planned}, snapshot, writer)
            writer.commit()
        except BaseException:
            writer.commit()  # what was written is consistent: keep it
            raise
        finally:
            snapshot.close()
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
        )

    def _snapshot(self) -> Any:
        """A searcher on what was indexed before this run. A damaged index (a truncated or
        garbled segment) fails here, as IndexDamaged, before anything is written."""
        try:
            snapshot = self.indexes.index("docs").searcher()
        except IndexDamaged:
            raise
        except Exception as error:  # whoosh raises EOFError, struct.error, zlib.error...
            raise IndexDamaged(
                f"the index in {self.indexes.folder} cannot be read ({type(error).__name__}); "
                "run `byline index --rebuild PATH...` to rebuild it from the files"
            ) from None
        return snapshot

    def _done(self, size: int, current: str | None) -> None:
        self.tally.files_done += 1
        self.tally.bytes_done += size
        self._emit(current)

    def _sort(
        self, planned: list[tuple[str, int]], snapshot: Any, writer: IndexWriter
    ) -> list[_Job]:
        """Settle unchanged files and files whose contents the store already holds; return the
        rest, which need loading, cleaning and analysis."""
        jobs: list[_Job] = []
        for key, size in planned:
            try:
                digest = content_hash(Path(key))
            except OSError as error:
                self.tally.failures.append(Failure(key, error.strerror or str(error)))
                self._done(size, key)
                continue
            stored = self.indexes.stored(key, snapshot)
            previous = stored["content_hash"] if stored else None
            if stored and previous == digest and (stored.get("analysed") or not self.analyse):
                self.tally.unchanged.append(key)
                self._done(size, key)
                continue
            entry = self.store.get(digest)
            if entry is not None and (entry.analysed or not self.analyse):
                document = replace(entry.document, path=key)
                self._write(
                    writer,
                    _Job(key, size, digest, previous),
                    document,
                    entry.analysis,
                    analysed=entry.analysed,
                    store=False,
                )
                self._done(size, key)
                continue
            jobs.append(_Job(key, size, digest, previous))
        return jobs

    def _write(
        self,
        writer: IndexWriter,
        job: _Job,
        document: Any,
        analysis: Any,
        *,
        analysed: bool,
        store: bool,
    ) -> None:
        """Store (when new) and index one document, committing when a batch is full."""
        if store:
            self.store.put(document, analysis, analysed=analysed)
        writer.put(document, analysis, size=job.size, analysed=analysed, new=job.previous is None)
        if job.previous is None:
            self.tally.added.append(job.key)
        else:
            self.tally.updated.append(job.key)
            if job.previous != document.content_hash:
                self.tally.stale_hashes.add(job.previous)
        if writer.pending >= self.settings.commit_every:
            writer.commit(merge=False)  # the run's last commit merges

    def _finish(self, writer: IndexWriter, job: _Job, result: Processed) -> None:
        if result.document is None or result.analysis is None:
            self.tally.failures.append(Failure(job.key, result.reason or "could not be read"))
            if job.previous is not None and job.previous != job.digest:
                # The file changed into something unreadable: its old text is no longer in it,
                # so searches must stop finding it there.
                writer.delete(job.key)
                self.tally.removed.append(job.key)
                self.tally.stale_hashes.add(job.previous)
        else:
            self.tally.bytes_read += job.size
            self.tally.analysed += int(result.analysed)
            self._write(
                writer, job, result.document, result.analysis, analysed=result.analysed, store=True
            )
        self._done(job.size, job.key)

    def _process(self, jobs: list[_Job], writer: IndexWriter) -> None:
        """Load, clean and analyse in worker processes; write here, as results come back.

        With one worker (`analysis_processes = 1`) files are processed in this process, without a
        time limit. Otherwise each file gets `Settings.file_time_limit` seconds in a worker; a
        file that takes longer is a failure ("took longer than 300 s") and the pool is recycled,
        the files that were in hand going to the new pool.
        """
        if not jobs:
            return
        if self.settings.workers() <= 1:
            for job in jobs:
                self._emit(job.key)
                self._finish(writer, job, process(job.key, self.analyse))
            return
        limit = self.settings.file_time_limit
        workers = min(self.settings.workers(), len(jobs))
        queue = deque(jobs)
        while queue:
            self._run_pool(queue, writer, workers, limit)

    def _run_pool(
        self, queue: deque[_Job], writer: IndexWriter, workers: int, limit: float
    ) -> None:
        """Process `queue` in one pool until it is empty or a file overruns `limit` seconds.

        The pool takes jobs in submission order, so the first unfinished jobs, as many as there
        are ready workers, are the ones being worked on; each one's clock starts when it is seen
        among them, which is never before it really started.
        """
        context = _start_context()
        ready = context.Value("i", 0)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_prepare_worker,
            initargs=(ready, self.analyse),
        )
        pending: dict[Future[Processed], _Job] = {}
        started: dict[Future[Processed], float] = {}
        try:
            while True:
                while len(pending) < workers * 3 and queue:
                    todo = queue.popleft()
                    pending[pool.submit(process, todo.key, self.analyse)] = todo
                if not pending:
                    break
                now = time.monotonic()
                running = list(pending)[: min(workers, ready.value)]
                for future in running:
                    started.setdefault(future, now)
                # Wake at the first deadline, and at least every second to start new clocks.
                first = min((started[future] for future in running), default=now)
                timeout = min(max(0.0, first + limit - now), 1.0)
                finished, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = pending.pop(future)
                    started.pop(future, None)
                    try:
                        result = future.result()
                    except Exception as error:  # a worker died (BrokenProcessPool) and such
                        result = Processed(job.key, reason=f"worker failed ({one_line(error)})")
                    self._finish(writer, job, result)
                now = time.monotonic()
                running = list(pending)[: min(workers, ready.value)]
                late = [f for f in running if now - started.get(f, now) >= limit]
                if not late:
                    continue
                for future in late:
                    job = pending.pop(future)
                    reason = f"took longer than {limit:g} s"
                    self._finish(writer, job, Processed(job.key, reason=reason))
                queue.extendleft(reversed(list(pending.values())))
                _stop(pool)
                return
        except BaseException:
            # Ctrl-C or a write error: stop now rather than finish the files in hand (one
            # may take minutes to analyse). What was written is committed by the caller.
            _stop(pool)
            raise
        pool.shutdown(wait=True)

    def _remove_gone(
        self, folders: list[str], seen: set[str], snapshot: Any, writer: IndexWriter
    ) -> None:
        """Remove documents indexed from a walked folder whose file is no longer there."""
        for folder in folders:
            prefix = folder.rstrip(os.sep) + os.sep
            for key in list(self.indexes.paths_under(prefix)):
                if key in seen or Path(key).is_file():
                    continue
                stored = self.indexes.stored(key, snapshot)
                writer.delete(key)
                self.tally.removed.append(key)
                if stored:
                    self.tally.stale_hashes.add(stored["content_hash"])

    def _collect_garbage(self) -> None:
        """Drop store entries no indexed document points to any more."""
        for digest in self.tally.stale_hashes:
            try:
                if not self.indexes.hash_in_use(digest):
                    self.store.delete(digest)
            except Exception:  # never let cleanup hide the run's own outcome
                continue
