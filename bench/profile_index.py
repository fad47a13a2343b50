"""Where indexing spends its time: cProfile over `Library.add` with full analysis.

    python bench/profile_index.py [--limit N] [--top 25] [--only bbc|report]
    python bench/profile_index.py --components [--limit N]

Profiles two runs in this process (one worker, so the analysis is profiled too, not hidden in
worker processes): the BBC articles (all 2,225, or the first N) and the 1.1 MB
`sample_docs/annual-report-2023.txt`. `--text-only` profiles indexing without analysis: loading,
cleaning and the Whoosh writer. Each goes into a fresh library in a temporary folder, and
the top functions by cumulative time are printed, then the top ones by their own time.
`--components` instead prints the CPU seconds of each spaCy pipeline component (and of the
tokenizer) over the cleaned BBC articles, then of the analysis after the parse.
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


def component_costs(paths: list[Path]) -> str:
    """CPU seconds of the tokenizer, of each pipeline component and of the analysis after the
    parse (`analyse_parsed`) over the cleaned `paths`, batch by batch as `nlp.pipe` runs them.
    (A text longer than `CHUNK_CHARS` is parsed in pieces and left out of the analysis time.)"""
    from byline.analysis import analyse_parsed
    from byline.analysis.nlp import chunks, get_nlp
    from byline.clean import read_document

    documents = [read_document(path) for path in paths]
    nlp = get_nlp()
    costs: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    texts = [piece for d in documents for piece in chunks(d.text)]
    parsed = []
    for start in range(0, len(texts), 32):
        began = time.process_time()
        docs = [nlp.make_doc(text) for text in texts[start : start + 32]]
        costs["tokenizer"] += time.process_time() - began
        for name, component in nlp.pipeline:
            began = time.process_time()
            pipe = getattr(component, "pipe", None)
            docs = list(pipe(docs, batch_size=32)) if pipe else [component(d) for d in docs]
            costs[name] += time.process_time() - began
        parsed.extend(docs)
    whole = {d.text: d for d in documents}  # a document parsed in one piece
    analyse_parsed(documents[0], nlp(documents[0].text[:2000]))  # warm the caches
    began = time.process_time()
    analysed = 0
    for sdoc in parsed:
        if sdoc.text in whole:
            analyse_parsed(whole[sdoc.text], sdoc)
            analysed += 1
    after = time.process_time() - began
    parse = sum(costs.values())
    words = sum(len(d.text.split()) for d in documents)
    lines = [f"{len(documents)} documents, {words} words: CPU seconds"]
    lines += [
        f"  {name:22} {cpu:7.2f}  {100 * cpu / parse:4.1f}% of the parse"
        for name, cpu in costs.items()
    ]
    lines.append(f"  {'parse':22} {parse:7.2f}  {words / parse:,.0f} words per CPU s")
    lines.append(
        f"  {'after the parse':22} {after:7.2f}  {100 * after / (parse + after):4.1f}% of all"
        f" ({analysed} documents parsed whole)"
    )
    return "\n".join(lines)


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
    parser.add_argument(
        "--components", action="store_true", help="CPU seconds of each spaCy component instead"
    )
    args = parser.parse_args(argv)
    if args.components:
        files = bbc_files()
        if args.limit:
            files = files[:: max(1, len(files) // args.limit)][: args.limit]
        print(component_costs(files), flush=True)
        return
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
