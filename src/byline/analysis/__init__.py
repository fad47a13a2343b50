"""Analysis: who is named in a document and who said what.

    analyse(document) -> Analysis
    analyse_many(documents, n_process=1, batch_size=32) -> Iterator[Analysis]   # same order

One document goes: parse (spaCy, `nlp.py`) -> subjects of cue verbs, as evidence of who is a
person (`attribution.speaker_hints`) -> document-level entities (`entities.find_entities`) ->
quotes found, classified and attributed, speakers canonicalised through the entities
(`quotes.find_quotes`). `cited_text(quote.text)` gives a quote's words for display and
citations, without the comma that joined them to "he said". Nothing heavy is imported until a
function runs, so `import byline.analysis` stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import tee
from typing import TYPE_CHECKING

from byline.analysis.quote_marks import cited_text
from byline.models import Analysis, Document

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["analyse", "analyse_many", "cited_text"]

BATCH_SIZE = 32
"""Documents per spaCy batch: news articles are short, so batches stay small in memory."""


def analyse(document: Document) -> Analysis:
    """Entities and quotes of one document."""
    from byline.analysis.nlp import parse

    return analyse_parsed(document, parse(document.text))


def analyse_many(
    documents: Iterable[Document], n_process: int = 1, batch_size: int = BATCH_SIZE
) -> Iterator[Analysis]:
    """Analyses of many documents, in the order given, parsing with `nlp.pipe`.

    `n_process=2` uses both cores for the parse (the costly part); the document-level work after
    it is linear in the document's length and runs in this process as results stream back.
    """
    from byline.analysis.nlp import parse_many

    for_text, for_result = tee(documents)
    texts = (document.text for document in for_text)
    for document, sdoc in zip(
        for_result, parse_many(texts, n_process=n_process, batch_size=batch_size), strict=True
    ):
        yield analyse_parsed(document, sdoc)


def analyse_parsed(document: Document, sdoc: Doc) -> Analysis:
    """Entities and quotes of a document already parsed as `sdoc`."""
    from byline.analysis.attribution import speaker_hints
    from byline.analysis.entities import find_entities
    from byline.analysis.quotes import find_quotes

    text = document.text
    hints = speaker_hints(sdoc, keep=lambda token: token.ent_type_ in ("", "PERSON"))
    entities = find_entities(text, sdoc, person_hints=hints)
    paragraphs = [(p.start, p.end) for p in document.paragraphs] or None
    quotes = find_quotes(text, sdoc, entities, paragraphs)
    return Analysis(entities=tuple(entities), quotes=tuple(quotes))
