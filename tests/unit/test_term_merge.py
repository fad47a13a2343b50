"""A merge written a term at a time (`index.term_merge`) writes the same segment as Whoosh's
posting-by-posting `add_postings`: the same term table, postings file, stored fields and
docnums file, byte for byte, over segments with deletions, long lists and inlined values."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from byline.index import docnum_files
from byline.index.indexes import Indexes
from byline.index.segments import BatchWriter
from byline.index.writing import IndexWriter
from byline.models import Analysis, Document, Entity, EntityType, Metadata, Quote, QuoteKind

WORDS = [
    "harbour",
    "council",
    "vote",
    "budget",
    "ferry",
    "strike",
    "minister",
    "report",
    "river",
    "grain",
]


def _document(path: str, number: int) -> Document:
    # Every document shares some words (lists longer than a block of 128 postings and than the
    # docnums file's 64) and has a word of its own (lists of one posting).
    text = " ".join(WORDS[: 1 + number % len(WORDS)]) + f" own{number}. Harbour vote."
    return Document(
        path=path,
        format="txt",
        text=text,
        paragraphs=(),
        metadata=Metadata(title=f"Report {number}", date="2024-05-01"),
        content_hash=f"{number:064x}",
    )


def _analysis(number: int) -> Analysis:
    name = f"Petra Marsh{number % 3}"
    quote = Quote(
        text=f"We will vote on the budget {number}.",
        start=0,
        end=10,
        speaker=name,
        kind=QuoteKind.DIRECT,
        cue="said",
    )
    return Analysis(entities=(Entity(name=name, type=EntityType.PERSON),), quotes=(quote,))


def _library(folder: Path) -> tuple[Indexes, IndexWriter]:
    """Four segments of 150 documents, with replacements and deletions in the earlier ones,
    and the writer of the run that wrote them."""
    indexes = Indexes(folder)
    indexes.create()
    writer = indexes.writer()
    for batch in range(4):
        for number in range(batch * 150, batch * 150 + 150):
            writer.put(
                _document(f"/d/{number}.txt", number),
                _analysis(number),
                size=1,
                analysed=True,
                new=batch == 0,
            )
        if batch:
            writer.put(
                _document(f"/d/{batch}.txt", 1000 + batch), Analysis(), size=1, analysed=True
            )
            writer.delete(f"/d/{batch + 10}.txt")
        writer.commit(merge=False)
    return indexes, writer


def _merged_files(indexes: Indexes, name: str, *, by_term: bool) -> tuple[str, bytes, int]:
    """Merge one index's segments into one; its files (`_files`)."""
    from whoosh.writing import OPTIMIZE

    index = indexes.index(name)
    assert len(index._segments()) > 1
    writer = BatchWriter(index)
    writer.by_term = by_term
    writer.commit(mergetype=OPTIMIZE)
    (segment,) = index._segments()
    return _files(index, segment)


def _files(index: Any, segment: Any) -> tuple[str, bytes, int]:
    """A digest of an index's term table, postings and stored fields (one segment), its
    docnums file, and its document count."""
    from whoosh.reading import SegmentReader

    digest = hashlib.sha256()
    with SegmentReader(index.storage, index.schema, segment) as reader:
        terms = reader._terms
        for key, value in terms._tindex.items():
            digest.update(key + b"|" + value)
        for _, info in terms.items():  # each list's blocks, where the table says they are
            if not info.is_inlined():
                offset, length = info.extent()
                digest.update(bytes(terms._postfile.get(offset, _length(length))))
        for fields in reader.all_stored_fields():
            fields.pop("indexed_at", None)  # the second it was written
            digest.update(repr(sorted(fields.items())).encode())
        count = reader.doc_count()
    docnums = docnum_files.path_of(index.storage.folder, segment)
    return digest.hexdigest(), docnums.read_bytes(), count


def _length(length: int | tuple[int]) -> int:
    return length[0] if isinstance(length, tuple) else length


@pytest.mark.parametrize("name", ["docs", "quotes"])
def test_a_merge_by_term_writes_what_whoosh_posting_by_posting_writes(
    tmp_path: Path, name: str
) -> None:
    indexes, _ = _library(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    twin = Indexes(tmp_path / "b")
    by_term = _merged_files(indexes, name, by_term=True)
    by_posting = _merged_files(twin, name, by_term=False)
    assert by_term == by_posting
    assert by_term[2] == (600 - 3 if name == "docs" else 600 - 3 - 3)


def test_the_merged_library_finds_what_it_held(tmp_path: Path) -> None:
    indexes, writer = _library(tmp_path)
    writer.commit()  # the run's last commit: merges, a term at a time
    assert len(indexes.index("docs")._segments()) == 1
    with indexes.searcher("docs") as searcher:
        from whoosh import query

        assert searcher.doc_count() == 597
        assert len(searcher.search(query.Term("body", "harbour"), limit=None)) == 597
        assert len(searcher.search(query.Term("body", "own7"), limit=None)) == 1
        assert len(searcher.search(query.Term("body", "own11"), limit=None)) == 0  # deleted
        assert len(searcher.search(query.Term("people", "petra marsh1"), limit=None)) == 198


@pytest.mark.parametrize("name", ["docs", "quotes"])
def test_batches_by_term_write_what_whoosh_posting_by_posting_writes(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each batch alone, then a last batch committed with a merge of every segment.
    written = {}
    for by_term in (True, False):
        monkeypatch.setattr(BatchWriter, "by_term", by_term)
        indexes, writer = _library(tmp_path / str(by_term))
        index = indexes.index(name)
        batches = [_files(index, segment) for segment in index._segments()]
        for number in range(2000, 2040):
            writer.put(
                _document(f"/e/{number}.txt", number), _analysis(number), size=1, analysed=True
            )
        writer.put(_document("/d/3.txt", 3), Analysis(), size=1, analysed=True)
        writer.commit()
        (segment,) = index._segments()
        written[by_term] = (batches, _files(index, segment))
    assert written[True] == written[False]
    assert len(written[True][0]) == 4


def _random_documents(seed: int, count: int) -> list[dict[str, Any]]:
    """Documents of a schema with every kind of posting value, boosts floats cannot hold
    exactly, and lists of one posting to a few hundred."""
    import random

    rng = random.Random(seed)
    words = [f"w{i}" for i in range(rng.choice([3, 30, 300]))]
    documents = []
    for number in range(count):
        fields: dict[str, Any] = {"id": f"d{number}"}
        for name, most in (("body", 30), ("freq", 10), ("chars", 5)):
            if rng.random() < 0.8:
                fields[name] = " ".join(rng.choice(words) for _ in range(rng.randrange(most)))
        if rng.random() < 0.7:
            fields["kw"] = ",".join(rng.choice(words) for _ in range(rng.randrange(4)))
        if rng.random() < 0.5:
            fields["num"] = rng.randrange(-5, 1000)
        if rng.random() < 0.3:
            fields["_boost"] = rng.choice([0.1, 1.5, 1 / 3])
        elif rng.random() < 0.3:
            fields["_body_boost"] = rng.choice([0.1, 0.7, 2.0])
        documents.append(fields)
    return documents


def _raw_files(folder: Path, batches: list[list[dict[str, Any]]], by_term: bool) -> list[bytes]:
    """Each batch committed as a segment of its own files, the last merging them all; the
    files, in order of their names without the segment's id."""
    from whoosh import fields
    from whoosh import index as whoosh_index
    from whoosh.writing import OPTIMIZE

    schema = fields.Schema(
        id=fields.ID(stored=True, sortable=True),
        body=fields.TEXT(stored=True),
        freq=fields.TEXT(phrase=False),
        chars=fields.TEXT(chars=True),
        kw=fields.KEYWORD(scorable=True, commas=True),
        num=fields.NUMERIC(stored=True, sortable=True),
    )
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), schema)
    for number, batch in enumerate(batches):
        writer = BatchWriter(index, compound=False)
        writer.by_term = by_term
        for document in batch:
            writer.add_document(**document)
        writer.commit(mergetype=OPTIMIZE if number == len(batches) - 1 else _no_merge)
    (segment,) = index._segments()
    names = sorted(p.name for p in folder.iterdir() if segment.segment_id() in p.name)
    return [(folder / name).read_bytes() for name in names]


def _no_merge(writer: Any, segments: list[Any]) -> list[Any]:
    return segments


@pytest.mark.parametrize("seed", range(6))
def test_any_postings_by_term_make_the_same_files_as_whooshs(tmp_path: Path, seed: int) -> None:
    documents = _random_documents(seed, 400)
    batches = [documents[:150], documents[150:390], documents[390:]]
    ours = _raw_files(tmp_path / "ours", batches, by_term=True)
    whooshs = _raw_files(tmp_path / "whoosh", batches, by_term=False)
    assert len(ours) == len(whooshs) > 3
    assert ours == whooshs


@pytest.mark.parametrize("name", ["docs", "quotes"])
def test_a_merge_looks_for_a_missing_length_column_once_per_segment(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.writing import OPTIMIZE

    indexes, _ = _library(tmp_path)
    index = indexes.index(name)
    fields = sorted(index.schema.names())

    def lengths() -> list[list[int]]:
        with index.reader() as reader:
            return [[reader.doc_field_length(d, f) for f in fields] for d in reader.all_doc_ids()]

    before = lengths()
    asked: list[str] = []
    storage = type(index.storage)
    exists = storage.file_exists
    monkeypatch.setattr(storage, "file_exists", lambda self, n: asked.append(n) or exists(self, n))
    BatchWriter(index).commit(mergetype=OPTIMIZE)
    monkeypatch.undo()

    # Whoosh asked once per document and unscored field (over 2,000 times here).
    assert len(index._segments()) == 1
    assert 0 < len(asked) <= 4 * len(fields)
    assert lengths() == before
    assert any(any(row) for row in before)  # the scored fields do have lengths
