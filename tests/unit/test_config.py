"""Settings from TOML and the library/config locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.config import Settings, load_settings
from byline.errors import ConfigError
from byline.locations import config_file, library_home


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'library = "~/articles"\ntheme = "nord"\nanalysis_processes = 3\n'
        "snippet_length = 200\nlock_timeout = 2\n"
    )
    settings = load_settings(path)
    assert settings.library == Path("~/articles").expanduser()
    assert settings.theme == "nord" and settings.workers() == 3
    assert settings.snippet_length == 200 and settings.lock_timeout == 2.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("snippet_length = 'long'", "'snippet_length' must be a int"),
        ("snippet_length = 5", "between 40 and 2000"),
        ("analysis_processes = true", "'analysis_processes' must be a int"),
        ("colour = 'red'", "unknown setting 'colour'"),
        ("theme = ", "not valid TOML"),
    ],
)
def test_bad_values_raise_config_error_naming_file_and_key(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text + "\n")
    with pytest.raises(ConfigError, match=fragment) as caught:
        load_settings(path)
    assert str(path) in str(caught.value)


def test_default_workers_follow_the_cores_this_process_may_use() -> None:
    from byline.config import available_cores

    assert Settings().workers() == max(1, min(8, available_cores()))
    assert Settings(analysis_processes=1).workers() == 1


def test_library_home_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_HOME", str(tmp_path / "env"))
    assert library_home(tmp_path / "opt", tmp_path / "conf") == tmp_path / "opt"
    assert library_home(None, tmp_path / "conf") == tmp_path / "env"
    monkeypatch.delenv("BYLINE_HOME")
    assert library_home(None, tmp_path / "conf") == tmp_path / "conf"
    assert library_home(None, None).name == "byline"


def test_config_file_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_CONFIG", str(tmp_path / "x.toml"))
    assert config_file() == tmp_path / "x.toml"
    monkeypatch.delenv("BYLINE_CONFIG")
    assert config_file().name == "config.toml"
