"""Readers: each turns one kind of source file into a Document, and knows nothing after it.

A format's module offers one function, `read(path, language) -> Document`; `for_path(path)`
finds it by the file's suffix and loads its module only then (markdown-it and YAML for
Markdown, lxml's HTML parser for pages). `read_source` is what the build calls: the refusals
and budgets every source meets, whatever its format, around the format's reader.

    plaintext.py  .txt: publisher, year and title, lead, paragraphs
    markdown.py   .md: CommonMark with front matter, notes, tables (markdown-it-py)
    html.py       .html: a web page's article, or a whole page
    docx.py, odt.py   Word and OpenDocument files (office.py: what the two share)
    fb2.py        .fb2 and .fb2.zip: FictionBook 2, its description, sections, notes, pictures
    epub.py       .epub: EPUB 2 and 3, its package's metadata, its spine read as one page
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import PublishError
from publish.limits import MAX_DOCUMENT_BYTES, MAX_PARAGRAPH, MAX_SOURCE_BYTES
from publish.model import CodeBlock, Contents, plain_text, walk_blocks
from publish.readers.encoding import decode_source
from publish.readers.note_order import notes_in_reading_order

if TYPE_CHECKING:
    from publish.model import Document
    from publish.readers.office import Piece

log = logging.getLogger(__name__)

READERS = {  # a source's suffix → the module (of this package) that reads it
    ".md": "markdown", ".markdown": "markdown",
    ".txt": "plaintext", ".text": "plaintext",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx", ".odt": "odt",
    ".fb2": "fb2", ".fb2.zip": "fb2", ".epub": "epub",
}  # fmt: skip
DOCUMENT_SUFFIXES = {".docx", ".odt", ".fb2", ".fb2.zip", ".epub"}  # read by their own readers (XML says its encoding)
SOURCE_SUFFIXES = set(READERS)


_CONVERT = "save it as .docx or .odt (or: soffice --headless --convert-to docx {name})"
UNREAD_KINDS = {  # what a file's first bytes show it to be → what to do instead
    "rich text (RTF)": _CONVERT,
    "a Word 97–2003 document (.doc)": _CONVERT,
    "a PDF": "a PDF is an edition, not a source: publish needs the text it was made from",
}
UNREAD_SUFFIXES = {  # files a folder build leaves out, said by name
    ".rtf": "rich text (RTF)",
    ".doc": "a Word 97–2003 document (.doc)",
    ".pdf": "a PDF",
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
    return None


def refuse_unread(path: Path) -> None:
    """Refuse a file whose content is of a kind publish does not read, saying what to do."""
    kind = unread_kind(path)
    if kind is None and source_suffix(path) not in (".fb2", ".fb2.zip", ".epub") and path.is_file():
        with path.open("rb") as file:
            head = file.read(512)
        if b"<FictionBook" in head:
            raise PublishError("this file is a FictionBook (FB2): name it .fb2 to have it read as one", path)
        if head.startswith(b"PK") and b"mimetypeapplication/epub+zip" in head[:100]:
            raise PublishError("this file is an EPUB: name it .epub to have it read as one", path)
    if kind is not None:
        advice = UNREAD_KINDS[kind].format(name=path.name)
        raise PublishError(f"this file is {kind}, which publish does not read: {advice}", path)


def source_suffix(path: Path) -> str:
    """The suffix that says how a source is read: `.fb2.zip` for a zipped FictionBook."""
    return ".fb2.zip" if path.name.lower().endswith(".fb2.zip") else path.suffix.lower()


def for_path(path: Path) -> Callable[[Path, str | None], Document]:
    """The reader of a source like `path` (by its suffix), or a PublishError naming the kinds."""
    module = READERS.get(source_suffix(path))
    if module is None:
        raise PublishError(f"publish reads {', '.join(sorted(READERS))} files, not {path.suffix or 'this'}", path)
    reader: Callable[[Path, str | None], Document] = importlib.import_module(f"publish.readers.{module}").read
    return reader


def read_source(path: Path, language: str | None = None) -> Document:
    """Read a source file by its suffix; `language` overrides what the source says or suggests.
    A file whose content is of a kind publish does not read is refused with what to do; one
    larger, deeper or with a longer paragraph than any real text, with the budget it broke."""
    refuse_unread(path)
    read = for_path(path)
    limit = MAX_DOCUMENT_BYTES if source_suffix(path) in DOCUMENT_SUFFIXES else MAX_SOURCE_BYTES
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    if size > limit:
        raise PublishError(
            f"the source is {size // (1024 * 1024)} MB; at most {limit // (1024 * 1024)} MB (split it)", path
        )
    try:
        document = read(path, language)
    except RecursionError:
        raise PublishError("the document is nested too deeply to read (hundreds of levels)", path) from None
    contents = 0
    for block in walk_blocks((*document.blocks, *(b for note in document.notes for b in note.blocks))):
        contents += isinstance(block, Contents)
        words = block.text if isinstance(block, CodeBlock) else plain_text(getattr(block, "children", ()))
        if len(words) > MAX_PARAGRAPH:
            first = " ".join(words.split()[:5])
            raise PublishError(
                f"a paragraph of {len(words):,} characters («{first}…»); at most {MAX_PARAGRAPH:,}", path
            )
    if contents > 1:  # (the editions set the first: see publish.render.html)
        log.warning("%s: %d tables of contents: the first lists the headings, the others are left out", path, contents)
    return notes_in_reading_order(document)


def read_text(path: Path, separator: str | None) -> str:
    """A text source's characters (publish.readers.encoding), once no paragraph of it — parted
    by `separator`, a pattern — is longer than any real one: a whole file on one line, say, is
    stopped before it costs minutes and gigabytes to parse and lay out."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    text = decode_source(data, path).text
    line = 1
    for block in re.split(separator, text) if separator else ():
        if len(block) > MAX_PARAGRAPH:
            raise PublishError(
                f"a paragraph of {len(block):,} characters; at most {MAX_PARAGRAPH:,} (a blank line ends a paragraph)",
                path,
                line,
            )
        line += block.count("\n")
    return text


def read_paragraphs(path: Path, language: str | None = None) -> list[Piece]:
    """The paragraphs of a Word or OpenDocument file, in the order and with the numbers its
    reader's messages use, then its notes' paragraphs (for `publish check`)."""
    from publish.readers.office import read_office

    return list(read_office(path, language)[1])
