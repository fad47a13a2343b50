"""The sample documents carry the traits DESIGN.md asks for, and the gold file matches them.

These tests read only `sample_docs/` and `tests/gold/sample_gold.json`; they do not use Byline's
own loaders or cleaner (those are what the gold file scores), so the checks here are simple.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_docs"
GOLD_FILE = ROOT / "tests" / "gold" / "sample_gold.json"

KINDS = {"direct", "partial", "reported"}
TYPES = {"PERSON", "ORG", "PLACE", "MISC"}


@cache
def gold() -> dict:
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


def documents() -> list[dict]:
    return gold()["documents"]


def doc_ids() -> list[str]:
    return [Path(d["file"]).name for d in documents()]


def raw(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@cache
def plain_text(file: str) -> str:
    """The document's text, decoded and stripped of markup in the simplest way that works here."""
    path = ROOT / file
    if path.suffix == ".pdf":
        pdfplumber = pytest.importorskip("pdfplumber")
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    if path.suffix == ".html":
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    elif path.suffix == ".md":
        text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
        text = text.replace("**", "").replace("*", "")
    return text


def canon(text: str) -> str:
    """Compare modulo wrapping: "|" read as "I", no whitespace, no hyphens (split or compound)."""
    text = re.sub(r"(?<![^\s\"“'‘])\|(?=\s)", "I", text)
    return re.sub(r"[\s\-\u00ad]+", "", text)


# ------------------------------------------------------------------------------------------------
# The gold file itself


def test_gold_file_is_well_formed() -> None:
    docs = documents()
    assert len(docs) >= 8
    files = [d["file"] for d in docs]
    assert len(files) == len(set(files))
    for d in docs:
        assert set(d) >= {"file", "quotes", "non_quotes", "entities", "cleaning"}, d["file"]
        for q in d["quotes"]:
            assert set(q) >= {"text", "speaker", "kind", "cue"}, q
            assert q["kind"] in KINDS, q
            assert q["text"] and q["text"] == q["text"].strip(), q
            assert q["speaker"] is None or q["speaker"].strip(), q
        for e in d["entities"]:
            assert set(e) >= {"name", "type", "aliases", "role"}, e
            assert e["type"] in TYPES, e
            assert e["name"] not in e["aliases"], e
        assert set(d["cleaning"]) == {"must_contain", "must_not_contain"}, d["file"]


@pytest.mark.parametrize("doc", documents(), ids=doc_ids())
def test_gold_speakers_are_people_or_orgs_of_the_document(doc: dict) -> None:
    names = {e["name"] for e in doc["entities"] if e["type"] in {"PERSON", "ORG"}}
    for q in doc["quotes"]:
        assert q["speaker"] is None or q["speaker"] in names, (doc["file"], q["speaker"])


@pytest.mark.parametrize("doc", documents(), ids=doc_ids())
def test_every_gold_file_exists(doc: dict) -> None:
    assert (ROOT / doc["file"]).is_file(), doc["file"]


@pytest.mark.parametrize("doc", documents(), ids=doc_ids())
def test_gold_quotes_occur_in_their_document(doc: dict) -> None:
    text = canon(plain_text(doc["file"]))
    missing = [q["text"] for q in doc["quotes"] if canon(q["text"]) not in text]
    assert not missing, missing


@pytest.mark.parametrize("doc", documents(), ids=doc_ids())
def test_gold_non_quotes_and_entities_occur_in_their_document(doc: dict) -> None:
    text = canon(plain_text(doc["file"]))
    missing = [s for s in doc["non_quotes"] if canon(s) not in text]
    for e in doc["entities"]:
        if e.get("optional"):
            continue
        missing += [n for n in [e["name"], *e["aliases"]] if canon(n) not in text]
    assert not missing, missing


# ------------------------------------------------------------------------------------------------
# The traits DESIGN.md lists ("What real input looks like")


def test_meridian_txt_has_the_ocr_traits() -> None:
    text = raw("meridian-energy-analysis.txt").decode("utf-8")
    for spelling in ("Kowalczyk", "Kowalczvk", "Kowa1czyk", "Kowalczyh", "Kowalcyzk"):
        assert re.search(rf"\b{spelling}\b", text), spelling
    assert text.count("Anna Kowalczyk") == 1
    assert "nego-\ntiation" in text
    assert "Guinea-\nBissau" in text
    assert "| think" in text
    assert "[]J" in text and "[] " in text
    assert "ministrys plan" in text
    assert text.count("\f") >= 2
    pages = text.split("\f")
    assert all(p.startswith("THE MERIDIAN REVIEW · Energy & Resources\nAnalysis") for p in pages)
    assert "\n\n " in text  # a paragraph opening with a stray space
    lines = [line for line in text.splitlines() if line]
    assert max(len(line) for line in lines) <= 92
    assert sum(len(line) >= 80 for line in lines) > len(lines) // 2  # hard-wrapped near 90
    assert "© 2024 The Meridian Review" in pages[-1]
    assert "“" in text and "'He cannot sign" in text  # curly and single marks
    assert len(text.split()) >= 1500


def test_meridian_pdf_is_a_paged_pdf_with_running_headers() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(SAMPLES / "meridian-energy-analysis.pdf") as pdf:
        assert len(pdf.pages) >= 3
        assert pdf.metadata.get("Title", "").startswith("Bissau's gas gamble")
        assert pdf.metadata.get("Author") == "Helena Duarte"
        texts = [page.extract_text() for page in pdf.pages]
    for n, page in enumerate(texts, start=1):
        assert page.startswith("THE MERIDIAN REVIEW"), n
        assert page.rstrip().endswith(f"Page {n}"), n
    assert "\n\n" not in "\n".join(texts)  # no blank lines between paragraphs in the text layer
    assert "“This is the most important" in texts[0]


def test_harbour_vote_html_has_page_furniture_and_meta() -> None:
    text = raw("harbour-vote.html").decode("utf-8")
    for needle in (
        '<meta property="og:title"',
        '<meta property="og:site_name"',
        '<meta property="article:published_time"',
        '<meta name="author"',
        '<link rel="canonical"',
        "<nav",
        "<script",
        "<style",
        "cookie-banner",
        "share-bar",
        'class="related"',
        "<footer",
        "<article",
        "“",
    ):
        assert needle in text, needle


def test_interview_md_has_front_matter_and_markdown() -> None:
    text = raw("interview-ngozi-adeyemi.md").decode("utf-8")
    assert text.startswith("---\ntitle: ")
    front = text.split("---\n")[1]
    assert "author: Kemi Oduya" in front and "date: 2024-06-03" in front
    assert "\n# " in text and "\n## " in text and "**" in text and "](https://" in text


def test_port_strike_is_one_paragraph_a_line_with_a_multi_paragraph_quote() -> None:
    lines = raw("port-strike.txt").decode("utf-8").splitlines()
    assert all(line.strip() for line in lines)
    opened = [line for line in lines if line.startswith(('"When I started', '"Fifteen'))]
    assert len(opened) == 2 and all(line.count('"') == 1 for line in opened)


def test_annual_report_is_long_and_paged() -> None:
    path = SAMPLES / "annual-report-2023.txt"
    assert path.stat().st_size >= 1_000_000
    text = path.read_text(encoding="utf-8")
    assert text.count("\f") >= 100
    assert "CHAPTER 1" in text and "“" in text


def test_council_minutes_are_cp1252_not_utf8() -> None:
    data = raw("council-minutes-latin1.txt")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert "José Araújo" in text and "Zoë" in text
    assert b"\x93" in data and b"\x94" in data  # curly quotes as cp1252 bytes


def test_wire_brief_is_utf16_with_bom() -> None:
    data = raw("wire-brief-utf16.txt")
    assert data.startswith((b"\xff\xfe", b"\xfe\xff"))
    text = data.decode("utf-16")  # the codec consumes the BOM
    assert text.startswith("Ghana raises cocoa") and "\r\n" in text
    assert "\u20b5" in text  # the cedi sign: not encodable in Latin-1


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """The generator reproduces the committed text files byte for byte (the PDF is not re-made)."""
    import importlib
    import sys

    make_dir = str(SAMPLES / "_make")
    sys.path.insert(0, make_dir)
    try:
        make_samples = importlib.import_module("make_samples")
        encoded_sources = importlib.import_module("encoded_sources")
        report_source = importlib.import_module("report_source")
        assert make_samples.meridian_txt() == raw("meridian-energy-analysis.txt").decode("utf-8")
        assert report_source.build().encode("utf-8") == raw("annual-report-2023.txt")
        encoded_sources.write_all(tmp_path)
        for name in ("council-minutes-latin1.txt", "wire-brief-utf16.txt"):
            assert (tmp_path / name).read_bytes() == raw(name), name
    finally:
        sys.path.remove(make_dir)
