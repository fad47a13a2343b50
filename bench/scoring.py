"""Byline's quotes and entities scored against a gold document: the one scorer of
`bench/eval_extraction.py`, `bench/eval_entities.py` and `tests/unit/test_analysis_gold.py`.

Quotes. A predicted quote matches a gold quote when their spans overlap by at least half of the
longer one, or when their token-level F1 is at least 0.5; matching is one-to-one, best pairs first
(`gold.match_spans`). It is done once with kinds ignored (`Totals.all`) and once per kind, gold
quotes of a kind against predictions of that kind (`Totals.kinds`). Speaker accuracy is, of the
matched quotes, the share whose predicted speaker equals the gold one after case, accent and
courtesy-title folding (`gold.fold_name`). Reported-speech recall is the share of gold reported
quotes matched by any predicted quote. Gold quotes marked `optional` are neither rewarded nor
punished: a prediction matching one is not counted at all, a miss is not a miss. Predicted quotes
that match nothing but land on a gold non-quote (scare quotes, titles, nested quotes) are counted
apart.

Entities, compared by their folded spellings (name and aliases), optional gold entities aside:

- person merge quality: gold PERSONs whose spellings (name and aliases) all fall in one predicted
  entity, no other predicted entity having any of them; predicted entities touching two gold
  people are counted apart;
- entity recall by name: gold entities found by their name, or failing that by an alias;
- entity type accuracy: of those found, the share whose (first) predicted entity has the gold type;
- `EntityDetails`, for `eval_entities`: merged persons named as the gold names them, roles, and
  predicted entities that match two gold entities or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.gold import KINDS, GoldDoc, GoldEntity, fold_name, match_spans, span_score

# --------------------------------------------------------------------------------------------
# counts


def _val(x: Any) -> str:
    return str(getattr(x, "value", x))


@dataclass
class Counts:
    """Gold and predicted quotes of one comparison, and how many matched with the speaker right."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0

    def add(self, other: Counts) -> None:
        """Add another set's counts to these."""
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched
        self.speaker_ok += other.speaker_ok

    def figures(self) -> dict[str, float | int | None]:
        """The counts, precision, recall, F1 and speaker accuracy (None where undefined)."""
        return {
            "gold": self.gold,
            "predicted": self.pred,
            "matched": self.matched,
            "precision": ratio(self.matched, self.pred),
            "recall": ratio(self.matched, self.gold),
            "f1": _f1(self.matched, self.pred, self.gold),
            "speaker_accuracy": ratio(self.speaker_ok, self.matched),
        }


def ratio(a: int, b: int) -> float | None:
    """a / b, or None when there is nothing to divide by."""
    return a / b if b else None


def _f1(m: int, p: int, g: int) -> float | None:
    if not p or not g:
        return None
    pr, rc = m / p, m / g
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def _per_kind() -> dict[str, Counts]:
    return {kind: Counts() for kind in KINDS}


@dataclass
class Totals:
    """Every count of the quotes and entities of a set of gold documents."""

    docs: int = 0
    failed: int = 0
    kinds: dict[str, Counts] = field(default_factory=_per_kind)
    """Per kind: the gold quotes of that kind against the predictions of that kind."""
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

    @property
    def direct(self) -> Counts:
        """Direct gold quotes against direct predictions."""
        return self.kinds["direct"]

    def add(self, o: Totals) -> None:
        """Add another set's counts to these."""
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
        for kind, counts in self.kinds.items():
            counts.add(o.kinds[kind])
        self.all.add(o.all)

    def figures(self) -> dict[str, Any]:
        """The figures `eval_extraction --json` writes."""
        return {
            "documents": self.docs,
            "failed_documents": self.failed,
            "gold_quotes_not_placed": self.unplaced,
            "direct": self.direct.figures(),
            "all": self.all.figures(),
            "reported_recall": ratio(self.reported_found, self.reported_gold),
            "reported_gold": self.reported_gold,
            "person_merge_quality": ratio(self.persons_ok, self.persons),
            "gold_persons": self.persons,
            "predicted_entities_merging_two_people": self.people_merged,
            "entity_type_accuracy": ratio(self.types_ok, self.entities_found),
            "entity_recall_by_name": ratio(self.entities_found, self.entities),
            "gold_entities": self.entities,
            "non_quotes": self.non_quotes,
            "non_quotes_returned_as_quotes": self.non_quotes_returned,
        }


# --------------------------------------------------------------------------------------------
# quotes


def _speaker_ok(gold: str | None, pred: str | None) -> bool:
    return fold_name(gold) == fold_name(pred)


def score_quotes(
    doc: GoldDoc, text: str, pred: Sequence[Any], t: Totals, errors: list[str]
) -> None:
    """Count `pred`, the quotes found in `text`, against the gold quotes placed in it; note each
    miss, false positive and wrong speaker in `errors`."""
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

    for kind, counts in t.kinds.items():
        tally(
            counts,
            [i for i, q in enumerate(doc.quotes) if q.kind == kind],
            [j for j, k in enumerate(pkinds) if k == kind],
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


# --------------------------------------------------------------------------------------------
# entities


def _entity_forms(e: Any) -> set[str]:
    names = [getattr(e, "name", None), *list(getattr(e, "aliases", ()) or ())]
    return {f for f in (fold_name(n) for n in names if n) if f}


def _holder(forms: set[str], pforms: list[set[str]]) -> int | None:
    """The predicted entity holding all of `forms`, when it is the only one touching them."""
    touching = [i for i, f in enumerate(pforms) if f & forms]
    return touching[0] if len(touching) == 1 and forms <= pforms[touching[0]] else None


def _found(g: GoldEntity, pforms: list[set[str]]) -> int | None:
    """The first predicted entity with the gold name among its spellings, else with any of its
    spellings."""
    name = fold_name(g.name)
    forms = g.forms()
    cands = [i for i, f in enumerate(pforms) if name in f] or [
        i for i, f in enumerate(pforms) if f & forms
    ]
    return cands[0] if cands else None


def score_entities(doc: GoldDoc, pred: Sequence[Any], t: Totals, errors: list[str]) -> None:
    """Count the predicted entities `pred` against the gold ones: person merges, people merged
    together, recall by name and types; note each failure in `errors`."""
    pforms = [_entity_forms(p) for p in pred]
    people = [g for g in doc.entities if g.type == "PERSON" and not g.optional]
    for g in people:
        forms = g.forms()
        t.persons += 1
        if _holder(forms, pforms) is not None:
            t.persons_ok += 1
        else:
            got = [sorted(f) for f in pforms if f & forms]
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
        found = _found(g, pforms)
        if found is None:
            continue
        t.entities_found += 1
        ptype = _val(getattr(pred[found], "type", "")).upper()
        if ptype == g.type:
            t.types_ok += 1
        else:
            errors.append(f"TYPE    {doc.label} {g.name!r} gold={g.type} predicted={ptype}")


@dataclass
class EntityDetails:
    """Entity counts beyond `Totals`, for reading the entity finder closely (`eval_entities`)."""

    named: int = 0
    """Gold persons held by one predicted entity (`Totals.persons_ok`) that bears the gold name."""
    roles: int = 0
    """Gold persons with a role."""
    roles_ok: int = 0
    """Of those, the ones whose found entity's role contains the gold role or is contained in it."""
    merging_two: int = 0
    """Predicted entities touching two gold entities of any type, optional ones included."""
    extra: int = 0
    """Predicted entities touching no gold entity."""


def score_entity_details(
    doc: GoldDoc, pred: Sequence[Any], d: EntityDetails, errors: list[str]
) -> None:
    """Count the `EntityDetails` of the predicted entities `pred`; note each failure in `errors`."""
    pforms = [_entity_forms(p) for p in pred]
    for g in doc.entities:
        if g.optional or g.type != "PERSON":
            continue
        held = _holder(g.forms(), pforms)
        if held is not None and fold_name(pred[held].name) == fold_name(g.name):
            d.named += 1
        elif held is not None:
            errors.append(f"NAMED   {doc.label} {g.name!r} predicted={pred[held].name!r}")
        if g.role:
            d.roles += 1
            found = _found(g, pforms)
            got = fold_name(pred[found].role) if found is not None else None
            wanted = fold_name(g.role)
            if got and wanted and (got in wanted or wanted in got):
                d.roles_ok += 1
            else:
                errors.append(f"ROLE    {doc.label} {g.name!r} gold={g.role!r} predicted={got!r}")
    gold_forms = [g.forms() for g in doc.entities]
    for p, f in zip(pred, pforms, strict=True):
        touched = sum(1 for forms in gold_forms if forms & f)
        if touched > 1:
            d.merging_two += 1
            errors.append(f"TWO     {doc.label} predicted {p.name!r} {list(p.aliases)}")
        elif not touched:
            d.extra += 1
            errors.append(f"EXTRA   {doc.label} {_val(p.type)} {p.name!r} x{p.mention_count}")


# --------------------------------------------------------------------------------------------
# the table


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def render(results: dict[str, Totals]) -> str:
    """The figures of each named set of totals side by side, one row per figure."""
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
    row("reported-speech recall", lambda t: _pct(ratio(t.reported_found, t.reported_gold)))
    row("non-quotes returned as quotes", lambda t: f"{t.non_quotes_returned} of {t.non_quotes}")
    row("person merge quality", lambda t: f"{_pct(ratio(t.persons_ok, t.persons))} of {t.persons}")
    row("entities merging two people", lambda t: str(t.people_merged))
    row(
        "entity type accuracy",
        lambda t: f"{_pct(ratio(t.types_ok, t.entities_found))} of {t.entities_found}",
    )
    row(
        "entity recall by name",
        lambda t: f"{_pct(ratio(t.entities_found, t.entities))} of {t.entities}",
    )
    row("gold quotes not placed", lambda t: str(t.unplaced))
    width = max(len(r[0]) for r in rows) + 2
    col = max(14, *(len(c) + 2 for _, cells in rows for c in cells))
    lines = ["".ljust(width) + "".join(n.rjust(col) for n in names)]
    lines.append("-" * (width + col * len(names)))
    for label, cells in rows:
        lines.append(label.ljust(width) + "".join(c.rjust(col) for c in cells))
    return "\n".join(lines)
