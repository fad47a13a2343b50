"""The library the snapshots show: a real one, built once per session from a few documents.

The documents are sample documents (each with a date, so "newest first" is a fixed order) and one
written here with control characters and markup-like text (the reader must show them literally).
They are copied into a temporary folder, but no screen shows a path: titles, sources and dates
come from the documents, and `settle` checks the screen never shows the temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

SAMPLES = (
    "meridian-energy-analysis.txt",
    "interview-ngozi-adeyemi.md",
    "port-strike.txt",
    "press-release-kalahari-solar.txt",
)
"""Sample documents in the snapshot library (a fixed few, each dated)."""

LITERAL = """Odd bytes from a scanned page

Published 2 May 2024

A scanner left an escape sequence \x1b]52;c;aGVsbG8=\x07 in this paragraph, and [bold]x[/bold] \
that is not markup. "Both must show as they are," said Petra Marsh, a Lisbon-based energy analyst.
"""

READER_DOCUMENT = "meridian-energy-analysis.txt"
"""The document the reader snapshots open."""


@pytest.fixture(scope="session")
def snapshot_library_home(tmp_path_factory: pytest.TempPathFactory, sample_docs: Path) -> Path:
    """A real library folder over the snapshot documents (analysed), built once."""
    from byline.library import Library

    root = tmp_path_factory.mktemp("snapshots")
    docs = root / "docs"
    docs.mkdir()
    for name in SAMPLES:
        shutil.copy(sample_docs / name, docs / name)
    (docs / "odd-bytes.txt").write_text(LITERAL, encoding="utf-8")
    library = Library(root / "library")
    report = library.add([docs])
    library.close()
    assert not report.failures, report.failures
    return root


@pytest.fixture
def library(snapshot_library_home: Path, tmp_path: Path) -> Any:
    """A private copy of the snapshot library (the reader writes reading positions into it)."""
    from byline.library import Library

    home = tmp_path / "library"
    shutil.copytree(snapshot_library_home / "library", home)
    return Library(home)


@pytest.fixture
def reader_document(snapshot_library_home: Path) -> str:
    """The indexed path of the document the reader snapshots open."""
    return str((snapshot_library_home / "docs" / READER_DOCUMENT).resolve())
