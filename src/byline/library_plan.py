"""Which files an indexing run considers: walking folders, refusing what is not a regular file,
and the identity (path), size and modification time of each file.

Kept apart from `library_add` so the run itself reads in one sitting; nothing here opens a file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from byline.loaders.base import os_error_reason

DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ""}
)
"""Files a folder walk picks up (named files are always tried, whatever their suffix)."""


def file_key(path: Path | str) -> str:
    """The identity of a file in the library: its absolute path with symlinks resolved (only
    made absolute when they cannot be: a symlink loop)."""
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):  # RuntimeError: Path.resolve on a symlink loop (3.11)
        return os.path.abspath(Path(path).expanduser())


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: cleaning's own `file_hash`, so the digest compared here is the
    one it puts in `Document.content_hash` (imported on first use: `byline.clean` is not needed to
    search)."""
    from byline.clean import file_hash

    return file_hash(path)


def walk(
    folder: Path,
    skip: Path | None = None,
    onerror: Callable[[OSError], None] | None = None,
    passed_over: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Document files under `folder`, sorted, skipping hidden files and folders (and `skip`).

    Symlinked folders are not followed (no cycles); a folder that cannot be listed is passed to
    `onerror` and skipped. A visible file of another type (not in DOCUMENT_SUFFIXES) goes to
    `passed_over`, so the run can say what it did not read.
    """
    for root, dirs, files in os.walk(folder, onerror=onerror):
        base = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (skip is None or base / d != skip)
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                yield base / name
            elif passed_over is not None:
                passed_over(base / name)


@dataclass(frozen=True, slots=True)
class FileState:
    """What `stat` says of a file: enough to tell, without reading it, that it did not change."""

    size: int
    mtime_ns: int


def refusal(path: Path) -> tuple[str | None, FileState]:
    """Why `path` cannot be indexed before it is even opened (or None), and its size and mtime.

    Only regular files are read: opening a FIFO or a device would block or never end, and a
    dangling symlink or a symlink loop has nothing behind it.
    """
    try:
        info = path.stat()
    except FileNotFoundError as error:
        if path.is_symlink():  # the link is there; what it points to is not
            return f"broken symlink (to {os.readlink(path)})", FileState(0, 0)
        return os_error_reason(error), FileState(0, 0)
    except OSError as error:
        return os_error_reason(error), FileState(0, 0)
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file", FileState(0, 0)
    return None, FileState(info.st_size, info.st_mtime_ns)


def plan(
    paths: Iterable[Path | str],
    skip: Path,
    fail: Callable[[str, str], None],
    passed_over: Callable[[Path], None] | None = None,
) -> tuple[dict[str, FileState], list[str]]:
    """The files to consider (key -> state, in walk order) and the folders walked.

    Missing paths, symlinks to nothing, FIFOs and other things that are not files go to
    `fail(path, reason)`; the walk goes on. `skip` (the library folder) is never walked. Files
    of other types in a walked folder go to `passed_over` (see `walk`).
    """
    files: dict[str, FileState] = {}
    folders: list[str] = []

    def consider(path: Path) -> None:
        reason, state = refusal(path)
        if reason is not None:
            fail(str(path), reason)
        else:
            files.setdefault(file_key(path), state)

    def unlisted(error: OSError) -> None:
        fail(error.filename or "?", os_error_reason(error))

    for given in paths:
        path = Path(given).expanduser()
        try:
            if path.is_dir():
                folders.append(file_key(path))
                found_files = walk(
                    path.resolve(), skip=skip, onerror=unlisted, passed_over=passed_over
                )
                for found in found_files:
                    consider(found)
            elif path.is_symlink() or path.exists():
                consider(path)
            else:
                fail(str(path), "no such file or folder")
        except (OSError, RuntimeError) as error:  # RuntimeError: Path.resolve on a loop
            fail(str(path), os_error_reason(error) if isinstance(error, OSError) else str(error))
    return files, folders
