"""Whoosh's segment writer, with the costs that dominated writing a batch taken out.

Changes that each keep Whoosh's file format (a segment written here is read by Whoosh as
any other):

- Field lengths. When a batch's postings are written, Whoosh reads each posting's field length
  back from the segment's length column, one column lookup per posting (a fifth of a commit).
  `BatchWriter` reads each column once into a list.
- The postings pool. Whoosh keeps a batch's postings as tuples (60 MB for 500 articles) and
  sorts them all at the commit, spilling to disk past a size; `pool.ColumnPool` keeps them in
  columns (a sixth of that) and gives them back in the same order. It never spills: the
  library commits a batch every `Settings.commit_every` documents or one or two minutes.
- Merging segments. Whoosh pours every posting of the segments it merges into the pool, to sort
  them again (spilling a large merge to disk, pickled, and reading it back); but each segment's
  postings already come out sorted. `BatchWriter` streams them from the segments (each term's
  list read whole) and merges the streams with the batch's own when the new segment is
  written: no pool, no spill, and memory does not grow with the size of the merge (the
  segments' postings files are read ahead MERGE_READ_AHEAD bytes in all, see `read_ahead`).
  A commit goes further and writes a term at a time (`term_merge`): each term's postings, the
  batch's and the merged segments', handed to Whoosh's postings writer a block at a time rather
  than one tuple at a time through `add_postings` (a fifth less time on the BBC library's merge).

- Compression. Whoosh zlib-compresses every block of every posting list (its check that skips
  small blocks is dead code), and setting zlib up costs tens of microseconds a call, while most
  lists in a segment hold a posting or two: only blocks of `COMPRESS_FROM` postings or more are
  compressed here (each block records whether it is, so Whoosh reads both kinds).
- Positions. Whoosh asks the postings file for its position at the start and end of every term,
  and a buffered file asks the system each time; `_Positioned` counts what was written instead.
- The term table. Whoosh keeps each term's hash and position as a tuple until the segment is
  written; `_TermTable` keeps them in arrays and writes the same table.

What a merge holds grew with the size of the index in a few places, traced in a merge of 605,000
quotes: each segment's list of its current term decoded whole (`postings.segment_postings` now
decodes a block at a time), the long lists kept for the docnums file (now arrays), the field
lengths (now their one-byte codes) and the term table.

- Deletions. Whoosh finds the documents a batch replaces or deletes through a searcher over every
  segment, opened at the batch's first and held until its commit: at 100,000 documents, before
  the run's last merge, about 20 KB per segment for each index (20 MB by the end of an analysis
  phase, growing with every batch). `BatchWriter` notes the terms and deletes their documents at
  the commit, reading only the segments whose range of paths holds one (`deletions`). Whoosh's
  own searcher never looked at the batch being written either, so what is deleted is the same.

And one addition: as the postings stream past, the long lists are also written to the segment's
`docnums` file (plain arrays, read by ranking without unpickling).
"""

from __future__ import annotations

import heapq
import os
from array import array
from collections.abc import Callable, Sized
from hashlib import md5
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PostingsWriter, _lenfield
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _KEY_VALUE  # a pair's two lengths
from whoosh.util.numeric import byte_to_length
from whoosh.util.numlists import GrowableArray
from whoosh.writing import SegmentWriter

from byline.index import docnum_files, docnums
from byline.index.pool import ColumnPool

if TYPE_CHECKING:
    from byline.index.split_merge import SplitMerge

COMPRESS_FROM = 16
"""Postings a block holds before it is worth compressing (see the module docstring)."""

TABLE_BUFFER = 1 << 18
"""Bytes of term table rows gathered before they are written (`_TermTable`)."""


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, compressing only blocks of `COMPRESS_FROM` postings or more:
    `_write_block` reads the level from `_compression` as it writes each block."""

    @property
    def _compression(self) -> int:
        return self._level if len(self._ids) >= COMPRESS_FROM else 0

    @_compression.setter
    def _compression(self, level: int) -> None:
        self._level = level


class _Codec(W3Codec):
    """Whoosh's codec whose postings writers are `_PostingsWriter`s. It is given to a segment's
    field writer only: the segment itself keeps Whoosh's codec, so the files it records are
    Whoosh's as before."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> _PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class _Positioned:
    """A file written straight through that keeps its own position (see the module docstring)."""

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


class _TermTable(OrderedHashWriter):
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
    def adopt(cls, writer: OrderedHashWriter) -> _TermTable:
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


class _Lengths:
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

    def column(self, fieldname: str) -> Callable[[int], int]:
        """`doc_field_length` of one field, as a function of the document number."""
        codes = self._columns.get(fieldname)
        if codes is None:
            codes = self._columns[fieldname] = self._read(fieldname)
        size = len(codes)
        return lambda docnum: _LENGTH_OF[codes[docnum]] if docnum < size else 0

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


class BatchWriter(SegmentWriter):
    """A SegmentWriter whose flush reads field lengths column by column (see `_Lengths`) and
    streams the postings of the segments it merges (see the module docstring)."""

    by_term = True
    """A commit writes its postings a term at a time (`term_merge`); False streams them through
    Whoosh's `add_postings` a posting at a time (the tests compare the two)."""

    def __init__(self, index: Any, **kwargs: Any) -> None:
        super().__init__(index, **kwargs)
        self.fieldwriter._codec = _Codec()
        self.fieldwriter._tindex = _TermTable.adopt(self.fieldwriter._tindex)
        postfile = self.fieldwriter._postfile
        postfile.file = _Positioned(postfile.file)
        self._merging: list[tuple[Any, int, Any]] = []
        self._docnums: docnums.DocnumWriter | None = None
        self.pool = ColumnPool()
        self._deleting: set[tuple[str, str]] = set()
        """`(field, text)` of the documents to delete from the committed segments, at the
        commit (`_delete_noted`)."""
        self._whooshs_add = not hasattr(self.pool, "add_field") or any(
            field.separate_spelling() or field.vector for _, field in self.schema.items()
        )
        self.beside: SplitMerge | None = None
        """Segments a second process is merging for this commit (its merge policy started it),
        listed with this writer's when it commits (`split_merge`)."""

    def update_document(self, **fields: Any) -> None:
        """Add a document, and note its unique terms: the committed documents holding them are
        deleted at the commit."""
        for name in self._unique_fields(fields):
            self._deleting.add((name, fields[name]))
        self.add_document(**fields)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `add_document`, handing the pool each field's postings in one call rather
        than a tuple at a time (Whoosh's own for a schema with spelling or vector fields, which
        Byline's have not, or a pool of Whoosh's own, which tests use)."""
        if self._whooshs_add:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    items = field.index(value)
                    length = self.pool.add_field(fieldname, docnum, items, boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def delete_by_term(self, fieldname: str, text: str, searcher: Any = None) -> int:
        """Note that the committed documents holding the term are deleted at the commit (so
        the count Whoosh returns is not known here: 0)."""
        self._deleting.add((fieldname, text))
        return 0

    def commit(self, *args: Any, **kwargs: Any) -> None:
        """Delete what was noted, then commit as Whoosh does."""
        self._delete_noted()
        super().commit(*args, **kwargs)

    def _commit_toc(self, segments: list[Any]) -> None:
        """List `segments` and those the second process merged (waiting for it), then commit."""
        if self.beside is not None:
            beside, self.beside = self.beside, None
            segments = [*segments, *beside.result()]
        super()._commit_toc(segments)

    def _delete_noted(self) -> None:
        """Delete the committed documents holding a noted term (`deletions`: Whoosh's
        `delete_document` marks them in the segment, written with the commit)."""
        if self._deleting:
            from byline.index.deletions import delete_noted

            delete_noted(self.storage, self.schema, self.indexname, self.segments, self._deleting)
            self._deleting.clear()

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """Keep a stream of a merged segment's postings for the flush, instead of pooling them.

        Whoosh closes `reader` when this returns, so the stream reads through a reader of its
        own on the same segment.
        """
        from whoosh.reading import SegmentReader

        own = SegmentReader(self.storage, self.schema, reader.segment())
        self._merging.append((own, startdoc, docmap))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        # Only a merge: no batch in the pool (Whoosh's own pool, which tests use, cannot tell).
        merge_only = isinstance(self.pool, Sized) and not len(self.pool)
        pooled = hasattr(self.pool, "term_lists")  # a ColumnPool (tests give Whoosh's own too)
        if self.by_term and (pooled or (self._merging and merge_only)):
            self._write_by_term(lengths)
            if reader is not None:
                reader.close()
            return
        postings = self.pool.iter_postings()
        if self._merging:
            from byline.index.postings import segment_postings

            chunk = read_ahead(len(self._merging))
            streams = [
                self._process_posts(segment_postings(own, chunk), startdoc, docmap)
                for own, startdoc, docmap in self._merging
            ]
            # Ordered by (field, term, docnum): the segments' document numbers do not overlap.
            postings = heapq.merge(postings, *streams)
        self._docnums = self._docnum_writer()
        if self._docnums is not None:
            postings = self._docnums.tee(postings)
        try:
            self.fieldwriter.add_postings(self.schema, lengths, postings)
        finally:
            for own, _, _ in self._merging:
                own.close()
            self._merging = []
        self.fieldwriter.close()
        if reader is not None:
            reader.close()

    def _write_by_term(self, lengths: _Lengths | None) -> None:
        """The batch's postings and those of the segments it merges, a term at a time
        (`term_merge`): the batch's documents come first in the new segment."""
        from byline.index.term_merge import merged_terms, term_lists, write_terms

        chunk = read_ahead(len(self._merging))
        streams = [
            term_lists(own, startdoc, docmap, chunk) for own, startdoc, docmap in self._merging
        ]
        if hasattr(self.pool, "term_lists") and len(self.pool):
            streams.insert(0, self.pool.term_lists())
        self._docnums = self._docnum_writer()
        try:
            terms = merged_terms(streams)
            write_terms(self.fieldwriter, self.schema, lengths, terms, self._docnums)
        finally:
            for own, _, _ in self._merging:
                own.close()
            self._merging = []
        self.fieldwriter.close()

    def _docnum_writer(self) -> docnums.DocnumWriter | None:
        """The writer of the new segment's docnums file (None for an index not in a folder)."""
        folder = getattr(self.storage, "folder", None)
        if not isinstance(folder, str):
            return None
        part = Path(folder) / f".{self.get_segment().segment_id()}{docnums.EXTENSION}.part"
        return docnums.DocnumWriter(
            part,
            docnum_files.positioned_fields(self.schema),
            docnum_files.listed_fields(self.schema),
        )

    def _finalize_segment(self) -> Any:
        try:
            return super()._finalize_segment()
        except BaseException:
            self._drop_docnums()  # a dot file: Whoosh's cleaning would never remove it
            raise

    def _assemble_segment(self) -> None:
        """Whoosh packs the segment's files into one; the docnums file is kept beside it (under
        the segment's id, so Whoosh deletes it with the segment)."""
        super()._assemble_segment()
        if self._docnums is not None:
            self._docnums.finish()
            os.replace(
                self._docnums.path, docnum_files.path_of(self.storage.folder, self.get_segment())
            )
            self._docnums = None

    def cancel(self) -> None:
        if self.beside is not None:  # the second process's merge is dropped too
            beside, self.beside = self.beside, None
            beside.abandon()
        for own, _, _ in self._merging:  # a merge that failed before its flush
            own.close()
        self._merging = []
        self._deleting.clear()
        self._drop_docnums()
        super().cancel()

    def _drop_docnums(self) -> None:
        if self._docnums is not None:
            self._docnums.discard()
            self._docnums = None
