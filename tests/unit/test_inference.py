"""The inference-only chains (`analysis.inference`): spaCy's networks give the same tags, parses
and entities with them as without."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def _parses(nlp: Any, texts: list[str]) -> list[list[tuple[str, int, str, str, str]]]:
    return [
        [(t.tag_, t.head.i, t.dep_, t.ent_iob_, t.ent_type_) for t in doc]
        for doc in nlp.pipe(texts, batch_size=4)
    ]


def test_lean_chains_parse_as_thincs_own() -> None:
    import spacy

    from byline.analysis.inference import make_lean
    from byline.analysis.nlp import MODEL, import_spacy

    import_spacy()
    nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    texts = [
        path.read_text(encoding="utf-8", errors="replace")[:5000]
        for path in sorted(SAMPLES.glob("*.txt"))
    ]
    before = _parses(nlp, texts)

    changed = make_lean(nlp)

    assert changed > 20  # the tok2vec networks' chains: thinc's chain is still the one it replaces
    assert _parses(nlp, texts) == before
    assert make_lean(nlp) == 0  # already lean


def test_the_shared_pipeline_is_lean() -> None:
    from byline.analysis.inference import make_lean
    from byline.analysis.nlp import get_nlp

    assert make_lean(get_nlp()) == 0
