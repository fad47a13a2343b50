"""Benchmark corpora: the real BBC articles, and larger libraries recombined from them.

The 2,225 BBC articles live in the steering folder's `corpora/bbc/` and are read from there, never
copied into the project. Libraries of 10,000 and 100,000 documents are built from their paragraphs
(so the text stays real English) with a fixed seed, once, into a cache folder outside the repository
(`$BYLINE_BENCH_CACHE`, else the user cache folder), and reused by later runs.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc"
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


def cache_root() -> Path:
    """Where generated corpora and benchmark libraries are kept between runs."""
    env = os.environ.get("BYLINE_BENCH_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("byline-bench"))


def bbc_files() -> list[Path]:
    """Every BBC article file, in a stable order."""
    if not BBC.is_dir():
        raise SystemExit(f"the BBC corpus is not at {BBC}")
    return sorted(p for s in SECTIONS for p in (BBC / s).glob("*.txt"))


def _articles() -> Iterator[tuple[str, list[str]]]:
    for path in bbc_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines = [line.strip() for line in text.splitlines()]
        blocks = [line for line in lines if line]
        if len(blocks) >= 2:
            yield blocks[0], blocks[1:]


def synthetic_corpus(size: int, seed: int = 2225) -> Path:
    """A folder of `size` text documents recombined from BBC paragraphs; built once, then cached."""
    folder = cache_root() / f"corpus-{size}"
    done = folder / ".complete"
    if done.exists():
        return folder
    articles = list(_articles())
    paragraphs = [p for _, body in articles for p in body]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_dir = 1000
    for i in range(size):
        title, body = articles[rng.randrange(len(articles))]
        # Keep the opening of one real article (its quotes stay attributed), then mix in others.
        keep = body[: rng.randint(2, 5)]
        extra = [paragraphs[rng.randrange(len(paragraphs))] for _ in range(rng.randint(2, 8))]
        sub = folder / f"{i // per_dir:03d}"
        sub.mkdir(exist_ok=True)
        text = "\n\n".join([f"{title} ({i})", *keep, *extra]) + "\n"
        (sub / f"doc{i:06d}.txt").write_text(text, encoding="utf-8")
    done.write_text("ok\n")
    return folder


def corpus_bytes(folder: Path) -> int:
    """Total size in bytes of the documents under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name[0] != ".")
