"""Dates as a reader wants them next to a title (shared by the command line and the reader)."""

from __future__ import annotations

import re

_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def day(date: str | None) -> str | None:
    """A date as a reader wants it next to a title: "2024-05-15", not the page's full
    "2024-05-15T06:30:00+01:00" (other forms are left as they are)."""
    if not date:
        return date
    match = _TIMESTAMP.match(date)
    return match.group(1) if match else date
