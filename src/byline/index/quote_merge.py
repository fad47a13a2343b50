"""The quotes index's last merge of a run, done in another process while this one merges the
documents index.

A run's last commit merges the segments the run wrote into one, in each index (see
`writing._last_commit_policy`): pure Python, one core, and the two merges came one after the
other while the run's other core sat idle (on the BBC corpus 9 s for 16,000 quotes, then 18 s
for the documents). So when the quotes to merge are many, the quotes writer commits its last
batch as a segment of its own, which makes every quote durable before the documents commit, as
before (see `IndexWriter`), and `QuoteMerge` merges the run's quote segments in a second process
while this one commits the documents. A merge only rewrites what is already committed: if that
process fails or cannot start, this one merges instead; if it is stopped, the quotes stay
committed in the run's segments, searchable (a later commit merges them with Whoosh's policy
for small segments, or all into one past `writing.MAX_SEGMENTS`).
"""

from __future__ import annotations

from typing import Any

MIN_QUOTES = 2_000
"""Quotes in the run's committed segments from which a second process pays for its start (a new
interpreter importing Whoosh takes about 0.3 s; 2,000 quotes take about a second to merge)."""


def worth_it(index: Any, before: frozenset[str]) -> bool:
    """True when the segments a run wrote to the quotes `index` (those not in `before`) hold
    enough quotes to merge beside the documents."""
    ours = [s for s in index._segments() if s.segment_id() not in before]
    return len(ours) > 1 and sum(s.doc_count_all() for s in ours) >= MIN_QUOTES


def merge_run(folder: str, before: frozenset[str], *, in_helper: bool = False) -> None:
    """Merge the segments a run wrote to the quotes index in `folder` (those not in `before`),
    with the run's last-commit policy. `in_helper`: this is the second process, which leaves
    Ctrl-C to the one that started it (that one stops it) and fails with an exit code only (that
    one then merges instead), no traceback on the terminal."""
    if not in_helper:
        _merge(folder, before)
        return
    import os
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stopped by `abandon`: unwind, so that the writer removes its unfinished files.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(1))
    try:
        _merge(folder, before)
    except BaseException:
        os._exit(1)


def _merge(folder: str, before: frozenset[str]) -> None:
    from pathlib import Path

    from byline.index.indexes import _unmapped
    from byline.index.segments import BatchWriter
    from byline.index.writing import _last_commit_policy

    writer = BatchWriter(_unmapped(Path(folder)))
    try:
        writer.commit(mergetype=_last_commit_policy(before))
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


def command(folder: str, before: frozenset[str]) -> list[str]:
    """The second process's command line: a new interpreter (`byline.processes`)."""
    from byline.processes import python_command

    return python_command(
        "from byline.index.quote_merge import merge_run\n"
        f"merge_run({folder!r}, frozenset({sorted(before)!r}), in_helper=True)"
    )


class QuoteMerge:
    """`merge_run` in a second process: `start` it after the quotes writer has committed (its
    lock released), then `wait` for it, or `abandon` it when the run is stopping."""

    def __init__(self, folder: str, before: frozenset[str]) -> None:
        import subprocess

        self.folder, self.before = folder, before
        self._process: subprocess.Popen[bytes] | None = None
        try:
            self._process = subprocess.Popen(
                command(folder, before),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # it fails with an exit code only: this one merges
            )
        except Exception:  # no process to be had (or no interpreter to name): this one merges
            return

    def wait(self) -> None:
        """Wait for the merge; if the second process did not start or failed, merge here (an
        error then raises, as the merge would have in one process)."""
        if self._process is not None and self._process.wait() == 0:
            return
        merge_run(self.folder, self.before)

    def abandon(self) -> None:
        """Stop the merge (the run is ending on an error or Ctrl-C): the quotes stay committed
        in the run's segments (see the module docstring); the stopped process removes its
        unfinished files."""
        from byline.processes import stop

        if self._process is not None:
            stop(self._process)
