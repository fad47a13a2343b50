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

The command always prints figures and exits 0, even while the pipeline is partial: a missing stage
or a document that fails is reported and counted as predicting nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
BBC_GOLD = GOLD_DIR / "bbc_gold.json"
SAMPLE_GOLD = GOLD_DIR / "sample_gold.json"
BBC_DIR = ROOT.parent / "shared" / "corpora" / "bbc"
SAMPLE_DIR = ROOT / "sample_docs"

KINDS = ("direct", "partial", "reported")
TITLES = ("mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor")

# --------------------------------------------------------------------------------------------
# text normalisation and alignment

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2026": "...",
}


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quote marks, dashes, compatibility forms and whitespace runs (to one space).

    Returns the folded text and, for each of its characters, the index in `text` it came from.
    """
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        rep = _CHAR_MAP.get(ch)
        if rep is None:
            rep = unicodedata.normalize("NFKC", ch)
        for c in rep:
            if c.isspace():
                if in_space:
                    continue
                in_space = True
                out.append(" ")
            else:
                in_space = False
                out.append(c)
            origin.append(i)
    return "".join(out), origin


def normalise(text: str) -> str:
    """`normalise_with_map` without the map, stripped."""
    return normalise_with_map(text)[0].strip()


def align(
    needle: str, text: str, expected: int | None = None, *, after: int = 0
) -> tuple[int, int] | None:
    """Find `needle` in `text` after normalising both; return its (start, end) in `text`.

    With several hits the one nearest to `expected` wins (else the first at or after `after`).
    When the whole needle is not found, its two ends (up to 40 characters each) are searched for
    separately, so a span whose middle the cleaning changed is still placed.
    """
    want = normalise(needle)
    if not want:
        return None
    hay, origin = normalise_with_map(text)

    def hits(sub: str) -> list[int]:
        found, i = [], hay.find(sub)
        while i >= 0:
            found.append(i)
            i = hay.find(sub, i + 1)
        return found

    def to_text(s: int, e: int) -> tuple[int, int]:
        return origin[s], origin[e - 1] + 1

    def pick(cands: list[int]) -> int | None:
        if not cands:
            return None
        if expected is not None:
            return min(cands, key=lambda c: abs(origin[c] - expected))
        later = [c for c in cands if origin[c] >= after]
        return (later or cands)[0]

    best = pick(hits(want))
    if best is not None:
        return to_text(best, best + len(want))
    head, tail = want[:40], want[-40:]
    s = pick(hits(head))
    if s is None:
        return None
    e = hay.find(tail, s)
    if e < 0 or e + len(tail) - s > 2 * len(want) + 40:
        return None
    return to_text(s, e + len(tail))


# --------------------------------------------------------------------------------------------
# matching

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]


def span_score(gold: tuple[int, int], pred: tuple[int, int], text: str | None = None) -> float:
    """How well two spans agree: max(overlap / longer span, token F1). 0 when disjoint."""
    gs, ge = gold
    ps, pe = pred
    overlap = min(ge, pe) - max(gs, ps)
    if overlap <= 0:
        return 0.0
    longer = max(ge - gs, pe - ps)
    score = overlap / longer if longer else 0.0
    if text is not None:
        gt = set(_tokens(text, gs, ge))
        pt = set(_tokens(text, ps, pe))
        common = len(gt & pt)
        if common:
            p, r = common / len(pt), common / len(gt)
            score = max(score, 2 * p * r / (p + r))
    return score


def match_spans(
    gold: Sequence[tuple[int, int]],
    pred: Sequence[tuple[int, int]],
    text: str | None = None,
    threshold: float = 0.5,
) -> list[tuple[int, int]]:
    """One-to-one matching of gold and predicted spans, best-scoring pairs first.

    Returns (gold index, predicted index) pairs whose score is at least `threshold`.
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = span_score(g, p, text)
            if s >= threshold:
                pairs.append((s, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return sorted(out)


def fold_name(name: str | None) -> str | None:
    """Case, accents, punctuation and courtesy titles folded: "Dr José Núñez" -> "jose nunez"."""
    if name is None:
        return None
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").lower()
    s = re.sub(r"[^\w'&-]+", " ", s).strip()
    words = s.split()
    while len(words) > 1 and words[0].rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words) or None


# --------------------------------------------------------------------------------------------
# gold loading


@dataclass
class GoldQuote:
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str
    optional: bool = False
    """Borderline: a match is neither rewarded nor punished, a miss is not counted."""


@dataclass
class GoldEntity:
    name: str
    type: str
    aliases: list[str]
    optional: bool = False

    def forms(self) -> set[str]:
        return {f for f in (fold_name(x) for x in [self.name, *self.aliases]) if f}


@dataclass
class GoldDoc:
    set: str
    path: Path
    label: str
    quotes: list[GoldQuote]
    entities: list[GoldEntity]
    raw_quotes: list[dict[str, Any]] = field(default_factory=list)
    """As given in the gold file (BBC: raw offsets; sample: text), kept to align later."""
    raw_non_quotes: list[Any] = field(default_factory=list)
    non_quotes: list[tuple[int, int]] = field(default_factory=list)
    """Spans in the cleaned text that are in quotation marks but are not quotations."""


def read_bbc_raw(path: Path) -> str:
    """The text the BBC gold offsets point into."""
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


def load_bbc_gold(gold_path: Path = BBC_GOLD, corpus: Path = BBC_DIR) -> list[GoldDoc]:
    if not gold_path.is_file():
        return []
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = []
    for d in data["documents"]:
        path = corpus / d["file"]
        ents = [
            GoldEntity(e["name"], e["type"], list(e.get("aliases", [])), bool(e.get("optional")))
            for e in d.get("entities", [])
        ]
        docs.append(
            GoldDoc(
                "bbc",
                path,
                d["file"],
                [],
                ents,
                raw_quotes=list(d.get("quotes", [])),
                raw_non_quotes=list(d.get("non_quotes", [])),
            )
        )
    return docs


def _first(d: dict[str, Any], *keys: str, default: Any = None) -> Any:
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return default


def load_sample_gold(gold_path: Path = SAMPLE_GOLD, root: Path = SAMPLE_DIR) -> list[GoldDoc]:
    """The sample-docs gold: quotes given as text (tolerant of a few key spellings)."""
    if not gold_path.is_file():
        return []
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    items = data.get("documents", data) if isinstance(data, dict) else data
    if isinstance(items, dict):  # {"file": {...}} form
        items = [dict(v, file=k) for k, v in items.items()]
    docs = []
    for d in items:
        name = _first(d, "file", "path", "doc", "document")
        if not name:
            continue
        path = Path(name)
        if not path.is_absolute():
            for base in (root, ROOT, gold_path.parent):
                if (base / name).exists():
                    path = base / name
                    break
            else:
                path = root / name
        ents = []
        for e in d.get("entities", []):
            if isinstance(e, str):
                e = {"name": e}
            ents.append(
                GoldEntity(
                    e["name"],
                    str(e.get("type", "MISC")).upper(),
                    list(e.get("aliases", [])),
                    bool(e.get("optional")),
                )
            )
        quotes = [q if isinstance(q, dict) else {"text": q} for q in d.get("quotes", [])]
        docs.append(
            GoldDoc(
                "sample",
                path,
                str(name),
                [],
                ents,
                raw_quotes=quotes,
                raw_non_quotes=list(d.get("non_quotes", [])),
            )
        )
    return docs


def place_quotes(doc: GoldDoc, clean_text: str) -> list[str]:
    """Fill `doc.quotes` with spans in the cleaned text; return a note per quote not placed."""
    notes = []
    doc.quotes = []
    raw = read_bbc_raw(doc.path) if doc.set == "bbc" else None
    after = 0
    for q in doc.raw_quotes:
        kind = str(q.get("kind", "direct")).lower()
        speaker = q.get("speaker")
        if raw is not None:
            qtext = raw[q["start"] : q["end"]]
            expected = round(q["start"] * len(clean_text) / max(len(raw), 1))
            span = align(qtext, clean_text, expected)
            where = f"raw {q['start']}-{q['end']}"
        else:
            qtext = _first(q, "text", "quote", default="")
            span = align(qtext, clean_text, None, after=after)
            where = f"text {qtext[:40]!r}"
        if span is None:
            notes.append(f"{doc.label}: gold quote not found in cleaned text ({where})")
            continue
        after = span[0]
        doc.quotes.append(
            GoldQuote(
                span[0],
                span[1],
                kind,
                speaker,
                clean_text[span[0] : span[1]],
                bool(q.get("optional")),
            )
        )
    doc.non_quotes = []
    for n in doc.raw_non_quotes:
        if raw is not None and isinstance(n, dict):
            expected = round(n["start"] * len(clean_text) / max(len(raw), 1))
            span = align(raw[n["start"] : n["end"]], clean_text, expected)
        else:
            span = align(n if isinstance(n, str) else str(n.get("text", "")), clean_text, None)
        if span is not None:
            doc.non_quotes.append(span)
    return notes


# --------------------------------------------------------------------------------------------
# the pipeline


def stand_in_document(path: Path) -> Any:
    """A `Document` made without `byline.clean`: blank-line paragraphs, each stripped, one line."""
    import hashlib

    from byline.models import Document, Metadata, Paragraph

    path = Path(path)
    raw = read_bbc_raw(path)
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", raw)]
    blocks = [b for b in blocks if b]
    text = "\n\n".join(blocks)
    paragraphs, pos = [], 0
    for b in blocks:
        paragraphs.append(Paragraph(pos, pos + len(b)))
        pos += len(b) + 2
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Document(str(path.resolve()), "txt", text, tuple(paragraphs), Metadata(), digest)


def pipeline() -> tuple[Any, Any, list[str]]:
    """(read_document, analyse, notes): the real stages where they exist, stand-ins otherwise."""
    notes = []
    try:
        from byline.clean import read_document
    except Exception as exc:
        notes.append(
            f"byline.clean.read_document unavailable ({exc.__class__.__name__}: {exc}); "
            "a stand-in splits the raw text into paragraphs"
        )
        read_document = stand_in_document

    try:
        from byline.analysis import analyse
    except Exception as exc:
        notes.append(
            f"byline.analysis.analyse unavailable ({exc.__class__.__name__}: {exc}); "
            "nothing predicted"
        )

        def analyse(document: Any) -> Any:
            from types import SimpleNamespace

            return SimpleNamespace(quotes=(), entities=())

    return read_document, analyse, notes


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
