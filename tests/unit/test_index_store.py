"""The store: Document + Analysis round-trip through zlib JSON, atomic writes, refusing junk."""

from __future__ import annotations

import zlib
from pathlib import Path

from byline.index.store import Store
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

HASH = "ab" + "0" * 62


def _document() -> Document:
    text = "Title here\n\n“Quoted words,” said José Martí."
    return Document(
        path="/docs/a.txt",
        format="txt",
        text=text,
        paragraphs=(Paragraph(0, 10, ParagraphKind.HEADING), Paragraph(12, len(text))),
        metadata=Metadata(title="Title here", author="A. Writer", date="2024-03-05", source="Src"),
        content_hash=HASH,
    )


def _analysis() -> Analysis:
    return Analysis(
        entities=(
            Entity(
                "José Martí",
                EntityType.PERSON,
                aliases=("Martí",),
                mentions=(Mention(36, 46, "José Martí"),),
                role="a poet",
            ),
        ),
        quotes=(Quote("Quoted words,", 13, 26, QuoteKind.DIRECT, "José Martí", "said"),),
    )


def test_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.put(_document(), _analysis(), analysed=True)
    entry = store.get(HASH)
    assert entry is not None
    assert entry.document == _document()
    assert entry.analysis == _analysis()
    assert entry.analysed is True
    assert list(store.hashes()) == [HASH]
    assert not list((tmp_path / "store").rglob(".tmp-*")), "no temporary file is left behind"


def test_absent_garbage_and_other_versions_read_as_absent(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    assert store.get(HASH) is None
    store.put(_document(), _analysis(), analysed=False)
    target = next((tmp_path / "store").rglob("*.json.z"))
    target.write_bytes(b"not zlib at all")
    assert store.get(HASH) is None
    target.write_bytes(zlib.compress(b'{"version": 999}'))
    assert store.get(HASH) is None
    store.delete(HASH)
    store.delete(HASH)  # twice is fine
    assert store.get(HASH) is None
