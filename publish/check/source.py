"""A source as the checks read it: its text as written, and the same text with everything
that is not prose (code, URLs, e-mail, HTML, Markdown syntax, front matter) blanked out
character for character, so that a place found in the prose is the same place in the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from publish.check import Finding
from publish.errors import PublishError
from publish.language import detect_language
from publish.readers import DOCUMENT_SUFFIXES, READERS, source_suffix
from publish.readers.encoding import decode_source
from publish.text import one_line

if TYPE_CHECKING:
    from publish.model import Document
    from publish.readers.office import Piece


@dataclass
class Source:
    path: Path
    text: str  # as written (decoded)
    prose: str  # the same length: non-prose replaced by spaces, newlines kept
    language: str
    kind: str  # "markdown", "html", "text", "book" (FictionBook's XML, an EPUB's text a line a block),
    # or "document" (Word, OpenDocument: a line a paragraph)
    pieces: list[Piece] = field(default_factory=list)  # a document's paragraphs, a line each
    _line_starts: list[int] = field(default_factory=list)

    def place(self, offset: int) -> tuple[int, int]:
        """Line and column (both from 1) of a character offset."""
        if not self._line_starts:
            self._line_starts = [0, *(match.end() for match in re.finditer("\n", self.text))]
        line = _bisect(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def offset_of_line(self, line: int) -> int:
        """Where line `line` (from 1) starts."""
        self.place(0)  # (finds the line starts)
        if line > len(self._line_starts):
            return len(self.text)
        return self._line_starts[max(line, 1) - 1]

    def finding(self, code: str, severity: str, start: int, end: int, message: str, fix: str = "") -> Finding:
        """A finding at characters [start, end) of the source."""
        line, column = self.place(start)
        return Finding(code, severity, str(self.path), line, column, message, self.excerpt(start, end), fix)

    def excerpt(self, start: int, end: int, context: int = 25) -> str:
        """The line's text around [start, end), cut at the line's ends (found among the line
        starts: scanning for them from each finding was quadratic on a long line)."""
        line, _ = self.place(start)
        line_start = self._line_starts[line - 1]
        last_line, _ = self.place(end)
        following = self._line_starts[last_line] if last_line < len(self._line_starts) else len(self.text) + 1
        line_end = following - 1
        left, right = max(line_start, start - context), min(line_end, end + context)
        return ("…" if left > line_start else "") + self.text[left:right].strip() + ("…" if right < line_end else "")


def _bisect(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle + 1
        else:
            high = middle
    return low


def load(path: Path, language: str | None = None, read: Document | None = None) -> Source:
    """The source's text as the checks read it; `read`: the document as built, if it was
    (an EPUB's text is taken from it)."""
    from publish.readers import refuse_unread

    refuse_unread(path)  # as build refuses it
    suffix = source_suffix(path)
    if suffix in (".fb2", ".fb2.zip"):
        return _load_fb2(path, language)
    if suffix == ".epub":
        return _load_book(path, language, read)
    if suffix in DOCUMENT_SUFFIXES:
        return _load_document(path, language)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    text = decode_source(data, path).text.replace("\r\n", "\n").replace("\r", "\n")
    kind = {"markdown": "markdown", "html": "html"}.get(READERS.get(suffix, ""), "text")
    prose = {"markdown": blank_markdown, "html": blank_html}.get(kind, blank_common)(text)
    return Source(path, text, prose, language or detect_language(prose), kind)


def _load_document(path: Path, language: str | None) -> Source:
    """A Word or OpenDocument file as its paragraphs, one a line: a finding's line is the
    paragraph's number as the reader counts it (empty paragraphs not counted)."""
    from publish.readers import read_paragraphs

    pieces = read_paragraphs(path, language)
    text = "\n".join(one_line(piece.prose) for piece in pieces)
    return Source(path, text, blank_common(text), language or detect_language(text), "document", pieces)


def _load_fb2(path: Path, language: str | None) -> Source:
    """A FictionBook as written: its XML, read as a web page is (its pictures' data blanked)."""
    from publish.readers.fb2 import book_text

    text = book_text(path).replace("\r\n", "\n").replace("\r", "\n")
    prose = blank_html(_blank_spans(text, _FB2_BINARY, lambda _: re.compile(r"</(?:\w+:)?binary\s*>")))
    return Source(path, text, prose, language or detect_language(prose), "book")


def _load_book(path: Path, language: str | None, read: Document | None) -> Source:
    """An EPUB as its paragraphs and headings, one a line (its notes after them): its files
    are joined to be read, so a finding names a block by its words."""
    from publish.model import plain_text, walk_blocks
    from publish.readers import read_source

    document = read if read is not None else read_source(path, language)
    blocks = [*document.blocks, *(block for note in document.notes for block in note.blocks)]
    lines = [plain_text(block.children) for block in walk_blocks(blocks) if hasattr(block, "children")]
    text = "\n".join(one_line(line) for line in lines)
    return Source(path, text, blank_common(text), language or document.metadata.language, "document")


def _blank(match: re.Match[str]) -> str:
    return _blanked(match.group())


# (An address's local part starts where no such character is before it and is taken whole:
# else a run of letters with no @ was scanned to its end from every one of its letters.)
_FB2_BINARY = re.compile(r"<(?:\w+:)?binary\b")
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")  # (no < inside: "<a <a <a…" is not scanned from each)


def blank_common(text: str) -> str:
    """URLs and e-mail addresses blanked: what a plain-text source holds that is not prose."""
    return _URL.sub(_blank, text)


_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^([ \t]{0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\2[`~]*[ \t]*$|\Z)", re.S | re.M)
_INDENTED_CODE = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*\n?)+")
_BACKTICKS = re.compile(r"`+")
_LINK_TARGET = re.compile(
    r"\]\([^()\n]*\)(?:\{[^{}\n]*\})?|\]\{[^{}\n]*\}|^[ \t]{0,3}\[[^\[\]\n]+\]:[ \t]*\S+.*$", re.M
)
_SYNTAX = re.compile(r"^\s{0,3}#{1,6}(?=\s)|^\s{0,3}>+|\[\^[^\]\s]+\]:?|!?\[|\]|[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}", re.M)


_OPAQUE_START = re.compile(r"<(?:(script|style|pre|code|kbd|samp|head|svg|math)\b|!--)", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!DOCTYPE[^<>]*>|&#?\w+;", re.I)


def blank_html(text: str) -> str:
    """Tags, entities, comments and what is not prose (scripts, styles, code, the head)
    blanked: what is left is the text a reader sees, where it stands in the file."""
    return blank_common(_HTML_TAG.sub(_blank, blank_html_code(text)))


def blank_html_code(text: str) -> str:
    """Comments, scripts, styles, code and the head blanked: the page's own markup kept."""
    return _blank_spans(text, _OPAQUE_START, _opaque_end)


def _opaque_end(start: re.Match[str]) -> re.Pattern[str]:
    name = start.group(1)
    return re.compile(rf"</{name}\s*>", re.I) if name else _COMMENT_END


_COMMENT_END = re.compile("-->")


def _blank_spans(
    text: str, start: re.Pattern[str], end_for: Callable[[re.Match[str]], re.Pattern[str]], least: int = 0
) -> str:
    """`text` with each span from a `start` to the `end_for` it blanked, scanning once: an
    end that is not found after one start is not looked for again after a later one (a
    pattern `<!--.*?-->` scanned the rest of the text from every unclosed `<!--`)."""
    pieces, position, missing = [], 0, set()
    for opening in start.finditer(text):
        if opening.start() < position:
            continue
        end = end_for(opening)
        if end.pattern in missing:
            continue
        closing = end.search(text, opening.end() + least)
        if closing is None:
            missing.add(end.pattern)
            continue
        pieces += [text[position : opening.start()], _blanked(text[opening.start() : closing.end()])]
        position = closing.end()
    return "".join(pieces) + text[position:]


def _blanked(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def blank_code(text: str) -> str:
    """Front matter and code (fenced, indented, spans) blanked: Markdown's markup kept."""
    for pattern in (_FRONT_MATTER, _FENCE, _INDENTED_CODE):
        text = pattern.sub(_blank, text)
    return _blank_spans(text, _BACKTICKS, _closing_backticks, least=1)


def _closing_backticks(opening: re.Match[str]) -> re.Pattern[str]:
    """A code span ends at a run of as many backticks as began it (CommonMark)."""
    return re.compile(rf"(?<!`){opening.group()}(?!`)")


# Formulas as the Markdown reader reads them (Pandoc's rule: no space inside the dollars, no
# digit after the closing one); a run of text without a dollar between, so never rescanned.
_DISPLAY_MATH = re.compile(r"\$\$")
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=[^\s$])[^$\n]*(?<=[^\s$\\])\$(?![\d$])")


def blank_markdown(text: str) -> str:
    """Front matter, code, formulas, URLs, HTML, link targets and Markdown's own marks blanked."""
    text = blank_code(text)
    text = _blank_spans(text, _DISPLAY_MATH, lambda _: _DISPLAY_MATH)
    text = _INLINE_MATH.sub(_blank, text)
    text = _blank_spans(text, re.compile("<!--"), lambda _: _COMMENT_END)
    for pattern in (_TAG, _LINK_TARGET):
        text = pattern.sub(_blank, text)
    return _SYNTAX.sub(_blank, blank_common(text))
