"""A batch's postings held in columns until its segment is written, instead of Whoosh's pool of
tuples.

Whoosh's writer keeps every posting of a batch as a tuple (field name, term, document number,
weight, encoded value) of five Python objects, about 200 bytes each; a batch of 500 articles is
about 300,000 postings, so the process that writes the index held some 60 MB for its pool
whatever the library's size, and sorted all the tuples at each commit. `ColumnPool` keeps each
distinct term once and a posting as 20-odd bytes of arrays; the segment gets the same postings in
the same order (by field, term, then document number), the terms sorted and each term's
postings gathered in the order they came.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

Posting = tuple[str, bytes, int, float, bytes | None]
"""What Whoosh's writer hands its pool: (field name, term, document number, weight, value)."""

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
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        term = self._ids.get(key)
        if term is None:
            term = self._ids[key] = len(self._ids)
            self._last.append(docnum)
            self.fieldnames.add(fieldname)
        elif docnum <= self._last[term]:
            self._unordered.add(term)
        else:
            self._last[term] = docnum
        self._term.append(term)
        self._docnum.append(docnum)
        self._weight.append(weight)
        if vbytes is None:
            self._none.add(len(self._ends))
        else:
            self._values += vbytes
        self._ends.append(len(self._values))

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
