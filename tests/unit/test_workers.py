"""The worker processes themselves (`byline.workers.WorkerPool`): calls go to free workers, a
stopped call loses nothing else, and a call that fails leaves its worker running."""

from __future__ import annotations

import os
import sys
import time
import types
from concurrent.futures import wait
from typing import Any

import pytest

from byline.workers import CallFailed, WorkerPool


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@pytest.fixture
def pool_of() -> Any:
    """A factory of pools, each stopped at the end of the test."""
    pools: list[WorkerPool] = []

    def make(count: int) -> WorkerPool:
        pools.append(WorkerPool(count, analyse=False))
        return pools[-1]

    yield make
    for pool in pools:
        pool.stop()


def test_two_calls_go_to_two_workers(pool_of: Any) -> None:
    """A call is handed ahead to a busy worker only once none is still starting."""
    pool = pool_of(2)
    first, second = pool.submit(_pid_after, 2.0), pool.submit(_pid_after, 2.0)
    assert first.result(60) != second.result(60)


def test_a_call_queued_behind_a_stopped_one_runs_elsewhere(pool_of: Any) -> None:
    pool = pool_of(1)
    long = pool.submit(_pid_after, 60)
    short = pool.submit(_pid_after, 0)  # handed ahead to the same worker
    deadline = time.monotonic() + 30
    while pool.started(long) is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert pool.started(short) is None  # waiting behind `long`, not running
    assert pool.stop_call(long)
    assert isinstance(short.result(60), int)  # run by the worker that replaced the stopped one
    assert not long.done()
    assert not pool.stop_call(short), "a finished call stops nothing"


def test_nothing_waits_behind_a_call_that_runs_alone(pool_of: Any) -> None:
    pool = pool_of(2)
    pool.submit(_pid_after, 0).result(60)  # both workers started
    spare = pool.submit(_pid_after, 3.0, alone=True)
    quick = [pool.submit(_pid_after, 0.1) for _ in range(4)]
    done, _ = wait(quick, timeout=60)
    assert len(done) == 4 and not spare.done(), "no quick call waited behind the spare one"
    assert {future.result() for future in quick} != {spare.result(60)}


def test_a_call_that_cannot_be_unpickled_fails_alone(pool_of: Any) -> None:
    """A function the worker cannot import (here, from a module only this process has) is a
    failed call, not a dead worker."""
    module = types.ModuleType("only_in_the_parent")
    exec("import os\ndef pid():\n    return os.getpid()\n", module.__dict__)
    sys.modules[module.__name__] = module
    try:
        pool = pool_of(1)
        before = pool.submit(os.getpid).result(60)
        with pytest.raises(CallFailed, match="only_in_the_parent"):
            pool.submit(module.pid).result(60)
        assert pool.submit(os.getpid).result(60) == before
    finally:
        del sys.modules[module.__name__]
