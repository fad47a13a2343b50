"""Where Byline keeps things on disk: the library folder and the settings file.

One module owns every path so the rest of the code never guesses. The library folder comes from
`--library DIR`, else `$BYLINE_HOME`, else the settings file's `library`, else the platform's user
data folder; the settings file lives in the user config folder (or
`$BYLINE_CONFIG`, for tests and odd setups).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "byline"
"""The folder name platformdirs uses under the user data and config folders."""


def default_library() -> Path:
    """The platform's user data folder for Byline (e.g. `~/.local/share/byline`)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The settings file: `$BYLINE_CONFIG` when set, else `config.toml` in the user config dir."""
    env = os.environ.get("BYLINE_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def library_home(option: Path | str | None = None, configured: Path | None = None) -> Path:
    """The library folder to use, by precedence: the CLI option, `$BYLINE_HOME`, the settings
    file's `library`, the user data folder. Returned absolute, `~` expanded, not created."""
    env = os.environ.get("BYLINE_HOME")
    if option:
        chosen = Path(option)
    elif env:
        chosen = Path(env)
    elif configured is not None:
        chosen = configured
    else:
        chosen = default_library()
    return chosen.expanduser().absolute()
