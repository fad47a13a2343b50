"""A fixed, in-memory stand-in for `byline.library.Library`, for the SVG snapshots.

Snapshots check how the reader draws things, so their data must not move when cleaning or analysis
improve: the documents, entities and quotes here are written out by hand (offsets computed from the
text), and the stub answers the same calls, with the same record types, as the real library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from byline.library_records import (
    AddReport,
    DocumentSummary,
    EntityRecord,
    OpenDocument,
    QuoteRecord,
    SearchResult,
)
from byline.models import (
    Analysis,
    Document,
    Entity,
    EntityType,
    Hit,
    Mention,
    Metadata,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
)

PARAGRAPHS = [
    "Bissau's gas gamble: who really gains from the Cacheu power deal",
    "When the government of Guinea-Bissau announced in January that it had reached an outline "
    "agreement with a Portuguese and Polish consortium to build a gas-fired power station near "
    "Cacheu, the news was greeted in Bissau with a mixture of relief and suspicion.",
    '"This is the most important infrastructure decision the country will take in a generation, '
    'and almost nobody outside the ministry has read the contract," said Petra Marsh, a '
    "Lisbon-based energy analyst who has followed the talks since they began in 2022.",
    "Marsh, who also lectures on energy economics at the University of Lisbon, is not opposed to "
    'the project. "I think the plant is needed, and I think gas is a reasonable bridge for a '
    'country that burns diesel in rented power barges," she said. "But a bridge to what?"',
    "Orla Energia, a mid-sized company from Porto best known for solar farms in the Algarve, has "
    "never built a gas plant. Its partner, Baltica Power, has run gas turbines in Poland for two "
    "decades.",
    "Anna Kowalczyk, a Warsaw-born project-finance specialist at the European Investment Bank, was "
    'blunt. "We do not lend here because it is easy," Kowalczyk said. "We lend here because if '
    "the first large private power project fails, there will not be a second one for twenty "
    'years."',
    "The minister of energy, Domingos Sanhá, said the agreement would be signed by the end of "
    "June. "
    '"We are not selling the sea," Sanhá said. "We are renting out a pipe, and the power stays in '
    'Guinea-Bissau."',
    "Odd bytes from a scanned page: \x1b]52;c;aGVsbG8=\x07 and [bold]x[/bold] stay literal.",
] + [
    f"Background {n}: the Cacheu plant would burn gas from Block 7C, and the state utility would "
    "buy its power for twenty-five years at a price that nobody outside the ministry has seen."
    for n in range(1, 13)
]

TEXT = "\n\n".join(PARAGRAPHS)
PATH = "/library/meridian/bissau-gas-gamble.txt"
OTHER = "/library/wire/durban-dockworkers.txt"


def _paragraphs(text: str) -> tuple[Paragraph, ...]:
    spans, start = [], 0
    for number, part in enumerate(text.split("\n\n")):
        kind = ParagraphKind.HEADING if number == 0 else ParagraphKind.TEXT
        spans.append(Paragraph(start, start + len(part), kind))
        start += len(part) + 2
    return tuple(spans)


def _entity(name: str, kind: EntityType, pattern: str, role: str | None = None) -> Entity:
    mentions = tuple(Mention(m.start(), m.end(), m.group()) for m in re.finditer(pattern, TEXT))
    return Entity(name, kind, (), mentions, role)


def _quote(text: str, speaker: str, kind: QuoteKind = QuoteKind.DIRECT) -> Quote:
    start = TEXT.index(text)
    return Quote(text, start, start + len(text), kind, speaker, "said")


DOCUMENT = Document(
    PATH,
    "txt",
    TEXT,
    _paragraphs(TEXT),
    Metadata(title=PARAGRAPHS[0], source="The Meridian Review", date="2024-03-12"),
    "0" * 64,
)
ANALYSIS = Analysis(
    entities=(
        _entity(
            "Petra Marsh", EntityType.PERSON, r"Petra Marsh|Marsh", "a Lisbon-based energy analyst"
        ),
        _entity(
            "Anna Kowalczyk",
            EntityType.PERSON,
            r"Anna Kowalczyk|Kowalczyk",
            "a Warsaw-born project-finance specialist",
        ),
        _entity(
            "Domingos Sanhá", EntityType.PERSON, r"Domingos Sanhá|Sanhá", "the minister of energy"
        ),
        _entity("Orla Energia", EntityType.ORG, r"Orla Energia"),
        _entity("Baltica Power", EntityType.ORG, r"Baltica Power"),
        _entity("European Investment Bank", EntityType.ORG, r"European Investment Bank"),
        _entity("Guinea-Bissau", EntityType.PLACE, r"Guinea-Bissau"),
        _entity("Cacheu", EntityType.PLACE, r"Cacheu"),
        _entity("Lisbon", EntityType.PLACE, r"Lisbon"),
    ),
    quotes=(
        _quote(
            "This is the most important infrastructure decision the country will take in a "
            "generation, and almost nobody outside the ministry has read the contract,",
            "Petra Marsh",
        ),
        _quote(
            "I think the plant is needed, and I think gas is a reasonable bridge for a country "
            "that burns diesel in rented power barges,",
            "Petra Marsh",
        ),
        _quote("But a bridge to what?", "Petra Marsh"),
        _quote("We do not lend here because it is easy,", "Anna Kowalczyk"),
        _quote(
            "the agreement would be signed by the end of June", "Domingos Sanhá", QuoteKind.REPORTED
        ),
        _quote("We are not selling the sea,", "Domingos Sanhá"),
    ),
)
SUMMARIES = [
    DocumentSummary(
        OTHER,
        "Durban dockworkers walk out as crane failures pile up",
        "2024-08-21",
        "Wire brief",
        "txt",
        5,
        19,
    ),
    DocumentSummary(PATH, DOCUMENT.title, "2024-03-12", "The Meridian Review", "txt", 3, 6),
]


class StubLibrary:
    """Answers the reader's calls from the fixed data above."""

    home = None

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """One hit on the article for any word it contains."""
        word = query.strip().strip('"')
        at = TEXT.lower().find(word.lower())
        if not word or at < 0:
            return SearchResult(query, (), 0, "marsh")
        start = max(0, at - 60)
        snippet = TEXT[start : at + 80].replace("\n", " ")
        found = at - start
        hit = Hit(
            PATH,
            DOCUMENT.title,
            3.2,
            snippet,
            ((found, found + len(word)),),
            "The Meridian Review",
            "2024-03-12",
            at,
        )
        return SearchResult(query, (hit,), 1)

    def recent(self, limit: int = 50) -> list[DocumentSummary]:
        """Both documents, newest first."""
        return SUMMARIES[:limit]

    def open(self, path: str) -> OpenDocument:
        """The article (whatever the path: the stub has one readable document)."""
        return OpenDocument(DOCUMENT, ANALYSIS, indexed=True)

    def quotes(
        self,
        paths: Iterable[str] | None = None,
        speaker: str | None = None,
        query: str | None = None,
    ) -> list[QuoteRecord]:
        """The article's quotes, one speaker's when asked."""
        return [QuoteRecord(PATH, q) for q in ANALYSIS.quotes if speaker in (None, q.speaker)]

    def entities(self, paths: Any = None, type: Any = None) -> list[EntityRecord]:
        """Library-wide rows for the article's entities."""
        return [
            EntityRecord(None, e.name, e.type, e.aliases, e.mention_count, e.role, 1)
            for e in ANALYSIS.entities
            if type in (None, e.type)
        ]

    def speakers(self) -> list[tuple[str, int]]:
        """Everyone quoted, most quoted first."""
        return [("Petra Marsh", 3), ("Domingos Sanhá", 2), ("Anna Kowalczyk", 1)]

    def documents_naming(self, name: str) -> list[DocumentSummary]:
        """The article, for any name it holds."""
        return [SUMMARIES[1]]

    def add(self, paths: Any, progress: Any = None, *, analyse: bool = True) -> AddReport:
        """Nothing to add."""
        return AddReport()
