"""FictionBook 2 (.fb2, .fb2.zip): the format Russian libraries and readers keep books in.

The description gives the metadata (title-info: title, authors, language, annotation, date,
series, keywords, genre; publish-info: publisher, ISBN); the main body's sections give the
headings (nested sections, deeper levels), paragraphs, epigraphs and cites (quotations, their
text-author a last line), poems (a stanza a paragraph, a verse a line) and pictures (from the
book's own binaries); a body named "notes" gives the notes, called by `<a type="note">`.
The XML is read as its prolog declares (windows-1251 and KOI8-R books are common), with no
DTD, entities or network, and a zipped book within the same budgets as a Word file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

from lxml import etree

from publish.errors import PublishError
from publish.markup import local_name, untrusted_xml
from publish.model import (
    Block,
    Code,
    Document,
    Emphasis,
    Heading,
    Image,
    Inline,
    InlineImage,
    Lead,
    LineBreak,
    Link,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    Struck,
    Text,
    placed,
    plain_text,
)
from publish.readers.inlines import pictures_apart, shifted
from publish.readers.metadata import normalise
from publish.readers.places import TagPlaces
from publish.resources import picture_problem
from publish.text import one_line

FB = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
XLINK = "{http://www.w3.org/1999/xlink}href"
ZIPPED = ".fb2.zip"
_PICTURE_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif"}


def read(path: Path, language: str | None = None) -> Document:
    data = _book_bytes(path)
    root = _parsed(data, path)
    if local_name(root) != "FictionBook":
        raise PublishError("not a FictionBook: its root element is not <FictionBook>", path)
    return _Fb2Reader(root, path, TagPlaces(_decoded(data, root), root)).document(language)


def book_text(path: Path) -> str:
    """The book's XML as text, in the encoding its prolog declares (for `publish check`)."""
    data = _book_bytes(path)
    return _decoded(data, _parsed(data, path))


def _decoded(data: bytes, root: etree._Element) -> str:
    try:
        return data.decode(root.getroottree().docinfo.encoding or "utf-8", "replace")
    except LookupError:  # an encoding libxml2 knows and Python does not: no places
        return ""


def _book_bytes(path: Path) -> bytes:
    """The book's XML: the file itself, or the one .fb2 inside a .fb2.zip."""
    if not path.name.lower().endswith(ZIPPED):
        return path.read_bytes()
    from publish.readers.office import Package

    package = Package(path, "zipped FB2")
    books = sorted(name for name in package.names if name.lower().endswith(".fb2") and "/" not in name.strip("/"))
    if len(books) != 1:
        raise PublishError(f"a .fb2.zip holds one .fb2 book; this one holds {len(books)}", path)
    return package.read(books[0])  # (within MAX_PART_BYTES: an XML part of a zip)


def _parsed(data: bytes, path: Path) -> etree._Element:
    try:
        return untrusted_xml(data)
    except etree.XMLSyntaxError as error:
        raise PublishError(f"not well-formed XML ({error.msg})", path, error.lineno) from None
    except (LookupError, ValueError) as error:  # an encoding libxml2 does not know
        raise PublishError(f"not readable as XML ({error})", path) from None


class _Fb2Reader:
    def __init__(self, root: etree._Element, path: Path, places: TagPlaces):
        self.root = root
        self.path = path
        self.places = places
        self.binaries = {element.get("id", ""): element for element in root.iter(f"{FB}binary")}
        bodies = root.findall(f"{FB}body")
        self.main = next((body for body in bodies if body.get("name") not in ("notes", "comments")), None)
        self.note_ids: dict[str, int] = {}
        self.notes: list[Note] = []
        for body in bodies:
            if body is not self.main and body.get("name") in ("notes", "comments"):
                for section in body.iter(f"{FB}section"):
                    if section.get("id"):
                        self.note_ids[section.get("id", "")] = len(self.note_ids) + 1
        self.note_sections = {
            section.get("id", ""): section
            for body in bodies
            if body is not self.main
            for section in body.iter(f"{FB}section")
        }

    def document(self, language: str | None) -> Document:
        if self.main is None:
            raise PublishError("the FictionBook has no body to read", self.path)
        blocks: list[Block] = []
        for child in self.main:
            blocks += self._placed(child, level=1)
        if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
            blocks.pop(0)  # the body's own title: the book's, which the title block shows
        for identifier in self.note_ids:
            section = self.note_sections[identifier]
            note_blocks = [block for child in section if local_name(child) != "title"
                           for block in self._placed(child, level=2)]  # fmt: skip
            self.notes.append(Note(tuple(note_blocks), at=self.places.of(section)))
        fields = self._metadata(language)
        lead = next((plain_text(block.children) for block in blocks if isinstance(block, Paragraph)), "")
        metadata = Metadata(**normalise(fields, self.path, lead if not fields.get("description") else ""))
        return Document(metadata, tuple(blocks), tuple(self.notes), source=self.path)

    # — metadata —

    def _metadata(self, language: str | None) -> dict[str, object]:
        info = self.root.find(f"{FB}description/{FB}title-info")
        publish_info = self.root.find(f"{FB}description/{FB}publish-info")
        if info is None:
            raise PublishError("the FictionBook has no <title-info> (its title, authors, language)", self.path)

        def text(element: etree._Element | None, name: str) -> str:
            found = element.find(f"{FB}{name}") if element is not None else None
            return one_line("".join(found.itertext())) if found is not None else ""

        authors = []
        for author in info.findall(f"{FB}author"):
            name = " ".join(
                filter(None, (text(author, "first-name"), text(author, "middle-name"), text(author, "last-name")))
            )
            authors.append(name or text(author, "nickname"))
        annotation = info.find(f"{FB}annotation")
        sequence = info.find(f"{FB}sequence")
        date = info.find(f"{FB}date")
        fields: dict[str, object] = {
            "title": text(info, "book-title") or self.path.stem,
            "language": language or text(info, "lang") or "ru",
            "authors": tuple(filter(None, authors)),
            "description": one_line("".join(annotation.itertext())) if annotation is not None else "",
            "date": (date.get("value") or "".join(date.itertext())).strip() if date is not None else "",
            "keywords": tuple(word.strip() for word in text(info, "keywords").split(",") if word.strip()),
            "genre": text(info, "genre") if text(info, "genre") in _genres() else "",
            "publisher": text(publish_info, "publisher"),
            "identifier": text(publish_info, "isbn"),
        }
        if sequence is not None and sequence.get("name"):
            fields["series"] = sequence.get("name", "")
            fields["series_number"] = sequence.get("number", "")
        if not fields["date"]:
            fields["date"] = text(publish_info, "year")
        return fields

    # — blocks —

    def _placed(self, element: etree._Element, level: int) -> list[Block]:
        at = self.places.of(element)
        return [placed(block, at) for block in self._block(element, level)]

    def _block(self, element: etree._Element, level: int) -> list[Block]:  # noqa: C901 (one branch a FictionBook element)
        name = local_name(element)
        if name == "section":
            blocks: list[Block] = []
            for child in element:
                blocks += self._placed(child, level + 1)
            return blocks
        if name == "title":
            lines = [self._inlines(p) for p in element.iter(f"{FB}p")]
            joined: list[Inline] = []
            for line in lines:
                joined += ([Text(" ")] if joined else []) + list(line)
            return [Heading(min(level, 6), tuple(joined))] if joined else []
        if name == "p":
            before, inlines, after = pictures_apart(_trimmed(self._inlines(element)))
            spoken = plain_text(inlines).strip() or any(isinstance(i, NoteRef | InlineImage) for i in inlines)
            return [*before, *([Paragraph(inlines)] if spoken else []), *after]
        if name == "subtitle":
            return [Paragraph((Strong(self._inlines(element)),))]
        if name in ("epigraph", "cite"):
            inner: list[Block] = []
            for child in element:
                if local_name(child) == "text-author":
                    inner.append(Paragraph((Emphasis(self._inlines(child)),)))
                else:
                    inner += self._placed(child, level)
            return [Quote(tuple(inner))] if inner else []
        if name == "poem":
            inner = []
            for child in element:
                child_name = local_name(child)
                if child_name == "stanza":
                    verses: list[Inline] = []
                    for verse in child.iter(f"{FB}v"):
                        verses += ([LineBreak()] if verses else []) + list(self._inlines(verse))
                    inner.append(Paragraph(tuple(verses)))
                elif child_name in ("title", "epigraph", "text-author"):
                    inner += self._placed(child, level + 1) if child_name != "text-author" else [
                        Paragraph((Emphasis(self._inlines(child)),))]  # fmt: skip
            return [Quote(tuple(inner))] if inner else []
        if name == "annotation":  # a section's summary before its text: our FB2 writes the lead so
            return [Lead(_trimmed(self._inlines(p))) for p in element.iter(f"{FB}p") if "".join(p.itertext()).strip()]
        if name == "image":
            picture = self._picture(element)
            return [picture] if isinstance(picture, Image) else []
        if name == "table":
            rows = [" | ".join(plain_text(self._inlines(cell)) for cell in row) for row in element.iter(f"{FB}tr")]
            return [Paragraph((Text(row),)) for row in rows if row.strip()]
        return []  # empty-line, anything unknown

    def _picture(self, element: etree._Element) -> Image | None:
        """The binary an <image> names, if it is a picture a book may carry."""
        reference = (element.get(XLINK) or "").lstrip("#")
        binary = self.binaries.get(reference)
        if binary is None:
            return None
        kind = binary.get("content-type", "")
        try:
            data = base64.b64decode("".join((binary.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            return None
        suffix = _PICTURE_SUFFIXES.get(kind, "")
        if not suffix or picture_problem(data, suffix):
            return None
        name = hashlib.sha256(data).hexdigest()[:16] + suffix
        return Image(
            src=name, alt=element.get("alt", "") or element.get("title", ""), title=element.get("title", ""), data=data
        )

    # — inlines —

    def _inlines(self, element: etree._Element) -> tuple[Inline, ...]:
        found: list[Inline] = []
        if element.text:
            found.append(Text(_spaces(element.text)))
        for child in element:
            found += self._inline(child)
            if child.tail:
                found.append(Text(_spaces(child.tail)))
        return tuple(found)

    def _inline(self, element: etree._Element) -> list[Inline]:
        name = local_name(element)
        inner = self._inlines(element)
        if name == "strong":
            return [Strong(inner)]
        if name == "emphasis":
            return [Emphasis(inner)]
        if name == "code":
            return [Code("".join(element.itertext()))]
        if name == "a":
            href = element.get(XLINK) or ""
            number = self.note_ids.get(href.lstrip("#")) if href.startswith("#") else None
            if number is not None:
                return [NoteRef(number)]
            return [Link(href, inner)] if href.startswith(("http://", "https://", "mailto:")) else list(inner)
        if name == "image":  # a picture among the words
            picture = self._picture(element)
            return [InlineImage(picture)] if isinstance(picture, Image) else []
        if name in ("sub", "sup"):
            return list(shifted(inner, "super" if name == "sup" else "sub"))
        if name == "strikethrough":
            return [Struck(inner)]
        return list(inner)  # a style: its text


def _trimmed(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A paragraph's inlines without the spaces the XML's indentation left at its ends."""
    items = list(inlines)
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(item for item in items if not (isinstance(item, Text) and not item.text))


def _spaces(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text)


def _genres() -> frozenset[str]:
    from publish.editions import FB2_GENRES

    return frozenset(FB2_GENRES)
