"""Where indexing spends its time: cProfile over `Library.add` with full analysis.

    python bench/profile_index.py [--limit N] [--top 25] [--only bbc|report]

Profiles two runs in this process (one worker, so the analysis is profiled too, not hidden in
worker processes): the BBC articles (all 2,225, or the first N) and the 1.1 MB
`sample_docs/annual-report-2023.txt`. `--text-only` profiles indexing without analysis: loading,
cleaning and the Whoosh writer. Each goes into a fresh library in a temporary folder, and
the top functions by cumulative time are printed, then the top ones by their own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpora import bbc_files

REPORT = Path(__file__).resolve().parent.parent / "sample_docs" / "annual-report-2023.txt"


def profile_add(
    label: str, paths: list[Path], top: int, save: Path | None = None, analyse: bool = True
) -> str:
    """Index `paths` with analysis into a fresh library under cProfile; the printed statistics."""
    from byline.config import Settings
    from byline.library import Library

    with tempfile.TemporaryDirectory(prefix="byline-profile-") as home:
        library = Library(Path(home) / "lib", Settings(analysis_processes=1))
        # Load spaCy before the clock starts: its start-up is paid once per process, not per run.
        from byline.analysis.nlp import get_nlp

        get_nlp()
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        report = library.add(paths, analyse=analyse)
        profiler.disable()
        if save is not None:
            profiler.dump_stats(save)
        wall = time.perf_counter() - started
        library.close()
    size = sum(p.stat().st_size for p in paths)
    out = io.StringIO()
    out.write(
        f"\n=== {label}: {len(paths)} files, {size / 1e6:.2f} MB, {wall:.1f} s under the profiler "
        f"({report.processed} indexed, {report.analysed} analysed, {len(report.failures)} failed)\n"
    )
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"--- {label}: by own time\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and print the profiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="profile only the first N BBC files")
    parser.add_argument("--top", type=int, default=25, help="functions to list (default 25)")
    parser.add_argument("--only", choices=("bbc", "report"), help="profile just one of the two")
    parser.add_argument(
        "--text-only", action="store_true", help="index without analysis (the writer's share)"
    )
    parser.add_argument("--save", type=Path, help="also write the raw profiles (PREFIX-bbc.prof)")
    args = parser.parse_args(argv)
    if args.only in (None, "bbc"):
        files = bbc_files()
        if args.limit:
            # Every n-th file, so a subset still spans the five sections.
            files = files[:: max(1, len(files) // args.limit)][: args.limit]
        save = args.save.with_name(args.save.name + "-bbc.prof") if args.save else None
        print(profile_add("BBC", files, args.top, save, not args.text_only), flush=True)
    if args.only in (None, "report"):
        save = args.save.with_name(args.save.name + "-report.prof") if args.save else None
        print(
            profile_add("annual report", [REPORT], args.top, save, not args.text_only), flush=True
        )


if __name__ == "__main__":
    main()
