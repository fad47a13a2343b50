"""Scoring found entities against a gold file's: the figures `test_analysis_gold` prints and
floors, and `bench/eval_entities.py` prints with every error.

- entity recall by name: gold entities (optional ones aside) whose name is a found entity's
  name or alias (titles and case folded);
- type accuracy: of those, the share whose found entity has the gold type;
- person merge: gold persons whose spellings (name and aliases) all fall in exactly one found
  entity, and of those, the share named as the gold names them;
- roles: gold persons with a role whose found role contains it or is contained in it;
- found entities that no gold entity matches (extra), or that match two (merging).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from byline.analysis.names import fold, normalise_name
from byline.models import Entity


def spellings(name: str, aliases: Iterable[str]) -> set[str]:
    """Folded, title-free forms of a name and its aliases."""
    return {fold(normalise_name(s)) for s in (name, *aliases)} - {""}


@dataclass
class EntityScore:
    """Counts over the documents added so far; `errors` says what each miss was."""

    total: int = 0
    found: int = 0
    typed: int = 0
    persons: int = 0
    merged: int = 0
    named: int = 0
    roles: int = 0
    roles_ok: int = 0
    merging_two: int = 0
    extra: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, where: str, gold: list[dict[str, Any]], entities: Iterable[Entity]) -> None:
        """Score one document's found `entities` against its `gold` entities."""
        predicted = [(e, spellings(e.name, e.aliases)) for e in entities]
        gold_sets = [spellings(g["name"], g["aliases"]) for g in gold]
        for g, forms in zip(gold, gold_sets, strict=True):
            if not g.get("optional"):
                self._one(where, g, forms, predicted)
        for entity, forms in predicted:
            overlapping = sum(1 for gs in gold_sets if gs & forms)
            if overlapping > 1:
                self.merging_two += 1
                self.errors.append(f"TWO   {where}: {entity.name!r} {entity.aliases}")
            elif not overlapping:
                self.extra += 1
                self.errors.append(
                    f"EXTRA {where}: {entity.type} {entity.name!r} x{entity.mention_count}"
                )

    def _one(
        self,
        where: str,
        g: dict[str, Any],
        forms: set[str],
        predicted: list[tuple[Entity, set[str]]],
    ) -> None:
        self.total += 1
        hits = [e for e, ps in predicted if ps & forms]
        by_name = [e for e, ps in predicted if fold(normalise_name(g["name"])) in ps]
        if by_name:
            self.found += 1
            if by_name[0].type.value == g["type"]:
                self.typed += 1
            else:
                self.errors.append(
                    f"TYPE  {where}: {g['name']!r} gold {g['type']} got {by_name[0].type}"
                )
        else:
            self.errors.append(f"MISS  {where}: {g['type']} {g['name']!r}")
        if g["type"] != "PERSON":
            return
        self.persons += 1
        one = len(hits) == 1 and forms <= spellings(hits[0].name, hits[0].aliases)
        self.merged += one
        self.named += one and fold(hits[0].name) == fold(g["name"])
        if not (one and fold(hits[0].name) == fold(g["name"])):
            got = [(e.name, e.aliases) for e in hits]
            self.errors.append(f"MERGE {where}: {g['name']!r} {sorted(forms)} -> {got}")
        if g.get("role"):
            self.roles += 1
            got_role = fold(by_name[0].role or "") if by_name else ""
            wanted = fold(g["role"])
            if got_role and (got_role in wanted or wanted in got_role):
                self.roles_ok += 1
            else:
                self.errors.append(
                    f"ROLE  {where}: {g['name']!r} gold {g['role']!r} got {got_role!r}"
                )

    @property
    def recall(self) -> float:
        return self.found / max(self.total, 1)

    @property
    def type_accuracy(self) -> float:
        return self.typed / max(self.found, 1)

    @property
    def person_merge(self) -> float:
        return self.merged / max(self.persons, 1)

    def report(self, title: str) -> str:
        """The figures, one per line."""
        rows = [
            ("person merge (one entity)", f"{self.person_merge:.1%} of {self.persons}"),
            ("person merge + canonical name", f"{self.named / max(self.persons, 1):.1%}"),
            ("entity recall by name", f"{self.recall:.1%} of {self.total}"),
            ("type accuracy (found)", f"{self.type_accuracy:.1%} of {self.found}"),
            ("roles (containment)", f"{self.roles_ok / max(self.roles, 1):.1%} of {self.roles}"),
            ("found merging two gold", str(self.merging_two)),
            ("found not in gold", str(self.extra)),
        ]
        return "\n".join([f"{title} entities", *(f"  {k:<30} {v}" for k, v in rows)])
