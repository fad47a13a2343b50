"""Whoosh's segment writer, with the costs that dominated writing a batch taken out (its parts
in `segment_files`).

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
  and a buffered file asks the system each time; `Positioned` counts what was written instead.
- The term table. Whoosh keeps each term's hash and position as a tuple until the segment is
  written; `TermTable` keeps them in arrays and writes the same table.

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
from collections.abc import Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.writing import SegmentWriter

from byline.index import docnum_files, docnums
from byline.index.pool import ColumnPool
from byline.index.segment_files import Codec, Lengths, Positioned, TermTable, read_ahead

if TYPE_CHECKING:
    from byline.index.split_merge import SplitMerge


def known_lengths(reader: Any, fieldnames: Any) -> None:
    """Tell a segment's `reader` once which of `fieldnames` have no lengths (the unscored ones).

    Whoosh's per-document reader remembers the length columns it has opened, but not those it
    did not find, so a merge asked the file system again for every document and every unscored
    field: 115,000 ``stat`` calls to merge the BBC's 16,000 quotes, a third of that merge's time.
    An absent column is now remembered as such, which Whoosh reads as "no lengths" (0), as
    before."""
    from whoosh.codec.whoosh3 import _lenfield

    perdoc: Any = getattr(reader, "_perdoc", None)
    opened = getattr(perdoc, "_readers", None)
    has_column = getattr(perdoc, "has_column", None)
    if not isinstance(opened, dict) or has_column is None:
        return  # not Whoosh 3's per-document reader: left as it is
    for name in fieldnames:
        column = _lenfield(name)
        if column not in opened and not has_column(column):
            opened[column] = None


class BatchWriter(SegmentWriter):
    """A SegmentWriter whose flush reads field lengths column by column (see `Lengths`) and
    streams the postings of the segments it merges (see the module docstring)."""

    by_term = True
    """A commit writes its postings a term at a time (`term_merge`); False streams them through
    Whoosh's `add_postings` a posting at a time (the tests compare the two)."""

    def __init__(self, index: Any, **kwargs: Any) -> None:
        super().__init__(index, **kwargs)
        self.fieldwriter._codec = Codec()
        self.fieldwriter._tindex = TermTable.adopt(self.fieldwriter._tindex)
        postfile = self.fieldwriter._postfile
        postfile.file = Positioned(postfile.file)
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

    def write_per_doc(self, fieldnames: Any, reader: Any) -> Any:
        """Whoosh's, with `reader` told first which fields have no lengths (`known_lengths`)."""
        known_lengths(reader, fieldnames)
        return super().write_per_doc(fieldnames, reader)

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
        lengths = Lengths(reader) if reader is not None else None
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

    def _write_by_term(self, lengths: Lengths | None) -> None:
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
