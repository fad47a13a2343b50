"""Reading positions: where the reader left each document, as a text offset, kept in a small JSON.

An offset survives a change of terminal width (a scroll fraction or line number would not). The file
lives in the library folder (`reader-positions.json`), or in the user state folder when the library
has no folder; a damaged or unwritable file is never an error: positions are a convenience.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

FILE_NAME = "reader-positions.json"
MAX_DOCUMENTS = 2000
"""Only the most recently read documents are remembered, so the file stays small."""


def positions_file(library: Any) -> Path:
    """Where to keep the positions for `library`: its folder, else the user state folder."""
    home = getattr(library, "home", None)
    if home is not None:
        return Path(home) / FILE_NAME
    from platformdirs import user_state_path

    return user_state_path("byline", appauthor=False) / FILE_NAME


class ReadingPositions:
    """Offsets by document path, read on first use (not before the reader's first paint: `json`
    and the file are a few ms of it) and saved when asked."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._loaded: dict[str, int] | None = None

    @property
    def _offsets(self) -> dict[str, int]:
        if self._loaded is None:
            self._loaded = self._read()
        return self._loaded

    def _read(self) -> dict[str, int]:
        if self.path is None:
            return {}
        import json

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): int(v) for k, v in data.items() if isinstance(v, int) and v >= 0}

    def get(self, document: str) -> int | None:
        """The remembered offset for `document`, if any."""
        return self._offsets.get(document)

    def set(self, document: str, offset: int) -> None:
        """Remember `offset` for `document` (most recent last)."""
        self._offsets.pop(document, None)
        self._offsets[document] = max(0, offset)
        while len(self._offsets) > MAX_DOCUMENTS:
            del self._offsets[next(iter(self._offsets))]

    def save(self) -> None:
        """Write the file atomically; failures are ignored (the next save tries again). Positions
        never read were never changed: nothing to write."""
        if self.path is None or self._loaded is None:
            return
        import json

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._offsets), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass
