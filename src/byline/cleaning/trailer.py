"""The contact and copyright block a publisher prints after an article.

"© 2024 The Meridian Review. All rights reserved.", "Contact: newsroom@...", "For enquiries ...",
phone numbers, "Reprints", "Subscribe": not part of the article, and noise for search and analysis.
Only the last paragraphs are examined, and the first one that does not look like this ends the
search, so a paragraph in the middle of an article that mentions a copyright is never touched.
"""

from __future__ import annotations

import re

MAX_TRAILER_CHARS = 400
"""A longer paragraph is article text, whatever it mentions."""

_ANYWHERE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an email address
    r"|(?:\b(?:tel|phone|telephone|fax|mobile)\b\.?:?\s*|\+)\(?\d[\d ().-]{6,}\d",
    re.IGNORECASE,
)
_AT_START = re.compile(
    r"(?:contact\b|for (?:enquiries|inquiries|more information|further information|press)"
    r"|reprints?\b|subscribe\b|to subscribe\b|subscriptions?\b|follow us\b|sign up\b|newsletter\b"
    r"|(?:press|media) (?:office|contacts?|enquiries|inquiries)\b|published by\b"
    r"|e-?mail\s*:|tel\b|phone\b"
    r"|www\.|https?://|permissions?\b|licensing\b|terms of (?:use|service)\b|privacy policy\b)",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"\w")


def is_trailer(paragraph: str) -> bool:
    """True if `paragraph` reads like a contact, copyright or subscription notice, or a rule."""
    if not _HAS_WORD.search(paragraph):
        return True
    if len(paragraph) > MAX_TRAILER_CHARS:
        return False
    return _AT_START.match(paragraph) is not None or _ANYWHERE.search(paragraph) is not None


def _ends_sentence(line: str) -> bool:
    return line[-1] in ".!?\"”’')"


def _notice_start(lines: list[str]) -> int | None:
    """Where a notice begins inside a block, after a finished sentence ("... for The Review." /
    "Contact the newsdesk: ..."): the earliest such line within the last `MAX_TRAILER_CHARS`."""
    start = None
    size = 0
    for i in range(len(lines) - 1, 0, -1):
        size += len(lines[i]) + 1
        if size > MAX_TRAILER_CHARS:
            break
        if _ends_sentence(lines[i - 1]) and is_trailer(" ".join(lines[i:])):
            start = i
    return start


def drop_trailer(blocks: list[list[str]]) -> list[list[str]]:
    """`blocks` (paragraphs as lists of lines) without the trailing contact / copyright block.

    A last block whose lines turn into a notice after a finished sentence keeps the lines before
    the notice (an author's note stays, the newsdesk's address goes). The first block always
    stays.
    """
    kept = list(blocks)
    while len(kept) > 1:
        lines = kept[-1]
        start = _notice_start(lines)
        if start is not None:
            kept[-1] = lines[:start]
        elif sum(map(len, lines)) <= MAX_TRAILER_CHARS and is_trailer(" ".join(lines)):
            kept.pop()
        else:
            break
    return kept
