"""Checks of the document's structure: pictures, headings and tables in the model the build
reads, for every format alike, at the places its reader found them; a Markdown source's notes
and Pandoc syntax in its text (in the other formats notes are linked by the format itself,
so S001/S002 are Markdown's).

S001 a note referenced but never written     S003 an image without alt text
S002 a note written but never referenced     S004 a heading level skipped
S005 a table with no header row or column (a screen reader cannot say what a cell's number is)
S006 Pandoc's Markdown that is not read as Pandoc reads it (a fenced div)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.check import ERROR, WARNING, Finding
from publish.check.source import Source, blank_code
from publish.model import Block, Document, Heading, Image, Table, plain_text, running_text, walk_blocks
from publish.text import one_line

_NOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:", re.M)
_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def structure_findings(source: Source, document: Document | None = None) -> list[Finding]:
    """`document`: the source as the build read it (None when the build refuses it): S003,
    S004 and S005 are found in it, for every format alike, at the places its reader gave each
    block; S001, S002 and S006 are Markdown's syntax, which the model does not keep."""
    found = list(model_findings(source, document)) if document is not None else []
    if source.kind == "markdown":
        found += [*notes(source, blank_code(source.text)), *inline_pictures(source), *pandoc_markdown(source)]
    return found


def inline_pictures(source: Source) -> Iterator[Finding]:
    """S003 for a picture inside running text, which the model does not hold (the build shows
    its alt text in its place, and without one shows nothing)."""
    from publish.readers.markdown import parse_tokens

    for token in parse_tokens(source.text):
        pictures = [child for child in token.children or () if child.type == "image"]
        if token.type != "inline" or not token.map or len(token.children or ()) == len(pictures) == 1:
            continue  # (a picture alone in its paragraph is a block of the model's)
        for picture in pictures:
            if not picture.content.strip():
                start = source.offset_of_line(token.map[0] + 1)
                line_end = source.text.find("\n", start)
                line_end = len(source.text) if line_end < 0 else line_end
                at = source.text.find("![", start, line_end)
                message = "a picture in running text without alt text: the build shows nothing in its place"
                yield source.finding("S003", ERROR, max(at, start), line_end, message, _ALT_FIX["markdown"])


# How to give what is missing, in each kind of source
_ALT_FIX = {
    "markdown": "![what the image shows](…)",
    "html": '<img alt="what the image shows" …>',
    "document": "in Word: Edit Alt Text; in LibreOffice: Properties → Options",
    "book": '<image … alt="what the image shows"/>',
}
_HEADING_FIX = {"markdown": "{hashes}", "html": "<h{level}>", "document": "Heading {level}"}
_HEADER_FIX = {
    "markdown": "a header row above |---|",
    "html": "<th> for the header row's cells",
    "document": "Table Properties → Row → Repeat as header row",
}


def model_findings(source: Source, document: Document) -> Iterator[Finding]:
    """S003 (a picture without alt text), S004 (a heading level skipped), S005 (a table with
    no header cells) in what the build keeps of the source (a web page's article, not its
    menus), in reading order. The headings start under the title when the source's own
    heading was taken as it (a Markdown `#`, a web page's `<h1>`)."""
    previous = 1 if document.title_at else 0
    for block in walk_blocks(running_text(document.blocks)):
        if isinstance(block, Image) and not block.alt and not block.decorative:
            message = "an image without alt text: a reader who cannot see it learns nothing"
            yield _at(source, block, "S003", ERROR, message, _ALT_FIX.get(source.kind, ""))
        elif isinstance(block, Heading):
            if previous and block.level > previous + 1:
                message = f"a level-{block.level} heading after a level-{previous} one: a level is skipped"
                fix = _HEADING_FIX.get(source.kind, "").format(hashes="#" * (previous + 1), level=previous + 1)
                yield _at(source, block, "S004", WARNING, message, fix)
            previous = block.level
        elif isinstance(block, Table) and not any(cell.header for row in block.rows for cell in row):
            message = "a table with no header cells: a screen reader cannot say what a cell's number is"
            yield _at(source, block, "S005", WARNING, message, _HEADER_FIX.get(source.kind, ""))


def _at(source: Source, block: Block, code: str, severity: str, message: str, fix: str) -> Finding:
    """A finding at the block's place in the source, to the end of its line; a block its
    reader could not place (an EPUB's, whose files are joined) is found by its words."""
    if block.at:
        start = min(source.offset_of_line(block.at.line) + block.at.column - 1, len(source.text))
    else:
        words = plain_text(block.children) if isinstance(block, Heading) else ""
        found = source.text.find(one_line(words)) if words.strip() else -1
        start = max(found, 0)
    end = source.text.find("\n", start)
    return source.finding(code, severity, start, len(source.text) if end < 0 else end, message, fix)


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
