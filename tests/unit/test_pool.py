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
    assert crashed == [5]
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
    assert failed == {5} and finished | failed == set(range(40))


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
    import byline.workers

    return hasattr(byline.workers, "parent_only_mark")


def test_workers_start_afresh(monkeypatch: Any) -> None:
    """Workers are new interpreters: their heaps do not start inside this process's (whose
    pages a parse would copy), and nothing set here leaks into them."""
    import byline.workers

    monkeypatch.setattr(byline.workers, "parent_only_mark", True, raising=False)
    inherited: dict[int, bool] = {}
    _runner(_sees_the_parents_mark, inherited, []).run(deque(range(4)))
    assert inherited == dict.fromkeys(range(4), False)


def _sleep_when_asked(task: int) -> int:
    time.sleep(60 if task == 3 else 0.15)
    return os.getpid()


def test_a_task_over_the_limit_stops_only_its_worker() -> None:
    """The late task is given up (`overran`), its worker replaced; the other worker's tasks go
    on without a restart, and the run's other tasks all finish."""
    done: dict[int, int] = {}
    late: list[int] = []

    def overran(task: int) -> list[int]:
        late.append(task)
        return []

    runner: TaskRunner[int] = TaskRunner(
        lambda task: (_sleep_when_asked, (task,)),
        done.__setitem__,
        lambda task, reason: None,
        overran,
        workers=2,
        limit=2,
        analyse=False,
    )
    started = time.monotonic()
    runner.run(deque(range(40)))
    assert late == [3] and set(done) == set(range(40)) - {3}
    assert time.monotonic() - started < 30
    assert len(set(done.values())) == 3  # two workers, and the one that replaced the stopped one


def test_no_other_process_is_started() -> None:
    """A run starts its workers and nothing else: not multiprocessing's resource tracker, a
    third interpreter that a pool spawning through multiprocessing would start."""
    import subprocess

    script = (
        "from collections import deque\n"
        "from multiprocessing import resource_tracker\n"
        "from byline.library_pool import TaskRunner\n"
        "done = {}\n"
        "TaskRunner(lambda t: (abs, (t,)), done.__setitem__, print, lambda t: [],\n"
        "    workers=2, limit=60, analyse=False).run(deque(range(-5, 0)))\n"
        "assert done == {t: -t for t in range(-5, 0)}, done\n"
        "print(resource_tracker._resource_tracker._pid)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "None"
    assert run.stderr == ""


def _wait_long(task: int) -> int:
    time.sleep(60)
    return task


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_workers_stop_at_once_under_the_runs_signal_handler() -> None:
    """Workers started while `interrupts.stopping` is in effect (the run's SIGTERM handler) are
    still stopped at once when the run stops."""
    from byline import interrupts
    from byline.workers import WorkerPool

    with interrupts.stopping():
        pool = WorkerPool(1, analyse=False)
        future = pool.submit(_wait_long, 1)
        deadline = time.monotonic() + 30
        while pool.started(future) is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        started = time.monotonic()
        pool.stop()
    assert time.monotonic() - started < 5
    assert not future.done()


class _Stop(Exception):
    pass


def test_a_tick_that_raises_stops_the_run_while_a_task_runs() -> None:
    """`tick` is called while a long task gives no result, so a run can be stopped (the reader
    closing) without waiting for the task; the worker is stopped with it."""
    ticks: list[float] = []

    def tick() -> None:
        ticks.append(time.monotonic())
        if len(ticks) > 3:
            raise _Stop

    runner: TaskRunner[int] = TaskRunner(
        lambda task: (_wait_long, (task,)),
        lambda task, result: None,
        lambda task, reason: None,
        lambda task: [],
        workers=1,
        limit=600,
        analyse=False,
        tick=tick,
    )
    started = time.monotonic()
    with pytest.raises(_Stop):
        runner.run(deque([1]))
    assert time.monotonic() - started < 30
