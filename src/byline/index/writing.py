"""Writing both indexes: documents with their names and quotes, committed in batches, and the
merge policy of a run's last commit.

Quotes are committed before documents (see `IndexWriter`). A run's batches become segments of
their own, left unmerged until the run's last commit (`_last_commit_policy`); the quotes' merge
then runs in a second process (`quote_merge`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from byline import models
from byline.heap import trim_heap
from byline.index.names import fold, name_words
from byline.models import Analysis, Document, EntityType

MAX_SEGMENTS = 10
"""A run's last commit merges everything into one segment when an index has more than this."""


def _names(analysis: Analysis, kind: EntityType) -> str:
    """Folded names and aliases of one entity type, comma-separated for a KEYWORD field; for a
    person or an organisation also each word of the name (see `_keywords`): `orgs:kalahari`
    finds "Kalahari Sun Holdings" as `people:boateng` finds "Yaw Boateng". Not for a place,
    whose words name other places ("Sudan" in "South Sudan", "York" in "New York")."""
    words = kind is not EntityType.PLACE
    return ",".join(
        dict.fromkeys(
            key
            for entity in analysis.entities
            if entity.type is kind
            for key in _keywords(entity.name, entity.aliases, words=words)
        )
    )


def _display_names(analysis: Analysis, kind: EntityType) -> str:
    """The names of one entity type as the analysis gives them, one per line (see
    `schema.NAMED_FIELDS`)."""
    return "\n".join(
        dict.fromkeys(
            name
            for entity in analysis.entities
            if entity.type is kind and (name := " ".join(entity.name.split()))
        )
    )


def _keywords(name: str, aliases: tuple[str, ...] = (), *, words: bool) -> list[str]:
    """The folded forms a KEYWORD field holds for `name`: it and its aliases, and with `words`
    each word of the name, as `name_matches` compares a person's name, so that `people:boateng`
    and `speakers:boateng` find "Yaw Boateng" named only in full."""
    keys = [key for n in (name, *aliases) if (key := fold(n).replace(",", " ").strip())]
    return keys + name_words(name) if words else keys


class IndexWriter:
    """Writes documents and their quotes into both indexes, committing in batches.

    Quotes are committed before documents: if a crash falls between the two commits, the document
    still carries its old content hash, so the next run sees it as changed and writes it again.
    """

    def __init__(self, docs: Any, quotes: Any) -> None:
        self._docs_index, self._quotes_index = docs, quotes
        self._docs: Any = None
        self._quotes: Any = None
        self.pending = 0
        self._before = {"docs": _segment_ids(docs), "quotes": _segment_ids(quotes)}
        """The segments each index had before this writer's run (see `_last_commit_policy`)."""

    def pooled(self) -> int:
        """About how many bytes the batch's postings hold until the commit (both indexes')."""
        writers = (self._docs, self._quotes)
        return sum(writer.pool.nbytes() for writer in writers if writer is not None)

    def _begin(self) -> None:
        if self._docs is None:
            from byline.index.segments import BatchWriter

            self._quotes = BatchWriter(self._quotes_index)
            self._docs = BatchWriter(self._docs_index)

    def put(
        self,
        document: Document,
        analysis: Analysis,
        *,
        size: int,
        analysed: bool,
        new: bool = False,
        mtime_ns: int = 0,
    ) -> None:
        """Index (or replace) one document and its quotes under `document.path`; `size` and
        `mtime_ns` are the file's, for telling later that it did not change.

        `new=True` says the caller knows no document is indexed under this path (it was absent
        from the committed index and is written once in this run): the document is then added
        without Whoosh's lookup for one to delete, which was most of the cost of indexing. Quotes
        are still cleared, since a crash between the two commits may have left some.
        """
        self._begin()
        path = document.path
        meta = document.metadata
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        speakers = {q.speaker for q in analysis.quotes if q.speaker}
        write = self._docs.add_document if new else self._docs.update_document
        write(
            path=path,
            title=document.title,
            body=document.text,
            words=f"{document.title}\n{document.text}",
            people=_names(analysis, EntityType.PERSON),
            orgs=_names(analysis, EntityType.ORG),
            places=_names(analysis, EntityType.PLACE),
            speakers=",".join(
                dict.fromkeys(k for s in sorted(speakers) for k in _keywords(s, words=True))
            ),
            orgs_named=_display_names(analysis, EntityType.ORG),
            places_named=_display_names(analysis, EntityType.PLACE),
            names=" | ".join(n for e in analysis.entities for n in (e.name, *e.aliases)),
            date=meta.date or "",
            recency=meta.date or now,
            indexed_at=now,
            source=meta.source or "",
            format=document.format,
            content_hash=document.content_hash,
            size=size,
            mtime_ns=mtime_ns,
            # The analysis's version, not True: one from an earlier version is made again.
            analysed=models.ANALYSIS_VERSION if analysed else False,
            quote_count=len(analysis.quotes),
            people_count=len(analysis.people()),
        )
        self._quotes.delete_by_term("path", path)
        aliases = {e.name: e.aliases for e in analysis.entities}
        for position, quote in enumerate(analysis.quotes):
            speaker = quote.speaker or ""
            names = (speaker, *aliases.get(speaker, ())) if speaker else ()
            self._quotes.add_document(
                path=path,
                position=position,
                start=quote.start,
                end=quote.end,
                kind=quote.kind.value,
                cue=quote.cue,
                speaker=speaker,
                speaker_text=speaker,
                speaker_aliases=",".join(fold(n).replace(",", " ") for n in names),
                text=quote.text,
            )
        self.pending += 1

    def delete(self, path: str) -> None:
        """Remove a document and its quotes."""
        self._begin()
        self._docs.delete_by_term("path", path)
        self._quotes.delete_by_term("path", path)
        self.pending += 1

    def commit(self, *, merge: bool = True) -> None:
        """Make everything written so far durable (quotes first, see the class docstring).

        `merge=False` for the batches in the middle of a run: each batch becomes a new segment
        and earlier segments are left alone (Whoosh's merge policy otherwise rewrites them at
        every commit, which took minutes on a large build). The last commit of a run merges (see
        `_last_commit_policy`), even when nothing is pending: the run's batches become one
        segment, and an index a killed run left in more than MAX_SEGMENTS becomes one. When the
        run wrote many quotes, their merge runs in a second process beside the documents' merge
        (`quote_merge`).
        """
        if merge and self._docs is not None and self._scattered():
            # The batch in hand is merged with the run's others: written as a segment first, the
            # memory it held is given back before the merge's own grows (`heap.trim_heap`).
            self.commit(merge=False)
        if self._docs is None:
            if not (merge and self._scattered()):
                if merge:  # the segments of an older Byline get their docnums files
                    self._compile_docnums()
                return
            self._begin()
        from byline.index.quote_merge import QuoteMerge, worth_it

        writers = (("quotes", self._quotes), ("docs", self._docs))
        quotes_before = self._before["quotes"]
        split = merge and worth_it(self._quotes_index, quotes_before)
        self._docs = self._quotes = None  # whatever happens next, these writers are done
        self.pending = 0
        beside: QuoteMerge | None = None
        try:
            for name, writer in writers:
                if split and name == "quotes":
                    writer.commit(mergetype=_keep_live)  # durable first, merged beside the docs
                    beside = QuoteMerge(self._quotes_index.storage.folder, quotes_before)
                elif merge:
                    policy = _last_commit_policy(self._before[name], share=name == "docs")
                    writer.commit(mergetype=policy)
                else:
                    writer.commit(mergetype=_keep_live)
            if beside is not None:
                beside.wait()
        except BaseException:
            if beside is not None:
                beside.abandon()
            for _, writer in writers:  # release the lock of one that did not commit
                if not writer.is_closed:
                    writer.cancel()
            raise
        if merge:
            self._compile_docnums()
        trim_heap()  # the batch's postings, freed: glibc would keep them

    def will_merge(self) -> bool:
        """Whether the run's last commit (`commit()`) will merge segments: the run wrote more
        than one (counting the batch in hand), or the index has more than MAX_SEGMENTS."""
        pending = 1 if self._docs is not None else 0
        for name, index in (("quotes", self._quotes_index), ("docs", self._docs_index)):
            segments = index._segments()
            ours = [s for s in segments if s.segment_id() not in self._before[name]]
            if len(segments) + pending > MAX_SEGMENTS or len(ours) + pending > 1:
                return True
        return False

    def _scattered(self) -> bool:
        """True when the last commit must merge though nothing is pending: more than one segment
        written by this run, or more than MAX_SEGMENTS in all."""
        for name, index in (("quotes", self._quotes_index), ("docs", self._docs_index)):
            segments = index._segments()
            ours = [s for s in segments if s.segment_id() not in self._before[name]]
            if len(segments) > MAX_SEGMENTS or len(ours) > 1:
                return True
        return False

    def _compile_docnums(self) -> None:
        """The docnums files older segments lack; they only make search faster, so a failure
        here (a full disk, a damaged segment) leaves the search to Whoosh's blocks."""
        from byline.index import docnum_files

        for index in (self._quotes_index, self._docs_index):
            with contextlib.suppress(Exception):  # the next write tries again
                docnum_files.compile_missing(index)

    def cancel(self) -> None:
        """Drop what was written since the last commit."""
        if self._docs is not None:
            self._quotes.cancel()
            self._docs.cancel()
            self._docs = self._quotes = None
            self.pending = 0


def _segment_ids(index: Any) -> frozenset[str]:
    return frozenset(segment.segment_id() for segment in index._segments())


def _keep_live(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge policy for a commit in the middle of a run: no merging, but a segment
    whose documents have all been replaced (the text phase's, once the analysis has rewritten
    them) is dropped rather than read and copied by the run's last merge."""
    return [segment for segment in segments if segment.doc_count() > 0]


def _last_commit_policy(
    before: frozenset[str], *, share: bool = False
) -> Callable[[Any, list[Any]], list[Any]]:
    """Whoosh's merge policy for the last commit of a run: every segment into one when there
    are more than MAX_SEGMENTS; otherwise the run's own segments (written since `before`) into
    one with the batch being committed, and Whoosh's small-segment policy over the older ones
    (a library that grew by a few small runs is not rewritten whole each time). `share`: the
    run's segments, when many, are merged into two, one by a second process (`split_merge`; the
    documents index only: the quotes' merge already runs beside it, `quote_merge`)."""

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        from whoosh.reading import SegmentReader
        from whoosh.writing import MERGE_SMALL, OPTIMIZE

        from byline.index import split_merge

        segments = _keep_live(writer, segments)
        if len(segments) > MAX_SEGMENTS:
            return OPTIMIZE(writer, segments)
        ours = [s for s in segments if s.segment_id() not in before]
        older = [s for s in segments if s.segment_id() in before]
        if len(ours) > 1 or (ours and writer._added):
            shared = share and not writer._added
            here, there = split_merge.shares(ours) if shared else (ours, [])
            if there:  # the later ones merged by a second process meanwhile (`split_merge`)
                writer.beside = split_merge.SplitMerge(writer.storage.folder, there)
                if len(here) == 1 and not here[0].has_deletions():  # nothing to merge
                    older += here
                    here = []
            for segment in here:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
        else:
            older += ours
        return MERGE_SMALL(writer, older)

    return policy
