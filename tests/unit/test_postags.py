"""`PosFromTags` gives every token the same ``pos_`` as the model's attribute ruler it replaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.analysis.nlp import get_nlp

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"

SENTENCES = (
    "But he said there is no plan, and that this was what they had done.",
    "There are those who do what they have to do; I'd say it's gonna be fine, y'all.",
    'Petra Marsh, a lecturer at the university, said: "We did it, didn\'t we?"',
    "£5m was paid — 3% more — to @ACME Ltd's owners & co. in 2023.",
    "   ",
    "",
)


@pytest.fixture(scope="module")
def nlp_pair():  # type: ignore[no-untyped-def]
    import spacy

    from byline.analysis.nlp import MODEL

    ruler_nlp = spacy.load(MODEL, disable=["lemmatizer"])
    return ruler_nlp, get_nlp()


def _texts() -> list[str]:
    texts = list(SENTENCES)
    for path in sorted(SAMPLES.glob("*.txt"))[:4]:
        texts.append(path.read_text(encoding="utf-8", errors="replace")[:6000])
    return texts


def test_pos_is_the_rulers_on_every_token(nlp_pair) -> None:  # type: ignore[no-untyped-def]
    ruler_nlp, ours = nlp_pair
    assert "attribute_ruler" not in ours.pipe_names
    compared = 0
    for text in _texts():
        expected = [(t.text, t.pos_) for t in ruler_nlp(text)]
        got = [(t.text, t.pos_) for t in ours(text)]
        assert got == expected, text[:60]
        compared += len(got)
    assert compared > 1000


def test_every_token_gets_a_pos(nlp_pair) -> None:  # type: ignore[no-untyped-def]
    _, ours = nlp_pair
    doc = ours("Mr Howard told the BBC on Tuesday that the plan was 'dead'.")
    assert all(t.pos_ for t in doc)
    assert doc[1].pos_ == "PROPN" and doc[2].pos_ == "VERB"


@pytest.mark.parametrize("batch_size", [2, 3, 50])
def test_pos_of_piped_batches_is_the_rulers(nlp_pair, batch_size: int) -> None:  # type: ignore[no-untyped-def]
    # A batch's documents are tagged end to end: a rule that looks at the token before must not
    # see the previous document's ("is" after an expletive "there" is a VERB, not an AUX).
    ruler_nlp, ours = nlp_pair
    texts = [*_texts(), "Is there", "is", "", "There", "is", "Was there", "are they"]
    first = texts.index("Is there")
    assert first // batch_size == (first + 1) // batch_size  # "Is there" and "is" in one batch
    expected = [[(t.text, t.pos_) for t in doc] for doc in ruler_nlp.pipe(texts)]
    got = [[(t.text, t.pos_) for t in doc] for doc in ours.pipe(texts, batch_size=batch_size)]
    assert got == expected
