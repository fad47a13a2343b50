"""Small articles with the traits of real input, written to tmp folders by the library, index and
CLI tests (no tests here: this module only provides the documents and helpers)."""

from __future__ import annotations

from pathlib import Path

ENERGY = """Lisbon Weighs Offshore Wind Deal

 The energy minister, Petra Marsh, said on Tuesday that the nego-
tiation over the offshore wind farms near Lisbon was nearly complete.
"We are close to a deal," Marsh said.

"The grid needs investment before the turbines arrive," said Anna
Kowalczyk, a Lisbon-based energy analyst. Kowalczvk added that the
ministrys plan was "neutral" on prices.
"""

FOOTBALL = """Harbour City Draw at Home

The match between Harbour City and Northgate Rovers ended in a draw
after a long battle in the rain, and the supporters went home cold.

"We should have won it in the first half," said coach Daniel Okafor.
"""

PORT = """Dockworkers Strike in Durban

Dockworkers walked off the job on Monday, halting cargo at the port of
Durban for the second time this year.

"We gave management ninety days," said Sipho Mahlangu, the union's
general secretary. Petra Marsh, speaking from Lisbon, called the strike
regrettable.
"""

DOCS = {"energy.txt": ENERGY, "football.txt": FOOTBALL, "port.txt": PORT}


def write_docs(folder: Path, docs: dict[str, str] | None = None) -> Path:
    """Write the articles (hard-wrapped text files) into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (docs or DOCS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
