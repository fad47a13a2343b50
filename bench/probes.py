"""The entry point of a measurement process: `python -m bench.probes KIND ARGS-JSON`.

Each kind is one function of the benchmark modules, run alone in a fresh interpreter so its time
and memory are its own; it prints its figures as one JSON object on the last line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any


def kinds() -> dict[str, Callable[..., dict[str, Any]]]:
    """The measurements a probe can run, by name."""
    from bench.analysing import analysis_run
    from bench.indexing import add_ten_run, index_run, reindex_run
    from bench.reading import reader_run
    from bench.searching import search_run

    return {
        "index": index_run,
        "reindex": reindex_run,
        "add10": add_ten_run,
        "search": search_run,
        "analysis": analysis_run,
        "reader": reader_run,
    }


def main(argv: list[str]) -> int:
    """Run the measurement named by argv[1] with the JSON arguments in argv[2]."""
    kind, args = argv[1], json.loads(argv[2])
    figures = kinds()[kind](**args)
    sys.stdout.write("\n" + json.dumps(figures) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
