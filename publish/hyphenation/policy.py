"""Which words may be broken at the end of a line, and which never are.

Rules of Russian (and general) book practice: no break in short words, in abbreviations
set in capitals (ОДКБ, НАТО), in words with digits, in URLs or e-mail addresses; a
hyphenated compound breaks only at its own hyphen.
"""

from __future__ import annotations

import re

MIN_WORD_LENGTH = 5

TOKEN = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
_NEVER = re.compile(r"\d|@|://|^www\.|\u00ad|[^\W\d_]\.[^\W\d_]")


def breakable_words(token: str) -> list[tuple[int, str]]:
    """The words in a whitespace-delimited token that may take soft hyphens, with offsets."""
    if _NEVER.search(token):
        return []
    words = [(m.start(), m.group()) for m in _LETTERS.finditer(token)]
    if any(token[start + len(word) : start + len(word) + 1] == "-" for start, word in words):
        return []  # a hyphenated compound: its own hyphen is the only break
    return [(start, word) for start, word in words if may_break(word)]


def may_break(word: str) -> bool:
    return len(word) >= MIN_WORD_LENGTH and not word.isupper()
