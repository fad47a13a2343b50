"""The inference-only chains and maxout layers (`analysis.inference`): spaCy's networks give the
same tags, parses and entities with them as without."""

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


def test_lean_maxout_gives_thincs_numbers() -> None:
    import numpy
    from thinc.api import Maxout
    from thinc.layers.maxout import forward as thinc_forward

    from byline.analysis.inference import _lean_maxout

    rng = numpy.random.default_rng(7)
    for pieces in (1, 2, 3, 4):
        layer = Maxout(nO=5, nI=7, nP=pieces)
        X = rng.normal(size=(11, 7)).astype("f")
        layer.initialize(X=X)
        layer.set_param("b", rng.normal(size=layer.get_param("b").shape).astype("f"))
        expected, _ = thinc_forward(layer, X, is_train=False)
        lean, _ = _lean_maxout(thinc_forward)(layer, X, is_train=False)
        assert lean.shape == expected.shape == (11, 5)
        assert numpy.array_equal(lean, expected)


def test_lean_layers_cannot_be_trained() -> None:
    import numpy
    import pytest
    from thinc.api import Maxout
    from thinc.layers.maxout import forward as thinc_forward

    from byline.analysis.inference import _lean_maxout

    layer = Maxout(nO=3, nI=4, nP=2)
    X = numpy.ones((2, 4), dtype="f")
    layer.initialize(X=X)
    _, backprop = _lean_maxout(thinc_forward)(layer, X, is_train=False)
    with pytest.raises(RuntimeError, match="inference only"):
        backprop(numpy.ones((2, 3), dtype="f"))
    _, trainable = _lean_maxout(thinc_forward)(layer, X, is_train=True)
    assert trainable(numpy.ones((2, 3), dtype="f")).shape == (2, 4)


def test_the_shared_pipeline_is_lean() -> None:
    from byline.analysis.inference import make_lean
    from byline.analysis.nlp import get_nlp

    assert make_lean(get_nlp()) == 0


def test_lean_layernorm_gives_thincs_numbers() -> None:
    import numpy
    from thinc.api import LayerNorm
    from thinc.layers.layernorm import forward as thinc_forward

    from byline.analysis.inference import _lean_layernorm

    rng = numpy.random.default_rng(11)
    layer = LayerNorm(nI=96)
    X = (rng.normal(size=(300, 96)) * rng.uniform(0.1, 30, size=(300, 1))).astype("f")
    layer.initialize(X=X)
    layer.set_param("G", rng.normal(size=96).astype("f"))
    layer.set_param("b", rng.normal(size=96).astype("f"))
    expected, _ = thinc_forward(layer, X, is_train=False)
    lean, _ = _lean_layernorm(thinc_forward)(layer, X, is_train=False)
    assert lean.dtype == expected.dtype
    assert numpy.array_equal(lean, expected)
