"""The two Whoosh schemas and their analyzers. Bump SCHEMA_VERSION on any change here.

`docs` has one entry per file path; `quotes` one per quotation. Body and quote text are stemmed
(with accents folded) for recall; names are comma-separated keywords folded to lowercase without
accents, so "José Martí" and "jose marti" meet.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 6
"""The layout of both indexes. An index with another version is rebuilt from the store
(IndexOutdated, `byline.library_upgrade`)."""

SEARCH_FIELDS = ("title", "body", "people", "orgs", "places")
"""The fields a bare search word is looked up in."""

WORDS_FIELD = "words"
"""The unstemmed vocabulary of titles and bodies (see `docs_schema`)."""

NAME_FIELDS = ("people", "orgs", "places", "speakers")
"""The keyword fields of names (folded names and aliases, see `writing`)."""

LISTED_FIELDS = frozenset({WORDS_FIELD, *NAME_FIELDS})
"""The fields whose every term a segment's docnums file lists (`docnums.DocnumFile.listed`): the
vocabularies that "did you mean", `word~` and `word*` read whole."""

NAMED_FIELDS = {"ORG": "orgs_named", "PLACE": "places_named"}
"""By entity type, the field of the names as the analysis gives them, one term each, unfolded
(`_display_names`): the library's lists of organisations and places take each name's number of
documents from these fields' term tables (`queries.named`) instead of reading every analysis.
People are listed from the quotes' `speaker` field, so they have none."""

FIELD_BOOSTS = {"title": 3.0}
"""Weights of the search fields (others weigh 1)."""


def text_analyzer() -> Any:
    """Words, lowercased, accents folded, stop words dropped, Porter-stemmed."""
    from whoosh import analysis
    from whoosh.support.charset import accent_map

    return (
        analysis.RegexTokenizer()
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
        | analysis.StopFilter()
        | analysis.StemFilter()
    )


def plain_analyzer() -> Any:
    """Words, lowercased, accents folded; nothing dropped or stemmed (names, sources)."""
    from whoosh import analysis
    from whoosh.support.charset import accent_map

    return (
        analysis.RegexTokenizer() | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)
    )


def _names_keyword(stored: bool = False) -> Any:
    """A comma-separated keyword field of folded names ("petra marsh,marsh")."""
    from whoosh import analysis, fields
    from whoosh.support.charset import accent_map

    field = fields.KEYWORD(stored=stored, commas=True, lowercase=True, scorable=True)
    field.analyzer = analysis.KeywordAnalyzer(lowercase=True, commas=True) | analysis.CharsetFilter(
        accent_map
    )
    return field


def _display_names() -> Any:
    """Names as written, newline-separated, each one term: neither folded, split nor scored."""
    from whoosh import analysis, fields

    field = fields.ID()
    field.analyzer = analysis.RegexTokenizer(r"[^\n]+")
    return field


def stemmed_field(**kwargs: Any) -> Any:
    """A TEXT field of stemmed words (`text_analyzer`), indexed by `WordsField`'s fast path."""
    from byline.index.fields import WordsField

    return WordsField(analyzer=text_analyzer(), stemmed=True, **kwargs)


def plain_field(**kwargs: Any) -> Any:
    """A TEXT field of words as written (`plain_analyzer`), indexed by the fast path."""
    from byline.index.fields import WordsField

    return WordsField(analyzer=plain_analyzer(), stemmed=False, **kwargs)


def _count() -> Any:
    """A stored, sortable whole number, indexed as one term (``shift_step=0``).

    Whoosh's NUMERIC indexes by default eight terms per number, coarser and coarser, to make
    range queries fast; nothing searches these numbers by range (they are read, and sorted by
    through their column), and the coarse terms were most of the quotes index: 16 of a quote's
    postings, each one holding nearly every quote of the library."""
    from whoosh import fields

    return fields.NUMERIC(stored=True, sortable=True, shift_step=0)


def docs_schema() -> Any:
    """The documents index: what a search looks at, and what a results list shows."""
    from whoosh import fields

    return fields.Schema(
        path=fields.ID(unique=True, stored=True),
        title=stemmed_field(stored=True),
        # Positions (for phrases), not character offsets: snippets find the words in the text.
        body=stemmed_field(),
        # The words of title and body as written (not stemmed): the vocabulary that fuzzy terms
        # and "did you mean" draw on. A plain scorable field rather than whoosh's spelling=True,
        # whose unscorable twin costs a file-exists check per posting when committing.
        words=plain_field(phrase=False),
        people=_names_keyword(),
        orgs=_names_keyword(),
        places=_names_keyword(),
        speakers=_names_keyword(),
        orgs_named=_display_names(),
        places_named=_display_names(),
        names=plain_field(),
        date=fields.ID(stored=True),
        recency=fields.ID(stored=True, sortable=True),
        indexed_at=fields.STORED(),
        source=plain_field(stored=True),
        format=fields.ID(stored=True),
        content_hash=fields.ID(stored=True),
        size=fields.STORED(),
        # The file's st_mtime_ns when indexed: with `size`, a file that matches is unchanged
        # without being read.
        mtime_ns=fields.STORED(),
        analysed=fields.STORED(),
        quote_count=_count(),
        people_count=_count(),
    )


def quotes_schema() -> Any:
    """The quotes index: one entry per quotation, findable by speaker (any alias) and by words."""
    from whoosh import fields

    return fields.Schema(
        path=fields.ID(stored=True, sortable=True),
        position=_count(),  # the quote's order in its document, for sorting
        start=fields.STORED(),
        end=fields.STORED(),
        kind=fields.ID(stored=True),
        cue=fields.STORED(),
        speaker=fields.ID(stored=True),
        speaker_text=plain_field(),
        speaker_aliases=_names_keyword(stored=True),
        text=stemmed_field(stored=True),
    )
