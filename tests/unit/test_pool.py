"""The worker pool of an indexing run: a worker that dies costs only the task it was running."""

from __future__ import annotations

import os
import time
from collections import deque
from typing import Any

from byline.library_pool import TaskRunner


def _work(task: int) -> int:
    """Square `task`; task 5 kills its worker process outright (as the OOM killer would)."""
    if task == 5:
        os._exit(1)
    time.sleep(0.01)
    return task * task


def _runner(work: Any, done: dict[Any, Any], crashed: list[Any], split: Any = None) -> Any:
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


def test_a_batch_whose_worker_died_is_run_again_one_by_one() -> None:
    """Only the document that killed the worker fails, not the others of its batch."""
    done: dict[tuple[int, ...], list[int]] = {}
    crashed: list[tuple[int, ...]] = []
    runner = _runner(
        _die_on_five, done, crashed, lambda batch: [(t,) for t in batch] if len(batch) > 1 else []
    )
    runner.run(deque(tuple(range(start, start + 4)) for start in range(0, 40, 4)))
    assert (5,) in crashed
    finished = {task for batch in done for task in batch}
    failed = {task for batch in crashed for task in batch}
    assert 5 in failed and finished | failed == set(range(40))
    assert len(failed) <= 2  # 5, and at most the one document that ran beside it at the end
