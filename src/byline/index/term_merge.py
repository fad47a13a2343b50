"""A segment's postings written a term at a time: a batch's (from its `pool.ColumnPool`) and
those of the segments its commit merges.

Whoosh's `add_postings` takes one Python tuple and half a dozen generator steps per posting, and
its postings writer some thirty calls per term: most of the time of a commit. Here each
segment gives a term's whole list at once, as the pool does for a batch; the lists of a term
are joined in the order of the new segment's document numbers; a list that fits in one block
(nearly all) is encoded here into the bytes Whoosh's writer would write (`_OneBlock`), and a
longer one is handed to Whoosh's writer a block at a time. What is written is the same, byte
for byte: the same blocks, block headers, term statistics and docnums file
(`tests/unit/test_term_merge.py` writes the same batches and merges both ways and compares the
files). On the BBC corpus's text, a commit of 250 articles takes half the time it took.
"""

from __future__ import annotations

import heapq
import pickle
import struct
import zlib
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress, groupby, pairwise
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length

TermList = tuple[str, bytes, "Sequence[int]", "Sequence[float]", list[Any]]
"""(field, term, new document numbers, weights, values) of one term in one segment (arrays
from a segment, lists from a batch's `pool.ColumnPool`)."""

LONG_LIST = 64
"""Postings from which a list is renumbered with numpy rather than in Python (most terms of a
segment have one or two, where numpy's overhead costs more than it saves)."""


def term_lists(reader: Any, startdoc: int, docmap: Any, read_ahead: int) -> Iterator[TermList]:
    """Each term's live postings in one segment, numbered as in the merged segment (from
    `startdoc`, or through `docmap` when the segment had deletions), in the segment's term
    order: the postings `postings.segment_postings` gives, a term at a time. A field whose
    postings carry no values (numbers, keywords) gives an empty list of them."""
    from byline.index.postings import _block_stream, _ReadAhead

    schema = reader.schema
    terms = reader._terms
    postfile = _ReadAhead(terms._postfile, read_ahead)
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    fixed: dict[str, int | None] = {}
    for (fieldname, btext), terminfo in _term_table(terms, read_ahead):
        if fieldname not in schema:
            continue
        if fieldname not in fixed:
            fixed[fieldname] = schema[fieldname].format.fixed_value_size()
        valued = fixed[fieldname] != 0
        old = array("I")
        weights = array("f")
        values: list[Any] = []
        blocks = _block_stream(postfile, terminfo, fixed[fieldname], valued)
        if blocks is None:  # inlined in the term table: through Whoosh's matcher
            matcher = reader.postings(fieldname, btext)
            while matcher.is_active():
                old.append(matcher.id())
                weights.append(matcher.weight())
                if valued:
                    values.append(matcher.value())
                matcher.next()
        else:
            for count, deltas, stored, block_values in blocks:
                if stored is None or isinstance(stored, float):
                    stored = [1.0 if stored is None else stored] * count
                old.extend(accumulate(deltas))
                weights.extend(stored)
                values.extend(block_values)
        if deleted:
            live = [docnum not in deleted for docnum in old]
            if not all(live):
                old = array("I", compress(old, live))
                weights = array("f", compress(weights, live))
                values = list(compress(values, live)) if values else values
        if old:
            yield fieldname, btext, _renumbered(old, startdoc, docmap), weights, values


def _term_table(terms: Any, chunk: int) -> Iterator[tuple[tuple[str, bytes], Any]]:
    """A segment's term table, as `terms.items()` gives it, read `chunk` bytes at a time
    rather than with three reads of the file per term."""
    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.filedb.filetables import _lengths

    table = terms._tindex
    decode_key, decode_info = terms._keydecoder, W3TermInfo.from_bytes
    unpack, head = _lengths.unpack_from, _lengths.size
    position, end = table.startofdata, table.endofdata
    data, start = b"", position
    while position < end:
        at = position - start
        if at + head > len(data) or at + head + sum(unpack(data, at)) > len(data):
            start, at = position, 0
            data = bytes(table.dbfile.get(position, min(end - position, max(chunk, 1 << 16))))
            if head + sum(unpack(data, 0)) > len(data):  # an entry longer than a chunk
                data = bytes(table.dbfile.get(position, head + sum(unpack(data, 0))))
        keylength, valuelength = unpack(data, at)
        key = data[at + head : at + head + keylength]
        value = data[at + head + keylength : at + head + keylength + valuelength]
        yield decode_key(key), decode_info(value)
        position += head + keylength + valuelength


def _renumbered(old: array[int], startdoc: int, docmap: Any) -> array[int]:
    """A segment's document numbers as the merged segment's."""
    if docmap is not None:
        return array("I", [docmap[docnum] for docnum in old])
    if len(old) < LONG_LIST:
        return array("I", [startdoc + docnum for docnum in old])
    shifted = array("I")
    shifted.frombytes((np.frombuffer(old, dtype=np.uint32) + np.uint32(startdoc)).tobytes())
    return shifted


def merged_terms(streams: list[Iterator[TermList]]) -> Iterator[TermList]:
    """The terms of every stream in (field, term) order, each term's lists joined in the order
    of the streams (theirs is the order of the merged segment's document numbers)."""
    if len(streams) == 1:  # a batch committed alone
        yield from streams[0]
        return
    ordered = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
    for (fieldname, btext), group in groupby(ordered, key=lambda item: (item[0], item[1])):
        first, *rest = group
        ids, weights, values = first[2], first[3], first[4]
        if rest:  # joined once each: a common term comes in pieces from every segment
            # (weights as doubles: a batch's are rounded to a block's floats when written)
            ids, weights, values = array("I", ids), array("d", weights), list(values)
            for item in rest:
                ids.extend(item[2])
                weights.extend(list(item[3]))  # (an array of floats cannot extend doubles)
                values.extend(item[4])
        yield fieldname, btext, ids, weights, values


def write_terms(
    fieldwriter: Any, schema: Any, lengths: Any, terms: Iterator[TermList], docnums: Any
) -> None:
    """Write merged `terms` with Whoosh's field writer as `add_postings` would, a block at a
    time; list them in `docnums` (a `docnums.DocnumWriter`, or None) as its `tee` would."""
    from byline.index.docnums import MIN_POSTINGS

    field = None
    codes: bytes | None = None
    blocks = _OneBlock(fieldwriter)
    for fieldname, btext, ids, weights, values in terms:
        if fieldname != field:
            blocks.flush()
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = fieldname
            codes = lengths.codes(fieldname) if lengths is not None else None
            blocks.start_field(codes)
        if docnums is not None:
            docnums.list_term(fieldname, btext)
            if len(ids) >= MIN_POSTINGS:
                kept = values if fieldname in docnums.positioned else []
                docnums._add(fieldname, btext, ids, weights, kept)
        if blocks.fits(ids):
            blocks.write(btext, ids, weights, values)
        else:
            blocks.flush()
            _write_term(fieldwriter, btext, ids, weights, values, codes)
    blocks.flush()
    if field is not None:
        fieldwriter.finish_field()


def _write_term(
    fieldwriter: Any,
    btext: bytes,
    ids: Sequence[int],
    weights: Sequence[float],
    values: list[Any],
    codes: bytes | None,
) -> None:
    """One term's postings through Whoosh's postings writer, in blocks of its block limit:
    every full block but the last is written here, the last is left for `finish_term` (as
    `add_posting` leaves it)."""
    fieldwriter.start_term(btext)
    writer = fieldwriter._postwriter
    limit = writer._blocklimit
    total = len(ids)
    for start in range(0, total, limit):
        end = min(start + limit, total)
        block_weights = weights[start:end]
        writer._ids = ids[start:end]
        writer._weights = array("f", block_weights)  # as `add_posting` keeps them
        writer._values = [value for value in values[start:end] if value]
        writer._maxweight = max(0, max(block_weights))
        if codes:
            shortest, longest = _length_codes(codes, writer._ids)
            writer._minlength = byte_to_length(shortest) if shortest else None
            writer._maxlength = byte_to_length(longest)
        if end < total:
            writer._write_block()
    fieldwriter.finish_term()


def _length_codes(codes: bytes, ids: Sequence[int]) -> tuple[int, int]:
    """The shortest and longest field lengths of the documents `ids`, as Whoosh's one-byte
    codes (`segment_files.Lengths.codes`; 0 and 0 when none has a length)."""
    if len(ids) == 1:
        code = codes[ids[0]] if ids[0] < len(codes) else 0
        return code, code
    size = len(codes)
    found = [code for docnum in ids if docnum < size and (code := codes[docnum])]
    return (min(found), max(found)) if found else (0, 0)


_TERM_INFO = struct.Struct("!BfIBBfII")
"""Whoosh's `W3TermInfo` header: flags, total weight, document frequency, minimum and maximum
length codes, maximum weight, first and last document number."""

_EXTENT = struct.Struct("!qi")
"""The end of a `W3TermInfo` whose postings are in the postings file: their offset, length."""

POSTINGS_BUFFER = 1 << 18
"""Bytes of postings `_OneBlock` gathers before writing them."""


class _OneBlock:
    """Writes the terms whose postings fit in one block (nearly every term) without Whoosh's
    postings writer: for each, the bytes its `start_term`, `add_posting`s and `finish_term`
    would write (the block's magic, length, info and data, and the term table's row), gathered
    in a buffer. `flush` before Whoosh's writer writes a longer list, or the field ends."""

    def __init__(self, fieldwriter: Any) -> None:
        from byline.index.segment_files import COMPRESS_FROM

        self._fieldwriter = fieldwriter
        self._postfile = fieldwriter._postfile
        self._table = fieldwriter._tindex
        self._compress_from = COMPRESS_FROM
        self._buffer = bytearray()
        self._start = 0
        self._codes: bytes | None = None
        self._limit = 0

    def start_field(self, codes: bytes | None) -> None:
        """Take the field the field writer has just started, and its documents' length codes
        (`segment_files.Lengths.codes`; None when the segment keeps no lengths)."""
        fieldwriter = self._fieldwriter
        writer = fieldwriter._postwriter
        self._codes = codes
        # Only with Byline's postings writer, whose compression this reproduces (see segments).
        self._limit = writer._blocklimit if hasattr(writer, "_level") else 0
        self._level = getattr(writer, "_level", 0)
        self._fixed = fieldwriter._format.fixed_value_size()
        self._key = pack_ushort(fieldwriter._fieldid)

    def fits(self, ids: Sequence[int]) -> bool:
        return len(ids) <= self._limit

    def flush(self) -> None:
        if self._buffer:
            self._postfile.write(self._buffer)
            self._buffer = bytearray()

    def write(
        self, btext: bytes, ids: Sequence[int], weights: Sequence[float], values: list[Any]
    ) -> None:
        count = len(ids)
        shortest_code, longest_code = _length_codes(self._codes, ids) if self._codes else (0, 0)
        # Whoosh keeps the weights in an array("f"), the heaviest as it was given.
        heaviest = max(0, max(weights))
        if not (isinstance(weights, array) and weights.typecode == "f"):
            weights = array("f", weights)
        first = weights[0]
        if weights.count(first) != count:
            packed_weights: Any = tuple(weights)
        else:
            packed_weights = None if first == 1.0 else first
        fixed = self._fixed
        kept = [value for value in values if value]
        if fixed is None or fixed < 0:
            packed_values: Any = tuple(kept)
        elif fixed == 0:
            packed_values = None
        else:
            packed_values = b"".join(kept)
        deltas = (ids[0], *(b - a for a, b in pairwise(ids))) if count > 1 else (ids[0],)
        data = pickle.dumps((deltas, packed_weights, packed_values), 2)
        level = self._level if count >= self._compress_from else 0
        if level:
            data = zlib.compress(data, level)
        info = pickle.dumps((count, ids[-1], heaviest, level, shortest_code, longest_code), 2)
        buffer = self._buffer
        if not buffer:  # where the postings file is now (Whoosh's writer may have written)
            self._start = self._postfile.tell()
        offset = self._start + len(buffer)
        buffer += WHOOSH3_HEADER_MAGIC
        buffer += pack_int(-(len(info) + len(data)))
        buffer += info
        buffer += data
        row = _TERM_INFO.pack(
            False, sum(weights), count, shortest_code, longest_code, heaviest, ids[0], ids[-1]
        )
        extent = self._start + len(buffer) - offset
        self._table.add(self._key + btext, row + _EXTENT.pack(offset, extent))
        if len(buffer) >= POSTINGS_BUFFER:
            self.flush()
