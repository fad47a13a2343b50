"""Fixtures for the reader's Pilot tests: a real library over a few documents, and async tests.

Async tests run under `asyncio.run` through the `pytest_pyfunc_call` hook below, so the suite
needs no async plugin.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: Any) -> bool | None:
    """Run `async def` tests in a fresh event loop."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

from byline.config import Settings  # noqa: E402

LISBON = """Energy talks stall in Lisbon

The negotiation over the Cacheu pipeline stalled on Tuesday, according to officials in \
Lisbon and Warsaw who spoke to reporters after the meeting ended without an agreement.

"We are not going to sign anything this week," said Petra Marsh, a Lisbon-based energy \
analyst. "However, the door is open."

Anna Kowalczyk, the ministry's spokeswoman, disagreed. "The plan is sound and the money \
is there," Kowalczyk said.

Marsh added that the Orla Energia consortium had "nothing to hide" and would publish the \
contract. The World Bank declined to comment.
"""

LITERAL = """Control characters in a document

This paragraph holds an escape sequence \x1b]52;c;aGVsbG8=\x07 that must not reach the \
terminal, and [bold]x[/bold] that must not become markup, said Petra Marsh.
"""


SAMPLES = ("meridian-energy-analysis.txt", "port-strike.txt")
"""Sample documents the tests read (a fixed few, so screens and snapshots stay the same)."""


def _write_docs(folder: Path, sample_docs: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lisbon-talks.txt").write_text(LISBON, encoding="utf-8")
    (folder / "literal.txt").write_text(LITERAL, encoding="utf-8")
    for name in SAMPLES:
        if (sample_docs / name).is_file():
            shutil.copy(sample_docs / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def built_library(tmp_path_factory: pytest.TempPathFactory, sample_docs: Path) -> Path:
    """A real library folder over the test documents, built once per session."""
    from byline.library import Library

    root = tmp_path_factory.mktemp("byline")
    docs = _write_docs(root / "docs", sample_docs)
    home = root / "library"
    library = Library(home)
    report = library.add([docs])
    library.close()
    assert not report.failures, report.failures
    return home


@pytest.fixture
def library(built_library: Path, tmp_path: Path) -> Any:
    """A private copy of the session's library (reading positions written there stay here)."""
    from byline.library import Library

    home = tmp_path / "library"
    shutil.copytree(built_library, home)
    return Library(home)


@pytest.fixture
def settings() -> Settings:
    """Default settings, with the default dark theme."""
    return Settings()
