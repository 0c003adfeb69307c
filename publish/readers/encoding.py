"""Bytes → text, once for every reader: encodings, byte-order marks, line endings.

Translators' editors save UTF-8 (with or without BOM), UTF-16, CP1251 or KOI8-R. UTF-8 is
tried strictly first because it is both the commonest and self-validating; anything else
is left to charset-normalizer, limited to the encodings such texts really come in.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.text import without_controls

log = logging.getLogger(__name__)

# Encodings worth guessing between, for texts in the languages we publish.
CANDIDATE_ENCODINGS = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252", "iso8859_15", "cp1250"]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_source(data: bytes, path: Path) -> DecodedText:
    """Decode a source file's bytes, normalise line endings (Unicode's separators too), strip
    control characters."""
    encoding = _sniff_encoding(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-32":
            skipped = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0  # the codec counts after its BOM
            line = data[: skipped + error.start].count(b"\n") + 1
            raise PublishError(f"not valid {encoding}: {error.reason}", path, line) from None
        encoding = "utf-16"  # FF FE 00 00 is also UTF-16's mark followed by a NUL
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise PublishError("not valid UTF-16 or UTF-32 despite its byte-order mark", path) from None
    if encoding not in ("utf-8", "utf-8-sig"):
        log.warning("%s: not UTF-8; read as %s", path, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Unicode's own line and paragraph separators (and NEL), as a word processor may write them
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x85", "\n")
    text = without_controls(text)
    return DecodedText(text=text, encoding=encoding)


def _sniff_encoding(data: bytes, path: Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _utf16_without_mark(data)
    if utf16:
        return codecs.lookup(utf16).name
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PublishError("binary data (a NUL byte) where text was expected", path, line)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        _stray_bytes_in_utf8(data, error, path)
    cyrillic = _cyrillic_code_page(data)
    if cyrillic:
        return codecs.lookup(cyrillic).name
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise PublishError("cannot tell which encoding this file is in; save it as UTF-8", path)
    return codecs.lookup(best.encoding).name


_CYRILLIC_CODE_PAGES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
_OTHER_LETTERS = "ЁёЄєІіЇїҐґЎў"  # beyond А–я: Russian ё, Ukrainian, Belarusian
# Characters of the texts we publish (Latin and Cyrillic letters, digits, punctuation).
_PLAIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0400-\u04ff\s.,;:!?«»„“”‘’\"'()\[\]\-–—…/%№*+=<>@#&]")


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 saved without its byte-order mark (some Windows editors do): the encoding, when
    one byte order reads as plain text and the other does not."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None  # UTF-16 prose has NUL bytes: every space, digit and line end holds one
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(1 for char in text if _PLAIN.match(char)) >= 0.95 * len(text):
            return encoding
    return None


def _stray_bytes_in_utf8(data: bytes, error: UnicodeDecodeError, path: Path) -> None:
    """A UTF-8 text with a byte or two that are not (a broken copy and paste) is not another
    encoding: say where the first stray byte is rather than read the whole text wrong."""
    text = data.decode("utf-8", errors="replace")
    stray = text.count("\ufffd")
    if stray <= 3 and any(ord(char) > 0x7F and char != "\ufffd" for char in text):
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise PublishError(
            f"not valid UTF-8: a stray byte 0x{byte:02X} (fix or delete it; the rest is UTF-8)", path, line
        )


def _cyrillic_code_page(data: bytes) -> str | None:
    """The Cyrillic code page a text is in, when it is one: most of its letters are then bytes
    above 127 and read as Cyrillic, mostly lower case, in the right one (a short text defeats
    statistical detection: CP1251 is read as CP1250)."""
    high = sum(1 for byte in data if byte > 0x7F)
    ascii_letters = sum(1 for byte in data if 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A)
    if high < 3 or high < 0.3 * (high + ascii_letters):
        return None  # a Western text with a few accented letters, or almost no text at all
    best, best_score = None, 0.0
    for encoding in _CYRILLIC_CODE_PAGES:
        text = data.decode(encoding, errors="replace")
        letters = [char for char in text if "А" <= char <= "я" or char in _OTHER_LETTERS]
        if len(letters) < 0.9 * high:
            continue
        # every high byte a letter counts most, then how much of the text is lower case
        score = 2 * len(letters) / high + sum(1 for char in letters if char.islower()) / len(letters)
        if score > best_score + 0.02:  # a tie goes to the commoner code page, listed first
            best, best_score = encoding, score
    return best if best_score >= 2.4 else None
