"""Loaders: files of every supported kind read into a `RawDocument`.

    load(path) -> RawDocument      # picks the loader by content and extension; raises LoadError

One module per format (`text`, `markdown`, `html`, `pdf`), each a small `Loader` (see `base`), and a
`registry` that chooses among them and falls back to text. Importing this package is cheap: the
heavy libraries (pdfplumber, trafilatura, lxml, charset-normalizer, ftfy, markdown-it) are imported
only by the loader that needs them, when it reads a file.
"""

from __future__ import annotations

from byline.loaders.base import Loader
from byline.loaders.registry import Registry, load, registry

__all__ = ["Loader", "Registry", "load", "registry"]
