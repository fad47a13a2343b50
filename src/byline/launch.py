"""The `byline` entry point: the reader straight away, or the command line.

`byline [--library DIR] [PATH...]` in a terminal opens the reader, and that path is the one a
user waits on: importing click and the command line's module costs about 75 ms before Textual
starts, a sixth of the time to the first paint. So those arguments are recognised here, without
click, and everything else (a command, an option, `--help`, no terminal) goes to `byline.cli`,
which parses the same arguments the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

COMMANDS = frozenset({"index", "search", "quotes", "entities", "show", "open"})
"""The command line's commands (`byline.cli.cli.commands`; a test keeps the two in step)."""

EXIT_INTERRUPTED = 130


def reader_args(args: list[str]) -> tuple[str | None, list[str]] | None:
    """`(library option, paths)` when `args` only open the reader; None for anything else."""
    library: str | None = None
    paths: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--library" and index + 1 < len(args) and library is None:
            library = args[index + 1]
            index += 2
            continue
        if arg.startswith("--library=") and library is None:
            library = arg.removeprefix("--library=")
            index += 1
            continue
        if arg.startswith("-") or (not paths and arg in COMMANDS):
            return None
        paths.append(arg)
        index += 1
    if library == "":
        return None
    return library, paths


def main() -> None:
    """Open the reader for `byline [--library DIR] [PATH...]` in a terminal, else run the CLI."""
    found = reader_args(sys.argv[1:])
    if found is None or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from byline.cli import main as cli_main

        cli_main()
        return
    from byline.errors import BylineError

    library, paths = found
    try:
        _open_reader(library, paths)
    except BylineError as error:
        from byline.cli_output import safe

        print(f"byline: {safe(str(error), one_line=True)}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("byline: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)


def _open_reader(library: str | None, paths: list[str]) -> None:
    from byline.config import load_settings
    from byline.locations import library_home
    from byline.tui import run

    settings = load_settings()
    run(settings, Path(library_home(library, settings.library)), [Path(p) for p in paths])
