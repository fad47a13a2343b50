"""Coarse part-of-speech tags (``pos_``) from the fine tags, without spaCy's attribute ruler.

The model's ``attribute_ruler`` derives ``pos_`` (with morphology and a few lemmas, which Byline
never reads) from ``tag_`` plus word and dependency exceptions, through spaCy's ``Matcher``, at
a cost of about a sixth of the whole parse. `PosFromTags` reads the same ``POS`` rules from the
model's own patterns at load time and applies them to whole columns of token attributes at once
with numpy, several times faster; later rules win, as in the ruler. Rules that set only
morphology or lemmas are dropped. Piped, it tags a whole batch of documents at once (their
columns end to end, a rule's look at a neighbouring token never crossing from one document to
the next): the 130 rules' numpy calls were otherwise made for every document, a twentieth of the
parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, get_type_hints

from spacy.language import Language

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

FACTORY = "byline_pos_from_tags"
"""The name our component is registered under with spaCy (imported only where spaCy runs)."""

ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
"""The token attributes a rule may test (columns of `Doc.to_array`); the POS rules use no others."""


class Test:
    """One attribute test of a pattern token: equal to, in, not in, or matching a pattern."""

    def __init__(self, offset: int, key: str, wanted: Any) -> None:
        from spacy.strings import get_string_id

        if key not in ATTRS:
            raise ValueError(f"unsupported attribute-ruler attribute {key!r}")
        self.offset = offset
        self.column = ATTRS.index(key)
        self.regex: re.Pattern[str] | None = None
        self.negate = False
        if key == "IS_SPACE":
            self.values = [int(bool(wanted))]
        elif not isinstance(wanted, Mapping):
            self.values = [get_string_id(str(wanted))]
        elif "IN" in wanted or "NOT_IN" in wanted:
            self.negate = "NOT_IN" in wanted
            self.values = [get_string_id(str(v)) for v in wanted.get("IN", wanted.get("NOT_IN"))]
        elif "REGEX" in wanted:
            self.regex = re.compile(wanted["REGEX"])
            self.values = []
        else:
            raise ValueError(f"unsupported attribute-ruler operator {wanted!r}")

    def __call__(self, strings: Any, table: np.ndarray) -> np.ndarray:
        """For each row of `table`, whether its token passes (`strings`: the vocabulary's)."""
        import numpy as np

        column = table[:, self.column]
        if self.regex is not None:
            found = [h for h in np.unique(column) if self.regex.search(strings[int(h)])]
            return np.isin(column, found)
        if len(self.values) == 1 and not self.negate:
            return column == self.values[0]
        return np.isin(column, self.values, invert=self.negate)


class Rule:
    """One ruler pattern that sets ``POS``: its token tests, which token gets the tag, the tag."""

    def __init__(self, pattern: list[dict[str, Any]], index: int, pos: str) -> None:
        self.tests = [
            Test(offset, key, wanted)
            for offset, spec in enumerate(pattern)
            for key, wanted in spec.items()
        ]
        self.index = index if index >= 0 else len(pattern) + index
        self.pos = pos

    def mask(self, strings: Any, table: np.ndarray, within: Within) -> np.ndarray:
        """For each token (row of `table`), whether this rule gives it its tag."""
        hit: np.ndarray | None = None
        for test in self.tests:
            here = test(strings, table)
            shift = test.offset - self.index
            if shift:
                here = within.shifted(here, shift)
            hit = here if hit is None else hit & here
        assert hit is not None
        return hit


class Within:
    """The documents of a batch, their tokens end to end: shifts a column of tests so that each
    token sees its neighbour's result, False where the neighbour is in another document or none."""

    def __init__(self, lengths: list[int]) -> None:
        import numpy as np

        self.size = sum(lengths)
        self.document = np.repeat(np.arange(len(lengths)), lengths) if len(lengths) > 1 else None
        self._same: dict[int, np.ndarray] = {}

    def shifted(self, here: np.ndarray, shift: int) -> np.ndarray:
        """`here` moved by `shift` tokens: token i gets token i + shift's value."""
        moved = self._moved(here, shift, False)
        if self.document is not None:
            same = self._same.get(shift)
            if same is None:  # the neighbour's document is the token's own
                same = self._same[shift] = self._moved(self.document, shift, -1) == self.document
            moved &= same
        return moved

    def _moved(self, values: np.ndarray, shift: int, fill: Any) -> np.ndarray:
        """`values` moved by `shift` places, `fill` where no value comes."""
        import numpy as np

        size = self.size
        moved = np.full(size, fill, dtype=values.dtype)
        if abs(shift) >= size:
            return moved
        if shift > 0:
            moved[: size - shift] = values[shift:]
        else:
            moved[-shift:] = values[: size + shift]
        return moved


class PosFromTags:
    """A pipeline component: ``pos_`` for every token from the ruler's ``POS`` rules."""

    def __init__(self, patterns: Iterable[dict[str, Any]]) -> None:
        from spacy.parts_of_speech import IDS

        self.rules = [
            Rule(pattern, entry.get("index", 0), entry["attrs"]["POS"])
            for entry in patterns
            if "POS" in entry["attrs"]
            for pattern in entry["patterns"]
        ]
        self.ids = [IDS[rule.pos] for rule in self.rules]

    def __call__(self, doc: Doc) -> Doc:
        self.tag([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """The documents of `stream`, tagged `batch_size` at a time."""
        from spacy.util import minibatch

        for batch in minibatch(stream, size=batch_size):
            self.tag(batch)
            yield from batch

    def tag(self, docs: list[Doc]) -> None:
        """Set ``pos_`` on every token of `docs`, all at once."""
        import numpy as np
        from spacy.attrs import IDS, POS

        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        columns = [IDS[key] for key in ATTRS]
        tables = [doc.to_array(columns) for doc in docs]
        table = tables[0] if len(tables) == 1 else np.concatenate(tables)
        lengths = [len(doc) for doc in docs]
        within, strings = Within(lengths), docs[0].vocab.strings
        pos = np.zeros(len(table), dtype="uint64")
        for rule, pos_id in zip(self.rules, self.ids, strict=True):
            pos[rule.mask(strings, table, within)] = pos_id
        start = 0
        for doc, length in zip(docs, lengths, strict=True):
            doc.from_array([POS], pos[start : start + length].reshape(-1, 1))  # type: ignore[arg-type]
            start += length


def make_pos_from_tags(nlp: Language, name: str) -> PosFromTags:
    """The component, built from the POS rules of the model's (disabled) ``attribute_ruler``."""
    ruler: Any = nlp.get_pipe("attribute_ruler")
    return PosFromTags(ruler.patterns)


# spaCy before 3.8.7 validates a factory's arguments against its annotations as written, and this
# module's are strings (postponed evaluation): give it the resolved types.
make_pos_from_tags.__annotations__ = get_type_hints(make_pos_from_tags)
Language.factory(FACTORY, func=make_pos_from_tags)
