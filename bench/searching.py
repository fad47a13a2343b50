"""Search latency, measured inside a probe process over one library (see `bench.probes`).

Each query runs `repeat` times through `Library.search` (ranked hits with snippets, as the reader
and `byline search` get them) in a fresh `Library`: the first run is reported as `cold_ms` (it
opens the index and warms the caches), the others give p50 and p95. "Did you mean" is a search for
a misspelled word that matches nothing, so the time includes finding the suggestion.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.measure import PeakMemory, latency_summary

QUERIES: dict[str, str] = {
    "one term": "government",
    "two terms": "economy growth",
    "phrase": '"prime minister"',
    "field": "title:election",
    "prefix": "wor*",
    "fuzzy": "wrod~",
}
"""The query kinds the issue asks for, as a reader would type them."""

MISSPELLED = "parliamnet"
"""A word in no BBC article, one swap away from "parliament": the "did you mean" query."""


def search_run(home: str, repeat: int = 30, **_: Any) -> dict[str, Any]:
    """Latencies of every query kind, and of "did you mean", over the library at `home`."""
    from byline.library import Library

    figures: dict[str, Any] = {"queries": {}}
    with PeakMemory() as memory:
        started = time.perf_counter()
        library = Library(Path(home))
        documents = library.count()
        figures["open_ms"] = round((time.perf_counter() - started) * 1000, 2)
        figures["documents"] = documents
        for kind, query in {**QUERIES, "did you mean": MISSPELLED}.items():
            samples: list[float] = []
            total, suggestion = 0, None
            for _run in range(repeat):
                started = time.perf_counter()
                result = library.search(query)
                samples.append((time.perf_counter() - started) * 1000)
                total, suggestion = result.total, result.suggestion
            row: dict[str, Any] = {
                "query": query,
                "hits": total,
                "cold_ms": round(samples[0], 2),
                **latency_summary(samples[1:] or samples),
            }
            if kind == "did you mean":
                row["suggestion"] = suggestion
            figures["queries"][kind] = row
        library.close()
    figures.update(memory.figures())
    return figures
