"""Entity quality of the analysis layer alone, against the hand-made gold.

    python bench/eval_entities.py [--show] [--set bbc|sample|all] [--bbc N]

For every gold document: parse the text (raw BBC file decoded as the gold says, or a sample
document as `byline.clean.read_document` cleans it), find speaker hints when
`attribution.speaker_hints` exists, run `entities.find_entities`, and compare with the gold
entities (name, type, aliases, role) by the scorer of `eval_extraction` (`bench/scoring.py`):

- person merge: the share of gold PERSONs whose spellings (name + aliases, titles and case folded)
  all fall in exactly one predicted entity, and of those whose canonical name is the gold name;
  predicted entities that merge two gold people;
- entity recall by name (or failing that by an alias), and the type accuracy of those found;
- predicted entities that merge two gold entities, and predicted entities the gold does not list;
- roles: of gold persons with a role, the share whose predicted role contains or is contained in it;
- words per second of `find_entities` alone and of parse + entities.

`--bbc N` also prints the entities of N further BBC articles (not in the gold), for reading by eye.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from byline.analysis.entities import find_entities
from byline.analysis.nlp import parse
from byline.models import Entity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.gold import BBC_DIR, GoldDoc, load_bbc_gold, load_sample_gold, read_bbc_raw
from bench.scoring import EntityDetails, Totals, ratio, score_entities, score_entity_details


def document_text(doc: GoldDoc) -> str:
    """The text a gold document's answers refer to."""
    if doc.set == "sample":
        from byline.clean import read_document

        return read_document(doc.path).text
    return read_bbc_raw(doc.path)


def hints_for(sdoc: Any) -> list[tuple[int, int]]:
    """Speaker spans from the quotes engineer's attribution, when it is importable."""
    try:
        from byline.analysis.attribution import speaker_hints
    except ImportError:
        return []
    return list(speaker_hints(sdoc, keep=lambda token: token.ent_type_ in ("", "PERSON")))


def evaluate(docs: list[GoldDoc], show: bool) -> None:
    """Print the figures for the gold documents, scored by `bench/scoring.py`."""
    totals, details = Totals(), EntityDetails()
    errors: list[str] = []
    words = 0
    t_entities = t_all = 0.0
    for doc in docs:
        text = document_text(doc)
        words += len(text.split())
        t0 = time.perf_counter()
        sdoc = parse(text)
        hints = hints_for(sdoc)
        t1 = time.perf_counter()
        entities = find_entities(text, sdoc, hints)
        t2 = time.perf_counter()
        t_entities += t2 - t1
        t_all += t2 - t0
        score_entities(doc, entities, totals, errors)
        score_entity_details(doc, entities, details, errors)
    if show:
        print("\n".join(errors))
    print(f"documents                      {len(docs)}")
    print(report(totals, details))
    print(f"find_entities words/s          {words / max(t_entities, 1e-9):,.0f}")
    print(f"parse + entities words/s       {words / max(t_all, 1e-9):,.0f}")


def report(t: Totals, d: EntityDetails) -> str:
    """The entity figures, one per line."""

    def pct(a: int, b: int) -> str:
        return f"{ratio(a, b) or 0:.1%}"

    rows = [
        ("person merge (one entity)", f"{pct(t.persons_ok, t.persons)} of {t.persons}"),
        ("person merge + canonical name", pct(d.named, t.persons)),
        ("entities merging two people", str(t.people_merged)),
        ("entity recall by name", f"{pct(t.entities_found, t.entities)} of {t.entities}"),
        ("type accuracy (found)", f"{pct(t.types_ok, t.entities_found)} of {t.entities_found}"),
        ("roles (containment)", f"{pct(d.roles_ok, d.roles)} of {d.roles}"),
        ("found merging two gold", str(d.merging_two)),
        ("found not in gold", str(d.extra)),
    ]
    return "\n".join(["gold entities", *(f"  {k:<30} {v}" for k, v in rows)])


def show_entities(entities: tuple[Entity, ...], name: str) -> None:
    """Print one article's entities for reading by eye."""
    print(f"== {name}")
    for e in entities:
        role = f"  [{e.role}]" if e.role else ""
        aliases = f"  aka {', '.join(e.aliases)}" if e.aliases else ""
        print(f"  {e.type:7} {e.name} x{e.mention_count}{aliases}{role}")


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every error")
    parser.add_argument("--set", choices=("bbc", "sample", "all"), default="all")
    parser.add_argument("--bbc", type=int, default=0, help="also print N other BBC articles")
    args = parser.parse_args()
    for name, load in (("bbc", load_bbc_gold), ("sample", load_sample_gold)):
        docs = load() if args.set in (name, "all") else []
        if docs:
            print(f"== {name} gold")
            evaluate(docs, args.show)
    if args.bbc:
        seen = {doc.label for doc in load_bbc_gold()}
        files = [
            p for p in sorted(BBC_DIR.glob("*/*.txt")) if str(p.relative_to(BBC_DIR)) not in seen
        ]
        step = max(1, len(files) // args.bbc)
        for path in files[::step][: args.bbc]:
            text = read_bbc_raw(path)
            sdoc = parse(text)
            show_entities(
                find_entities(text, sdoc, hints_for(sdoc)), str(path.relative_to(BBC_DIR))
            )


if __name__ == "__main__":
    main()
