"""Whoosh's segment writer, with the costs that dominated writing a batch taken out.

Three changes, each keeping Whoosh's file format (a segment written here is read by Whoosh as
any other):

- Field lengths. When a batch's postings are written, Whoosh reads each posting's field length
  back from the segment's length column, one column lookup per posting (a fifth of a commit).
  `BatchWriter` reads each column once into a list.
- The postings pool is sized by the caller (`limitmb`) to hold a batch, so it is sorted in
  memory rather than spilled to disk as pickled runs and merged back.
- Merging segments. Whoosh pours every posting of the segments it merges into the pool, to sort
  them again (spilling a large merge to disk, pickled, and reading it back); but each segment's
  postings already come out sorted. `BatchWriter` streams them from the segments (each term's
  list read whole) and merges the streams with the batch's own when the new segment is
  written: no pool, no spill, and memory does not grow with the size of the merge.

And one addition: as the postings stream past, the long lists are also written to the segment's
`docnums` file (plain arrays, read by ranking without unpickling).
"""

from __future__ import annotations

import heapq
import os
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from byline.index import docnums


class _Lengths:
    """A segment's field lengths, each column read once (the `lengths` of `add_postings`)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        """The length of `fieldname` in document `docnum` (`default` when the field has none)."""
        column = self._columns.get(fieldname)
        if column is None:
            column = self._columns[fieldname] = self._read(fieldname)
        if docnum < len(column):
            return column[docnum] or default
        return default

    def _read(self, fieldname: str) -> list[int]:
        name = _lenfield(fieldname)
        if not self._reader.has_column(name):
            return []
        column = self._reader.column_reader(name, LENGTHS_COLUMN)
        return [byte_to_length(b) if b else 0 for b in column]


class BatchWriter(SegmentWriter):
    """A SegmentWriter whose flush reads field lengths column by column (see `_Lengths`) and
    streams the postings of the segments it merges (see the module docstring)."""

    def __init__(self, index: Any, **kwargs: Any) -> None:
        super().__init__(index, **kwargs)
        self._merging: list[Any] = []
        self._streams: list[Any] = []
        self._docnums: docnums.DocnumWriter | None = None

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """Keep a stream of a merged segment's postings for the flush, instead of pooling them.

        Whoosh closes `reader` when this returns, so the stream reads through a reader of its
        own on the same segment.
        """
        from whoosh.reading import SegmentReader

        from byline.index.postings import segment_postings

        own = SegmentReader(self.storage, self.schema, reader.segment())
        self._merging.append(own)
        self._streams.append(self._process_posts(segment_postings(own), startdoc, docmap))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        postings = self.pool.iter_postings()
        if self._streams:
            # Ordered by (field, term, docnum): the segments' document numbers do not overlap.
            postings = heapq.merge(postings, *self._streams)
        folder = getattr(self.storage, "folder", None)
        if isinstance(folder, str):
            part = Path(folder) / f".{self.get_segment().segment_id()}{docnums.EXTENSION}.part"
            self._docnums = docnums.DocnumWriter(part, docnums.positioned_fields(self.schema))
            postings = self._docnums.tee(postings)
        try:
            self.fieldwriter.add_postings(self.schema, lengths, postings)
        finally:
            for merged in self._merging:
                merged.close()
            self._merging, self._streams = [], []
        self.fieldwriter.close()
        if reader is not None:
            reader.close()

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
            os.replace(self._docnums.path, docnums.path_of(self.storage.folder, self.get_segment()))
            self._docnums = None

    def cancel(self) -> None:
        self._drop_docnums()
        super().cancel()

    def _drop_docnums(self) -> None:
        if self._docnums is not None:
            self._docnums.discard()
            self._docnums = None
