"""The store: each cleaned Document and its Analysis, as zlib-compressed JSON, by content hash.

Opening a document reads one small file instead of re-running cleaning and analysis, and a document
whose file has vanished can still be read. Files are written to a temporary name and renamed into
place, so a crash leaves either the old entry or the new one, never half of one. The JSON is ours
(no pickle), and an entry from another store version is treated as absent, so it is rebuilt.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def document_from_json(data: dict[str, Any]) -> Document:
    """The inverse of `document_to_json`."""
    return Document(
        path=data["path"],
        format=data["format"],
        text=data["text"],
        paragraphs=tuple(Paragraph(s, e, ParagraphKind(k)) for s, e, k in data["paragraphs"]),
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

    def put(self, document: Document, analysis: Analysis, *, analysed: bool) -> None:
        """Write the entry for `document.content_hash`, atomically (temp file + rename)."""
        target = self._file(document.content_hash)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": STORE_VERSION,
            "analysed": analysed,
            "document": document_to_json(document),
            "analysis": analysis_to_json(analysis),
        }
        blob = zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 6)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json.z")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            os.replace(temp, target)
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
                analysed=bool(payload["analysed"]),
            )
        except (OSError, ValueError, KeyError, TypeError, zlib.error):
            return None

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
