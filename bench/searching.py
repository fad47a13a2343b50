"""Search latency, measured inside a probe process over one library (see `bench.probes`), and,
run as a script, side by side with Recoll:

    python bench/searching.py [--sizes 2225,10000] [--repeat 30] [--no-recoll] [--json FILE]

Each query runs `repeat` times through `Library.search` (ranked hits with snippets, as the reader
and `byline search` get them, 20 a page) in a fresh `Library`: the first run is reported as
`cold_ms` ("first" in the table), the others give p50 and p95. "Did you mean" is a search for a
misspelled word that matches nothing, so the time includes finding the suggestion; it runs first,
so its first run is a reader's first search (opening the index and reading its vocabulary).
Recoll's figures are `recollq -A -n 20` over the same files, a process per query.

The script uses the cached libraries (`lib-2225-text`, the BBC articles as text alone, built here
when missing; `lib-N` for the synthetic sizes, built by `bench/run.py --text-only`) and Recoll's
indexes (`recoll-search-2225`, `recoll-N`). A library from an older schema version is rebuilt
from its store when it is first opened here, before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import PeakMemory, latency_summary

QUERIES: dict[str, str] = {
    "one term": "government",
    "two terms": "economy growth",
    "phrase": '"prime minister"',
    "field": "title:election",
    "prefix": "wor*",
    "prefix gov*": "gov*",
    "fuzzy": "wrod~",
}
"""The query kinds the issue asks for, as a reader would type them."""

MISSPELLED = "parliamnet"
"""A word in no BBC article, one swap away from "parliament": the "did you mean" query."""


def search_run(home: str, repeat: int = 30, **_: Any) -> dict[str, Any]:
    """Latencies of every query kind, and of "did you mean", over the library at `home`."""
    from byline.library import Library

    figures: dict[str, Any] = {"queries": {}}
    # A library written before the docnums files existed gets them first, as its next write
    # would give them (not timed here: once per library).
    library = Library(Path(home))
    started = time.perf_counter()
    if library.indexes.compile_docnums():
        figures["docnums_compile_s"] = round(time.perf_counter() - started, 2)
    library.close()
    with PeakMemory() as memory:
        started = time.perf_counter()
        library = Library(Path(home))
        documents = library.count()
        figures["open_ms"] = round((time.perf_counter() - started) * 1000, 2)
        figures["documents"] = documents
        # "Did you mean" first: its first run is a reader's first search, misspelled (opening
        # the index and reading its vocabulary); each other kind's first run is its own.
        for kind, query in {"did you mean": MISSPELLED, **QUERIES}.items():
            samples: list[float] = []
            cpu: list[float] = []
            total, suggestion = 0, None
            for _run in range(repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                result = library.search(query)
                samples.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                total, suggestion = result.total, result.suggestion
            on_cpu = latency_summary(cpu[1:] or cpu)
            row: dict[str, Any] = {
                "query": query,
                "hits": total,
                "cold_ms": round(samples[0], 2),
                **latency_summary(samples[1:] or samples),
                # CPU time of the probe: on a loaded machine, close to the wall time when idle.
                "cpu_p50_ms": on_cpu["p50_ms"],
                "cpu_p95_ms": on_cpu["p95_ms"],
            }
            if kind == "did you mean":
                row["suggestion"] = suggestion
            figures["queries"][kind] = row
        library.close()
    figures.update(memory.figures())
    return figures


BBC_SIZE = 2225


def _library_home(cache: Path, size: int) -> Path | None:
    """The cached library of `size` documents (opened once, so an older schema version is
    rebuilt before the timing), built here for the BBC articles when missing; None when a
    synthetic one is not usable."""
    from bench import corpora

    from byline.errors import IndexDamaged
    from byline.library import Library

    home = cache / (f"lib-{size}-text" if size == BBC_SIZE else f"lib-{size}")
    try:
        if home.exists():
            library = Library(home)
            count = library.count()
            library.close()
            if size != BBC_SIZE or count == size:
                return home
    except IndexDamaged as error:
        if size != BBC_SIZE:
            print(f"{size}: {error} (bench/run.py --rebuild --text-only)", file=sys.stderr)
            return None
    if size != BBC_SIZE:
        return None
    import shutil

    shutil.rmtree(home, ignore_errors=True)
    print(f"{size}: indexing the BBC articles (text alone) into {home}", file=sys.stderr)
    library = Library(home)
    library.add([corpora.BBC / section for section in corpora.SECTIONS], analyse=False)
    library.close()
    return home


def _recoll_dir(cache: Path, size: int) -> Path | None:
    """Recoll's index over the same files, built when missing; None without Recoll."""
    from bench import corpora, recoll

    if not recoll.ensure_recoll():
        return None
    if size == BBC_SIZE:
        confdir = cache / "recoll-search-2225"
        folders = [corpora.BBC / section for section in corpora.SECTIONS]
    else:
        confdir = cache / f"recoll-{size}"
        folders = [corpora.synthetic_corpus(size)]
    if not (confdir / "xapiandb").exists():
        print(f"{size}: indexing with Recoll into {confdir}", file=sys.stderr)
        recoll.index(folders, confdir)
    return confdir


def _ratio(ours: float | None, theirs: float | None) -> str:
    return f"{ours / theirs:.1f}x" if ours and theirs else "-"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    """Measure every query kind at each size, Byline and Recoll, and print one table."""
    from bench import corpora, recoll
    from bench.measure import load, probe

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=f"{BBC_SIZE},10000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-recoll", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    cache = corpora.cache_root()
    results: dict[str, Any] = {"load_at_start": load(), "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        home = _library_home(cache, size)
        if home is None:
            results["sizes"][str(size)] = {"error": "no usable library"}
            continue
        ours = probe("search", {"home": str(home), "repeat": args.repeat})
        theirs: dict[str, Any] = {}
        confdir = None if args.no_recoll else _recoll_dir(cache, size)
        if confdir is not None:
            theirs = recoll.query_figures(confdir, repeat=min(args.repeat, 15))
        results["sizes"][str(size)] = {"byline": ours, "recoll": theirs}
    results["load_at_end"] = load()
    print(
        f"load average {results['load_at_start'][0]:.1f} at the start, "
        f"{results['load_at_end'][0]:.1f} at the end (2 cores shared)"
    )
    header = (
        "size",
        "kind",
        "query",
        "hits",
        "first",
        "p50",
        "p95",
        "CPU p50",
        "CPU p95",
        "Recoll hits",
        "p50",
        "p95",
        "CPU p95",
        "p95 x",
        "CPU p95 x",
    )
    print(" | ".join(header))
    for size, figures in results["sizes"].items():
        if "error" in figures or "error" in figures["byline"]:
            print(f"{size} | {figures.get('error') or figures['byline']['error']}")
            continue
        for kind, row in figures["byline"]["queries"].items():
            other = figures["recoll"].get(kind, {})
            label = row["query"] + (f" -> {row['suggestion']}" if row.get("suggestion") else "")
            print(
                " | ".join(
                    [
                        size,
                        kind,
                        label,
                        str(row["hits"]),
                        _ms(row.get("cold_ms")),
                        _ms(row["p50_ms"]),
                        _ms(row["p95_ms"]),
                        _ms(row.get("cpu_p50_ms")),
                        _ms(row.get("cpu_p95_ms")),
                        str(other.get("hits", "-")),
                        _ms(other.get("p50_ms")),
                        _ms(other.get("p95_ms")),
                        _ms(other.get("cpu_p95_ms")),
                        _ratio(row["p95_ms"], other.get("p95_ms")),
                        _ratio(row.get("cpu_p95_ms"), other.get("cpu_p95_ms")),
                    ]
                )
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
