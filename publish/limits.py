"""Budgets that keep a hostile file from costing a build more than a real one would.

Parsers of nested data (PyYAML, tomllib) recurse or rescan once per level: fifty kilobytes of
`[[[[…` are a RecursionError in one and minutes of CPU in the other, though far under any
size limit. Settings, manifests, collection files and front matter nest two or three levels
in practice, so their nesting is counted first, by a scan linear in the text, and refused past
MAX_NESTING with the line where it got too deep.
"""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError

MAX_NESTING = 32  # brackets and braces of TOML or YAML flow collections, one inside another
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a Word or OpenDocument file's parts together, each counted once
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
