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
    r"|press (?:office|contact|enquiries|inquiries)\b|published by\b|e-?mail\s*:|tel\b|phone\b"
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


def drop_trailer(paragraphs: list[str]) -> list[str]:
    """`paragraphs` without the trailing contact / copyright block; the first one always stays."""
    end = len(paragraphs)
    while end > 1 and is_trailer(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end]
