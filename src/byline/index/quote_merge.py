"""The quotes index's last merge of a run, done in another process while this one merges the
documents index.

A run's last commit merges the segments the run wrote into one, in each index (see
`indexes._last_commit_policy`): pure Python, one core, and the two merges came one after the
other while the run's other core sat idle (on the BBC corpus 9 s for 16,000 quotes, then 18 s
for the documents). So when the quotes to merge are many, the quotes writer commits its last
batch as a segment of its own, which makes every quote durable before the documents commit, as
before (see `IndexWriter`), and `QuoteMerge` merges the run's quote segments in a second process
while this one commits the documents. A merge only rewrites what is already committed: if that
process fails, this one merges instead; if it is stopped, the quotes stay committed in the
run's segments until a later run's last commit merges them.
"""

from __future__ import annotations

from typing import Any

MIN_QUOTES = 2_000
"""Quotes in the run's committed segments from which a second process pays for its start (a
fork takes milliseconds, a spawn about half a second; 2,000 quotes take about a second to merge)."""


def worth_it(index: Any, before: frozenset[str]) -> bool:
    """True when the segments a run wrote to the quotes `index` (those not in `before`) hold
    enough quotes to merge beside the documents."""
    ours = [s for s in index._segments() if s.segment_id() not in before]
    return len(ours) > 1 and sum(s.doc_count_all() for s in ours) >= MIN_QUOTES


def merge_run(folder: str, before: frozenset[str], *, in_helper: bool = False) -> None:
    """Merge the segments a run wrote to the quotes index in `folder` (those not in `before`),
    with the run's last-commit policy. `in_helper`: this is the second process, which leaves
    Ctrl-C to the one that started it (that one stops it)."""
    from pathlib import Path

    from byline.index.indexes import POOL_MB, _last_commit_policy, _unmapped
    from byline.index.segments import BatchWriter

    if in_helper:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    writer = BatchWriter(_unmapped(Path(folder)), limitmb=POOL_MB["quotes"])
    try:
        writer.commit(mergetype=_last_commit_policy(before))
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


class QuoteMerge:
    """`merge_run` in a second process: `start` it after the quotes writer has committed (its
    lock released), then `wait` for it, or `abandon` it when the run is stopping."""

    def __init__(self, folder: str, before: frozenset[str]) -> None:
        from byline.processes import start_context

        self.folder, self.before = folder, before
        self._process = start_context().Process(
            target=merge_run, args=(folder, before), kwargs={"in_helper": True}, daemon=True
        )
        self._process.start()

    def wait(self) -> None:
        """Wait for the merge; if the second process failed, merge here (an error then
        raises, as the merge would have in one process)."""
        self._process.join()
        if self._process.exitcode != 0:
            merge_run(self.folder, self.before)

    def abandon(self) -> None:
        """Stop the merge (the run is ending on an error or Ctrl-C): the quotes stay committed
        in the run's segments, searchable, until a later run's last commit merges them."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
