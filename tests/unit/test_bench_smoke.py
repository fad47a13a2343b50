"""The benchmark suite runs: its smallest pieces over 20 documents produce numbers.

Never asserts on time (DESIGN.md: bars are measured by `bench/`, not by timed tests); only that
every figure is there and is a number.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import run  # noqa: E402
from bench.measure import probe  # noqa: E402

SAMPLE = REPO / "sample_docs"


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 short documents, each a few paragraphs with quotes, in a folder."""
    folder = tmp_path_factory.mktemp("corpus")
    base = (SAMPLE / "port-strike.txt").read_text(encoding="utf-8")
    for number in range(20):
        (folder / f"doc{number:02d}.txt").write_text(
            f"Harbour story {number}\n\n{base}\n\nWorkers said word {number} again.\n",
            encoding="utf-8",
        )
    return folder


def test_the_small_pieces_produce_numbers(corpus: Path, tmp_path: Path) -> None:
    args = run.parse_args(
        [
            "--files",
            str(corpus),
            "--cache",
            str(tmp_path / "cache"),
            "--sizes",
            "20",
            "--repeat",
            "2",
            "--presses",
            "2",
            "--text-only",
            "--json",
            str(tmp_path / "out.json"),
        ]
    )
    suite = run.Suite(args)
    suite.indexing(20)
    indexing = suite.results["indexing"]["20"]
    for key in ("documents", "seconds", "docs_per_s", "mb_per_s", "peak_rss_mb", "index_mb"):
        assert _number(indexing["text"][key]), (key, indexing["text"])
    assert indexing["text"]["documents"] == 20
    assert _number(indexing["reindex"]["seconds"]) and indexing["reindex"]["unchanged"] == 20

    suite.search(20)
    search = suite.results["search"]["20"]
    assert search["documents"] == 20
    for kind, row in search["queries"].items():
        for key in ("cold_ms", "p50_ms", "p95_ms"):
            assert _number(row[key]), (kind, row)

    added = probe("add10", {"home": str(suite.home(20)), "source": str(corpus), "analyse": False})
    assert added["added"] == 10 and _number(added["seconds"]), added

    suite.reader(20)
    reader = suite.results["reader"]
    for key in ("first_paint_from_start_s", "first_paint_from_app_s", "open_s", "peak_rss_mb"):
        assert _number(reader[key]), (key, reader)
    assert _number(reader["scroll_j"]["p95_ms"])

    suite.results["bars"] = run.bars(suite.results)
    assert {row["status"] for row in suite.results["bars"]} <= {
        "PASS",
        "FAIL",
        "not supported",
        "not measured",
    }
    run.print_report(suite.results)
