"""The command line through click's CliRunner (and a real subprocess for `--help` hygiene)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from byline.cli import cli
from byline.library_records import AddProgress
from tests.unit.test_library_fixtures import write_docs

HIT_KEYS = {"doc", "title", "score", "snippet"}
QUOTE_KEYS = {"doc", "text", "speaker", "kind", "start", "end", "cue"}
ENTITY_KEYS = {"doc", "name", "type", "aliases", "mentions", "role"}


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's own settings and library out of the tests."""
    monkeypatch.setenv("BYLINE_CONFIG", str(tmp_path / "absent-config.toml"))
    monkeypatch.delenv("BYLINE_HOME", raising=False)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(library folder, docs folder) indexed once with `byline index`, with analysis."""
    root = tmp_path_factory.mktemp("cli")
    docs = write_docs(root / "docs")
    home = root / "lib"
    result = CliRunner().invoke(cli, ["--library", str(home), "index", str(docs)])
    assert result.exit_code == 0, result.output
    assert "added 3" in result.stdout and "failed 0, analysed 3" in result.stdout
    return home, docs


def run(home: Path, *args: str) -> Result:
    """`byline --library HOME ARGS...` in this process."""
    return CliRunner().invoke(cli, ["--library", str(home), *args])


def test_every_command_has_help() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output


def test_search_json_shape(indexed: tuple[Path, Path]) -> None:
    home, docs = indexed
    result = run(home, "search", "turbines", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert isinstance(hits, list) and len(hits) == 1
    (hit,) = hits
    assert set(hit) == HIT_KEYS
    assert hit["doc"] == str((docs / "energy.txt").resolve())
    assert isinstance(hit["score"], float) and "turbines" in hit["snippet"]


def test_search_prints_hits_and_did_you_mean(indexed: tuple[Path, Path]) -> None:
    home, _ = indexed
    result = run(home, "search", "offshore", "wind")
    assert result.exit_code == 0
    assert "Lisbon Weighs Offshore Wind Deal" in result.stdout
    assert "energy.txt" in result.stdout
    none = run(home, "search", "turbnes")
    assert none.exit_code == 0
    assert "did you mean: turbines" in none.stdout
    as_json = run(home, "search", "turbnes", "--json")
    assert json.loads(as_json.stdout) == []
    assert "did you mean: turbines" in as_json.stderr


def test_quotes_json_shape_and_speaker_filter(indexed: tuple[Path, Path]) -> None:
    home, docs = indexed
    result = run(home, "quotes", "--speaker", "marsh", "--json")
    assert result.exit_code == 0
    quotes = json.loads(result.stdout)
    assert quotes and all(set(q) == QUOTE_KEYS for q in quotes)
    assert {q["speaker"] for q in quotes} == {"Petra Marsh"}
    assert all(q["kind"] in {"direct", "partial", "reported"} for q in quotes)
    assert any(q["text"].rstrip(",.") == "We are close to a deal" for q in quotes)
    one_file = run(home, "quotes", str(docs / "football.txt"), "--json")
    assert [q["speaker"] for q in json.loads(one_file.stdout)] == ["Daniel Okafor"]
    plain = run(home, "quotes", "--speaker", "Okafor")
    assert "We should have won it in the first half" in plain.stdout
    assert "Daniel Okafor" in plain.stdout


def test_entities_json_shapes(indexed: tuple[Path, Path]) -> None:
    home, docs = indexed
    per_file = json.loads(run(home, "entities", str(docs / "energy.txt"), "--json").stdout)
    assert per_file and all(set(e) == ENTITY_KEYS for e in per_file)
    assert {e["doc"] for e in per_file} == {str((docs / "energy.txt").resolve())}
    assert {e["type"] for e in per_file} <= {"PERSON", "ORG", "PLACE", "MISC"}
    people = json.loads(run(home, "entities", "--type", "person", "--json").stdout)
    assert people and all(set(e) == ENTITY_KEYS | {"documents"} for e in people)
    assert all(e["doc"] is None and e["type"] == "PERSON" for e in people)
    table = run(home, "entities", "--type", "place")
    assert table.exit_code == 0 and "Lisbon" in table.stdout
    assert "PLACE" not in table.stdout, "no type column when every row has the one asked for"
    misc = run(home, "entities", "--type", "misc", "--json")  # the JSON's fourth type
    assert misc.exit_code == 0 and all(e["type"] == "MISC" for e in json.loads(misc.stdout))
    per_file_table = run(home, "entities", str(docs / "energy.txt")).stdout
    assert "PERSON" in per_file_table and "Lisbon-based" in per_file_table, "words stay whole"


def test_show_plain_and_styled(indexed: tuple[Path, Path], tmp_path: Path) -> None:
    home, docs = indexed
    plain = run(home, "show", str(docs / "energy.txt"), "--plain")
    assert plain.exit_code == 0
    assert "negotiation over the offshore wind farms" in plain.stdout
    assert "\n\n" in plain.stdout
    outside = tmp_path / "evil.txt"
    outside.write_text("Title [bold]x[/bold]\n\nBody with \x1b[31mred\x1b[0m and \x07 bell.\n")
    styled = run(home, "show", str(outside))
    assert styled.exit_code == 0
    assert "\x1b" not in styled.stdout and "\x07" not in styled.stdout
    assert "[bold]x[/bold]" in styled.stdout, "document text is never read as markup"
    lines = run(home, "show", str(docs / "energy.txt")).stdout.splitlines()
    assert lines[0] == "Lisbon Weighs Offshore Wind Deal" and lines[1] == "", "title first, once"
    assert lines.count("Lisbon Weighs Offshore Wind Deal") == 1


def test_a_bad_file_is_one_error_line_naming_it(indexed: tuple[Path, Path], tmp_path: Path) -> None:
    home, _ = indexed
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n")
    result = run(home, "show", str(empty))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("byline: ") and "empty.txt" in lines[0]
    assert "Traceback" not in result.output
    missing = run(home, "quotes", str(tmp_path / "missing.txt"))
    assert missing.exit_code == 2 and "missing.txt" in missing.stderr


def test_quotes_and_entities_of_several_files_go_on_past_a_bad_one(
    indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    # A user's review: one binary file in `byline quotes *.txt --json` emptied the output.
    home, docs = indexed
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 40)
    good = str(docs / "port.txt")
    for command in ("quotes", "entities"):
        result = run(home, command, str(junk), good, "--json")
        assert result.exit_code == 2
        assert [line for line in result.stderr.splitlines() if line] == [
            f"byline: {junk}: binary file"
        ]
        rows = json.loads(result.stdout)
        assert rows and {row["doc"] for row in rows} == {good}
    twice = json.loads(run(home, "quotes", good, good, "--json").stdout)
    assert twice == json.loads(run(home, "quotes", good, "--json").stdout), "each file once"


def test_index_reports_failures_with_exit_code_1(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", {"a.txt": "Short note about harbours.\n"})
    (docs / "blank.txt").write_text("   \n")
    result = run(tmp_path / "lib", "index", str(docs))
    assert result.exit_code == 1
    assert "added 1" in result.stdout and "failed 1" in result.stdout
    assert "failed: " in result.stdout and "blank.txt" in result.stdout
    assert "docs/s" in result.stdout and "B/s" in result.stdout and "0.00 MB/s" not in result.stdout
    again = run(tmp_path / "lib", "index", str(docs))
    assert "unchanged 1" in again.stdout and "docs/s" not in again.stdout, "no rates over nothing"
    assert run(tmp_path / "lib", "index").exit_code == 2, "PATH is required without --rebuild"


def test_index_says_which_files_in_a_folder_it_did_not_read(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", {"a.txt": "Short note about harbours.\n"})
    (docs / "scan.bin").write_bytes(b"\x00\x01")
    (docs / "memo.docx").write_bytes(b"PK\x03\x04")
    (docs / "notes.DOCX").write_bytes(b"PK\x03\x04")
    (docs / ".hidden.bin").write_bytes(b"\x00")
    result = run(tmp_path / "lib", "index", str(docs))
    assert result.exit_code == 0, result.output
    assert "added 1" in result.stdout
    assert "not read: 3 files of other types (.docx 2, .bin 1)" in result.stdout
    only_one = write_docs(tmp_path / "one", {"b.txt": "Another note about harbours.\n"})
    (only_one / "memo.docx").write_bytes(b"PK\x03\x04")
    assert "not read: 1 .docx file" in run(tmp_path / "lib", "index", str(only_one)).stdout
    named = run(tmp_path / "lib", "index", str(docs / "a.txt"))
    assert "not read" not in named.stdout, "only folder walks pass files over"


def test_index_to_a_log_file_prints_progress_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With stderr not a terminal there is no bar, but a line every PLAIN_EVERY_S seconds and
    per phase (every event here), so a long run in a log shows how far it got; a run shorter
    than that prints only its summary."""
    from byline import cli_output

    monkeypatch.setattr(cli_output, "PLAIN_EVERY_S", 0.0)
    docs = write_docs(tmp_path / "docs")
    result = run(tmp_path / "lib", "index", str(docs))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "byline: indexing text: 0 of 3 files" in lines
    assert "byline: analysing: 0 of 3 files" in lines
    assert any(line.startswith("byline: indexing text: 3 of 3 files (100%") for line in lines)
    assert any("left)" in line for line in lines), "the time left once some files are done"
    assert not any("\x1b" in line or "━" in line for line in lines), "no bar drawn"
    assert cli_output._duration(42) == "42 s" and cli_output._duration(3900) == "1 h 05 min"
    lines.clear()
    progress = cli_output._ProgressLines(cli_output.console(stderr=True))
    progress.err.print = lines.append  # type: ignore[method-assign]
    progress(AddProgress(1, 3, 0, 100))  # only an empty file done so far: no time left to tell
    assert lines == ["byline: indexing text: 1 of 3 files (0%)"]
    progress(AddProgress(0, 0, 0, 0, phase="merge"))
    assert lines[-1] == "byline: merging the index"
    monkeypatch.setattr(cli_output, "PLAIN_EVERY_S", 30.0)
    again = run(tmp_path / "lib2", "index", str(docs))
    assert again.exit_code == 0 and "byline: " not in again.stderr, again.stderr


def test_the_progress_bar_in_a_terminal_goes_from_text_to_analysis() -> None:
    """In a terminal the bar is drawn, and starts again, labelled, when the analysis phase
    begins (Rich's reset replaces every field of the bar: a field left out failed to draw);
    the last merge, which has no counts, shows a spinner."""
    import io

    from rich.console import Console

    from byline import cli_output

    screen = io.StringIO()
    err = Console(file=screen, force_terminal=True, width=120)
    with cli_output.index_progress(err) as update:
        update(AddProgress(0, 3, 0, 300, "/docs/a.txt"))
        update(AddProgress(3, 3, 300, 300, "/docs/c.txt"))
        update(AddProgress(0, 3, 0, 300, phase="analysis"))
        update(AddProgress(2, 3, 200, 300, "/docs/b.txt", phase="analysis"))
        before_merge = screen.getvalue()
        update(AddProgress(0, 0, 0, 0, phase="merge"))
        update(AddProgress(0, 0, 0, 0, phase="merge"))
    drawn = screen.getvalue()
    assert "indexing text" in drawn and "analysing" in drawn
    assert "2/3 files" in drawn and "b.txt" in drawn
    merging = drawn[drawn.index("merging the index…", len(before_merge)) :]
    assert "files" not in merging and "bytes" not in merging, "a spinner, not a bar at 100%"


def test_the_progress_line_never_wraps_at_80_columns() -> None:
    # A long file name and a big library's counts: the name is cut, or goes, before the line
    # wraps onto a second one (a wrapped live line leaves a trail of copies on screen).
    import io
    import re

    from rich.console import Console

    from byline import cli_output

    name = "/docs/" + "a-very-long-file-name-for-a-technology-article-from-the-bbc" * 2 + ".txt"
    for width in (80, 120):
        screen = io.StringIO()
        err = Console(file=screen, force_terminal=True, width=width)
        with cli_output.index_progress(err) as update:
            update(AddProgress(5_000, 10_000, 40_000_000, 90_000_000, name))
        drawn = re.sub(r"\x1b\[[0-9;]*m", "", screen.getvalue())  # colours go
        # The last frame: after the last erase of the line, before the cursor comes back.
        frame = drawn.split("\x1b[?25h")[0].split("\r\x1b[2K")[-1].rstrip("\n")
        assert "5,000/10,000 files" in frame and "\n" not in frame, (width, frame)
        assert "…" not in frame, frame  # no column squeezed to an ellipsis either
    assert "a-very-long-file" in drawn  # at 120 there is room for it


def test_a_bug_of_ours_is_one_line_unless_asked_for_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception (here the report's printing made to fail) ends the command with
    one line and exit code 1; BYLINE_DEBUG=1 lets the traceback through."""
    from byline import cli_output

    def broken(*args: object) -> None:
        raise KeyError("files")

    monkeypatch.setattr(cli_output, "print_report", broken)
    docs = write_docs(tmp_path / "docs", {"a.txt": "Short note about harbours.\n"})
    result = run(tmp_path / "lib", "index", str(docs))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("byline: unexpected error (KeyError: 'files')")
    assert "Traceback" not in result.output and "BYLINE_DEBUG=1" in result.stderr
    monkeypatch.setenv("BYLINE_DEBUG", "0")
    assert run(tmp_path / "lib", "index", str(docs)).exit_code == 1
    monkeypatch.setenv("BYLINE_DEBUG", "1")
    result = run(tmp_path / "lib", "index", str(docs))
    assert isinstance(result.exception, KeyError)
    monkeypatch.delenv("BYLINE_DEBUG")

    def refused(*args: object) -> None:
        raise PermissionError(13, "Permission denied", "/library/index")

    monkeypatch.setattr(cli_output, "print_report", refused)
    result = run(tmp_path / "lib", "index", str(docs))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "byline: Permission denied (/library/index)"


def test_paths_first_indexes_then_opens(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", {"a.txt": "Short note about harbours.\n"})
    result = run(tmp_path / "lib", str(docs))
    assert result.exit_code == 0, result.output
    assert "added 1" in result.stderr
    assert "1 documents" in result.stdout


def test_an_empty_library_says_so(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    result = run(tmp_path / "lib", "search", "harbour", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "is empty" in result.stderr and "byline index" in result.stderr
    docs = write_docs(tmp_path / "docs", {"a.txt": "Short note about harbours.\n"})
    assert run(tmp_path / "lib", "index", str(docs)).exit_code == 0
    assert "is empty" not in run(tmp_path / "lib", "search", "xyzzy").stderr


def test_library_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("not a library")
    result = run(tmp_path, "search", "x")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "not a Byline library" in result.stderr


def _modules_after(*argv: str) -> tuple[int, list[str]]:
    code = (
        "import sys\n"
        "from byline.cli import main\n"
        f"sys.argv = ['byline', *{list(argv)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    status = e.code or 0\n"
        "heavy = ('whoosh', 'spacy', 'pdfplumber', 'textual', 'trafilatura')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    loaded = done.stdout.rsplit("LOADED", 1)[1].strip()
    return done.returncode, eval(loaded)


def test_help_imports_nothing_heavy() -> None:
    assert _modules_after("--help") == (0, [])
    assert _modules_after("search", "--help") == (0, [])


def test_python_dash_m_byline_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "byline", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "byline" in done.stdout


def test_hits_on_a_terminal_wrap_indented_within_its_width() -> None:
    from rich.console import Console

    from byline.cli_output import print_hits
    from byline.library import SearchResult
    from byline.models import Hit

    snippet = "…the long-run cost of doing nothing " * 6 + "is paid in spoiled fish…"
    at = snippet.index("spoiled")
    hit = Hit("/docs/a.txt", "A title", 1.5, snippet, ((at, at + len("spoiled")),), date="2024")
    out = Console(force_terminal=True, width=80, color_system=None, record=True)
    print_hits(out, SearchResult("spoiled", (hit,), 1))
    lines = out.export_text().splitlines()
    assert lines[1].startswith("1. A title")
    assert all(len(line) <= 80 for line in lines)
    assert all(line.startswith("   ") for line in lines[2:]), "snippet lines indented"
    assert len(lines) > 4, "the snippet is wrapped"


def test_reported_speech_is_printed_without_quotation_marks() -> None:
    from rich.console import Console

    from byline.cli_output import print_quotes
    from byline.library import QuoteRecord
    from byline.models import Quote, QuoteKind

    said = Quote("We are close", 0, 12, QuoteKind.DIRECT, "Petra Marsh", cue="said")
    reported = Quote("the talks were over", 20, 39, QuoteKind.REPORTED, "Petra Marsh", cue="said")
    out = Console(width=80, color_system=None, record=True)
    print_quotes(out, [QuoteRecord("/docs/a.txt", said), QuoteRecord("/docs/a.txt", reported)])
    lines = out.export_text().splitlines()
    assert lines[1].startswith("  “We are close”") and lines[2].startswith("  the talks were over")


def test_dates_next_to_titles_are_days() -> None:
    from byline.cli_output import day

    assert day("2024-05-15T06:30:00+01:00") == "2024-05-15"
    assert day("2024-05-15") == "2024-05-15" and day("15 May 2024") == "15 May 2024"
    assert day(None) is None


def test_library_option_after_the_command(indexed: tuple[Path, Path]) -> None:
    home, _ = indexed
    runner = CliRunner()
    after = runner.invoke(cli, ["search", "turbines", "--json", "--library", str(home)])
    assert after.exit_code == 0, after.output
    assert len(json.loads(after.stdout)) == 1
    joined = runner.invoke(cli, ["search", f"--library={home}", "turbines", "--json"])
    assert joined.exit_code == 0 and json.loads(joined.stdout) == json.loads(after.stdout)


def test_an_index_from_another_version_is_rebuilt_and_says_so(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", {"a.txt": "Short note about harbours.\n"})
    home = tmp_path / "lib"
    assert run(home, "index", str(docs)).exit_code == 0
    (home / "index" / "BYLINE-INDEX").write_text(json.dumps({"byline_index": 1}))
    result = run(home, "search", "harbours", "--json")
    assert result.exit_code == 0, result.output
    assert [hit["doc"] for hit in json.loads(result.stdout)] == [str(docs / "a.txt")]
    before, after = result.stderr.splitlines()
    assert "another version of Byline" in before
    assert "the index was rebuilt for this version of Byline (1 document," in after
    assert run(home, "search", "harbours").stderr == ""


def test_a_closed_pipe_exits_quietly_with_0_unless_a_file_failed(tmp_path: Path) -> None:
    # A user's review: `byline show FILE | head -1` exited 1 (rich's choice), `--plain` 0.
    import os

    big = tmp_path / "big.txt"
    paragraphs = ["The harbour board met again on Monday, said Ann Lee."] * 3000
    big.write_text("Long report\n\n" + "\n\n".join(paragraphs) + "\n")
    env = {**os.environ, "BYLINE_HOME": str(tmp_path / "lib")}
    for extra in ([], ["--plain"]):
        command = [sys.executable, "-m", "byline", "show", str(big), *extra]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(100)
        process.stdout.close()
        assert process.wait(timeout=60) == 0, extra
        assert b"Traceback" not in process.stderr.read()
    # ... but a file that could not be read still makes it 2, as it does without the pipe
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    for extra in ([], ["--json"]):
        command = [sys.executable, "-m", "byline", "quotes", str(bad), str(big), *extra]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(100)
        process.stdout.close()
        assert process.wait(timeout=60) == 2, extra
        assert process.stderr.read().decode() == f"byline: {bad}: binary file\n"


def test_a_question_to_a_library_that_is_not_there_creates_nothing(tmp_path: Path) -> None:
    # A user's review: `byline search x --library <typo>` made the folder.
    home = tmp_path / "no-such-library"
    for args in (["search", "x"], ["quotes", "--json"], ["entities", "--json"]):
        result = run(home, *args)
        assert result.exit_code == 3, args  # a script tells a mistyped library from no match
        assert result.stderr.startswith(f"byline: there is no library at {home}")
        assert result.stdout == ""
    assert not home.exists()


def test_a_file_is_read_on_the_spot_without_making_a_library(
    indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    # `byline quotes FILE` with no library folder made one (an empty index) to read the file.
    _, docs = indexed
    home = tmp_path / "no-library-yet"
    energy = str(docs / "energy.txt")
    quotes = json.loads(run(home, "quotes", energy, "--json").stdout)
    assert quotes == json.loads(run(indexed[0], "quotes", energy, "--json").stdout)
    assert quotes and all(q["doc"] == energy for q in quotes)
    entities = json.loads(run(home, "entities", energy, "--json").stdout)
    assert entities == json.loads(run(indexed[0], "entities", energy, "--json").stdout)
    assert "Lisbon" in {e["name"] for e in entities}
    assert "Lisbon" in run(home, "show", energy, "--plain").stdout
    assert not home.exists()
