"""The files a library could not index, and why, kept between runs (`<library>/failures.json`).

Each indexing run replaces what it knows: a file it indexed (or found unchanged, or removed) is
off the list, a file that failed is on it with the latest reason. So the reader can list them
(`!`) after a restart, not only at the end of the run that met them.
"""

from __future__ import annotations

import json
from pathlib import Path

from byline.library_records import AddReport, Failure

FILE = "failures.json"


def load_failures(home: Path) -> list[Failure]:
    """The failures on record, by path; none when the file is missing or unreadable."""
    try:
        data = json.loads((home / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    return [Failure(str(path), str(reason)) for path, reason in sorted(data.items())]


def record_failures(home: Path, report: AddReport) -> None:
    """Update the record with one run's outcome (written to a temp file, then renamed)."""
    known = {failure.path: failure.reason for failure in load_failures(home)}
    for path in (*report.added, *report.updated, *report.unchanged, *report.removed):
        known.pop(path, None)
    known.update((failure.path, failure.reason) for failure in report.failures)
    target = home / FILE
    if not known and not target.exists():
        return
    temp = target.with_suffix(".tmp")
    temp.write_text(json.dumps(known, indent=1, ensure_ascii=False), encoding="utf-8")
    temp.replace(target)
