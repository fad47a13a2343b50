"""The work done in an indexing worker process: load and clean one file (`process`), or analyse
a few stored documents (`analyse_stored`); and the worker's life (`serve`, the process that
`workers.WorkerPool` starts).

Kept apart from `library.py` so a worker imports only this small module; cleaning and analysis
(spaCy) are imported inside the functions, once per worker process.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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
    reused: bool = False
    """True when the analysis came from the store (another path with the same contents), not from
    running the analysis now."""
    stored: bool = False
    """True when the worker wrote the document's store entry, unanalysed (`process` given the
    store, and the store held none for its contents)."""


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


def process(path: str, analyse: bool, store_root: str | None = None) -> Processed:
    """Load, clean and (when asked and available) analyse one file; never raises for a bad file.

    Given `store_root` (and not analysing), a document whose contents the store has no entry
    for is stored here, unanalysed (`Processed.stored`): the text phase's writing process,
    the slower side, is spared the encoding and the file (the entry is written to a temporary
    name and linked into place only where none is, so one another process wrote meanwhile, say
    analysed, is kept)."""
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
        stored = store_root is not None and _store_new(store_root, document)
        return Processed(path, document, Analysis(), analysed=False, stored=stored)
    try:
        analysis = run_analysis(document)
    except Exception as error:
        return Processed(path, reason=f"analysis failed ({one_line(error)})")
    return Processed(path, document, analysis, analysed=True)


def _store_new(store_root: str, document: Document) -> bool:
    """Store `document` unanalysed if the store has no readable entry for its contents; False
    when it has one (or another process writes one meanwhile: an analysed entry is never
    replaced by this), or writing failed (the writing process then stores it, or says why)."""
    from byline.index.store import Store

    store = Store(Path(store_root))
    try:
        if store.has(document.content_hash, analysed=False):
            return False
        # Put in place only if still absent (one unreadable is left for the writing process).
        return store.put(document, Analysis(), analysed=False, replace=False)
    except Exception:  # `process` never raises: the writing process stores it, or says why
        return False


def pipe_groups(documents: Sequence[Document], limit: int) -> list[list[Document]]:
    """`documents` in order, cut into runs of at most `limit` characters (a longer document is a
    run of its own)."""
    groups: list[list[Document]] = []
    size = limit + 1
    for document in documents:
        if size + len(document.text) > limit:
            groups.append([])
            size = 0
        groups[-1].append(document)
        size += len(document.text)
    return groups


def _analyse_each(documents: list[Document]) -> list[Analysis | str]:
    """Analyses of `documents`, piped through spaCy in groups of at most `nlp.GROUP_CHARS`
    characters (see there for the trade of time against memory); when a group fails,
    each of its documents is analysed alone, so one bad document costs only its own analysis (a
    reason in its place)."""
    if not documents:
        return []
    from byline.analysis import nlp

    with nlp.batch_memory(len(documents)):
        groups = pipe_groups(documents, nlp.GROUP_CHARS)
        return [result for group in groups for result in _analyse_group(group)]


def _analyse_group(documents: list[Document]) -> list[Analysis | str]:
    from byline.analysis import analyse, analyse_many, nlp

    # A group of several documents (GROUP_CHARS at most, pieces included) is one batch; a long
    # document alone has its pieces parsed a few at a time.
    batch = len(documents) + nlp.PIECES_PER_BATCH if len(documents) > 1 else nlp.PIECES_PER_BATCH
    try:
        return list(analyse_many(documents, n_process=1, batch_size=batch))
    except Exception:
        pass
    results: list[Analysis | str] = []
    for document in documents:
        try:
            results.append(analyse(document))
        except Exception as error:
            results.append(f"analysis failed ({one_line(error)})")
    return results


def analyse_stored(store_root: str, items: Sequence[tuple[str, str]]) -> list[Processed]:
    """Analyse the stored documents `(path, content_hash)` and store their analyses.

    One result per item, in order: the document and its analysis; or, when the analysis failed,
    the document and the reason (no analysis); or only the reason when the store has no copy.
    An entry the store already holds analysed (the same contents under another path) is returned
    as it is (`reused`). Texts over MAX_ANALYSED_CHARS get an empty analysis that counts as done.
    """
    from byline.index.store import Store

    store = Store(Path(store_root))
    results: dict[int, Processed] = {}
    waiting: list[tuple[int, Document]] = []
    for number, (path, digest) in enumerate(items):
        entry = store.get(digest)
        if entry is None:
            reason = "its stored copy is missing (`byline index --rebuild` repairs it)"
            results[number] = Processed(path, reason=reason)
            continue
        document = replace(entry.document, path=path)
        if entry.analysed:
            results[number] = Processed(path, document, entry.analysis, True, reused=True)
        elif len(document.text) > MAX_ANALYSED_CHARS:
            store.put(document, Analysis(), analysed=True)
            results[number] = Processed(path, document, Analysis(), analysed=True)
        else:
            waiting.append((number, document))
    for (number, document), outcome in zip(
        waiting, _analyse_each([d for _, d in waiting]), strict=True
    ):
        if isinstance(outcome, str):
            results[number] = Processed(document.path, document, reason=outcome)
        else:
            store.put(document, outcome, analysed=True)
            results[number] = Processed(document.path, document, outcome, analysed=True)
    return [results[number] for number in range(len(items))]


def _exit_with_parent(parent: int) -> None:
    """Watch the parent: when it dies without stopping us (kill -9) while a long call runs,
    exit (an idle worker sees its pipe close)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def serve(calls_fd: int, results_fd: int, analyse: bool, nice: int) -> None:
    """A worker's life: get ready (imports, the model), say so, then run calls until the pool
    closes the pipe. Ctrl-C at the terminal reaches it too, and is ignored: the pool stops it.
    A thread takes the calls as they come, so the pool never blocks handing one over."""
    import queue
    import signal
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    calls = Connection(calls_fd, writable=False)
    results = Connection(results_fd, readable=False)
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def take_calls() -> None:
        try:
            while True:
                inbox.put(calls.recv_bytes())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=take_calls, daemon=True).start()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        warm_up(analyse)
        results.send_bytes(pickle.dumps(("ready", None)))
        while (data := inbox.get()) is not None:
            try:
                function, args = pickle.loads(data)
                outcome: tuple[str, Any] = ("done", function(*args))
                message = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
            except Exception as error:
                message = pickle.dumps(("raised", one_line(error)))
            results.send_bytes(message)
    except BaseException:  # the pool went away, or worse: end quietly, it sees the pipe close
        os._exit(1)
    os._exit(0)  # the pool is done: nothing to tidy (spaCy's teardown is slow)
