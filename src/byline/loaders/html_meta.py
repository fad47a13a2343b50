"""What a web page says about itself: title, author, date, canonical URL and site name.

Read from the parsed page before trafilatura prunes it: Open Graph and `article:` meta tags,
`<link rel=canonical>`, the `<title>`, and JSON-LD `NewsArticle`/`Article` blocks. The HTML loader
merges these with trafilatura's own findings (which also reads visible bylines).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from byline.loaders.base import iso_date

_MAX_JSON_LD = 1_000_000
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "opinionnewsarticle",
        "report",
        "scholarlyarticle",
        "webpage",
        "techarticle",
    }
)


def _json_ld_objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value, including those inside lists and `@graph`."""
    if depth > 20:
        return
    if isinstance(value, list):
        for item in value:
            yield from _json_ld_objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _json_ld_objects(value["@graph"], depth + 1)


def _name(value: Any) -> str | None:
    """A person's or organisation's name from a JSON-LD value (string, object or list of them)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name(item) for item in value) if name]
        return ", ".join(names) or None
    return None


def _types(value: Any) -> set[str]:
    """The lower-cased `@type`s of a JSON-LD object."""
    kinds = value if isinstance(value, list) else [value]
    return {kind.lower() for kind in kinds if isinstance(kind, str)}


def _json_ld(tree: Any) -> dict[str, str]:
    """Headline, author, date, URL and publisher of the page's first article-like JSON-LD object."""
    found: dict[str, str] = {}
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        source = script.text or ""
        if len(source) > _MAX_JSON_LD:
            continue
        try:
            value = json.loads(source)
        except (ValueError, RecursionError):
            continue
        for item in _json_ld_objects(value):
            if not _types(item.get("@type")) & _ARTICLE_TYPES:
                continue
            fields = {
                "title": _name(item.get("headline")),
                "author": _name(item.get("author")),
                "date": item.get("datePublished")
                if isinstance(item.get("datePublished"), str)
                else None,
                "url": item.get("url") if isinstance(item.get("url"), str) else None,
                "source": _name(item.get("publisher")),
            }
            for key, field in fields.items():
                if field and key not in found:
                    found[key] = field
    return found


def page_metadata(tree: Any) -> dict[str, str]:
    """The page's own metadata as a dict with keys title, author, date, url, source (when found).

    Meta tags win over JSON-LD, and JSON-LD over the bare `<title>`. The date is ISO 8601, with the
    time when the page gives one (article:published_time usually does).
    """
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content
    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    title_element = tree.find(".//title")
    page_title = title_element.text_content().strip() if title_element is not None else None
    ld = _json_ld(tree)
    author = meta.get("author") or meta.get("article:author") or meta.get("byl")
    if author and author.startswith(("http://", "https://")):
        author = None  # article:author is often a profile URL, not a name
    date = (
        meta.get("article:published_time")
        or meta.get("og:published_time")
        or meta.get("datepublished")
        or meta.get("date")
        or meta.get("pubdate")
        or meta.get("dc.date")
        or ld.get("date")
    )
    found = {
        "title": meta.get("og:title") or meta.get("twitter:title") or ld.get("title") or page_title,
        "author": author or ld.get("author"),
        "date": iso_date(date),
        "url": canonical or meta.get("og:url") or ld.get("url"),
        "source": meta.get("og:site_name") or meta.get("application-name") or ld.get("source"),
    }
    return {key: value for key, value in found.items() if value}
