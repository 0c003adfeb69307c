"""The document model every stage shares.

Readers build it, text stages return changed copies of it, the renderer reads it.
Plain dataclasses: the model knows nothing of files, markup or editions, and imports
nothing else of ours, so every stage can depend on it and on nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

from publish.links import address

# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A run of prose: the only inline that text stages rewrite."""

    text: str


@dataclass(frozen=True)
class Code:
    """Literal text that no typography or hyphenation rule may touch."""

    text: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a block (verse, addresses)."""


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link; its address as a browser will read it (see publish.links)."""

    href: str
    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "href", address(self.href))


@dataclass(frozen=True)
class Span:
    """Words in another language than the text around them (a quotation, a slogan): set with
    that language's typography and hyphenation, and marked as such for screen readers."""

    language: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Shifted:
    """Text set below or above the line as the author set it: a formula's index (H₂O), a
    power (10⁶), an ordinal's ending (1ᵉʳ); `position` is "sub" or "super"."""

    position: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Struck:
    """Text struck through and left to be read: a correction the author shows."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Formula:
    """Mathematics: `mathml` a `<math>` element of presentation MathML, checked and cleaned
    (publish.readers.mathml), `text` the same read out on one line (x = (−b ± √(b² − 4ac))/(2a))
    for what cannot show MathML; `display` set apart on its own line."""

    mathml: str
    text: str
    display: bool = False


@dataclass(frozen=True)
class InlineImage:
    """A picture that stands among the words of a line (an icon, a symbol, a small drawing
    in a sentence), where the source set it; `height` in ems of the text around it as the
    source sized it, 0 when it does not say. A picture on a line of its own is an `Image`
    block instead (publish.readers.inlines.pictures_apart)."""

    image: Image
    height: float = 0.0


@dataclass(frozen=True)
class NoteRef:
    """A reference to `Document.notes[number - 1]`."""

    number: int


Inline = Text | Code | LineBreak | Emphasis | Strong | Link | Span | Shifted | Struck | Formula | InlineImage | NoteRef
# The inlines that hold others: what a walk over inlines opens.
CONTAINERS = (Emphasis, Strong, Link, Span, Shifted, Struck)

# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a block was written: the line and column (from 1) where it begins in its source,
    0 where the reader cannot tell. A Word or OpenDocument file's line is its paragraph, counted
    as `publish check` counts them (empty ones not). The file is the document's (`Document.source`)
    or, in a collection, its article's. It takes part in no comparison: the same text read
    from two places is the same text."""

    line: int = 0
    column: int = 0

    def __bool__(self) -> bool:
        return self.line > 0


NOWHERE = Place()


def _at() -> Place:
    """Every block's `at`: where it was written, a field no comparison sees (see `placed`)."""
    return field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    at: Place = _at()


@dataclass(frozen=True)
class Lead:
    """The opening paragraph that sums up an article; set apart in every edition."""

    children: tuple[Inline, ...]
    at: Place = _at()


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]
    at: Place = _at()


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    at: Place = _at()


@dataclass(frozen=True)
class Sidebar:
    """Text set apart beside the running text — a Word or LibreOffice text box, a book's
    `<aside>`: read where it stands, once, and shown as a box of its own in every edition."""

    blocks: tuple[Block, ...]
    at: Place = _at()


@dataclass(frozen=True)
class ListBlock:
    """`marker` is how the source wrote its markers, where that is not the usual: ")" after the
    numbers ("1)"), or "none" for a list whose items carry their own ("а)", "б)", "Статья 3."):
    `labels`, one an item ("" for an item without), kept apart from its text so that the
    editions hang them where a number would stand."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    marker: str = ""
    at: Place = _at()
    labels: tuple[str, ...] = ()

    def label(self, index: int) -> str:
        """Item `index`'s own label, or "" (the list numbers or bullets it)."""
        return self.labels[index] if self.marker == "none" and index < len(self.labels) else ""


@dataclass(frozen=True)
class CodeBlock:
    text: str
    at: Place = _at()


@dataclass(frozen=True)
class Image:
    """A picture: stored beside the source (`src` relative to the source's folder), or carried
    inside it (`data`, from a Word or OpenDocument file; `src` is then only its name)."""

    src: str
    alt: str
    title: str = ""
    data: bytes = field(default=b"", repr=False)
    decorative: bool = False  # the source says it shows nothing to read (alt="", Word's "decorative")
    at: Place = _at()


@dataclass(frozen=True)
class Rule:
    """A thematic break (a horizontal rule, an ornament in print)."""

    at: Place = _at()


@dataclass(frozen=True)
class Contents:
    """Where the source set its own table of contents (Word's TOC field, LibreOffice's index,
    Markdown's `[TOC]`, a web page's `role="doc-toc"`): the editions list the document's
    headings there, as each names and numbers them (a Word file's list, with Word's page
    numbers, would be wrong in any other layout; FB2 readers make their own). `title` is the
    source's own heading of it ("Оглавление"), or "" where it had none; `levels` the deepest
    heading level it lists (Word's `TOC \\o "1-3"`: 3), 0 for every level."""

    title: str = ""
    levels: int = 0
    at: Place = _at()


@dataclass(frozen=True)
class Cell:
    """One cell of a table: its blocks (mostly one paragraph), whether it heads its column or
    row (`header`), how many columns and rows it spans, and its alignment as the source set it
    ("left", "center", "right"; "" for the table's own)."""

    blocks: tuple[Block, ...]
    header: bool = False
    columns: int = 1
    rows: int = 1
    align: str = ""


@dataclass(frozen=True)
class Table:
    """Rows of cells; the first `head` rows are the table's heading (repeated on every page it
    runs to in print), `caption` its title."""

    rows: tuple[tuple[Cell, ...], ...]
    head: int = 0
    caption: tuple[Inline, ...] = ()
    at: Place = _at()


@dataclass(frozen=True)
class Article:
    """One text of a collection, with its own metadata (title, authors, date, language): its
    blocks begin with its title as a heading of the book (see publish.collection)."""

    metadata: Metadata
    blocks: tuple[Block, ...]
    source: Path | None = field(default=None, compare=False)  # the file its blocks' places are in
    at: Place = _at()  # (where the collection lists it: not kept)


Block = Paragraph | Lead | Heading | Quote | Sidebar | ListBlock | Table | CodeBlock | Image | Rule | Contents | Article


@dataclass(frozen=True)
class Note:
    """A footnote: its number is its position in `Document.notes`, counted from 1."""

    blocks: tuple[Block, ...]
    at: Place = _at()


# --- the document ------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    title: str
    language: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""  # as the source writes it, for display
    iso_date: str = ""  # the same as YYYY[-MM[-DD]], or "" when it is not a date
    rights: str = ""
    identifier: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    cover: str = ""  # an image beside the source to use as the cover, instead of a generated one
    series: str = ""  # a journal's name, for an issue of it
    series_number: str = ""  # the number in its series
    editors: tuple[str, ...] = ()  # a collection's people (its texts have authors)
    genre: str = ""  # FB2's genre (publish.editions.FB2_GENRES), when the source names one

    @property
    def credited(self) -> tuple[str, ...]:
        """Whom every edition names as the book's maker, one rule for all (an e-reader's library
        lists it under them): its authors; else a collection's editors; else the publisher that
        issued it unsigned (a party's statement is its own); else no one."""
        return self.authors or self.editors or ((self.publisher,) if self.publisher else ())


@dataclass(frozen=True)
class Document:
    metadata: Metadata
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    source: Path | None = field(default=None, compare=False)
    # Files a reader looked for and did not take (a missing or refused picture): recorded in the
    # build's stamp, so that adding or mending one builds the editions again.
    consulted: tuple[Path, ...] = field(default=(), compare=False)
    # Where the title was written when the source's own heading is taken as it (a Markdown `#`,
    # a web page's h1): the headings after it stand under it.
    title_at: Place = field(default=NOWHERE, compare=False)
    # The names the source gives its headings (Markdown's `{#id}`, Pandoc's identifiers) → the
    # heading's number among its running text's headings, from 1: what a link to `#name` means
    # (publish.readers.anchors.linked_to_headings makes it the editions' `#section-N`).
    heading_names: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def base_dir(self) -> Path | None:
        """The folder that relative image paths are read from."""
        return self.source.parent if self.source else None


def placed(block: Block, at: Place) -> Block:
    """`block` at `at`, unless a reader placed it already (a block made of a part of its
    source, a picture on a paragraph's line, knows better than the part around it)."""
    if not at or block.at:
        return block
    return replace(block, at=at)


def walk_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, and every block inside a quote, a list item, a table's cell or an article,
    in reading order (a table's caption is its own, not a block)."""
    for block in blocks:
        yield block
        if isinstance(block, Quote | Sidebar | Article):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from walk_blocks(cell.blocks)


def map_blocks(blocks: Iterable[Block], function: Callable[[Block], Block]) -> tuple[Block, ...]:
    """`blocks` with `function` applied to each block that holds no others (a paragraph, a
    heading, a picture…), and the quotes, lists and tables around them rebuilt; a table's
    caption goes through `function` as a paragraph. Articles are left as they are: a
    collection's texts are set on their own before they are bound."""

    def each(block: Block) -> Block:
        if isinstance(block, Quote | Sidebar):
            return replace(block, blocks=map_blocks(block.blocks, function))
        if isinstance(block, ListBlock):
            return replace(block, items=tuple(map_blocks(item, function) for item in block.items))
        if isinstance(block, Table):
            rows = tuple(
                tuple(replace(cell, blocks=map_blocks(cell.blocks, function)) for cell in row) for row in block.rows
            )
            caption = block.caption
            if caption:
                mapped = function(Paragraph(caption))
                caption = mapped.children if isinstance(mapped, Paragraph) else caption
            return replace(block, rows=rows, caption=caption)
        if isinstance(block, Article):
            return block
        return function(block)

    return tuple(each(block) for block in blocks)


def merge_text(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    """`inlines` with neighbouring text runs joined, so that text stages see words whole."""
    merged: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + inline.text)
        else:
            merged.append(inline)
    return tuple(merged)


def walk_inlines(inlines: Iterable[Inline]) -> Iterator[Inline]:
    """Every inline, and every inline inside emphasis, strong text, a link…, in reading order."""
    for inline in inlines:
        yield inline
        if isinstance(inline, CONTAINERS):
            yield from walk_inlines(inline.children)


def block_words(blocks: Iterable[Block]) -> Iterator[tuple[Inline, ...]]:
    """The words of every block that holds some, in reading order: a paragraph's, a lead's, a
    heading's, and a table's caption (read before its cells)."""
    for block in walk_blocks(blocks):
        if isinstance(block, Paragraph | Lead | Heading):
            yield block.children
        elif isinstance(block, Table) and block.caption:
            yield block.caption


def note_refs(blocks: Iterable[Block]) -> Iterator[int]:
    """The numbers of the notes `blocks` cite, in reading order."""
    for words in block_words(blocks):
        for inline in walk_inlines(words):
            if isinstance(inline, NoteRef):
                yield inline.number


def has_formulas(document: Document) -> bool:
    """Whether a formula stands anywhere in `document`'s text or notes (a caption's too)."""
    blocks = (*document.blocks, *(block for note in document.notes for block in note.blocks))
    return any(isinstance(inline, Formula) for words in block_words(blocks) for inline in walk_inlines(words))


def all_images(blocks: Iterable[Block]) -> Iterator[Image]:
    """Every picture in `blocks`, in reading order: the blocks' and those among the words."""
    for block in walk_blocks(blocks):
        if isinstance(block, Image):
            yield block
        elif isinstance(block, Paragraph | Lead | Heading):
            yield from (inline.image for inline in walk_inlines(block.children) if isinstance(inline, InlineImage))
        elif isinstance(block, Table):
            yield from (inline.image for inline in walk_inlines(block.caption) if isinstance(inline, InlineImage))


def running_text(blocks: Iterable[Block]) -> Iterator[Block]:
    """The blocks of the running text in order, an article's as if they stood in the book's:
    what headings, sections and files are made of (quotes and lists are not opened)."""
    for block in blocks:
        if isinstance(block, Article):
            yield from running_text(block.blocks)
        else:
            yield block


@dataclass(frozen=True)
class Size:
    """How much a reader reads: what a book's budgets (publish.limits) are counted in."""

    characters: int = 0
    blocks: int = 0
    headings: int = 0
    notes: int = 0
    depth: int = 0  # lists and quotations, one inside another
    formulas: int = 0

    def __add__(self, other: Size) -> Size:
        return Size(
            self.characters + other.characters,
            self.blocks + other.blocks,
            self.headings + other.headings,
            self.notes + other.notes,
            max(self.depth, other.depth),
            self.formulas + other.formulas,
        )


def size_of(document: Document) -> Size:
    """The characters of `document`'s blocks and notes (a formula's, those it shows: its
    MathML is some twenty times as long, markup and all), its blocks (inside lists and quotes too, and
    each picture among words as one), headings, notes and formulas."""
    blocks = [*document.blocks, *(block for note in document.notes for block in note.blocks)]
    characters = count = headings = formulas = 0
    for block in walk_blocks(blocks):
        count += 1
        words = block.children if isinstance(block, Paragraph | Lead | Heading) else None
        if isinstance(block, Table):
            words = block.caption
        if words is not None:
            inlines = list(walk_inlines(words))
            characters += sum(len(inline.text) for inline in inlines if isinstance(inline, Text | Code | Formula))
            headings += isinstance(block, Heading)
            formulas += sum(isinstance(inline, Formula) for inline in inlines)
            count += sum(isinstance(inline, InlineImage) for inline in inlines)  # (each picture set as a block is)
        elif isinstance(block, CodeBlock):
            characters += len(block.text)
    return Size(characters, count, headings, len(document.notes), _depth(blocks), formulas)


def _depth(blocks: Iterable[Block]) -> int:
    """How many lists and quotations stand one inside another at most in `blocks`."""
    deepest, level = 0, [(iter(blocks), 0)]
    while level:
        children, depth = level[-1]
        block = next(children, None)
        if block is None:
            level.pop()
        elif isinstance(block, Quote | Sidebar | ListBlock | Table):
            deepest = max(deepest, depth + 1)
            if isinstance(block, Quote | Sidebar):
                inner: Iterable[Block] = block.blocks
            elif isinstance(block, ListBlock):
                inner = (b for item in block.items for b in item)
            else:
                inner = (b for row in block.rows for cell in row for b in cell.blocks)
            level.append((iter(inner), depth + 1))
        elif isinstance(block, Article):
            level.append((iter(block.blocks), depth))
    return deepest


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The words of `inlines` without markup or soft hyphens (for titles, tables of contents)."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text | Code | Formula):
            parts.append(inline.text)
        elif isinstance(inline, CONTAINERS):
            parts.append(plain_text(inline.children))
    return "".join(parts).replace("\u00ad", "")


MAX_VERSE_LINE = 80  # characters: a paragraph of lines no longer than this is set as verse
_WRAP_WIDTH = 60  # characters: prose is wrapped at this width or wider (a mail's 72, an editor's 80)


def split_lines(inlines: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
    """`inlines` cut at their line breaks, however deep (a stanza set wholly in italics is
    cut inside its emphasis, each line keeping its marks)."""
    lines: list[list[Inline]] = [[]]
    for inline in inlines:
        if isinstance(inline, LineBreak):
            lines.append([])
        elif isinstance(inline, CONTAINERS) and any(isinstance(i, LineBreak) for i in walk_inlines(inline.children)):
            first, *rest = split_lines(inline.children)
            lines[-1].append(replace(inline, children=first))
            lines.extend([replace(inline, children=line)] for line in rest)
        else:
            lines[-1].append(inline)
    return [tuple(line) for line in lines]


def written_as_lines(texts: Sequence[str]) -> bool:
    """Whether lines (their words) are lines as written — a stanza, an address, a signature —
    not prose broken where a width ran out: two or more, each short (MAX_VERSE_LINE), none
    opening with a small letter (verse opens each line with a capital, in the languages that
    have them; a small letter goes on a sentence), and at least one stopping before the width
    they would have been wrapped at, the next line's first word would have fitted on it.
    (Prose wrapped to a width breaks only where the next word does not fit: a line of it that
    opens with a capital, a name, is no verse.)"""
    texts = [text.strip() for text in texts]
    if len(texts) < 2 or any(len(text) > MAX_VERSE_LINE or opens_small(text) for text in texts):
        return False
    width = max(_WRAP_WIDTH, *(len(text) for text in texts))
    return any(len(text) + 1 + len((after.split() or [""])[0]) <= width for text, after in pairwise(texts))


def opens_small(text: str) -> bool:
    """Whether `text`'s first letter or digit is a small letter."""
    return next((char.islower() for char in text if char.isalnum()), False)


def stanzas(inlines: tuple[Inline, ...]) -> list[list[tuple[Inline, ...]]] | None:
    """The stanzas, each of its lines, of a paragraph written as lines — verse, an address, a
    signature (see written_as_lines; an empty line between stanzas) — or None for a
    paragraph of prose, however it is broken."""
    if not any(isinstance(inline, LineBreak) for inline in walk_inlines(inlines)):
        return None
    lines = [(line, plain_text(line).strip()) for line in split_lines(inlines)]
    if not written_as_lines([text for _, text in lines if text]):
        return None
    result: list[list[tuple[Inline, ...]]] = [[]]
    for line, text in lines:
        if text or not all(isinstance(inline, (Text, *CONTAINERS)) for inline in walk_inlines(line)):
            result[-1].append(line)  # (a line of a picture or a note's mark alone is a line)
        elif result[-1]:
            result.append([])
    return [stanza for stanza in result if stanza]
