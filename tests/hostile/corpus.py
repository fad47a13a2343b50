"""The hostile corpus: every kind of file a real folder of "documents" throws at Byline.

`build_corpus(folder)` writes it and returns a `Corpus` naming which files must be indexed and
which must fail, with a fragment of the one-line reason each failure must carry. Everything is
generated (seeded), small on disk and quick to write: the PDF that inflates to 300 MB is a few
hundred kilobytes, compressed incrementally so the 300 MB never exist in memory.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE = """Port strike enters its second week

By Petra Marsh

The strike at the container terminal entered its second week on Monday, with no talks \
scheduled and ships queuing outside the harbour. "We will stay out until the offer \
changes," said Anna Kowalczyk, a spokeswoman for the dockers' union.

The operator said in a statement that it remained "open to dialogue" but could not \
afford the increase. Economists warned that the cost of the stoppage was rising.
"""

UNBALANCED = """Quotes that never close

"This one opens and never closes, said the minister, and the paragraph goes on and on.

The plan" was late. ” A closer with no opener. “Curly open, straight close," she said. \
'Single and "double' nested" wrongly. «Guillemets » « and more «« »» ' ' " " “ ”

"And a last one that runs off the end of the document
"""

# What each failing file's one-line reason must contain (the loaders' words).
BINARY = "binary file"
EMPTY = "empty file"
ONLY_WHITESPACE = "no text"
NOT_A_PDF_ZIP = "ZIP archive"
TRUNCATED = "truncated PDF"
ENCRYPTED = "encrypted PDF"
INFLATES = "inflates to over"
SYMLINK_LOOP = "symlink loop"
DANGLING = "broken symlink (to gone-for-good.txt)"
NOT_REGULAR = "not a regular file"


@dataclass
class Corpus:
    """The folder, the files that must be indexed, and the files that must fail (name -> reason
    fragment). Names are relative to `folder`."""

    folder: Path
    readable: set[str] = field(default_factory=set)
    failing: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def paths(self, names: set[str] | dict[str, str]) -> set[str]:
        """Absolute paths (as the library keys them: symlinks of the folder resolved)."""
        base = self.folder.resolve()
        return {str(base / name) for name in names}


def simple_pdf(text_lines: list[str]) -> bytes:
    """A small valid PDF (fpdf2) with `text_lines` on one page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in text_lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    """A PDF that needs a user password to open."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 8, "Secret report: nobody reads this without the password.")
    return bytes(pdf.output())


def deflate_bomb(inflated_mb: int) -> bytes:
    """A zlib stream of `inflated_mb` MB of spaces, built without ever holding them.

    One megabyte is deflated once and ended with a full flush, which resets the compressor's
    history: the resulting block is then valid at any position, so it is simply repeated. The
    Adler-32 checksum is computed one megabyte at a time.
    """
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.flush(zlib.Z_FINISH)
    checksum = 1
    for _ in range(inflated_mb):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * inflated_mb + tail + checksum.to_bytes(4, "big")


def inflating_pdf(inflated_mb: int = 300) -> bytes:
    """A one-page PDF whose FlateDecode content stream inflates to `inflated_mb` MB of spaces."""
    stream = deflate_bomb(inflated_mb)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (
            len(objects) + 1,
            xref,
        )
    )
    return out.getvalue()


WORDS = (
    "the minister said talks over pipeline would resume in Lisbon next week while analysts "
    "warned that energy prices and the budget were rising faster than wages in Warsaw"
)


def big_article(megabytes: int, seed: int = 7) -> str:
    """About `megabytes` MB of hard-wrapped article text (varied paragraphs, some quotes)."""
    rng = random.Random(seed)
    words = WORDS.split()
    sentences = [
        " ".join(rng.choice(words) for _ in range(rng.randint(30, 90))) for _ in range(300)
    ]
    paragraphs: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        sentence = f"{rng.choice(sentences)} ({len(paragraphs)})"
        if rng.random() < 0.2:
            sentence = f'"{sentence.capitalize()}," said Petra Marsh.'
        lines = []
        line = ""
        for word in sentence.split():
            if len(line) + len(word) > 88:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        paragraph = "\n".join(lines)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "Energy report\n\n" + "\n\n".join(paragraphs) + "\n"


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def build_corpus(folder: Path, *, large: bool = True) -> Corpus:
    """Write the hostile corpus into `folder` (created) and say what must happen to each file.

    With `large=False` the 2 MB line, the 10 MB article and the 300 MB-inflating PDF are left
    out (for tests that only need the variety, not the size).
    """
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder)
    rng = random.Random(1234)

    def ok(name: str, data: bytes | str) -> None:
        _write(folder, name, data)
        corpus.readable.add(name)

    def bad(name: str, data: bytes | str, reason: str) -> None:
        _write(folder, name, data)
        corpus.failing[name] = reason

    bad("junk.txt", rng.randbytes(64 * 1024), BINARY)
    bad("empty.txt", b"", EMPTY)
    bad("whitespace.txt", " \n\t \n\n   \r\n", ONLY_WHITESPACE)
    ok("utf16.txt", ARTICLE.replace("Port strike", "Port strike (UTF-16)").encode("utf-16"))
    ok(
        "latin1.txt",
        "Café society in Lisbon\n\nThe façade of the théâtre was repainted, said José "
        "Gonçalves, whose café faces it. Prices rose by 3 %, à la française.\n".encode("latin-1"),
    )
    ok("nul-bytes.txt", ARTICLE.replace("second week", "second\x00 week", 1).encode())
    ok("quotes-unbalanced.txt", UNBALANCED)
    ok("été 2024 – rapport.txt", "Été 2024 – rapport\n\n" + ARTICLE)
    ok(
        "scripts.html",
        "<!doctype html><html><head><title>Harbour news</title>"
        "<style>body { color: red } p::before { content: 'STYLE-LEAK' }</style>"
        "<script>document.write('SCRIPT-LEAK'); var x = '<p>not text</p>';</script></head>"
        "<body><nav>Home | News | SCRIPT-NAV</nav><article><h1>Harbour news</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[2:])
        + "<script>alert('SCRIPT-LEAK')</script><noscript>SCRIPT-LEAK</noscript>"
        "</article></body></html>",
    )
    ok(
        "deep.html",
        "<html><body>"
        + "<div>" * 20_000
        + "<p>Deep inside twenty thousand divs the harbour report still reads.</p>"
        + "</div>" * 20_000
        + "</body></html>",
    )
    ok(
        "page-named.pdf",
        "<!doctype html><html><head><title>Saved page</title></head><body><article>"
        "<p>This web page was saved with a .pdf name, but it is HTML and reads as HTML.</p>"
        "<p>A second paragraph about the harbour and the strike, long enough to keep.</p>"
        "</article></body></html>",
    )
    valid = simple_pdf(["Harbour report", "The strike entered its second week on Monday."])
    ok("valid.pdf", valid)
    bad("truncated.pdf", valid[: len(valid) // 2], TRUNCATED)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("article.txt", ARTICLE)
    bad("archive.pdf", archive.getvalue(), NOT_A_PDF_ZIP)
    bad("zero.pdf", b"", EMPTY)
    bad("encrypted.pdf", encrypted_pdf(), ENCRYPTED)

    if large:
        ok("one-line.txt", ("word " * 420_000).strip() + "\n")  # 2.1 MB, no newline inside
        ok("big-article.txt", big_article(10))
        bad("inflating.pdf", inflating_pdf(300), INFLATES)

    # Files that are not files. A symlink pointing at itself, and one pointing nowhere.
    (folder / "loop.txt").symlink_to("loop.txt")
    corpus.failing["loop.txt"] = SYMLINK_LOOP
    (folder / "dangling.txt").symlink_to("gone-for-good.txt")
    corpus.failing["dangling.txt"] = DANGLING
    # A FIFO: opening it blocks until someone writes; Byline must refuse it without opening it.
    os.mkfifo(folder / "fifo.txt")
    corpus.failing["fifo.txt"] = NOT_REGULAR
    # chmod 000 does not stop root; where the tests run as root it is not a failure case.
    locked = folder / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:
        corpus.readable.add("locked.txt")
        corpus.notes.append("running as root: a chmod 000 file is readable, so it is indexed")
    else:
        corpus.failing["locked.txt"] = "permission denied"
    return corpus
