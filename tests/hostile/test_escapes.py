"""Text from documents never drives the terminal and is never read as markup.

Two ways hostile text can arrive: in a file (the loaders strip control characters on the way in)
and already in the store (written by another version, or a bug): the faces must be safe on their
own. Both are checked for `byline show` (plain and styled), `search`, `quotes`, `entities`, their
`--json` forms, and the reader's document view and quote list.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from textual.strip import Strip

from byline.cli import cli
from byline.config import Settings
from byline.library import Library
from byline.models import (
    Analysis,
    Document,
    Entity,
    EntityType,
    Mention,
    Metadata,
    Paragraph,
    Quote,
    QuoteKind,
)
from byline.tui import make_app
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.hit_list import HitList
from byline.tui.widgets.quote_pane import QuotePane

OSC52 = "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07"
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
RED = "\x1b[31m"
C1_CSI = "\x9b31m"
MARKUP = ("[bold]", "[link=https://evil.example]x[/link]", "[@click=app.quit]x[/]")

HOSTILE_FILE = (
    f"Terminal tricks {TITLE}in a report\n\n"
    f"The clipboard {OSC52} is written, the screen {CLEAR} cleared, {RED}red{RED} text and a "
    f"C1 {C1_CSI} introducer, in a report about kraken sightings.\n\n"
    f'"Put [bold]loud[/bold] and [link=https://evil.example]x[/link] and '
    f'[@click=app.quit]x[/] in the text {RED}now," said Petra Marsh, a kraken researcher.\n'
)

INJECTED_SPEAKER = f"[link=https://evil.example]Eve[/link] {TITLE}"


def injected_document(path: str) -> tuple[Document, Analysis]:
    """A stored document whose text, title, quote and speaker carry raw escapes and markup."""
    paragraphs = [
        f"Squid report {TITLE}",
        f"Giant squid {OSC52} seen {CLEAR} off the coast {C1_CSI} today, [bold]twice[/bold].",
        f'"Run [@click=app.quit]x[/] now {RED}," said {INJECTED_SPEAKER}.',
    ]
    text = "\n\n".join(paragraphs)
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append(Paragraph(start, start + len(paragraph)))
        start += len(paragraph) + 2
    quoted = f"Run [@click=app.quit]x[/] now {RED},"
    q_start = text.index(quoted)
    s_start = text.index(INJECTED_SPEAKER)
    document = Document(
        path=path,
        format="txt",
        text=text,
        paragraphs=tuple(spans),
        metadata=Metadata(title=f"Squid report {TITLE}", author=f"[bold]A[/bold] {CLEAR}"),
        content_hash="ab" * 32,
    )
    speaker = Entity(
        name=INJECTED_SPEAKER,
        type=EntityType.PERSON,
        aliases=(f"Eve {C1_CSI}",),
        mentions=(Mention(s_start, s_start + len(INJECTED_SPEAKER), INJECTED_SPEAKER),),
        role=f"a {RED}[bold]role[/bold]",
    )
    quote = Quote(quoted, q_start, q_start + len(quoted), QuoteKind.DIRECT, INJECTED_SPEAKER)
    return document, Analysis(entities=(speaker,), quotes=(quote,))


@pytest.fixture(scope="module")
def escape_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(library, hostile file, path of a document injected into the store with raw escapes)."""
    root = tmp_path_factory.mktemp("escapes")
    hostile = root / "docs" / "tricks.txt"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE_FILE, encoding="utf-8")
    library = Library(root / "lib")
    assert library.add([hostile], analyse=False).ok
    injected = str(root / "docs" / "gone" / "squid.txt")  # no such file: read from the store
    document, analysis = injected_document(injected)
    with library.writing(None):
        library.store.put(document, analysis, analysed=True)
        writer = library.indexes.writer()
        writer.put(document, analysis, size=len(document.text), analysed=True)
        writer.commit()
    library.close()
    return root / "lib", hostile, injected


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's own settings out of the tests."""
    monkeypatch.setenv("BYLINE_CONFIG", str(tmp_path / "absent-config.toml"))
    monkeypatch.delenv("BYLINE_HOME", raising=False)


_RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def assert_terminal_safe(output: str, *, styled: bool = False) -> None:
    """No escape sequence or C0/C1 control from a document (Rich's own colour codes allowed
    when `styled`)."""
    if styled:
        output = _RICH_STYLE.sub("", output)
    bad = [ch for ch in output if (ord(ch) < 32 and ch not in "\n") or 0x7F <= ord(ch) <= 0x9F]
    assert not bad, f"control characters in output: {sorted(set(bad))!r}"


def run(home: Path, *args: str, color: bool = False) -> Result:
    """`byline --library HOME ARGS...` in this process; with `color`, as if on a terminal."""
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color"} if color else {"NO_COLOR": "1"}
    result = CliRunner().invoke(cli, ["--library", str(home), *args], env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("plain", [False, True])
def test_show(escape_library: tuple[Path, Path, str], plain: bool, color: bool) -> None:
    home, hostile, injected = escape_library
    extra = ["--plain"] if plain else []
    for path, literal in ((hostile, "[bold]loud[/bold]"), (injected, "[bold]twice[/bold]")):
        out = run(home, "show", str(path), *extra, color=color).stdout
        assert_terminal_safe(out, styled=color and not plain)
        assert literal in out
        assert "[@click=app.quit]x[/]" in out
        assert "52;c;" not in out or "]52;c;" in out  # the payload may remain, never its ESC


@pytest.mark.parametrize("color", [False, True])
def test_search_snippets(escape_library: tuple[Path, Path, str], color: bool) -> None:
    home, _, _ = escape_library
    for query, literal in (("kraken", "kraken"), ("twice", "[bold]twice[/bold]")):
        out = run(home, "search", query, color=color).stdout
        assert_terminal_safe(out, styled=color)
        assert literal in _RICH_STYLE.sub("", out)
        hits = json.loads(run(home, "search", query, "--json").stdout)
        assert hits
        assert_terminal_safe(run(home, "search", query, "--json").stdout)


@pytest.mark.parametrize("color", [False, True])
def test_quotes_and_entities(escape_library: tuple[Path, Path, str], color: bool) -> None:
    home, _, _ = escape_library
    out = run(home, "quotes", color=color).stdout
    assert_terminal_safe(out, styled=color)
    assert "[@click=app.quit]x[/]" in out and "[link=https://evil.example]Eve[/link]" in out
    raw = run(home, "quotes", "--json").stdout
    assert_terminal_safe(raw)
    (quote,) = json.loads(raw)
    assert "[@click=app.quit]x[/]" in quote["text"]
    entities = run(home, "entities", color=color).stdout
    assert_terminal_safe(entities, styled=color)
    assert "[link=https://evi" in entities  # the table folds long cells
    rows = run(home, "entities", "--json").stdout
    assert_terminal_safe(rows)
    assert any("[link=https://evil.example]Eve[/link]" in e["name"] for e in json.loads(rows))


def test_the_hostile_file_lost_its_escapes_on_the_way_in(
    escape_library: tuple[Path, Path, str],
) -> None:
    home, hostile, _ = escape_library
    text = Library(home).open(hostile).document.text
    assert_terminal_safe(text)
    assert all(m in text for m in ("[bold]loud[/bold]", *MARKUP[1:]))


# -- the reader --------------------------------------------------------------------------


def _lines(widget: Any) -> list[Strip]:
    return [widget.render_line(y) for y in range(widget.size.height)]


def assert_literal(strips: list[Strip], *expected: str) -> str:
    """Every segment is free of control characters and of link/click styles; returns the text,
    which must contain each of `expected`."""
    texts = []
    for strip in strips:
        for segment in strip:
            text = segment.text
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
            style = segment.style
            if style is not None:
                assert not style.link, style.link
                assert not (style.meta or {}).get("@click"), style.meta
        texts.append(strip.text)
    shown = "\n".join(texts)
    for literal in expected:
        assert literal in shown, (literal, shown)
    return shown


async def _read(home: Path, query: str, *expected_quote: str) -> None:
    app = make_app(Settings(), Library(home))
    async with app.run_test(size=(200, 60)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press(*query)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        hits = app.screen.query_one(HitList)
        assert_literal(_lines(hits), "Squid report" if query == "twice" else "Terminal tricks")
        await pilot.press("enter")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        expected = "[bold]twice[/bold]" if query == "twice" else "[bold]loud[/bold]"
        assert_literal(_lines(reader.view), expected, "[@click=app.quit]x[/]")
        assert_literal(_lines(reader.query_one("#doc-title")))
        pane = reader.query_one(QuotePane)
        if not pane.size.height:
            await pilot.press("w")
            await pilot.pause()
        if expected_quote:
            assert_literal(_lines(pane), *expected_quote)


def test_reader_shows_an_injected_document_literally(
    escape_library: tuple[Path, Path, str],
) -> None:
    home, _, _ = escape_library
    asyncio.run(_read(home, "twice", "[@click=app.quit]x[/]", "[link=https://evil.example]Eve"))


def test_reader_shows_a_hostile_file_literally(escape_library: tuple[Path, Path, str]) -> None:
    home, _, _ = escape_library
    asyncio.run(_read(home, "kraken"))
