"""Reading a term's whole posting list from a segment in one read, for `ranking`.

Whoosh's block matcher reads a posting list through the segment's file a piece at a time: the
block length, the pickled block header (which `pickle.load` pulls from the file in many small
reads), then the block data, each a Python-level read of the file. Ranking wants the whole
list, so here its extent (known from the term's entry in the term table) is read at once and
its blocks are decoded from memory, in Whoosh's W3 layout: a 4-byte magic, then per block a
signed length (negative for the last block), a pickled header tuple and the (zlib-compressed)
pickled `(id deltas, weights, values)`.

When positions are not wanted and the segment has its `docnums` file holding the term, the
arrays are sliced from that file instead, with no decoding at all.

Anything else (a term inlined in the table, an unexpected layout) returns None and the caller
reads through Whoosh's matcher.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

import numpy as np

from byline.index import docnum_files

_LENGTH = struct.Struct("!i")
_MAGIC = b"W3Bl"

READ_AHEAD = 1 << 20
"""Bytes of a postings file read at once while streaming a segment (see `_ReadAhead`); a merge
of many segments reads less at a time (`segment_files.read_ahead`)."""


def read_postings(
    segment: Any, fieldname: str, btext: bytes, with_values: bool
) -> tuple[np.ndarray, np.ndarray, list[Any]] | None:
    """Local docnums, weights (term frequencies) and, when `with_values`, the encoded values of
    `btext` in `fieldname` of one segment, deleted documents included; None when the list is
    not in the layout read here. Raises whoosh's TermNotFound when the segment lacks the term."""
    terms = getattr(segment, "_terms", None)
    if terms is None or getattr(terms, "_postfile", None) is None:
        return None
    if not with_values:
        kept = docnum_files.for_reader(segment)
        found = kept.get(fieldname, btext) if kept is not None else None
        if found is not None:
            return found[0], found[1], []
    fixedsize = segment.schema[fieldname].format.fixed_value_size()
    blocks = _blocks(terms._postfile, terms.term_info(fieldname, btext), fixedsize, with_values)
    if blocks is None:
        return None
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    values: list[Any] = []
    for count, deltas, block_weights, block_values in blocks:
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        if block_weights is None:
            weights.append(np.ones(count, dtype=np.float64))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, dtype=np.float64))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))
        values.extend(block_values)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), values
    return np.concatenate(ids), np.concatenate(weights), values


def whole_list(
    reader: Any, fieldname: str, btext: bytes, with_values: bool = False
) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Local docnums, weights and (when `with_values`) values of a term in a segment reader,
    deleted documents included, through Whoosh's matcher when the list is not in the layout
    `read_postings` reads."""
    got = read_postings(reader, fieldname, btext, with_values)
    if got is not None:
        return got
    matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    ids: list[int] = []
    weights: list[float] = []
    values: list[Any] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if with_values:
            values.append(matcher.value())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), values


def unpickle_values(values: list[bytes]) -> list[Any] | None:
    """The pickled payloads of Positions or Characters posting values (a 4-byte count and a
    protocol 2 pickle of the position deltas each), unpickled in one call; None if that fails.

    Pickles placed one after another between a MARK and a LIST opcode unpickle as one list:
    each value's memo entries are written before they are read.
    """
    body = b"".join(v[4:-1] if v.endswith(b".") else v[4:] for v in values)
    try:
        lists = pickle.loads(b"\x80\x02(" + body + b"l.")
    except Exception:
        return None
    return lists if isinstance(lists, list) and len(lists) == len(values) else None


def segment_postings(
    reader: Any, read_ahead: int = READ_AHEAD
) -> Iterator[tuple[str, bytes, int, float, Any]]:
    """Every live posting of a segment, as `reader.iter_postings()` gives them (ordered by
    field, term and document), reading the term table straight through and each term's list a
    block at a time, in plain Python (most terms of a segment have a posting or two); the
    postings file is read `read_ahead` bytes at a time (see `_ReadAhead`)."""
    schema = reader.schema
    terms = reader._terms
    postfile = _ReadAhead(terms._postfile, read_ahead)
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    fixed: dict[str, int | None] = {}
    for (fieldname, btext), terminfo in terms.items():
        if fieldname not in schema:
            continue
        if fieldname not in fixed:
            fixed[fieldname] = schema[fieldname].format.fixed_value_size()
        # Block by block: a merge holds every stream's current term at once, and a term can hold
        # nearly every document (as the coarse numeric terms of schema 5 held every quote).
        blocks = _block_stream(postfile, terminfo, fixed[fieldname], True)
        if blocks is None:
            matcher = reader.postings(fieldname, btext)
            while matcher.is_active():
                yield fieldname, btext, matcher.id(), matcher.weight(), matcher.value()
                matcher.next()
            continue
        for count, deltas, weights, values in blocks:
            if weights is None or isinstance(weights, float):
                weights = [1.0 if weights is None else weights] * count
            for docnum, weight, value in zip(accumulate(deltas), weights, values, strict=True):
                if docnum not in deleted:
                    yield fieldname, btext, docnum, float(weight), value


class _ReadAhead:
    """A segment's postings file read front to back `chunk` bytes at a time: the lists were
    written in the order of the term table, so walking the table reads the file in order, and
    one read per term (a seek and a read of a few bytes, in Python) took a sixth of a merge."""

    def __init__(self, postfile: Any, chunk: int) -> None:
        self._file = postfile
        self._chunk = chunk
        self._start = 0
        self._data = b""

    def get(self, offset: int, length: int) -> bytes:
        """The `length` bytes at `offset`, as the postings file's own `get` gives them."""
        start = offset - self._start
        if start < 0 or start + length > len(self._data):
            self._start, start = offset, 0
            self._data = bytes(self._file.get(offset, max(length, self._chunk)))
        return self._data[start : start + length]


def _blocks(postfile: Any, terminfo: Any, fixedsize: int | None, with_values: bool) -> Any:
    """The blocks of a posting list as (count, id deltas, weights as stored, values), or None
    when the list is inlined in the term table or not in the W3 layout. The list is read in one
    read, then decoded from memory."""
    extent = _extent(terminfo)
    if extent is None:
        return None
    raw = postfile.get(*extent)
    if raw[:4] != _MAGIC:
        return None
    view = memoryview(raw)  # blocks sliced without copies
    return list(
        _decode_blocks(lambda at, size: view[at : at + size], 0, len(raw), fixedsize, with_values)
    )


def _block_stream(
    postfile: Any, terminfo: Any, fixedsize: int | None, with_values: bool
) -> Iterator[tuple[int, Any, Any, Any]] | None:
    """`_blocks`, each block read and decoded as the caller goes (from a `_ReadAhead`): a merge
    holds every stream's current term at once, and a term in nearly every document held its
    whole list in each stream."""
    extent = _extent(terminfo)
    if extent is None:
        return None
    offset, length = extent
    if postfile.get(offset, 4) != _MAGIC:
        return None
    return _decode_blocks(postfile.get, offset, offset + length, fixedsize, with_values)


def _extent(terminfo: Any) -> tuple[int, int] | None:
    """Where a term's list lies in the postings file; None when it is inlined in the table."""
    if terminfo.is_inlined():
        return None
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # whoosh 2.7.5 decodes it as a struct's 1-tuple
        (length,) = length
    return offset, length


def _decode_blocks(
    get: Callable[[int, int], bytes | memoryview],
    start: int,
    end: int,
    fixedsize: int | None,
    with_values: bool,
) -> Iterator[tuple[int, Any, Any, Any]]:
    """The blocks between `start` and `end` (after the list's magic), each read with `get`."""
    position = start + 4
    while position < end:
        (size,) = _LENGTH.unpack(get(position, 4))
        block = get(position + 4, abs(size))
        stream = io.BytesIO(block)
        count, _, _, compression, _, _ = pickle.load(stream)
        data = block[stream.tell() :]
        deltas, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
        yield count, deltas, weights, _values(values, fixedsize, count) if with_values else ()
        position += 4 + abs(size)
        if size < 0:
            break


def _values(stored: Any, fixedsize: int | None, count: int) -> Any:
    """A block's values as Whoosh's matcher gives them (its `_read_values`)."""
    if fixedsize is None or fixedsize < 0:
        return stored
    if fixedsize == 0:
        return (None,) * count
    return tuple(stored[i : i + fixedsize] for i in range(0, len(stored), fixedsize))
