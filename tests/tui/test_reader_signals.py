"""The reader in a real pseudo-terminal: `kill` (SIGTERM) closes it as `q` does, giving the
terminal back as it found it, instead of dying inside the reader's screen modes."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Any

import pytest

PAINTED = b"earch the library"
"""Part of the search box's placeholder (its first letter is under the cursor, styled apart)."""

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def _read_until(fd: int, wanted: bytes | None, timeout: float) -> bytes:
    """What the terminal shows until `wanted` appears (or, for None, until the program ends)."""
    import select

    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the program has gone
            break
        if not chunk:
            break
        seen += chunk
        if wanted is not None and wanted in seen:
            break
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and terminals")
def test_sigterm_closes_the_reader_and_gives_the_terminal_back(library: Any) -> None:
    import fcntl
    import pty
    import signal
    import struct
    import termios

    command = [sys.executable, "-m", "byline", "--library", str(library.home)]
    environment = {**os.environ, "TERM": "xterm-256color"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: a 100x30 terminal, then the reader
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
            os.execve(sys.executable, command, environment)
        finally:
            os._exit(127)  # never a second pytest
    status = None
    try:
        assert PAINTED in _read_until(fd, PAINTED, 60), "the reader drew its library screen"
        os.kill(pid, signal.SIGTERM)
        after = _read_until(fd, None, 30)
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
            time.sleep(0.05)
    finally:
        if status is None:  # still running, or the test failed before: never left behind
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        os.close(fd)
    assert status is not None, "the reader ended within 30 s of SIGTERM"
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "it closed, not killed"
    assert LEAVE_ALTERNATE_SCREEN in after, "the terminal's own screen is back"
