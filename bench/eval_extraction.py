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

A predicted quote matches a gold quote when their spans overlap by at least half of the longer one,
or when their token-level F1 is at least 0.5; matching is one-to-one, best pairs first. Gold quotes
and entities marked `"optional": true` are neither rewarded nor punished (a prediction matching one
is not counted at all, a miss is not a miss). Predicted quotes that match nothing but land on a
gold non-quote (scare quotes, titles, nested quotes) are counted apart.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gold import (
    BBC_DIR,
    BBC_GOLD,
    SAMPLE_GOLD,
    GoldDoc,
    fold_name,
    load_bbc_gold,
    load_sample_gold,
    match_spans,
    place_quotes,
    span_score,
)

# --------------------------------------------------------------------------------------------
# the pipeline


def pipeline() -> tuple[Any, Any, list[str]]:
    """(read_document, analyse, notes): Byline's real stages."""
    from byline.analysis import analyse
    from byline.clean import read_document

    return read_document, analyse, []


def _val(x: Any) -> str:
    return str(getattr(x, "value", x))


# --------------------------------------------------------------------------------------------
# scoring


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched
        self.speaker_ok += other.speaker_ok

    def figures(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "predicted": self.pred,
            "matched": self.matched,
            "precision": _ratio(self.matched, self.pred),
            "recall": _ratio(self.matched, self.gold),
            "f1": _f1(self.matched, self.pred, self.gold),
            "speaker_accuracy": _ratio(self.speaker_ok, self.matched),
        }


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(m: int, p: int, g: int) -> float | None:
    if not p or not g:
        return None
    pr, rc = m / p, m / g
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


@dataclass
class Totals:
    docs: int = 0
    failed: int = 0
    direct: Counts = field(default_factory=Counts)
    all: Counts = field(default_factory=Counts)
    reported_gold: int = 0
    reported_found: int = 0
    persons: int = 0
    persons_ok: int = 0
    people_merged: int = 0
    entities: int = 0
    entities_found: int = 0
    types_ok: int = 0
    unplaced: int = 0
    non_quotes: int = 0
    non_quotes_returned: int = 0

    def add(self, o: Totals) -> None:
        for name in (
            "docs",
            "failed",
            "reported_gold",
            "reported_found",
            "persons",
            "persons_ok",
            "people_merged",
            "entities",
            "entities_found",
            "types_ok",
            "unplaced",
            "non_quotes",
            "non_quotes_returned",
        ):
            setattr(self, name, getattr(self, name) + getattr(o, name))
        self.direct.add(o.direct)
        self.all.add(o.all)

    def figures(self) -> dict[str, Any]:
        return {
            "documents": self.docs,
            "failed_documents": self.failed,
            "gold_quotes_not_placed": self.unplaced,
            "direct": self.direct.figures(),
            "all": self.all.figures(),
            "reported_recall": _ratio(self.reported_found, self.reported_gold),
            "reported_gold": self.reported_gold,
            "person_merge_quality": _ratio(self.persons_ok, self.persons),
            "gold_persons": self.persons,
            "predicted_entities_merging_two_people": self.people_merged,
            "entity_type_accuracy": _ratio(self.types_ok, self.entities_found),
            "entity_recall_by_name": _ratio(self.entities_found, self.entities),
            "gold_entities": self.entities,
            "non_quotes": self.non_quotes,
            "non_quotes_returned_as_quotes": self.non_quotes_returned,
        }


def _speaker_ok(gold: str | None, pred: str | None) -> bool:
    return fold_name(gold) == fold_name(pred)


def score_quotes(
    doc: GoldDoc, text: str, pred: Sequence[Any], t: Totals, errors: list[str]
) -> None:
    pspans = [(int(p.start), int(p.end)) for p in pred]
    pkinds = [_val(p.kind).lower() for p in pred]

    def loc(s: int, e: int) -> str:
        snippet = text[s:e].replace("\n", " ")
        return f"{doc.label} [{s}:{e}] {snippet[:90]!r}"

    def tally(counts: Counts, gidx: list[int], pidx: list[int]) -> tuple[dict[int, int], set[int]]:
        """Match gold `gidx` to predicted `pidx`; optional gold neither rewards nor punishes."""
        pairs = match_spans(
            [(doc.quotes[i].start, doc.quotes[i].end) for i in gidx],
            [pspans[j] for j in pidx],
            text,
        )
        matched = {gidx[a]: pidx[b] for a, b in pairs}
        counts.gold += sum(not doc.quotes[i].optional for i in gidx)
        counts.pred += len(pidx) - sum(doc.quotes[g].optional for g in matched)
        for g, p in matched.items():
            if doc.quotes[g].optional:
                continue
            counts.matched += 1
            counts.speaker_ok += _speaker_ok(
                doc.quotes[g].speaker, getattr(pred[p], "speaker", None)
            )
        return matched, set(matched.values())

    # direct quotes against direct predictions
    tally(
        t.direct,
        [i for i, q in enumerate(doc.quotes) if q.kind == "direct"],
        [j for j, k in enumerate(pkinds) if k == "direct"],
    )

    # all quotes, kinds ignored
    matched_g, matched_p = tally(t.all, list(range(len(doc.quotes))), list(range(len(pred))))
    for a, b in sorted(matched_g.items()):
        g, p = doc.quotes[a], pred[b]
        if not g.optional and not _speaker_ok(g.speaker, getattr(p, "speaker", None)):
            errors.append(
                f"SPEAKER {loc(g.start, g.end)} gold={g.speaker!r} "
                f"predicted={getattr(p, 'speaker', None)!r}"
            )
    for i, q in enumerate(doc.quotes):
        if q.optional:
            continue
        if q.kind == "reported":
            t.reported_gold += 1
            t.reported_found += i in matched_g
        if i not in matched_g:
            errors.append(f"MISS    {q.kind:8} {loc(q.start, q.end)} speaker={q.speaker!r}")
    t.non_quotes += len(doc.non_quotes)
    for j, p in enumerate(pred):
        if j in matched_p:
            continue
        if any(span_score(n, pspans[j], text) >= 0.5 for n in doc.non_quotes):
            t.non_quotes_returned += 1
            errors.append(
                f"NONQUOTE {loc(pspans[j][0], pspans[j][1])} returned as a {pkinds[j]} quote"
            )
        else:
            errors.append(
                f"FALSE+  {pkinds[j]:8} {loc(pspans[j][0], pspans[j][1])} "
                f"speaker={getattr(p, 'speaker', None)!r}"
            )


def _entity_forms(e: Any) -> set[str]:
    names = [getattr(e, "name", None), *list(getattr(e, "aliases", ()) or ())]
    return {f for f in (fold_name(n) for n in names if n) if f}


def score_entities(doc: GoldDoc, pred: Sequence[Any], t: Totals, errors: list[str]) -> None:
    pforms = [_entity_forms(p) for p in pred]
    people = [g for g in doc.entities if g.type == "PERSON" and not g.optional]
    for g in people:
        forms = g.forms()
        touching = [i for i, f in enumerate(pforms) if f & forms]
        t.persons += 1
        if len(touching) == 1 and forms <= pforms[touching[0]]:
            t.persons_ok += 1
        else:
            got = [sorted(pforms[i]) for i in touching]
            errors.append(
                f"MERGE   {doc.label} person {g.name!r} spellings {sorted(forms)} "
                f"-> predicted {got}"
            )
    for i, f in enumerate(pforms):
        hit = [g.name for g in people if g.forms() & f]
        if len(hit) >= 2:
            t.people_merged += 1
            errors.append(
                f"MERGE2  {doc.label} predicted {getattr(pred[i], 'name', '?')!r} merges {hit}"
            )
    for g in doc.entities:
        if g.optional:
            continue
        t.entities += 1
        forms = g.forms()
        name = fold_name(g.name)
        cands = [i for i, f in enumerate(pforms) if name in f] or [
            i for i, f in enumerate(pforms) if f & forms
        ]
        if not cands:
            continue
        t.entities_found += 1
        ptype = _val(getattr(pred[cands[0]], "type", "")).upper()
        if ptype == g.type:
            t.types_ok += 1
        else:
            errors.append(f"TYPE    {doc.label} {g.name!r} gold={g.type} predicted={ptype}")


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


# --------------------------------------------------------------------------------------------
# output


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def render(results: dict[str, Totals]) -> str:
    names = list(results)
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn: Any) -> None:
        rows.append((label, [fn(results[n]) for n in names]))

    row("documents (failed)", lambda t: f"{t.docs} ({t.failed})")
    row("direct quotes gold / predicted", lambda t: f"{t.direct.gold} / {t.direct.pred}")
    row("  direct precision", lambda t: _pct(t.direct.figures()["precision"]))
    row("  direct recall", lambda t: _pct(t.direct.figures()["recall"]))
    row("  direct speaker accuracy", lambda t: _pct(t.direct.figures()["speaker_accuracy"]))
    row("all quotes gold / predicted", lambda t: f"{t.all.gold} / {t.all.pred}")
    row("  all precision", lambda t: _pct(t.all.figures()["precision"]))
    row("  all recall", lambda t: _pct(t.all.figures()["recall"]))
    row("  all speaker accuracy", lambda t: _pct(t.all.figures()["speaker_accuracy"]))
    row("reported-speech recall", lambda t: _pct(_ratio(t.reported_found, t.reported_gold)))
    row("non-quotes returned as quotes", lambda t: f"{t.non_quotes_returned} of {t.non_quotes}")
    row("person merge quality", lambda t: f"{_pct(_ratio(t.persons_ok, t.persons))} of {t.persons}")
    row("entities merging two people", lambda t: str(t.people_merged))
    row(
        "entity type accuracy",
        lambda t: f"{_pct(_ratio(t.types_ok, t.entities_found))} of {t.entities_found}",
    )
    row(
        "entity recall by name",
        lambda t: f"{_pct(_ratio(t.entities_found, t.entities))} of {t.entities}",
    )
    row("gold quotes not placed", lambda t: str(t.unplaced))
    width = max(len(r[0]) for r in rows) + 2
    col = max(14, *(len(c) + 2 for _, cells in rows for c in cells))
    lines = ["".ljust(width) + "".join(n.rjust(col) for n in names)]
    lines.append("-" * (width + col * len(names)))
    for label, cells in rows:
        lines.append(label.ljust(width) + "".join(c.rjust(col) for c in cells))
    return "\n".join(lines)


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
