"""A merge of segments written a term at a time: the postings of the segments a commit merges,
when the commit adds no documents of its own (a run's last merge, see `writing`).

`segments.BatchWriter` otherwise streams every posting through Whoosh's `add_postings`, one
Python tuple and half a dozen generator steps per posting: a million postings for the BBC
corpus, most of the run's last merge. Here each segment gives a term's whole list at once, the
lists of a term are joined in the order of the segments' document numbers, and Whoosh's
postings writer is handed each block whole. What is written is the same, byte for byte: the
same blocks, block headers, term statistics and docnums file (`tests/unit/test_term_merge.py`
merges the same segments both ways and compares the files).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterator
from itertools import accumulate, compress, groupby
from typing import Any

import numpy as np

TermList = tuple[str, bytes, "array[int]", "array[float]", list[Any]]
"""(field, term, new document numbers, weights, values) of one term in one segment."""

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
    ordered = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
    for (fieldname, btext), group in groupby(ordered, key=lambda item: (item[0], item[1])):
        first, *rest = group
        ids, weights, values = first[2], first[3], first[4]
        if rest:  # joined once each: a common term comes in pieces from every segment
            ids, weights, values = array("I", ids), array("f", weights), list(values)
            for item in rest:
                ids.extend(item[2])
                weights.extend(item[3])
                values.extend(item[4])
        yield fieldname, btext, ids, weights, values


def write_terms(
    fieldwriter: Any, schema: Any, lengths: Any, terms: Iterator[TermList], docnums: Any
) -> None:
    """Write merged `terms` with Whoosh's field writer as `add_postings` would, a block at a
    time; list them in `docnums` (a `docnums.DocnumWriter`, or None) as its `tee` would."""
    from byline.index.docnums import MIN_POSTINGS

    field = None
    column: Any = None
    for fieldname, btext, ids, weights, values in terms:
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = fieldname
            column = lengths.column(fieldname) if lengths is not None else None
        if docnums is not None:
            docnums.list_term(fieldname, btext)
            if len(ids) >= MIN_POSTINGS:
                kept = values if fieldname in docnums.positioned else []
                docnums._add(fieldname, btext, ids, weights, kept)
        _write_term(fieldwriter, btext, ids, weights, values, column)
    if field is not None:
        fieldwriter.finish_field()


def _write_term(
    fieldwriter: Any,
    btext: bytes,
    ids: array[int],
    weights: array[float],
    values: list[Any],
    column: Any,
) -> None:
    """One term's postings, in blocks of the writer's block limit: every full block but the
    last is written here, the last is left for `finish_term` (as `add_posting` leaves it)."""
    fieldwriter.start_term(btext)
    writer = fieldwriter._postwriter
    limit = writer._blocklimit
    total = len(ids)
    for start in range(0, total, limit):
        end = min(start + limit, total)
        block_weights = weights[start:end]
        writer._ids = ids[start:end]
        writer._weights = block_weights
        writer._values = [value for value in values[start:end] if value]
        writer._maxweight = max(0, max(block_weights))
        if column is not None:
            found = [length for docnum in writer._ids if (length := column(docnum))]
            writer._minlength = min(found) if found else None
            writer._maxlength = max(found) if found else 0
        if end < total:
            writer._write_block()
    fieldwriter.finish_term()
