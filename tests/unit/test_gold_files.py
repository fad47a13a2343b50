"""The BBC gold is well-formed, and the evaluation's matcher and scorer do what their docstrings
say."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bench import gold as gd
from bench import scoring

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "bbc_gold.json"
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
KINDS = {"direct", "partial", "reported"}
TYPES = {"PERSON", "ORG", "PLACE", "MISC"}
OPENING_MARKS = "\"'`\u2018\u201c"


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def raw_text(file: str) -> str:
    return (BBC / file).read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


# ------------------------------------------------------------------------------ the gold itself


def test_header_and_shape(gold: dict) -> None:
    assert gold["corpus"] == "bbc"
    assert "UTF-8" in gold["offsets"]
    files = [d["file"] for d in gold["documents"]]
    assert len(files) == len(set(files)), "a document is listed twice"
    for d in gold["documents"]:
        assert set(d) <= {"file", "quotes", "entities", "non_quotes"}
        assert isinstance(d["quotes"], list) and isinstance(d["entities"], list)


def test_at_least_40_documents_across_five_sections(gold: dict) -> None:
    sections = Counter(d["file"].split("/")[0] for d in gold["documents"])
    assert sum(sections.values()) >= 40
    assert set(sections) == set(SECTIONS)
    assert all(sections[s] >= 8 for s in SECTIONS), sections


def test_quote_records(gold: dict) -> None:
    for d in gold["documents"]:
        for q in d["quotes"]:
            where = f"{d['file']} {q}"
            assert q["kind"] in KINDS, where
            assert isinstance(q["start"], int) and isinstance(q["end"], int), where
            assert 0 <= q["start"] < q["end"], where
            assert q["speaker"] is None or (
                isinstance(q["speaker"], str) and q["speaker"].strip()
            ), where
            assert q.get("cue") is None or isinstance(q["cue"], str), where
            assert isinstance(q.get("optional", False), bool), where


def test_entity_records(gold: dict) -> None:
    for d in gold["documents"]:
        names = [e["name"] for e in d["entities"]]
        assert len(names) == len(set(names)), f"{d['file']}: an entity is listed twice"
        for e in d["entities"]:
            assert e["type"] in TYPES, e
            assert e["name"].strip() == e["name"] and e["name"], e
            assert isinstance(e["aliases"], list) and e["name"] not in e["aliases"], e


def test_speakers_are_listed_entities(gold: dict) -> None:
    for d in gold["documents"]:
        names = {e["name"] for e in d["entities"]}
        for q in d["quotes"]:
            if q["speaker"] is not None:
                assert q["speaker"] in names, (
                    f"{d['file']}: speaker {q['speaker']!r} is not an entity"
                )


def test_spans_against_the_corpus(gold: dict, bbc_corpus: Path) -> None:
    for d in gold["documents"]:
        path = bbc_corpus / d["file"]
        assert path.is_file(), d["file"]
        text = raw_text(d["file"])
        body = text.index("\n")  # the headline is never annotated
        for q in d["quotes"]:
            s, e = q["start"], q["end"]
            where = f"{d['file']} [{s}:{e}]"
            assert body < s < e <= len(text), where
            assert not text[s].isspace() and not text[e - 1].isspace(), where
            assert "\n\n" not in text[s:e] or q["kind"] != "reported", where
            if q["kind"] in ("direct", "partial"):
                assert text[s - 1] in OPENING_MARKS, f"{where}: does not follow a quotation mark"
        for n in d.get("non_quotes", []):
            assert body < n["start"] < n["end"] <= len(text), d["file"]
            assert text[n["start"] - 1] in OPENING_MARKS, d["file"]


def test_entity_forms_occur_in_the_article(gold: dict, bbc_corpus: Path) -> None:
    # canonical party names may be absent (BBC_ANNOTATION.md); every alias is as written
    for d in gold["documents"]:
        text = raw_text(d["file"])
        for e in d["entities"]:
            for alias in e["aliases"]:
                assert alias in text, (
                    f"{d['file']}: alias {alias!r} of {e['name']!r} not in the text"
                )
            if e["type"] == "PERSON" and " " not in e["name"]:
                assert e["name"] in text, f"{d['file']}: {e['name']!r}"


# ------------------------------------------------------------------------------ the matcher


def test_span_score_overlap_of_the_longer() -> None:
    assert gd.span_score((0, 10), (0, 10)) == 1.0
    assert gd.span_score((0, 10), (5, 10)) == 0.5
    assert gd.span_score((0, 10), (10, 20)) == 0.0
    assert gd.span_score((0, 100), (0, 40)) == 0.4


def test_span_score_token_f1_rescues_an_offset_quote() -> None:
    text = "He said: Prices will rise next year, and wages will follow soon after that."
    gold = (text.index("Prices"), text.index("."))
    pred = (text.index("He"), text.index(", and"))  # starts early, stops early
    overlap_only = gd.span_score(gold, pred)
    with_tokens = gd.span_score(gold, pred, text)
    assert overlap_only < 0.5 <= with_tokens


def test_match_spans_one_to_one_best_first() -> None:
    text = '"We are ready," she said. "We will win," she added. Critics said it would fail.'
    a = (1, text.index(',"') + 1)  # We are ready,
    b = (text.index("We will"), text.index(',"', text.index("We will")) + 1)
    c = (text.index("it would"), len(text) - 1)
    gold = [a, b, c]
    pred = [(a[0], a[1] - 1), (b[0] - 1, b[1] + 1), (0, len(text))]  # near a, near b, everything
    pairs = gd.match_spans(gold, pred, text)
    assert pairs == [(0, 0), (1, 1)]
    # a prediction can match one gold quote only
    assert gd.match_spans([a, a], [a], text) == [(0, 0)]
    assert gd.match_spans([], pred, text) == [] and gd.match_spans(gold, [], text) == []


def test_align_tolerates_whitespace_quote_marks_and_position() -> None:
    clean = "Intro.\n\nShe said \u201cwe\u2019re  here\u201d. Later: we're here again."
    first = clean.index("we\u2019re")
    second = clean.index("we're here again")
    assert gd.align("we're here", clean, expected=0) == (first, first + len("we\u2019re  here"))
    span = gd.align("we're\nhere", clean, expected=len(clean))
    assert span is not None and span[0] == second
    assert gd.align("not in the text", clean) is None


def test_align_finds_a_span_whose_middle_changed() -> None:
    raw_quote = (
        "The first forty characters are the same here, then some-\nthing changed in the "
        "middle, and the last forty characters match too"
    )
    clean = "Lead. " + raw_quote.replace("some-\nthing", "something") + " End."
    span = gd.align(raw_quote, clean, 0)
    assert span is not None
    assert clean[span[0] : span[1]].startswith("The first") and clean[span[0] : span[1]].endswith(
        "match too"
    )


def test_fold_name() -> None:
    assert gd.fold_name("Mr Bannister") == gd.fold_name("bannister")
    assert gd.fold_name("Dame Julie Andrews") == "julie andrews"
    assert gd.fold_name("Jos\u00e9 N\u00fa\u00f1ez") == "jose nunez"
    assert gd.fold_name("Sir") == "sir"
    assert gd.fold_name(None) is None


def test_place_quotes_and_score_on_a_hand_built_document(tmp_path: Path) -> None:
    from types import SimpleNamespace

    raw = (
        'Headline\n\n "It works," said Ann Lee.  Lee added that it was cheap.\n\n'
        'Bob said "maybe".\n'
    )
    path = tmp_path / "a.txt"
    path.write_text(raw, encoding="utf-8")
    clean = (
        'Headline\n\n"It works," said Ann Lee. Lee added that it was cheap.\n\nBob said "maybe".'
    )

    def off(sub: str) -> dict:
        return {"start": raw.index(sub), "end": raw.index(sub) + len(sub)}

    doc = gd.GoldDoc(
        "bbc",
        path,
        "a.txt",
        [],
        [gd.GoldEntity("Ann Lee", "PERSON", ["Lee"]), gd.GoldEntity("Bob", "PERSON", [])],
        raw_quotes=[
            {**off("It works,"), "kind": "direct", "speaker": "Ann Lee"},
            {**off("it was cheap"), "kind": "reported", "speaker": "Ann Lee"},
            {**off("maybe"), "kind": "partial", "speaker": "Bob", "optional": True},
        ],
    )
    assert gd.place_quotes(doc, clean) == []
    assert [clean[q.start : q.end] for q in doc.quotes] == ["It works,", "it was cheap", "maybe"]

    Q = SimpleNamespace
    pred = [
        Q(
            start=clean.index("It works"),
            end=clean.index("It works") + 8,
            kind="direct",
            speaker="Ms Ann Lee",
        ),
        Q(
            start=clean.index("said Ann"),
            end=clean.index("said Ann") + 8,
            kind="direct",
            speaker=None,
        ),
        Q(start=clean.index("maybe"), end=clean.index("maybe") + 5, kind="partial", speaker="Bob"),
    ]
    t = scoring.Totals()
    errors: list[str] = []
    scoring.score_quotes(doc, clean, pred, t, errors)
    assert (t.direct.gold, t.direct.pred, t.direct.matched, t.direct.speaker_ok) == (1, 2, 1, 1)
    # the optional partial neither counts as gold nor as a prediction
    assert (t.all.gold, t.all.pred, t.all.matched) == (2, 2, 1)
    assert (t.reported_gold, t.reported_found) == (1, 0)
    assert any(e.startswith("MISS") and "it was cheap" in e for e in errors)
    assert any(e.startswith("FALSE+") for e in errors)

    ents = [
        Q(name="Ann Lee", aliases=("Lee",), type="PERSON"),
        Q(name="Bob", aliases=(), type="ORG"),
    ]
    scoring.score_entities(doc, ents, t, errors)
    assert (t.persons, t.persons_ok, t.people_merged) == (2, 2, 0)
    assert (t.entities, t.entities_found, t.types_ok) == (2, 2, 1)
    merged = [Q(name="Ann Lee", aliases=("Lee", "Bob"), type="PERSON")]
    t2 = scoring.Totals()
    scoring.score_entities(doc, merged, t2, [])
    assert t2.people_merged == 1  # each person is still covered; the merge is counted apart
