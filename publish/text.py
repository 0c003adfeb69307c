"""Small rules about plain text that several stages share: what is not text, white space on one
line, where a sentence ends. One place each, so that a reader, a check and a writer agree."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Characters that are never meant as text and that XML 1.0 cannot carry: C0 controls but tab and
# the line endings, DEL, lone surrogates and the two non-characters U+FFFE and U+FFFF. A source
# may hold them (a stray byte, a word processor's field mark); an edition must not (lxml refuses
# them, epubcheck reports them, a reader shows boxes).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def without_controls(text: str) -> str:
    """`text` without the characters no edition can carry (tabs and line endings kept)."""
    return _NOT_TEXT.sub("", text)


def one_line(text: str) -> str:
    """`text` on one line: every run of white space one space, none at the ends (a title, a
    description, a table cell's words, as a catalogue or a check shows them)."""
    return " ".join(text.split())


# A sentence ends at . ! ? or … with any closing quotes or brackets, before ordinary white space,
# but not after a lone letter or digit: an initial ("В. И. Ленин") or a list number. Whether it
# really ends is decided by what follows the space (`_continues`). No-break spaces never end one:
# the typography stage puts them after initials and abbreviations ("т. е."), so in typeset text
# those end no sentence. A run of marks is tried once, from its first, and nothing given back
# (possessive): a megabyte of dots is read in one pass, not once from each dot.
_END = re.compile(r"(?<![.!?…])(?<!\b\w)[.!?…]++[»“”\"’')\]]*+(?=[ \t\n]++(.|$))", re.S)


_SPACES = re.compile(r"[ \t\n]*")


def _continues(following: str) -> bool:
    """After a full stop, a small letter continues the sentence ("см. ниже", "прийшли… і пішли")."""
    return following.islower()


def sentence_ends(text: str, start: int = 0, stop: int | None = None) -> Iterator[int]:
    """Where each sentence of `text` ends (after its mark and closing quotes, before the space),
    looking at the marks from `start` to `stop`; the text's own end is not yielded."""
    stop = len(text) if stop is None else stop
    for match in _END.finditer(text, start, stop):
        if match.group(1) and not _continues(match.group(1)):
            yield match.end()


def sentences(text: str) -> list[str]:
    """`text` cut into sentences, each with the white space after it: joined, they are `text`."""
    pieces: list[str] = []
    begin = 0
    for end in sentence_ends(text):
        after = _SPACES.match(text, end).end()  # type: ignore[union-attr]  # always matches
        pieces.append(text[begin:after])
        begin = after
    if begin < len(text):
        pieces.append(text[begin:])
    return pieces
