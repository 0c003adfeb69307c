"""Readers: each turns one kind of source file into a Document, and knows nothing after it."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import PublishError
from publish.limits import MAX_DOCUMENT_BYTES, MAX_PARAGRAPH, MAX_SOURCE_BYTES
from publish.model import CodeBlock, plain_text, walk_blocks
from publish.readers.encoding import decode_source

if TYPE_CHECKING:
    from publish.model import Document
    from publish.readers.office import Piece

MARKDOWN_SUFFIXES = {".md", ".markdown"}
PLAIN_TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCUMENT_SUFFIXES = {".docx", ".odt"}  # zips of XML, read by their own readers, never decoded as text
SOURCE_SUFFIXES = MARKDOWN_SUFFIXES | PLAIN_TEXT_SUFFIXES | HTML_SUFFIXES | DOCUMENT_SUFFIXES


_CONVERT = "save it as .docx or .odt (or: soffice --headless --convert-to docx {name})"
UNREAD_KINDS = {  # what a file's first bytes show it to be → what to do instead
    "rich text (RTF)": _CONVERT,
    "a Word 97–2003 document (.doc)": _CONVERT,
    "a PDF": "a PDF is an edition, not a source: publish needs the text it was made from",
    "an EPUB": "convert it to a source first (Calibre: ebook-convert {name} book.docx)",
    "a FictionBook (FB2)": "convert it to a source first (Calibre: ebook-convert {name} book.docx)",
}
UNREAD_SUFFIXES = {  # files a folder build leaves out, said by name
    ".rtf": "rich text (RTF)",
    ".doc": "a Word 97–2003 document (.doc)",
    ".pdf": "a PDF",
    ".epub": "an EPUB",
    ".fb2": "a FictionBook (FB2)",
}


def unread_kind(path: Path) -> str | None:
    """What a file is by its first bytes, if it is a kind publish does not read (a renamed RTF
    or .doc, a PDF, an EPUB, an FB2), else None."""
    if not path.is_file():  # (a pipe would wait for ever)
        return None
    try:
        with path.open("rb") as file:
            head = file.read(512)
    except OSError:
        return None
    if head.startswith(b"{\\rtf"):
        return "rich text (RTF)"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "a Word 97–2003 document (.doc)"
    if head.startswith(b"%PDF-"):
        return "a PDF"
    if head.startswith(b"PK") and b"mimetypeapplication/epub+zip" in head[:100]:
        return "an EPUB"
    if b"<FictionBook" in head:
        return "a FictionBook (FB2)"
    return None


def refuse_unread(path: Path) -> None:
    """Refuse a file whose content is of a kind publish does not read, saying what to do."""
    kind = unread_kind(path)
    if kind is not None:
        advice = UNREAD_KINDS[kind].format(name=path.name)
        raise PublishError(f"this file is {kind}, which publish does not read: {advice}", path)


def read_source(path: Path, language: str | None = None) -> Document:
    """Read a source file by its suffix; `language` overrides what the source says or suggests.
    A file whose content is of a kind publish does not read is refused with what to do."""
    refuse_unread(path)
    suffix = path.suffix.lower()
    limit = MAX_DOCUMENT_BYTES if suffix in DOCUMENT_SUFFIXES else MAX_SOURCE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise PublishError(
                f"the source is {size // (1024 * 1024)} MB; at most {limit // (1024 * 1024)} MB (split it)", path
            )
        data = b"" if suffix in DOCUMENT_SUFFIXES else path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    if suffix in DOCUMENT_SUFFIXES or suffix in HTML_SUFFIXES:
        return _read_structured(path, suffix, data, language)
    text = decode_source(data, path).text
    # In plain text a blank line ends a paragraph; in Markdown a list or the notes may run on
    # without one, but no line is a paragraph longer than a chapter.
    _check_paragraph_lengths(text, path, r"(\n)" if suffix in MARKDOWN_SUFFIXES else r"(\n[ \t]*\n)")
    if suffix in MARKDOWN_SUFFIXES:
        from publish.readers.markdown import read_markdown  # markdown-it and YAML: only for Markdown

        return read_markdown(text, path, language)
    from publish.readers.plaintext import read_plain_text

    return read_plain_text(text, path, language)


def _read_structured(path: Path, suffix: str, data: bytes, language: str | None) -> Document:
    """A Word, OpenDocument or HTML source: its own reader, then the same limit on a
    paragraph's length as for text (counted in the model, as the reader found paragraphs)."""
    try:
        if suffix in DOCUMENT_SUFFIXES:
            document = _read_office(path, language)[0]
        else:
            from publish.readers.html import read_html

            document = read_html(decode_source(data, path).text, path, language)
    except RecursionError:
        raise PublishError("the document is nested too deeply to read (hundreds of levels)", path) from None
    for block in walk_blocks((*document.blocks, *(b for note in document.notes for b in note.blocks))):
        words = block.text if isinstance(block, CodeBlock) else plain_text(getattr(block, "children", ()))
        if len(words) > MAX_PARAGRAPH:
            first = " ".join(words.split()[:5])
            raise PublishError(
                f"a paragraph of {len(words):,} characters («{first}…»); at most {MAX_PARAGRAPH:,}", path
            )
    return document


def read_paragraphs(path: Path, language: str | None = None) -> list[Piece]:
    """The paragraphs of a Word or OpenDocument file, in the order and with the numbers its
    reader's messages use, then its notes' paragraphs (for `publish check`)."""
    return list(_read_office(path, language)[1])


def _read_office(path: Path, language: str | None) -> tuple[Document, tuple[Piece, ...]]:
    """A Word or OpenDocument file read once, however many stages ask (the build, then its
    checks), as long as it has not changed: its problems are reported once."""
    try:
        stat = path.stat()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    return _read_office_as_it_is(path, (stat.st_mtime_ns, stat.st_size), language)


@functools.lru_cache(maxsize=4)
def _read_office_as_it_is(
    path: Path, _stamp: tuple[int, int], language: str | None
) -> tuple[Document, tuple[Piece, ...]]:
    if path.suffix.lower() == ".docx":
        from publish.readers.docx import DocxReader as Reader
    else:
        from publish.readers.odt import OdtReader as Reader  # type: ignore[assignment]
    reader = Reader.open(path)
    document = reader.document(language)
    return document, (*reader.pieces, *reader.note_pieces)


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
