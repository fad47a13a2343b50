"""Byline's benchmark suite: one command, a table of figures with the issue's bars, and JSON.

    python bench/run.py [--sizes 2225,10000,100000] [--quick] [--json out.json]

Size 2225 is the real BBC corpus (full analysis, rebuilt every run); larger sizes are libraries
recombined from it (`corpora.synthetic_corpus`), indexed as text only, built once and cached with
their index in the cache folder (`--rebuild` builds them again). Every measurement runs in its own
process (`bench.probes`), so each memory figure is its own. See bench/README.md for the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora, recoll
from bench.analysing import textacy_run, write_texts
from bench.measure import load, probe
from bench.reading import big_document
from bench.report import bars, print_report

BBC_SIZE = 2225
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


class Suite:
    """One run of the suite: where the corpora and libraries are, and the figures gathered."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cache = Path(args.cache) if args.cache else corpora.cache_root()
        self.cache.mkdir(parents=True, exist_ok=True)
        self.results: dict[str, Any] = {
            "meta": {
                "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                "load_at_start": load(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "sizes": args.sizes,
                "quick": args.quick,
                "cache": str(self.cache),
            },
            "corpora": {},
            "indexing": {},
            "search": {},
            "recoll": {},
        }

    # -- where things are ------------------------------------------------------------------------

    def sources(self, size: int) -> list[Path]:
        """The folders a library of `size` documents is indexed from."""
        if self.args.files:  # a small corpus given on the command line (the smoke test)
            return [Path(self.args.files)]
        if size == BBC_SIZE:
            if self.args.bbc_limit:
                return self._bbc_subset(self.args.bbc_limit)
            return [corpora.BBC / section for section in corpora.SECTIONS]
        return [corpora.synthetic_corpus(size)]

    def _bbc_subset(self, count: int) -> list[Path]:
        """Every k-th BBC article (`count` in all) copied into the cache folder, by section: a
        shorter run whose figures (CPU seconds per document above all) stand for the whole."""
        import shutil

        root = self.cache / f"bbc-subset-{count}"
        files = corpora.bbc_files()
        files = files[:: max(1, len(files) // count)][:count]
        if not (root / ".complete").exists():
            shutil.rmtree(root, ignore_errors=True)
            for path in files:
                (root / path.parent.name).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, root / path.parent.name / path.name)
            (root / ".complete").write_text("ok\n")
        return sorted(p for p in root.iterdir() if p.is_dir())

    def home(self, size: int, kind: str = "") -> Path:
        """The library folder for `size` (`kind`: "" for the main one, "text" for text only)."""
        return self.cache / f"lib-{size}{'-' + kind if kind else ''}"

    def bbc_like(self, size: int) -> bool:
        """True for the corpus indexed with full analysis, fresh every run."""
        return size == BBC_SIZE or bool(self.args.files)

    def log(self, what: str) -> None:
        """One progress line on stderr (the table comes at the end)."""
        print(f"[{time.strftime('%H:%M:%S')} load {load()[0]:.1f}] {what}", file=sys.stderr)

    # -- the measurements ------------------------------------------------------------------------

    def indexing(self, size: int) -> None:
        """Index with and without analysis, re-index unchanged, add ten documents."""
        paths = [str(p) for p in self.sources(size)]
        out: dict[str, Any] = {}
        mb = sum(corpora.corpus_bytes(Path(p)) for p in paths) / 1e6
        self.results["corpora"][str(size)] = {"folders": paths, "mb": round(mb, 2)}
        if self.bbc_like(size):
            if not self.args.text_only:
                self.log(f"{size}: indexing with full analysis")
                out["full"] = probe(
                    "index",
                    {
                        "home": str(self.home(size)),
                        "paths": paths,
                        "analyse": True,
                        "watch": True,
                        "workers": self.args.workers,
                    },
                )
            self.log(f"{size}: indexing the text alone")
            text_home = self.home(size, "text") if not self.args.text_only else self.home(size)
            out["text"] = probe(
                "index",
                {
                    "home": str(text_home),
                    "paths": paths,
                    "analyse": False,
                    "workers": self.args.workers,
                },
            )
            analyse = not self.args.text_only
        else:
            record = self.cache / f"lib-{size}.build.json"
            if self.args.rebuild or not record.exists():
                self.log(f"{size}: building the cached library (text alone)")
                built = probe(
                    "index",
                    {
                        "home": str(self.home(size)),
                        "paths": paths,
                        "analyse": False,
                        "workers": self.args.workers,
                    },
                )
                if "error" not in built:
                    record.write_text(json.dumps(built), encoding="utf-8")
                built["cached"] = False
            else:
                built = {**json.loads(record.read_text(encoding="utf-8")), "cached": True}
            out["text"] = built
            analyse = False
            if self.args.analyse_large:
                self.log(f"{size}: indexing with full analysis (a fresh library)")
                out["full"] = probe(
                    "index",
                    {
                        "home": str(self.home(size, "analysed")),
                        "paths": paths,
                        "analyse": True,
                        "workers": self.args.workers,
                    },
                    timeout=6 * 3600,  # the 100,000 takes about two hours
                )
        self.log(f"{size}: re-indexing, nothing changed")
        out["reindex"] = probe(
            "reindex", {"home": str(self.home(size)), "paths": paths, "analyse": analyse}
        )
        if not self.bbc_like(size):
            self.log(f"{size}: adding ten documents (with analysis)")
            out["add10"] = probe(
                "add10",
                {"home": str(self.home(size)), "source": str(corpora.BBC), "analyse": True},
            )
        self.results["indexing"][str(size)] = out

    def search(self, size: int) -> None:
        """Query latencies over the library of `size`, in its own process."""
        self.log(f"{size}: searching")
        self.results["search"][str(size)] = probe(
            "search", {"home": str(self.home(size)), "repeat": self.args.repeat}
        )

    def analysis(self) -> None:
        """Byline's analysis throughput (1 and 2 processes) and spaCy + textacy's, same texts."""
        files = [str(p) for p in self._analysis_files()]
        out: dict[str, Any] = {}
        for n in (1, 2):
            self.log(f"analysis, n_process={n}")
            out[f"byline_n{n}"] = probe("analysis", {"files": files, "n_process": n})
        if not self.args.no_textacy:
            self.log("spaCy + textacy (its own environment)")
            texts = self.cache / "texts" / f"bbc-{len(files)}.jsonl"
            write_texts([Path(f) for f in files], texts)
            out["textacy"] = textacy_run(texts)
        self.results["analysis"] = out

    def _analysis_files(self) -> list[Path]:
        if self.args.files:
            return sorted(Path(self.args.files).rglob("*.txt"))
        files = corpora.bbc_files()
        if self.args.analysis_limit:
            files = files[:: max(1, len(files) // self.args.analysis_limit)]
            files = files[: self.args.analysis_limit]
        return files

    def reader(self, size: int) -> None:
        """First paint, opening a 5 MB document and scrolling, over the library of `size`."""
        source = Path(self.args.files) if self.args.files else corpora.BBC
        megabytes = 0.2 if self.args.files else 5.0
        document = big_document(self.cache / "big" / f"report-{megabytes}mb.txt", source, megabytes)
        self.log(f"reader over the {size} library, with a {megabytes} MB document")
        home = self.home(size)
        from bench.reading import compile_sources, terminal_first_paint

        from byline.library import Library  # the big document is indexed once (text alone)

        library = Library(home)
        library.add([document], analyse=False)
        library.close()
        self.results["reader"] = probe(
            "reader",
            {"home": str(home), "document": str(document.resolve()), "presses": self.args.presses},
        )
        # What a user sees: `byline` in a pseudo-terminal until the search box is drawn.
        compile_sources()
        self.results["reader"].update(terminal_first_paint(str(home)))
        self.results["reader"]["library_size"] = size
        self.results["reader"]["document_mb"] = round(document.stat().st_size / 1e6, 2)

    def recoll(self, size: int) -> None:
        """Recoll over the same folders: index, re-index, queries, size."""
        if not recoll.ensure_recoll():
            self.results["recoll"][str(size)] = {"error": "recoll is not installed"}
            return
        self.log(f"{size}: Recoll")
        try:
            figures = recoll.compare(
                self.sources(size),
                self.cache / f"recoll-{size}",
                fresh=self.bbc_like(size) or self.args.rebuild,
                repeat=min(self.args.repeat, 10),
            )
        except Exception as error:  # a failed side-by-side must not stop Byline's figures
            figures = {"error": f"{type(error).__name__}: {error}"}
        self.results["recoll"][str(size)] = figures

    def run(self) -> dict[str, Any]:
        """Every measurement, in an order that builds what later ones need."""
        sizes = self.args.sizes
        for size in sizes:
            self.indexing(size)
        for size in sizes:
            self.search(size)
        if not self.args.no_recoll:
            for size in sizes:
                self.recoll(size)
        if not self.args.no_reader:
            self.reader(10_000 if 10_000 in sizes else sizes[0])
        if not self.args.no_analysis:
            self.analysis()
        self.results["meta"]["load_at_end"] = load()
        self.results["meta"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        self.results["bars"] = bars(self.results)
        return self.results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description="Byline's benchmark suite.")
    parser.add_argument(
        "--sizes",
        default=f"{BBC_SIZE},10000,100000",
        help="library sizes; 2225 is the BBC corpus (default: %(default)s)",
    )
    parser.add_argument("--quick", action="store_true", help="BBC and 10,000 (text alone) only")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the figures")
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query")
    parser.add_argument("--presses", type=int, default=100, help="key presses per scroll figure")
    parser.add_argument("--workers", type=int, default=None, help="indexing worker processes")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached libraries")
    parser.add_argument(
        "--analysis-limit", type=int, default=0, help="analyse only N BBC articles (default: all)"
    )
    parser.add_argument("--cache", help="cache folder (default: $BYLINE_BENCH_CACHE or user cache)")
    parser.add_argument(
        "--merge", type=Path, nargs="+", help="print (and write) these runs' JSON as one"
    )
    parser.add_argument("--files", help=argparse.SUPPRESS)  # a small corpus folder, for the test
    parser.add_argument(
        "--bbc-limit", type=int, default=0, help="index only N BBC articles (a shorter run)"
    )
    parser.add_argument(
        "--text-only", action="store_true", help="no full-analysis indexing (the BBC too)"
    )
    parser.add_argument(
        "--analyse-large",
        action="store_true",
        help="also index the 10,000 and 100,000 with full analysis (about 2 h for the 100,000)",
    )
    for part in ("recoll", "textacy", "reader", "analysis"):
        parser.add_argument(f"--no-{part}", action="store_true", help=f"skip the {part} figures")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    if args.quick:
        args.sizes = [s for s in args.sizes if s <= 10_000] or [BBC_SIZE]
    return args


def merge(paths: list[Path]) -> dict[str, Any]:
    """Figures of several runs (say, one per size) as one, later runs winning; bars recomputed."""
    merged: dict[str, Any] = {}
    for path in paths:
        results = json.loads(path.read_text(encoding="utf-8"))
        for section, value in results.items():
            if section == "meta":
                merged.setdefault("meta", dict(value)).setdefault("runs", []).append(
                    {
                        k: value.get(k)
                        for k in ("started", "finished", "load_at_start", "load_at_end", "sizes")
                    }
                )
            elif isinstance(value, dict) and section != "reader":
                merged.setdefault(section, {}).update(value)
            else:
                merged[section] = value
    merged["meta"]["load_at_end"] = merged["meta"]["runs"][-1]["load_at_end"]
    merged["bars"] = bars(merged)
    return merged


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the suite (or merge earlier runs' JSON), print the table, write the JSON."""
    args = parse_args(argv)
    results = merge(args.merge) if args.merge else Suite(args).run()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print_report(results)
    print(f"figures written to {args.json}")
    return results


if __name__ == "__main__":
    main()
