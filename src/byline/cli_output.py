"""How the CLI prints: document text made safe for a terminal, progress, hits, quotes, entities.

Everything that comes from a document goes through `safe()` (control and escape characters
removed) and into a rich `Text` (never parsed as markup), so a document cannot restyle or drive the
terminal. JSON goes out through `json.dumps`, which escapes control characters itself.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byline.dates import day

if TYPE_CHECKING:
    from rich.console import Console

    from byline.library_records import (
        AddProgress,
        AddReport,
        EntityRecord,
        OpenDocument,
        QuoteRecord,
        SearchResult,
    )

_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
"""ANSI CSI and OSC sequences, and every C0/C1 control character but tab and newline."""


def safe(text: str, *, one_line: bool = False) -> str:
    """Text with escape sequences and control characters removed (tabs become spaces); with
    `one_line`, newlines become spaces too. Lengths may change: use `safe_spans` with offsets."""
    text = _CONTROL.sub("", text.replace("\t", " "))
    return " ".join(text.split()) if one_line else text


def safe_spans(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`safe(text, one_line=True)`-like cleaning of a snippet that keeps highlight spans exact:
    each unsafe character is replaced by a space, so no offset moves."""
    cleaned = _CONTROL.sub(lambda m: " " * len(m.group(0)), text)
    cleaned = cleaned.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return cleaned, list(spans)


def console(stderr: bool = False) -> Console:
    """A rich Console on stdout (or stderr); markup and emoji codes are never interpreted, and
    long lines are left whole (the terminal wraps them) so output stays greppable."""
    return _console_class()(
        stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True
    )


@cache
def _console_class() -> Any:
    """rich's Console, but a closed pipe (`byline quotes | head -1`) exits 0, as the JSON and
    plain outputs do (`cli.BylineGroup.invoke`), where rich's exits 1."""
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self) -> None:
            try:
                super().on_broken_pipe()
            except SystemExit:
                raise SystemExit(0) from None

    return Quiet


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")
"""Characters `json.dumps(ensure_ascii=False)` leaves raw that a terminal may act on (DEL, the C1
controls such as CSI U+009B) or that break lines in some readers."""


def emit_json(rows: list[dict[str, Any]]) -> None:
    """One JSON array on stdout. Text stays UTF-8, but every control character is escaped
    (json escapes C0 itself; DEL and C1 are escaped here), so the same values come back out."""
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    text = _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def hit_json(hit: Any) -> dict[str, Any]:
    """The DESIGN.md hit shape."""
    return {"doc": hit.path, "title": hit.title, "score": hit.score, "snippet": hit.snippet}


PHASES = {"text": "indexing text", "analysis": "analysing", "merge": "merging the index"}
"""The progress bar's label for each phase of `Library.add`."""


PLAIN_EVERY_S = 30.0
"""On a stderr that is not a terminal (a log file, a cron job), a progress line this often."""


class _ProgressLines:
    """Progress as plain lines, for a stderr that is not a terminal: every PLAIN_EVERY_S seconds
    the share done and the time left, and a line as each later phase starts, so a long run
    written to a log file shows that it is alive and how far it has got. A run shorter than
    that writes none (its summary says it all)."""

    def __init__(self, err: Console) -> None:
        self.err = err
        self.phase = ""
        self.started = self.last = self.begun = time.monotonic()

    def __call__(self, event: AddProgress) -> None:
        now = time.monotonic()
        if event.phase != self.phase:
            self.phase, self.started = event.phase, now
            if now - self.begun < PLAIN_EVERY_S:
                return
        elif now - self.last < PLAIN_EVERY_S:
            return
        self.last = now
        if event.phase == "merge":
            self.err.print(f"byline: {PHASES['merge']}")
        if not event.files_total:
            return
        line = f"byline: {PHASES.get(event.phase, event.phase)}: {event.files_done:,} of "
        line += f"{event.files_total:,} files"
        if event.files_done and event.bytes_total:
            line += f" ({100 * event.bytes_done // event.bytes_total}%"
            if 0 < event.bytes_done < event.bytes_total:  # empty files count as done, 0 bytes
                left = (now - self.started) * (event.bytes_total / event.bytes_done - 1)
                line += f", about {_duration(left)} left"
            line += ")"
        self.err.print(line)


def _duration(seconds: float) -> str:
    """A duration as "45 s", "12 min" or "1 h 05 min"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


BAR_WIDTH = 20
OTHER_COLUMNS = 40
"""The progress line's width besides the phase, the files, the bar and the file's name: sizes
("12.3/45.6 MB"), rate ("123.4 kB/s"), time left, and the spaces between columns."""


@contextmanager
def index_progress(err: Console) -> Iterator[Any]:
    """A progress callback for `Library.add` drawing a bar on stderr (files, MB, rate, ETA),
    labelled with the phase: "indexing text", then "analysing" (the bar starts again), then a
    spinner while the run's batches are merged.

    On a non-terminal stderr the bar is replaced by a plain line every PLAIN_EVERY_S seconds and
    as each later phase starts (`_ProgressLines`); notices (such as waiting for the lock) show too.
    """
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    live = err.is_terminal
    bar_width = BAR_WIDTH if err.width >= 100 else BAR_WIDTH // 2
    bar = Progress(
        TextColumn("{task.fields[phase]}"),
        BarColumn(bar_width=bar_width),
        TextColumn("{task.fields[files]}"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
        console=err,
        transient=True,
        disable=not live,
    )
    task = bar.add_task("index", total=None, files="", current="", phase=PHASES["text"])
    lines = None if live else _ProgressLines(err)
    merging: Any = None

    def update(event: AddProgress) -> None:
        nonlocal merging
        if event.message:
            err.print(safe(event.message, one_line=True))
            return
        if lines is not None:
            lines(event)
            return
        if event.phase == "merge":  # no counts: a spinner until the run ends
            if merging is None:
                bar.stop()
                merging = err.status(f"{PHASES['merge']}…")
                merging.start()
            return
        current = Path(event.current).name if event.current else ""
        phase = PHASES.get(event.phase, event.phase)
        files = f"{event.files_done:,}/{event.files_total:,} files"
        # The file's name gives way, so the line never wraps (at 80 columns it mostly goes).
        room = err.width - len(phase) - len(files) - OTHER_COLUMNS - bar_width
        current = safe(current, one_line=True)[: min(40, room)] if room >= 8 else ""
        total = event.bytes_total or None
        if phase != bar.tasks[0].fields["phase"]:
            # The rate and ETA start again with the new phase. Every field is given: reset
            # replaces them all, and draws the bar at once.
            bar.reset(task, total=total, phase=phase, files=files, current=current)
        bar.update(task, total=total, completed=event.bytes_done, files=files, current=current)

    try:
        with bar:
            yield update
    finally:
        if merging is not None:
            merging.stop()


def print_report(out: Console, report: AddReport) -> None:
    """The closing summary of an indexing run, then every failed file with its reason."""
    from rich.text import Text

    counts = (
        f"added {len(report.added)}, updated {len(report.updated)}, "
        f"unchanged {len(report.unchanged)}, removed {len(report.removed)}, "
        f"failed {len(report.failures)}"
    )
    if report.analysed:  # a resumed run analyses documents it did not add (its time goes there)
        counts += f", analysed {report.analysed}"
    speed = f"{report.seconds:.1f} s"
    if report.processed:  # rates over nothing read ("0.0 docs/s") say nothing
        mb = report.mb_per_second
        rate = f"{mb:.1f} MB/s" if mb >= 1 else f"{mb * 1000:.0f} kB/s"
        speed += f", {report.docs_per_second:.1f} docs/s, {rate}"
    out.print(Text(f"Indexed: {counts} ({speed})"))
    if report.other_types:
        kinds = safe(other_types_line(report.other_types), one_line=True)
        out.print(Text(f"  not read: {kinds}", style="dim"))
    for failure in report.failures:
        line = Text("  failed: ", style="red")
        line.append(safe(f"{failure.path}: {failure.reason}", one_line=True))
        out.print(line)


def other_types_line(other_types: tuple[tuple[str, int], ...]) -> str:
    """Files of types Byline does not read, said once: "3 files of other types (.bin 2, .docx
    1)", or for one type "2 .docx files"."""
    total = sum(count for _, count in other_types)
    files = "file" if total == 1 else "files"
    if len(other_types) == 1:
        return f"{total} {other_types[0][0]} {files}"
    kinds = ", ".join(f"{suffix} {count}" for suffix, count in other_types[:6])
    more = ", ..." if len(other_types) > 6 else ""
    return f"{total} {files} of other types ({kinds}{more})"


def print_hits(out: Console, result: SearchResult) -> None:
    """Ranked hits with their snippets, matches emphasised; a "did you mean" line when the
    library offers one (none or few hits)."""
    from rich.text import Text

    if not result.hits:
        out.print(Text(f"No documents match {safe(result.query, one_line=True)!r}."))
        if result.suggestion:
            out.print(Text(f"did you mean: {safe(result.suggestion, one_line=True)}"))
        return
    out.print(Text(f"{result.total} matching, showing {len(result.hits)}", style="dim"))
    if result.suggestion:
        out.print(Text(f"did you mean: {safe(result.suggestion, one_line=True)}"))
    for number, hit in enumerate(result.hits, 1):
        head = Text(f"{number}. ", style="bold")
        head.append(safe(hit.title, one_line=True), style="bold")
        details = [d for d in (hit.source, day(hit.date)) if d]
        if details:
            head.append("  " + safe(", ".join(details), one_line=True), style="dim")
        head.append(f"  {hit.score:.2f}", style="dim")
        path = Text(safe(hit.path, one_line=True), style="dim cyan")
        snippet, spans = safe_spans(hit.snippet, hit.highlights)
        body = Text(snippet)
        for start, end in spans:
            body.stylize("bold yellow", start, end)
        if out.is_terminal:  # wrapped at the width, every line indented under its title
            width = max(out.width - 3, 20)
            first, *rest = head.wrap(out, width)
            out.print(first)
            for line in [*rest, *path.wrap(out, width), *body.wrap(out, width)]:
                out.print(Text("   ").append_text(line))
        else:  # one line per field, so the output stays greppable
            out.print(head)
            out.print(Text("   ").append_text(path))
            out.print(Text("   ").append_text(body))


def print_quotes(out: Console, quotes: list[QuoteRecord]) -> None:
    """Quotes grouped by document, each with its speaker and cue (direct and partial quotes in
    quotation marks, reported speech without)."""
    from rich.text import Text

    from byline.analysis.quote_marks import cited_text
    from byline.models import QuoteKind

    if not quotes:
        out.print(Text("No quotes found."))
        return
    current = None
    for record in quotes:
        if record.doc != current:
            current = record.doc
            out.print(Text(safe(record.doc, one_line=True), style="bold cyan"))
        q = record.quote
        text = safe(cited_text(q.text), one_line=True)
        # Reported speech is the writer's paraphrase: quotation marks would claim the words.
        line = Text(text if q.kind is QuoteKind.REPORTED else "“" + text + "”")
        who = safe(q.speaker, one_line=True) if q.speaker else "unattributed"
        line.append(f" — {who}", style="bold" if q.speaker else "dim")
        extra = ", ".join(x for x in (q.cue and safe(q.cue, one_line=True), q.kind.value) if x)
        line.append(f" ({extra})", style="dim")
        if out.is_terminal:  # wrapped at the width, continuation lines indented
            first, *rest = line.wrap(out, max(out.width - 4, 20))
            out.print(Text("  ").append_text(first))
            for more in rest:
                out.print(Text("    ").append_text(more))
        else:  # one line per quote, so the output stays greppable
            out.print(Text("  ").append_text(line))


def print_entities(out: Console, rows: list[EntityRecord]) -> None:
    """Entities as a table per document (or one table for the library)."""
    from rich.table import Table
    from rich.text import Text

    if not rows:
        out.print(Text("No entities found."))
        return
    library = rows[0].doc is None
    typed = len({r.type for r in rows}) > 1  # with --type, a column of one word says nothing
    groups: dict[str | None, list[EntityRecord]] = {}
    for row in rows:
        groups.setdefault(row.doc, []).append(row)
    for doc, members in groups.items():
        title = "the library" if doc is None else safe(doc, one_line=True)
        table = Table(title=Text(title), title_justify="left", show_edge=False)
        # Counts never wrap; names and roles get room enough that words are not cut in two.
        table.add_column("name", min_width=16, overflow="fold")
        if typed:
            table.add_column("type", no_wrap=True)
        if library:
            table.add_column("docs", justify="right", no_wrap=True)
        table.add_column("mentions", justify="right", no_wrap=True)
        table.add_column("aliases", overflow="fold")
        table.add_column("role", min_width=20, overflow="fold")
        for r in members:
            cells = [Text(safe(r.name, one_line=True))]
            if typed:
                cells.append(Text(r.type.value))
            if library:
                cells.append(Text(str(r.documents or 0)))
            cells += [
                Text(str(r.mentions)),
                Text(safe(", ".join(r.aliases), one_line=True)),
                Text(safe(r.role or "", one_line=True)),
            ]
            table.add_row(*cells)
        out.print(table)


def print_document(out: Console, opened: OpenDocument, *, plain: bool) -> None:
    """The cleaned text: raw with `plain`, else headings styled and the title on top."""
    from rich.text import Text

    from byline.models import ParagraphKind

    doc = opened.document
    if plain:
        sys.stdout.write(safe(doc.text) + "\n")
        return
    paragraphs = list(doc.paragraphs)
    first = doc.paragraph_text(paragraphs[0]) if paragraphs else ""
    if first.strip() and first.strip() == doc.title.strip():
        paragraphs = paragraphs[1:]  # the text opens with its own headline: shown as the title
    head = [Text(safe(doc.title, one_line=True), style="bold underline")] if doc.title else []
    meta = doc.metadata
    details = [d for d in (meta.author, meta.source, day(meta.date)) if d]
    if details:
        head.append(Text(safe(" · ".join(details), one_line=True), style="dim"))
    if opened.missing:
        head.append(Text("(the file is gone; this is the stored copy)", style="yellow"))
    for line in head:
        out.print(line)
    for number, paragraph in enumerate(paragraphs):
        if head or number:
            out.print()
        text = safe(doc.paragraph_text(paragraph))
        style = "bold" if paragraph.kind is ParagraphKind.HEADING else ""
        out.print(Text(text, style=style), soft_wrap=False)
