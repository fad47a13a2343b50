"""The analysis worker's own work: stored documents analysed in groups, stored back, in order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from byline.analysis import analyse, nlp
from byline.clean import read_document
from byline.index.store import Store
from byline.library_worker import analyse_stored, pipe_groups
from byline.models import Document, Metadata

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def _text(length: int) -> Document:
    return Document(f"/{length}.txt", "txt", "x" * length, (), Metadata(), str(length))


def test_pipe_groups_keep_the_order_and_stay_under_the_limit() -> None:
    documents = [_text(n) for n in (3_000, 4_000, 2_000, 9_000, 500, 500)]
    groups = pipe_groups(documents, limit=8_000)
    assert [[len(d.text) for d in g] for g in groups] == [
        [3_000, 4_000],
        [2_000],
        [9_000],  # longer than the limit: alone
        [500, 500],
    ]
    assert pipe_groups([], limit=8_000) == []


def test_documents_analysed_in_groups_get_the_analyses_they_get_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["port-strike.txt", "op-ed-fishing-quotas.txt", "press-release-kalahari-solar.txt"]
    documents = [read_document(SAMPLES / name) for name in names]
    monkeypatch.setattr(nlp, "GROUP_CHARS", 4_000)
    assert [len(g) for g in pipe_groups(documents, 4_000)] == [1, 2]
    store = Store(tmp_path / "store")
    for document in documents:
        store.put(document, analyse(document), analysed=False)
    items = [(f"/elsewhere/{n}", d.content_hash) for n, d in zip(names, documents, strict=True)]

    results = analyse_stored(str(tmp_path / "store"), items)

    assert [r.path for r in results] == [path for path, _ in items]
    for result, document in zip(results, documents, strict=True):
        assert result.analysed and not result.reused and result.reason is None
        assert result.document == replace(document, path=result.path)
        assert result.analysis == analyse(document)
        assert result.analysis.entities  # a real analysis, not an empty one
        stored = store.get(document.content_hash)
        assert stored is not None and stored.analysed and stored.analysis == result.analysis


def test_a_loaded_document_is_stored_by_the_worker_once(tmp_path: Path) -> None:
    from byline.library_worker import process

    path = str(SAMPLES / "port-strike.txt")
    store = Store(tmp_path / "store")
    first = process(path, False, str(store.root))
    assert first.document is not None and first.stored and not first.analysed
    entry = store.get(first.document.content_hash)
    assert entry is not None and entry.document == first.document and not entry.analysed
    # The same contents again (another path, or the next run): the entry is left as it is.
    store.put(first.document, analyse(first.document), analysed=True)
    again = process(path, False, str(store.root))
    assert again.document == first.document and not again.stored
    entry = store.get(first.document.content_hash)
    assert entry is not None and entry.analysed
    assert not process(path, False).stored  # no store given: the caller stores it


def test_a_worker_never_stores_over_an_entry_written_meanwhile(tmp_path: Path) -> None:
    document = read_document(SAMPLES / "port-strike.txt")
    store = Store(tmp_path / "store")
    analysis = analyse(document)
    assert store.put(document, analysis, analysed=True, replace=False)
    # Another process found no entry a moment ago, and stores the text alone now: kept out.
    assert not store.put(document, analysis, analysed=False, replace=False)
    entry = store.get(document.content_hash)
    assert entry is not None and entry.analysed and entry.analysis == analysis
    assert not list((tmp_path / "store").rglob(".tmp-*"))
