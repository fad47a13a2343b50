"""A batch's postings held in columns until its segment is written, instead of Whoosh's pool of
tuples.

Whoosh's writer keeps every posting of a batch as a tuple (field name, term, document number,
weight, encoded value) of five Python objects, about 200 bytes each; a batch of 500 articles is
about 300,000 postings, so the process that writes the index held some 60 MB for its pool
whatever the library's size, and sorted all the tuples at each commit. `ColumnPool` keeps each
distinct term once and a posting as 20-odd bytes of arrays; the segment gets the same postings in
the same order (by field, term, then document number), the terms sorted and each term's
postings gathered in the order they came: one posting at a time (`iter_postings`, Whoosh's
way), or each term's all at once (`term_lists`, for `term_merge`): the columns put in order by
numpy one at a time, each freed once its ordered copy is made, and made into Python lists a few
thousand terms at a time (the main process's peak on the BBC run grew 5 MB with it).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator

import numpy as np

Posting = tuple[str, bytes, int, float, bytes | None]
"""What Whoosh's writer hands its pool: (field name, term, document number, weight, value)."""

TermList = tuple[str, bytes, list[int], list[float], list[bytes | None]]
"""(field, term, document numbers, weights, values) of one term (as `term_merge.TermList`)."""

TERMS_AT_ONCE = 4096
"""Terms whose postings `term_lists` turns into Python lists at a time."""

TERM_BYTES = 200
"""About what a distinct term costs the pool besides its postings: its key (a tuple of the field
name and the term's bytes) and the dictionary's entry for it."""


class ColumnPool:
    """The pool of a `segments.BatchWriter`: `add` takes Whoosh's posting tuples and
    `iter_postings` gives them back sorted, as Whoosh's `PostingPool` does (it never spills:
    the caller commits in batches)."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._ids: dict[tuple[str, bytes], int] = {}
        self._last = array("q")
        """Per term, the document number of its last posting (to notice one out of order)."""
        self._unordered: set[int] = set()
        """Terms whose postings did not come in increasing document numbers."""
        self._term = array("I")
        self._docnum = array("I")
        self._weight = array("d")
        self._values = bytearray()
        self._ends = array("Q")
        self._none: set[int] = set()
        """Postings whose value is None rather than bytes."""
        self.fieldnames: set[str] = set()

    def add(self, item: Posting) -> None:
        """Add one posting, as Whoosh's writer hands them (`add_field` hands a field's at once)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, ((tbytes, 0, weight, vbytes),), 1.0)

    def add_field(
        self,
        fieldname: str,
        docnum: int,
        items: Iterable[tuple[bytes, int, float, bytes | None]],
        boost: float,
    ) -> int:
        """`add` each of one field's postings in a document, as Whoosh's writer does (items as
        `FieldType.index` gives them, the weights times `boost`), in one call; the sum of their
        frequencies."""
        ids, last, unordered = self._ids, self._last, self._unordered
        terms, docnums, weights, ends, none = (
            self._term,
            self._docnum,
            self._weight,
            self._ends,
            self._none,
        )
        values = self._values
        length = 0
        for tbytes, freq, weight, vbytes in items:
            weight *= boost  # (first: a bad item fails before any column grows)
            length += freq
            key = (fieldname, tbytes)
            term = ids.get(key)
            if term is None:
                term = ids[key] = len(ids)
                last.append(docnum)
                self.fieldnames.add(fieldname)
            elif docnum <= last[term]:
                unordered.add(term)
            else:
                last[term] = docnum
            terms.append(term)
            docnums.append(docnum)
            weights.append(weight)
            if vbytes is None:
                none.add(len(ends))
            else:
                values += vbytes
            ends.append(len(values))
        return length

    def __len__(self) -> int:
        return len(self._term)

    def nbytes(self) -> int:
        """About how much memory the pool holds: its columns as allocated, and its terms."""
        columns = (self._last, self._term, self._docnum, self._weight, self._ends)
        held = sum(column.buffer_info()[1] * column.itemsize for column in columns)
        return held + len(self._values) + TERM_BYTES * len(self._ids)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, ordered by field, term and document number (then weight and value,
        as a sort of the tuples would order postings of one document)."""
        order, starts = self._gather()
        docnums, weights, values, ends, none = (
            self._docnum,
            self._weight,
            self._values,
            self._ends,
            self._none,
        )
        for (fieldname, tbytes), term in sorted(self._ids.items()):
            postings: list[Posting] = []
            for i in order[starts[term] : starts[term + 1]]:
                value = None if i in none else bytes(values[ends[i - 1] if i else 0 : ends[i]])
                postings.append((fieldname, tbytes, docnums[i], weights[i], value))
            if term in self._unordered:
                postings.sort(key=lambda p: (p[2], p[3], p[4] or b""))
            yield from postings

    def term_lists(self) -> Iterator[TermList]:
        """Each term's postings at once, ordered by field and term, as `term_merge` writes them:
        the same postings as `iter_postings` in the same order, without a tuple per posting.

        This empties the pool: its columns are put in that order at once (numpy) and freed, so
        the commit holds about what the batch held, and the ordered columns are turned into
        Python lists `TERMS_AT_ONCE` terms at a time."""
        keys = sorted(self._ids.items())
        unordered, none_at = self._unordered, self._none
        count = len(self._term)
        rank = np.empty(len(keys), dtype=np.uint32)
        rank[np.fromiter((term for _, term in keys), dtype=np.int64, count=len(keys))] = np.arange(
            len(keys), dtype=np.uint32
        )
        ranks = rank[np.frombuffer(self._term, dtype=np.uint32)]
        self._term = array("I")
        order = np.argsort(ranks, kind="stable")
        starts = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ranks, minlength=len(keys)), out=starts[1:])
        del rank, ranks
        # Each column put in order, then freed (a commit holds little more than the batch did).
        docnums = np.frombuffer(self._docnum, dtype=np.uint32)[order]
        self._docnum = array("I")
        weights = np.frombuffer(self._weight, dtype=np.float64)[order]
        self._weight = array("d")
        wide = np.uint64 if len(self._values) >= 1 << 32 else np.uint32
        offsets = np.zeros(count + 1, dtype=wide)
        offsets[1:] = np.frombuffer(self._ends, dtype=np.uint64)
        self._ends = array("Q")
        begins, ends = offsets[:-1][order], offsets[1:][order]
        del offsets
        none: list[int] = []  # where the postings whose value is None went (sorted)
        if none_at:
            where = np.empty(count, dtype=np.int64)
            where[order] = np.arange(count)
            none = sorted(int(where[i]) for i in none_at)
        del order
        data = bytes(self._values)
        self._reset()
        for first in range(0, len(keys), TERMS_AT_ONCE):
            last = min(first + TERMS_AT_ONCE, len(keys))
            low, high = int(starts[first]), int(starts[last])
            ids = docnums[low:high].tolist()
            kept = weights[low:high].tolist()
            pieces = zip(begins[low:high].tolist(), ends[low:high].tolist(), strict=True)
            values: list[bytes | None] = [data[b:e] for b, e in pieces]
            for at in none[bisect_left(none, low) : bisect_left(none, high)]:
                values[at - low] = None
            bounds = (starts[first : last + 1] - low).tolist()
            for rank_, ((fieldname, tbytes), term) in enumerate(keys[first:last]):
                a, b = bounds[rank_], bounds[rank_ + 1]
                if term in unordered:
                    rows = sorted(
                        zip(ids[a:b], kept[a:b], values[a:b], strict=True),
                        key=lambda row: (row[0], row[1], row[2] or b""),
                    )
                    yield (
                        fieldname,
                        tbytes,
                        [row[0] for row in rows],
                        [row[1] for row in rows],
                        [row[2] for row in rows],
                    )
                else:
                    yield fieldname, tbytes, ids[a:b], kept[a:b], values[a:b]

    def _gather(self) -> tuple[array[int], array[int]]:
        """The postings' positions in the columns grouped by term (a counting sort, stable), and
        where each term's group starts (its end is where the next one starts)."""
        terms = len(self._ids)
        starts = array("Q", bytes(8 * (terms + 1)))
        for term in self._term:
            starts[term + 1] += 1
        for term in range(terms):
            starts[term + 1] += starts[term]
        fill = array("Q", starts)
        order = array("Q", bytes(8 * len(self._term)))
        for i, term in enumerate(self._term):
            order[fill[term]] = i
            fill[term] += 1
        return order, starts

    def cleanup(self) -> None:
        """Forget everything (Whoosh calls this once the segment is written, or cancelled)."""
        self._reset()
