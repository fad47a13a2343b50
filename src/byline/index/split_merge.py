"""The documents index's last merge of a run, shared with a second process.

A run's last commit merges the segments it wrote into one (`writing._last_commit_policy`): for
the BBC corpus about 7 s of pure Python at one core, the run's tail, while the quotes' merge
(`quote_merge`) takes the other core for only 3. So when the run's segments hold many documents,
the later ones (about three fifths of the documents) are merged into a segment of their own by a
second process while this one merges the earlier ones, and this process's commit lists both: a
run ends with two segments instead of one, whose documents are those one would hold, in the same
order. This process gets the smaller share: it also deletes, lists and commits, beside the quotes'
merge (cut at half, it still ran alone for 2 s after the second process had finished).

The second process writes its segment's files beside this one's and no table of contents: it
holds no lock (this process holds the index's) and is handed the segments with their deletions
as this commit sees them. Its segment is only listed once it has finished; if it fails, cannot
start or is stopped, the segments it was given are listed as they were (still searchable, merged
by a later commit). Whoosh's clean-up at the commit removes the segment files it left; the files
Whoosh does not clean up (ours, named with a leading dot: the job, its answer and an unfinished
docnums file) are removed once it has ended. If this process is interrupted while it waits (Ctrl-C
in the run's tail), the second process is stopped first.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

MIN_DOCUMENTS = 1_000
"""Live documents in the run's segments from which a second process pays for its start (a new
interpreter importing Whoosh takes about 0.3 s; a thousand documents take about 3 s to merge)."""


def shares(segments: list[Any]) -> tuple[list[Any], list[Any]]:
    """`segments` cut after the one that takes the count of live documents to two fifths: (this
    process's, the second process's); the second is empty when too few documents are worth
    sharing."""
    total = sum(s.doc_count() for s in segments)
    if len(segments) < 3 or total < MIN_DOCUMENTS:
        return segments, []
    count = 0
    for number, segment in enumerate(segments):
        count += segment.doc_count()
        if count * 5 >= total * 2:
            here, there = segments[: number + 1], segments[number + 1 :]
            # one segment alone would be rewritten by a process for nothing: one merge instead
            return (here, there) if len(there) > 1 else (segments, [])
    return segments, []


def merge_segments(folder: str, job: str) -> None:
    """In the second process: merge the segments pickled in `job` (in the index `folder`) into
    one, written beside them, and pickle that segment to `job` + ".out". Exits with a code only,
    no traceback on the terminal (the first process then lists the segments as they were)."""
    import os
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(1))
    try:
        segment = _merge(folder, pickle.loads(Path(job).read_bytes()))
        Path(job + ".out").write_bytes(pickle.dumps(segment, pickle.HIGHEST_PROTOCOL))
    except BaseException:
        os._exit(1)


def _merge(folder: str, segments: list[Any]) -> Any:
    from whoosh.reading import SegmentReader

    from byline.index.indexes import _unmapped
    from byline.index.segments import BatchWriter

    # No lock: the first process holds the index's and waits for this one before its commit.
    writer = BatchWriter(_unmapped(Path(folder)), _lk=False)
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = writer._finalize_segment()
    # Not `_finish`: it would remove the temporary folder the first process's writer shares.
    writer.is_closed = True
    return merged


class SplitMerge:
    """`merge_segments` of `segments` in a second process, started at once; `result` waits for
    it and gives the segments to list in their place."""

    def __init__(self, folder: str, segments: list[Any]) -> None:
        import subprocess
        import tempfile

        from byline.processes import python_command

        self.segments, self.folder = segments, Path(folder)
        self._process: subprocess.Popen[bytes] | None = None
        self.job = ""
        try:
            handle, self.job = tempfile.mkstemp(prefix=".split-", suffix=".job", dir=folder)
            with open(handle, "wb") as out:
                out.write(pickle.dumps(segments, pickle.HIGHEST_PROTOCOL))
            self._process = subprocess.Popen(
                python_command(
                    "from byline.index.split_merge import merge_segments\n"
                    f"merge_segments({folder!r}, {self.job!r})"
                ),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except Exception:  # no process to be had: the segments stay as they are
            self._process = None

    def result(self) -> list[Any]:
        """The merged segment, or the segments as they were when the merge did not happen. When
        the wait is interrupted, the second process is stopped before the interruption goes on."""
        try:
            if self._process is not None and self._process.wait() == 0:
                return [pickle.loads(Path(self.job + ".out").read_bytes())]
        except Exception:
            pass
        except BaseException:
            self.abandon()
            raise
        finally:
            self._tidy()
        return list(self.segments)

    def abandon(self) -> None:
        """Stop the second process (the commit failed or was interrupted)."""
        from byline.processes import stop

        if self._process is not None:
            stop(self._process)
        self._tidy()

    def _tidy(self) -> None:
        """Remove the files Whoosh's clean-up leaves (names with a leading dot), once the second
        process has ended: its job and answer, and a docnums file it did not finish (this
        process has finished its own by the time it waits)."""
        if self._process is not None and self._process.poll() is None:
            return
        leftovers = [Path(self.job), Path(self.job + ".out")] if self.job else []
        leftovers += self.folder.glob(".*.dnw.part")
        for path in leftovers:
            path.unlink(missing_ok=True)
