"""Checks of the document's structure: pictures, headings and tables in the model the build
reads, for every format alike, at the places its reader found them; a Markdown source's notes
and Pandoc syntax in its text (in the other formats notes are linked by the format itself,
so S001/S002 are Markdown's).

S001 a note referenced but never written     S003 an image without alt text
S002 a note written but never referenced     S004 a heading level skipped
S005 a table with no header row or column (a screen reader cannot say what a cell's number is)
S006 Pandoc's Markdown that is not read as Pandoc reads it (a fenced div)
S007 a table of contents with no headings to list, or a second one (the editions set the first)
S008 lines of verse in a Markdown paragraph with nothing to break them (CommonMark joins them)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from publish.check import ERROR, WARNING, Finding
from publish.check.source import Source, blank_code
from publish.model import (
    Block,
    Contents,
    Document,
    Heading,
    Image,
    Lead,
    Paragraph,
    Sidebar,
    Table,
    all_images,
    plain_text,
    running_text,
    walk_blocks,
    written_as_lines,
)
from publish.text import one_line

_NOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:", re.M)
_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def structure_findings(source: Source, document: Document | None = None) -> list[Finding]:
    """`document`: the source as the build read it (None when the build refuses it): S003,
    S004 and S005 are found in it, for every format alike, at the places its reader gave each
    block; S001, S002, S006 and S008 are Markdown's syntax, which the model does not keep."""
    found = list(model_findings(source, document)) if document is not None else []
    if source.kind == "markdown":
        found += [*notes(source, blank_code(source.text)), *pandoc_markdown(source), *verse_run_together(source)]
    return found


# How to give what is missing, in each kind of source
_ALT_FIX = {
    "markdown": "![what the image shows](…)",
    "html": '<img alt="what the image shows" …>',
    "document": "in Word: Edit Alt Text; in LibreOffice: Properties → Options",
    "book": '<image … alt="what the image shows"/>',
}
_PICTURE = {"markdown": "![", "html": "<img"}  # how a picture among words is written
_HEADING_FIX = {"markdown": "{hashes}", "html": "<h{level}>", "document": "Heading {level}"}
_HEADER_FIX = {
    "markdown": "a header row above |---|",
    "html": "<th> for the header row's cells",
    "document": "Table Properties → Row → Repeat as header row",
}


def model_findings(source: Source, document: Document) -> Iterator[Finding]:
    """S003 (a picture without alt text), S004 (a heading level skipped), S005 (a table with
    no header cells), S007 (a table of contents with no headings to list, or a second one) in
    what the build keeps of the source (a web page's article, not its menus), in reading order. The headings start under the title when the source's own
    heading was taken as it (a Markdown `#`, a web page's `<h1>`)."""
    previous = 1 if document.title_at else 0
    boxed = (s.blocks for s in walk_blocks(running_text(document.blocks)) if isinstance(s, Sidebar))
    in_sidebars = {id(block) for blocks in boxed for block in walk_blocks(blocks)}  # (their headings head them)
    listed = any(isinstance(block, Heading) for block in running_text(document.blocks))
    contents = 0
    for block in walk_blocks(running_text(document.blocks)):
        if isinstance(block, Contents):
            contents += 1
            if not listed or contents == 2:
                message = (
                    "a table of contents, and no headings for it to list: every edition leaves it out"
                    if not listed
                    else "a second table of contents: every edition sets the first only"
                )
                yield _at(source, block, "S007", WARNING, message, "")
        unnamed = (
            [i for i in all_images((block,)) if _unnamed(i)] if isinstance(block, Paragraph | Lead | Heading) else []
        )
        if unnamed:  # (at the picture's own place where its reader knows it, else on its block's line)
            message = "an image among the words without alt text: a reader who cannot see it learns nothing"
            fix, near = _ALT_FIX.get(source.kind, ""), _PICTURE.get(source.kind)
            yield (
                _at(source, unnamed[0], "S003", ERROR, message, fix)
                if unnamed[0].at
                else _at(source, block, "S003", ERROR, message, fix, near)
            )
        if isinstance(block, Image) and _unnamed(block):
            message = "an image without alt text: a reader who cannot see it learns nothing"
            yield _at(source, block, "S003", ERROR, message, _ALT_FIX.get(source.kind, ""))
        elif isinstance(block, Heading) and id(block) not in in_sidebars:
            if previous and block.level > previous + 1:
                message = f"a level-{block.level} heading after a level-{previous} one: a level is skipped"
                fix = _HEADING_FIX.get(source.kind, "").format(hashes="#" * (previous + 1), level=previous + 1)
                yield _at(source, block, "S004", WARNING, message, fix)
            previous = block.level
        elif isinstance(block, Table) and not any(cell.header for row in block.rows for cell in row):
            message = "a table with no header cells: a screen reader cannot say what a cell's number is"
            yield _at(source, block, "S005", WARNING, message, _HEADER_FIX.get(source.kind, ""))


def _unnamed(image: Image) -> bool:
    """Whether a picture says nothing to one who cannot see it, and was not marked as showing
    nothing to read."""
    return not image.alt and not image.decorative


def _at(
    source: Source, block: Block, code: str, severity: str, message: str, fix: str, near: str | None = None
) -> Finding:
    """A finding at the block's place in the source (at `near` on its line, where that is
    written there: a picture among its words), to the end of its line; a block its reader
    could not place (an EPUB's, whose files are joined) is found by its words."""
    if block.at:
        start = min(source.offset_of_line(block.at.line) + block.at.column - 1, len(source.text))
        line_end = source.text.find("\n", start)
        found = source.text.find(near, start, len(source.text) if line_end < 0 else line_end) if near else -1
        start = found if found >= 0 else start
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


VERSE_RUN_TOGETHER = "lines written as verse run together into one line in Markdown"


def verse_run_together(source: Source) -> Iterator[Finding]:
    """S008: a paragraph typed as lines — a stanza, an address (publish.model.written_as_lines)
    — with no hard breaks: CommonMark reads a line's end as a space, so the lines run
    together (the author meant them kept, as the plain-text reader keeps them)."""
    from publish.readers.markdown import parse_tokens

    tokens = parse_tokens(source.text)
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "paragraph_open" or inline.type != "inline" or not opening.map:
            continue
        if "\n" not in inline.content or any(child.type == "hardbreak" for child in inline.children or ()):
            continue
        if written_as_lines(inline.content.split("\n")):
            start = source.offset_of_line(opening.map[0] + 1)
            end = source.text.find("\n", start)
            fix = "end each line but the last with a backslash (\\), or begin each with | (Pandoc's line block)"
            yield source.finding("S008", WARNING, start, len(source.text) if end < 0 else end, VERSE_RUN_TOGETHER, fix)


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
