"""The reader's figures, measured headless (`App.run_test`) inside a probe process.

    python bench/reading.py [--home LIB] [--repeat N] [--presses N]

prints every figure next to its bar (DESIGN.md), with the machine's load; `bench/run.py` runs the
same probe as part of the suite. Figures:

- first paint in a terminal: `byline --library LIB` run in a pseudo-terminal, from the spawn to
  the first frame written that shows the library screen's search box (what a user sees), with the
  CPU seconds the process had used by then;
- first paint headless: from the process start (the parent's clock, passed in `started_at`) and
  from `make_app` to the first frame the app composes for the library screen (`App._display`);
- opening the 1 MB sample (`sample_docs/annual-report-2023.txt`, analysed: thousands of entities
  and mentions) and a 5 MB document (text alone): from posting `OpenRequested` to the reader
  screen showing it (its text view holds a wrap index and the screen has refreshed), and to the
  exact wrap being installed;
- scrolling: `j` and `pagedown` pressed 100 times each, ms from the key to the next frame;
- peak memory of the process.

Byline's own modules are compiled to bytecode first (`compileall`), as `pip install` does: this
environment sets PYTHONDONTWRITEBYTECODE, and compiling ~40 sources on every start is ~0.15 s of
CPU that no installed copy pays.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # `python bench/reading.py` as well as `python -m bench.reading`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import PeakMemory, latency_summary, load, probe

SAMPLE = Path(__file__).resolve().parent.parent / "sample_docs" / "annual-report-2023.txt"
"""The 1 MB sample document (opened with its full analysis)."""

SIZE = (120, 40)
"""The terminal size the headless app runs at."""


def big_document(out: Path, source: Path, megabytes: float = 5.0, seed: int = 5) -> Path:
    """A text file of about `megabytes` MB made of paragraphs from the `.txt` files under
    `source` (a report of that size: real English, paragraphs separated by blank lines)."""
    if out.exists():
        return out
    paragraphs: list[str] = []
    for path in sorted(source.rglob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        paragraphs.extend(line.strip() for line in text.splitlines() if len(line.strip()) > 40)
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    pieces: list[str] = ["A long report made of BBC paragraphs"]
    size = 0
    while size < target:
        piece = paragraphs[rng.randrange(len(paragraphs))]
        pieces.append(piece)
        size += len(piece.encode("utf-8")) + 2
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_suffix(".tmp")
    temp.write_text("\n\n".join(pieces) + "\n", encoding="utf-8")
    temp.replace(out)
    return out


async def _wait_for(condition: Any, pilot: Any, timeout: float = 60.0) -> bool:
    """Let the app run until `condition()` holds (True) or `timeout` seconds pass (False)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await pilot.pause(0.002)
    return True


class Frames:
    """Records when the app composes a frame (`App._display` with an update): headless, that is
    the moment a terminal would be written to."""

    def __init__(self, app: Any) -> None:
        self.times: list[tuple[float, str]] = []
        display = app._display

        def recorded(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                name = type(screen).__name__
                if getattr(getattr(screen, "view", None), "wrap_index", None) is not None:
                    name += ":text"  # a reader's frame with the document's lines in it
                self.times.append((time.perf_counter(), name))

        app._display = recorded

    def first(self, screen_name: str, since: float = 0.0) -> float | None:
        """When the first frame of a screen of that class (after `since`) was composed."""
        return next((at for at, name in self.times if name == screen_name and at > since), None)

    def after(self, moment: float) -> float | None:
        """When the first frame after `moment` was composed."""
        return next((at for at, _ in self.times if at > moment), None)


async def _measure(
    home: str, document: str | None, sample: str | None, started_at: float, presses: int
) -> dict:
    # As the reader starts from the command line (`byline.cli`): the library is opened by the
    # reader's library thread, after the first paint.
    from byline.config import Settings
    from byline.tui import make_app

    figures: dict[str, Any] = {}
    constructed = time.perf_counter()
    started_cpu = time.process_time()
    app = make_app(Settings(), Path(home))
    frames = Frames(app)
    async with app.run_test(size=SIZE) as pilot:
        shown = await _wait_for(lambda: frames.first("LibraryScreen") is not None, pilot)
        painted = frames.first("LibraryScreen")
        if shown and painted is not None:
            cpu = time.process_time()
            since_app = painted - constructed
            figures["first_paint_from_start_s"] = round(
                time.time() - (time.perf_counter() - painted) - started_at, 3
            )
            figures["first_paint_from_app_s"] = round(since_app, 3)
            # CPU seconds of this process (from its start, and from app construction) when the
            # frame was noticed: an upper bound, by the few ms of the wait.
            figures["first_paint_cpu_from_start_s"] = round(cpu, 3)
            figures["first_paint_cpu_from_app_s"] = round(cpu - started_cpu, 3)
        await app.workers.wait_for_complete()  # the recent-documents list
        await pilot.pause()
        figures["listed_from_app_s"] = round(time.perf_counter() - constructed, 3)
        if sample is not None:
            figures.update(await _open(app, pilot, sample, "open_sample", frames))
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
        if document is not None:
            figures.update(await _open_and_scroll(app, pilot, document, presses, frames))
        await pilot.press("q")
    return figures


async def _next_frame(frames: Frames, since: float, pilot: Any) -> float | None:
    """When the first frame after `since` was composed (None if none came within 5 s)."""
    await _wait_for(lambda: frames.after(since) is not None, pilot, timeout=5.0)
    return frames.after(since)


def _view(app: Any) -> Any:
    from byline.tui.screens.reader import ReaderScreen

    screen = app.screen
    return screen.view if isinstance(screen, ReaderScreen) else None


async def _open(app: Any, pilot: Any, document: str, name: str, frames: Frames) -> dict[str, Any]:
    """Open `document` in the reader: `name_s` until the first frame showing its text,
    `name_exact_wrap_s` until its exact wrap is in, `name_cpu_s` the CPU seconds until it shows."""
    from byline.tui.messages import OpenRequested

    figures: dict[str, Any] = {}
    started = time.perf_counter()
    cpu = time.process_time()
    app.post_message(OpenRequested(document, offset=0))
    shown = await _wait_for(lambda: frames.first("ReaderScreen:text", started) is not None, pilot)
    figures[f"{name}_cpu_s"] = round(time.process_time() - cpu, 3)
    at = frames.first("ReaderScreen:text", started)
    figures[f"{name}_s"] = round(at - started, 3) if shown and at is not None else None
    exact = await _wait_for(
        lambda: _view(app) is not None and bool(getattr(_view(app).wrap_index, "exact", True)),
        pilot,
    )
    figures[f"{name}_exact_wrap_s"] = round(time.perf_counter() - started, 3) if exact else None
    await pilot.pause()
    return figures


async def _open_and_scroll(
    app: Any, pilot: Any, document: str, presses: int, frames: Frames
) -> dict[str, Any]:
    figures = await _open(app, pilot, document, "open", frames)
    if figures["open_s"] is None:
        return figures
    view = lambda: _view(app)  # noqa: E731
    for key in ("j", "pagedown"):
        samples: list[float] = []
        cpu = time.process_time()
        for _ in range(presses):
            started = time.perf_counter()
            await pilot.press(key)
            frame = await _next_frame(frames, started, pilot)
            if frame is not None:
                samples.append((frame - started) * 1000)
        figures[f"scroll_{key}"] = latency_summary(samples)
        figures[f"scroll_{key}"]["cpu_ms_per_key"] = round(
            (time.process_time() - cpu) * 1000 / presses, 2
        )
    figures["scrolled_to_offset"] = int(view().top_offset)
    return figures


def reader_run(
    home: str,
    document: str | None = None,
    presses: int = 100,
    started_at: float = 0.0,
    sample: str | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Every reader figure over the library at `home`, opening `sample` and then `document`
    (both indexed in it)."""
    with PeakMemory() as memory:
        figures = asyncio.run(_measure(home, document, sample, started_at or time.time(), presses))
    figures.update(memory.figures())
    return figures


# In a terminal --------------------------------------------------------------------------------

PAINTED = b"earch the library"
"""Part of the search box's placeholder: its first letter is under the cursor, styled apart."""


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far, from /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def terminal_first_paint(home: str, size: tuple[int, int] = SIZE, timeout: float = 30.0) -> dict:
    """`byline --library HOME` in a pseudo-terminal of `size`: seconds from the spawn to the first
    output that draws the library screen's search box, and the CPU seconds it had used by then."""
    import pty
    import select
    import signal
    import struct
    import termios

    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the bench's size, then byline
        fcntl_ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, "-m", "byline", "--library", home])
    seen = b""
    figures: dict[str, Any] = {}
    deadline = started + timeout
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen = (seen + chunk)[-4096:]
            if PAINTED in seen:
                figures["terminal_first_paint_s"] = round(time.perf_counter() - started, 3)
                figures["terminal_first_paint_cpu_s"] = round(_cpu_of(pid), 3)
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(OSError):
            while os.read(fd, 65536):  # drain until the child has gone
                pass
        os.waitpid(pid, 0)
        os.close(fd)
    return figures


def fcntl_ioctl(fd: int, request: int, argument: bytes) -> None:
    """`fcntl.ioctl` (imported here: the module exists on Unix only)."""
    import fcntl

    fcntl.ioctl(fd, request, argument)


def compile_sources() -> None:
    """Byline's modules as bytecode, as an installed copy has them (see the module docstring)."""
    import compileall

    import byline

    compileall.compile_dir(str(Path(byline.__file__).parent), quiet=1)


# The command line ----------------------------------------------------------------------------

BARS = {
    "terminal_first_paint_s": 0.5,
    "first_paint_from_start_s": 0.5,
    "open_sample_s": 0.3,
    "open_s": 0.3,
}
"""Seconds: the reader paints in under half a second; a document opens without a visible pause."""
RSS_BAR_MB = 200.0


def prepare(home: Path, cache: Path) -> tuple[str, str]:
    """The 1 MB sample (with analysis) and a 5 MB document (text alone) indexed in `home`."""
    from bench import corpora

    from byline.library import Library

    source = corpora.BBC if corpora.BBC.is_dir() else SAMPLE.parent
    document = big_document(cache / "big" / "report-5.0mb.txt", source, 5.0)
    library = Library(home)
    try:
        library.add([document], analyse=False)
        library.add([SAMPLE])  # analysed once; unchanged afterwards
    finally:
        library.close()
    return str(SAMPLE.resolve()), str(document.resolve())


def _row(name: str, seconds: Any, cpu: Any, bar: float | None) -> str:
    if seconds is None:
        return f"{name:<28} (not measured)"
    verdict = "" if bar is None else ("PASS" if seconds < bar else "FAIL")
    bar_text = f"bar < {bar * 1000:.0f} ms" if bar else ""
    cpu_text = f"(cpu {cpu * 1000:5.0f} ms)" if cpu is not None else " " * 14
    return f"{name:<28} {seconds * 1000:7.0f} ms  {cpu_text}  {bar_text} {verdict}"


def report(runs: list[dict[str, Any]]) -> str:
    """The figures of several probe runs: the median of each, and every run's value."""

    def median(key: str, sub: str | None = None) -> Any:
        values = [r[key][sub] if sub else r[key] for r in runs if r.get(key) is not None]
        return sorted(values)[len(values) // 2] if values else None

    painted = [r for r in runs if r.get("terminal_first_paint_s") is not None]
    fastest = min(painted, key=lambda r: r["terminal_first_paint_cpu_s"], default={})
    lines = [
        _row(
            "first paint in a terminal",
            median("terminal_first_paint_s"),
            median("terminal_first_paint_cpu_s"),
            BARS["terminal_first_paint_s"],
        ),
        # The run that used the least CPU: on a shared machine the median moves with the load.
        _row(
            "  least CPU of the runs",
            fastest.get("terminal_first_paint_s"),
            fastest.get("terminal_first_paint_cpu_s"),
            None,
        ),
        # Headless, inside the probe: its own imports and Textual's test harness are included,
        # so the bar is held against the terminal figure above, which is what a user sees.
        _row(
            "headless paint (probe start)",
            median("first_paint_from_start_s"),
            median("first_paint_cpu_from_start_s"),
            None,
        ),
        _row(
            "first paint (from app)",
            median("first_paint_from_app_s"),
            median("first_paint_cpu_from_app_s"),
            None,
        ),
        _row(
            "open 1 MB sample",
            median("open_sample_s"),
            median("open_sample_cpu_s"),
            BARS["open_sample_s"],
        ),
        _row("open 5 MB document", median("open_s"), median("open_cpu_s"), BARS["open_s"]),
        _row("  exact wrap of 5 MB in", median("open_exact_wrap_s"), None, None),
    ]
    for key in ("j", "pagedown"):
        name = f"scroll_{key}"
        if median(name, "p50_ms") is not None:
            lines.append(
                f"{'key to screen: ' + key:<28} p50 {median(name, 'p50_ms'):6.1f} ms  "
                f"p95 {median(name, 'p95_ms'):6.1f} ms  "
                f"cpu/key {median(name, 'cpu_ms_per_key'):5.1f} ms"
            )
    rss = median("peak_rss_mb")
    if rss is not None:
        verdict = "PASS" if rss < RSS_BAR_MB else "FAIL"
        lines.append(f"{'peak RSS':<28} {rss:7.1f} MB  bar < {RSS_BAR_MB:.0f} MB {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure the reader `--repeat` times (each in a fresh process) and print the figures."""
    from bench import corpora

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", help="library folder (default: the cached 10,000 library)")
    parser.add_argument("--repeat", type=int, default=3, help="probe runs (the median is shown)")
    parser.add_argument("--presses", type=int, default=100, help="key presses per scroll figure")
    parser.add_argument("--json", help="write every run's figures here")
    args = parser.parse_args(argv)
    cache = corpora.cache_root()
    home = Path(args.home) if args.home else cache / "lib-10000"
    size = "?"
    if not args.home and not home.is_dir():
        home = cache / "reader-small"
    sample, document = prepare(home, cache)
    compile_sources()
    from byline.library import Library

    library = Library(home)
    size = str(library.count())
    library.close()
    print(f"reader over {home} ({size} documents), load {load()} on 2 cores", file=sys.stderr)
    runs = []
    for number in range(args.repeat):
        figures = probe(
            "reader",
            {"home": str(home), "document": document, "sample": sample, "presses": args.presses},
        )
        if "error" in figures:
            print(f"run {number + 1}: {figures['error']}", file=sys.stderr)
            continue
        figures.update(terminal_first_paint(str(home)))
        runs.append(figures)
        print(f"run {number + 1}: load {load()}", file=sys.stderr)
    if not runs:
        return 1
    print(f"median of {len(runs)} runs, load at end {load()}")
    print(report(runs))
    if args.json:
        Path(args.json).write_text(json.dumps({"load": load(), "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
