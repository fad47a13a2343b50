"""A pool of worker processes started afresh (`subprocess`), each fed one call at a time.

Why not `concurrent.futures.ProcessPoolExecutor`:
- a pool that spawns its workers also starts multiprocessing's resource tracker, a third Python
  process (12 MB of RSS at every run), which prints a "leaked semaphore" warning when the run is
  killed; and workers that load spaCy must not be forked: a forked worker's heap starts inside
  this process's, and as the parse allocates there the pages get copied (about 20 MB of PSS on
  the BBC run, for nothing the worker used);
- when one worker dies, that pool breaks whole, failing every task in hand; here only the call
  the dead worker was running fails, and the pool starts a worker in its place;
- a call past its time limit can only be stopped by stopping that pool; here `stop_call` stops
  the one worker running it.

A worker is handed calls only once it is ready (its imports and the spaCy model loaded), and at
most AHEAD beyond the one it runs, so `started` knows when each call began (when the worker sent
the previous result), and little waits behind a long call. The other calls wait here; a thread of
this process hands them out and takes the results, so the workers go on while this process's
main thread is busy (a commit holds it for seconds). POSIX only (pipes handed down by
descriptor).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from byline.library_worker import one_line
from byline.processes import python_command

Call = tuple[Callable[..., Any], tuple[Any, ...]]
"""A function that a worker runs, and its arguments (both picklable)."""

AHEAD = 1
"""Calls a worker is handed beyond the one it runs: it starts the next as soon as it has sent a
result, not after this process has read it and answered (which, with the main thread writing
the index, waits for the interpreter's lock)."""


class CallFailed(Exception):
    """The call raised in the worker (or its arguments or result could not be pickled); the
    message is the error as one line."""


class WorkerDied(Exception):
    """The worker running the call died: killed, out of memory, a crash in compiled code."""


class PoolBroken(Exception):
    """The call never ran: a worker died before it was ready, so the pool gave up."""


_Job = tuple[Future[Any], Call, bool]
"""A call, its future, and whether it runs alone (no call is handed to its worker ahead of it,
and it is not handed ahead of another)."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    calls: Connection
    results: Connection
    ready: bool = False
    jobs: deque[_Job] = field(default_factory=deque)
    """The calls handed to it, in order: the first is running, the others wait in it."""
    stopping: Future[Any] | None = None
    """The call it was killed for (`stop_call`)."""


@dataclass
class _State:
    """What the main thread and the pool's thread share, under `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: deque[_Job] = field(default_factory=deque)
    started: dict[Future[Any], float] = field(default_factory=dict)
    workers: list[_Worker] = field(default_factory=list)
    closing: bool = False
    broken: bool = False


class WorkerPool:
    """`count` worker processes running calls handed to `submit`, which returns a Future.

    A worker imports cleaning and, with `analyse`, loads the spaCy model before it is ready;
    `nice`: how much lower than this process the workers are scheduled. A call that raised fails
    with `CallFailed`; one whose worker died with `WorkerDied` (a new worker takes the dead one's
    place); when a worker dies before it was ready, every call not yet running fails with
    `PoolBroken` and so does any later `submit`.
    """

    def __init__(self, count: int, *, analyse: bool, nice: int = 0) -> None:
        self._analyse, self._nice = analyse, nice
        self._state = _State()
        self._ended = False
        """True once `shutdown` or `stop` has run (each ends the pool once)."""
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)  # a full pipe wakes the thread all the same
        try:
            for _ in range(count):
                self._state.workers.append(self._start_worker())
        except BaseException:  # no process to be had (out of processes or descriptors)
            for worker in self._state.workers:
                _kill(worker)
                _reap(worker)
            self._close_wake()
            raise
        self._thread = threading.Thread(target=self._serve_pool, name="byline-workers", daemon=True)
        self._thread.start()

    def submit(self, function: Callable[..., Any], *args: Any, alone: bool = False) -> Future[Any]:
        """Queue a call of `function(*args)` for the next free worker. `alone`: a call that may
        be long and is not urgent (spare work): nothing waits behind it in its worker."""
        future: Future[Any] = Future()
        with self._state.lock:
            if self._state.broken:
                future.set_exception(PoolBroken())
                return future
            self._state.waiting.append((future, (function, args), alone))
        self._wake()
        return future

    @property
    def broken(self) -> bool:
        """True once the pool has given up (stopped, or a worker died before it was ready)."""
        with self._state.lock:
            return self._state.broken

    def started(self, future: Future[Any]) -> float | None:
        """When `future`'s call began in a worker (`time.monotonic`); None while it waits."""
        with self._state.lock:
            return self._state.started.get(future)

    def stop_call(self, future: Future[Any]) -> bool:
        """Stop the worker running `future`'s call (over its time limit): the call is given up,
        its future left as it is, the worker's other calls go to another, and a new worker takes
        the stopped one's place. False when the call is not running (any more)."""
        with self._state.lock:
            for worker in self._state.workers:
                if worker.stopping is None and worker.jobs and worker.jobs[0][0] is future:
                    self._state.started.pop(future, None)
                    worker.stopping = future
                    _kill(worker)
                    return True
        return False

    def close(self) -> None:
        """End the pool if `shutdown` or `stop` has not: let the workers finish their calls, or
        stop them when the pool has broken."""
        if self.broken:
            self.stop()
        else:
            self.shutdown()

    def shutdown(self) -> None:
        """Let the workers finish their calls and exit, then stop the pool's thread."""
        if self._ended:
            return
        self._ended = True
        with self._state.lock:
            self._state.closing = True
            workers = list(self._state.workers)
        self._wake()
        self._thread.join()
        for worker in workers:
            worker.calls.close()  # the worker's next read ends it
        for worker in workers:
            _reap(worker)
        self._close_wake()

    def stop(self) -> None:
        """Stop at once: kill every worker; calls not done are left as they are."""
        if self._ended:
            return
        self._ended = True
        with self._state.lock:
            self._state.closing = True
            self._state.broken = True
            workers = list(self._state.workers)
            for worker in workers:
                _kill(worker)
        self._wake()
        self._thread.join()
        for worker in workers:
            _reap(worker)
        self._close_wake()

    # The pool's thread.

    def _serve_pool(self) -> None:
        state = self._state
        try:
            while True:
                with state.lock:
                    busy = state.waiting or any(w.jobs for w in state.workers)
                    if state.closing and (state.broken or not busy):
                        return
                    self._hand_out()
                    conns = {worker.results: worker for worker in state.workers}
                for ready in wait([*conns, self._wake_read]):
                    if ready == self._wake_read:
                        os.read(self._wake_read, 4096)
                    else:
                        self._take(conns[ready])  # type: ignore[index]
        except BaseException as error:  # no call may wait forever for a dead thread
            with state.lock:
                state.broken = True
                futures = [f for f, _, _ in state.waiting]
                futures += [f for w in state.workers for f, _, _ in w.jobs]
                state.waiting.clear()
            for future in futures:
                if not future.done():
                    future.set_exception(PoolBroken(one_line(error)))

    def _hand_out(self) -> None:
        """Give waiting calls to the ready workers (under the lock): first one to each idle
        worker, then, once no worker is still starting, up to AHEAD more each."""
        state = self._state
        for most in (1, 1 + AHEAD):
            if most > 1 and not all(worker.ready for worker in state.workers):
                return  # the one starting will want them
            for worker in state.workers:
                while (
                    worker.ready
                    and worker.stopping is None
                    and len(worker.jobs) < most
                    and state.waiting
                    and not (worker.jobs and (worker.jobs[-1][2] or state.waiting[0][2]))
                ):
                    future, call, _ = job = state.waiting.popleft()
                    if future.done():  # cancelled by the caller
                        continue
                    try:
                        message = pickle.dumps(call, pickle.HIGHEST_PROTOCOL)
                    except Exception as error:  # unpicklable arguments
                        future.set_exception(CallFailed(one_line(error)))
                        continue
                    try:
                        worker.calls.send_bytes(message)
                    except OSError:  # it died: the call waits for another worker
                        state.waiting.appendleft(job)
                        break
                    worker.jobs.append(job)
                    if len(worker.jobs) == 1:
                        state.started[future] = time.monotonic()

    def _take(self, worker: _Worker) -> None:
        """Read one message from `worker`: ready, a result, or its end."""
        try:
            kind, value = pickle.loads(worker.results.recv_bytes())
        except (EOFError, OSError):
            self._lost(worker)
            return
        except Exception as error:  # a result that cannot be unpickled here
            kind, value = "raised", one_line(error)
        state = self._state
        with state.lock:
            if kind == "ready":
                worker.ready = True
                return
            if not worker.jobs:
                return
            job, _, _ = worker.jobs.popleft()
            state.started.pop(job, None)
            if job is worker.stopping:  # given up by the caller (`stop_call`): stays so
                return
            if worker.jobs and worker.stopping is None:  # it took its next call as it sent this
                state.started[worker.jobs[0][0]] = time.monotonic()
        if job.done():  # cancelled by the caller
            return
        if kind == "done":
            job.set_result(value)
        else:
            job.set_exception(CallFailed(value))

    def _lost(self, worker: _Worker) -> None:
        """`worker` ended. Unless the pool is stopping: the call it was running fails (or, when
        it was stopped for a call, that call is dropped), its other calls wait for another
        worker, and a new worker takes its place; when it died before it was ready, every
        waiting call fails instead."""
        state = self._state
        _reap(worker)
        failed: list[tuple[Future[Any], BaseException]] = []
        with state.lock:
            state.workers.remove(worker)
            jobs = list(worker.jobs)
            worker.jobs.clear()
            for future, _, _ in jobs:
                state.started.pop(future, None)
            if state.closing and state.broken:  # `stop`: nothing more is done
                return
            if worker.stopping is not None:
                again = [job for job in jobs if job[0] is not worker.stopping]
            else:
                failed += [(future, WorkerDied()) for future, _, _ in jobs[:1]]
                again = jobs[1:]
            state.waiting.extendleft(reversed(again))
            replace = worker.ready or worker.stopping is not None
            if replace and not state.closing:
                try:
                    state.workers.append(self._start_worker())
                except Exception:  # no process to be had: as if it had died starting
                    replace = False
            if not replace:
                state.broken = True
                failed += [(future, PoolBroken()) for future, _, _ in state.waiting]
                state.waiting.clear()
        for future, error in failed:
            if not future.done():
                future.set_exception(error)

    # Workers.

    def _start_worker(self) -> _Worker:
        calls_read, calls_write = os.pipe()
        try:
            results_read, results_write = os.pipe()
        except BaseException:
            os.close(calls_read)
            os.close(calls_write)
            raise
        serve = f"serve({calls_read}, {results_write}, {self._analyse!r}, {self._nice!r})"
        try:
            process = subprocess.Popen(
                python_command(f"from byline.library_worker import serve\n{serve}"),
                pass_fds=(calls_read, results_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # no warning or traceback of a worker on the screen
            )
        except BaseException:
            os.close(calls_write)
            os.close(results_read)
            raise
        finally:
            os.close(calls_read)
            os.close(results_write)
        return _Worker(
            process,
            Connection(calls_write, readable=False),
            Connection(results_read, writable=False),
        )

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"!")

    def _close_wake(self) -> None:
        for fd in (self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError):
        worker.process.kill()


def _reap(worker: _Worker) -> None:
    """Wait for `worker`'s process to end (killing it after 5 s) and close its pipes."""
    try:
        worker.process.wait(5)
    except subprocess.TimeoutExpired:
        _kill(worker)
        with contextlib.suppress(subprocess.TimeoutExpired):  # stuck in the kernel: let it be
            worker.process.wait(5)
    for conn in (worker.calls, worker.results):
        with contextlib.suppress(OSError):
            conn.close()
