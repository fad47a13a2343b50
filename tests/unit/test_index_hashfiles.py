"""Whoosh's hash-file readers keep their directory packed (`byline.index.hashfiles`), and read
every key as Whoosh's own list of tuples does."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.index import hashfiles
from byline.index.indexes import Indexes
from byline.models import Analysis, Document, Metadata


def test_a_packed_directory_gives_back_each_entry() -> None:
    entries = [(1_000 + 12 * number, number % 7) for number in range(256)]
    directory = hashfiles.Directory(entries)
    assert [directory[number] for number in range(256)] == entries
    assert len(directory) == 256
    with pytest.raises(IndexError):
        directory[256]


def test_a_hash_file_read_with_a_packed_directory_finds_every_key(tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import HashReader, HashWriter

    storage = FileStorage(str(tmp_path))
    writer = HashWriter(storage.create_file("table.hsh"))
    items = {f"key {number}".encode(): f"value {number * 7}".encode() for number in range(3_000)}
    for key, value in items.items():
        writer.add(key, value)
    writer.close()

    hashfiles.install()
    hashfiles.install()  # a second call changes nothing
    reader = HashReader.open(storage, "table.hsh")
    assert isinstance(reader.tables, hashfiles.Directory)
    assert all(reader[key] == value for key, value in items.items())
    assert b"key 3000" not in reader
    reader.close()


def test_an_index_opened_by_byline_reads_through_packed_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh import query
    from whoosh.filedb.filetables import HashReader

    # Whoosh's own reader again, whatever an earlier test installed: opening the index must.
    original = getattr(HashReader.__init__, "whoosh_init", HashReader.__init__)
    monkeypatch.setattr(HashReader, "__init__", original)

    indexes = Indexes(tmp_path / "index")
    indexes.create()
    writer = indexes.writer()
    for number in range(30):
        text = f"Harbour vote number w{number} was counted."
        document = Document(
            path=f"/d/{number}.txt",
            format="txt",
            text=text,
            paragraphs=(),
            metadata=Metadata(title=f"Vote {number}"),
            content_hash=f"{number:064x}",
        )
        writer.put(document, Analysis(), size=1, analysed=False, new=True)
    writer.commit()

    searcher = indexes.searcher("docs")
    terms = searcher.reader()._terms._tindex
    assert isinstance(terms.tables, hashfiles.Directory)
    assert len(searcher.search(query.Term("body", "harbour"), limit=None)) == 30
    assert len(searcher.search(query.Term("words", "w17"), limit=None)) == 1
    assert not searcher.search(query.Term("words", "w30"))
