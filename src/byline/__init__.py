"""Byline: a terminal reader for articles and reports.

The core (loaders, cleaning, analysis, index, library) is headless; the CLI (`byline.cli`) and the
reader (`byline.tui`) are two thin faces on `byline.library.Library`.
"""

from __future__ import annotations

__version__ = "0.1.0"
