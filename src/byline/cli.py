"""The command line: parse, call the library, print (rich) or emit JSON, map errors to exit codes.

    byline [PATH...]                     index PATHs (incrementally), then open the reader
    byline index PATH... [--rebuild]     index with a progress bar and a summary of failures
    byline search QUERY [--json]         ranked hits with highlighted snippets
    byline quotes [FILE...] [--speaker NAME] [--json]
    byline entities [FILE...] [--type person|org|place|misc] [--json]
    byline show FILE [--plain]

Known errors (`BylineError`) become one line on stderr and the error's exit code; Ctrl-C exits 130.
`quotes` and `entities` of several files give what the readable ones hold, a line for each file
that is not, and then exit 2.
Only click is imported at module level, so `byline --help` is instant.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from byline import __version__, interrupts
from byline.errors import BylineError, LibraryError, LoadError
from byline.launch import EXIT_INTERRUPTED

if TYPE_CHECKING:
    from byline.config import Settings
    from byline.library import Library
    from byline.library_records import OpenDocument


class Failed(click.ClickException):
    """A BylineError on its way out: one line on stderr, the error's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        """Print `byline: <message>` on stderr, control characters removed."""
        from byline.cli_output import safe

        click.echo(f"byline: {safe(self.message, one_line=True)}", err=True)


def _debugging() -> bool:
    """Whether BYLINE_DEBUG asks for tracebacks (set, and not "0")."""
    return os.environ.get("BYLINE_DEBUG", "0") not in ("", "0")


class Env:
    """What every command needs: the settings and (built on first use) the library."""

    def __init__(self, library_option: Path | None) -> None:
        self.library_option = library_option
        self._settings: Settings | None = None
        self._library: Library | None = None

    @property
    def settings(self) -> Settings:
        """The settings from the config file (read once)."""
        if self._settings is None:
            from byline.config import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def home(self) -> Path:
        """The library's folder: --library, $BYLINE_HOME, the settings, or the default folder."""
        from byline.locations import library_home

        return Path(library_home(self.library_option, self.settings.library))

    @property
    def library(self) -> Library:
        """The library in `home`, opened on first use."""
        if self._library is None:
            from byline.library import Library

            self._library = Library(self.home, self.settings)
            if self._library.outdated():  # its first use rebuilds the index: say so before
                click.echo(
                    "byline: the index was written by another version of Byline; rebuilding it "
                    "from the library's store (no file is read again)",
                    err=True,
                )
                context = click.get_current_context(silent=True)
                if context is not None:  # and after, what was done
                    context.call_on_close(self._say_notice)
        return self._library

    def read(self, path: Path, *, analyse: bool = True) -> OpenDocument:
        """The file at `path` as the library gives it (`Library.read`); with no library folder,
        read on the spot: a question about a file creates no library."""
        if self.home.exists():
            return self.library.read(path, analyse=analyse)
        from byline.library import read_unindexed

        return read_unindexed(path, analyse=analyse)

    def _say_notice(self) -> None:
        if self._library is not None and self._library.notice:
            click.echo(f"byline: {self._library.notice}", err=True)


def _library_first(args: list[str]) -> list[str]:
    """`args` with a `--library DIR` (or `--library=DIR`) given after the command moved to the
    front, where the group reads it; nothing after `--` is touched."""
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg == "--library" and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if arg.startswith("--library="):
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return moved + rest


class BylineGroup(click.Group):
    """A group whose first argument may be a path instead of a command (`byline notes/ a.pdf`),
    and which turns BylineError and Ctrl-C into one clean line and an exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert the hidden `open` command before a first positional that is not a command,
        and accept `--library DIR` after the command too (`byline search x --library lib`)."""
        args = _library_first(args)
        index = 0
        while index < len(args):
            arg = args[index]
            if arg == "--":
                args = [*args[:index], "open", *args[index:]]
                break
            if arg == "--library":
                index += 2
                continue
            if arg.startswith("-"):
                index += 1
                continue
            if arg not in self.commands:
                args = [*args[:index], "open", *args[index:]]
            break
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping our errors to `Failed`."""
        try:
            return super().invoke(ctx)
        except BylineError as error:
            raise Failed(str(error), error.exit_code) from None
        except KeyboardInterrupt:
            raise Failed("interrupted", EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            raise click.exceptions.Exit(0) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as error:  # the system refused (disk full, permissions): not a bug
            if _debugging():
                raise
            where = f" ({error.filename})" if error.filename else ""
            raise Failed(f"{error.strerror or error}{where}", 1) from None
        except Exception as error:  # a bug of ours: one line, unless asked for the traceback
            if _debugging():
                raise
            raise Failed(
                f"unexpected error ({type(error).__name__}: {error}); run again with "
                "BYLINE_DEBUG=1 to see where, and please report it",
                1,
            ) from None


@click.group(
    cls=BylineGroup,
    invoke_without_command=True,
    subcommand_metavar="[PATH]... | COMMAND [ARGS]...",
)
@click.option(
    "--library",
    "library_option",
    type=click.Path(file_okay=False, path_type=Path),
    help="The library folder (default: $BYLINE_HOME, else the user data folder).",
)
@click.version_option(__version__, prog_name="byline")
@click.pass_context
def cli(ctx: click.Context, library_option: Path | None) -> None:
    """Byline: read articles and reports in the terminal, see who is named and who said what.

    With PATHs (files or folders), index them first, then open the reader. Search syntax:
    words (all must match), OR, NOT, "a phrase", prefix*, fuzzy~, title:word, people:name.
    """
    ctx.obj = Env(library_option)
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_reader, paths=())


def _index_with_progress(
    env: Env, paths: tuple[Path, ...], *, rebuild: bool = False, summary_to_stderr: bool = False
) -> Any:
    """Index (or rebuild) with a progress bar on stderr, then print the closing summary."""
    from byline.cli_output import console, index_progress, print_report

    err = console(stderr=True)
    with interrupts.stopping(), index_progress(err) as progress:
        if rebuild:
            report = env.library.rebuild(paths, progress)
        else:
            report = env.library.add(paths, progress)
    print_report(err if summary_to_stderr else console(), report)
    return report


def _no_library(env: Env) -> None:
    """Stop with a one-line error when the library's folder does not exist (a mistyped
    --library): a question to it creates nothing, and a script can tell it from no match."""
    if not env.home.exists():
        raise LibraryError(
            f"there is no library at {env.home}; add documents with `byline index PATH...`"
        )


def _say_if_empty(env: Env) -> None:
    """When a question found nothing because the library holds nothing, say so (on stderr, so
    JSON output stays as it is): a new user's first search should not just answer "no match"."""
    if env.library.count() == 0:
        click.echo(
            f"byline: the library {env.library.home} is empty; add documents with "
            "`byline index PATH...`",
            err=True,
        )


@cli.command("open", hidden=True)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def open_reader(env: Env, paths: tuple[Path, ...]) -> None:
    """Open the reader, indexing PATHS (if any) inside it; with no terminal, index and summarise."""
    import importlib
    import sys

    try:
        run = getattr(importlib.import_module("byline.tui"), "run", None)
    except ImportError:
        run = None
    if run is not None and sys.stdin.isatty() and sys.stdout.isatty():
        # The reader paints at once, then opens the library (given as a folder, so not imported
        # here) on its own thread and indexes PATHS in a worker, with its progress on screen.
        run(env.settings, env.home, paths)
        return
    from rich.text import Text

    from byline.cli_output import console

    library = env.library
    if paths:
        _index_with_progress(env, paths, summary_to_stderr=True)
    out = console()
    out.print(Text(f"Library {library.home}: {library.count()} documents."))
    out.print(Text('Search it with: byline search "words OR phrases"', style="dim"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Throw the index away and build it again.")
@click.pass_obj
def index(env: Env, paths: tuple[Path, ...], rebuild: bool) -> None:
    """Index files and folders (incrementally: unchanged files are skipped).

    Hidden files and folders are skipped; files gone from an indexed folder are removed.
    With --rebuild and no PATH, every folder indexed before is indexed again.
    Exit code 1 when some files could not be read.
    """
    if not paths and not rebuild:
        raise click.UsageError("give at least one file or folder to index")
    report = _index_with_progress(env, paths, rebuild=rebuild)
    if report.failures:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Emit a JSON array of hits.")
@click.pass_obj
def search(env: Env, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search the library: ranked hits with highlighted snippets.

    Words must all match; also OR, NOT, "a phrase", prefix*, fuzzy~, and fields such as
    title:word, people:name, source:name, date:2024 (or date:2024-03, date:2024-03-05).
    """
    from byline.cli_output import console, emit_json, hit_json, print_hits, safe

    _no_library(env)
    result = env.library.search(" ".join(query), limit=limit)
    if not result.hits:
        _say_if_empty(env)
    if as_json:
        emit_json([hit_json(h) for h in result.hits])
        if result.suggestion:
            click.echo(f"did you mean: {safe(result.suggestion, one_line=True)}", err=True)
        return
    print_hits(console(), result)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--speaker", "-s", help="Only quotes by this person (any spelling of the name).")
@click.option("--json", "as_json", is_flag=True, help="Emit a JSON array of quotes.")
@click.pass_obj
def quotes(env: Env, files: tuple[Path, ...], speaker: str | None, as_json: bool) -> None:
    """Quotes of FILEs (analysed on the spot if not indexed), or of the whole library."""
    from byline.cli_output import print_quotes

    def read(path: Path | None) -> list[Any]:
        if path is None:
            return env.library.quotes(speaker=speaker)
        from byline.library_records import filter_quotes

        return filter_quotes(env.read(path), speaker, None)

    _files_or_library(env, files, read, as_json, print_quotes)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--type",
    "-t",
    "kind",
    type=click.Choice(["person", "org", "place", "misc"], case_sensitive=False),
    help="Only entities of this type.",
)
@click.option("--json", "as_json", is_flag=True, help="Emit a JSON array of entities.")
@click.pass_obj
def entities(env: Env, files: tuple[Path, ...], kind: str | None, as_json: bool) -> None:
    """Entities of FILEs (one row per entity per file), or across the library (with the number
    of documents naming each)."""
    from byline.cli_output import print_entities

    def read(path: Path | None) -> list[Any]:
        if path is None:
            return env.library.entities(type=kind)
        from byline.library_entities import entity_rows
        from byline.library_records import entity_type

        return entity_rows(env.read(path), entity_type(kind))

    _files_or_library(env, files, read, as_json, print_entities)


def _files_or_library(
    env: Env,
    files: tuple[Path, ...],
    read: Callable[[Path | None], list[Any]],
    as_json: bool,
    show: Callable[[Any, list[Any]], None],
) -> None:
    """Print (or emit as JSON) the rows `read` gives for each of `files` (each once, in order),
    or for the whole library (`read(None)`). A file that cannot be read is one line on stderr;
    the others' rows are still given (`byline quotes *.txt --json` with one binary file among
    them), then the exit status is 2. A library with nothing in it (or no folder) says so."""
    from byline.cli_output import console, emit_json, safe

    files = tuple(dict.fromkeys(files))
    rows: list[Any] = []
    failed = 0
    if not files:
        _no_library(env)
        rows = read(None)
        if not rows:
            _say_if_empty(env)
    for path in files:
        try:
            rows.extend(read(path))
        except LoadError as error:
            click.echo(f"byline: {safe(str(error), one_line=True)}", err=True)
            failed += 1
    try:
        if as_json:
            emit_json([row.to_json() for row in rows])
        elif failed < len(files) or not files:
            show(console(), rows)
    except (BrokenPipeError, SystemExit) as closed:  # a closed pipe exits 0, unless a file failed
        if not failed or (isinstance(closed, SystemExit) and closed.code):
            raise
    if failed:
        raise SystemExit(LoadError.exit_code)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--plain", is_flag=True, help="Print the raw cleaned text, without styling.")
@click.pass_obj
def show(env: Env, file: Path, plain: bool) -> None:
    """Print the cleaned text of FILE (indexed or not)."""
    from byline.cli_output import console, print_document

    print_document(console(), env.read(file, analyse=False), plain=plain)


def main() -> None:
    """The `byline` entry point."""
    cli(prog_name="byline")
