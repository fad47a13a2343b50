"""Fuzzing every loader: random bytes and mutated valid samples, written to a file with each
extension, must come back as a `RawDocument` or a `LoadError` — never any other exception, never
a hang (a 20-second alarm per file).

CI runs ~50 examples per extension; `python bench/fuzz_loaders.py --minutes N` runs the same
targets for longer.
"""

from __future__ import annotations

import functools
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.errors import LoadError
from byline.loaders import load
from byline.models import RawDocument

EXTENSIONS = ("txt", "md", "html", "pdf")
PER_FILE_SECONDS = 20
"""A loader that takes longer than this on one small file is a failure (it would hang a run)."""

_TEXT = (
    "Port strike enters its second week\n\nBy Petra Marsh\n\nThe strike at the container "
    'terminal entered its second week, with ships queuing. "We will stay out," said Anna '
    "Kowalczyk, a spokeswoman.\n\nThe operator said it remained \u201copen to dialogue\u201d.\n"
)
_MARKDOWN = (
    "---\ntitle: Port strike\nauthor: Petra Marsh\ndate: 2024-03-05\n---\n\n# Port strike\n\n"
    "The strike **entered** its [second week](https://example.org).\n\n- one\n- two\n\n"
    "```\ncode\n```\n\n> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
)
_HTML = (
    '<!doctype html><html><head><meta charset="utf-8"><title>Port strike | Review</title>'
    '<meta property="og:site_name" content="Review"><script>var x = "<p>";</script></head>'
    "<body><nav>Home</nav><article><h1>Port strike</h1><p>The strike entered its second "
    "week.</p><p>&ldquo;We will stay out,&rdquo; said Anna Kowalczyk.</p></article>"
    "<footer>(c) Review</footer></body></html>"
)


@functools.cache
def samples() -> dict[str, bytes]:
    """One valid file per format (the PDF made with fpdf2), the seeds for mutation."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Port strike")
    for page in range(2):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.cell(0, 8, "THE REVIEW | Page header", new_x="LMARGIN", new_y="NEXT")
        for line in _TEXT.splitlines():
            pdf.cell(0, 8, line.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN")
            pdf.ln()
        pdf.cell(0, 8, f"Page {page + 1}")
    return {
        "txt": _TEXT.encode("utf-8"),
        "md": _MARKDOWN.encode("utf-8"),
        "html": _HTML.encode("utf-8"),
        "pdf": bytes(pdf.output()),
    }


@st.composite
def mutated(draw: st.DrawFn, extension: str) -> bytes:
    """A valid sample (usually of the same format) with a few byte-level mutations."""
    kind = draw(st.sampled_from([extension] * 3 + list(EXTENSIONS)))
    data = bytearray(samples()[kind])
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, max(1, len(data) // 2)))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 20))
        else:
            data[at : at + 16] = bytes(16)
    return bytes(data)


def fuzz_input(extension: str) -> st.SearchStrategy[bytes]:
    """Random bytes, random text, or a mutated valid sample."""
    return st.one_of(
        st.binary(max_size=2048),
        st.text(max_size=512).map(lambda text: text.encode("utf-8", "surrogatepass")),
        mutated(extension),
    )


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in this (main) thread after `seconds`."""

    def ring(signum: int, frame: object) -> None:
        raise TimeoutError(f"the loader took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_load(folder: Path, extension: str, data: bytes) -> None:
    """Write `data` as `sample.<extension>` and load it: a RawDocument or a LoadError."""
    path = folder / f"sample.{extension}"
    path.write_bytes(data)
    try:
        with alarm(PER_FILE_SECONDS):
            result = load(path)
    except LoadError as error:
        assert error.reason and "\n" not in error.reason, repr(error.reason)
        return
    assert isinstance(result, RawDocument)
    assert all(isinstance(page, str) for page in result.pages)


def make_target(extension: str, max_examples: int, **options: object) -> Callable[[], None]:
    """The fuzz target for one extension, as a Hypothesis test function."""
    folder = Path(tempfile.mkdtemp(prefix=f"byline-fuzz-{extension}-"))

    @settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **options,  # type: ignore[arg-type]
    )
    @given(fuzz_input(extension))
    def target(data: bytes) -> None:
        check_load(folder, extension, data)

    return target


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_loader_returns_a_document_or_a_load_error(extension: str) -> None:
    make_target(extension, max_examples=50)()


def test_the_samples_themselves_load() -> None:
    folder = Path(tempfile.mkdtemp(prefix="byline-fuzz-samples-"))
    for extension, data in samples().items():
        path = folder / f"sample.{extension}"
        path.write_bytes(data)
        assert "second week" in "\n".join(load(path).pages), extension
