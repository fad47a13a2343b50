"""The suite's printed report: figures per section in rich tables, and the issue's bars.

`bars(results)` turns the figures into rows `{"bar", "figure", "limit", "status"}` where status is
PASS, FAIL, "not supported" (the library cannot do it yet) or "not measured" (skipped, failed or
a size that was not run); `print_report` prints everything.
"""

from __future__ import annotations

import sys
from typing import Any

MB = "MB"


def _get(tree: dict[str, Any], *keys: str) -> Any:
    """tree[k1][k2]... or None when any step is missing."""
    node: Any = tree
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _bar(name: str, figure: float | None, limit: float, unit: str) -> dict[str, Any]:
    if not isinstance(figure, int | float):
        return {"bar": name, "figure": None, "limit": f"< {limit} {unit}", "status": "not measured"}
    status = "PASS" if figure < limit else "FAIL"
    return {
        "bar": name,
        "figure": f"{figure:g} {unit}",
        "limit": f"< {limit} {unit}",
        "status": status,
    }


def _worst_p95(search: dict[str, Any] | None) -> float | None:
    queries = _get(search or {}, "queries") or {}
    values = [q["p95_ms"] for k, q in queries.items() if k != "did you mean" and "p95_ms" in q]
    return max(values) if values else None


def bars(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's bars, each with its figure and PASS/FAIL."""
    rows: list[dict[str, Any]] = []
    full = _get(results, "indexing", "2225", "full")
    row = _bar("BBC 2,225 indexed with full analysis", _get(full or {}, "seconds"), 60, "s")
    docs = _get(full or {}, "documents")
    if full and docs and docs != 2225 and "seconds" in full:
        # A subset run (--bbc-limit): scale to the whole corpus, at this load and on idle cores.
        scale = 2225 / docs
        idle = full.get("cpu_s", 0) / (results["meta"].get("cpus") or 1) * scale
        row["figure"] = (
            f"{full['seconds']:g} s for {docs} docs; x{scale:.1f} = {full['seconds'] * scale:.0f} s"
            f" at this load, ~{idle:.0f} s on idle cores (CPU s / cores)"
        )
        row["status"] = "FAIL (projected)" if idle >= 60 else "PASS (projected)"
    rows.append(row)
    if full and "searchable_before_analysed" in full:
        supported = full["searchable_before_analysed"]
        rows.append(
            {
                "bar": "BBC searchable before analysis has finished",
                "figure": f"all searchable at {full.get('all_searchable_s')} s "
                f"(first at {full.get('first_searchable_s')} s) of {full.get('seconds')} s",
                "limit": "text indexed before analysis",
                "status": "PASS" if supported else "not supported",
            }
        )
    rows.append(
        _bar(
            "re-index unchanged 10k",
            _get(results, "indexing", "10000", "reindex", "seconds"),
            3,
            "s",
        )
    )
    for size, limit in (("10000", 50), ("100000", 150)):
        rows.append(
            _bar(
                f"search p95 at {size} (worst query kind)",
                _worst_p95(_get(results, "search", size)),
                limit,
                "ms",
            )
        )
    for size in sorted(_get(results, "search") or {}, key=int):
        rows.append(
            _bar(
                f"did you mean p95 at {size}",
                _get(results, "search", size, "queries", "did you mean", "p95_ms"),
                100,
                "ms",
            )
        )
    reader = _get(results, "reader") or {}
    rows.append(_bar("first paint in a terminal", reader.get("terminal_first_paint_s"), 0.5, "s"))
    rows.append(
        _bar(f"{reader.get('document_mb', 5)} MB document opens", reader.get("open_s"), 0.3, "s")
    )
    big = _get(results, "indexing", "100000", "text")
    rows.append(_bar("peak RSS indexing 100k", _get(big or {}, "peak_rss_mb"), 400, MB))
    big_full = _get(results, "indexing", "100000", "full")
    if big_full:  # `--analyse-large`
        rows.append(
            _bar("peak RSS indexing 100k with analysis", big_full.get("peak_rss_mb"), 400, MB)
        )
        rows.append(
            _bar("  the same, PSS (shared pages once)", big_full.get("peak_pss_mb"), 400, MB)
        )
    full = _get(results, "indexing", "2225", "full") or {}
    rows.append(_bar("peak RSS indexing with analysis (BBC)", full.get("peak_rss_mb"), 400, MB))
    rows.append(_bar("  the same, PSS (shared pages once)", full.get("peak_pss_mb"), 400, MB))
    rows.append(_bar("peak RSS reading", reader.get("peak_rss_mb"), 200, MB))
    rows.extend(_flat(results))
    return rows


def _flat(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Memory flat across sizes: the largest size's peak within 1.5x of the smallest's."""
    rows = []
    for label, path in (("search", ("queries",)), ("indexing text", ("text",))):
        section = "search" if label == "search" else "indexing"
        peaks = {}
        for size, figures in (_get(results, section) or {}).items():
            source = figures if label == "search" else _get(figures, *path)
            peak = _get(source or {}, "peak_rss_mb")
            if isinstance(peak, int | float):
                peaks[int(size)] = peak
        if len(peaks) < 2:
            rows.append(
                {
                    "bar": f"memory flat across sizes ({label})",
                    "figure": None,
                    "limit": "largest < 1.5x smallest",
                    "status": "not measured",
                }
            )
            continue
        low, high = peaks[min(peaks)], peaks[max(peaks)]
        figure = ", ".join(f"{s}: {peaks[s]:.0f} MB" for s in sorted(peaks))
        rows.append(
            {
                "bar": f"memory flat across sizes ({label})",
                "figure": figure,
                "limit": "largest < 1.5x smallest",
                "status": "PASS" if high < 1.5 * low else "FAIL",
            }
        )
    return rows


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _ratio(a: Any, b: Any) -> str:
    if isinstance(a, int | float) and isinstance(b, int | float) and b:
        return f"{a / b:.2f}x"
    return "-"


def print_report(results: dict[str, Any]) -> None:
    """Print the figures and the bars as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    meta = results["meta"]
    console.print(
        f"[bold]Byline benchmarks[/] {meta['started']} · {meta['cpus']} CPUs · "
        f"load at start {meta['load_at_start']}, at end {meta.get('load_at_end')}"
    )

    table = Table(title="Indexing")
    for column in (
        "size",
        "run",
        "docs",
        "s",
        "docs/s",
        "MB/s",
        "peak RSS / PSS MB",
        "index MB",
        "Recoll",
    ):
        table.add_column(column, justify="right" if column != "run" else "left")
    for size, runs in results["indexing"].items():
        rc = _get(results, "recoll", size) or {}
        for run, f in runs.items():
            if "error" in f:
                table.add_row(size, run, f"[red]{f['error'][:60]}[/]")
                continue
            compare = ""
            if run == "text" and rc.get("mb_per_s"):
                ratio = _ratio(f.get("mb_per_s"), rc["mb_per_s"])
                compare = f"{rc['mb_per_s']} MB/s, {rc['index_mb']} MB ({ratio})"
            if run == "reindex" and rc.get("reindex_s") is not None:
                compare = f"{rc['reindex_s']} s ({_ratio(f.get('seconds'), rc['reindex_s'])})"
            table.add_row(
                size,
                run + (" (cached)" if f.get("cached") else ""),
                _fmt(f.get("documents", f.get("unchanged", f.get("added")))),
                _fmt(f.get("seconds")),
                _fmt(f.get("docs_per_s")),
                _fmt(f.get("mb_per_s")),
                _fmt(f.get("peak_rss_mb"))
                + (f" / {_fmt(f['peak_pss_mb'])}" if f.get("peak_pss_mb") else ""),
                _fmt(f.get("index_mb")),
                compare,
            )
    console.print(table)

    table = Table(title="Search (ms; p50 / p95 warm, cold = first run in a fresh Library)")
    for column in ("size", "query", "hits", "cold", "p50", "p95", "Recoll p50", "Byline/Recoll"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for size, f in results["search"].items():
        if "error" in f:
            table.add_row(size, f"[red]{f['error'][:80]}[/]")
            continue
        for kind, q in f["queries"].items():
            rq = _get(results, "recoll", size, "queries", kind) or {}
            label = f"{kind}: {q['query']}" + (
                f" → {q.get('suggestion')}" if "suggestion" in q else ""
            )
            table.add_row(
                size,
                label,
                _fmt(q["hits"]),
                _fmt(q["cold_ms"]),
                _fmt(q["p50_ms"]),
                _fmt(q["p95_ms"]),
                _fmt(rq.get("p50_ms")),
                _ratio(q["p50_ms"], rq.get("p50_ms")),
            )
        table.add_row(size, f"(peak RSS {f.get('peak_rss_mb')} MB)")
    console.print(table)

    analysis = results.get("analysis") or {}
    if analysis:
        table = Table(title="Analysis (BBC, words per second, model load excluded)")
        for column in (
            "run",
            "docs",
            "words",
            "s",
            "words/s",
            "words/CPU s",
            "quotes",
            "peak RSS MB",
            "vs textacy (wall)",
            "vs textacy (CPU)",
        ):
            table.add_column(column, justify="left" if column == "run" else "right")
        textacy = analysis.get("textacy") or {}

        def per_cpu(f: dict[str, Any]) -> float | None:
            words, cpu = f.get("words"), f.get("cpu_s")
            return round(words / cpu) if words and cpu else None

        for run, f in analysis.items():
            if "error" in f:
                table.add_row(run, f"[red]{f['error'][:80]}[/]")
                continue
            table.add_row(
                run,
                _fmt(f.get("documents")),
                _fmt(f.get("words")),
                _fmt(f.get("seconds")),
                _fmt(f.get("words_per_s")),
                _fmt(per_cpu(f)),
                _fmt(f.get("quotes")),
                _fmt(f.get("peak_rss_mb")),
                _ratio(f.get("words_per_s"), textacy.get("words_per_s")),
                _ratio(per_cpu(f), per_cpu(textacy)),
            )
        console.print(table)

    reader = results.get("reader") or {}
    if reader:
        table = Table(title=f"Reader (library of {reader.get('library_size')})")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for key, value in reader.items():
            if isinstance(value, dict):
                value = f"p50 {value.get('p50_ms')} ms, p95 {value.get('p95_ms')} ms"
            table.add_row(key, _fmt(value))
        console.print(table)

    table = Table(title="Bars from the issue")
    for column in ("bar", "figure", "limit", "status"):
        table.add_column(column)
    colours = {"PASS": "green", "FAIL": "red"}
    for row in results.get("bars", []):
        colour = colours.get(row["status"], "yellow")
        table.add_row(
            row["bar"], _fmt(row["figure"]), row["limit"], f"[{colour}]{row['status']}[/]"
        )
    console.print(table)
