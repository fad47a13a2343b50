"""Bytes to clean Unicode: binary detection, encoding detection and character repair.

Shared by the text, Markdown and HTML loaders (and the PDF loader for character repair). Encodings
are detected, never assumed: a byte-order mark wins, then valid UTF-8 (the fast path, and what
almost every modern file is), then a declared charset, then Western single-byte text (cp1252 /
Latin-1) when it reads as plausible prose, and only then charset-normalizer's best guess, which on
short Western text too often picks a Central European or Japanese code page.
"""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Control bytes text never has; ESC is left out because terminal logs are full of colour codes.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"

# C0 controls except \t \n \f, DEL, C1 controls, and a stray BOM / zero-width no-break space.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufeff]")

# A UTF-8 lead byte read as cp1252 followed by a continuation byte read as cp1252: the shape of
# mojibake. Lines without it are never handed to ftfy, which is both faster and safer.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_LINE_END_SOFT_HYPHEN = re.compile("\u00ad[ \t]*(?=\n)")
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_PLAUSIBILITY_SAMPLE = 100_000
_LINE_BREAKS = re.compile("[\x0b\x85\u2028]")
_PARAGRAPH_SEPARATOR = "\u2029"
_LIGATURE = re.compile("[\ufb00-\ufb04\ufb06]")
_LIGATURE_LETTERS = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb06": "st",
}


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None when there is no BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """The UTF-16 codec for text without a BOM (NULs in every other byte), else None."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def binary_kind(data: bytes) -> str | None:
    """Why these bytes (a file's head, or all of it) are not text: "a ZIP archive", "binary data".

    None means text. Text with a BOM (UTF-16 is full of NULs) is text. Otherwise a known file
    signature names the kind, and bytes where more than 1 in 100 is NUL, or more than 1 in 30 is a
    control byte, are binary (random or compressed data has 1 control byte in 9). A few stray NULs
    or controls in a text dump do not make it binary.
    """
    if bom_encoding(data) or _bomless_utf16(data[:4096]):
        return None
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if not data:
        return None
    nuls = data.count(0)
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if nuls > len(data) / 100 + 4 or controls > len(data) / 30 + 4:
        return "binary data"
    return None


def _plausible_western(text: str) -> bool:
    """Whether a single-byte decoding reads like Western prose: accented letters are the exception.

    Cyrillic or Greek bytes decoded as cp1252 come out as runs of accented Latin letters; real
    French or German has a few per word at most. The first 100,000 characters are plenty to judge.
    """
    letters = 0
    accented = 0
    for char in text[:_PLAUSIBILITY_SAMPLE]:
        if char.isalpha():
            letters += 1
            if ord(char) > 127:
                accented += 1
    return letters > 0 and accented <= 0.25 * letters


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode a file's bytes to text, detecting the encoding (the module docstring gives the order).

    `declared` is a charset the file itself names (an HTML `<meta charset>`); it is trusted only
    when the bytes are not valid UTF-8, because pages that declare Latin-1 and are UTF-8 are common.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _bomless_utf16(data[:4096])
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"  # as browsers do: the C1 range of "Latin-1" pages is cp1252
        if name and name != "utf-8":
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass
    for western in ("cp1252", "latin-1"):
        try:
            text = data.decode(western)
        except UnicodeDecodeError:
            continue
        if _plausible_western(text):
            return text
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def repair(text: str) -> str:
    """Make decoded text safe and readable without changing what it says.

    Newlines are normalised (\\r\\n, \\r, vertical tab and Unicode line separators become \\n);
    NULs and other control characters except \\n, \\t and \\f are removed (they must never reach
    the terminal); ligature characters are spelled out; a soft hyphen that breaks a word at a line
    end becomes a visible hyphen (so cleaning can join the word) and one elsewhere, being
    invisible, is dropped; and lines that show the shape of mojibake ("cafÃ©", "itâ€™s") are
    repaired with ftfy, whose other fixes (quote uncurling, width folding, HTML unescaping) are
    turned off so legitimate text is left exactly as written.
    """
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace(_PARAGRAPH_SEPARATOR, "\n\n")
    if not text.isascii():
        if _MOJIBAKE_HINT.search(text):
            import ftfy

            config = ftfy.TextFixerConfig(
                unescape_html=False,
                uncurl_quotes=False,
                fix_character_width=False,
                fix_latin_ligatures=False,
                normalization=None,
                explain=False,
            )
            text = "\n".join(
                ftfy.fix_text(line, config) if _MOJIBAKE_HINT.search(line) else line
                for line in text.split("\n")
            )
        text = _LIGATURE.sub(lambda match: _LIGATURE_LETTERS[match.group()], text)
        if "\u00ad" in text:
            text = _LINE_END_SOFT_HYPHEN.sub("-", text).replace("\u00ad", "")
    return _CONTROL_CHARS.sub("", text)


def drop_unmapped_glyphs(text: str) -> str:
    """Remove pdfminer's "(cid:123)" placeholders for glyphs a PDF font does not map to Unicode."""
    return _UNMAPPED_GLYPH.sub("", text)
