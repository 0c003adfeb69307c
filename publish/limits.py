"""Budgets that keep a hostile file from costing a build more than a real one would.

Parsers of nested data (PyYAML, tomllib) recurse or rescan once per level: fifty kilobytes of
`[[[[…` are a RecursionError in one and minutes of CPU in the other, though far under any
size limit. Settings, manifests, collection files and front matter nest two or three levels
in practice, so their nesting is counted first, by a scan linear in the text, and refused past
MAX_NESTING with the line where it got too deep.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import PublishError

if TYPE_CHECKING:
    from publish.model import Size

# Every budget of a build, in one place; README's "When something is wrong" lists them all.

# What a build reads
MAX_SOURCE_BYTES = 20 * 1024 * 1024  # a text file: a long book is 2 MB of text
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # a Word or OpenDocument file: it carries its photographs
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a Word or OpenDocument file's parts together, each counted once
MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part of it, unpacked: ten times the longest book
MAX_PARTS = 10_000  # files inside one Word or OpenDocument file
MAX_PARAGRAPH = 1_000_000  # characters between blank lines: some 500 pages of one paragraph (set in 30 s)
MAX_FRONT_MATTER = 64 * 1024  # characters of Markdown front matter: metadata, not a book
MAX_BOOK_FILE = 64 * 1024  # bytes of a collection's .book.toml: a list of files and some metadata
MAX_SOURCES = 2_000  # texts in one collection
MAX_IMAGE_PIXELS = 50_000_000  # a 7000 × 7000 photograph; past this, a typo or a bomb
MAX_IMAGE_BYTES = 50 * 1024 * 1024  # one picture file
MAX_DATA_URL_BYTES = 512 * 1024  # one picture written into the text as a data: URL

# How deep things nest
MAX_NESTING = 32  # brackets and braces of TOML or YAML flow collections, one inside another
MAX_HTML_DEPTH = 200  # elements of an HTML source, one inside another
MAX_MARKDOWN_LEVELS = 40  # Markdown's lists and quotations, one inside another (a list item counts two)
MAX_BLOCK_DEPTH = 32  # lists and quotations of any source, one inside another: real ones nest three or four

# One book
MAX_BOOK_CHARACTERS = 5_000_000  # one edition's text: some 2 500 pages (War and Peace is 3 million)
MAX_HEADINGS = 5_000  # headings of one edition: two a page of the longest book
MAX_NOTES = 20_000  # notes of one edition
MAX_FORMULAS = 20_000  # formulas of one edition: a textbook of linear algebra holds ten thousand (each drawn for print)
MAX_BLOCKS = 100_000  # paragraphs, headings, list items and other blocks of one edition: 50 a page of the longest book

# What a build makes
MAX_PDF_PAGES = 10_000  # pages of one PDF at most, however long its text
PAGE_CHARACTERS = 300  # the least of the page's HTML a page holds: a large-print A6 page holds some 600
MAX_PREVIEW_PIXELS = 75_000_000  # one preview page (300 MB as RGBA): A3 at 600 dpi is 70 million, A4 at 300 dpi 9


def too_deep(text: str) -> int | None:
    """The line (from 1) where `text`'s brackets and braces nest deeper than MAX_NESTING, or
    None. Quoted strings ('…' and "…", with backslash escapes in the latter) and comments are
    skipped, as TOML and YAML read them; unbalanced brackets are the parser's to report."""
    depth, line, quote, index, length = 0, 1, "", 0, len(text)
    while index < length:
        character = text[index]
        if character == "\n":
            line += 1
            quote = ""  # a stray apostrophe (YAML's `don't`) hides no more than its line
        elif quote:
            if character == "\\" and quote == '"':
                index += 1
            elif character == quote:
                quote = ""
        elif character in "\"'":
            quote = character
        elif character == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif character in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif character in "]}":
            depth = max(depth - 1, 0)
        index += 1
    return None


def check_nesting(text: str, path: Path, line_offset: int = 0) -> None:
    """Refuse `text` (of the file `path`) if it nests deeper than MAX_NESTING (see too_deep)."""
    line = too_deep(text)
    if line is not None:
        raise PublishError(
            f"brackets nested more than {MAX_NESTING} deep; no setting needs that", path, line + line_offset
        )


def most_pages(html_length: int) -> int:
    """The pages a PDF of `html_length` characters of HTML may take: a stylesheet that breaks the
    page after every short paragraph would otherwise lay out pages for hours (each is kept)."""
    return min(MAX_PDF_PAGES, 100 + html_length // PAGE_CHARACTERS)


def book_overrun(size: Size) -> str | None:
    """What of an edition's budgets `size` runs past, said for its editor, or None: a longer
    book is an error before it is set, not minutes and gigabytes into its layout (a project
    shared as a repository may hold 20 MB of one repeated word, or 100 000 headings)."""
    budgets = (
        (size.characters, MAX_BOOK_CHARACTERS, "characters (some 2 500 pages)"),
        (size.blocks, MAX_BLOCKS, "paragraphs and other blocks"),
        (size.headings, MAX_HEADINGS, "headings"),
        (size.notes, MAX_NOTES, "notes"),
        (size.formulas, MAX_FORMULAS, "formulas"),
    )
    for count, most, what in budgets:
        if count > most:
            return f"the book's text runs past {most:,} {what}, more than one edition holds; make it several volumes"
    if size.depth > MAX_BLOCK_DEPTH:
        return f"lists, quotations or sidebars stand more than {MAX_BLOCK_DEPTH} deep, one inside another; no reader could follow"
    return None
