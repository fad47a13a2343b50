"""The writer's pool of postings: held in columns, given back exactly as Whoosh's pool gives
them (its tuples, sorted), so a segment is written the same either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from byline.index import pool as pool_module
from byline.index.indexes import Indexes
from byline.index.pool import ColumnPool, Posting
from byline.models import Analysis, Document, Entity, EntityType, Metadata, Quote, QuoteKind

TERMS = [b"harbour", b"vote", b"\xc3\xa9t\xc3\xa9", b"a", b"zz"]


@st.composite
def _postings(draw: st.DrawFn) -> list[Posting]:
    """Postings as a writer adds them: document by document, each field's terms once per
    document, and sometimes a posting for an earlier document (as a spelling field would)."""
    items: list[Posting] = []
    for docnum in range(draw(st.integers(0, 12))):
        for field in draw(st.lists(st.sampled_from(["body", "title", "words"]), unique=True)):
            for term in draw(st.lists(st.sampled_from(TERMS), unique=True)):
                weight = float(draw(st.integers(1, 5)))
                value = draw(st.one_of(st.none(), st.binary(max_size=6)))
                items.append((field, term, docnum, weight, value))
        if draw(st.booleans()):
            value = draw(st.binary(max_size=3))
            items.append(("spell", draw(st.sampled_from(TERMS)), 0, 1.0, value))
    return items


@given(_postings())
def test_the_pool_gives_the_postings_in_the_order_whoosh_sorts_them(items: list[Posting]) -> None:
    pool = ColumnPool()
    for item in items:
        pool.add(item)
    assert len(pool) == len(items)
    assert pool.fieldnames == {item[0] for item in items}
    expected = sorted(items, key=lambda p: (p[0], p[1], p[2], p[3], p[4] or b""))
    assert list(pool.iter_postings()) == expected
    pool.cleanup()
    assert len(pool) == 0 and list(pool.iter_postings()) == []


@given(_postings())
def test_the_pool_gives_each_terms_postings_at_once_in_the_same_order(
    items: list[Posting],
) -> None:
    def filled() -> ColumnPool:
        pool = ColumnPool()
        for item in items:
            pool.add(item)
        return pool

    pool = filled()
    lists = list(pool.term_lists())
    assert len(pool) == 0 and not pool.fieldnames  # emptied as it went
    assert [key[:2] for key in lists] == sorted({item[:2] for item in items})
    flat = [
        (field, term, docnum, weight, value)
        for field, term, docnums, weights, values in lists
        for docnum, weight, value in zip(docnums, weights, values, strict=True)
    ]
    assert flat == list(filled().iter_postings())
    # Turned into lists two terms at a time, the chunks' seams are crossed.
    saved, pool_module.TERMS_AT_ONCE = pool_module.TERMS_AT_ONCE, 2
    try:
        assert list(filled().term_lists()) == lists
    finally:
        pool_module.TERMS_AT_ONCE = saved


def _documents() -> list[tuple[Document, Analysis]]:
    text = (
        "The harbour authority said the vote would pass. \u201cWe are ready,\u201d said Ama "
        "Owusu, the port's director. Prices at the café rose by 12% in Tema and Lomé."
    )
    out = []
    for number in range(30):
        body = f"{text} Report number {number} on shipping {'rarely ' * (number % 3)}seen."
        document = Document(
            path=f"/d/{number}.txt",
            format="txt",
            text=body,
            paragraphs=(),
            metadata=Metadata(title=f"Harbour report {number}"),
            content_hash=f"{number:064x}",
        )
        start = body.index("We")
        quote = Quote(
            body[start : start + 12], start, start + 12, QuoteKind.DIRECT, "Ama Owusu", "said"
        )
        analysis = Analysis(
            entities=(Entity("Ama Owusu", EntityType.PERSON), Entity("Tema", EntityType.PLACE)),
            quotes=(quote,),
        )
        out.append((document, analysis))
    return out


def _written(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every posting of both indexes after writing `_documents` in two batches, one of them
    rewriting documents of the first (updates), then the last commit's merge."""
    indexes = Indexes(folder)
    indexes.create()
    writer = indexes.writer()
    documents = _documents()
    for document, _ in documents[:20]:
        writer.put(document, Analysis(), size=1, analysed=False, new=True)
    writer.commit(merge=False)
    for document, analysis in documents[10:]:
        writer.put(document, analysis, size=1, analysed=True, new=False)
    writer.commit()
    postings = {}
    for name in ("docs", "quotes"):
        with indexes.index(name).reader() as reader:
            # "recency" holds the time of writing for an undated document: not compared
            postings[name] = [p for p in reader.iter_postings() if p[0] != "recency"]
    indexes.close()
    return postings


def test_an_index_written_through_the_pool_holds_what_whoosh_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.writing import PostingPool

    from byline.index import segments

    ours = _written(tmp_path / "ours")
    monkeypatch.setattr(segments, "ColumnPool", lambda: PostingPool(None, None, limitmb=128))
    theirs = _written(tmp_path / "theirs")
    assert len(ours["docs"]) > 500 and len(ours["quotes"]) > 50
    assert ours == theirs


def test_the_pool_counts_the_memory_it_holds() -> None:
    pool = ColumnPool()
    assert pool.nbytes() < 1_000
    for docnum in range(1_000):
        for word in range(20):
            pool.add(("body", f"w{word}".encode(), docnum, 1.0, b"\x00\x01"))
    pool.add(("body", b"rare", 999, 1.0, None))
    columns = 20_001 * (4 + 4 + 8 + 8)  # term, document, weight and end of each posting
    assert columns + 40_000 < pool.nbytes() < 2 * columns + 40_000 + 21 * 400
    pool.cleanup()
    assert pool.nbytes() < 1_000


def test_a_batch_is_committed_when_its_postings_reach_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However few its documents, a batch whose postings pass `POOL_BYTES` is committed; with
    the budget never reached, the same files go in one commit."""
    from byline import library_add
    from byline.config import Settings
    from byline.library import Library
    from tests.unit.test_library_fixtures import write_docs

    docs = write_docs(tmp_path / "docs")
    generations = []
    for budget in (1 << 30, 1):
        monkeypatch.setattr(library_add, "POOL_BYTES", budget)
        library = Library(tmp_path / f"lib-{budget}", Settings(commit_every=1_000))
        assert library.add([docs], analyse=False).ok
        assert library.search("Lisbon").total == 2
        generations.append(library.indexes.generation())
        library.close()
    assert generations[1] >= generations[0] + 2
