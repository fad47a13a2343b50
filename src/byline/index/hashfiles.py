"""Whoosh's hash-file readers, with their directories kept as bytes.

Every segment's terms are a Whoosh hash file, and its reader keeps the file's directory of 256
hash tables as a list of 256 ``(position, slots)`` tuples: about 30 KB of Python objects per
segment. A library being indexed has hundreds of segments until the run's last merge, each
opened by the writer and by the searchers (478 readers, 14 MB of the indexing process at 100,000
documents), so `install` has each reader keep the directory as its 3 KB of packed entries and
unpack an entry when a lookup asks for it. The file format is unchanged.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import Any

_ENTRY = struct.Struct("!qi")
"""A directory entry: where a table starts, and how many slots it has (Whoosh's ``_dir_entry``)."""


class Directory:
    """A hash file's table directory as packed entries; `self[i]` is the ``(position, slots)`` of
    table `i`, as Whoosh's list of tuples gives it."""

    __slots__ = ("_count", "_packed")

    def __init__(self, entries: Iterable[tuple[int, int]]) -> None:
        self._packed = b"".join(_ENTRY.pack(*entry) for entry in entries)
        self._count = len(self._packed) // _ENTRY.size

    def __getitem__(self, table: int) -> tuple[int, int]:
        if not 0 <= table < self._count:
            raise IndexError(table)
        position, slots = _ENTRY.unpack_from(self._packed, table * _ENTRY.size)
        return position, slots

    def __len__(self) -> int:
        return self._count


def install() -> None:
    """Have every Whoosh hash-file reader opened from now on keep a `Directory` (once per
    process; a reader opened before keeps its list)."""
    from whoosh.filedb.filetables import HashReader

    init = HashReader.__init__
    if getattr(init, "compact_directory", False):
        return

    def compact_init(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.tables = Directory(self.tables)

    compact_init.compact_directory = True  # type: ignore[attr-defined]
    compact_init.whoosh_init = init  # type: ignore[attr-defined]
    HashReader.__init__ = compact_init
