"""The analysis phase's backlog: documents kept in a temporary file and cut into tasks as they are
taken, exactly as the tasks were cut from a list of documents."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from byline import library_backlog
from byline.library_backlog import (
    BATCH_BYTES,
    BATCH_DOCUMENTS,
    Backlog,
    Paths,
    Tasks,
    Unanalysed,
    batches,
    take_batch,
)
from byline.library_plan import FileState

DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _items(sizes: list[int]) -> list[Unanalysed]:
    return [
        Unanalysed(
            f"/library/doc{i}.txt", f"{i:064x}", FileState(size, 1_700_000_000_000_000_000 + i)
        )
        for i, size in enumerate(sizes)
    ]


def test_a_backlog_gives_back_what_it_was_given() -> None:
    items = [
        Unanalysed("/a.txt", DIGEST, FileState(120, 1_732_000_000_123_456_789)),
        Unanalysed("/b.txt", DIGEST.upper(), FileState(0, 0)),  # read back in lower case
        Unanalysed("/c.txt", "not-a-sha256", FileState(5, 6)),  # kept as it is
        Unanalysed("/d.txt", "", FileState(2**40, 7)),
    ]
    backlog = Backlog()
    for item in items:
        backlog.add(item.key, item.digest, item.state)
    assert len(backlog) == 4 and backlog.size() == 125 + 2**40
    back = list(backlog)
    assert back[0] == items[0] and back[2:] == items[2:]
    assert back[1] == Unanalysed("/b.txt", DIGEST, FileState(0, 0))


def test_a_backlog_is_read_across_its_file_and_again_and_removed_when_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records cut across the reads (here 50 bytes at a time), a name that is not UTF-8, a
    second reading, an addition after one, and no file left in the folder once closed."""
    monkeypatch.setattr(library_backlog, "READ_BYTES", 50)
    items = _items(list(range(0, 3_000, 7)))
    items[3] = Unanalysed(os.fsdecode(b"/library/caf\xe9.txt"), DIGEST, FileState(1, 2))
    backlog = Backlog(tmp_path)
    for item in items:
        backlog.add(item.key, item.digest, item.state)
    assert list(backlog) == items
    assert list(backlog) == items
    backlog.add("/late.txt", DIGEST, FileState(3, 4))
    assert list(backlog) == [*items, Unanalysed("/late.txt", DIGEST, FileState(3, 4))]
    backlog.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError):
        list(backlog)  # closed


@given(st.lists(st.integers(min_value=0, max_value=3 * BATCH_BYTES), max_size=60))
def test_tasks_are_cut_as_from_a_list(sizes: list[int]) -> None:
    """The tasks made one at a time are those `take_batch` cuts from the whole list: at most
    BATCH_DOCUMENTS documents, past BATCH_BYTES only for a document alone."""
    items = _items(sizes)
    waiting, expected = deque(items), []
    while waiting:
        expected.append(take_batch(waiting))
    backlog = Backlog()
    for item in items:
        backlog.add(item.key, item.digest, item.state)
    made = list(batches(backlog))
    assert made == expected
    assert backlog.task_count() == len(expected)
    assert backlog.task_count(at_most=2) == min(2, len(expected))
    for batch in made:
        assert 1 <= len(batch) <= BATCH_DOCUMENTS
        assert len(batch) == 1 or sum(item.state.size for item in batch) <= BATCH_BYTES


def test_tasks_put_back_come_before_those_not_made_yet() -> None:
    made: list[int] = []

    def source() -> Iterator[int]:
        for n in range(5):
            made.append(n)
            yield n

    tasks = Tasks(source())
    assert made == []  # nothing is made before it is asked for
    assert tasks and made == [0]
    first = tasks.popleft()
    tasks.appendleft(first)
    tasks.extendleft([11, 10])  # as a deque: 10 ends first
    taken = []
    while tasks:
        taken.append(tasks.popleft())
    assert taken == [10, 11, 0, 1, 2, 3, 4]


@given(st.lists(st.text(st.characters(codec="utf-8") | st.sampled_from(["\udcff", "\udc80"]))))
def test_paths_give_back_every_path_exactly(paths: list[str]) -> None:
    """Any name, including ones that are not UTF-8 on disk (os.fsdecode's lone surrogates)."""
    held = Paths(paths)
    assert len(held) == len(paths)
    assert list(held) == paths
    assert [held[i] for i in range(len(paths))] == paths
    if paths:
        assert held[-1] == paths[-1]


def test_paths_refuse_an_index_out_of_range() -> None:
    held = Paths(["/a.txt"])
    with pytest.raises(IndexError):
        held[1]


def test_paths_past_the_spill_size_go_to_a_file_and_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import byline.library_backlog as backlog

    monkeypatch.setattr(backlog, "SPILL_BYTES", 100)
    monkeypatch.setattr(backlog, "READ_BYTES", 7)  # reads that end inside a path
    paths = [f"/docs/{n}/r\u00e9sum\u00e9-\udcff-{'x' * (n % 13)}.txt" for n in range(500)]
    held = Paths(folder=tmp_path / "store")  # made when the first path spills
    for path in paths:
        held.append(path)
    assert len(held._bytes) == 0 and held._file is not None, "the text is in the file"
    assert list(held) == paths
    assert [held[i] for i in (0, 1, 250, -1)] == [paths[0], paths[1], paths[250], paths[-1]]
    held.close()
