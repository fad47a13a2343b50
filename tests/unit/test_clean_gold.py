"""The cleaned sample documents meet the gold file's cleaning checks, and every gold quote reads
exactly as it does in the cleaned text (analysis points into that text by offsets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from byline.clean import read_document

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = ROOT / "tests" / "gold" / "sample_gold.json"


def _entries() -> list[dict[str, object]]:
    if not GOLD.is_file():
        return []
    documents = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    return [d for d in documents if isinstance(d, dict)]


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: str(e["file"]))
def test_sample_document_meets_the_gold_cleaning(entry: dict[str, object]) -> None:
    path = ROOT / str(entry["file"])
    if not path.is_file():
        pytest.skip(f"{entry['file']} is not here")
    text = read_document(path).text
    cleaning = entry.get("cleaning") or {}
    assert isinstance(cleaning, dict)
    for wanted in cleaning.get("must_contain", []):
        assert wanted in text
    for unwanted in cleaning.get("must_not_contain", []):
        assert unwanted not in text
    quotes = entry.get("quotes") or []
    assert isinstance(quotes, list)
    for quote in quotes:
        assert quote["text"] in text
