"""The store: each cleaned Document and its Analysis, as zlib-compressed JSON, by content hash.

Opening a document reads one small file instead of re-running cleaning and analysis, and a document
whose file has vanished can still be read. Files are written to a temporary name and renamed into
place, so a crash leaves either the old entry or the new one, never half of one. The JSON is ours
(no pickle), and an entry from another store version is treated as absent, so it is rebuilt.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from byline import models
from byline.models import (
    Analysis,
    Document,
    Entity,
    EntityType,
    Mention,
    Metadata,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
)

STORE_VERSION = 1
"""Bumped whenever the JSON layout below changes; older entries are then ignored."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One store entry: the cleaned document, its analysis, and whether analysis really ran."""

    document: Document
    analysis: Analysis
    analysed: bool


def document_to_json(doc: Document) -> dict[str, Any]:
    """A Document as plain JSON values."""
    meta = doc.metadata
    return {
        "path": doc.path,
        "format": doc.format,
        "text": doc.text,
        "paragraphs": [[p.start, p.end, p.kind.value] for p in doc.paragraphs],
        "metadata": {
            "title": meta.title,
            "author": meta.author,
            "date": meta.date,
            "url": meta.url,
            "source": meta.source,
        },
        "content_hash": doc.content_hash,
    }


_PARAGRAPH_KINDS = {kind.value: kind for kind in ParagraphKind}
"""A dict lookup per paragraph instead of an enum call (a 5 MB report has ten thousand)."""


def document_from_json(data: dict[str, Any]) -> Document:
    """The inverse of `document_to_json`."""
    kinds = _PARAGRAPH_KINDS
    return Document(
        path=data["path"],
        format=data["format"],
        text=data["text"],
        paragraphs=tuple(Paragraph(s, e, kinds[k]) for s, e, k in data["paragraphs"]),
        metadata=Metadata(**data["metadata"]),
        content_hash=data["content_hash"],
    )


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """An Analysis as plain JSON values (mentions as [start, end, text] triples, to stay small)."""
    return {
        "entities": [
            {
                "name": e.name,
                "type": e.type.value,
                "aliases": list(e.aliases),
                "mentions": [[m.start, m.end, m.text] for m in e.mentions],
                "role": e.role,
            }
            for e in analysis.entities
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "kind": q.kind.value,
                "speaker": q.speaker,
                "cue": q.cue,
            }
            for q in analysis.quotes
        ],
    }


def analysis_from_json(data: dict[str, Any]) -> Analysis:
    """The inverse of `analysis_to_json`."""
    entities = tuple(
        Entity(
            name=e["name"],
            type=EntityType(e["type"]),
            aliases=tuple(e["aliases"]),
            mentions=tuple(Mention(s, t, x) for s, t, x in e["mentions"]),
            role=e["role"],
        )
        for e in data["entities"]
    )
    quotes = tuple(
        Quote(
            text=q["text"],
            start=q["start"],
            end=q["end"],
            kind=QuoteKind(q["kind"]),
            speaker=q["speaker"],
            cue=q["cue"],
        )
        for q in data["quotes"]
    )
    return Analysis(entities=entities, quotes=quotes)


class Store:
    """The folder of store entries. Safe for one writer and any number of readers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, content_hash: str) -> Path:
        if len(content_hash) < 8 or not all(c in "0123456789abcdef" for c in content_hash):
            raise ValueError(f"not a content hash: {content_hash!r}")
        return self.root / content_hash[:2] / f"{content_hash}.json.z"

    def put(
        self, document: Document, analysis: Analysis, *, analysed: bool, replace: bool = True
    ) -> bool:
        """Write the entry for `document.content_hash`, atomically (temp file + rename). With
        `replace=False` an entry that exists (or appears meanwhile, written by another process)
        is kept: the temp file is linked into place, never over it. True when written."""
        target = self._file(document.content_hash)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": STORE_VERSION,
            "analysed": analysed,
            "document": document_to_json(document),
            "analysis": analysis_to_json(analysis),
            "analysis_version": models.ANALYSIS_VERSION,
        }
        blob = zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 6)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json.z")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            if replace:
                os.replace(temp, target)
                return True
            try:
                os.link(temp, target)
            except FileExistsError:
                return False
            finally:
                Path(temp).unlink(missing_ok=True)
            return True
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def get(self, content_hash: str) -> StoredDocument | None:
        """The entry for a content hash, or None when absent, unreadable or from another version."""
        try:
            blob = self._file(content_hash).read_bytes()
            payload = json.loads(zlib.decompress(blob).decode("utf-8"))
            if payload.get("version") != STORE_VERSION:
                return None
            return StoredDocument(
                document=document_from_json(payload["document"]),
                analysis=analysis_from_json(payload["analysis"]),
                # An analysis by an earlier version counts as none: it is made again.
                analysed=bool(payload["analysed"])
                and payload.get("analysis_version", 1) == models.ANALYSIS_VERSION,
            )
        except (OSError, ValueError, KeyError, TypeError, zlib.error):
            return None

    def text(self, content_hash: str, limit: int) -> str | None:
        """The first `limit` characters of the entry's cleaned text, or None like `get`.

        For snippets: only as much of the entry as holds them is decompressed, and the analysis
        is not decoded (a 5 MB document costs what its first `limit` characters cost).
        """
        try:
            blob = self._file(content_hash).read_bytes()
        except (OSError, ValueError):
            return None
        try:
            return _text_head(blob, limit)
        except (ValueError, KeyError, TypeError, zlib.error):
            entry = self.get(content_hash)
            return entry.document.text[:limit] if entry else None

    def has(self, content_hash: str, *, analysed: bool) -> bool:
        """True when a readable entry exists (and, if `analysed`, holds a real analysis)."""
        entry = self.get(content_hash)
        return entry is not None and (entry.analysed or not analysed)

    def delete(self, content_hash: str) -> None:
        """Remove an entry (no error when it is already gone)."""
        self._file(content_hash).unlink(missing_ok=True)

    def hashes(self) -> Iterator[str]:
        """Every content hash with an entry, in no particular order."""
        for entry in self.root.glob("??/*.json.z"):
            yield entry.name.removesuffix(".json.z")


_HEAD = re.compile(r'\{"version": (\d+), "analysed": (?:true|false), "document": \{"path": ')
_TEXT = re.compile(r'"format": "[^"\\]*", "text": "')


def _text_head(blob: bytes, limit: int) -> str | None:
    """The first `limit` characters of `document.text` in a compressed entry, decompressing only
    what they need (the text comes before the paragraphs and the analysis in `put`'s JSON).
    Raises ValueError when the entry does not have that layout."""
    inflate = zlib.decompressobj()
    head = ""
    pending = b""
    start = -1
    step = 8192  # compressed bytes, doubled each round
    offset = 0
    while True:
        chunk = inflate.decompress(blob[offset : offset + step]) if offset < len(blob) else b""
        offset += step
        step *= 2
        pending += chunk
        # Decode whole UTF-8 characters only; keep a cut character for the next round.
        text = pending.decode("utf-8", errors="ignore") if offset >= len(blob) else None
        if text is None:
            cut = len(pending)
            while cut and (pending[cut - 1] & 0xC0) == 0x80:
                cut -= 1
            if cut and pending[cut - 1] >= 0xC0:
                cut -= 1
            text = pending[:cut].decode("utf-8")
            pending = pending[cut:]
        else:
            pending = b""
        head += text
        if start < 0:
            match = _HEAD.match(head)
            if match is None and len(head) > 64:
                raise ValueError("not a store entry")
            if match is not None and int(match.group(1)) != STORE_VERSION:
                return None
            found = _TEXT.search(head)
            if found is not None:
                start = found.end()
        if start >= 0:
            try:
                value, _ = scanstring(head, start)
                return value[:limit]
            except ValueError:  # the closing quote is not in yet
                pass
            if len(head) - start > limit * 2 + 16:
                return _json_string_prefix(head[start:], limit)
        if offset >= len(blob) and not chunk:
            raise ValueError("truncated store entry")


def _json_string_prefix(raw: str, limit: int) -> str:
    """Decode the JSON string body `raw` (possibly cut anywhere), to `limit` characters."""
    piece = raw[: limit * 2 + 16]
    # Drop an escape cut in two: a lone trailing backslash or a partial \\uXXXX.
    partial = re.search(r"\\u[0-9a-fA-F]{0,3}$", piece)
    if partial is not None:
        piece = piece[: partial.start()]
    trailing = len(piece) - len(piece.rstrip("\\"))
    if trailing % 2:
        piece = piece[:-1]
    value: str = json.loads('"' + piece + '"')
    return value[:limit]
