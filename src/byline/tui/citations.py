"""What `y` copies: a quote with who said it and where, or a document's reference.

The reader's quote list and the library-wide one copy a quote the same way: its words as cited
(`cited_text`: the comma that joined them to the attribution dropped), then the speaker, the title
(the file's name when there is none), the source and the day. Reported speech is the reporter's
words, not the speaker's: it is never put inside quotation marks, here or on screen, and its
citation says so.
"""

from __future__ import annotations

from pathlib import Path

from byline.analysis.quote_marks import cited_text
from byline.dates import day
from byline.tui.records import cleaned
from byline.tui.wrap import display

REPORTED = "reported"
"""`QuoteKind.REPORTED`'s value (the reader does not import `byline.models` before its paint)."""


def cited_words(text: str, kind: str) -> str:
    """A quote's words as cited: inside quotation marks unless it is reported speech."""
    words = cleaned(cited_text(text))
    return words if kind == REPORTED else f"“{words}”"


def quote_citation(
    text: str,
    speaker: str | None,
    title: str | None,
    path: str,
    source: str | None,
    date: str | None,
    kind: str = "direct",
) -> str:
    """A quote with its citation, ready to paste: speaker, “title”, source, date."""
    who = cleaned(speaker) or "Unattributed"
    if kind == REPORTED:
        who += " (reported speech, not a direct quote)"
    parts = [who, _title(title, path)]
    parts += [cleaned(value) for value in (source, day(date)) if value]
    return f"{cited_words(text, kind)} — {', '.join(parts)}"


def document_citation(title: str | None, path: str, source: str | None, date: str | None) -> str:
    """A document's reference, ready to paste: “title”, source, date, and the file it is in."""
    parts = [_title(title, path)]
    parts += [cleaned(value) for value in (source, day(date)) if value]
    parts.append(display(path))
    return ", ".join(parts)


def _title(title: str | None, path: str) -> str:
    return f"“{cleaned(title) or cleaned(Path(path).name)}”"


def copied_notice(speaker: str | None, text: str, kind: str) -> str:
    """What `y` says it copied: whose quote, and its first words, so a wrong one shows."""
    words = cleaned(cited_text(text)).split()
    opening = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    return f"Copied a quote by {cleaned(speaker) or 'an unnamed speaker'}: " + cited_words(
        opening, kind
    )
