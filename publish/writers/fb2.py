"""The FB2 edition (FictionBook 2.1): what PocketBook, ONYX and most Russian reading apps
open natively, and what Russian e-book libraries keep.

One XML file from the same document model: a `description` (title-info with genre, authors,
title, the lead as annotation, date, language and cover; document-info; publish-info), the
text as sections by its headings, the notes in a body of their own linked both ways, and the
cover and images inside as base64 `binary` elements. Typography is applied; soft hyphens are
not (FB2 readers hyphenate themselves, and a soft hyphen upsets their search and dictionaries).
Valid against the FictionBook 2.1 schema (the tests check it). `.fb2.zip` is the same file
zipped, as libraries store it.
"""

from __future__ import annotations

import base64
import datetime
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from publish import __version__
from publish.editions import DEFAULT_GENRE, ISSUE_GENRE
from publish.links import harmful, web_or_mail
from publish.model import (
    Article,
    Block,
    Cell,
    Code,
    CodeBlock,
    Contents,
    Document,
    Emphasis,
    Formula,
    Heading,
    Image,
    Inline,
    InlineImage,
    Lead,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    Rule,
    Shifted,
    Sidebar,
    Span,
    Strong,
    Struck,
    Table,
    Text,
    has_formulas,
    split_lines,
    stanzas,
)
from publish.render.html import display_date
from publish.render.ids import ids_of
from publish.render.strings import strings
from publish.resources import ResourceGate
from publish.themes import Theme
from publish.writers import Edition
from publish.writers.atomic import write_atomically
from publish.writers.pictures import Picture, book_cover, text_pictures

log = logging.getLogger(__name__)

FB2 = "http://www.gribuser.ru/xml/fictionbook/2.0"
XLINK = "http://www.w3.org/1999/xlink"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Fb2Options:
    created: datetime.datetime
    zipped: bool = False


def write_edition(edition: Edition) -> list[Path]:
    """The FB2 (zipped as libraries keep it, for fb2.zip): without soft hyphens, which FB2
    readers add themselves."""
    options = Fb2Options(created=edition.created, zipped=edition.format == "fb2.zip")
    if has_formulas(edition.typographed):
        log.warning("%s: FB2 has no mathematics; its formulas are set as text", edition.target.name)
    write_fb2(edition.typographed, edition.theme, edition.target, edition.gate, options)
    return [edition.target]


def write_fb2(document: Document, theme: Theme, target: Path, gate: ResourceGate, options: Fb2Options) -> None:
    data = build_fb2(document, theme, gate, options)
    if options.zipped:
        data = _zipped(target.name.removesuffix(".zip"), data)
    write_atomically(target, data)


def build_fb2(document: Document, theme: Theme, gate: ResourceGate, options: Fb2Options) -> bytes:
    cover = book_cover(document, theme, gate)
    pictures = text_pictures(document, gate)
    book = etree.Element(f"{{{FB2}}}FictionBook", nsmap={None: FB2, "l": XLINK})
    book.append(_description(document, cover, options))
    writer = _BodyWriter(document, pictures)
    book.append(writer.body())
    if document.notes:
        book.append(writer.notes_body())
    for picture in [cover, *{picture.name: picture for picture in pictures.values()}.values()]:
        binary = _sub(book, "binary", base64.b64encode(picture.data).decode("ascii"))
        binary.set("id", _binary_id(picture))
        binary.set("content-type", picture.media_type)
    return etree.tostring(book, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(name, ZIP_EPOCH), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{FB2}}}{tag}")
    if text:
        element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    """Text as FB2 carries it: no soft hyphens (readers hyphenate), no characters XML forbids."""
    return "".join(char for char in text.replace("\u00ad", "") if char in "\t\n" or char >= " ")


def _binary_id(picture: Picture) -> str:
    return picture.name if picture.name[0].isalpha() else "i" + picture.name  # an XML ID starts with a letter


# --- description --------------------------------------------------------------------------------


def _description(document: Document, cover: Picture, options: Fb2Options) -> etree._Element:
    meta = document.metadata
    description = etree.Element(f"{{{FB2}}}description")
    title_info = _sub(description, "title-info")
    _sub(title_info, "genre", meta.genre or (ISSUE_GENRE if meta.series else DEFAULT_GENRE))
    for author in meta.credited or (strings(meta.language).cover,):  # FB2 must name someone
        _author(title_info, author)
    _sub(title_info, "book-title", _searchable(meta.title))
    if meta.description:  # as every edition describes the text (publish.readers.metadata)
        _sub(_sub(title_info, "annotation"), "p", _searchable(meta.description))
    if meta.keywords:
        _sub(title_info, "keywords", ", ".join(meta.keywords))
    if meta.date:
        date = _sub(title_info, "date", meta.date)
        if len(meta.iso_date) == 10:  # xs:date: a whole date, or none
            date.set("value", meta.iso_date)
    _image(_sub(title_info, "coverpage"), "#" + _binary_id(cover))
    _sub(title_info, "lang", meta.language.split("-")[0])
    if meta.series:  # a journal issue: readers shelve it with the journal's other issues
        _sequence(title_info, meta.series, meta.series_number)

    document_info = _sub(description, "document-info")
    _author(document_info, meta.publisher or (meta.authors[0] if meta.authors else "publish"))
    _sub(document_info, "program-used", f"publish {__version__}")
    created = options.created.date().isoformat()
    _sub(document_info, "date", created).set("value", created)
    _sub(document_info, "id", meta.identifier or meta.title)
    _sub(document_info, "version", "1.0")

    isbn = meta.identifier.removeprefix("urn:isbn:") if meta.identifier.startswith("urn:isbn:") else ""
    if meta.publisher or meta.iso_date or isbn or meta.series:
        publish_info = _sub(description, "publish-info")
        _sub(publish_info, "book-name", _searchable(meta.title))
        if meta.publisher:
            _sub(publish_info, "publisher", meta.publisher)
        if meta.iso_date:
            _sub(publish_info, "year", meta.iso_date[:4])
        if isbn:
            _sub(publish_info, "isbn", isbn)
        if meta.series:
            _sequence(publish_info, meta.series, meta.series_number)
    return description


def _sequence(parent: etree._Element, series: str, number: str) -> None:
    """FB2's series: its name, and the issue's number when it is one (5, not "5–6")."""
    sequence = _sub(parent, "sequence")
    sequence.set("name", _clean(series))
    if number.isdigit():
        sequence.set("number", number)


def _searchable(text: str) -> str:
    """A catalogue's text (title, annotation): no-break spaces as spaces, so that a library's
    search finds "В Казахстане" as typed."""
    return text.replace("\u00a0", " ")


def _author(parent: etree._Element, name: str) -> None:
    """An author as FB2 wants one: first and last name when the name has both, else a nickname
    (an organisation, an editorial board)."""
    author = _sub(parent, "author")
    words = _searchable(name).split()
    if len(words) >= 2 and all(word[:1].isupper() for word in words):
        _sub(author, "first-name", " ".join(words[:-1]))
        _sub(author, "last-name", words[-1])
    else:
        _sub(author, "nickname", _searchable(name))


def _image(parent: etree._Element, href: str) -> etree._Element:
    image = _sub(parent, "image")
    image.set(f"{{{XLINK}}}href", href)
    return image


# --- the text --------------------------------------------------------------------------------------


class _BodyWriter:
    """The main body, sections nested by heading level, and the notes body."""

    def __init__(self, document: Document, pictures: dict[str, Picture]):
        self.document = document
        self.pictures = pictures
        self.references: dict[int, str] = {}  # note number → id of the paragraph that refers to it
        self.paragraphs = 0
        self.heading_ids = [entry.id for entry in ids_of(document).headings]  # as every edition numbers them
        self.section_ids = set(self.heading_ids)

    def body(self) -> etree._Element:
        meta = self.document.metadata
        body = etree.Element(f"{{{FB2}}}body")
        title = _sub(body, "title")
        if meta.authors:
            _sub(title, "p", ", ".join(meta.authors))
        _sub(title, "p", meta.title)
        if meta.subtitle:
            _sub(title, "p", meta.subtitle)
        stack: list[tuple[int, etree._Element]] = [(0, body)]  # (heading level, element)
        ids = iter(self.heading_ids)
        for block in _sections_of(self.document.blocks):  # a collection's texts as sections of the book
            if isinstance(block, Contents):
                continue  # (FB2 readers list the sections themselves: no contents in the text, no empty section)
            if isinstance(block, Heading):
                while len(stack) > 1 and stack[-1][0] >= block.level:
                    stack.pop()
                section = _sub(stack[-1][1], "section")
                section.set("id", next(ids))  # as the other editions number headings: links reach it
                self.inlines(_sub(_sub(section, "title"), "p"), block.children)
                stack.append((block.level, section))
                continue
            if stack[-1][1] is body:  # text before the first heading: a section without a title
                stack.append((UNTITLED, _sub(body, "section")))
            section = stack[-1][1]
            if isinstance(block, Lead):
                self.lead(section, block)
            elif isinstance(block, Quote) and all(_name(child) in ("title", "epigraph") for child in section):
                self.epigraph(section, block)
            else:
                self.block(section, block)
        if len(body) == 1:
            _sub(body, "section")
        for section in list(body.iter(f"{{{FB2}}}section")):
            _complete(section)
        return body

    def notes_body(self) -> etree._Element:
        body = etree.Element(f"{{{FB2}}}body", name="notes")
        _sub(_sub(body, "title"), "p", strings(self.document.metadata.language).notes)
        for number, note in enumerate(self.document.notes, start=1):
            section = _sub(body, "section")
            section.set("id", f"n{number}")
            _sub(_sub(section, "title"), "p", str(number))
            for block in note.blocks:
                self.block(section, block)
            if number in self.references:  # back to where the note was referred to
                back = _sub(_sub(section, "p"), "a", "↩")
                back.set(f"{{{XLINK}}}href", f"#{self.references[number]}")
            _complete(section)
        return body

    def lead(self, section: etree._Element, lead: Lead) -> None:
        """The lead as the section's annotation (readers set it apart), before any text; a
        section has one annotation: a second lead is a paragraph of its text."""
        if section.find(f"{{{FB2}}}annotation") is not None:
            self.inlines(_sub(section, "p"), lead.children)
            return
        annotation = etree.Element(f"{{{FB2}}}annotation")
        self.inlines(_sub(annotation, "p"), lead.children)
        section.insert(_text_start(section, with_annotation=False), annotation)

    def epigraph(self, section: etree._Element, quote: Quote) -> None:
        """A quotation that opens a section, before any of its text, is its epigraph."""
        epigraph = _sub(section, "epigraph")
        for inner in quote.blocks:
            self.block(epigraph, inner)
        if len(epigraph) == 0:
            _sub(epigraph, "empty-line")

    def block(self, parent: etree._Element, block: Block) -> None:  # noqa: C901 (a branch per kind of block, as the model lists them)
        if isinstance(block, Paragraph):
            verse = stanzas(block.children)
            if verse:
                self.verse(parent, verse)
            else:  # (prose broken into lines: a paragraph a line, FB2's <p> having no break)
                for words in [words for words in split_lines(block.children) if words] or [block.children]:
                    self.inlines(_sub(parent, "p"), words)
        elif isinstance(block, Quote | Sidebar):  # (FB2 has no box: a sidebar is a cite, set apart alike)
            cite = parent if _name(parent) in ("cite", "epigraph") else _sub(parent, "cite")  # a quote in a quote: one
            for inner in block.blocks:
                self.block(cite, inner)
            if len(cite) == 0:
                _sub(cite, "empty-line")
        elif isinstance(block, ListBlock):
            for index, item in enumerate(block.items):
                marker = _item_marker(block, index)
                if marker.strip() and item and not isinstance(item[0], Paragraph):
                    self.inlines(_sub(parent, "p"), (Text(marker.strip()),))  # (a picture's or table's item)
                for place, inner in enumerate(item):
                    if place == 0 and isinstance(inner, Paragraph):
                        self.inlines(_sub(parent, "p"), (Text(marker), *inner.children))
                    else:
                        self.block(parent, inner)
        elif isinstance(block, Table):
            self.table(parent, block)
        elif isinstance(block, CodeBlock):
            for line in block.text.rstrip("\n").split("\n"):
                _sub(_sub(parent, "p"), "code", line or " ")
        elif isinstance(block, Image):
            picture = self.pictures.get(block.src)
            if picture is None or _name(parent) in ("cite", "epigraph"):  # no pictures there: the words stand in
                self.inlines(_sub(parent, "p"), (Text(block.alt),))
                return
            image = _image(parent, "#" + _binary_id(picture))
            if block.alt:
                image.set("alt", _clean(block.alt))
            if block.title:
                image.set("title", _clean(block.title))
        elif isinstance(block, Rule):
            _sub(parent, "p" if _name(parent) == "epigraph" else "subtitle", "* * *")
        elif isinstance(block, Heading | Lead):  # inside a quote or a note: a subtitle (an epigraph has none)
            self.inlines(_sub(parent, "p" if _name(parent) == "epigraph" else "subtitle"), block.children)

    def table(self, parent: etree._Element, table: Table) -> None:
        """FB2's own table (cells of inline text; a cell's paragraphs run on, a space apart),
        its caption a subtitle above it. An epigraph holds no table: its rows are paragraphs."""
        if table.caption:
            self.inlines(_sub(parent, "p" if _name(parent) == "epigraph" else "subtitle"), table.caption)
        if _name(parent) == "epigraph":
            for row in table.rows:
                self.inlines(_sub(parent, "p"), _cells_as_text(row))
            return
        element = _sub(parent, "table")
        for row in table.rows:
            line = _sub(element, "tr")
            for cell in row:
                box = _sub(line, "th" if cell.header else "td")
                if cell.columns > 1:
                    box.set("colspan", str(cell.columns))
                if cell.rows > 1:
                    box.set("rowspan", str(cell.rows))
                if cell.align in ("left", "center", "right"):
                    box.set("align", cell.align)
                self.inlines(box, _cells_as_text((cell,)))

    def verse(self, parent: etree._Element, lines: list[list[tuple[Inline, ...]]]) -> None:
        """A paragraph written as lines is a poem's stanzas, a line a verse; the stanzas of
        paragraphs in a row are one poem's."""
        poem = parent[-1] if len(parent) and _name(parent[-1]) == "poem" else _sub(parent, "poem")
        for lines_of_stanza in lines:
            stanza = _sub(poem, "stanza")
            for line in lines_of_stanza:
                self.inlines(_sub(stanza, "v"), line)

    def inlines(self, element: etree._Element, inlines: tuple[Inline, ...]) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                _append_text(element, inline.text)
            elif isinstance(inline, Emphasis | Strong):
                self.inlines(_sub(element, "emphasis" if isinstance(inline, Emphasis) else "strong"), inline.children)
            elif isinstance(inline, Shifted | Struck):
                tag = "strikethrough" if isinstance(inline, Struck) else "sub" if inline.position == "sub" else "sup"
                self.inlines(_sub(element, tag), inline.children)
            elif isinstance(inline, Code):
                _sub(element, "code", inline.text)
            elif isinstance(inline, Formula):  # FictionBook has no mathematics: its text (see Formula)
                _append_text(element, inline.text)
            elif isinstance(inline, Link):
                if _in_link(element) or not inline.href or harmful(inline.href) or self._nowhere(inline.href):
                    self.inlines(element, inline.children)  # links cannot nest
                else:
                    link = _sub(element, "a")
                    link.set(f"{{{XLINK}}}href", inline.href)
                    self.inlines(link, inline.children)
            elif isinstance(inline, Span) and _in_link(element):  # a style there takes no name or language
                self.inlines(element, inline.children)
            elif isinstance(inline, Span):  # FB2's named style carries a language
                style = _sub(element, "style")
                style.set("name", "foreign")
                style.set(XML_LANG, inline.language)
                self.inlines(style, inline.children)
            elif isinstance(inline, InlineImage):
                self.inline_image(element, inline.image)
            elif isinstance(inline, NoteRef):
                self.note_reference(element, inline.number)
            elif isinstance(inline, LineBreak):
                _append_text(element, " ")

    def inline_image(self, element: etree._Element, image: Image) -> None:
        """A picture among words: FB2's inline image (readers size it as it is drawn)."""
        picture = self.pictures.get(image.src)
        if picture is None:
            _append_text(element, image.alt)
            return
        inline = _image(element, "#" + _binary_id(picture))
        if image.alt and not image.decorative:
            inline.set("alt", _clean(image.alt))

    def _nowhere(self, href: str) -> bool:
        """A link inside the book to no heading of it, or to another file: it stays text."""
        if href.startswith("#"):
            return href[1:] not in self.section_ids
        return not web_or_mail(href)

    def note_reference(self, element: etree._Element, number: int) -> None:
        paragraph = element
        stops = (f"{{{FB2}}}p", f"{{{FB2}}}v", f"{{{FB2}}}td", f"{{{FB2}}}th")
        while paragraph.tag not in stops and paragraph.getparent() is not None:
            paragraph = paragraph.getparent()
        if paragraph.tag == f"{{{FB2}}}p" and paragraph.get("id") is None:
            self.paragraphs += 1
            paragraph.set("id", f"r{self.paragraphs}")
        if paragraph.get("id") is not None:
            self.references.setdefault(number, paragraph.get("id"))
        if element.tag == f"{{{FB2}}}a":  # a note inside a link: the number, unlinked
            _append_text(element, f"[{number}]")
            return
        link = _sub(element, "a", str(number))
        link.set(f"{{{XLINK}}}href", f"#n{number}")
        link.set("type", "note")


def _in_link(element: etree._Element) -> bool:
    return any(each.tag == f"{{{FB2}}}a" for each in (element, *element.iterancestors()))


def _item_marker(block: ListBlock, index: int) -> str:
    """What opens item `index` of a list as FB2 sets it (it has no lists): its number, its
    own label or a bullet, and a space."""
    if block.label(index):
        return block.label(index) + "\u00a0"
    return f"{block.start + index}{block.marker or '.'} " if block.ordered else "" if block.marker else "• "


def _cells_as_text(cells: tuple[Cell, ...]) -> tuple[Inline, ...]:
    """The inlines of `cells`' blocks, one run of text (FB2's cells hold no paragraphs); a
    list's items keep their numbers or bullets."""
    inlines: list[Inline] = []
    for cell in cells:
        _blocks_as_text(cell.blocks, inlines)
    return tuple(inlines)


def _blocks_as_text(blocks: tuple[Block, ...], inlines: list[Inline], marker: str = "") -> None:
    """`blocks`' words added to `inlines`, a space apart, `marker` before the first (a list
    item's number or bullet); lists, quotations and tables inside are read through."""
    for block in blocks:
        opening = [Text(" ")] * bool(inlines) + [Text(marker)] * bool(marker)
        if isinstance(block, Paragraph | Lead | Heading):
            inlines += opening + list(block.children)
        elif isinstance(block, CodeBlock):
            inlines += opening + [Code(block.text)]
        elif isinstance(block, Image):
            inlines += opening + [Text(block.alt)]
        elif isinstance(block, ListBlock):
            for index, item in enumerate(block.items):
                _blocks_as_text(item, inlines, _item_marker(block, index))
        elif isinstance(block, Quote | Sidebar):
            _blocks_as_text(block.blocks, inlines)
        elif isinstance(block, Table):  # (a table inside a cell: its cells' words, in order)
            for row in block.rows:
                for cell in row:
                    _blocks_as_text(cell.blocks, inlines)
        marker = ""  # (only an item's first block carries its marker)


def _append_text(element: etree._Element, text: str) -> None:
    text = _clean(text)
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


UNTITLED = 100  # the level of a section without a heading: any heading ends it


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _text_start(section: etree._Element, with_annotation: bool = True) -> int:
    """Where a section's text begins: after its title, epigraphs, one picture and annotation."""
    index = 0
    while index < len(section) and _name(section[index]) in ("title", "epigraph"):
        index += 1
    for optional in ("image", "annotation") if with_annotation else ("image",):
        if index < len(section) and _name(section[index]) == optional:
            index += 1
    return index


def _complete(section: etree._Element) -> None:
    """A section as FB2 wants it: after its title, epigraphs, one picture and annotation,
    either sections or text, and some of it. Text beside subsections goes into sections of
    its own; an empty section gets an empty line; text cannot start with a second picture."""
    body = list(section)[_text_start(section) :]
    if any(_name(child) == "section" for child in body) and any(_name(child) != "section" for child in body):
        run: etree._Element | None = None
        for child in body:
            if _name(child) == "section":
                run = None
                continue
            if run is None:
                run = etree.Element(f"{{{FB2}}}section")
                child.addprevious(run)
            run.append(child)
            if _name(run[0]) == "image":
                run.insert(0, etree.Element(f"{{{FB2}}}empty-line"))
        return
    if not body:
        _sub(section, "empty-line")
    elif _name(body[0]) == "image":
        body[0].addprevious(etree.Element(f"{{{FB2}}}empty-line"))


def _sections_of(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """The running text, a collection's texts each under its title with who wrote it and when
    (FB2 has no byline of its own: an emphasised line)."""
    for block in blocks:
        if not isinstance(block, Article):
            yield block
            continue
        title, *rest = block.blocks
        yield title
        meta = block.metadata
        byline = ", ".join(filter(None, (", ".join(meta.authors), display_date(meta.date, meta.language))))
        if byline:
            yield Paragraph((Emphasis((Text(byline),)),))
        yield from rest
