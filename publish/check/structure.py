"""Checks of the document's structure, read from the Markdown or HTML as written, or from a
Word or OpenDocument file's paragraphs (plain text has no notes, images or headings of its
own; in HTML and documents notes are linked by the format itself, so S001/S002 are Markdown's).

S001 a note referenced but never written     S003 an image without alt text
S002 a note written but never referenced     S004 a heading level skipped
S005 a table with no header row or column (a screen reader cannot say what a cell's number is)
S006 Pandoc's Markdown that is not read as Pandoc reads it (a fenced div, ~sub~, ^super^)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.check import ERROR, WARNING, Finding
from publish.check.source import Source, blank_code, blank_html_code
from publish.model import Document, Heading, Image, Table, running_text, walk_blocks

_NOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:", re.M)
_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def structure_findings(source: Source, document: Document | None = None) -> list[Finding]:
    """`document`: the source as the build read it (None when the build refuses it)."""
    if source.kind == "document":
        return list(document_structure(source))
    if source.kind == "html":
        return list(html_structure(source, document)) if document is not None else []
    if source.kind != "markdown":
        return []
    from publish.readers.markdown import parse_tokens

    code_free = blank_code(source.text)  # notes are markup: only code is blanked
    tokens = parse_tokens(source.text)  # pictures and headings as the reader reads them
    return [*notes(source, code_free), *images(source, tokens), *headings(source, tokens), *pandoc_markdown(source)]


def pandoc_markdown(source: Source) -> Iterator[Finding]:
    from publish.readers.markdown import pandoc_extensions

    for line, message in pandoc_extensions(source.text)[1]:
        start = source.offset_of_line(line)
        end = source.text.find("\n", start)
        yield source.finding("S006", WARNING, start, len(source.text) if end < 0 else end, message)


def notes(source: Source, text: str) -> Iterator[Finding]:
    defined = {match.group(1): match for match in _NOTE_DEFINITION.finditer(text)}
    referenced: dict[str, re.Match[str]] = {}
    for match in _NOTE_REFERENCE.finditer(text):
        referenced.setdefault(match.group(1), match)
    for label, match in referenced.items():
        if label not in defined:
            message = f"note [^{label}] is referenced but never written"
            yield source.finding("S001", ERROR, match.start(), match.end(), message, f"add [^{label}]: …")
    for label, match in defined.items():
        if label not in referenced:
            message = f"note [^{label}] is written but never referenced: no edition shows it"
            yield source.finding("S002", WARNING, match.start(), match.end(), message, f"reference it with [^{label}]")


def images(source: Source, tokens: list) -> Iterator[Finding]:
    """S003 for every picture the reader reads, however written (`![](a.png)`, `![][ref]`)."""
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or ():
            if child.type == "image" and not child.content.strip():
                start, end = _markdown_place(source, token.map, "![")
                message = "an image without alt text: a reader who cannot see it learns nothing"
                yield source.finding("S003", ERROR, start, end, message, "![what the image shows](…)")


def headings(source: Source, tokens: list) -> Iterator[Finding]:
    """S004 for the headings the reader reads, `#` and underlined (setext) alike."""
    previous = 0
    for token in tokens:
        if token.type != "heading_open" or not token.map:
            continue
        level = int(token.tag[1])
        if previous and level > previous + 1:
            start, end = _markdown_place(source, token.map, "")
            message = f"a level-{level} heading after a level-{previous} one: a level is skipped"
            yield source.finding("S004", WARNING, start, end, message, "#" * (previous + 1))
        previous = level


def _markdown_place(source: Source, lines: list[int], mark: str) -> tuple[int, int]:
    """Where a block that markdown-it maps to `lines` starts (at `mark` in it, if found)."""
    start = source.offset_of_line(lines[0] + 1)
    end = source.offset_of_line(lines[1] + 1) if lines[1] > lines[0] else len(source.text)
    found = source.text.find(mark, start, end) if mark else -1
    line_end = source.text.find("\n", start)
    return (found if found >= 0 else start), (line_end if line_end >= 0 else len(source.text))


def document_structure(source: Source) -> Iterator[Finding]:
    """S003 and S004 in a Word or OpenDocument file: its paragraphs are the source's lines."""
    starts = [0, *(match.end() for match in re.finditer("\n", source.text))]
    previous = 0
    for line, piece in enumerate(source.pieces):
        start = starts[line] if line < len(starts) else 0
        end = source.text.find("\n", start)
        end = len(source.text) if end < 0 else end
        for image in piece.images:
            if not image.alt:
                message = "a picture without alt text (in Word: Edit Alt Text; in LibreOffice: Properties → Options)"
                yield source.finding("S003", ERROR, start, end, message)
        if piece.table is not None and not any(cell.header for row in piece.table.rows for cell in row):
            message = "a table with no header row: mark its first row to repeat as a header row"
            yield source.finding("S005", WARNING, start, end, message, "Table Properties → Row → Repeat as header row")
        if piece.kind == "heading":
            if previous and piece.level > previous + 1:
                message = f"a level-{piece.level} heading after a level-{previous} one: a level is skipped"
                yield source.finding("S004", WARNING, start, end, message, f"Heading {previous + 1}")
            previous = piece.level


_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_HTML_ALT = re.compile(r"\salt\s*=", re.I)  # alt="" says the picture is decoration: that is an answer


def html_structure(source: Source, document: Document) -> Iterator[Finding]:
    """S003, S004 and S005 in a web page, for what the build keeps of it (its article, not the
    site's menus and teasers), at the lines the reader found each heading, picture and table."""
    blocks = list(walk_blocks(running_text(document.blocks)))
    first = next((block.line for block in blocks if isinstance(block, Heading) and block.line), 0)
    before = blank_html_code(source.text)[: source.offset_of_line(first)] if first else ""
    previous = 1 if re.search(r"<h1\b", before, re.I) else 0  # the page's title, which the reader took as such
    said: set[int] = set()  # pictures found already (several on a line)
    for block in blocks:
        if not isinstance(block, Heading | Image | Table) or not block.line:
            continue
        start = source.offset_of_line(block.line)
        end = source.text.find("\n", start)
        end = len(source.text) if end < 0 else end
        if isinstance(block, Heading):
            tag = source.text.find(f"<h{block.level}", start, end)
            at = tag if tag >= 0 else start
            if previous and block.level > previous + 1:
                message = f"a level-{block.level} heading after a level-{previous} one: a level is skipped"
                yield source.finding("S004", WARNING, at, at + 3, message, f"<h{previous + 1}>")
            previous = block.level
        elif isinstance(block, Image):
            for match in _HTML_IMAGE.finditer(source.text, start, end):
                if match.start() not in said and not _HTML_ALT.search(match.group()):
                    said.add(match.start())
                    message = "an image without alt text: a reader who cannot see it learns nothing"
                    fix = '<img alt="what the image shows" …>'
                    yield source.finding("S003", ERROR, match.start(), match.end(), message, fix)
        elif isinstance(block, Table) and not any(cell.header for row in block.rows for cell in row):
            message = "a table with no header cells: a screen reader cannot say what a cell's number is"
            yield source.finding("S005", WARNING, start, start, message, "<th> for the header row's cells")
