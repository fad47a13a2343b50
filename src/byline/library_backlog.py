"""The documents an analysis phase has to analyse, held compactly, and its tasks made as they
are needed.

On 100,000 files the phase's list of documents, as one object per document (its path, content
hash, size and time as Python objects), held 45 MB in the process that writes the index, through
the whole phase: the largest thing it held that grew with the library. As columns (a path as
UTF-8, 32 bytes of hash, two machine integers per document) it was still 12 MB at 100,000.
`Backlog` writes the same records to an unnamed temporary file in the library's folder (about
110 bytes a document on disk, nothing in memory) and reads them back as `Tasks` cuts them into
tasks, only as the workers take them.
"""

from __future__ import annotations

import os
import struct
import tempfile
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Generic, TypeVar

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


_RECORD = struct.Struct("<qqBH")
"""A backlog record's header: the file's size and mtime, its digest's kind (`_RAW`, or the
length of a digest kept as text), and the length of its path in UTF-8; then the two."""

_RAW = 255
"""The digest is a SHA-256 kept as its 32 bytes."""

READ_BYTES = 1 << 20
"""How much of the backlog's file (or of `Paths`') is read at once."""

SPILL_BYTES = 256 << 10
"""Bytes of paths that `Paths` holds in memory before it moves them to a file."""


def _length(buffer: bytes, at: int) -> int:
    """The length of the record at `at` in `buffer` (which holds at least its header)."""
    _, _, kind, path_length = _RECORD.unpack_from(buffer, at)
    return _RECORD.size + (DIGEST_BYTES if kind == _RAW else kind) + path_length


class Paths:
    """A growing list of paths held as UTF-8 and their end offsets, the text moving to an
    unnamed temporary file in `folder` once it passes SPILL_BYTES. A run keeps its tally of files
    in such lists (`library_add.Tally`) until its closing report: at 100,000 files the text of
    its paths was about 5 MB of the indexing process, through the analysis phase."""

    def __init__(self, paths: Iterable[str] = (), folder: Path | str | None = None) -> None:
        """`folder`: where the text goes past SPILL_BYTES (the library's, so it is on disk, not
        in a memory-backed /tmp); the system removes the file when it is closed or the process
        ends."""
        self._folder = folder
        self._bytes = bytearray()
        self._file: IO[bytes] | None = None
        self._ends = array("q")
        for path in paths:
            self.append(path)

    def append(self, path: str) -> None:
        # surrogatepass: a name that is not UTF-8 comes back exactly as os.fsdecode gave it
        data = path.encode("utf-8", "surrogatepass")
        self._ends.append((self._ends[-1] if self._ends else 0) + len(data))
        if self._file is not None:
            self._file.seek(0, os.SEEK_END)
            self._file.write(data)
            return
        self._bytes += data
        if len(self._bytes) > SPILL_BYTES:
            if self._folder is not None:
                Path(self._folder).mkdir(parents=True, exist_ok=True)
            self._file = tempfile.TemporaryFile(dir=self._folder)  # noqa: SIM115 (with self)
            self._file.write(self._bytes)
            self._bytes = bytearray()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            index += len(self._ends)
        if not 0 <= index < len(self._ends):
            raise IndexError("path index out of range")
        start = self._ends[index - 1] if index else 0
        return self._read(start, self._ends[index]).decode("utf-8", "surrogatepass")

    def _read(self, start: int, end: int) -> bytes:
        if self._file is None:
            return bytes(self._bytes[start:end])
        self._file.seek(start)
        return self._file.read(end - start)

    def __iter__(self) -> Iterator[str]:
        start, buffer, offset = 0, b"", 0  # `buffer` holds the text from `offset` on
        for end in self._ends:
            if end - offset > len(buffer):
                buffer = buffer[start - offset :] + self._read(
                    offset + len(buffer), max(end, offset + len(buffer) + READ_BYTES)
                )
                offset = start
            yield buffer[start - offset : end - offset].decode("utf-8", "surrogatepass")
            start = end

    def close(self) -> None:
        """Remove the file, if there is one."""
        if self._file is not None:
            self._file.close()


class Backlog:
    """Documents to analyse, in the order added, kept in an unnamed temporary file (see the
    module docstring) and read back a megabyte at a time each time it is iterated. Everything
    is added before it is read."""

    def __init__(self, folder: Path | str | None = None) -> None:
        """`folder`: where the temporary file goes (the library's, so it is on disk, not in a
        memory-backed /tmp); the system removes it when it is closed or the process ends."""
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by `close`)
        self._count = 0
        self._size = 0
        self._at_end = True

    def add(self, key: str, digest: str, state: FileState) -> None:
        """One more document; `digest` is its content hash."""
        try:
            raw = bytes.fromhex(digest) if len(digest) == 2 * DIGEST_BYTES else b""
        except ValueError:
            raw = b""
        if len(raw) != DIGEST_BYTES:  # fromhex skips spaces: "ab cd ..." is not one
            raw = b""
        # A SHA-256 in hexadecimal is kept as its 32 bytes; anything else (none that Byline
        # writes) as its text, marked by its length.
        stored = raw or digest.encode("utf-8", "surrogatepass")
        kind = _RAW if raw else len(stored)
        if not raw and kind >= _RAW:
            raise ValueError(f"a content hash of {len(stored)} bytes: {digest[:40]}...")
        path = key.encode("utf-8", "surrogatepass")  # a non-UTF-8 name comes back exactly
        if not self._at_end:
            self._file.seek(0, os.SEEK_END)
            self._at_end = True
        header = _RECORD.pack(state.size, state.mtime_ns, kind, len(path))
        self._file.write(header + stored + path)
        self._count += 1
        self._size += state.size

    def __len__(self) -> int:
        return self._count

    def size(self) -> int:
        """Bytes of files in all."""
        return self._size

    def __iter__(self) -> Iterator[Unanalysed]:
        self._file.flush()
        buffer, at, offset = b"", 0, 0  # `at`: where the next record starts in `buffer`
        for _ in range(self._count):
            while len(buffer) - at < _RECORD.size or len(buffer) - at < _length(buffer, at):
                self._file.seek(offset)
                self._at_end = False
                chunk = self._file.read(READ_BYTES)
                if not chunk:
                    raise RuntimeError("the backlog's file is shorter than what was added")
                offset += len(chunk)
                buffer, at = buffer[at:] + chunk, 0
            size, mtime_ns, kind, path_length = _RECORD.unpack_from(buffer, at)
            at += _RECORD.size
            stored = buffer[at : at + (DIGEST_BYTES if kind == _RAW else kind)]
            at += len(stored)
            digest = stored.hex() if kind == _RAW else stored.decode("utf-8", "surrogatepass")
            key = buffer[at : at + path_length].decode("utf-8", "surrogatepass")
            at += path_length
            yield Unanalysed(key, digest, FileState(size, mtime_ns))

    def close(self) -> None:
        """Remove the file."""
        self._file.close()

    def task_count(self, at_most: int | None = None) -> int:
        """How many tasks `batches` cuts the backlog into, counting no further than `at_most`
        (the backlog is read from its file only as far as that)."""
        return sum(1 for _ in islice(batches(self), at_most))


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
