"""Token offsets and tags of a parsed document as plain lists, read once per document.

Walking a spaCy ``Doc`` creates a ``Token`` object at every step, and the analysis walks each
document many times, mostly to read offsets and tags. `columns` reads those with one
``Doc.to_array`` call and keeps them on the ``Doc`` (in ``user_data``), so the passes that only
need them share one cheap read and make a ``Token`` only where they find something.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

_KEY = "byline.columns"
_OUTSIDE = 2
"""``Token.ent_iob`` of a token outside every entity (``ent_iob_ == "O"``)."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Per token, by index: its text, where it starts and ends in the document's text, its fine
    tag, and whether it lies outside every entity; and the index of the token starting at each
    offset."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    tags: list[str]
    outside: list[bool]
    at: dict[int, int]


def columns(sdoc: Doc) -> Columns:
    """The `Columns` of `sdoc`, read on first use and then kept with it."""
    found = sdoc.user_data.get(_KEY)
    if isinstance(found, Columns):
        return found
    from spacy.attrs import ENT_IOB, IDX, LENGTH, ORTH, TAG

    orth, idx, length, tag, iob = sdoc.to_array([ORTH, IDX, LENGTH, TAG, ENT_IOB]).T
    starts = idx.tolist()
    made = Columns(
        _strings(sdoc, orth),
        starts,
        (idx + length).tolist(),
        _strings(sdoc, tag),
        (iob == _OUTSIDE).tolist(),
        dict(zip(starts, range(len(starts)), strict=True)),
    )
    sdoc.user_data[_KEY] = made
    return made


def _strings(sdoc: Doc, hashes: np.ndarray) -> list[str]:
    """The strings of a column of string hashes (each distinct one looked up once)."""
    import numpy as np

    distinct, where = np.unique(hashes, return_inverse=True)
    strings = sdoc.vocab.strings
    names = [strings[int(h)] if h else "" for h in distinct]
    return [names[i] for i in where.tolist()]
