"""Readers: each turns one kind of source file into a Document, and knows nothing after it."""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError
from publish.model import Document
from publish.readers.encoding import decode_source
from publish.readers.markdown import read_markdown
from publish.readers.plaintext import read_plain_text

MARKDOWN_SUFFIXES = {".md", ".markdown"}
PLAIN_TEXT_SUFFIXES = {".txt", ".text"}
SOURCE_SUFFIXES = MARKDOWN_SUFFIXES | PLAIN_TEXT_SUFFIXES


def read_source(path: Path, language: str | None = None) -> Document:
    """Read a source file by its suffix; `language` overrides what the source says or suggests."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    text = decode_source(data, path).text
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return read_markdown(text, path, language)
    return read_plain_text(text, path, language)
