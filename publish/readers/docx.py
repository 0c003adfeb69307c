"""Word documents (.docx, WordprocessingML), read with lxml.

A paragraph's meaning comes from its style (followed through the styles it is based on):
Title, Subtitle, Heading 1–6 or an outline level, Quote, a lead ("Lead", "Лид", "Врез"),
code, a list level from the numbering; a run's from bold and italic (set directly or by
a character style such as Strong). Footnotes and endnotes become notes, numbered in the
order the text refers to them; pictures keep their alt text; links their address. Of
tracked changes only the accepted text is read (insertions in, deletions out), comments
and hidden text never; fonts, sizes, colours and spacing are not read at all.

python-docx and mammoth were weighed: the first reads neither notes nor tracked changes,
the second gives HTML without the places a message needs; the format itself is plain XML.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from lxml import etree

from publish.errors import PublishError
from publish.language import is_language_tag
from publish.markup import local_name
from publish.model import Document, Image, Inline, InlineImage, LineBreak, NoteRef, Text
from publish.readers.inlines import pictures_apart, stand_in
from publish.readers.mathml import NotAFormula, formula
from publish.readers.metadata import language_tag
from publish.readers.numbering import MAX_LABEL, counter_text, list_marker
from publish.readers.office import (
    CODE_CHARACTERS,
    PLAIN,
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
from publish.readers.omml import mathml_of

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "rel": PACKAGE_RELS,
}


# Word's "Strict Open XML Document" (ISO/IEC 29500 Strict) is the same vocabulary under other
# names: `http://purl.oclc.org/ooxml/wordprocessingml/main` for
# `http://schemas.openxmlformats.org/wordprocessingml/2006/main`, and so on for each area.
_STRICT_NAMESPACE = re.compile(rb"""(xmlns(?::[\w.-]+)?\s*=\s*["'])http://purl\.oclc\.org/ooxml/(\w+)/(\w+)(?=["'])""")
_STRICT_NAMES = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties"}


def transitional(part: bytes) -> bytes:
    """A Strict part's XML with the Transitional namespaces, which the reader is written in
    (Word writes Strict when asked to; its elements and the values read here are the same)."""
    if b"purl.oclc.org/ooxml/" not in part:
        return part
    return _STRICT_NAMESPACE.sub(
        lambda match: (
            b"%shttp://schemas.openxmlformats.org/%s/2006/%s"
            % (match[1], match[2], _STRICT_NAMES.get(match[3], match[3]))
        ),
        part,
    )


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def q(name: str) -> str:
    """A prefixed name ("wp:inline") as lxml's {namespace}name."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _on(element: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def _joined(initial: tuple[Inline, ...], rest: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A drop cap's letters and the paragraph they begin, one word where they meet."""
    if initial and rest and isinstance(initial[-1], Text) and isinstance(rest[0], Text):
        return (*initial[:-1], Text(initial[-1].text.strip() + rest[0].text.lstrip()), *rest[1:])
    return (*initial, *rest)


def _is_drop_cap(paragraph: etree._Element) -> bool:
    frame = paragraph.find("w:pPr/w:framePr", NS)
    return frame is not None and frame.get(w("dropCap"), "none") in ("drop", "margin")


def _own(parent: etree._Element, name: str) -> Iterator[etree._Element]:
    """`parent`'s children named `name` (rows of a table, cells of a row), also those inside
    content controls and custom XML (`w:sdt`, `w:customXml`), not those of a table inside."""
    for child in parent:
        local = local_name(child)
        if local == name:
            yield child
        elif local == "sdt":
            content = child.find("w:sdtContent", NS)
            if content is not None:
                yield from _own(content, name)
        elif local == "customXml":
            yield from _own(child, name)


# --- styles and numbering --------------------------------------------------------


@dataclass(frozen=True)
class ParagraphStyle:
    kind: str  # text, title, subtitle, lead, heading, quote, code, skip
    level: int = 0
    numbering: tuple[str, int] | None = None  # (numId, level) a style's own list


@dataclass
class Styles:
    paragraph: dict[str, ParagraphStyle] = field(default_factory=dict)
    character: dict[str, Marks] = field(default_factory=dict)  # what a character style makes of text
    default: ParagraphStyle = ParagraphStyle("text")  # of a paragraph that names no style


def read_styles(root: etree._Element | None) -> Styles:
    styles = Styles()
    if root is None:
        return styles
    by_id = {style.get(w("styleId"), ""): style for style in root.iterfind("w:style", NS)}

    def chain(style_id: str) -> list[etree._Element]:
        seen: list[etree._Element] = []
        while style_id in by_id and by_id[style_id] not in seen and len(seen) < 20:
            seen.append(by_id[style_id])
            style_id = _val(by_id[style_id], "w:basedOn") or ""
        return seen

    for style_id, style in by_id.items():
        styles_in_chain = chain(style_id)
        if style.get(w("type")) == "paragraph":
            styles.paragraph[style_id] = _paragraph_style(styles_in_chain)
            if style.get(w("default")) in ("1", "true", "on"):
                styles.default = styles.paragraph[style_id]
        elif style.get(w("type")) == "character":
            names = [(_name(s) or "").lower() for s in styles_in_chain]
            bold = "strong" in names or any(_on(s.find("w:rPr/w:b", NS)) for s in styles_in_chain)
            italic = "emphasis" in names or any(_on(s.find("w:rPr/w:i", NS)) for s in styles_in_chain)
            code = any(name in CODE_CHARACTERS for name in names)
            struck = any(_on(s.find("w:rPr/w:strike", NS)) for s in styles_in_chain)
            styles.character[style_id] = Marks(bold, italic, struck=struck, code=code)
    return styles


def _name(style: etree._Element) -> str | None:
    name = style.find("w:name", NS)
    return name.get(w("val")) if name is not None else None


def _paragraph_style(chain: list[etree._Element]) -> ParagraphStyle:
    numbering = None
    for style in chain:
        num = style.find("w:pPr/w:numPr", NS)
        if num is not None and numbering is None:
            numbering = (_val(num, "w:numId") or "0", min(number_in(_val(num, "w:ilvl")), 9))
    depth = re.match(r"list\b.*\s(\d)$", (_name(chain[0]) or "").lower()) if chain else None
    if numbering and depth:  # "List Bullet 2": the second level, though its numbering has one
        numbering = (numbering[0], max(numbering[1], int(depth.group(1)) - 1))
    for style in chain:  # the nearest style that says something decides
        kind = kind_of_style(_name(style) or "")
        if kind:
            return ParagraphStyle(kind[0], kind[1], numbering)
        outline = _val(style, "w:pPr/w:outlineLvl")
        if outline and outline.isdigit() and int(outline) < 9:
            return ParagraphStyle("heading", int(outline) + 1, numbering)
    return ParagraphStyle("text", 0, numbering)


def _val(element: etree._Element, path: str) -> str | None:
    found = element.find(path, NS)
    return found.get(w("val")) if found is not None else None


@dataclass(frozen=True)
class ListLevel:
    ordered: bool
    start: int
    text: str = ""  # what Word shows, its levels' numbers as %1…%9: "%1.%2.", "SECTION %1"
    style: str = "decimal"  # the number's form, named as a CSS counter style (numbering.counter_text)
    legal: bool = False  # every level's number shown in decimal ("legal numbering")
    paragraph_style: str = ""  # the paragraph style this level numbers (a heading style, usually)


# Word's number formats, as CSS names them; the rest are shown as decimal numbers.
_NUMBER_FORMATS = {
    "decimalZero": "decimal-leading-zero",
    "upperRoman": "upper-roman",
    "lowerRoman": "lower-roman",
    "upperLetter": "upper-latin",
    "lowerLetter": "lower-latin",
    "russianUpper": "upper-cyrillic",
    "russianLower": "lower-cyrillic",
}


def _list_level(level: etree._Element) -> ListLevel:
    fmt = _val(level, "w:numFmt") or "decimal"
    return ListLevel(
        fmt not in ("bullet", "none"),
        number_in(_val(level, "w:start") or "1", 1),
        "" if _on(level.find("w:rPr/w:vanish", NS)) or fmt == "none" else (_val(level, "w:lvlText") or ""),
        _NUMBER_FORMATS.get(fmt, "decimal"),
        _on(level.find("w:isLgl", NS)),
        _val(level, "w:pStyle") or "",
    )


def read_numbering(root: etree._Element | None) -> dict[str, dict[int, ListLevel]]:
    """numId → each level's kind (numbers or bullets), first number and the text shown."""
    if root is None:
        return {}
    abstract: dict[str, dict[int, ListLevel]] = {}
    by_style: dict[str, dict[int, ListLevel]] = {}  # a numbering style ("List style") → its levels
    linked: dict[str, str] = {}  # an abstract numbering that is only a numbering style's use → the style
    for definition in root.iterfind("w:abstractNum", NS):
        levels = {number_in(level.get(w("ilvl"))): _list_level(level) for level in definition.iterfind("w:lvl", NS)}
        number = definition.get(w("abstractNumId"), "")
        abstract[number] = levels
        if _val(definition, "w:styleLink"):
            by_style[_val(definition, "w:styleLink") or ""] = levels
        if _val(definition, "w:numStyleLink"):
            linked[number] = _val(definition, "w:numStyleLink") or ""
    for number, style in linked.items():  # (Word's multilevel lists made from a list style)
        abstract[number] = abstract[number] or by_style.get(style, {})
    numbering = {}
    for num in root.iterfind("w:num", NS):
        levels = dict(abstract.get(_val(num, "w:abstractNumId") or "", {}))
        for override in num.iterfind("w:lvlOverride", NS):
            ilvl = number_in(override.get(w("ilvl")))
            restart = _val(override, "w:startOverride")
            if restart is not None and ilvl in levels:
                levels[ilvl] = dataclasses.replace(levels[ilvl], start=number_in(restart, 1))
        numbering[num.get(w("numId"), "")] = levels
    return numbering


def number_label(levels: dict[int, ListLevel], counts: list[int], level: int) -> str:
    """The number Word shows before a numbered paragraph at `level` ("2.1", "SECTION 1"):
    its level's text with each %k the k-th level's current number, in that level's form."""
    shown = levels.get(level)
    if shown is None or not shown.ordered:
        return ""

    def number(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1
        counted = levels.get(k, ListLevel(True, 1))
        value = counted.start + max(counts[k] - 1, 0) if k < len(counts) else counted.start
        return counter_text(value, "decimal" if shown.legal else counted.style)

    return re.sub(r"%([1-9])", number, shown.text[:MAX_LABEL]).strip()[:MAX_LABEL]


# --- the reader ----------------------------------------------------------------------


def read_docx(path: Path, language: str | None = None) -> Document:
    return DocxReader.open(path).document(language)


# Word's contents field and the heading levels it lists: `TOC \o "1-3" \h \z \u` → 3.
_TOC_LEVELS = re.compile(r'\s*TOC\b(?:.*?\\o\s*"\d+\s*-\s*(\d+)")?', re.S)


@dataclass
class _Field:
    """A complex field (HYPERLINK, PAGE, TOC…) open across runs: its instruction, then its result."""

    instruction: str = ""
    in_result: bool = False

    @property
    def href(self) -> str | None:
        match = re.match(r'\s*HYPERLINK\s+"([^"]+)"', self.instruction)
        return match.group(1) if match else None


class DocxReader:
    @classmethod
    def open(cls, path: Path) -> DocxReader:
        return cls(Package(path, "Word document (.docx)", transitional))

    def __init__(self, package: Package):
        self.package = package
        self.path = package.path
        main = self._main_part()
        self.main = main
        folder = str(PurePosixPath(main).parent)
        self.folder = "" if folder == "." else folder + "/"
        self.relations = self._relations(main)
        self.styles = read_styles(self._optional(self._target("styles")))
        self.numbering = read_numbering(self._optional(self._target("numbering")))
        self.note_parts = {kind: self._notes_of(kind) for kind in ("footnote", "endnote")}
        note_parts = {kind: self._target(kind + "s") for kind in ("footnote", "endnote")}
        self.note_relations = {kind: self._relations(part) if part else {} for kind, part in note_parts.items()}
        self.notes: list[list[Piece]] = []  # each note's paragraphs, assembled once the body is read
        self.pieces: list[Piece] = []  # the body's paragraphs with something in them, as read
        self.note_pieces: list[Piece] = []  # and the notes'
        self.note_numbers: dict[tuple[str, str], int] = {}
        self.fields: list[_Field] = []
        self.counts = {"insertions": 0, "deletions": 0, "comments": 0}
        self.paragraphs = 0
        self.extra: list[Piece] = []  # text boxes' paragraphs, read after the one that holds them
        self.boxes = 0  # text boxes read so far (each a sidebar: see office.boxed)
        self.contents_levels = 0  # the heading levels the last TOC field lists (`\o "1-3"`: 3; 0 all)
        self.list_counts: dict[str, list[int]] = {}  # numId → items so far, by level

    # parts

    def _main_part(self) -> str:
        for relation in self.package.xml("_rels/.rels").iterfind("rel:Relationship", NS):
            if relation.get("Type", "").endswith("/officeDocument"):
                return relation.get("Target", "").lstrip("/")
        raise PublishError("not a readable Word document (.docx): it names no main document", self.path)

    def _relations(self, part: str) -> dict[str, etree._Element]:
        name = str(PurePosixPath(part).parent / "_rels" / (PurePosixPath(part).name + ".rels"))
        if not self.package.has(name):
            return {}
        return {rel.get("Id", ""): rel for rel in self.package.xml(name).iterfind("rel:Relationship", NS)}

    def _target(self, kind: str) -> str | None:
        for relation in self.relations.values():
            if relation.get("Type", "").endswith("/" + kind) and relation.get("TargetMode") != "External":
                return self._part_name(relation.get("Target", ""))
        return None

    def _part_name(self, target: str) -> str:
        joined = target.lstrip("/") if target.startswith("/") else self.folder + target
        parts: list[str] = []
        for part in joined.split("/"):
            if part == "..":
                parts = parts[:-1]
            elif part not in ("", "."):
                parts.append(part)
        return "/".join(parts)

    def _notes_of(self, kind: str) -> dict[str, etree._Element]:
        """The footnotes (or endnotes) part: each note by its id, the separators left out."""
        part = self._optional(self._target(kind + "s"))
        if part is None:
            return {}
        return {
            note.get(w("id"), ""): note
            for note in part.iterfind(f"w:{kind}", NS)
            if note.get(w("type"), "normal") == "normal"
        }

    def _optional(self, name: str | None) -> etree._Element | None:
        return self.package.xml(name) if name and self.package.has(name) else None

    # the document

    def document(self, language: str | None) -> Document:
        body = self.package.xml(self.main).find("w:body", NS)
        if body is None:
            raise PublishError("not a readable Word document (.docx): its document has no body", self.path)
        pieces = list(self._body_pieces(body))
        self.pieces = [piece for piece in pieces if has_content(piece)]
        number_lines(self.pieces, self.note_pieces)
        assembled = assemble(pieces)
        self._report_changes()
        return document_of(assembled, self._core_properties(), pieces, self.path, language, notes_of(self.notes))

    def _body_pieces(self, container: etree._Element):  # type: ignore[no-untyped-def]
        initial: tuple = ()  # a drop cap's letters, waiting for the rest of their word
        marks: tuple[str, ...] = ()  # bookmarks set between paragraphs: the next one's (Pandoc's headings')
        for child in container:
            name = local_name(child)
            if name == "bookmarkStart" and child.get(w("name")):
                marks += (child.get(w("name"), ""),)
            elif name == "p":
                piece = self._piece(child)
                if _is_drop_cap(child):  # Word keeps a drop cap as a paragraph of its own: "D" / "rop"
                    initial += piece.inlines
                    continue
                if initial:
                    piece = dataclasses.replace(piece, inlines=_joined(initial, piece.inlines))
                    initial = ()
                if marks:
                    piece, marks = dataclasses.replace(piece, names=(*marks, *piece.names)), ()
                yield piece
                yield from self.extra
                self.extra = []
            elif name == "tbl":
                yield from self._table(child)
            elif name in ("sdt",):
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    yield from self._body_pieces(content)
            elif name in ("customXml", "ins", "moveTo"):
                yield from self._body_pieces(child)
            elif name in ("del", "moveFrom"):
                self.counts["deletions"] += 1

    def _table(self, table: etree._Element) -> list[Piece]:
        """A table: its rows (those in content controls too), the leading rows marked to repeat
        as a header on each page as its head, cells spanning columns (`w:gridSpan`) and rows
        (`w:vMerge`, the continued cells dropped), each aligned as its first paragraph."""
        number = self.paragraphs + 1
        rows: list[list[CellRead]] = []
        head, in_head = 0, True
        merged: dict[int, CellRead] = {}  # grid column → the cell a vertical merge began with
        for row in _own(table, "tr"):
            marked = row.find("w:trPr/w:tblHeader", NS)
            header = marked is not None and marked.get(w("val"), "true") not in ("0", "false", "off")
            in_head = in_head and header
            head += in_head
            cells: list[CellRead] = []
            column = 0
            for cell in _own(row, "tc"):
                properties = cell.find("w:tcPr", NS)
                span = number_in(_val(properties, "w:gridSpan"), 1) if properties is not None else 1
                merge = properties.find("w:vMerge", NS) if properties is not None else None
                if merge is not None and _val(properties, "w:vMerge") in (None, "continue") and column in merged:
                    merged[column].rows += 1  # the cell above goes on down
                    column += max(span, 1)
                    continue
                justified = cell.find("w:p/w:pPr/w:jc", NS)
                value = justified.get(w("val"), "") if justified is not None else ""
                align = {"start": "left", "end": "right"}.get(value, value)
                read = CellRead(list(self._body_pieces(cell)), header=in_head, columns=max(span, 1), align=align)
                if merge is not None:
                    merged[column] = read
                else:
                    merged.pop(column, None)
                cells.append(read)
                column += max(span, 1)
            rows.append(cells)
        return table_pieces(number, rows, head)

    def _piece(self, paragraph: etree._Element) -> Piece:
        number = self.paragraphs + 1  # paragraphs with nothing in them are not counted
        properties = paragraph.find("w:pPr", NS)
        style_id = _val(properties, "w:pStyle") if properties is not None else None
        named = kind_of_style(style_id or "")  # a style used but never defined: its name may still say
        fallback = ParagraphStyle(*named) if named else self.styles.default
        style = self.styles.paragraph.get(style_id or "", fallback)
        kind, level = style.kind, style.level
        outline = _val(properties, "w:outlineLvl") if properties is not None else None
        if outline and outline.isdigit() and int(outline) < 9 and kind == "text":
            kind, level = "heading", int(outline) + 1
        numbering = style.numbering
        num = properties.find("w:numPr", NS) if properties is not None else None
        if num is not None:
            numbering = (
                _val(num, "w:numId") or (numbering[0] if numbering else "0"),
                min(number_in(_val(num, "w:ilvl")), 9),
            )
        runs = Runs()
        images: list[Image] = []
        self.notices: list[str] = []
        self.rule = False
        self._inline_content(paragraph, runs, images, None)
        before, inlines, after = pictures_apart(runs.inlines(keep_spaces=kind == "code"))
        level = self.contents_levels if kind == "contents" else level
        piece = Piece(number, kind, inlines, level=level, images=(*before, *after, *images), first=len(before))
        if self.rule and not piece.words and not images:
            piece = Piece(number, "rule")
        if numbering and numbering[0] not in ("", "0") and kind == "heading":
            piece = self._numbered_heading(piece, numbering[0], numbering[1], style_id if num is None else None)
        if numbering and numbering[0] not in ("", "0") and kind in ("text", "lead", "quote"):
            piece = self._list_item(piece, *numbering)
        for notice in self.notices:
            log.warning("%s: %s: %s", self.path, piece.place, notice)
        self.paragraphs += has_content(piece)
        bookmarks = tuple(mark.get(w("name"), "") for mark in paragraph.iter(w("bookmarkStart")))
        return replace(piece, names=tuple(name for name in bookmarks if name)) if any(bookmarks) else piece

    def _list_item(self, piece: Piece, num_id: str, level: int) -> Piece:
        """A numbered or bulleted paragraph as an item of its list, at its level; numbered
        other than "1." or "1)" ("а)", "1.2.", "Статья 3."), the item carries its label."""
        levels = self.numbering.get(num_id, {})
        list_level = levels.get(level, ListLevel(False, 1))
        index = self._count_item(num_id, level)
        label = number_label(levels, self.list_counts[num_id], level) if list_level.ordered else ""
        marker = list_marker(label, str(list_level.start + index)) if list_level.style == "decimal" else "none"
        marker = marker if label else ""
        return Piece(
            piece.number,
            "item",
            piece.inlines,
            level,
            list_level.ordered and marker != "none",
            list_level.start + index,
            num_id,
            piece.images,
            first=piece.first,
            marker=marker,
            label=label if marker == "none" else "",
        )

    def _numbered_heading(self, piece: Piece, num_id: str, level: int, style_id: str | None) -> Piece:
        """A heading Word numbers ("2.1 Methods", "SECTION 1 Introduction") keeps the number it
        shows: the text may refer to it, and the contents lists it. Numbered by its style
        (`style_id`), it takes the level that names the style, if one does."""
        levels = self.numbering.get(num_id, {})
        named = [k for k, shown in levels.items() if style_id and shown.paragraph_style == style_id]
        level = named[0] if named else level
        if not levels.get(level, ListLevel(False, 1)).ordered:
            return piece
        self._count_item(num_id, level)
        label = number_label(levels, self.list_counts[num_id], level)
        if not label or not piece.words:
            return piece
        return replace(piece, inlines=(Text(label + " "), *piece.inlines), numbered=True)

    def _count_item(self, num_id: str, level: int) -> int:
        """How many items of list `num_id` at `level` came before this one: Word numbers a
        list on across the paragraphs that interrupt it, and restarts a level under a new
        item of the level above."""
        counts = self.list_counts.setdefault(num_id, [0] * 10)
        level = min(level, 9)
        counts[level] += 1
        counts[level + 1 :] = [0] * (9 - level)
        return counts[level] - 1

    def _inline_content(self, element: etree._Element, runs: Runs, images: list[Image], href: str | None) -> None:
        for child in element:
            name = local_name(child)
            if name == "r":
                self._run(child, runs, images, href)
            elif name == "hyperlink":
                self._inline_content(child, runs, images, self._link_target(child) or href)
            elif name in ("ins", "moveTo"):
                self.counts["insertions"] += 1
                self._inline_content(child, runs, images, href)
            elif name in ("del", "moveFrom"):
                self.counts["deletions"] += 1
            elif name in ("smartTag", "customXml", "bdo", "dir", "fldSimple"):
                instruction = child.get(w("instr"), "")
                self._inline_content(child, runs, images, _Field(instruction).href or href)
            elif name == "sdt":
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    self._inline_content(content, runs, images, href)
            elif name == "commentRangeStart":
                self.counts["comments"] += 1
            elif name in ("oMath", "oMathPara"):
                try:
                    runs.add(formula(mathml_of(child)))
                except NotAFormula as error:
                    runs.add(Text("".join(child.itertext())))
                    self.notices.append(f"an equation is read as plain text: {error}")

    def _link_target(self, link: etree._Element) -> str | None:
        relation = self.relations.get(link.get(q("r:id"), ""))
        if relation is not None and relation.get("TargetMode") == "External":
            return relation.get("Target")
        anchor = link.get(w("anchor"))  # a bookmark: a heading's, else its words stay (office.document_of)
        return f"#{anchor}" if anchor and relation is None else None

    def _run(self, run: etree._Element, runs: Runs, images: list[Image], href: str | None) -> None:  # noqa: C901 (a branch per kind of run content, as WordprocessingML lists them)
        properties = run.find("w:rPr", NS)
        bold = italic = struck = code = False
        language = position = ""
        if properties is not None:
            language = _language(_val(properties, "w:lang"))
            position = {"superscript": "super", "subscript": "sub"}.get(_val(properties, "w:vertAlign") or "", "")
            if _on(properties.find("w:vanish", NS)) or _on(properties.find("w:specVanish", NS)):
                return  # hidden text is not the text
            style = _val(properties, "w:rStyle")
            styled = self.styles.character.get(style or "", PLAIN)
            bold, italic, struck, code = styled.strong, styled.emphasis, styled.struck, styled.code
            bold = _on(properties.find("w:b", NS)) if properties.find("w:b", NS) is not None else bold
            italic = _on(properties.find("w:i", NS)) if properties.find("w:i", NS) is not None else italic
            if properties.find("w:strike", NS) is not None or properties.find("w:dstrike", NS) is not None:
                struck = _on(properties.find("w:strike", NS)) or _on(properties.find("w:dstrike", NS))
        for child in run:
            name = local_name(child)
            field_href = next((f.href for f in reversed(self.fields) if f.in_result and f.href), None)
            if name == "fldChar":
                self._field_char(child.get(w("fldCharType"), ""))
                continue
            if name == "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instruction += child.text or ""
                continue
            if self.fields and not self.fields[-1].in_result:
                continue  # inside a field's instruction: not text
            marks = Marks(bold, italic, field_href or href, language, position, struck, code)
            if name == "t":
                runs.add(Text(child.text or ""), marks)
            elif name in ("tab", "ptab"):
                runs.add(Text(" "), marks)
            elif name in ("br", "cr"):
                if child.get(w("type"), "textWrapping") == "textWrapping":
                    runs.add(LineBreak(), marks)
            elif name == "noBreakHyphen":
                runs.add(Text("\u2011"), marks)
            elif name == "sym":
                character = _symbol(child)
                if character:
                    runs.add(Text(character), marks)
            elif name in ("footnoteReference", "endnoteReference"):
                number = self._note(name.removesuffix("Reference"), child.get(w("id"), ""))
                if number:
                    runs.add(NoteRef(number))
            elif name in ("drawing", "pict", "AlternateContent", "object"):
                self._pictures(child, images, runs, marks)
            elif name == "commentReference":
                pass  # counted at its range start

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
            levels = _TOC_LEVELS.match(self.fields[-1].instruction)
            if levels:  # (Word's contents: the levels it lists, for the one every edition sets there)
                self.contents_levels = int(levels.group(1) or 0)
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _note(self, kind: str, note_id: str) -> int | None:
        key = (kind, note_id)
        if key in self.note_numbers:
            return self.note_numbers[key]
        note = self.note_parts[kind].get(note_id)
        if note is None:
            self.notices.append(f"a {kind} whose text is missing from the document; skipped")
            return None
        self.note_numbers[key] = len(self.notes) + 1
        self.notes.append([])  # its place, while its own paragraphs are read
        index = len(self.notes) - 1
        saved = (self.paragraphs, self.notices, self.fields, self.extra, self.relations)
        self.fields, self.extra = [], []
        self.relations = self.note_relations[kind]  # its links and pictures are the notes part's
        pieces = list(self._body_pieces(note))
        self.note_pieces += [piece for piece in pieces if has_content(piece)]
        self.paragraphs, self.notices, self.fields, self.extra, self.relations = saved
        self.notes[index] = pieces
        return index + 1

    def _box_pieces(self, box: etree._Element) -> list[Piece]:
        """A text box's paragraphs (and those of boxes inside it), each once: they are read
        into a list of their own, then follow the paragraph that holds the box. (Read into
        the list they were being added to, they were read again and again, gigabytes in
        seconds.)"""
        outer, self.extra = self.extra, []
        try:
            pieces = list(self._body_pieces(box))
        finally:
            self.extra = outer
        self.boxes += 1
        return boxed(pieces, self.boxes)

    def _pictures(self, element: etree._Element, images: list[Image], runs: Runs, marks: Marks) -> None:
        """The pictures a run holds: one set in the line (`wp:inline`) where it stands among
        the words, a floating one, a text box's and an old VML one after the paragraph."""
        if local_name(element) == "AlternateContent":  # the same drawing twice: the first choice will do
            choice = element.find("mc:Choice", NS)
            element = choice if choice is not None else element
        for box in list(element.iter(w("txbxContent"))):
            if not any(local_name(outer) == "txbxContent" for outer in box.iterancestors()):  # (read with its box)
                self.extra.extend(self._box_pieces(box))
        for drawing in element.iter(q("wp:inline"), q("wp:anchor")):
            described = drawing.find("wp:docPr", NS)
            alt = (described.get("descr") or described.get("title") or "") if described is not None else ""
            decorative = described is not None and _marked_decorative(described)
            for blip in drawing.iter(q("a:blip")):
                image = self._picture(blip.get(q("r:embed")) or blip.get(q("r:link")) or "", alt, decorative)
                if image is None:
                    runs.add(Text(f" {stand_in(alt, decorative)} "), marks)  # (a picture no edition can show)
                elif local_name(drawing) == "inline":
                    runs.add(InlineImage(image, _height_in_ems(drawing.find("wp:extent", NS))), marks)
                else:
                    images.append(image)
        if any(shape.get(q("o:hr")) in ("t", "true") for shape in element.iter(q("v:rect"))):
            self.rule = True  # Word's horizontal line
        for data in element.iter(q("v:imagedata")):
            title = data.get(q("o:title")) or ""
            image = self._picture(data.get(q("r:id")) or "", title)
            if image is None:
                runs.add(Text(f" {stand_in(title)} "), marks)
            else:
                images.append(image)

    def _picture(self, relation_id: str, alt: str, decorative: bool = False) -> Image | None:
        relation = self.relations.get(relation_id)
        if relation is None:
            return None
        if relation.get("TargetMode") == "External":
            self.notices.append(f"a linked picture ({relation.get('Target')}) is not fetched; put it in the document")
            return None
        image = self.package.picture(self._part_name(relation.get("Target", "")), alt.strip())
        if isinstance(image, str):
            self.notices.append(image)
            return None
        return replace(image, decorative=decorative and not image.alt)

    def _report_changes(self) -> None:
        insertions, deletions, comments = (self.counts[key] for key in ("insertions", "deletions", "comments"))
        if insertions or deletions:
            log.warning(
                "%s: has tracked changes (%d insertions, %d deletions): read as if all were accepted",
                self.path,
                insertions,
                deletions,
            )
        if comments:
            log.warning("%s: has %d comments; they are not part of the book", self.path, comments)

    def _core_properties(self) -> dict[str, object]:
        core = next(
            (
                self._part_name("/" + rel.get("Target", "").lstrip("/"))
                for rel in self.package.xml("_rels/.rels").iterfind("rel:Relationship", NS)
                if rel.get("Type", "").endswith("/core-properties")
            ),
            None,
        )
        root = self._optional(core)
        if root is None:
            return {}
        return file_properties(
            root.findtext("dc:title", namespaces=NS) or "",
            root.findtext("dc:creator", namespaces=NS) or "",
            root.findtext("dc:description", namespaces=NS) or "",
            re.split(r"[,;]", root.findtext("cp:keywords", namespaces=NS) or ""),
            root.findtext("dcterms:created", namespaces=NS) or "",
        )


def _height_in_ems(extent: etree._Element | None) -> float:
    """A picture's height as Word sizes it (EMUs: 12 700 a point), in ems of 12-point text."""
    try:
        return round(int(extent.get("cy", "")) / 12700 / 12, 2) if extent is not None else 0.0
    except ValueError:
        return 0.0


def _language(value: str | None) -> str:
    """A run's own language (Word marks what was typed in another keyboard language), or ""."""
    tag = (value or "").replace("_", "-")
    return language_tag(tag) if tag and is_language_tag(tag) and not tag.lower().startswith("x-") else ""


_SYMBOL_FONT = {0xF0B7: "•", 0xF0A7: "▪", 0xF0D8: "→", 0xF0E0: "→", 0xF0B0: "°", 0xF0B4: "×", 0xF0B1: "±"}


def _symbol(element: etree._Element) -> str:
    """The character a w:sym stands for: Unicode as it is, a Symbol-font code where it maps."""
    try:
        code = int(element.get(w("char"), ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        return _SYMBOL_FONT.get(code, "")
    return chr(code) if 0x20 <= code < 0xD800 or 0xE000 <= code < 0xF000 or 0xF100 <= code <= 0x10FFFF else ""


def read(path: Path, language: str | None = None) -> Document:
    """The document at `path`, read once however often it is asked for (publish.readers.office)."""
    from publish.readers.office import read_office

    return read_office(path, language)[0]


# Word 365's "Mark as decorative" (Alt Text pane): an extension of the drawing's properties.
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


def _marked_decorative(properties: etree._Element) -> bool:
    """Whether Word was told the picture shows nothing to read (so no alt text is wanted)."""
    return any(mark.get("val") in ("1", "true") for mark in properties.iter(_DECORATIVE))
