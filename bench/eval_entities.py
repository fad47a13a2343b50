"""Entity quality of the analysis layer alone, against the hand-made gold.

    python bench/eval_entities.py [--show] [--set bbc|sample|all] [--bbc N]

For every gold document: parse the text (raw BBC file decoded as the gold says, or a sample
document as `byline.clean.read_document` cleans it), find speaker hints when
`attribution.speaker_hints` exists, run
`entities.find_entities`, and compare with the gold entities (name, type, aliases):

- person merge: the share of gold PERSONs whose spellings (name + aliases, titles and case folded)
  all fall in exactly one predicted entity, and of those whose canonical name is the gold name;
- type accuracy of gold entities found by name; entity recall by name;
- predicted entities that merge two gold entities, and predicted entities the gold does not list;
- roles: of gold persons with a role, the share whose predicted role contains or is contained in it;
- words per second of `find_entities` alone and of parse + entities.

`--bbc N` also prints the entities of N further BBC articles (not in the gold), for reading by eye.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from byline.analysis.entities import find_entities
from byline.analysis.nlp import parse
from byline.models import Entity

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.unit.gold_entities import EntityScore  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "bbc_gold.json"
SAMPLE_GOLD = ROOT / "tests" / "gold" / "sample_gold.json"
BBC = ROOT.parent / "shared" / "corpora" / "bbc"


def document_text(gdoc: dict[str, Any]) -> str:
    """The text a gold document's answers refer to."""
    if gdoc["file"].startswith("sample_docs/"):
        from byline.clean import read_document

        return read_document(ROOT / gdoc["file"]).text
    return read_text(BBC / gdoc["file"])


def read_text(path: Path) -> str:
    """A BBC file as the gold's offsets see it: UTF-8 with errors replaced, \\r\\n as \\n."""
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


def hints_for(sdoc: Any) -> list[tuple[int, int]]:
    """Speaker spans from the quotes engineer's attribution, when it is importable."""
    try:
        from byline.analysis.attribution import speaker_hints
    except ImportError:
        return []
    return list(speaker_hints(sdoc, keep=lambda token: token.ent_type_ in ("", "PERSON")))


def evaluate(gold_docs: list[dict[str, Any]], show: bool) -> None:
    """Print the figures for the gold documents (scored as `tests/unit/gold_entities` does)."""
    score = EntityScore()
    words = 0
    t_entities = t_all = 0.0
    for gdoc in gold_docs:
        text = document_text(gdoc)
        words += len(text.split())
        t0 = time.perf_counter()
        sdoc = parse(text)
        hints = hints_for(sdoc)
        t1 = time.perf_counter()
        entities = find_entities(text, sdoc, hints)
        t2 = time.perf_counter()
        t_entities += t2 - t1
        t_all += t2 - t0
        score.add(gdoc["file"], gdoc["entities"], entities)
    if show:
        print("\n".join(score.errors))
    print(f"documents                      {len(gold_docs)}")
    print(score.report("gold"))
    print(f"find_entities words/s          {words / max(t_entities, 1e-9):,.0f}")
    print(f"parse + entities words/s       {words / max(t_all, 1e-9):,.0f}")


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
    for name, path in (("bbc", GOLD), ("sample", SAMPLE_GOLD)):
        if args.set in (name, "all") and path.exists():
            print(f"== {name} gold")
            evaluate(json.loads(path.read_text())["documents"], args.show)
    if args.bbc:
        seen = {d["file"] for d in json.loads(GOLD.read_text())["documents"]}
        files = [p for p in sorted(BBC.glob("*/*.txt")) if str(p.relative_to(BBC)) not in seen]
        step = max(1, len(files) // args.bbc)
        for path in files[::step][: args.bbc]:
            text = read_text(path)
            sdoc = parse(text)
            show_entities(find_entities(text, sdoc, hints_for(sdoc)), str(path.relative_to(BBC)))


if __name__ == "__main__":
    main()
