"""Character-level sanitising: one Unicode form, no invisible characters, nothing a terminal obeys.

Text from a document is shown in a terminal, so an escape sequence or a bidi override in a file must
never reach it; soft hyphens and zero-width characters would also split words that search and
analysis need whole.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Whole ANSI sequences go first, so that removing ESC does not leave "[31m" behind in the text.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS, PM, APC, SOS strings
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI in its C1 form
)
# A soft hyphen at a line end marks where the typesetter broke a word: the word is joined again.
_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")
_SPACES = re.compile(r"[\t\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0/C1 controls (form feed included: pages are split before this runs), the format characters
# (soft hyphen, zero-width, bidi controls, BOM, tags), lone surrogates and non-characters.
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\ud800-\udfff]"
)


# A character reference left in text scraped from the web: "communiqu&#233;", "&amp;", "&eacute;".
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescaped(match: re.Match[str]) -> str:
    """The character a reference stands for; the reference itself when that character could
    make another one ("&amp;", "&#59;", "&#101;"), so cleaning twice changes nothing more."""
    found = html.unescape(match.group())
    if any(c in "&#;" or (c.isascii() and c.isalnum()) for c in found):
        return match.group()
    if found == "¿" and _between_letters(match):
        return "'"  # an apostrophe a code page lost: "Blair&#191;s government" (BBC)
    return found


def _between_letters(match: re.Match[str]) -> bool:
    text, start, end = match.string, match.start(), match.end()
    return start > 0 and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()


def sanitise(text: str) -> str:
    """Return `text` in NFC with "\\n" line ends, plain spaces, no control or invisible characters,
    and HTML's character references left in scraped text read ("communiqu&#233;": "communiqué").

    Tabs and exotic spaces become one plain space each (runs are collapsed later, per line); form
    feeds must already have been used to split pages, since they are removed here with the other
    controls. Safe and idempotent for any string, lone surrogates included.
    """
    if "&" in text:  # first: a reference may stand for a control character ("&#27;")
        text = _REFERENCE.sub(_unescaped, text)
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for separator in ("\u2028", "\u2029", "\x85"):
        if separator in text:
            text = text.replace(separator, "\n")
    if "\u00ad" in text:
        text = _SOFT_BREAK.sub("", text)
    if not text.replace("\n", "").isprintable():
        lines = text.split("\n")
        # Nearly every line is printable; only the others pay for the regular expressions.
        for number, line in enumerate(lines):
            if not line.isprintable():
                lines[number] = _INVISIBLE.sub("", _SPACES.sub(" ", line))
        text = "\n".join(lines)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
