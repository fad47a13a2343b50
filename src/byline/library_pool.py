"""Worker processes for an indexing run: start them, feed them tasks, enforce a time limit.

Both phases of a run (`library_text`, `library_analyse`) use a `TaskRunner`: the text phase with
one file per task (load and clean), the analysis phase with a few stored documents per task (spaCy
parses them in one pipe).
Results come back to the calling process, which alone writes the index. The processes themselves
are a `workers.WorkerPool`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any, Generic, TypeVar

from byline.library_backlog import Tasks
from byline.library_worker import one_line
from byline.workers import Call, CallFailed, PoolBroken, WorkerDied, WorkerPool

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
"""Workers that may die in a row, no task finishing between them, before a run gives up the
tasks in hand (each death otherwise costs only the task that worker was running)."""


def _reason(error: BaseException) -> str:
    """The failure list's line for a task whose worker failed."""
    if isinstance(error, CallFailed):  # already the worker's error as one line
        return f"worker failed ({error})"
    if isinstance(error, (WorkerDied, PoolBroken)):
        return "worker failed (its process died)"
    return f"worker failed ({one_line(error)})"


class TaskRunner(Generic[T]):
    """Runs tasks in `workers` processes and hands each result to `finish`, in this process.

    - `call(task)` says what a worker runs for the task;
    - `finish(task, result)` takes its result; `crashed(task, reason)` is told instead when the
      worker died or raised;
    - `overran(task)` is told when a task took longer than `limit` seconds; it returns tasks to
      run instead (say the documents of a batch one by one), or none. The worker running it is
      stopped and another takes its place; the other tasks go on;
    - `split(task)`, when given, cuts a task whose worker died into smaller ones to run instead
      (an empty list: the task is reported as crashed), so that only the part that killed the
      worker fails;
    - `in_flight`: tasks handed to the pool per worker ahead of their results being taken;
    - `spare()`, when given, supplies tasks to run while the queue's tasks leave a worker idle
      (this process being the slower side): SPARE_IN_FLIGHT at a time, until the queue's tasks
      are all done, with the workers scheduled SPARE_NICE lower. It returns None when it has
      none for now. Its tasks go through `call`, `finish` and the rest like the queue's, but
      one still running when the queue's are all done is dropped, unreported (its worker
      stopped): spare work must be safe to lose;
    - `tick()`, when given, is called at least once a second while tasks run (what it raises
      stops the run, as Ctrl-C does);
    - `pool`, when given, is a pool the caller owns and shares between runners (the phases of
      an indexing run, so that its workers load spaCy once): it is not shut down when the tasks
      are done, and a spare task still running then is waited for rather than dropped. When it
      breaks, the runner goes on in a pool of its own.
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
        tick: Callable[[], None] | None = None,
        pool: WorkerPool | None = None,
    ) -> None:
        self.call, self.finish, self.crashed, self.overran = call, finish, crashed, overran
        self.workers, self.limit, self.analyse = workers, limit, analyse
        self.split, self.in_flight, self.spare = split, in_flight, spare
        self.tick, self.pool = tick, pool
        self._breaks = 0

    def run(self, queue: deque[T] | Tasks[T]) -> None:
        """Run every task of `queue` (emptied as it goes)."""
        while queue:
            self._run_pool(queue)

    def _run_pool(self, queue: deque[T] | Tasks[T]) -> None:
        """Process `queue` in one pool until it is empty, a worker dies past `MAX_BREAKS` in a
        row, or the pool breaks (a worker died before it was ready).

        A task's clock starts when a worker takes it (`WorkerPool.started`); one past the limit
        stops that worker alone, and `overran` says what runs instead. A worker that dies costs
        the task it was running: that task is `split`, or reported as crashed.
        """
        pool = self.pool
        shared = pool is not None and not pool.broken
        if pool is None or not shared:
            pool = WorkerPool(
                self.workers, analyse=self.analyse, nice=SPARE_NICE if self.spare is not None else 0
            )
        pending: dict[Future[Any], T] = {}
        spares: set[Future[Any]] = set()
        try:
            while True:
                while len(pending) - len(spares) < self.workers * self.in_flight and queue:
                    self._submit(pool, queue.popleft(), pending)
                while (
                    self.spare is not None
                    and len(spares) < SPARE_IN_FLIGHT
                    and len(pending) > len(spares)  # the queue's tasks are not all done
                    and (task := self.spare()) is not None
                ):
                    spares.add(self._submit(pool, task, pending, alone=True))
                if not pending:
                    break
                if spares and not queue and len(pending) == len(spares) and not shared:
                    pool.stop()  # only spare work is left: not waited for
                    return
                if self.tick is not None:
                    self.tick()
                if not self._wait(pool, pending, spares, queue):
                    pool.stop()
                    return
        except BaseException:
            # Ctrl-C or a write error: stop now rather than finish the tasks in hand (one may
            # take minutes). What was written is committed by the caller.
            pool.stop()
            raise
        if not shared:
            pool.shutdown()

    def _wait(
        self,
        pool: WorkerPool,
        pending: dict[Future[Any], T],
        spares: set[Future[Any]],
        queue: deque[T] | Tasks[T],
    ) -> bool:
        """Wait for results (at most until the first deadline, or a second) and take them; stop
        the tasks past the limit. False when the pool must end (every task in hand reported)."""
        now = time.monotonic()
        starts = [start for f in pending if (start := pool.started(f)) is not None]
        timeout = min(max(0.0, min(starts, default=now) + self.limit - now), 1.0)
        finished, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        again: list[T] = []
        lost: list[T] = []
        give_up: BaseException | None = None
        for future in finished:
            spares.discard(future)
            task = pending.pop(future)
            try:
                result = future.result()
            except WorkerDied as error:
                self._breaks += 1
                if self._breaks > MAX_BREAKS:  # workers keep dying: give up what is in hand
                    give_up = error
                    lost.append(task)
                    continue
                parts = self.split(task) if self.split is not None else []
                if parts:
                    again.extend(parts)
                else:
                    self.crashed(task, _reason(error))
            except PoolBroken as error:  # workers die as they start: nothing in hand will run
                give_up = error
                lost.append(task)
            except CallFailed as error:
                self.crashed(task, _reason(error))
            else:
                self._breaks = 0
                self.finish(task, result)
        if give_up is not None:
            for task in [*lost, *again, *pending.values()]:
                self.crashed(task, _reason(give_up))
            return False
        now = time.monotonic()
        for future in [f for f in pending if now - (pool.started(f) or now) >= self.limit]:
            if future.done() or not pool.stop_call(future):  # it finished meanwhile
                continue
            spares.discard(future)
            again.extend(self.overran(pending.pop(future)))
        queue.extendleft(reversed(again))
        return True

    def _submit(
        self, pool: WorkerPool, task: T, pending: dict[Future[Any], T], *, alone: bool = False
    ) -> Future[Any]:
        """Hand `task` to `pool` (`alone`: a spare task, see `WorkerPool.submit`)."""
        function, args = self.call(task)
        future = pool.submit(function, *args, alone=alone)
        pending[future] = task
        return future
