"""Readers: each turns one kind of source file into a Document, and knows nothing after it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import PublishError
from publish.readers.encoding import decode_source

if TYPE_CHECKING:
    from publish.model import Document

MARKDOWN_SUFFIXES = {".md", ".markdown"}
PLAIN_TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCUMENT_SUFFIXES = {".docx", ".odt"}  # zips of XML, read by their own readers, never decoded as text
SOURCE_SUFFIXES = MARKDOWN_SUFFIXES | PLAIN_TEXT_SUFFIXES | HTML_SUFFIXES | DOCUMENT_SUFFIXES


MAX_SOURCE_BYTES = 20 * 1024 * 1024  # a long book is 2 MB of text
MAX_PARAGRAPH = 100_000  # characters between blank lines: some thirty pages of one paragraph


def read_source(path: Path, language: str | None = None) -> Document:
    """Read a source file by its suffix; `language` overrides what the source says or suggests."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise PublishError(
                f"the source is {size // (1024 * 1024)} MB; at most {MAX_SOURCE_BYTES // (1024 * 1024)} MB (split it)",
                path,
            )
        data = path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from publish.readers.docx import read_docx

        return read_docx(path, language)
    if suffix == ".odt":
        from publish.readers.odt import read_odt

        return read_odt(path, language)
    text = decode_source(data, path).text
    if suffix in HTML_SUFFIXES:
        from publish.readers.html import read_html

        return read_html(text, path, language)
    # In plain text a blank line ends a paragraph; in Markdown a list or the notes may run on
    # without one, but no line is a paragraph longer than a chapter.
    _check_paragraph_lengths(text, path, r"(\n)" if path.suffix.lower() in MARKDOWN_SUFFIXES else r"(\n[ \t]*\n)")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        from publish.readers.markdown import read_markdown  # markdown-it and YAML: only for Markdown

        return read_markdown(text, path, language)
    from publish.readers.plaintext import read_plain_text

    return read_plain_text(text, path, language)


def _check_paragraph_lengths(text: str, path: Path, separator: str) -> None:
    """A paragraph longer than any real one (a whole file on one line, say) is stopped here,
    before it costs minutes and gigabytes to lay out."""
    line = 1
    for block in re.split(separator, text):
        if len(block) > MAX_PARAGRAPH:
            raise PublishError(
                f"a paragraph of {len(block):,} characters; at most {MAX_PARAGRAPH:,} (a blank line ends a paragraph)",
                path,
                line,
            )
        line += block.count("\n")
