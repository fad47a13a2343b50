"""Markdown files: structure kept, markup dropped.

markdown-it-py parses the file; each block (heading, paragraph, list item, table row, code block)
becomes one line of text, blocks are separated by a blank line, and heading texts are listed in
`RawDocument.headings`. Emphasis, link targets, images, code fence markers and raw HTML never show
up as text. A YAML front matter block gives the title, author and date; without one, the first
level-one heading is the title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from byline.errors import EmptyDocument
from byline.loaders.base import iso_date, read_text_bytes, suffix
from byline.loaders.decoding import binary_kind, decode, repair
from byline.models import Metadata, RawDocument

if TYPE_CHECKING:
    from markdown_it.token import Token

SUFFIXES = frozenset({"md", "markdown", "mdown", "mkd", "mkdn"})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_LIST_ENTRY = re.compile(r"^[ \t]+-[ \t]+(.*)$")
_YAML_LINE = re.compile(r"^(?:[A-Za-z_][\w-]*[ \t]*:|[ \t]+\S|#|-[ \t])")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_LINE_BREAK_TAG = re.compile(r"<br\b", re.IGNORECASE)
_HIDDEN_HTML = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)

_TITLE_KEYS = ("title", "headline")
_AUTHOR_KEYS = ("author", "authors", "by", "byline")
_DATE_KEYS = ("date", "published", "pubdate", "publish_date", "published_at")
_URL_KEYS = ("url", "canonical", "canonical_url", "link")
_SOURCE_KEYS = ("source", "publisher", "publication", "site", "site_name")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Separate a leading `---` YAML block from the body and read its simple fields.

    Only what articles use is understood: `key: value` lines (quotes stripped) and `key:` followed
    by `  - item` lines, which are joined with ", ". Without a front matter, returns ({}, text).
    """
    match = _FRONT_MATTER.match(text)
    if match is None or not all(
        _YAML_LINE.match(line) for line in match.group(1).split("\n") if line.strip()
    ):
        return {}, text  # a leading thematic break (---) and prose, not front matter
    fields: dict[str, str] = {}
    current: str | None = None
    for line in match.group(1).split("\n"):
        entry = _LIST_ENTRY.match(line)
        if entry and current is not None:
            item = _unquote(entry.group(1))
            fields[current] = f"{fields[current]}, {item}" if fields[current] else item
            continue
        field = _FIELD.match(line)
        if field:
            current = field.group(1).lower()
            value = field.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                value = ", ".join(_unquote(part) for part in value[1:-1].split(",") if part.strip())
            fields[current] = _unquote(value)
    return fields, text[match.end() :]


def _unquote(value: str) -> str:
    """A YAML scalar without its surrounding quotes."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _first(fields: dict[str, str], keys: Sequence[str]) -> str | None:
    """The first non-empty field among `keys`."""
    for key in keys:
        if fields.get(key):
            return fields[key]
    return None


def _inline_text(token: Token) -> str:
    """The visible words of an inline token: text and code kept, markup, images and URLs dropped."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and _LINE_BREAK_TAG.match(child.content)
        ):
            parts.append(" ")
    return _SPACES.sub(" ", "".join(parts)).strip()


def _html_text(source: str) -> str:
    """The words inside a raw HTML block, without tags, scripts, styles or comments."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", _HIDDEN_HTML.sub(" ", source)))).strip()


def blocks(tokens: Sequence[Token]) -> Iterator[tuple[str, str]]:
    """Yield (text, heading tag) for each block of a parsed Markdown document, in order.

    The tag is "h1".."h6" for headings and "" for every other block.
    """
    heading = ""
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = token.tag
        elif kind == "heading_close":
            heading = ""
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row and any(row):
                yield " | ".join(row), ""
            row = None
        elif kind == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(text)
            elif text:
                yield text, heading
        elif kind in ("fence", "code_block"):
            code = _SPACES.sub(" ", token.content).strip()
            if code:
                yield code, ""
        elif kind == "html_block":
            text = _html_text(token.content)
            if text:
                yield text, ""


class MarkdownLoader:
    """Reads `.md` files (CommonMark with tables and strikethrough)."""

    name = "md"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A Markdown extension and a text head: Markdown has no signature of its own."""
        return suffix(path) in SUFFIXES and binary_kind(head) is None

    def load(self, path: Path) -> RawDocument:
        """Parse the file and return its blocks, headings and front-matter metadata."""
        from markdown_it import MarkdownIt

        data = read_text_bytes(path, "Markdown")
        fields, body = split_front_matter(repair(decode(data)).replace("\f", "\n"))
        parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        texts: list[str] = []
        headings: list[str] = []
        first_h1: str | None = None
        for text, tag in blocks(parser.parse(body)):
            texts.append(text)
            if tag:
                headings.append(text)
            if tag == "h1" and first_h1 is None:
                first_h1 = text
        if not texts:
            raise EmptyDocument(path, "no text")
        metadata = Metadata(
            title=_first(fields, _TITLE_KEYS) or first_h1,
            author=_first(fields, _AUTHOR_KEYS),
            date=iso_date(_first(fields, _DATE_KEYS)),
            url=_first(fields, _URL_KEYS),
            source=_first(fields, _SOURCE_KEYS),
        )
        return RawDocument(
            path=path,
            format=self.name,
            pages=("\n\n".join(texts),),
            metadata=metadata,
            headings=tuple(headings),
        )
