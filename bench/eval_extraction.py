"""Extraction quality against the hand-made gold: quotes, speakers and entities.

    python bench/eval_extraction.py [--set bbc|sample|all] [--json [FILE]] [--show-errors]

Runs Byline's real pipeline (`byline.clean.read_document`, then `byline.analysis.analyse`) on every
gold document and prints, per gold set:

- direct quotes and all quotes: precision, recall, speaker accuracy (of the matched quotes, the
  predicted speaker equals the gold one after case, accent and courtesy-title folding);
- reported-speech recall (gold quotes of kind "reported" matched by any predicted quote);
- entity merge quality: the fraction of gold PERSON entities that map to exactly one predicted
  entity whose name + aliases cover all their gold spellings, and the number of predicted entities
  that merge two gold people;
- entity type accuracy (of the gold entities found by name, the share predicted with the gold type).

Gold sets:

- `tests/gold/bbc_gold.json`: offsets into the raw BBC file (decoded as UTF-8 with errors replaced,
  `\\r\\n` normalised). Each gold quote's text is re-found in the cleaned `Document.text` by a
  whitespace-, quote-mark- and dash-normalised search, nearest to where it should be.
- `tests/gold/sample_gold.json`: quotes given as text; each is found in the cleaned text the same
  way, in document order.

Matching and every figure are defined in `bench/scoring.py` (the scorer the tests use too); gold
quotes and entities marked `"optional": true` are neither rewarded nor punished.

The command always prints figures and exits 0: a document that fails is reported and counted as
predicting nothing. The gold sets and the text matching are in `bench/gold.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gold import (
    BBC_DIR,
    BBC_GOLD,
    SAMPLE_GOLD,
    GoldDoc,
    load_bbc_gold,
    load_sample_gold,
    place_quotes,
)
from bench.scoring import Totals, render, score_entities, score_quotes


def pipeline() -> tuple[Any, Any, list[str]]:
    """(read_document, analyse, notes): Byline's real stages."""
    from byline.analysis import analyse
    from byline.clean import read_document

    return read_document, analyse, []


def evaluate(
    docs: Iterable[GoldDoc], read_document: Any, analyse: Any, errors: list[str]
) -> Totals:
    t = Totals()
    for doc in docs:
        t.docs += 1
        try:
            document = read_document(doc.path)
            text = document.text
        except Exception as exc:
            t.failed += 1
            errors.append(f"FAILED  {doc.label}: read_document: {exc.__class__.__name__}: {exc}")
            document, text = None, ""
        notes = place_quotes(doc, text) if document is not None else []
        t.unplaced += len(notes) if document is not None else len(doc.raw_quotes)
        errors.extend(f"UNPLACED {n}" for n in notes)
        quotes: Sequence[Any] = ()
        entities: Sequence[Any] = ()
        if document is not None:
            try:
                analysis = analyse(document)
                quotes = tuple(analysis.quotes)
                entities = tuple(analysis.entities)
            except Exception as exc:
                t.failed += 1
                errors.append(f"FAILED  {doc.label}: analyse: {exc.__class__.__name__}: {exc}")
                if "--traceback" in sys.argv:
                    traceback.print_exc()
        score_quotes(doc, text, quotes, t, errors)
        score_entities(doc, entities, t, errors)
    return t


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--set", choices=("bbc", "sample", "all"), default="all", help="which gold to evaluate"
    )
    ap.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="FILE",
        help="write the figures as JSON (to FILE, or stdout)",
    )
    ap.add_argument(
        "--show-errors", action="store_true", help="list misses, false positives and wrong speakers"
    )
    ap.add_argument(
        "--limit", type=int, default=0, help="evaluate only the first N documents of each set"
    )
    ap.add_argument(
        "--traceback", action="store_true", help="print tracebacks of failing documents"
    )
    args = ap.parse_args(argv)

    read_document, analyse, notes = pipeline()
    sets: dict[str, list[GoldDoc]] = {}
    if args.set in ("bbc", "all"):
        if not BBC_DIR.is_dir():
            notes.append(f"BBC corpus not found at {BBC_DIR}; BBC gold skipped")
        else:
            sets["bbc"] = load_bbc_gold()
            if not sets["bbc"]:
                notes.append(f"no BBC gold at {BBC_GOLD}")
    if args.set in ("sample", "all"):
        sets["sample"] = load_sample_gold()
        if not sets["sample"]:
            notes.append(f"no sample gold at {SAMPLE_GOLD} (yet)")
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}

    started = time.perf_counter()
    errors: list[str] = []
    results: dict[str, Totals] = {}
    for name, docs in sets.items():
        if docs:
            results[name] = evaluate(docs, read_document, analyse, errors)
    if len(results) > 1:
        total = Totals()
        for t in results.values():
            total.add(t)
        results["all"] = total
    elapsed = time.perf_counter() - started

    out = sys.stdout
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    if args.show_errors:
        for e in errors:
            print(e, file=out)
        print(file=out)
    if not results:
        results["none"] = Totals()
    if args.json:
        payload = {
            "elapsed_seconds": round(elapsed, 2),
            "notes": notes,
            "sets": {k: v.figures() for k, v in results.items()},
        }
        text = json.dumps(payload, indent=2)
        if args.json == "-":
            print(text, file=out)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
            print(f"figures written to {args.json}", file=sys.stderr)
    if args.json != "-":
        print(render(results), file=out)
        print(f"({elapsed:.1f} s)", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
