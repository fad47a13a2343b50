"""Fixtures shared by every test tier."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DOCS = ROOT / "sample_docs"
GOLD = Path(__file__).resolve().parent / "gold"
BBC = ROOT.parent / "shared" / "corpora" / "bbc"


@pytest.fixture(scope="session")
def sample_docs() -> Path:
    """The project's own sample documents (read-only: copy before changing)."""
    return SAMPLE_DOCS


@pytest.fixture(scope="session")
def bbc_corpus() -> Path:
    """The shared BBC corpus; tests that need it are skipped where it is not laid out."""
    if not BBC.is_dir():
        pytest.skip("../shared/corpora/bbc is not here")
    return BBC
