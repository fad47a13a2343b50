"""Library-wide questions answered from the indexes: quotes by speaker, speakers, documents naming
someone, recent documents. Each streams stored fields rather than loading the library."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from byline.index.names import fold, name_words
from byline.index.query_syntax import empty_fields_plugin, fuzzy_plugin


def speaker_query(name: str) -> Any:
    """Quotes whose speaker is `name`: equal (folded) to the canonical name or any alias, or whose
    canonical name contains every word of `name` ("Marsh" finds "Petra Marsh")."""
    from whoosh import query

    words = name_words(name)
    options: list[Any] = [query.Term("speaker_aliases", fold(name))]
    if words:
        options.append(query.And([query.Term("speaker_text", w) for w in words]))
    return query.Or(options)


def find_quotes(
    searcher: Any, speaker: str | None, text_query: str | None, paths: list[str] | None
) -> Iterator[dict[str, Any]]:
    """Stored fields of matching quotes, by document path then position in the document."""
    from whoosh import qparser, query

    parts: list[Any] = []
    if speaker:
        parts.append(speaker_query(speaker))
    if text_query:
        parser = qparser.QueryParser("text", _indexed(searcher.schema), group=qparser.AndGroup)
        parser.add_plugin(fuzzy_plugin())
        parser.add_plugin(empty_fields_plugin())
        parts.append(parser.parse(text_query))
    if paths is not None:
        parts.append(query.Or([query.Term("path", p) for p in paths]))
    yield from _in_document_order(searcher, query.And(parts) if parts else query.Every())


def _indexed(schema: Any) -> Any:
    """`schema` without its stored-only fields: a query's "end:" or "start:" is then words to
    look for, where Whoosh's parser failed on a field it cannot search."""
    from whoosh.fields import Schema

    return Schema(**{name: field for name, field in schema.items() if field.indexed})


def quotes_of(searcher: Any, speaker: str, people: Any = None) -> Iterator[dict[str, Any]]:
    """Stored fields of the quotes `speakers` counts for `speaker`: attributed to that name in a
    spelling that folds alike (not to "Tony Blair" for "Blair", as `speaker_query` finds), and,
    given the documents' searcher `people`, to the bare surnames `speakers` counts with it
    (`lone_surnames`); by path then position."""
    from whoosh import query

    spellings = spellings_of(searcher, "speaker", speaker)
    words = fold(speaker).split()
    # Only a name of several words can take a bare surname, and only one quoted alone: the
    # documents' names are read (`lone_surnames`) just then.
    lone = spellings_of(searcher, "speaker", words[-1]) if len(words) > 1 else []
    if people is not None and lone:
        joined = lone_surnames(term_counts(searcher, "speaker"), people)
        if joined.get(words[-1]) == " ".join(words):
            spellings += lone
    if spellings:
        terms = [query.Term("speaker", s) for s in spellings]
        yield from _in_document_order(searcher, query.Or(terms))


def _in_document_order(searcher: Any, q: Any) -> Iterator[dict[str, Any]]:
    for hit in searcher.search(q, limit=None, sortedby=["path", "position"]):
        yield dict(hit.fields())


def speakers(searcher: Any, people: Any = None) -> list[tuple[str, int]]:
    """Everyone quoted in the library with their number of quotes, most quoted first (spellings
    that fold alike, "Labour Party" and "Labour party", are one speaker; see `by_folded_name`).
    Given the documents' searcher `people`, a bare surname quoted in documents that never give
    the full name counts for the one person the library knows by that surname (`lone_surnames`:
    "Parry" with "Rick Parry")."""
    counts = term_counts(searcher, "speaker")
    joined = lone_surnames(counts, people) if people is not None else {}
    return by_folded_name(counts, joined)


def lone_surnames(speakers: Counter[str], people: Any) -> dict[str, str]:
    """Folded one-word speakers that are the surname of exactly one person named in the library
    (the documents' `people` field, names and aliases), that person being quoted too: folded
    surname -> folded full name. "Parry" joins "Rick Parry"; "Blair" stays alone beside "Tony
    Blair" and "Cherie Blair"; "France" stays a speaker of its own (a place somewhere in the
    library, whatever one document's labels say)."""
    from byline.index.vocabulary import segment_terms

    def names(field: str) -> set[str]:
        return {
            fold(_text(term))
            for leaf, _base in people.reader().leaf_readers()
            if field in leaf.schema
            for term in segment_terms(leaf, field)
        }

    people_names = names("people")
    named = people_names - names("orgs") - names("places")  # not "France" of a stray label
    quoted = {fold(name) for name in speakers}
    owners: dict[str, set[str]] = {}
    for name in people_names:
        words = name.split()
        if len(words) > 1:
            owners.setdefault(words[-1], set()).add(name)
    joined: dict[str, str] = {}
    for name in quoted:
        found = owners.get(name, set())
        if " " not in name and name in named and len(found) == 1:
            full = next(iter(found))
            if full in quoted:
                joined[name] = full
    return joined


def named(searcher: Any, field: str) -> list[tuple[str, int]]:
    """The names of one of `schema.NAMED_FIELDS` with the number of documents naming each, most
    first (spellings that fold alike, "Café Luz" and "Cafe Luz", are one name)."""
    return by_folded_name(term_counts(searcher, field))


def by_folded_name(
    counts: Counter[str], joined: dict[str, str] | None = None
) -> list[tuple[str, int]]:
    """Counts by name with the names that fold alike added up, each shown in its most common
    spelling (on a tie, the first in code-point order, however the segments lie); most first.
    `joined` adds the counts of some folded names to others' (`lone_surnames`), shown in the
    others' spelling."""
    spellings: dict[str, Counter[str]] = {}
    extra: Counter[str] = Counter()
    for name, count in counts.items():
        key = fold(name)
        if joined and key in joined:
            extra[joined[key]] += count
        else:
            spellings.setdefault(key, Counter())[name] += count
    rows = [(min(c, key=lambda s: (-c[s], s)), c.total() + extra[k]) for k, c in spellings.items()]
    return sorted(rows, key=lambda item: (-item[1], item[0]))


def spellings_of(searcher: Any, field: str, name: str) -> list[str]:
    """The terms of `field` that fold like `name`: the spellings `by_folded_name` added up (read
    with `vocabulary.segment_terms`, a fifth of the time of Whoosh's lexicon: a list of names is
    read again at each name chosen)."""
    from byline.index.vocabulary import segment_terms

    key = fold(name)
    found = {
        text
        for leaf, _base in searcher.reader().leaf_readers()
        if field in leaf.schema
        for term in segment_terms(leaf, field)
        if fold(text := _text(term)) == key
    }
    return sorted(found)


def _text(term: bytes | str) -> str:
    """A term as text (Whoosh gives bytes from a term table, text elsewhere)."""
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def term_counts(searcher: Any, field: str) -> Counter[str]:
    """How many live documents hold each term of `field`.

    A segment without deletions gives each term's count from its term table; only a segment
    with deletions has its postings counted one by one (counting every posting of `speaker`
    took 22 s for the 273,747 quotes of a 100,000-document library, this 1.4 s, the same
    counts)."""
    counts: Counter[str] = Counter()
    for leaf, _base in searcher.reader().leaf_readers():
        if field not in leaf.schema:
            continue
        deleted = leaf.has_deletions()
        for term, info in leaf.iter_field(field):
            name = _text(term)
            if not name:
                continue
            if deleted:
                count = sum(1 for _ in leaf.postings(field, term).all_ids())
            else:
                count = info.doc_frequency()
            if count:
                counts[name] += count
    return counts


def documents_naming(searcher: Any, name: str) -> Iterator[dict[str, Any]]:
    """Stored fields of documents that name `name` as a person, organisation or place (any alias,
    or the words of the name in that order inside an entity name), most recent first."""
    from whoosh import query

    key = fold(name)
    words = name_words(name)
    options: list[Any] = [query.Term(field, key) for field in ("people", "orgs", "places")]
    if len(words) == 1:
        options.append(query.Term("names", words[0]))
    elif words:
        options.append(query.Phrase("names", words))
    yield from _newest_first(searcher, query.Or(options))


def documents_named(searcher: Any, field: str, name: str) -> Iterator[dict[str, Any]]:
    """Stored fields of the documents `named` counts for `name` in `field` (one of
    `schema.NAMED_FIELDS`): those naming it in any spelling that folds alike, most recent first.
    Unlike `documents_naming`, not those naming it as another type or inside a longer name."""
    from whoosh import query

    spellings = spellings_of(searcher, field, name)
    if spellings:
        yield from _newest_first(searcher, query.Or([query.Term(field, s) for s in spellings]))


def _newest_first(searcher: Any, q: Any) -> Iterator[dict[str, Any]]:
    results = searcher.search(q, limit=None, sortedby="recency", reverse=True)
    for docnum in results.docs():
        yield searcher.stored_fields(docnum)


def recent(searcher: Any, limit: int) -> list[dict[str, Any]]:
    """Stored fields of the `limit` newest documents (by date, else by when they were indexed;
    on a tie, the later indexed first)."""
    found: list[tuple[bytes, int]] = []
    for reader, base in searcher.reader().leaf_readers():
        newest = _newest_in_segment(reader, limit)
        if newest is None:  # a column this code does not know: let Whoosh sort
            return _recent_by_whoosh(searcher, limit)
        found.extend((key, base + docnum) for key, docnum in newest)
    found.sort(reverse=True)
    return [dict(searcher.stored_fields(docnum)) for _, docnum in found[:limit]]


def _recent_by_whoosh(searcher: Any, limit: int) -> list[dict[str, Any]]:
    from whoosh import query

    results = searcher.search(query.Every(), limit=limit, sortedby="recency", reverse=True)
    return [dict(hit.fields()) for hit in results]


def _newest_in_segment(reader: Any, limit: int) -> list[tuple[bytes, int]] | None:
    """The `limit` live documents of one segment with the greatest `recency`, as (value,
    docnum), read as whole arrays: Whoosh's sort reads the column value by value (about 250 ms
    for the list the reader opens on, at 100,000 documents; this takes a few ms)."""
    import numpy as np

    if not reader.has_column("recency"):
        return []
    column = reader.column_reader("recency", translate=False)
    try:
        dbfile, basepos = column._dbfile, column._basepos
        offsets = np.asarray(column._offsets, dtype=np.int64)
        lengths = np.asarray(column._lengths, dtype=np.int64)
    except AttributeError:
        return None
    if not len(lengths):
        return []
    width = int(lengths.max())
    if width == 0:
        keys = np.zeros(len(lengths), dtype="S1")
    else:
        end = int((offsets + lengths).max())
        data = np.frombuffer(bytes(dbfile.get(basepos, end)) + bytes(width), dtype=np.uint8)
        spread = offsets[:, None] + np.arange(width)[None, :]
        inside = np.arange(width)[None, :] < lengths[:, None]
        keys = np.where(inside, data[spread], 0).astype(np.uint8).view(f"S{width}").ravel()
    # Newest first; among equal values the higher docnum (indexed later) first.
    order = np.argsort(keys, kind="stable")[::-1]
    deletions = reader.has_deletions()
    newest: list[tuple[bytes, int]] = []
    for docnum in map(int, order):
        if deletions and reader.is_deleted(docnum):
            continue
        newest.append((bytes(keys[docnum]), docnum))
        if len(newest) == limit:
            break
    return newest
