"""The work done for one file in an indexing worker process: load, clean, analyse.

Kept apart from `library.py` so a spawned worker imports only this small module; cleaning and
analysis (spaCy) are imported inside the function, once per worker process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from byline.errors import BylineError, LoadError
from byline.models import Analysis, Document

MAX_ANALYSED_CHARS = 2_000_000
"""Longest text analysed. spaCy parses it in pieces (`analysis.nlp.CHUNK_CHARS`), so memory stays
flat, but time grows with length (about a minute per million characters on one core); a longer
document is cleaned, stored and searchable, but gets no entities or quotes. It counts as
analysed, so it is not parsed again on every run."""


@dataclass(frozen=True, slots=True)
class Processed:
    """What a worker sends back: the document and analysis, or the one-line reason it failed."""

    path: str
    document: Document | None = None
    analysis: Analysis | None = None
    analysed: bool = False
    reason: str | None = None


def one_line(error: BaseException) -> str:
    """An error as one short line for a failure list."""
    if isinstance(error, LoadError):
        text = error.reason
    elif isinstance(error, BylineError):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "..."


def analyser() -> Callable[[Document], Analysis] | None:
    """`byline.analysis.analyse`, or None while the analysis package does not provide it (then
    documents are indexed with an empty analysis and marked as not analysed)."""
    try:
        module = importlib.import_module("byline.analysis")
    except ImportError:
        return None
    found = getattr(module, "analyse", None)
    return found if callable(found) else None


def analysis_available() -> bool:
    """True when documents can be analysed in this installation."""
    return analyser() is not None


def warm_up(analyse: bool) -> None:
    """Import cleaning and (when analysing) load the spaCy model, before any file is read; a
    failure here is left for `process` to report against the file."""
    try:
        importlib.import_module("byline.clean")
        if analyse and analyser() is not None:
            importlib.import_module("byline.analysis.nlp").get_nlp()
    except Exception:
        return


def process(path: str, analyse: bool) -> Processed:
    """Load, clean and (when asked and available) analyse one file; never raises for a bad file."""
    try:
        from byline.clean import read_document
    except ImportError as error:
        return Processed(path, reason=f"cleaning is not available ({error})")
    try:
        document = read_document(Path(path))
        document = replace(document, path=path)
    except Exception as error:
        return Processed(path, reason=one_line(error))
    run_analysis = analyser() if analyse else None
    if run_analysis is not None and len(document.text) > MAX_ANALYSED_CHARS:
        return Processed(path, document, Analysis(), analysed=True)
    if run_analysis is None:
        return Processed(path, document, Analysis(), analysed=False)
    try:
        analysis = run_analysis(document)
    except Exception as error:
        return Processed(path, reason=f"analysis failed ({one_line(error)})")
    return Processed(path, document, analysis, analysed=True)
