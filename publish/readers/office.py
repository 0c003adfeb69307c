"""What the Word (DOCX) and OpenDocument (ODT) readers share.

Both formats are a zip of XML parts, and both describe a text as a flat run of paragraphs,
each with a style: a heading is a paragraph styled "Heading 2", a list item one with a list
level, a quotation one styled "Quote". Each reader turns its paragraphs into `Piece`s — what
the paragraph *means*, its words with their emphasis — and `assemble` builds the model from
them: lists nested by level, quotations and code gathered, the title, subtitle and lead
found. What carries no meaning (fonts, sizes, colours, spacing, empty paragraphs) is never
read; where a text has no styles at all, its author's hand-made ones are: a bold line alone
is a heading, "- " or "1)" typed before paragraphs a list. The zip itself is opened with
limits, since a shared project may hold a hostile one.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

from lxml import etree

from publish.errors import PublishError
from publish.language import detect_language
from publish.limits import MAX_PART_BYTES, MAX_PARTS, MAX_UNPACKED_BYTES
from publish.markup import untrusted_xml
from publish.model import (
    MAX_VERSE_LINE,
    NOWHERE,
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
    Lead,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    Place,
    Quote,
    Rule,
    Sidebar,
    Span,
    Strong,
    Struck,
    Table,
    Text,
    merge_text,
    opens_small,
    placed,
    plain_text,
    stanzas,
    walk_blocks,
    written_as_lines,
)
from publish.readers.anchors import with_heading_names
from publish.readers.bold_headings import as_lead, bold_line, standing_alone, unbold
from publish.readers.inlines import set_apart, shifted
from publish.readers.metadata import normalise, valid_date
from publish.readers.typed_lists import ITEM_KINDS, line_kind, typed_item, typed_runs
from publish.resources import picture_problem
from publish.textruns import map_inlines

log = logging.getLogger(__name__)


class Package:
    """A zip package (DOCX, ODT) opened for reading parts by name, within limits."""

    def __init__(self, path: Path, kind: str, dialect: Callable[[bytes], bytes] | None = None):
        self.path = path
        self.kind = kind
        self.dialect = dialect  # rewrites a part into the form the reader knows (Word's Strict XML)
        try:
            self.zip = zipfile.ZipFile(path)
            names = self.zip.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise PublishError(f"not a readable {kind} (a damaged zip: {error})", path) from None
        if len(names) > MAX_PARTS:
            raise PublishError(f"not a readable {kind}: {len(names)} parts in its zip", path)
        self._one_reading(names)
        self.names = set(names)
        self.parts: dict[str, bytes] = {}  # each part unpacked once, however often it is referred to
        self.checked: dict[str, tuple[str, bool]] = {}  # picture part → (its name in a book, or its problem; usable)
        self.unpacked = 0

    def _one_reading(self, names: list[str]) -> None:
        """Refuse a zip other programs would read otherwise: two parts of one name (one
        reader takes the first, another the last), or bytes before the first part (a zip
        after another: a reader from the start sees the first) — what one reviewer checked
        would not be what the edition shows."""
        twice = next((name for name, count in Counter(names).items() if count > 1), None)
        if twice is not None:
            raise PublishError(f"not a readable {self.kind}: its zip holds two parts named {twice}", self.path)
        first = min((info.header_offset for info in self.zip.infolist()), default=0)
        if first:
            raise PublishError(
                f"not a readable {self.kind}: {first} bytes stand before its first part (another file joined to it?)",
                self.path,
            )

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes:
        """The bytes of part `name`; a part that unpacks past `limit` is refused (a zip bomb)."""
        if name not in self.names:
            raise PublishError(f"not a readable {self.kind}: it has no {name}", self.path)
        if name in self.parts:
            return self.parts[name]
        try:
            with self.zip.open(name) as part:
                data = part.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise PublishError(f"not a readable {self.kind}: {name} is damaged ({error})", self.path) from None
        if len(data) > limit:
            raise PublishError(f"{name} unpacks to over {_size(limit)}; refused", self.path)
        self.unpacked += len(data)
        if self.unpacked > MAX_UNPACKED_BYTES:
            raise PublishError(
                f"its parts unpack to over {_size(MAX_UNPACKED_BYTES)} together; refused (a zip bomb?)", self.path
            )
        self.parts[name] = data
        return data

    def xml(self, name: str) -> etree._Element:
        """Part `name` parsed as XML, with no DTD, entities, network or huge trees."""
        data = self.dialect(self.read(name)) if self.dialect else self.read(name)
        try:
            return untrusted_xml(data)
        except etree.XMLSyntaxError as error:
            raise PublishError(
                f"not a readable {self.kind}: {name} is not well-formed XML ({error.msg})", self.path
            ) from None

    def picture(self, name: str, alt: str) -> Image | str:
        """The picture stored as part `name`, or why it cannot go into a book."""
        suffix = PurePosixPath(name).suffix.lower()
        if name not in self.names:
            return "a picture whose file is missing from the document; its alt text stands in"
        if name not in self.checked:  # checked and named once, however often it is placed
            data = self.read(name)
            problem = picture_problem(data, ".jpg" if suffix == ".jpe" else suffix)
            self.checked[name] = problem or hashlib.sha256(data).hexdigest()[:16] + suffix, problem is None
        found, usable = self.checked[name]
        if not usable:
            return f"a picture that {found}; its alt text stands in"
        return Image(src=found, alt=alt, data=self.parts[name])


def _size(limit: int) -> str:
    """A limit as a person reads it: 200 bytes, 64 MB."""
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def number_in(text: str | None, default: int = 0) -> int:
    """A count or level an attribute gives, within sense (a hostile file may say -1 or 10⁹)."""
    try:
        return max(0, min(int(text or default), 10_000))
    except ValueError:
        return default


# --- paragraphs as read --------------------------------------------------------


_QUOTE = {"quote", "intense quote", "block text", "quotations", "quotation", "цитата", "blockquote"}
_CODE = {"html preformatted", "preformatted text", "source code", "source text", "code", "macro text"}
_LEAD = re.compile(r"\b(lead|lede|лид|врез|standfirst)\b", re.I)
_HEADING = re.compile(r"^(?:heading|заголовок)\s*(\d)$", re.I)
_CONTENTS = re.compile(r"^(toc|contents|оглавление)\b", re.I)


def kind_of_style(name: str) -> tuple[str, int] | None:
    """What a paragraph style's name says of its paragraphs (Word and LibreOffice name their
    built-in styles in English, whatever the language of the program), or None."""
    lowered = name.strip().lower()
    heading = _HEADING.match(lowered)
    if heading:
        return "heading", int(heading.group(1))
    if lowered in ("title", "название", "заглавие"):
        return "title", 0
    if lowered in ("subtitle", "подзаголовок"):
        return "subtitle", 0
    if lowered in ("author", "автор"):
        return "author", 0
    if lowered in ("date", "дата"):
        return "date", 0
    if lowered in ("abstract", "аннотация"):
        return "lead", 0
    if lowered in ("caption", "image caption", "figure caption", "подпись", "название объекта"):
        return "caption", 0
    if lowered in ("horizontal line", "horizontal rule"):
        return "rule", 0
    if lowered in _QUOTE:
        return "quote", 0
    if lowered in _CODE:
        return "code", 0
    if _LEAD.search(lowered):
        return "lead", 0
    if _CONTENTS.match(lowered):  # the document's table of contents: its heading, or a line of it
        return ("contents heading" if "heading" in lowered else "contents"), 0
    return None


@dataclass
class Piece:
    """One paragraph of a document, read: what it is, and its words."""

    number: int  # counted from 1 in the document's body, for messages
    kind: str  # text, title, subtitle, lead, heading, quote, code, item
    inlines: tuple[Inline, ...] = ()
    level: int = 0  # a heading's level (1…6), a list item's depth (0…), the levels a contents lists (0: all)
    ordered: bool = False
    start: int = 1  # an ordered list's first number
    list_id: str = ""  # the items of one list share it
    images: tuple[Image, ...] = ()
    continued: bool = False  # a list item's second or later paragraph
    table: Table | None = None  # a table's piece (kind "table") holds the table read
    line: int = 0  # its line as `publish check` counts them (see number_lines); 0 in a table
    names: tuple[str, ...] = ()  # what links within the document call it (its bookmarks)
    first: int = 0  # how many of `images` stand before its words (on lines of their own)
    box: int = 0  # the sidebar (a text box) it was read from, counted from 1; 0 in the running text
    marker: str = ""  # a list's markers where not "1.": ")" ("1)"), "none" (its items carry their own)
    label: str = ""  # with marker "none": the item's own ("а)", "Статья 3.")
    numbered: bool = False  # a heading the document numbers ("1.2 Methods"): its number opens its words

    @property
    def at(self) -> Place:
        return Place(self.line, 1) if self.line else NOWHERE

    @property
    def words(self) -> str:
        if self.table is not None:
            cells = (cell for row in self.table.rows for cell in row)
            return " ".join(plain_text(b.children) for c in cells for b in walk_blocks(c.blocks) if _has_text(b))
        return plain_text(self.inlines).strip()

    @property
    def prose(self) -> str:
        """`words` with what is not prose (code, a formula) as a 0, for `publish check`: a
        bracket in `f(x)` has no pair to find in the sentence."""
        if self.table is not None:
            return self.words
        blanked = (Text("0") if isinstance(inline, Code | Formula) else inline for inline in self.inlines)
        return plain_text(tuple(blanked)).strip()

    @property
    def place(self) -> str:
        return place(self.number, self.words)


def _has_text(block: Block) -> TypeGuard[Paragraph | Lead | Heading]:
    return isinstance(block, Paragraph | Lead | Heading)


@dataclass
class CellRead:
    """A table cell as a reader found it: its paragraphs, and what the table says of it."""

    pieces: list[Piece]
    header: bool = False
    columns: int = 1
    rows: int = 1
    align: str = ""


def table_pieces(number: int, rows: list[list[CellRead]], head: int) -> list[Piece]:
    """A table's piece; or, for a table that only lays text out (one cell a row: a box, a
    frame around a quotation), the cells' own paragraphs in order."""
    rows = [row for row in rows if row]
    if all(len(row) <= 1 for row in rows):
        return [piece for row in rows for cell in row for piece in cell.pieces]
    table = Table(
        tuple(
            tuple(
                Cell(
                    tuple(_blocks([p for p in cell.pieces if has_content(p) and not p.kind.startswith("contents")])),
                    header=cell.header,
                    columns=max(1, min(cell.columns, 1000)),
                    rows=max(1, min(cell.rows, 1000)),
                    align=cell.align if cell.align in ("left", "center", "right") else "",
                )
                for cell in row
            )
            for row in rows
        ),
        head=min(head, len(rows)),
    )
    return [Piece(number, "table", table=table)]


def place(number: int, words: str) -> str:
    """How a message names a paragraph: its number and first words."""
    first = " ".join(words.split()[:5])
    return f"paragraph {number}" + (f" («{first}…»)" if first else "")


@dataclass(frozen=True)
class Marks:
    """What a run of a document is besides its words: bold, italic, a link, a language, raised
    or lowered, struck through."""

    strong: bool = False
    emphasis: bool = False
    href: str | None = None
    language: str = ""  # a language the run names for itself ("" when it names none)
    position: str = ""  # "super" or "sub" for text above or below the line
    struck: bool = False
    code: bool = False  # set in a character style for code: literal, untouched by typography


# Character styles that mark code (Word's, LibreOffice's and Pandoc's names, lower case).
CODE_CHARACTERS = {"verbatim char", "html code", "html typewriter", "html keyboard", "source text", "teletype", "code"}


PLAIN = Marks()
_Run = tuple[Inline, Marks]


@dataclass
class Runs:
    """The inlines of one paragraph as they are read, run after run, each with its marks."""

    items: list[_Run] = field(default_factory=list)

    def add(self, inline: Inline, marks: Marks = PLAIN) -> None:
        self.items.append((inline, marks))

    def inlines(self, keep_spaces: bool = False) -> tuple[Inline, ...]:
        """The runs nested (link ⊃ language ⊃ strong ⊃ emphasis), neighbouring text joined,
        spaces made regular (but in code, where they are the text); a formula alone in its
        paragraph set apart, as the document shows it."""
        return set_apart(_nest(self.items if keep_spaces else _tidy(self.items)))


_SPACES = re.compile(r"[ \t\u00a0]{2,}|\t")


def _tidy(items: list[_Run]) -> list[_Run]:
    """Runs of spaces (manual spacing, tabs) made one space; none at the paragraph's ends."""
    tidy: list[_Run] = []
    previous_space = True  # at the start: leading spaces go
    for inline, marks in items:
        if isinstance(inline, Text):
            text = _SPACES.sub(" ", inline.text.replace("\t", " "))
            if previous_space:
                text = text.lstrip(" ")
            if not text:
                continue
            previous_space = text.endswith(" ")
            inline = Text(text)
        elif isinstance(inline, LineBreak):
            _strip_last(tidy)
            previous_space = True
        else:
            previous_space = False
        tidy.append((inline, marks))
    while tidy and (
        isinstance(tidy[-1][0], LineBreak) or isinstance(tidy[-1][0], Text) and not tidy[-1][0].text.strip()
    ):
        tidy.pop()
    _strip_last(tidy)
    return tidy


def _strip_last(runs: list[_Run]) -> None:
    """No space before a line break or at the paragraph's end."""
    if runs and isinstance(runs[-1][0], Text):
        runs[-1] = (Text(runs[-1][0].text.rstrip(" ")), runs[-1][1])


def _nest(items: list[_Run]) -> tuple[Inline, ...]:
    """Runs grouped by link, language, strong, then emphasis, so that marks nest as a reader
    sees them."""
    nested: list[Inline] = []
    for href, linked in _groups(items, lambda item: item[1].href):
        inner: list[Inline] = []
        for language, spoken in _groups(linked, lambda item: item[1].language):
            marked = _nest_marks(spoken)
            inner.extend([Span(language, marked)] if language else marked)
        nested.extend([Link(href, merge_text(inner))] if href else inner)
    return merge_text(nested)


def _nest_marks(items: list[_Run]) -> tuple[Inline, ...]:
    """Runs grouped by strong, emphasis, strike-through, then position, outermost first."""
    nested: list[Inline] = []
    for strong, bold in _groups(items, lambda item: item[1].strong):
        inner: list[Inline] = []
        for emphasis, italic in _groups(bold, lambda item: item[1].emphasis):
            words: list[Inline] = []
            for struck, crossed in _groups(italic, lambda item: item[1].struck):
                marked: list[Inline] = []
                for position, placed_ in _groups(crossed, lambda item: item[1].position):
                    marked.extend(shifted(_coded(placed_), position))
                words.extend([Struck(merge_text(marked))] if struck else marked)
            inner.extend([Emphasis(merge_text(words))] if emphasis else words)
        nested.extend([Strong(merge_text(inner))] if strong else inner)
    return merge_text(nested)


def _coded(items: list[_Run]) -> tuple[Inline, ...]:
    """The runs' inlines, text in a code style made `Code` (neighbouring pieces joined)."""
    inlines: list[Inline] = []
    for code, runs in _groups(items, lambda item: item[1].code):
        words = merge_text(item[0] for item in runs)
        if code and all(isinstance(inline, Text) for inline in words):
            inlines.append(Code("".join(inline.text for inline in words if isinstance(inline, Text))))
        else:
            inlines.extend(words)
    return tuple(inlines)


def _groups(items: list[_Run], key: Callable[[_Run], object]) -> Iterator[tuple[Any, list[_Run]]]:
    """Neighbouring runs with the same `key`, with it."""
    group: list[_Run] = []
    for item in items:
        if group and key(item) != key(group[0]):
            yield key(group[0]), group
            group = []
        group.append(item)
    if group:
        yield key(group[0]), group


# --- the model from the pieces ---------------------------------------------------


@dataclass(frozen=True)
class Assembled:
    blocks: tuple[Block, ...]
    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()  # paragraphs styled Author (Pandoc's title block)
    date: str = ""  # the first paragraph styled Date
    title_at: Place = NOWHERE  # where a Heading 1 taken for the title stood (a heading under it is then level 2)
    bold_headings: int = 0  # lines set bold by hand read as headings (the document has no heading styles)


def assemble(pieces: list[Piece], whole_document: bool = True) -> Assembled:
    """The blocks of `pieces`; for a whole document also its title block — the paragraphs
    styled Title (one title, however many lines), Subtitle, Author and Date, taken out of the
    text — and its lead: a paragraph styled as one, or else the first paragraph after the
    title block, as in the house's plain-text layout."""
    pieces = _typed_lists([piece for piece in _verse_gathered(_contents_gathered(pieces)) if has_content(piece)])
    if not whole_document:
        return Assembled(tuple(_blocks(pieces)))
    pieces, bold_headings = _bold_lines_as_headings(pieces)
    heading = _lone_top_heading(pieces)
    title_at = pieces[heading].at if heading is not None else NOWHERE
    if heading is not None:
        pieces[heading] = dataclasses.replace(pieces[heading], kind="title")
    pieces = _title_block_first(pieces)
    authors = tuple(piece.words for piece in pieces if piece.kind == "author")
    date = next((piece.words for piece in pieces if piece.kind == "date"), "")
    pieces = [piece for piece in pieces if piece.kind not in ("author", "date")]
    title = subtitle = ""
    first = next((index for index, piece in enumerate(pieces) if piece.kind == "title"), None)
    if first is not None:
        title_pieces = [pieces[first], *_run_of(pieces[first + 1 :], "title")]
        title = " ".join(piece.words for piece in title_pieces)
        del pieces[first : first + len(title_pieces)]
        if first < len(pieces) and pieces[first].kind == "subtitle":
            subtitle = pieces.pop(first).words
        # (a contents, or a text box anchored beside the title, may stand between)
        after = next(  # (a bold line under the title, a byline, is no lead: the prose after it is)
            (
                i
                for i in range(first, len(pieces))
                if pieces[i].kind != "contents"
                and not pieces[i].box
                and not _bold_piece(pieces[i])
                and stanzas(pieces[i].inlines) is None  # (an epigraph in verse, an address: no lead)
            ),
            len(pieces),
        )
        lead = after < len(pieces) and pieces[after].kind == "text"
        if lead and not any(p.kind == "lead" for p in pieces):
            pieces[after] = dataclasses.replace(pieces[after], kind="lead", inlines=as_lead(pieces[after].inlines))
    return Assembled(tuple(_blocks(pieces)), title, subtitle, authors, date, title_at, bold_headings)


_TITLE_BLOCK = ("title", "subtitle", "author", "date")
VERSE_LINES = 4  # paragraphs in a row, at least, that a poem typed a line a paragraph has
_RUNS_ON = re.compile(r"[\w,;:—–-]$")  # a line's end that goes on in the next (no full stop)
_COMMA_END = re.compile(r"[,—–]$")  # a clause's end: a quarter of a poem's lines end so, a list's labels none


def _verse_gathered(pieces: list[Piece]) -> list[Piece]:
    """The pieces with each poem typed as Word's and LibreOffice's users type one — a line a
    paragraph, an empty paragraph between stanzas — made a paragraph of lines a stanza
    (publish.model.stanzas sets them as verse). A run of four lines or more, written as
    lines (publish.model.written_as_lines), half of them running on to the next (a comma,
    no stop: short paragraphs of prose end as sentences), none bold alone or typed as an
    item ("1)", "- "), all in one text box or none, and a quarter ending in a comma or a
    dash (a list of labels, of names, of parts typed a line a paragraph ends in none)."""
    result: list[Piece] = []
    index = 0
    while index < len(pieces):
        run = _verse_run(pieces, index)  # (each piece is looked at in one run only: linear)
        if run and run[0].words.endswith(":"):  # ("…звучат так:" opens the poem; it is none of it)
            run = run[:1]
        if not run or not _is_verse(run):
            result.extend(run or pieces[index : index + 1])
            index += len(run) or 1
            continue
        stanza: list[Piece] = []
        for piece in [*run, None]:
            if piece is not None and piece.words:
                stanza.append(piece)
            elif stanza:
                lines = [inline for line in stanza for inline in (LineBreak(), *line.inlines)][1:]
                result.append(dataclasses.replace(stanza[0], inlines=tuple(lines)))
                stanza = []
        index += len(run)
    return result


def _verse_run(pieces: list[Piece], start: int) -> list[Piece]:
    """The longest run of pieces from `start` that may be a poem's lines (and the empty
    paragraphs between its stanzas)."""
    run: list[Piece] = []
    for piece in itertools.islice(pieces, start, None):
        if not _verse_line(piece) and not (_empty(piece) and run and _verse_line(run[-1])):
            break
        if run and piece.box != run[0].box:
            break
        run.append(piece)
    while run and not run[-1].words:
        run.pop()
    return run


def _is_verse(run: list[Piece]) -> bool:
    texts = [piece.words for piece in run if piece.words]
    if len(texts) < VERSE_LINES or sum(bool(_RUNS_ON.search(text)) for text in texts) * 2 < len(texts):
        return False
    return sum(bool(_COMMA_END.search(text)) for text in texts) * 4 >= len(texts) and written_as_lines(texts)


def _verse_line(piece: Piece) -> bool:
    return (
        piece.kind == "text"
        and bool(piece.words)
        and len(piece.words) <= MAX_VERSE_LINE
        and not opens_small(piece.words)
        and not (piece.images or piece.continued or _bold_piece(piece) or line_kind(piece.words) in ITEM_KINDS)
    )


def _empty(piece: Piece) -> bool:
    return piece.kind == "text" and not has_content(piece)


def _typed_lists(pieces: list[Piece]) -> list[Piece]:
    """The pieces with each run of two or more paragraphs opening with typed markers of one
    kind ("1)", "а)", "•", "- " before a small letter: publish.readers.typed_lists), in one
    text box, made the items of a list, their markers taken out (the list draws them; a
    letter, as its label)."""
    openings = [piece.inlines if piece.kind == "text" else None for piece in pieces]
    result = list(pieces)
    for start, end, kind in typed_runs(openings, lambda before, after: pieces[before].box == pieces[after].box):
        for index in range(start, end):
            result[index] = _typed_item(pieces[index], kind, f"typed-{start}")
    return result


def _typed_item(piece: Piece, kind: str, list_id: str) -> Piece:
    inlines, start, shown, label = typed_item(piece.inlines, kind)
    return dataclasses.replace(
        piece, kind="item", inlines=inlines, level=0, ordered=kind == "numbered", start=start, list_id=list_id,
        marker=shown, label=label,
    )  # fmt: skip


def _bold_lines_as_headings(pieces: list[Piece]) -> tuple[list[Piece], int]:
    """The pieces with each line set bold by hand a heading (publish.readers.bold_headings),
    the one opening the text above the others (so that it is the title), and how many; only
    where the document uses no heading or title style at all."""
    if any(piece.kind in ("heading", "title") for piece in pieces):
        return pieces, 0
    flags = [_bold_piece(piece) for piece in pieces]
    places = standing_alone(flags, sum(piece.kind == "text" for piece in pieces))
    opening = next((index for index, piece in enumerate(pieces) if not piece.box), None)
    if places and opening is not None and flags[opening] and opening not in places:
        places = [opening, *places]  # the title, a bold byline or subtitle under it (which stays as it is)
    result = list(pieces)
    for index in places:
        level = 1 if index == opening else 2
        result[index] = dataclasses.replace(
            pieces[index], kind="heading", level=level, inlines=unbold(pieces[index].inlines)
        )
    return result, len(places)


def _bold_piece(piece: Piece) -> bool:
    return piece.kind == "text" and not (piece.box or piece.images or piece.continued) and bold_line(piece.inlines)


def _lone_top_heading(pieces: list[Piece]) -> int | None:
    """With no paragraph styled Title, the place of a Heading 1 that opens the text and is its
    only one: the title (as a lone `#` heading on top is Markdown's). Word's and LibreOffice's
    users title a text so as often as with the Title style; the editions set it once, not in
    the title block and again as a section of its own."""
    if any(piece.kind == "title" or piece.kind.startswith("contents") for piece in pieces):
        return None  # (a contents the author made lists the heading: a section, to them)
    opening = next((index for index, piece in enumerate(pieces) if not piece.box), None)
    if opening is None or len(pieces) < 2:  # (a heading alone is the text, not a title over none)
        return None
    heading = pieces[opening]
    if heading.kind != "heading" or heading.level != 1 or heading.numbered:  # (chapter 1 of a numbered outline)
        return None
    if any(piece.kind == "heading" and piece.level == 1 for piece in pieces[opening + 1 :]):
        return None
    return opening


def _title_block_first(pieces: list[Piece]) -> list[Piece]:
    """The pieces with the title block's styles (Title, Subtitle, Author, Date) kept as such
    only up to the text that follows the first title: a paragraph so styled further on is
    text, as Pandoc reads it (a second title block pasted into the text stays in it, and
    its authors are not the document's twice)."""
    first = next((index for index, piece in enumerate(pieces) if piece.kind == "title"), 0)
    body = next(
        (index for index in range(first, len(pieces)) if pieces[index].kind not in (*_TITLE_BLOCK, "lead")), None
    )
    if body is None:
        return pieces
    return pieces[:body] + [
        dataclasses.replace(piece, kind="text") if piece.kind in _TITLE_BLOCK else piece for piece in pieces[body:]
    ]


def number_lines(body: list[Piece], notes: list[Piece]) -> None:
    """Each paragraph's line as `publish check` reads a document, a paragraph a line: the
    body's paragraphs that say something, then the notes' (publish.check.source)."""
    for line, piece in enumerate([*body, *notes], 1):
        piece.line = line


def notes_of(texts: list[list[Piece]]) -> tuple[Note, ...]:
    """The notes, each from its paragraphs (assembled once every line is numbered)."""
    notes = []
    for pieces in texts:
        first = next((piece for piece in pieces if piece.line), None)
        notes.append(Note(assemble(pieces, whole_document=False).blocks, at=first.at if first else NOWHERE))
    return tuple(notes)


def file_properties(
    title: str, creators: str, description: str, keywords: list[str], created: str
) -> dict[str, object]:
    """The metadata fields a document's file properties give (as its format stores them: names
    and keywords as one text, separated by semicolons or commas), the empty ones left out."""
    fields: dict[str, object] = {}
    if title.strip():
        fields["title"] = title.strip()
    names = tuple(name.strip() for name in re.split(r"[;\n]", creators) if name.strip())
    if names:
        fields["authors"] = names
    if description.strip():
        fields["description"] = description.strip()
    words = tuple(word.strip() for word in keywords if word.strip())
    if words:
        fields["keywords"] = words
    if valid_date(created[:10]):
        fields["date"] = created[:10]
    return fields


def document_of(
    assembled: Assembled,
    properties: dict[str, object],
    pieces: list[Piece],
    path: Path,
    language: str | None,
    notes: tuple[Note, ...],
) -> Document:
    """The document: what its text shows of itself (title, subtitle, authors, date, lead)
    over what its file's properties say (often stale: a template's title, whoever set up the
    computer); the file's name when neither names a title; the language given or detected."""
    if not assembled.blocks:
        raise PublishError("the document has no text", path)
    contents = next((piece for piece in pieces if piece.kind.startswith("contents")), None)
    if contents and not any(isinstance(block, Heading) for block in walk_blocks(assembled.blocks)):
        log.warning(  # (its lines name headings the text does not have: they vanish, and the editor is told)
            "%s: %s: the document's own table of contents is left out: the text has no headings for one",
            path,
            contents.place,
        )
    if assembled.bold_headings:
        log.warning(
            "%s: the document uses no heading styles: %d line%s set in bold read as heading%s "
            "(style them Heading 1, 2… to choose otherwise)",
            path,
            assembled.bold_headings,
            "" if assembled.bold_headings == 1 else "s",
            "" if assembled.bold_headings == 1 else "s",
        )
    fields = dict(properties)
    fields["title"] = assembled.title or fields.get("title") or path.stem.replace("-", " ").replace("_", " ")
    fields["language"] = language or detect_language("\n".join(piece.words for piece in pieces))
    if assembled.subtitle:
        fields["subtitle"] = assembled.subtitle
    if assembled.authors:
        fields["authors"] = assembled.authors
    if assembled.date and valid_date(assembled.date):
        fields["date"] = assembled.date
    lead = next((block for block in assembled.blocks if isinstance(block, Lead)), None)
    if lead is not None:  # what the text says of itself, over a Comments field nobody sees
        fields.pop("description", None)
    lead_text = plain_text(lead.children) if lead else ""
    metadata = Metadata(**normalise(fields, path, lead_text))
    document = Document(metadata, assembled.blocks, notes, path, title_at=assembled.title_at)
    own = document.metadata.language.split("-")[0].lower()
    names = {piece.line: piece.names for piece in pieces if piece.names and piece.line}
    document = with_heading_names(document, lambda heading: names.get(heading.at.line, ()))
    return map_inlines(document, partial(_foreign_only, language=own))


def _foreign_only(inlines: tuple[Inline, ...], language: str) -> tuple[Inline, ...]:
    """Spans in the document's own language are no spans: Word marks every run typed on a
    keyboard set to a language, including the text's own."""
    plain: list[Inline] = []
    for inline in inlines:
        same = isinstance(inline, Span) and inline.language.split("-")[0].lower() == language
        plain.extend(inline.children if same else [inline])  # type: ignore[union-attr]
    return merge_text(plain)


# A text box none of whose paragraphs has this many words (captions apart) holds labels — a
# diagram's, a title page's lines in a shape —, read as paragraphs; one with a paragraph of
# prose is a sidebar.
SIDEBAR_WORDS = 12


def boxed(pieces: list[Piece], number: int) -> list[Piece]:
    """A text box's paragraphs, marked as sidebar `number` where the box holds prose of its own
    (LibreOffice's captioned picture is a box of a picture and its caption: not a sidebar)."""
    if not any(len(piece.words.split()) >= SIDEBAR_WORDS for piece in pieces if piece.kind != "caption"):
        return pieces
    return [dataclasses.replace(piece, box=number) for piece in pieces]


def has_content(piece: Piece) -> bool:
    """Whether a paragraph says anything: an empty one is spacing, which a book does by style."""
    if piece.kind in ("rule", "table", "contents"):
        return True
    return bool(piece.words or piece.images or any(isinstance(inline, NoteRef) for inline in piece.inlines))


def _contents_gathered(pieces: list[Piece]) -> list[Piece]:
    """The pieces with each run of a table of contents' lines (its heading, then its entries
    with Word's page numbers) made one piece of kind "contents": the place every edition
    lists the headings as it numbers them, under the document's own heading of it."""
    gathered: list[Piece] = []
    in_contents = False
    for piece in pieces:
        if piece.kind not in ("contents", "contents heading"):
            gathered.append(piece)
            in_contents = False
        elif not in_contents:
            title = piece.inlines if piece.kind == "contents heading" else ()
            gathered.append(Piece(piece.number, "contents", title, level=piece.level, line=piece.line))
            in_contents = True
        else:
            gathered[-1].level = max(gathered[-1].level, piece.level)  # (Word's field begins in its first line)
            if piece.kind == "contents heading" and not gathered[-1].inlines:
                gathered[-1].inlines = piece.inlines
    return gathered


def _run_of(pieces: list[Piece], kind: str = "", box: int = 0) -> list[Piece]:
    """The pieces at the start of `pieces` of one text `box` (0: the running text) and, in the
    running text, of one `kind`."""
    run = []
    for piece in pieces:
        if piece.box != box or (not box and piece.kind != kind):
            break
        run.append(piece)
    return run


def _blocks(pieces: list[Piece]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.box:  # a text box's paragraphs: one sidebar, its own blocks inside
            run = _run_of(pieces[index:], box=piece.box)
            index += len(run)
            inner = _blocks([dataclasses.replace(inside, box=0) for inside in run])
            blocks.extend([Sidebar(tuple(inner), at=piece.at)] if inner else [])
            continue
        if piece.kind in ("item", "quote", "code"):
            run = _run_of(pieces[index:], piece.kind)
            index += len(run)
            if piece.kind == "item":
                blocks.extend(_lists(run))
            elif piece.kind == "quote":
                blocks.append(Quote(tuple(_blocks([_as_text(quoted) for quoted in run])), at=piece.at))
            else:
                blocks.append(CodeBlock("\n".join(plain_text(code.inlines) for code in run), at=piece.at))
                blocks.extend(placed(image, code.at) for code in run for image in code.images)
            continue
        if piece.kind == "caption" and blocks and isinstance(blocks[-1], Image) and not piece.images:
            blocks[-1:] = _captioned(blocks[-1], piece)
        elif piece.kind == "caption" and blocks and isinstance(blocks[-1], Table) and not blocks[-1].caption:
            blocks[-1] = dataclasses.replace(blocks[-1], caption=piece.inlines)  # (under it: LibreOffice's way)
        elif piece.kind == "caption" and index + 1 < len(pieces) and pieces[index + 1].kind == "table":
            table = _piece_blocks(pieces[index + 1])  # (above it: Word's way)
            blocks.extend(dataclasses.replace(b, caption=piece.inlines) if isinstance(b, Table) else b for b in table)
            index += 1
        else:
            blocks.extend(_piece_blocks(piece))
        index += 1
    return blocks


def _captioned(image: Image, caption: Piece) -> list[Block]:
    """A caption under a picture: its title (the editions set it under the picture), unless
    it only repeats the alt text (Pandoc writes the alt text as the caption)."""
    if caption.words == image.alt:
        return [image]
    if not image.title:  # a picture with no alt text of its own is described by its caption
        return [dataclasses.replace(image, title=caption.words, alt=image.alt or caption.words)]
    return [image, Paragraph(caption.inlines)]


def _as_text(piece: Piece) -> Piece:
    return Piece(piece.number, "text", piece.inlines, images=piece.images, line=piece.line, first=piece.first)


def _piece_blocks(piece: Piece) -> list[Block]:
    """A paragraph, with the pictures it holds on lines of their own before and after it (a
    picture among its words stands in its line)."""
    blocks: list[Block] = []
    if piece.table is not None:
        blocks.append(piece.table)
    elif piece.kind == "rule":
        blocks.append(Rule())
    elif piece.kind == "contents":
        blocks.append(Contents(piece.words, piece.level))
    elif piece.words or any(isinstance(inline, NoteRef) for inline in piece.inlines):
        if piece.kind == "heading":
            blocks.append(Heading(min(max(piece.level, 1), 6), piece.inlines))
        elif piece.kind == "lead":
            blocks.append(Lead(piece.inlines))
        else:
            blocks.append(Paragraph(piece.inlines))
    images = piece.images
    return [placed(block, piece.at) for block in (*images[: piece.first], *blocks, *images[piece.first :])]


def _lists(items: list[Piece]) -> list[Block]:
    """List items, each with its depth, as lists nested in their items; an item's further
    paragraphs (`continued`) stay in it."""
    base = min(item.level for item in items)
    lists: list[Block] = []
    entries: list[tuple[list[Piece], list[Piece]]] = []  # an item's paragraphs, the deeper items under it

    def close() -> None:
        if entries:
            first = entries[0][0][0]
            contents = tuple(
                (
                    *(block for piece in own for block in _piece_blocks(_as_text(piece))),
                    *(_lists(deeper) if deeper else ()),
                )
                for own, deeper in entries
            )
            labels = tuple(own[0].label for own, _ in entries) if first.marker == "none" else ()
            lists.append(
                ListBlock(first.ordered, contents, first.start, first.marker, first.at, labels),
            )
            entries.clear()

    for item in items:
        if entries and (item.level > base or item.continued):
            (entries[-1][1] if item.level > base else entries[-1][0]).append(item)
            continue
        first = entries[0][0][0] if entries else None
        if first is not None and (item.list_id != first.list_id or item.ordered != first.ordered):
            close()
        entries.append(([item], []))
    close()
    return lists


def read_office(path: Path, language: str | None) -> tuple[Document, tuple[Piece, ...]]:
    """A Word or OpenDocument file read once, however many stages ask (the build, then its
    checks), as long as it has not changed: its problems are reported once."""
    try:
        stat = path.stat()
    except OSError as error:
        raise PublishError(f"cannot read the source: {error.strerror or error}", path) from None
    return _read_as_it_is(path, (stat.st_mtime_ns, stat.st_size), language)


@functools.lru_cache(maxsize=4)
def _read_as_it_is(path: Path, _stamp: tuple[int, int], language: str | None) -> tuple[Document, tuple[Piece, ...]]:
    if path.suffix.lower() == ".docx":
        from publish.readers.docx import DocxReader as Reader
    else:
        from publish.readers.odt import OdtReader as Reader  # type: ignore[assignment]
    reader = Reader.open(path)
    document = reader.document(language)
    return document, (*reader.pieces, *reader.note_pieces)
