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
from typing import TYPE_CHECKING, Any

from byline.analysis.quote_marks import cited_text
from byline.models import Analysis, Document, Entity, EntityType, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["analyse", "analyse_many", "cited_text", "fuller_names"]

BATCH_SIZE = 32
"""Documents per spaCy batch: news articles are short, so batches stay small in memory."""


def analyse(document: Document) -> Analysis:
    """Entities and quotes of one document."""
    from byline.analysis.nlp import IN_USE, parse

    with IN_USE:
        return analyse_parsed(document, parse(document.text))


def analyse_many(
    documents: Iterable[Document], n_process: int = 1, batch_size: int = BATCH_SIZE
) -> Iterator[Analysis]:
    """Analyses of many documents, in the order given, parsing with `nlp.pipe`.

    `n_process=2` uses both cores for the parse (the costly part); the document-level work after
    it is linear in the document's length and runs in this process as results stream back.
    """
    from byline.analysis.nlp import IN_USE, parse_many

    for_text, for_result = tee(documents)
    texts = (document.text for document in for_text)
    with IN_USE:  # until the last Doc is read (see `nlp.IN_USE`)
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
    found = find_quotes(text, sdoc, entities, paragraphs)
    people, quotes = fuller_names(entities, found)
    return Analysis(entities=tuple(people), quotes=tuple(quotes))


def fuller_names(
    entities: Iterable[Entity], quotes: Iterable[Quote]
) -> tuple[list[Entity], list[Quote]]:
    """Give a person the full name the text writes for them as a speaker.

    When spaCy only ever tagged the surname ("Silvas") but attribution found the name written
    out ("Lucie Silvas" said ...), the entity takes the full name (the surname becomes an alias)
    and every quote of theirs says so, so a speaker is always an entity's canonical name.
    """
    from dataclasses import replace

    from byline.analysis.names import EntityResolver, fold

    entities, quotes = list(entities), list(quotes)
    names = {e.name for e in entities}
    resolver = EntityResolver(entities)
    renamed: dict[str, str] = {}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker in names or speaker in renamed.values():
            continue
        entity = resolver.resolve(speaker, near=quote.start)
        if (
            entity is not None
            and entity.type is EntityType.PERSON
            and entity.name not in renamed
            and fold(speaker).endswith(" " + fold(entity.name))
        ):
            renamed[entity.name] = speaker
    quotes = [_canonical(q, names, renamed, resolver) for q in quotes]
    if not renamed:
        return entities, quotes
    entities = [
        replace(e, name=renamed[e.name], aliases=tuple(sorted({*e.aliases, e.name})))
        if e.name in renamed
        else e
        for e in entities
    ]
    quotes = [replace(q, speaker=renamed[q.speaker]) if q.speaker in renamed else q for q in quotes]
    return entities, quotes


def _canonical(quote: Quote, names: set[str], renamed: dict[str, str], resolver: Any) -> Quote:
    """`quote` with a speaker that is an entity's canonical name: a name attribution wrote out
    that no person took ("Petra Marsh" when the only "Marsh" came out an organisation) becomes the
    name of the entity it resolves to, or no speaker at all rather than a name nothing lists."""
    from dataclasses import replace

    speaker = quote.speaker
    if speaker is None or speaker in names or speaker in renamed.values():
        return quote
    entity = resolver.resolve(speaker, near=quote.start)
    if entity is None:
        return replace(quote, speaker=None)
    return replace(quote, speaker=renamed.get(entity.name, entity.name))
