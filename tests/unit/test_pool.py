"""The worker pool of an indexing run: a worker that dies costs only the task it was running."""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from typing import Any

import pytest

from byline.library_backlog import Tasks
from byline.library_pool import TaskRunner


def _work(task: int) -> int:
    """Square `task`; task 5 kills its worker process outright (as the OOM killer would)."""
    if task == 5:
        os._exit(1)
    time.sleep(0.01)
    return task * task


def _runner(
    work: Any, done: dict[Any, Any], crashed: list[Any], split: Any = None, spare: Any = None
) -> Any:
    """A TaskRunner of two workers running `work(task)`, results into `done`, crashes listed."""
    return TaskRunner(
        lambda task: (work, (task,)),
        done.__setitem__,
        lambda task, reason: crashed.append(task),
        lambda task: [],
        workers=2,
        limit=60,
        analyse=False,
        split=split,
        spare=spare,
    )


def _run(tasks: list[int], work: Any = _work) -> tuple[dict[int, int], list[int]]:
    done: dict[int, int] = {}
    crashed: list[int] = []
    _runner(work, done, crashed).run(deque(tasks))
    return done, crashed


def test_a_dead_worker_fails_only_the_tasks_that_were_running() -> None:
    done, crashed = _run(list(range(60)))
    assert 5 in crashed
    assert len(crashed) <= 2  # the task that killed it, and at most the one beside it
    assert set(done) | set(crashed) == set(range(60))
    assert all(done[task] == task * task for task in done)


def _die(task: int) -> int:
    os._exit(1)


def test_workers_that_always_die_end_the_run() -> None:
    done, crashed = _run(list(range(20)), _die)
    assert not done and sorted(crashed) == list(range(20))


def _die_on_five(batch: tuple[int, ...]) -> list[int]:
    if 5 in batch:
        os._exit(1)
    return [task * task for task in batch]


@pytest.mark.parametrize("queue", [deque, Tasks])
def test_a_batch_whose_worker_died_is_run_again_one_by_one(queue: Any) -> None:
    """Only the document that killed the worker fails, not the others of its batch; whether the
    tasks are all made first (a deque) or as they are taken (`Tasks`, which the analysis phase
    uses), the parts of the batch run ahead of the tasks not made yet."""
    done: dict[tuple[int, ...], list[int]] = {}
    crashed: list[tuple[int, ...]] = []
    runner = _runner(
        _die_on_five, done, crashed, lambda batch: [(t,) for t in batch] if len(batch) > 1 else []
    )
    runner.run(queue(tuple(range(start, start + 4)) for start in range(0, 40, 4)))
    assert (5,) in crashed
    finished = {task for batch in done for task in batch}
    failed = {task for batch in crashed for task in batch}
    assert 5 in failed and finished | failed == set(range(40))
    assert len(failed) <= 2  # 5, and at most the one document that ran beside it at the end


def _with_niceness(task: int) -> tuple[int, int]:
    time.sleep(0.02)
    return task, os.nice(0)


def test_spare_tasks_fill_in_while_the_queue_runs_and_stop_with_it() -> None:
    from byline.library_pool import SPARE_NICE

    done: dict[int, tuple[int, int]] = {}
    supply = deque(range(100, 200))
    queue_done_when_handed: list[int] = []

    def spare() -> int | None:
        queue_done_when_handed.append(sum(1 for task in done if task < 100))
        return supply.popleft() if supply else None

    _runner(_with_niceness, done, [], spare=spare).run(deque(range(30)))
    assert {task for task in done if task < 100} == set(range(30))
    assert [task for task in done if task >= 100], "spare tasks ran beside the queue's"
    assert max(queue_done_when_handed) < 30, "none was asked for once the queue was done"
    assert {nice for _, nice in done.values()} == {min(19, os.nice(0) + SPARE_NICE)}


def _slow_when_spare(task: int) -> int:
    time.sleep(60 if task >= 100 else 0.01)
    return task


def test_spare_work_still_running_when_the_queue_is_done_is_dropped() -> None:
    done: dict[int, int] = {}
    supply = deque([100])
    runner = _runner(_slow_when_spare, done, [], spare=lambda: supply.popleft() if supply else None)
    started = time.monotonic()
    runner.run(deque(range(10)))
    assert time.monotonic() - started < 30, "the spare task was not waited for"
    assert set(done) == set(range(10)) and not supply


def _sees_the_parents_mark(task: int) -> bool:
    import byline.processes

    return hasattr(byline.processes, "parent_only_mark")


def test_workers_that_may_load_the_model_start_afresh(monkeypatch: Any) -> None:
    """A pool that analyses (or runs spare analysis) spawns its workers, so their heaps do not
    start inside this process's; a pool that only loads files forks them (faster), where it can."""
    import multiprocessing
    import threading

    import byline.processes

    monkeypatch.setattr(byline.processes, "parent_only_mark", True, raising=False)
    forking = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    inherited: dict[int, bool] = {}
    _runner(_sees_the_parents_mark, inherited, []).run(deque(range(4)))
    assert set(inherited.values()) == {forking}
    inherited.clear()
    _runner(_sees_the_parents_mark, inherited, [], spare=lambda: None).run(deque(range(4)))
    assert set(inherited.values()) == {False}


def _prepared_then_waiting(ready: Any) -> None:
    from byline.library_pool import _prepare_worker

    _prepare_worker(ready, False)
    time.sleep(60)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_forked_worker_dies_of_terminate_under_the_runs_signal_handler() -> None:
    """A worker forked while `interrupts.stopping` is in effect inherits its SIGTERM handler;
    `terminate()` must still end it at once, not raise KeyboardInterrupt in it."""
    import multiprocessing
    import signal

    from byline import interrupts

    context = multiprocessing.get_context("fork")
    ready = context.Value("i", 0)
    with interrupts.stopping():
        worker = context.Process(target=_prepared_then_waiting, args=(ready,))
        worker.start()
        deadline = time.monotonic() + 30
        while not ready.value:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        worker.terminate()
        worker.join(10)
    assert worker.exitcode == -signal.SIGTERM
