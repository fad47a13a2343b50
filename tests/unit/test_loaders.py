"""The loaders' front door and plain text: encodings, repair, binary refusal, file errors.

Every case writes a real file to tmp_path and reads it through `byline.loaders.load`, exactly as
the library does. Markdown and HTML are in test_loaders_markup.py, PDF in test_loaders_pdf.py.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from byline.errors import DocumentTooLarge, EmptyDocument, LoadError, UnsupportedFormat
from byline.loaders import Loader, Registry, load
from byline.loaders.base import MAX_TEXT_BYTES, iso_date
from byline.loaders.decoding import binary_kind
from byline.loaders.pdf import PdfLoader
from byline.loaders.text import TextLoader
from byline.models import RawDocument

ARTICLE = (
    "The fee was £15.8m, said José Mourinho, and the deal was “a record” for the club.\n"
    "Café owners in Lisbon were naïve about the cost – or so the report says.\n"
)


def write(path: Path, data: bytes) -> Path:
    """Write bytes to `path` and return it."""
    path.write_bytes(data)
    return path


ENCODED = {
    "utf8.txt": ARTICLE.encode("utf-8"),
    "utf8-bom.txt": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "utf16le.txt": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    "utf16be.txt": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    "utf16le-no-bom.txt": ARTICLE.encode("utf-16-le"),
    "cp1252.txt": ARTICLE.encode("cp1252"),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_text_encodings_are_detected(tmp_path: Path, name: str) -> None:
    raw = load(write(tmp_path / name, ENCODED[name]))
    assert raw.format == "txt"
    assert raw.text == ARTICLE
    assert raw.metadata.title is None


def test_latin1_pound_sign_is_not_read_as_a_far_eastern_code_page(tmp_path: Path) -> None:
    # charset-normalizer alone reads this BBC-style sentence as cp932 or cp1250.
    data = "Mutu, a £15.8m signing from Parma last season, may face a ban.".encode("latin-1")
    assert load(write(tmp_path / "sport.txt", data)).text.startswith("Mutu, a £15.8m signing")


def test_mojibake_is_repaired_and_legitimate_text_is_left_alone(tmp_path: Path) -> None:
    legit = "São Paulo, Łódź, Straße, naïve résumé, ‘single’ “double” – 5 € — ÀÉÎ Ñ."
    broken = "The cafÃ© said itâ€™s â€œfineâ€\x9d, Ã la carte."
    raw = load(write(tmp_path / "mixed.txt", f"{broken}\n\n{legit}\n".encode()))
    assert raw.text == f"The café said it’s “fine”, à la carte.\n\n{legit}\n"


def test_control_characters_and_nuls_are_removed_newlines_normalised(tmp_path: Path) -> None:
    data = b"First\x00 line\x07 here\r\nsecond\x1b line\rthird\tcolumn\x7f\r\n"
    raw = load(write(tmp_path / "dirty.txt", data))
    assert raw.text == "First line here\nsecond line\nthird\tcolumn\n"


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "paged.txt", b"Page one text.\n\x0cPage two text.\n\x0c"))
    assert raw.pages == ("Page one text.\n", "Page two text.\n")


def test_whitespace_only_lines_become_blank(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "blank.txt", b"One.  \n   \n Two starts with a space.\n"))
    assert raw.text == "One.\n\n Two starts with a space.\n"


def test_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "notes.log", b"Plain notes about the meeting."))
    assert (raw.format, raw.text) == ("txt", "Plain notes about the meeting.")


def test_binary_junk_named_txt_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "junk.txt", bytes(range(256)) * 64)
    with pytest.raises(UnsupportedFormat, match=r"junk\.txt: binary file"):
        load(path)


def test_zip_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inside.txt", "hello " * 200)
    with pytest.raises(UnsupportedFormat, match=r"archive\.txt: .*looks like a ZIP archive"):
        load(path)


def test_a_few_stray_nuls_do_not_make_a_file_binary() -> None:
    text = ("A long line of ordinary prose from a text dump. " * 40).encode()
    assert binary_kind(text[:1000] + b"\x00" + text[1000:]) is None
    assert binary_kind(b"\x00\x01\x02\x03" * 100) == "binary data"


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyDocument, match=r"empty\.txt: empty file"):
        load(write(tmp_path / "empty.txt", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyDocument, match=r"spaces\.txt"):
        load(write(tmp_path / "spaces.txt", b" \n\t\r\n  \n"))


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.write(b"A text file that grew too large.\n" * 1000)
        file.truncate(MAX_TEXT_BYTES + 1)  # sparse: the rest is never written, nor read
    with pytest.raises(DocumentTooLarge, match=r"huge\.txt: file over the 50 MB limit"):
        load(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"gone\.txt: no such file"):
        load(tmp_path / "gone.txt")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(LoadError, match=r"folder\.txt: is a directory"):
        load(tmp_path / "folder.txt")


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(LoadError, match=r"a\.txt: symlink loop"):
        load(tmp_path / "a.txt")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(LoadError, match=r"pipe\.txt: not a regular file"):
        load(tmp_path / "pipe.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", b"private")
    path.chmod(0)
    try:
        with pytest.raises(LoadError, match=r"secret\.txt: permission denied"):
            load(path)
    finally:
        path.chmod(0o600)


def test_errors_are_load_errors_with_path_and_reason(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.md", b"")
    with pytest.raises(LoadError) as caught:
        load(path)
    assert caught.value.path == path
    assert caught.value.reason == "empty file"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T09:30:00Z", "2024-03-05T09:30:00+00:00"),
        ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 09:30:00 +0000", "2024-03-05T09:30:00+00:00"),
        ("03/05/2024", None),
        ("soon", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_importing_loaders_does_not_import_heavy_libraries() -> None:
    heavy = ["pdfplumber", "pdfminer", "trafilatura", "lxml", "charset_normalizer", "ftfy"]
    code = (
        "import sys, byline.loaders; "
        f"print([m for m in {heavy!r} + ['markdown_it'] if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_text_named_pdf_is_read_as_text(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "notes.pdf", b"Plain notes saved with the wrong name."))
    assert (raw.format, raw.text) == ("txt", "Plain notes saved with the wrong name.")


class CsvLoader:
    """A loader a plugin might add: claims .csv files and keeps only the first column."""

    name = "csv"

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix == ".csv"

    def load(self, path: Path) -> RawDocument:
        rows = path.read_text().splitlines()
        first_column = "\n".join(row.split(",")[0] for row in rows)
        return RawDocument(path=path, format=self.name, pages=(first_column,))


def test_registry_accepts_new_loaders_and_falls_back_to_text(tmp_path: Path) -> None:
    registry = Registry([PdfLoader()], fallback=TextLoader())
    path = write(tmp_path / "people.csv", b"Marsh,lecturer\nKowalczyk,analyst\n")
    assert registry.load(path).format == "txt"
    registry.register(CsvLoader(), first=True)
    assert isinstance(registry.loaders[0], Loader)
    assert registry.load(path).text == "Marsh\nKowalczyk"


def test_soft_hyphens_become_visible_at_line_ends_and_vanish_elsewhere(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "soft.txt", "the nego\u00ad\ntiation of a com\u00adpact".encode()))
    assert raw.text == "the nego-\ntiation of a compact"


def test_every_sample_document_loads(sample_docs: Path) -> None:
    documents = [path for path in sorted(sample_docs.glob("*.*")) if path.is_file()]
    if not documents:
        pytest.skip("sample_docs is empty")
    for path in documents:
        raw = load(path)
        assert raw.text.strip(), path
        assert not any(ord(char) < 32 and char not in "\n\t" for char in raw.text), path


def test_utf8_file_with_stray_cp1252_bytes_reads_both_right(tmp_path: Path) -> None:
    data = "São Paulo’s café – “ok”".encode() + b" and a stray \x93quote\x94 here"
    raw = load(write(tmp_path / "mixed-encodings.txt", data))
    assert raw.text == "São Paulo’s café – “ok” and a stray “quote” here"


def test_non_western_single_byte_text_goes_to_charset_normalizer(tmp_path: Path) -> None:
    text = "Привет, как дела? Это тестовый текст на русском языке, и он достаточно длинный."
    raw = load(write(tmp_path / "cyrillic.txt", text.encode("cp1251")))
    assert raw.text == text


def test_text_head_followed_by_binary_body_is_refused(tmp_path: Path) -> None:
    data = b"A readable first line.\n" * 400 + bytes(range(256)) * 200
    with pytest.raises(UnsupportedFormat, match=r"disguised\.txt: binary file"):
        load(write(tmp_path / "disguised.txt", data))
