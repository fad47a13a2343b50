"""The hand-made gold sets and how their spans are found in Byline's cleaned text, for the scorer
(`scoring`): text normalisation and alignment, span matching, name folding, and the loaders of
`tests/gold/bbc_gold.json` and `tests/gold/sample_gold.json`."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
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
    role: str | None = None

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
            GoldEntity(
                e["name"],
                e["type"],
                list(e.get("aliases", [])),
                bool(e.get("optional")),
                e.get("role"),
            )
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
                    e.get("role"),
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
