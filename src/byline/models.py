"""The values that flow through Byline's pipeline, left to right.

    file ─► loader ─► RawDocument ─► clean ─► Document ─► analyse ─► Analysis ─► index

Every stage after cleaning refers to `Document.text` by character offsets (`start` inclusive, `end`
exclusive, Python string indices). All classes are frozen: a stage makes new values, it never edits
the ones it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a document says about itself: from HTML meta tags, PDF info, a Markdown front matter."""

    title: str | None = None
    """The headline or report title."""
    author: str | None = None
    """The byline, as printed."""
    date: str | None = None
    """Publication date as ISO 8601 (`2024-03-05` or a full timestamp), when known."""
    url: str | None = None
    """Canonical URL, when the page names one."""
    source: str | None = None
    """The publisher or site name ("The Meridian Review")."""


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file's text as its loader read it, before cleaning.

    `pages` holds one string per printed page for paged formats (PDF, or text with form feeds) and a
    single string otherwise. Within a page, paragraphs are separated by a blank line; lines inside a
    paragraph may still be hard-wrapped. Loaders that know structure (Markdown, HTML) put each
    paragraph on one line and list heading texts in `headings`.
    """

    path: Path
    format: str
    """The loader that read it: "txt", "md", "html" or "pdf"."""
    pages: tuple[str, ...]
    metadata: Metadata = field(default_factory=Metadata)
    headings: tuple[str, ...] = ()
    """Paragraph texts the source marked as headings (Markdown `#`, HTML `<h1>`..`<h6>`)."""
    headers_removed: bool = False
    """True when the loader already removed running headers, footers and page numbers (PDF)."""
    header_lines: tuple[str, ...] = ()
    """The running header and footer lines the loader removed (first page first): where cleaning
    looks for a date that the text and the metadata lack."""

    @property
    def text(self) -> str:
        """All pages joined by a blank line."""
        return "\n\n".join(self.pages)


class ParagraphKind(StrEnum):
    """What a block of the cleaned text is."""

    TEXT = "text"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of `Document.text`, by offsets."""

    start: int
    end: int
    kind: ParagraphKind = ParagraphKind.TEXT


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document: reflowed text with paragraphs separated by exactly one blank line.

    `text` is what the reader shows and what every offset in `Analysis` points into.
    """

    path: str
    """The file's absolute path, as a string (the identity of the document in the library)."""
    format: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    metadata: Metadata
    content_hash: str
    """SHA-256 hex digest of the file's bytes: what incremental indexing compares."""

    @property
    def title(self) -> str:
        """The metadata title, else the first paragraph (shortened), else the file name."""
        if self.metadata.title:
            return self.metadata.title
        if self.paragraphs:
            first = self.text[self.paragraphs[0].start : self.paragraphs[0].end]
            return first if len(first) <= 120 else first[:117].rstrip() + "..."
        return Path(self.path).name

    def paragraph_text(self, paragraph: Paragraph) -> str:
        """The text of one paragraph."""
        return self.text[paragraph.start : paragraph.end]


class EntityType(StrEnum):
    """The kinds of names Byline tracks. spaCy's GPE/LOC/FAC fold into PLACE."""

    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"
    MISC = "MISC"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an entity is named in `Document.text` (as written, OCR noise and all)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place or other name, merged across the whole document.

    `name` is the canonical (fullest, best-spelled) form; `aliases` every other form seen
    ("Marsh", "Kowalczvk"), without `name` itself.
    """

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    role: str | None = None
    """The role the text gives a person ("a lecturer at the University of Leeds"), if any."""

    @property
    def mention_count(self) -> int:
        """How many times the document names this entity."""
        return len(self.mentions)


ANALYSIS_VERSION = 6
"""The analysis's version: raised when what analysis finds changes (names, speakers, quotes), so
that a library analysed by an earlier Byline is analysed again by the next `byline index` (a
document's stored analysis and index entry carry the version they were made with). 2: one name
for Labour, the US, the UK, the EU and the UN; doubles and opinion verbs dropped (28 November).
3: double surnames one person ("Baez Silva" of "Carlos Baez Silva"); "GMT", "USB", "VAT" and
other common nouns in capitals no entities; names in a list of people are people; a blank line
ends a sentence, so a headline no longer runs into the first sentence; portfolios ("Home" of
"Home Secretary") no entities; "they" after "analysts said" the analysts; a surname spaCy
mistyped joins the person named in full (28 November, later). 4: after an audit of 30 BBC
articles and a user's review (29 November): a line-up's initials kept ("J Robinson"), a list of
portfolios is a role, a passive cue's doer and a causative's object speak, "said Name" after a
quotation wins over the parse, conditions report nothing, more words stand for an organisation
("the insurer"), a common first name counts for a person, a body's initials that speak stay a
body, no "Mr" entity, no nickname without a capital ("Bush 'denial' Blair"). 5 (29 November,
later): organisation cues counted on the mentions spaCy did not tag and "BT chief executive"
one ("BT", "Gazprom", "Electrolux" were places); "the company said" with no organisation named
near is the one the article is about; "in Cardiff and" no portfolio of a minister; a spokesman
for a person speaks for that person; a company that speaks, with a cue only a company has, is no
person ("Yukos", "Sophos"); a club named after its town is a club on a loan or before a position;
"department", "agency", "regulator", "watchdog" before a name make it a body's ("Defra"); "they"
is not the body named in what they say; what someone "spoke of" in quotation marks is theirs; a
name after a country's possessive is a person's ("Ethiopia's Tirunesh Dibaba"); "FCC" is the "US
Federal Communications Commission"; "the company, UPS, said" makes UPS the company that "the US
company" then means; "the film Vera Drake", "his album Musicology" are works (MISC); '"...,"
added the British producer' is the producer named before; "the presenter", "the entrepreneur"
the person the report is about; a name spaCy missed after "firm", "band", "group" is an
organisation ("mobile music firm Musiwave"). 6 (29 November, third): "Public and Commercial
Services Union" one name (spaCy made "Public" an organisation of its own, or left it out);
"a defeat to Taylor Dent" no cue of a club (a first name opens it), "Taylor" a first name; a
name with a cue only a body has ("Yukos spokesman") is no person however often spaCy says so;
"film-maker Spike Lee" and "record producer" no company's kind; "Nathan Lane" a person; "a
Labour MP said" no word of the party's; names under four letters are no OCR spellings of each
other ("PM" was "PE", "The man who said" Michael Mann's); reported speech with its cue set off
by commas ("The deal, Mr Smith said, would be signed"); "he" and "she" are no body that spoke by
its own name ("Yukos had claimed ... By doing so, he said" is not Yukos); a country's name is a
place, never a person or an organisation ("Sri Lanka" in a list, "Samoa" in a match); the
person named after a long role speaks ("Shadow spokesman for sport Hugh Robertson", "French
Green MEP Alain Lipietz", the second untagged by spaCy); a short form in brackets after an
organisation's name is that organisation's ("the European Commission (EC)", though "European
Council" has the same initials), and a body's mention under a subject makes it the speaker;
"read" is a cue after a written thing ("Morquendi's message read", "a BBC statement read");
"according to reports from Interfax", "according to market analysts Gartner" are theirs, "press
reports in China" nobody's, and "Reports that Tony Blair is planning" not his; "Britons",
"the Welshman" are no names, and "Briton Clive Owen" is Clive Owen; England, Scotland, Wales and
Northern Ireland are places like other countries; a closing attribution after an owner's "'s"
speaks (", the BBC's Jonathan Beale reports.")."""


class QuoteKind(StrEnum):
    """How a quote is given."""

    DIRECT = "direct"
    """Words in quotation marks, a whole utterance."""
    PARTIAL = "partial"
    """A fragment in quotation marks woven into the reporter's sentence: is to "give an ..."."""
    REPORTED = "reported"
    """Speech without quotation marks: the minister said in an interview that ..."""


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation, by offsets into `Document.text`.

    `start`/`end` span the quoted words without their quotation marks, so
    `document.text[q.start:q.end] == q.text` always holds.
    """

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None
    """The speaker entity's canonical name, or None when the text does not say."""
    cue: str | None = None
    """The attribution verb as written ("said", "adding", "according to")."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What analysis found in one `Document`."""

    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def people(self) -> tuple[Entity, ...]:
        """The PERSON entities, most mentioned first."""
        found = [e for e in self.entities if e.type is EntityType.PERSON]
        return tuple(sorted(found, key=lambda e: (-e.mention_count, e.name)))


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    path: str
    title: str
    score: float
    snippet: str
    """Plain text around the best matches (never markup)."""
    highlights: tuple[tuple[int, int], ...] = ()
    """Offsets into `snippet` of the matched terms, for the faces to emphasise."""
    source: str | None = None
    date: str | None = None
    offset: int | None = None
    """Offset in `Document.text` of the first match, for opening the document there."""
