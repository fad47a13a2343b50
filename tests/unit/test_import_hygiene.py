"""A headless core: importing any core module in a fresh interpreter loads no Textual, and the CLI
module loads none of the heavy libraries (so `byline --help` is instant)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "byline",
    "byline.models",
    "byline.errors",
    "byline.config",
    "byline.locations",
    "byline.index",
    "byline.index.schema",
    "byline.index.indexes",
    "byline.index.writing",
    "byline.index.store",
    "byline.index.search",
    "byline.index.query_syntax",
    "byline.index.vocabulary",
    "byline.index.queries",
    "byline.library",
    "byline.library_add",
    "byline.library_text",
    "byline.library_entities",
    "byline.library_worker",
    "byline.loaders",
    "byline.clean",
    "byline.analysis",
    "byline.cli",
    "byline.cli_output",
]
HEAVY = ("whoosh", "spacy", "pdfplumber", "trafilatura", "textual", "numpy")


def _loaded(module: str, watched: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, importlib\nimportlib.import_module({module!r})\n"
        f"print([m for m in {watched!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(eval(done.stdout.strip()))


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    assert _loaded(module, ("textual",)) == []


@pytest.mark.parametrize("module", ["byline.cli", "byline.library", "byline.index"])
def test_faces_and_library_import_nothing_heavy(module: str) -> None:
    assert _loaded(module, HEAVY) == []


def test_the_readers_first_screen_imports_no_library_code() -> None:
    """The reader paints before the library (and Whoosh below it) is imported: the library
    screen's module and the app's load nothing of the index."""
    watched = ("byline.library", "byline.index", "whoosh", "spacy")
    assert _loaded("byline.tui.app", watched) == []
    assert _loaded("byline.tui.screens.library", watched) == []


def test_the_readers_start_path_leaves_out_what_the_first_frame_does_not_use() -> None:
    """Before the first paint the reader's start path (the CLI, the app, the library screen)
    imports neither the core's models nor the CLI's console output, the progress bar (only an
    indexing library screen shows it), `importlib.resources` or `json` (the reading positions are
    read on first use): each is milliseconds of start."""
    watched = (
        "byline.models",
        "byline.cli_output",
        "textual.widgets._progress_bar",
        "importlib.resources",
        "json",
    )
    for module in ("byline.cli", "byline.tui.app", "byline.tui.screens.library"):
        assert _loaded(module, watched) == [], module


def test_the_model_loads_without_spacys_command_line() -> None:
    """An analysis process imports spaCy without `spacy.cli` (typer, requests, jinja2...: 11 MB
    a process), and the pipeline still parses; a module of the command line still imports by
    name."""
    code = (
        "import sys\nfrom byline.analysis.nlp import get_nlp\n"
        "doc = get_nlp()('Yaw Boateng said the port would close, Reuters reported.')\n"
        "print([e.text for e in doc.ents])\n"
        "print([m for m in ('typer', 'requests', 'jinja2', 'weasel') if m in sys.modules])\n"
        "import spacy.cli.download\nprint('requests' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    entities, heavy, late = done.stdout.strip().splitlines()
    assert eval(entities) == ["Yaw Boateng", "Reuters"]
    assert eval(heavy) == []
    assert late == "True"
