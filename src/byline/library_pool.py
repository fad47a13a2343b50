"""Worker processes for an indexing run: start them, feed them tasks, enforce a time limit.

Both phases of `library_add` use `run_tasks`: the text phase with one file per task (load and
clean), the analysis phase with a few stored documents per task (spaCy parses them in one pipe).
Results come back to the calling process, which alone writes the index.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from byline.library_backlog import Tasks
from byline.library_worker import one_line, warm_up
from byline.processes import start_context

T = TypeVar("T")

IN_FLIGHT = 8
"""Tasks handed to the pool per worker ahead of their results being taken (unless a runner says
otherwise). This process also writes the index, and a commit holds it for seconds: the workers go
on with the tasks in hand meanwhile. Their results wait in memory, whole documents in the text
phase, so not many more."""

SPARE_IN_FLIGHT = 1
"""Spare tasks (see `TaskRunner`) in hand at a time: one keeps one worker busy while the other
serves the queue, so the queue's tasks never wait behind two long ones."""

SPARE_NICE = 5
"""How much lower the workers of a runner with spare tasks are scheduled than this process: the
spare work is meant for a core this process leaves idle, not to slow it down."""

MAX_BREAKS = 3
"""Pools that may break in a row, no task finishing between them, before a run gives up."""

Call = tuple[Callable[..., Any], tuple[Any, ...]]
"""A function that a worker runs, and its arguments (both picklable)."""


def _exit_with_parent(parent: int) -> None:
    """Watch the parent: when it dies without stopping us (kill -9), the pool's queue never
    closes and the worker would wait forever, so exit."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _prepare_worker(ready: Any, analyse: bool, nice: int = 0) -> None:
    """Start a worker: leave Ctrl-C to the main process (which stops the workers, no
    tracebacks), load cleaning (and, for analysis, the spaCy model) before the first task, then
    count the worker as ready, so that loading the model is never charged to a task's time limit.
    `nice`: how much lower than the main process the worker is scheduled."""
    import contextlib
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the run's SIGTERM handler (`interrupts.stopping`), which would
    # turn `terminate()` into a KeyboardInterrupt traceback, or nothing while in compiled code.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if nice:
        with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
            os.nice(nice)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    warm_up(analyse)
    with ready.get_lock():
        ready.value += 1


def _reason(error: BaseException) -> str:
    return f"worker failed ({one_line(error)})"


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: forget its queued work and terminate its worker processes."""
    running = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)  # forgets its processes
    for worker in running:
        worker.terminate()
    for worker in running:
        worker.join(5)


class TaskRunner(Generic[T]):
    """Runs tasks in `workers` processes and hands each result to `finish`, in this process.

    - `call(task)` says what a worker runs for the task;
    - `finish(task, result)` takes its result; `crashed(task, reason)` is told instead when the
      worker died or raised;
    - `overran(task)` is told when a task took longer than `limit` seconds; it returns tasks to
      run instead (say the documents of a batch one by one), or none. The pool is then recycled
      and the tasks that were in hand go to the new pool;
    - `split(task)`, when given, cuts a task whose worker died into smaller ones to run instead
      (an empty list: the task is reported as crashed), so that only the part that killed the
      worker fails;
    - `in_flight`: tasks handed to the pool per worker ahead of their results being taken;
    - `spare()`, when given, supplies tasks to run while the queue's tasks leave a worker idle
      (this process being the slower side): SPARE_IN_FLIGHT at a time, until the queue's tasks
      are all done, with the workers scheduled SPARE_NICE lower. It returns None when it has
      none for now. Its tasks go through `call`, `finish` and the rest like the queue's, but
      one still running when the queue's are all done is dropped, unreported (its worker
      stopped): spare work must be safe to lose.
    """

    def __init__(
        self,
        call: Callable[[T], Call],
        finish: Callable[[T, Any], None],
        crashed: Callable[[T, str], None],
        overran: Callable[[T], list[T]],
        *,
        workers: int,
        limit: float,
        analyse: bool,
        split: Callable[[T], list[T]] | None = None,
        in_flight: int = IN_FLIGHT,
        spare: Callable[[], T | None] | None = None,
    ) -> None:
        self.call, self.finish, self.crashed, self.overran = call, finish, crashed, overran
        self.workers, self.limit, self.analyse = workers, limit, analyse
        self.split, self.in_flight, self.spare = split, in_flight, spare
        self._breaks = 0

    def run(self, queue: deque[T] | Tasks[T]) -> None:
        """Run every task of `queue` (emptied as it goes)."""
        while queue:
            self._run_pool(queue)

    def _recover(self, in_hand: list[tuple[T, bool]], queue: deque[T] | Tasks[T]) -> None:
        """A worker died (killed, out of memory, a crash in compiled code), and the pool fails
        every task in hand with it; `in_hand` says of each whether it was running. Only a
        running task can have caused it: it is `split` and its parts run again, or reported as
        crashed; the others go back to the front of the queue, for a new pool. When no task was
        running (workers that die as they start) or pools keep breaking with no task finishing,
        every task in hand is reported, so that the run ends."""
        self._breaks += 1
        give_up = self._breaks > MAX_BREAKS or not any(running for _, running in in_hand)
        again: list[T] = []
        for task, running in in_hand:
            if not (running or give_up):
                again.append(task)
                continue
            parts = self.split(task) if self.split is not None and not give_up else []
            if parts:
                again.extend(parts)
            else:
                self.crashed(task, _reason(BrokenProcessPool("a worker process died")))
        queue.extendleft(reversed(again))

    def _run_pool(self, queue: deque[T] | Tasks[T]) -> None:
        """Process `queue` in one pool until it is empty or a task overruns the limit.

        The pool takes tasks in submission order, so the first unfinished ones, as many as there
        are ready workers, are the ones being worked on; each one's clock starts when it is seen
        among them, which is never before it really started.
        """
        context = start_context(fresh=self.analyse or self.spare is not None)
        ready = context.Value("i", 0)
        workers, limit = self.workers, self.limit
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_prepare_worker,
            initargs=(ready, self.analyse, SPARE_NICE if self.spare is not None else 0),
        )
        pending: dict[Future[Any], T] = {}
        started: dict[Future[Any], float] = {}
        spares: set[Future[Any]] = set()
        try:
            while True:
                while len(pending) - len(spares) < workers * self.in_flight and queue:
                    if not self._submit(pool, queue.popleft(), pending, queue):
                        break
                while (
                    self.spare is not None
                    and len(spares) < SPARE_IN_FLIGHT
                    and len(pending) > len(spares)  # the queue's tasks are not all done
                    and (task := self.spare()) is not None
                ):
                    future = self._submit(pool, task, pending, queue)
                    if future is None:
                        break
                    spares.add(future)
                if not pending:
                    break
                if spares and not queue and len(pending) == len(spares):
                    _stop(pool)  # only spare work is left: not waited for
                    return
                now = time.monotonic()
                running = list(pending)[: min(workers, ready.value)]
                for future in running:
                    started.setdefault(future, now)
                # Wake at the first deadline, and at least every second to start new clocks.
                first = min((started[future] for future in running), default=now)
                timeout = min(max(0.0, first + limit - now), 1.0)
                finished, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
                order = list(pending)  # submission order
                broken: dict[Future[Any], tuple[T, bool]] = {}
                for future in finished:
                    spares.discard(future)
                    task = pending.pop(future)
                    was_running = started.pop(future, None) is not None
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken[future] = (task, was_running)
                    except Exception as error:  # the task raised in the worker
                        self.crashed(task, _reason(error))
                    else:
                        self._breaks = 0
                        self.finish(task, result)
                if broken:
                    broken.update((f, (task, f in started)) for f, task in pending.items())
                    # A worker may start a task and die of it between two looks at the clocks
                    # (even after finishing another): the pool runs tasks in order, so the first
                    # unfinished ones, one per worker, may have been running too.
                    if ready.value:
                        for future in [f for f in order if f in broken][:workers]:
                            broken[future] = (broken[future][0], True)
                    self._recover(list(broken.values()), queue)
                    _stop(pool)
                    return
                now = time.monotonic()
                running = list(pending)[: min(workers, ready.value)]
                late = [f for f in running if not f.done() and now - started.get(f, now) >= limit]
                if not late:
                    continue
                instead: list[T] = []
                for future in late:
                    spares.discard(future)
                    instead.extend(self.overran(pending.pop(future)))
                queue.extendleft(reversed([*instead, *pending.values()]))
                _stop(pool)
                return
        except BaseException:
            # Ctrl-C or a write error: stop now rather than finish the tasks in hand (one may
            # take minutes). What was written is committed by the caller.
            _stop(pool)
            raise
        pool.shutdown(wait=True)

    def _submit(
        self,
        pool: ProcessPoolExecutor,
        task: T,
        pending: dict[Future[Any], T],
        queue: deque[T] | Tasks[T],
    ) -> Future[Any] | None:
        """Hand `task` to `pool`; None when the pool is broken (the task goes back to the front
        of the queue, and the wait sees the break)."""
        function, args = self.call(task)
        try:
            future = pool.submit(function, *args)
        except BrokenProcessPool:
            queue.appendleft(task)
            return None
        pending[future] = task
        return future
