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
# C0 controls other than tab and line endings, and DEL: never meant as text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_source(data: bytes, path: Path) -> DecodedText:
    """Decode a source file's bytes, normalise line endings, strip control characters."""
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
    text = _CONTROL.sub("", text)
    return DecodedText(text=text, encoding=encoding)


def _sniff_encoding(data: bytes, path: Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PublishError("binary data (a NUL byte) where text was expected", path, line)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise PublishError("cannot tell which encoding this file is in; save it as UTF-8", path)
    return codecs.lookup(best.encoding).name
