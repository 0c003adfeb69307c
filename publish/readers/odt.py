"""OpenDocument text (.odt, LibreOffice's own format), read with lxml.

Headings are `text:h` with their outline level; lists are nested `text:list`s whose list
style says numbers or bullets per level; notes (`text:note`) stand where they are cited.
Other meaning comes from style names, as in Word: Title, Subtitle, Quotations, a lead,
preformatted text; bold and italic from the text styles of spans. The body shows the
accepted text of tracked changes already (deletions are kept apart, in
`text:tracked-changes`, which is never read), and comments (`office:annotation`) are skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from publish.errors import PublishError
from publish.language import is_language_tag
from publish.markup import local_name, points
from publish.mathml import MATHML
from publish.model import Document, Image, InlineImage, LineBreak, NoteRef, Text
from publish.readers.inlines import pictures_apart, stand_in
from publish.readers.mathml import NotAFormula, formula
from publish.readers.metadata import language_tag
from publish.readers.numbering import MAX_LABEL, counter_text, list_marker
from publish.readers.office import (
    CODE_CHARACTERS,
    CellRead,
    Marks,
    Package,
    Piece,
    Runs,
    assemble,
    boxed,
    document_of,
    file_properties,
    has_content,
    kind_of_style,
    notes_of,
    number_in,
    number_lines,
    table_pieces,
)

log = logging.getLogger(__name__)

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


def _table_rows(table: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """A table's own rows in order, each with whether it is a header row; row groups and the
    header rows' element opened, a table inside a cell not."""
    for child in table:
        if child.tag == q("table:table-row"):
            yield child, False
        elif child.tag == q("table:table-header-rows"):
            yield from ((row, True) for row in child.iter(q("table:table-row")))
        elif child.tag in (q("table:table-rows"), q("table:table-row-group")):
            yield from _table_rows(child)


def q(name: str) -> str:
    """A prefixed name ("text:p") as lxml's {namespace}name."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


# Shapes an author can type words into (a rectangle, a callout…), and the group gathering them
# with frames into one drawing.
_SHAPES = frozenset(
    q(f"draw:{name}")
    for name in (
        "custom-shape", "rect", "ellipse", "circle", "polygon", "polyline", "path", "regular-polygon", "line",
        "connector", "caption", "measure",
    )
)  # fmt: skip
_DRAWINGS = frozenset({q("draw:frame"), q("draw:a"), q("draw:g"), *_SHAPES})


def read_odt(path: Path, language: str | None = None) -> Document:
    return OdtReader.open(path).document(language)


@dataclass(frozen=True)
class _TextStyle:
    bold: bool = False
    italic: bool = False
    hidden: bool = False
    language: str = ""  # a language the style names (LibreOffice's Tools → Language → For Selection)
    position: str = ""  # "super" or "sub"
    struck: bool = False
    code: bool = False

    def marks(self, href: str | None) -> Marks:
        return Marks(self.bold, self.italic, href, self.language, self.position, self.struck, self.code)


class _Styles:
    """The document's named styles (styles.xml) and automatic ones (content.xml), by name."""

    def __init__(self, *roots: etree._Element | None):
        self.by_name: dict[tuple[str, str], etree._Element] = {}
        self.lists: dict[str, etree._Element] = {}
        self.outline: dict[int, etree._Element] = {}  # chapter numbering: a heading level → its number's form
        for root in roots:
            if root is None:
                continue
            for style in root.iter(q("style:style")):
                self.by_name[(style.get(q("style:family"), ""), style.get(q("style:name"), ""))] = style
            for list_style in root.iter(q("text:list-style")):
                self.lists[list_style.get(q("style:name"), "")] = list_style
            for level in root.iterfind("office:styles/text:outline-style/text:outline-level-style", NS):
                self.outline[number_in(level.get(q("text:level")), 1)] = level
        self._kinds: dict[str, tuple[str, int]] = {}
        self._texts: dict[str, _TextStyle] = {}
        self._levels: dict[str, dict[int, etree._Element]] = {}

    def chain(self, family: str, name: str) -> list[etree._Element]:
        styles: list[etree._Element] = []
        while (family, name) in self.by_name and len(styles) < 20:
            style = self.by_name[(family, name)]
            if style in styles:
                break
            styles.append(style)
            name = style.get(q("style:parent-style-name"), "")
        return styles

    def alignment(self, cell: etree._Element) -> str:
        """How a table cell's first paragraph is aligned by its style: "left", "center",
        "right", or "" (justified, or as the table sets it)."""
        paragraph = cell.find("text:p", NS)
        name = paragraph.get(q("text:style-name"), "") if paragraph is not None else ""
        for style in self.chain("paragraph", name):
            properties = style.find("style:paragraph-properties", NS)
            align = properties.get(q("fo:text-align")) if properties is not None else None
            if align:
                return {"start": "left", "end": "right", "center": "center", "left": "left", "right": "right"}.get(
                    align, ""
                )
        return ""

    def paragraph_kind(self, name: str) -> tuple[str, int]:
        if name not in self._kinds:
            kind = kind_of_style(_display_name_of(name)) or ("text", 0)  # a style used but not defined
            for style in self.chain("paragraph", name):
                said = kind_of_style(_display_name(style))
                if said:
                    kind = said
                    break
            self._kinds[name] = kind
        return self._kinds[name]

    def text(self, name: str) -> _TextStyle:
        if name not in self._texts:
            bold = italic = hidden = struck = None
            language = position = ""
            code = False
            for style in self.chain("text", name):
                display = _display_name(style).lower()
                properties = style.find("style:text-properties", NS)
                if properties is not None:
                    language = language or _language(properties)
                    position = position or _position(properties.get(q("style:text-position"), ""))
                    weight = properties.get(q("fo:font-weight"))
                    if bold is None and weight:
                        bold = weight == "bold" or weight.isdigit() and int(weight) >= 600
                    posture = properties.get(q("fo:font-style"))
                    if italic is None and posture:
                        italic = posture in ("italic", "oblique")
                    if hidden is None and properties.get(q("text:display")) == "none":
                        hidden = True
                    line_through = properties.get(q("style:text-line-through-style"))
                    if struck is None and line_through:
                        struck = line_through != "none"
                if bold is None and display in ("strong", "strong emphasis"):
                    bold = True
                if italic is None and display == "emphasis":
                    italic = True
                code = code or display in CODE_CHARACTERS
            self._texts[name] = _TextStyle(
                bool(bold), bool(italic), bool(hidden), language, position, bool(struck), code
            )
        return self._texts[name]

    def list_level(self, name: str, depth: int) -> tuple[bool, int]:
        """Whether level `depth` (from 0) of list style `name` is numbered, and from what."""
        level = self._list_levels(name).get(depth + 1)
        if level is None:
            return False, 1
        numbered = local_name(level) == "list-level-style-number" and bool(level.get(q("style:num-format"), "1"))
        return numbered, number_in(level.get(q("text:start-value")), 1)

    def list_label(self, name: str, depth: int, counts: list[int]) -> tuple[str, str]:
        """The label LibreOffice shows before an item at `depth` of list style `name` ("а)",
        "1.2."), its levels counted so far `counts`, and the list's marker (numbering.list_marker)."""
        numbered, start = self.list_level(name, depth)
        label = _label(self._list_levels(name), depth + 1, counts) if numbered else ""
        if not label:
            return "", ""
        level = self._list_levels(name)[depth + 1]
        number = str(start + max(counts[depth] - 1, 0))
        return label, list_marker(label, number) if _counter_style(level) == "decimal" else "none"

    def _list_levels(self, name: str) -> dict[int, etree._Element]:
        """A list style's levels by number (from 1), read once a style: every item asks."""
        if name not in self._levels:
            list_style = self.lists.get(name)
            levels = list_style if list_style is not None else ()
            self._levels[name] = {number_in(level.get(q("text:level"))): level for level in levels}
        return self._levels[name]

    def heading_number(self, level: int, counts: list[int]) -> str:
        """The number LibreOffice's chapter numbering shows before a heading of `level` (from
        1): "Розділ II.", "II.1."; "" where the level is not numbered."""
        shown = self.outline.get(level)
        if shown is None or not shown.get(q("style:num-format")):
            return ""
        return _label(self.outline, level, counts)


def _label(levels: dict[int, etree._Element], level: int, counts: list[int]) -> str:
    """A number as LibreOffice shows it at `level` (from 1) of a list or the chapter numbering
    `levels`: its prefix, the numbers of the levels it displays joined by dots, each in its
    level's form, and its suffix."""
    shown = levels[level]
    numbers = []
    for above in range(max(1, level - number_in(shown.get(q("text:display-levels")), 1) + 1), level + 1):
        form = levels.get(above, shown)
        start = number_in(form.get(q("text:start-value")), 1)
        numbers.append(counter_text(start + max(counts[above - 1] - 1, 0), _counter_style(form)))
    prefix, suffix = shown.get(q("style:num-prefix"), "")[:MAX_LABEL], shown.get(q("style:num-suffix"), "")[:MAX_LABEL]
    return f"{prefix}{'.'.join(numbers)}{suffix}".strip()[:MAX_LABEL]


def _numbered_in_place(heading: etree._Element) -> bool:
    """Whether chapter numbering numbers this heading: not a list's header, not an index's title."""
    in_title = any(parent.tag == q("text:index-title") for parent in heading.iterancestors())
    return heading.get(q("text:is-list-header")) != "true" and not in_title


def _counter_style(level: etree._Element) -> str:
    """An ODF number format ("1", "I", "a", "А, Б, .. (ru)") as a CSS counter style name."""
    form = level.get(q("style:num-format"), "1")[:1]
    names = {"I": "upper-roman", "i": "lower-roman", "A": "upper-latin", "a": "lower-latin"}
    names |= {"А": "upper-cyrillic", "а": "lower-cyrillic"}
    return names.get(form, "decimal")


def _position(value: str) -> str:
    """ "super"/"sub" from style:text-position ("super 58%", "33% 58%", "-33% 58%")."""
    first = value.split()[0] if value.split() else ""
    if first in ("super", "sub"):
        return first
    if first.endswith("%") and first[:-1].lstrip("-").replace(".", "", 1).isdigit() and float(first[:-1]):
        return "super" if float(first[:-1]) > 0 else "sub"
    return ""


def _language(properties: etree._Element) -> str:
    """The language text properties name (fo:language and fo:country), or ""."""
    language = properties.get(q("fo:language"), "")
    if not language or language.lower() in ("zxx", "none"):
        return ""
    country = properties.get(q("fo:country"), "")
    tag = f"{language}-{country}" if country and country.lower() != "none" else language
    return language_tag(tag) if is_language_tag(tag) else ""


def _display_name(style: etree._Element) -> str:
    return style.get(q("style:display-name")) or _display_name_of(style.get(q("style:name"), ""))


def _display_name_of(name: str) -> str:
    """A style's name as shown: "Heading_20_1" is "Heading 1"."""
    return re.sub(r"_([0-9a-fA-F]{2})_", lambda match: chr(int(match.group(1), 16)), name)


class OdtReader:
    @classmethod
    def open(cls, path: Path) -> OdtReader:
        return cls(Package(path, "OpenDocument text (.odt)"))

    def __init__(self, package: Package):
        self.package = package
        self.path = package.path
        if package.has("mimetype") and b"opendocument.text" not in package.read("mimetype", 200):
            raise PublishError("not an OpenDocument text: its mimetype says otherwise (a spreadsheet?)", self.path)
        self.content = package.xml("content.xml")
        self.styles = _Styles(package.xml("styles.xml") if package.has("styles.xml") else None, self.content)
        self.notes: list[list[Piece]] = []  # each note's paragraphs, assembled once the body is read
        self.pieces: list[Piece] = []  # the body's paragraphs with something in them, as read
        self.note_pieces: list[Piece] = []  # and the notes'
        self.paragraphs = 0
        self.lists = 0
        self.extra: list[Piece] = []
        self.boxes = 0  # text boxes read so far (each a sidebar: see office.boxed)
        self.notices: list[str] = []
        self.comments = 0
        self.list_counts: dict[str, list[int]] = {}  # list style → items so far, by level
        self.chapter_counts = [0] * 10  # the headings numbered so far, by level (chapter numbering)

    def document(self, language: str | None) -> Document:
        text = self.content.find("office:body/office:text", NS)
        if text is None:
            raise PublishError("not an OpenDocument text: its content has no text body", self.path)
        pieces = list(self._pieces(text))
        self.pieces = [piece for piece in pieces if has_content(piece)]
        number_lines(self.pieces, self.note_pieces)
        assembled = assemble(pieces)
        changes = text.find("text:tracked-changes", NS)
        if changes is not None and len(changes):
            log.warning("%s: has %d tracked changes: read as if all were accepted", self.path, len(changes))
        if self.comments:
            log.warning("%s: has %d comments; they are not part of the book", self.path, self.comments)
        return document_of(assembled, self._meta(), pieces, self.path, language, notes_of(self.notes))

    def _pieces(
        self, container: etree._Element, depth: int = 0, list_id: str = "", list_style: str = ""
    ) -> Iterator[Piece]:
        for child in container:
            name = child.tag
            if name in (q("text:p"), q("text:h")):
                yield self._piece(child)
                yield from self.extra
                self.extra = []
            elif name == q("text:list"):
                yield from self._list(child, depth, list_id, list_style)
            elif name in (q("text:section"), q("text:index-body"), q("text:index-title")):
                yield from self._pieces(child, depth, list_id, list_style)
            elif name == q("text:bibliography"):
                # (its entries are the text's references; an index's page numbers are not)
                for body in child.iterfind("text:index-body", NS):
                    yield from self._pieces(body, depth, list_id, list_style)
            elif name == q("table:table"):
                yield from self._table(child)
            elif name == q("text:table-of-content"):
                yield self._contents(child)
            elif name in _DRAWINGS:
                yield from self._drawn(child)
            # tracked changes, forms, sequence declarations: not the text

    def _contents(self, index: etree._Element) -> Piece:
        """LibreOffice's table of contents: the place every edition lists the headings, under
        the index's own title; its lines (LibreOffice's page numbers) are not read."""
        title = index.find("text:index-body/text:index-title", NS)
        paragraph = next(title.iter(q("text:p"), q("text:h")), None) if title is not None else None
        inlines = self._piece(paragraph).inlines if paragraph is not None else ()
        source = index.find("text:table-of-content-source", NS)
        levels = number_in(source.get(q("text:outline-level")), 0) if source is not None else 0
        levels = levels if 0 < levels < 10 else 0  # (LibreOffice writes 10 for every level)
        return Piece(self.paragraphs + 1, "contents heading", inlines, level=levels)  # (one piece: see office.assemble)

    def _table(self, table: etree._Element) -> list[Piece]:
        """A table: its header rows (`table:table-header-rows`) as its head, then the rest in
        order (row groups opened); cells spanning columns and rows; covered cells dropped."""
        number = self.paragraphs + 1
        rows: list[list[CellRead]] = []
        head = 0
        for row, header in _table_rows(table):
            cells = [
                CellRead(
                    list(self._pieces(cell)),
                    header=header,
                    columns=number_in(cell.get(q("table:number-columns-spanned")), 1),
                    rows=number_in(cell.get(q("table:number-rows-spanned")), 1),
                    align=self.styles.alignment(cell),
                )
                for cell in row
                if cell.tag == q("table:table-cell")
            ]
            rows.append(cells)
            head += header and len(rows) == head + 1
        return table_pieces(number, rows, head)

    def _list(self, element: etree._Element, depth: int, list_id: str, list_style: str) -> Iterator[Piece]:
        list_style = element.get(q("text:style-name")) or list_style
        if not list_id:
            self.lists += 1
            list_id = element.get(q("text:continue-list")) or element.get(q("xml:id")) or f"list{self.lists}"
            continues = element.get(q("text:continue-numbering")) == "true" or element.get(q("text:continue-list"))
            if not continues:
                self.list_counts[list_style] = [0] * 10
        counts = self.list_counts.setdefault(list_style, [0] * 10)
        for item in element:
            if item.tag not in (q("text:list-item"), q("text:list-header")):
                continue
            first = True
            for piece in self._pieces(item, depth + 1, list_id, list_style):
                if piece.kind in ("item", "heading", "title", "subtitle", "table"):
                    yield piece  # LibreOffice numbers its chapters' headings as a list: still headings
                    continue
                ordered, start = self.styles.list_level(list_style, depth)
                continued = not first or item.tag == q("text:list-header")
                if not continued:
                    level = min(depth, 9)
                    given = item.get(q("text:start-value"))
                    counts[level] = number_in(given) - start + 1 if given else counts[level] + 1
                    counts[level + 1 :] = [0] * (9 - level)
                number = start + counts[min(depth, 9)] - 1
                label, marker = self.styles.list_label(list_style, min(depth, 9), counts)
                own = marker == "none" and not continued
                yield Piece(
                    piece.number,
                    "item",
                    piece.inlines,
                    depth,
                    ordered and marker != "none",
                    number,
                    list_id,
                    piece.images,
                    continued,
                    first=piece.first,
                    marker=marker,
                    label=label if own else "",
                )
                first = False

    def _piece(self, paragraph: etree._Element) -> Piece:
        number = self.paragraphs + 1  # paragraphs with nothing in them are not counted
        self.notices = []
        if paragraph.tag == q("text:h"):
            kind, level = self.styles.paragraph_kind(paragraph.get(q("text:style-name"), ""))
            if kind not in ("title", "subtitle"):
                kind, level = "heading", number_in(paragraph.get(q("text:outline-level")), 1) or 1
        else:
            kind, level = self.styles.paragraph_kind(paragraph.get(q("text:style-name"), ""))
        runs = Runs()
        images: list[Image] = []
        self._inlines(paragraph, runs, images, _TextStyle(), None)
        before, inlines, after = pictures_apart(runs.inlines(keep_spaces=kind == "code"))
        piece = Piece(number, kind, inlines, level=level, images=(*before, *after, *images), first=len(before))
        if kind == "heading" and paragraph.tag == q("text:h") and _numbered_in_place(paragraph):
            piece = self._numbered(piece, paragraph)
        for notice in self.notices:
            log.warning("%s: %s: %s", self.path, piece.place, notice)
        self.paragraphs += has_content(piece)
        marks = (q("text:bookmark"), q("text:bookmark-start"))
        names = [mark.get(q("text:name"), "") for mark in paragraph.iter(*marks)]
        if kind == "heading":
            names.append(f"{piece.words}|outline")  # LibreOffice's link to a heading by its words
        names = [name for name in names if name]
        return replace(piece, names=tuple(names)) if names else piece

    def _numbered(self, piece: Piece, heading: etree._Element) -> Piece:
        """A heading LibreOffice's chapter numbering numbers keeps the number it shows (the
        text may refer to "пункт 2.1"; the contents lists it)."""
        level = min(piece.level, 10)
        if self.styles.outline.get(level) is None:
            return piece
        counts = self.chapter_counts
        restart = heading.get(q("text:start-value")) if heading.get(q("text:restart-numbering")) == "true" else None
        start = number_in(self.styles.outline[level].get(q("text:start-value")), 1)
        counts[level - 1] = number_in(restart) - start + 1 if restart else counts[level - 1] + 1
        counts[level:] = [0] * (10 - level)
        label = self.styles.heading_number(level, counts)
        return (
            replace(piece, inlines=(Text(label + " "), *piece.inlines), numbered=True)
            if label and piece.words
            else piece
        )

    def _inlines(
        self, element: etree._Element, runs: Runs, images: list[Image], style: _TextStyle, href: str | None
    ) -> None:
        if element.text:
            runs.add(Text(element.text), style.marks(href))
        for child in element:
            self._inline(child, runs, images, style, href)
            if child.tail:
                runs.add(Text(child.tail), style.marks(href))

    def _inline(  # noqa: C901 (a branch per ODF inline element)
        self, child: etree._Element, runs: Runs, images: list[Image], style: _TextStyle, href: str | None
    ) -> None:
        tag = child.tag
        if tag == q("text:span"):
            own = self.styles.text(child.get(q("text:style-name"), ""))
            if own.hidden:
                return
            inner = _TextStyle(
                style.bold or own.bold,
                style.italic or own.italic,
                language=own.language or style.language,
                position=own.position or style.position,
                struck=own.struck or style.struck,
                code=own.code or style.code,
            )
            self._inlines(child, runs, images, inner, href)
        elif tag == q("text:a"):
            target = child.get(q("xlink:href"), "")  # "#…": a bookmark or a heading (office.document_of)
            self._inlines(child, runs, images, style, target or href)
        elif tag == q("text:s"):
            runs.add(Text(" " * number_in(child.get(q("text:c")), 1)), style.marks(href))
        elif tag == q("text:tab"):
            runs.add(Text(" "), style.marks(href))
        elif tag == q("text:line-break"):
            runs.add(LineBreak(), style.marks(href))
        elif tag == q("text:note"):
            runs.add(NoteRef(self._note(child)))
        elif tag == q("draw:frame"):
            self._frame(child, runs, images, style.marks(href))
        elif tag == q("draw:a"):
            for frame in child.iterfind("draw:frame", NS):
                self._frame(frame, runs, images, style.marks(child.get(q("xlink:href")) or href))
        elif tag == q("draw:g"):  # a drawing: its frames and shapes in order
            for member in child:
                self._inline(member, runs, images, style, href)
        elif tag in _SHAPES:
            self._text_box(child)
        elif tag == q("office:annotation"):
            self.comments += 1
        elif tag in (q("text:hidden-text"), q("text:hidden-paragraph"), q("office:annotation-end")):
            pass
        elif tag in (q("text:change"), q("text:change-start"), q("text:change-end")):
            pass  # marks of a tracked change; the deleted words are elsewhere
        elif tag in (q("text:soft-page-break"), q("text:bookmark"), q("text:bookmark-start"), q("text:bookmark-end")):
            pass
        elif tag in (
            q("text:meta"),
            q("text:ruby"),
            q("text:ruby-base"),
            q("text:date"),
            q("text:title"),
            q("text:subject"),
        ):
            self._inlines(child, runs, images, style, href)
        elif isinstance(tag, str) and tag.startswith("{" + NS["text"] + "}"):
            self._inlines(child, runs, images, style, href)  # a field (page number, author…): its text as shown

    def _note(self, note: etree._Element) -> int:
        body = note.find("text:note-body", NS)
        self.notes.append([])
        index = len(self.notes) - 1
        saved = (self.paragraphs, self.notices, self.extra)
        self.extra = []
        pieces = list(self._pieces(body)) if body is not None else []
        self.note_pieces += [piece for piece in pieces if has_content(piece)]
        self.paragraphs, self.notices, self.extra = saved
        self.notes[index] = pieces
        return index + 1

    def _frame(self, frame: etree._Element, runs: Runs, images: list[Image], marks: Marks) -> None:
        """A frame's picture (set in the line where it is anchored as a character, else after
        the paragraph), its text box's paragraphs, or its object (a formula)."""
        alt = (frame.findtext("svg:desc", namespaces=NS) or frame.findtext("svg:title", namespaces=NS) or "").strip()
        embedded = frame.find("draw:object", NS)
        if embedded is not None:  # a formula, a chart…: its picture is a stand-in (SVM, WMF)
            self._object(embedded, runs)
            return
        for box in frame.iterfind("draw:text-box", NS):
            self._text_box(box)
        picture = frame.find("draw:image", NS)
        if picture is None:
            return
        target = picture.get(q("xlink:href"), "")
        image: Image | str
        if not target:
            image = "a picture stored in a way publish cannot read; its alt text stands in"
        elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^\.\./", target):
            image = f"a linked picture ({target}) is not fetched; put it in the document"
        else:
            image = self.package.picture(target.removeprefix("./"), alt)
        if isinstance(image, str):
            self.notices.append(image)
            runs.add(Text(f" {stand_in(alt)} "), marks)  # (a picture no edition can show)
        elif frame.get(q("text:anchor-type")) == "as-char":
            runs.add(InlineImage(image, _height_in_ems(frame.get(q("svg:height"), ""))), marks)
        else:
            images.append(image)

    def _text_box(self, box: etree._Element) -> None:
        """A text box's paragraphs (or a shape's, typed into it), read after the paragraph
        holding it; a sidebar where they are prose (office.boxed)."""
        outer, self.extra = self.extra, []  # the box's own pictures' boxes follow its paragraphs
        try:
            pieces = list(self._pieces(box))
        finally:
            self.extra = outer
        if any(has_content(piece) for piece in pieces):
            self.boxes += 1
            self.extra.extend(boxed(pieces, self.boxes))  # (read into this list, they were read again without end)

    def _drawn(self, drawing: etree._Element) -> Iterator[Piece]:
        """A drawing anchored to the page, not to a paragraph (LibreOffice writes it before the
        first): its pictures, then its text boxes' paragraphs."""
        runs, images = Runs(), list[Image]()
        self.notices = []
        self._inline(drawing, runs, images, _TextStyle(), None)
        for notice in self.notices:
            log.warning("%s: %s", self.path, notice)
        inlines = runs.inlines()
        if inlines or images:
            piece = Piece(self.paragraphs + 1, "text", inlines, images=tuple(images))
            self.paragraphs += has_content(piece)
            yield piece
        yield from self.extra
        self.extra = []

    def _object(self, embedded: etree._Element, runs: Runs) -> None:
        """An embedded object: a formula (its MathML, in the flat file or in its own part) is
        read; anything else is said and left out, for its stand-in picture is in a format no
        edition shows (LibreOffice's SVM, Windows metafiles)."""
        math = embedded.find(f"{{{MATHML}}}math")
        target = embedded.get(q("xlink:href"), "").removeprefix("./").rstrip("/")
        kind = "object"
        if math is None and target and self.package.has(f"{target}/content.xml"):
            try:
                root = self.package.xml(f"{target}/content.xml")
            except PublishError as error:  # (a broken object is said, not the whole document refused)
                self.notices.append(f"an embedded object ({target}) cannot be read: {error.message}; left out")
                return
            if local_name(root) == "math":
                math = root
            else:
                body = root.find("office:body", NS)
                kind = local_name(body[0]) if body is not None and len(body) else kind
        if math is None:
            self.notices.append(
                f"an embedded {kind} ({target or 'in the file'}) is left out: only formulas are read from"
                " embedded objects; insert it as a picture (PNG or SVG) to keep it"
            )
            return
        try:
            runs.add(formula(math, display=False))
        except NotAFormula as error:
            runs.add(Text("".join(math.itertext())))
            self.notices.append(f"a formula is read as plain text: {error}")

    def _meta(self) -> dict[str, object]:
        if not self.package.has("meta.xml"):
            return {}
        meta = self.package.xml("meta.xml").find("office:meta", NS)
        if meta is None:
            return {}
        return file_properties(
            meta.findtext("dc:title", namespaces=NS) or "",
            meta.findtext("meta:initial-creator", namespaces=NS) or "",
            meta.findtext("dc:description", namespaces=NS) or "",
            [word.text or "" for word in meta.iterfind("meta:keyword", NS)],
            meta.findtext("meta:creation-date", namespaces=NS) or "",
        )


def _height_in_ems(length: str) -> float:
    """A frame's height (`0.889in`, `2.26cm`) in ems of 12-point text; 0 when not a length."""
    height = points(length)
    return round(height / 12, 2) if height is not None else 0.0


def read(path: Path, language: str | None = None) -> Document:
    """The document at `path`, read once however often it is asked for (publish.readers.office)."""
    from publish.readers.office import read_office

    return read_office(path, language)[0]
