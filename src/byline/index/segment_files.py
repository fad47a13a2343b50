"""The parts of Whoosh's segment writer that `segments.BatchWriter` replaces, each writing the
same files as Whoosh's own (see `segments` for why each costs less):

- `PostingsWriter` (through `Codec`): compresses only blocks of `COMPRESS_FROM` postings or more.
- `Positioned`: a postings file that counts what was written instead of asking the system.
- `TermTable`: the table of a segment's terms, its hashes and positions in arrays and its rows
  written in buffers.
- `Lengths`: a segment's field lengths, each column read once, as one-byte codes.
- `read_ahead`: how much of each segment a merge reads at a time.
"""

from __future__ import annotations

from array import array
from hashlib import md5
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PostingsWriter, _lenfield
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _KEY_VALUE  # a pair's two lengths
from whoosh.util.numeric import byte_to_length
from whoosh.util.numlists import GrowableArray

COMPRESS_FROM = 16
"""Postings a block holds before it is worth compressing (see `segments`)."""

TABLE_BUFFER = 1 << 18
"""Bytes of term table rows gathered before they are written (`TermTable`)."""


class PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, compressing only blocks of `COMPRESS_FROM` postings or more:
    `_write_block` reads the level from `_compression` as it writes each block."""

    @property
    def _compression(self) -> int:
        return self._level if len(self._ids) >= COMPRESS_FROM else 0

    @_compression.setter
    def _compression(self, level: int) -> None:
        self._level = level


class Codec(W3Codec):
    """Whoosh's codec whose postings writers are `PostingsWriter`s. It is given to a segment's
    field writer only: the segment itself keeps Whoosh's codec, so the files it records are
    Whoosh's as before."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> PostingsWriter:
        return PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class Positioned:
    """A file written straight through that keeps its own position (see `segments`)."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self._position: int = file.tell()

    def write(self, data: Any) -> int:
        self._file.write(data)  # Whoosh's own streams return None, not a count
        size = memoryview(data).nbytes
        self._position += size
        return size

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        self._position = self._file.seek(offset, whence)
        return self._position

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class TermTable(OrderedHashWriter):
    """Whoosh's table of a segment's terms, which keeps each term's hash and position until the
    segment is written as a tuple in a list (about 120 bytes a term); here they are kept in two
    arrays (12 bytes) and the table is written the same, byte for byte. `adopt` takes over the
    writer Whoosh made (its header already written). Rows are gathered in a buffer of
    `TABLE_BUFFER` bytes rather than written three writes a row, and the positions Whoosh keeps
    for its ordered lookups are the same array's, typed when the table is closed."""

    _hashes: array[int]
    _positions: array[int]
    _rows: bytearray
    _end: int
    lastkey: bytes

    @classmethod
    def adopt(cls, writer: OrderedHashWriter) -> TermTable:
        table = cls.__new__(cls)
        table.__dict__.update(writer.__dict__)
        table._hashes, table._positions = array("I"), array("q")
        table._rows, table._end = bytearray(), writer.dbfile.tell()
        return table

    def add(self, key: bytes, value: bytes) -> None:
        assert isinstance(key, bytes) and isinstance(value, bytes)  # as Whoosh's checks
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        rows = self._rows
        self._positions.append(self._end + len(rows))
        rows += _KEY_VALUE.pack(len(key), len(value))
        rows += key
        rows += value
        # md5_hash's number (the digest's last four bytes), without its hex string
        self._hashes.append(int.from_bytes(md5(key, usedforsecurity=False).digest()[12:]))
        self.lastkey = key
        if len(rows) >= TABLE_BUFFER:
            self._flush_rows()

    def _flush_rows(self) -> None:
        self.dbfile.write(self._rows)
        self._end += len(self._rows)
        self._rows = bytearray()

    def _write_extras(self) -> None:
        """Whoosh's extras, with the keys' positions as its `GrowableArray` would have typed
        them (the narrowest of H, i, I and q that holds the largest)."""
        last = self._positions[-1] if self._positions else 0
        typecode = (
            "H" if last < 1 << 16 else "i" if last < 1 << 31 else "I" if last < 1 << 32 else "q"
        )
        self.index = GrowableArray(typecode)
        self.index.array = array(typecode, self._positions)
        super()._write_extras()

    def _write_hashes(self) -> None:
        """Whoosh's 256 open-addressing tables (`HashWriter._write_hashes`): each bucket's keys
        in the order they came, two slots per key, placed by linear probing."""
        self._flush_rows()
        hashes = np.frombuffer(self._hashes, dtype=np.uint32)
        positions = np.frombuffer(self._positions, dtype=np.int64)
        buckets = (hashes & 255).astype(np.int64)
        order = np.argsort(buckets, kind="stable")
        ends = np.cumsum(np.bincount(buckets, minlength=256))
        start = 0
        for end in ends.tolist():
            chosen = order[start:end]
            start = end
            slots = 2 * len(chosen)
            self.directory.append((self.dbfile.tell(), slots))
            table_hashes, table_positions = [0] * slots, [0] * slots
            taken = bytearray(slots)
            for value, position in zip(
                hashes[chosen].tolist(), positions[chosen].tolist(), strict=True
            ):
                slot = (value >> 8) % slots
                while taken[slot]:
                    slot = (slot + 1) % slots
                taken[slot] = 1
                table_hashes[slot], table_positions[slot] = value, position
            packed = np.empty(slots, dtype=[("hash", ">u4"), ("position", ">i8")])
            packed["hash"], packed["position"] = table_hashes, table_positions
            self.dbfile.write(packed.tobytes())
        self._hashes = array("I")


_LENGTH_OF = [byte_to_length(code) if code else 0 for code in range(256)]
"""The field length each of Whoosh's one-byte length codes stands for."""


class Lengths:
    """A segment's field lengths, each column read once, as its one-byte codes (the `lengths`
    of `add_postings`; a list of numbers per field held 8 bytes a document: 10 MB in a merge of
    605,000 quotes)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, bytes] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        """The length of `fieldname` in document `docnum` (`default` when the field has none)."""
        column = self._columns.get(fieldname)
        if column is None:
            column = self._columns[fieldname] = self._read(fieldname)
        if docnum < len(column):
            return _LENGTH_OF[column[docnum]] or default
        return default

    def codes(self, fieldname: str) -> bytes:
        """The one-byte length codes of `fieldname`, by document number (b"" without lengths;
        a document past the end has none: code 0)."""
        codes = self._columns.get(fieldname)
        if codes is None:
            codes = self._columns[fieldname] = self._read(fieldname)
        return codes

    def _read(self, fieldname: str) -> bytes:
        from byline.index.leaves import column_bytes

        name = _lenfield(fieldname)
        if not self._reader.has_column(name):
            return b""
        return column_bytes(self._reader.column_reader(name, LENGTHS_COLUMN))


MERGE_READ_AHEAD = 8 << 20
"""Bytes a merge holds read ahead of its segments' postings, all streams together: at a
megabyte each, the final merge of a 100,000-document build (200 batches) held 200 MB; at 16 MB
and at least 64 KB each, the read-ahead was the largest part of a merge's heap (17 of 66 MB in
the merge of 170 segments of 605,000 quotes, and 22 MB for the 350 of 1.2 million)."""


def read_ahead(segments: int) -> int:
    """Bytes read at a time from each postings file of a merge of `segments` segments: the
    postings module's megabyte, less when that would exceed MERGE_READ_AHEAD in all (never
    under 16 KB, which still reads dozens of short lists at once; the files are read in order,
    from the page cache, so smaller reads only mean more of them)."""
    from byline.index.postings import READ_AHEAD

    return max(16 << 10, min(READ_AHEAD, MERGE_READ_AHEAD // max(segments, 1)))
