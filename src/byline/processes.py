"""How Byline starts the processes it works with (indexing workers, the quotes merge): a new
interpreter by `subprocess`, never a fork of this process (whose pages a fork's RSS counts again,
and whose threads a fork can deadlock) nor a multiprocessing spawn (which starts a resource
tracker, and fails in the reader, whose `sys.stderr` has no descriptor)."""

from __future__ import annotations

import contextlib
import subprocess
import sys


def python_command(code: str) -> list[str]:
    """The command line of a new interpreter that runs `code` with this process's import path
    (so it finds Byline, and a test's modules, as this process does)."""
    return [sys.executable, "-c", f"import sys; sys.path[:] = {sys.path!r}\n{code}"]


def stop(process: subprocess.Popen[bytes]) -> None:
    """End `process`: asked first (SIGTERM, so it can remove unfinished files), killed when it
    has not ended 5 s later."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # the system reaps it later
            process.wait(5)
