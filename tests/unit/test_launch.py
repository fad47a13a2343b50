"""The entry point opens the reader without click only for arguments the command line would
also take as "open the reader", and leaves everything else to `byline.cli`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from byline.cli import cli
from byline.launch import COMMANDS, reader_args


def test_the_command_names_are_the_command_lines() -> None:
    assert set(cli.commands) == COMMANDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None, [])),
        (["notes/", "a.pdf"], (None, ["notes/", "a.pdf"])),
        (["--library", "lib", "notes/"], ("lib", ["notes/"])),
        (["notes/", "--library=lib"], ("lib", ["notes/"])),
        (["notes/", "index"], (None, ["notes/", "index"])),  # a path named like a command
    ],
)
def test_reader_arguments(args: list[str], expected: tuple[str | None, list[str]]) -> None:
    assert reader_args(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["index", "notes/"],
        ["search", "harbour"],
        ["--help"],
        ["--version"],
        ["--", "-odd-name.txt"],
        ["--library"],
        ["--library="],
        ["--library", "a", "--library", "b"],
        ["notes/", "-x"],
    ],
)
def test_anything_else_goes_to_the_command_line(args: list[str]) -> None:
    assert reader_args(args) is None


def test_the_reader_path_imports_no_click() -> None:
    code = (
        "import sys, byline.launch\n"
        "assert byline.launch.reader_args(['notes/']) is not None\n"
        "print('click' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_without_a_terminal_the_command_line_answers(tmp_path: object) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "byline", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("byline")
