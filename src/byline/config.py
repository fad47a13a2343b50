"""Typed settings, read from a TOML file in the user config folder.

Every field has a default, so a missing file is not an error; a file that cannot be parsed, holds an
unknown key, or a value of the wrong type or range raises `ConfigError` naming the file and the key,
because a silently ignored typo is worse than a clear refusal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, cast

from byline.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Byline's settings. Example `config.toml`:

    library = "~/articles/.byline"
    theme = "textual-dark"
    analysis_processes = 2
    snippet_length = 180
    """

    library: Path | None = None
    """The library folder, when neither `--library` nor `$BYLINE_HOME` names one."""
    theme: str = "textual-dark"
    """The reader's Textual theme name."""
    analysis_processes: int | None = None
    """Worker processes for loading, cleaning and analysis while indexing; None means one per core
    this process may run on (its CPU affinity), at most 8 (each analysing one holds a spaCy
    model, ~150 MB)."""
    snippet_length: int = 180
    """The length, in characters, of the text shown around search matches."""
    lock_timeout: float = 10.0
    """Seconds a second writer waits for the library's write lock before giving up (LibraryBusy)."""
    commit_every: int = 500
    """Documents written between index commits while indexing: a crash loses at most this many."""
    file_time_limit: float = 300.0
    """Seconds one file may take to load, clean and analyse in a worker before it is reported as a
    failure and its worker stopped (a hostile or enormous file must not hang a run)."""

    def workers(self) -> int:
        """The number of indexing worker processes to start."""
        if self.analysis_processes is not None:
            return self.analysis_processes
        return max(1, min(8, available_cores()))


def available_cores() -> int:
    """The cores this process may run on: its CPU affinity (a container or `taskset` may allow
    fewer than the machine has), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


_TYPES: dict[str, tuple[type, ...]] = {
    "library": (str,),
    "theme": (str,),
    "analysis_processes": (int,),
    "snippet_length": (int,),
    "lock_timeout": (int, float),
    "commit_every": (int,),
    "file_time_limit": (int, float),
}


def _check(path: Path, key: str, value: Any) -> Any:
    """Validate one value from the file and convert it to the field's type."""
    expected = _TYPES[key]
    if isinstance(value, bool) or not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in expected)
        raise ConfigError(f"{path}: '{key}' must be a {names}, not {value!r}")
    value = cast(Any, value)  # checked above; mypy cannot follow a tuple of types
    if key == "library":
        return Path(value).expanduser()
    if key == "theme" and not value.strip():
        raise ConfigError(f"{path}: 'theme' must not be empty")
    if key == "analysis_processes" and not 1 <= value <= 64:
        raise ConfigError(f"{path}: 'analysis_processes' must be between 1 and 64, not {value}")
    if key == "snippet_length" and not 40 <= value <= 2000:
        raise ConfigError(f"{path}: 'snippet_length' must be between 40 and 2000, not {value}")
    if key == "lock_timeout" and not 0 <= value <= 3600:
        raise ConfigError(f"{path}: 'lock_timeout' must be between 0 and 3600, not {value}")
    if key == "commit_every" and not 1 <= value <= 100_000:
        raise ConfigError(f"{path}: 'commit_every' must be between 1 and 100000, not {value}")
    if key == "file_time_limit" and not 1 <= value <= 86_400:
        raise ConfigError(f"{path}: 'file_time_limit' must be between 1 and 86400, not {value}")
    return float(value) if key in ("lock_timeout", "file_time_limit") else value


def parse_settings(data: dict[str, Any], path: Path) -> Settings:
    """Settings from an already parsed TOML table; `path` only names the source in errors."""
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                f"{path}: unknown setting '{key}' (known: {', '.join(sorted(known))})"
            )
        values[key] = _check(path, key, value)
    return Settings(**values)


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file (default: `locations.config_file()`); defaults when it is absent."""
    import tomllib

    from byline.locations import config_file

    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the settings file ({error.strerror})") from error
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error
    return parse_settings(data, path)
