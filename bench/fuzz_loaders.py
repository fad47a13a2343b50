"""Fuzz every loader for a while: `python bench/fuzz_loaders.py --minutes 10 [--ext pdf ...]`.

Runs the Hypothesis targets of `tests/unit/test_fuzz_loaders.py` (random bytes and mutated valid
samples, written with each extension; a loader must return a RawDocument or raise LoadError, and
finish within 20 s) in rounds, round-robin over the extensions, until the time is up. Prints the
examples run per extension; on a failure, prints Hypothesis's minimal example and exits 1.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.test_fuzz_loaders import EXTENSIONS, make_target  # noqa: E402

ROUND = 200
"""Examples per round and extension; Hypothesis shrinks within a round."""


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, fuzz until the time is up, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to fuzz")
    parser.add_argument("--ext", action="append", choices=EXTENSIONS, help="only these types")
    args = parser.parse_args(argv)
    extensions = args.ext or list(EXTENSIONS)
    deadline = time.monotonic() + args.minutes * 60
    counts = dict.fromkeys(extensions, 0)
    rounds = 0
    while time.monotonic() < deadline:
        for extension in extensions:
            if time.monotonic() >= deadline:
                break
            target = make_target(extension, ROUND, database=None)
            try:
                target()
            except Exception:
                traceback.print_exc()
                print(f"FAILED on .{extension} after {counts[extension]} examples", flush=True)
                return 1
            counts[extension] += ROUND
        rounds += 1
        done = ", ".join(f".{ext}: {n}" for ext, n in counts.items())
        print(f"round {rounds}: {done}", flush=True)
    print(f"no failures in {sum(counts.values())} examples ({args.minutes:g} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
