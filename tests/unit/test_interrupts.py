"""Signals during an indexing run: raised as KeyboardInterrupt, but not inside a document's
writing (`byline.interrupts.held`), where they wait for the block to end."""

from __future__ import annotations

import os
import signal
import time

import pytest

from byline import interrupts


def _signal_self(number: int) -> None:
    os.kill(os.getpid(), number)
    time.sleep(0.05)  # the handler runs in this thread at the next bytecode boundary


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_inside_a_held_block_waits_for_its_end(number: int) -> None:
    finished = []
    with interrupts.stopping(), pytest.raises(KeyboardInterrupt):
        with interrupts.held():
            _signal_self(number)
            finished.append("the rest of the block")
        finished.append("after the block")
    assert finished == ["the rest of the block"]


def test_a_signal_outside_held_stops_at_once_and_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with interrupts.stopping(), pytest.raises(KeyboardInterrupt):
        _signal_self(signal.SIGTERM)
        pytest.fail("not interrupted")
    assert signal.getsignal(signal.SIGTERM) == before
    with interrupts.held():  # nothing pending is left over
        pass
