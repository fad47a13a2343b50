"""A blank line ends a sentence: the pipeline component that says so to the parser.

spaCy's parser reads a blank line as whitespace like any other, so a headline ran on into the
article's first sentence ("Club sets its price\\n\\nLiverpool chief executive Rick Parry said:
...") and the speaker of that sentence's quote was lost with the broken parse. Run before the
parser, this marks every blank line as a sentence start, which the parser keeps (the blank line
is then a sentence of its own, of whitespace). A cleaned document has a blank line only between
paragraphs, so no sentence is cut.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPONENT = "byline_paragraph_breaks"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def paragraph_breaks(doc: Doc) -> Doc:
    """Mark each blank line of `doc` (spaCy's whitespace token holding it) as the start of a
    sentence. The whitespace, not the word after it: a preset start on the word made the parser
    cut a one-word sentence there ("Lindsay" | "Davenport has put ..."), and the entity
    recogniser then lost the name.

    Only whitespace tokens are read: spaCy makes each run of whitespace one token (a word keeps
    at most one plain space after it), so a blank line lies within one. Reading ``doc.text``
    instead joined every token's text, a thirtieth of the parse."""
    import numpy
    from spacy.attrs import IS_SPACE

    for i in numpy.flatnonzero(doc.to_array([IS_SPACE])).tolist():
        if i > 0 and _BLANK_LINE.search(doc[i].text):
            doc[i].is_sent_start = True
    return doc


def register() -> None:
    """Make the component known to spaCy (once per process)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=paragraph_breaks)
