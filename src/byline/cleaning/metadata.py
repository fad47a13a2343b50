"""What the text says about itself: headline, byline, dateline; and which paragraphs are headings.

The loader's metadata (HTML meta tags, PDF info) always wins; the text fills only what is missing.
The headline stays in the text: it is part of what the reader shows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date

from byline.models import Metadata, ParagraphKind

LOOK_AHEAD = 6
"""Bylines and datelines sit in the first few paragraphs; later ones are about something else."""
MAX_HEADLINE_CHARS = 120
MAX_SUBHEAD_CHARS = 60

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
]
_DATELINE_HEAD = re.compile(r"(?:[A-Z][\w'’.-]*|\d[\d:.]*|on|[\s,;:()\-–—/|·•])*")
"""What may come before a dateline's date on a line: capitalised words (a place, an agency,
"Published"), times and punctuation; no sentence."""
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|da|di|van|von|der|del|la|le|bin|al)"
_NAME = rf"[A-Z][\w'’.-]*(?:\s+{_NAME_WORD})*"
_BYLINE = re.compile(rf"^(?:By|BY|by)\s+(?P<author>{_NAME}(?:\s+(?:and|AND)\s+{_NAME})?)")
_NAME_ALONE = re.compile(r"[A-Z][a-z'’-]+(?: (?:de|da|van|von|[A-Z][a-z'’-]+)){1,3}")
_KICKERS = frozenset(
    [
        "opinion",
        "analysis",
        "comment",
        "editorial",
        "feature",
        "interview",
        "exclusive",
        "breaking",
        "news",
        "review",
        "for immediate release",
        "press release",
        "media release",
    ]
)
_PROSE_END = frozenset(".,;:")
_QUOTES = "\"'”’»"
_OPENING_QUOTES = "\"'“‘«„"
_LETTER = re.compile(r"[^\W\d_]")


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["mm"]) if groups.get("mm") else _MONTHS[groups["month"].casefold()]
    try:
        return date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None


def find_date(lines: Sequence[str]) -> str | None:
    """The first full date in a dateline among `lines`, as ISO `YYYY-MM-DD`.

    A date counts when the line is short (a dateline of its own) or the date opens the line after
    no more than a dateline's place and agency ("LISBON, 5 March 2024 — ...", "Lisbon (Reuters) -
    5 March 2024: ..."): dates in a sentence are what the article is about ("Gordon Brown was born
    in Glasgow on 20 February 1951, ...").
    """
    for line in lines:
        for pattern in _DATES:
            for match in pattern.finditer(line, 0, 200):
                opens = match.start() <= 40 and _DATELINE_HEAD.fullmatch(line[: match.start()])
                if (len(line) <= 100 or opens) and (found := _iso(match)):
                    return found
    return None


def find_month(lines: Sequence[str]) -> str | None:
    """A month and year ("March 2024") among `lines`, as ISO `YYYY-MM`: a running header's date."""
    for line in lines:
        match = _MONTH_YEAR.search(line)
        if match:
            return f"{match['year']}-{_MONTHS[match['month'].casefold()]:02d}"
    return None


def find_author(paragraphs: Sequence[str]) -> str | None:
    """The name in a byline ("By Petra Marsh, Energy Correspondent" gives "Petra Marsh")."""
    for paragraph in paragraphs[:LOOK_AHEAD]:
        match = _BYLINE.match(paragraph)
        if match and len(paragraph) <= 150:
            name = match["author"].rstrip(".")
            if _LETTER.search(name):
                return name
    return None


def is_byline_or_dateline(paragraph: str) -> bool:
    """True for "By ..." lines and short lines that are mostly a date."""
    if _BYLINE.match(paragraph):
        return True
    return len(paragraph) <= 40 and find_date([paragraph]) is not None


def looks_like_headline(paragraph: str) -> bool:
    """A short line that opens like a title and does not end like a sentence."""
    if not paragraph or len(paragraph) > MAX_HEADLINE_CHARS or len(paragraph.split()) > 20:
        return False
    first_word = paragraph.split(maxsplit=1)[0]
    if first_word[0].islower() and first_word.islower():  # "iTunes" may open a headline
        return False
    # A headline may end on a quoted word ("Economy 'stronger than forecast'"), never on a comma.
    unquoted = paragraph.rstrip(_QUOTES)
    if not unquoted or unquoted[-1] in _PROSE_END or len(_LETTER.findall(paragraph)) < 2:
        return False
    return not is_byline_or_dateline(paragraph)


def is_kicker(paragraph: str) -> bool:
    """A section label printed above a headline: "OPINION", "FOR IMMEDIATE RELEASE"."""
    words = paragraph.split()
    return paragraph.casefold() in _KICKERS or (
        len(words) <= 3 and paragraph.isupper() and len(paragraph) <= 30
    )


def is_masthead(paragraph: str, after: Sequence[str]) -> bool:
    """An organisation's name in capitals above the document's own title ("GULF OF GUINEA PORTS
    COUNCIL" over "Annual Report 2023"): capitals followed by a headline-like line that is not."""
    following = after[0] if after else ""
    return paragraph.isupper() and looks_like_headline(following) and not following.isupper()


def headline_index(paragraphs: Sequence[str]) -> int | None:
    """Which of the first paragraphs is the headline: the first headline-like one after any
    kicker or masthead, else a headline-like first paragraph, else none."""
    for number, paragraph in enumerate(paragraphs[:3]):
        if not looks_like_headline(paragraph):
            break
        if not is_kicker(paragraph) and not is_masthead(paragraph, paragraphs[number + 1 :]):
            return number
    return 0 if paragraphs and looks_like_headline(paragraphs[0]) else None


def paragraph_kinds(paragraphs: Sequence[str], headings: Collection[str]) -> list[ParagraphKind]:
    """HEADING for the texts the loader marked, a headline-like first paragraph, and short subheads.

    A subhead is a short title-like paragraph between two others; the last paragraph is never one
    (it is usually a sign-off).
    """
    kinds = []
    last = len(paragraphs) - 1
    headline = headline_index(paragraphs)
    for number, paragraph in enumerate(paragraphs):
        heading = paragraph in headings or number == headline
        if not heading and looks_like_headline(paragraph):
            heading = number == 0 or (
                number < last
                and len(paragraph) <= MAX_SUBHEAD_CHARS
                and len(paragraph.split()) <= 8
                and paragraph[-1] not in "!?"
                # A short line in quotation marks is a quote (or a pull-quote), not a subhead.
                and paragraph[0] not in _OPENING_QUOTES
            )
        kinds.append(ParagraphKind.HEADING if heading else ParagraphKind.TEXT)
    return kinds


def complete(
    metadata: Metadata, paragraphs: Sequence[str], header_lines: Sequence[str]
) -> Metadata:
    """`metadata` with title, author and date filled from the text where the loader left them empty.

    `header_lines` are the running headers removed from the pages: a last resort for the date.
    """
    found: dict[str, str] = {}
    headline = headline_index(paragraphs)
    if not metadata.title and headline is not None:
        found["title"] = paragraphs[headline]
    if not metadata.author:
        author = find_author(paragraphs)
        # A name alone under the headline is an op-ed's byline ("Mariana Costa").
        if author is None and headline is not None and headline + 2 < len(paragraphs):
            below = paragraphs[headline + 1]
            author = below if _NAME_ALONE.fullmatch(below) else None
        if author:
            found["author"] = author
    if not metadata.date:
        when = (
            find_date(paragraphs[:LOOK_AHEAD])
            or find_date(header_lines[:20])
            or find_month(header_lines[:20])
        )
        if when:
            found["date"] = when
    return replace(metadata, **found) if found else metadata
