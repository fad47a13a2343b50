"""HTML pages: the article only, with the page's metadata.

Three extractors, tried in order until one finds text:

1. trafilatura, which finds the main content and drops navigation, share bars, cookie banners,
   comments and footers; its output tree keeps headings, paragraphs, lists and quotes apart;
2. a small lxml extraction of `<article>`/`<main>`/`<body>` paragraphs, for short pages, which
   trafilatura either rejects or returns whole, menus included;
3. a flat, regex-based extraction of the tag-stripped source, for pathological pages: libxml2 stops
   parsing at 256 levels of nesting, so a page nested 20,000 deep would otherwise lose its text.
"""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import Path
from typing import Any

from byline.errors import EmptyDocument
from byline.loaders.base import read_text_bytes, suffix
from byline.loaders.decoding import binary_kind, bom_encoding, decode, repair
from byline.loaders.html_meta import page_metadata
from byline.models import Metadata, RawDocument

SUFFIXES = frozenset({"html", "htm", "xhtml", "shtml"})

SHORT_PAGE = 250
"""Below this many characters of article text, the lxml extraction is preferred to trafilatura."""

FAST_ABOVE = 5000
"""Pages with more elements than this get trafilatura's fast mode (news pages have 500-3000)."""

Block = tuple[str, bool]
"""One paragraph of extracted text and whether the page marks it as a heading."""

_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_HIDDEN = re.compile(
    r"<(script|style|noscript|template|head|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|article|section|main|blockquote|tr|td|th|table|pre|hr|dd|dt"
    r"|header|footer|nav|aside|figure|figcaption)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

_TRAFILATURA_BLOCKS = frozenset({"head", "p", "item", "row", "code", "quote"})
_CODE_IS_INLINE_IN = frozenset({"head", "p", "item", "cell", "code"})
_NESTED_BLOCKS = frozenset({"head", "p", "item", "row", "quote", "list", "table"})
_NESTED_BLOCKS_CODE = _NESTED_BLOCKS | {"code"}
_JUNK_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "figure",
)
_JUNK_NAMES = re.compile(
    r"\b(?:cookie\w*|consent|share\w*|sharing|social\w*|comments?|newsletter\w*|subscri\w+"
    r"|promo\w*|advert\w*|ads?|banner|breadcrumbs?|related|popup|modal|sidebar|menu|masthead)\b",
    re.I,
)
_NEVER_JUNK = frozenset({"html", "body", "article", "main"})
_HTML_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dd")


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are HTML markup, whatever its name says."""
    encoding = bom_encoding(head)
    text = head.decode(encoding, errors="ignore") if encoding else head.decode("latin-1")
    start = text.lstrip().lower()[:2048]
    if not start.startswith("<"):
        return False
    return any(marker.decode() in start for marker in _MARKERS)


def _collapse(text: str) -> str:
    """Text with every run of whitespace made one space."""
    return _SPACES.sub(" ", text).strip()


def _own_text(element: Any, blocks: frozenset[str]) -> str:
    """An element's text without that of nested block elements (they are blocks of their own)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in blocks:
            parts.append(" " if child.tag == "lb" else "".join(child.itertext()))
        parts.append(child.tail or "")
    return _collapse("".join(parts))


_NOTICE = r"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{year}\b"
"""A copyright notice of `year` ("© 2019", "Copyright 2015-2019")."""
_NEW_YEARS_DAY = (
    r"\b(?:1(?:st)?\s+jan(?:uary)?\.?,?\s+{year}|jan(?:uary)?\.?\s+1(?:st)?,?\s+{year}"
    r"|{year}-01-01)"
)
"""1 January of `year`, as a page may write it."""


def _not_a_copyright_year(date: str | None, tree: Any) -> str | None:
    """`date`, unless it is htmldate's 1 January of the year in a copyright notice ("© 2019
    Harbour Times" gave 2019-01-01) and the page never writes that day: a page's copyright year
    is not its date."""
    if not date or not date.endswith("-01-01"):
        return date
    year = date[:4]
    text = " ".join(tree.itertext())
    notice = re.search(_NOTICE.format(year=year), text, re.I)
    written = re.search(_NEW_YEARS_DAY.format(year=year), text, re.I)
    return None if notice and not written else date


def _trafilatura_blocks(tree: Any) -> tuple[list[Block], dict[str, str]]:
    """Main-content blocks and metadata as trafilatura finds them (empty when it finds nothing).

    Pages with over `FAST_ABOVE` elements skip trafilatura's second opinion (readability and
    jusText) and htmldate's extensive date search, whose cost grows steeply with page size.
    """
    import trafilatura

    fast = sum(1 for _ in tree.iter()) > FAST_ABOVE
    result: Any = trafilatura.bare_extraction(
        tree,
        fast=fast,
        date_extraction_params={"extensive_search": not fast, "original_date": True},
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    if result is None or getattr(result, "body", None) is None:
        return [], {}
    blocks: list[Block] = []
    for element in result.body.iter():
        parent = element.getparent()
        if element.tag == "row":
            cells = [_collapse("".join(cell.itertext())) for cell in element]
            text = " | ".join(cell for cell in cells if cell)
        elif element.tag == "code" and parent is not None and parent.tag in _CODE_IS_INLINE_IN:
            continue  # inline code is part of its paragraph's text
        elif element.tag in _TRAFILATURA_BLOCKS:
            nested = _NESTED_BLOCKS if element.tag in _CODE_IS_INLINE_IN else _NESTED_BLOCKS_CODE
            text = _own_text(element, nested)
        else:
            continue
        if text:
            blocks.append((text, element.tag == "head"))
    found = {
        "title": result.title,
        "author": result.author,
        "date": _not_a_copyright_year(result.date, tree),
        "url": result.url,
        "source": result.sitename,
    }
    return blocks, {key: value for key, value in found.items() if value}


def _lxml_blocks(tree: Any) -> list[Block]:
    """Paragraphs and headings of the page's article, main or body, without page furniture."""
    for element in list(tree.iter(*_JUNK_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in _NEVER_JUNK:
            continue  # comments and processing instructions have no class; never drop the page
        if element.getparent() is None:
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and _JUNK_NAMES.search(names):
            element.drop_tree()
    for line_break in tree.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    root = next(iter(tree.xpath("//article | //main | //*[@role='main'] | //body") or [tree]))
    blocks: list[Block] = []
    taken: set[Any] = set()
    for element in root.iter(*_HTML_BLOCKS):
        if any(ancestor in taken for ancestor in element.iterancestors()):
            continue
        taken.add(element)
        text = _collapse(element.text_content())
        if text:
            blocks.append((text, element.tag[:1] == "h" and element.tag[1:].isdigit()))
    if not blocks:
        blocks = [(text, False) for text in _split_paragraphs(root.text_content())]
    return blocks


def _split_paragraphs(text: str) -> list[str]:
    """Paragraphs of loose text: blank-line separated runs, whitespace collapsed."""
    return [p for p in (_collapse(part) for part in _PARAGRAPH_BREAK.split(text)) if p]


def flat_blocks(source: str) -> list[Block]:
    """Paragraphs of the tag-stripped source: no tree, so no depth limit and no recursion."""
    text = _BLOCK_TAG.sub("\n\n", _HIDDEN.sub(" ", source))
    return [(html.unescape(p), False) for p in _split_paragraphs(_TAG.sub("", text))]


def _extract(source: str) -> tuple[list[Block], dict[str, str], dict[str, str]]:
    """The page's blocks, its own metadata and trafilatura's, by the first extractor that works.

    A page libxml2 cannot parse whole (nested past its depth limit) goes straight to the flat
    extraction. trafilatura fails in many ways on odd pages; any failure there falls through to
    the lxml extraction rather than losing the document.
    """
    import lxml.etree
    import lxml.html

    try:
        parser = lxml.html.HTMLParser()
        tree = lxml.html.document_fromstring(source, parser=parser)
        too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
        own = page_metadata(tree)
    except (RecursionError, lxml.etree.LxmlError, ValueError):
        return flat_blocks(source), {}, {}
    if too_deep:
        return flat_blocks(source), own, {}
    try:
        blocks, found = _trafilatura_blocks(tree)
    except ImportError:
        raise  # a broken installation must be loud, not a quietly worse extraction
    except Exception:  # trafilatura and its helpers raise anything on odd input
        blocks, found = [], {}
    if sum(len(text) for text, _ in blocks) < SHORT_PAGE:
        # On a page this short trafilatura falls back to the whole body text, menus and all.
        with contextlib.suppress(RecursionError, lxml.etree.LxmlError, ValueError):
            blocks = _lxml_blocks(lxml.html.document_fromstring(source)) or blocks
    return blocks or flat_blocks(source), own, found


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """A page title without the " | Site name" (or " - ", " – ", " — ") suffix pages add."""
    if title and site:
        for separator in (" | ", " - ", " – ", " — ", " · "):
            if title.endswith(separator + site) and len(title) > len(separator + site):
                return title[: -len(separator + site)]
    return title


class HtmlLoader:
    """Reads web pages saved as `.html` (or HTML under any other name)."""

    name = "html"

    def sniff(self, path: Path, head: bytes) -> bool:
        """HTML markup at the start of the file, or an HTML extension on a text file."""
        if looks_like_html(head):
            return True
        return suffix(path) in SUFFIXES and binary_kind(head) is None

    def load(self, path: Path) -> RawDocument:
        """Extract the article's paragraphs, headings and metadata from the page."""
        data = read_text_bytes(path, "HTML")
        declared = _CHARSET.search(data[:4096])
        source = decode(data, declared.group(1).decode("ascii") if declared else None)
        source = _XML_DECLARATION.sub("", source)
        blocks, own, found = _extract(source)
        blocks = [(repair(text).replace("\f", " ").strip(), heading) for text, heading in blocks]
        blocks = [(text, heading) for text, heading in blocks if text]
        if not blocks:
            raise EmptyDocument(path, "no readable text in the page")
        fields: dict[str, str | None] = {**found, **own}
        # trafilatura's title usually comes without the " | Site name" suffix; ours may not.
        title = found.get("title") or own.get("title")
        fields["title"] = _without_site_name(title, fields.get("source"))
        metadata = Metadata(**{key: repair(value) for key, value in fields.items() if value})
        return RawDocument(
            path=path,
            format=self.name,
            pages=("\n\n".join(text for text, _ in blocks),),
            metadata=metadata,
            headings=tuple(text for text, heading in blocks if heading),
        )
