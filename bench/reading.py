"""The reader's figures, measured headless (`App.run_test`) inside a probe process.

- first paint: from the process start (the parent's clock, passed in `started_at`) and from
  `make_app` to the first screen mounted (`run_test` hands over the pilot) and painted (after the
  first `pilot.pause()`);
- opening a big document: from posting `OpenRequested` to the reader screen showing it (its text
  view holds a wrap index and the screen has refreshed), and to the exact wrap being installed;
- scrolling: `j` and `pagedown` pressed 100 times each, ms per key until the screen refreshed;
- peak memory of the process.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Any

from bench.measure import PeakMemory, latency_summary

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


async def _measure(home: str, document: str | None, started_at: float, presses: int) -> dict:
    from byline.config import Settings
    from byline.library import Library
    from byline.tui import make_app

    figures: dict[str, Any] = {}
    library = Library(Path(home))
    constructed = time.perf_counter()
    cpu = time.process_time()
    app = make_app(Settings(), library)
    async with app.run_test(size=SIZE) as pilot:
        figures["mount_from_start_s"] = round(time.time() - started_at, 3)
        figures["mount_from_app_s"] = round(time.perf_counter() - constructed, 3)
        await pilot.pause()
        figures["first_paint_from_start_s"] = round(time.time() - started_at, 3)
        figures["first_paint_from_app_s"] = round(time.perf_counter() - constructed, 3)
        # CPU seconds of this process: from its start, and from app construction.
        figures["first_paint_cpu_from_start_s"] = round(time.process_time(), 3)
        figures["first_paint_cpu_from_app_s"] = round(time.process_time() - cpu, 3)
        await app.workers.wait_for_complete()  # the recent-documents list
        if document is not None:
            figures.update(await _open_and_scroll(app, pilot, document, presses))
        await pilot.press("q")
    library.close()
    return figures


async def _open_and_scroll(app: Any, pilot: Any, document: str, presses: int) -> dict[str, Any]:
    from byline.tui.messages import OpenRequested
    from byline.tui.screens.reader import ReaderScreen

    figures: dict[str, Any] = {}

    def view() -> Any:
        screen = app.screen
        return screen.view if isinstance(screen, ReaderScreen) else None

    started = time.perf_counter()
    cpu = time.process_time()
    app.post_message(OpenRequested(document, offset=0))
    shown = await _wait_for(lambda: view() is not None and view().wrap_index is not None, pilot)
    await pilot.pause()
    figures["open_s"] = round(time.perf_counter() - started, 3) if shown else None
    figures["open_cpu_s"] = round(time.process_time() - cpu, 3)
    exact = await _wait_for(
        lambda: view() is not None and bool(getattr(view().wrap_index, "exact", True)), pilot
    )
    figures["open_exact_wrap_s"] = round(time.perf_counter() - started, 3) if exact else None
    if not shown:
        return figures
    for key in ("j", "pagedown"):
        samples: list[float] = []
        cpu = time.process_time()
        for _ in range(presses):
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()  # the refresh the key asked for has been painted
            samples.append((time.perf_counter() - started) * 1000)
        figures[f"scroll_{key}"] = latency_summary(samples)
        figures[f"scroll_{key}"]["cpu_ms_per_key"] = round(
            (time.process_time() - cpu) * 1000 / presses, 2
        )
    figures["scrolled_to_offset"] = int(view().top_offset)
    return figures


def reader_run(
    home: str, document: str | None = None, presses: int = 100, started_at: float = 0.0, **_: Any
) -> dict[str, Any]:
    """Every reader figure over the library at `home`, opening `document` (indexed in it)."""
    with PeakMemory() as memory:
        figures = asyncio.run(_measure(home, document, started_at or time.time(), presses))
    figures.update(memory.figures())
    return figures
