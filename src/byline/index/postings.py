"""Reading a term's whole posting list from a segment in one read, for `ranking`.

Whoosh's block matcher reads a posting list through the segment's file a piece at a time: the
block length, the pickled block header (which `pickle.load` pulls from the file in many small
reads), then the block data, each a Python-level read of the file. Ranking wants the whole
list, so here its extent (known from the term's entry in the term table) is read at once and
its blocks are decoded from memory, in Whoosh's W3 layout: a 4-byte magic, then per block a
signed length (negative for the last block), a pickled header tuple and the (zlib-compressed)
pickled `(id deltas, weights, values)`.

Anything else (a term inlined in the table, an unexpected layout) returns None and the caller
reads through Whoosh's matcher.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from typing import Any

import numpy as np

_LENGTH = struct.Struct("!i")
_MAGIC = b"W3Bl"


def read_postings(
    segment: Any, fieldname: str, btext: bytes, with_values: bool
) -> tuple[np.ndarray, np.ndarray, list[Any]] | None:
    """Local docnums, weights (term frequencies) and, when `with_values`, the encoded values of
    `btext` in `fieldname` of one segment, deleted documents included; None when the list is
    not in the layout read here. Raises whoosh's TermNotFound when the segment lacks the term."""
    terms = getattr(segment, "_terms", None)
    postfile = getattr(terms, "_postfile", None)
    if terms is None or postfile is None:
        return None
    terminfo = terms.term_info(fieldname, btext)
    if terminfo.is_inlined():
        return None
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # whoosh 2.7.5 decodes it as a struct's 1-tuple
        (length,) = length
    raw = postfile.get(offset, length)
    if raw[:4] != _MAGIC:
        return None
    fixedsize = segment.schema[fieldname].format.fixed_value_size()
    stream = io.BytesIO(raw)
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    values: list[Any] = []
    position = 4
    while position < len(raw):
        (size,) = _LENGTH.unpack_from(raw, position)
        end = position + 4 + abs(size)
        stream.seek(position + 4)
        count, _, _, compression, _, _ = pickle.load(stream)
        data = raw[stream.tell() : end]
        deltas, block_weights, block_values = pickle.loads(
            zlib.decompress(data) if compression else data
        )
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        if block_weights is None:
            weights.append(np.ones(count, dtype=np.float64))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, dtype=np.float64))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))
        if with_values:
            values.extend(_values(block_values, fixedsize, count))
        position = end
        if size < 0:
            break
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), values
    return np.concatenate(ids), np.concatenate(weights), values


def _values(stored: Any, fixedsize: int | None, count: int) -> Any:
    """A block's values as Whoosh's matcher gives them (its `_read_values`)."""
    if fixedsize is None or fixedsize < 0:
        return stored
    if fixedsize == 0:
        return (None,) * count
    return tuple(stored[i : i + fixedsize] for i in range(0, len(stored), fixedsize))
