"""The documents an analysis phase has to analyse, held compactly, and its tasks made as they
are needed.

On 100,000 files the phase's list of documents, as one object per document (its path, content
hash, size and time as Python objects), held 45 MB in the process that writes the index, through
the whole phase: the largest thing it held that grew with the library. `Backlog` keeps the same
in columns (a path as UTF-8, 32 bytes of hash, two machine integers per document), about a
quarter of that, and `Tasks` cuts it into tasks only as the workers take them.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from byline.library_plan import FileState

T = TypeVar("T")

BATCH_DOCUMENTS = 8
"""Documents per task: enough for spaCy's pipe to pay off, few enough that a task is short."""

BATCH_BYTES = 16_000
"""A task stops growing past this many bytes of files (a long report goes alone). spaCy parses a
task's documents as one batch, whose working memory grows with its length: 64,000 bytes took a
worker about 30 MB higher than 16,000, for the same parse time."""


DIGEST_BYTES = 32
"""Bytes of a content hash (SHA-256)."""


@dataclass(frozen=True, slots=True)
class Unanalysed:
    """A document indexed as text whose analysis is still to do."""

    key: str
    digest: str
    state: FileState


Batch = tuple[Unanalysed, ...]


def full(count: int, size: int, next_size: int) -> bool:
    """Whether a task of `count` documents and `size` bytes takes no document of `next_size`
    more: it has BATCH_DOCUMENTS, or the next would take it past BATCH_BYTES (a document larger
    than that goes alone)."""
    return count >= BATCH_DOCUMENTS or (count > 0 and size + next_size > BATCH_BYTES)


def take_batch(waiting: deque[Unanalysed]) -> Batch:
    """One task from the front of `waiting` (taken from it)."""
    batch: list[Unanalysed] = []
    size = 0
    while waiting and not full(len(batch), size, waiting[0].state.size):
        item = waiting.popleft()
        batch.append(item)
        size += item.state.size
    return tuple(batch)


class Paths:
    """A growing list of paths held as one buffer of UTF-8 and their end offsets: about 55 bytes
    a path where a list of strings takes 100. A run over 100,000 files keeps two such lists
    through its analysis phase (the files it counted, and the documents to analyse)."""

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self._bytes = bytearray()
        self._ends = array("q")
        for path in paths:
            self.append(path)

    def append(self, path: str) -> None:
        # surrogatepass: a name that is not UTF-8 comes back exactly as os.fsdecode gave it
        self._bytes += path.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._bytes))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            index += len(self._ends)
        if not 0 <= index < len(self._ends):
            raise IndexError("path index out of range")
        start = self._ends[index - 1] if index else 0
        return self._bytes[start : self._ends[index]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self._ends:
            yield self._bytes[start:end].decode("utf-8", "surrogatepass")
            start = end


class Backlog:
    """Documents to analyse, in the order added, held as columns (see the module docstring)."""

    def __init__(self) -> None:
        self._keys = Paths()
        self._digests = bytearray()
        self._sizes = array("q")
        self._mtimes = array("q")
        self._odd: dict[int, str] = {}
        """Digests that are not SHA-256 in hexadecimal (none that Byline writes), by position."""

    def add(self, key: str, digest: str, state: FileState) -> None:
        """One more document; `digest` is its content hash."""
        try:
            raw = bytes.fromhex(digest) if len(digest) == 2 * DIGEST_BYTES else b""
        except ValueError:
            raw = b""
        if not raw:
            self._odd[len(self._keys)] = digest
            raw = bytes(DIGEST_BYTES)
        self._keys.append(key)
        self._digests += raw
        self._sizes.append(state.size)
        self._mtimes.append(state.mtime_ns)

    def __len__(self) -> int:
        return len(self._keys)

    def size(self) -> int:
        """Bytes of files in all."""
        return sum(self._sizes)

    def __iter__(self) -> Iterator[Unanalysed]:
        for index, key in enumerate(self._keys):
            start = index * DIGEST_BYTES
            digest = self._digests[start : start + DIGEST_BYTES].hex()
            if index in self._odd:
                digest = self._odd[index]
            yield Unanalysed(key, digest, FileState(self._sizes[index], self._mtimes[index]))

    def task_count(self) -> int:
        """How many tasks `batches` cuts the backlog into."""
        return sum(1 for _ in batches(self))


def batches(items: Iterable[Unanalysed]) -> Iterator[Batch]:
    """`items` in tasks, as `take_batch` cuts them, made one at a time."""
    batch: list[Unanalysed] = []
    size = 0
    for item in items:
        if full(len(batch), size, item.state.size):
            yield tuple(batch)
            batch, size = [], 0
        batch.append(item)
        size += item.state.size
    if batch:
        yield tuple(batch)


class Tasks(Generic[T]):
    """A queue that takes its tasks from an iterator as they are asked for: the part of a deque
    that `TaskRunner` uses (tasks put back go to the front, ahead of those not made yet)."""

    def __init__(self, source: Iterable[T]) -> None:
        self._front: deque[T] = deque()
        self._source = iter(source)

    def _ready(self) -> bool:
        if not self._front:
            for task in self._source:
                self._front.append(task)
                break
        return bool(self._front)

    def __bool__(self) -> bool:
        return self._ready()

    def popleft(self) -> T:
        if not self._ready():
            raise IndexError("pop from an empty queue")
        return self._front.popleft()

    def appendleft(self, task: T) -> None:
        self._front.appendleft(task)

    def extendleft(self, tasks: Iterable[T]) -> None:
        self._front.extendleft(tasks)
