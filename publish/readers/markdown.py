"""Markdown sources: CommonMark (markdown-it-py) with YAML front matter and footnotes.

Raw HTML is never passed through: markdown-it runs with ``html`` off, so ``<b>`` in a
source reaches the reader as the four characters it is, and the renderer escapes it.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from publish.errors import PublishError
from publish.language import detect_language, is_language_tag
from publish.limits import MAX_FRONT_MATTER, MAX_MARKDOWN_LEVELS, book_overrun, check_nesting
from publish.model import (
    NOWHERE,
    Block,
    Cell,
    Code,
    CodeBlock,
    Contents,
    Document,
    Emphasis,
    Heading,
    Image,
    Inline,
    InlineImage,
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
    Size,
    Span,
    Strong,
    Struck,
    Table,
    Text,
    merge_text,
    placed,
    plain_text,
)
from publish.readers.anchors import named_headings, pandoc_names
from publish.readers.grid_tables import UNREAD as GRID_UNREAD
from publish.readers.grid_tables import grid_tables_plugin, unread_grid_table
from publish.readers.inlines import drawn_height, pictures_apart, shifted
from publish.readers.line_blocks import line_blocks_plugin
from publish.readers.mathml import NotAFormula, from_tex
from publish.readers.metadata import genre_problem, language_tag, normalise, valid_date
from publish.readers.numbering import item_label, labelled_list, labelled_run
from publish.readers.tables import with_captions
from publish.resources import image_problem
from publish.text import without_controls

log = logging.getLogger(__name__)

# Front-matter keys and the Metadata field each fills; `author` may be one name or a list.
_KEYS = {
    "title": "title",
    "subtitle": "subtitle",
    "author": "authors",
    "authors": "authors",
    "publisher": "publisher",
    "date": "date",
    "lang": "language",
    "language": "language",
    "description": "description",
    "rights": "rights",
    "identifier": "identifier",
    "keywords": "keywords",
    "tags": "keywords",
    "cover": "cover",
    "genre": "genre",
}
_FOREIGN_SPAN = re.compile(r"\[[^\]\n]*\]\{[^}\n]*\blang=[^}\n]*\}")  # not the text's own language
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _parser() -> MarkdownIt:
    """CommonMark with front matter, footnotes and Pandoc's bracketed spans (`[words]{lang=en}`:
    words in another language; other attributes are read and dropped)."""
    return (
        MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_MARKDOWN_LEVELS})
        .enable(["table", "strikethrough"])  # GitHub's and Pandoc's pipe tables, ~~struck~~
        .use(sub_plugin)  # Pandoc's H~2~O
        # Pandoc's $x^2$ and $$…$$: no space inside the dollars, no digit after ($5 and $10 are money)
        .use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False, double_inline=True)
        .use(superscript_plugin)  # Pandoc's 10^5^
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(attrs_plugin, spans=True, after=("image", "code_inline", "link_close", "span_close"))
        .use(container_plugin, "sidebar", validate=_opens_sidebar)  # Pandoc's ::: sidebar … :::
        .use(grid_tables_plugin)  # Pandoc's +---+ tables
        .use(line_blocks_plugin)  # Pandoc's | verse
    )


# A fenced div that is a sidebar, as Pandoc's Markdown writes one: `::: sidebar`, `::: aside`,
# `::: {.sidebar}` (other attributes beside the class are read and dropped).
_SIDEBAR_FENCE = re.compile(r"(?:sidebar|aside|\{[^}\n]*\.(?:sidebar|aside)\b[^}\n]*\})", re.I)


def _opens_sidebar(params: str, *_: object) -> bool:
    return bool(_SIDEBAR_FENCE.fullmatch(params.strip()))


def parse_tokens(text: str) -> list[Token]:
    """The tokens markdown-it makes of `text` as the reader parses it (for `publish check`:
    what it checks is what the build reads)."""
    return _parser().parse(text)


def read(path: Path, language: str | None = None) -> Document:
    """The source at `path` (see publish.readers.read_source for what every source meets).
    In Markdown a list or the notes may run on without a blank line, but no line is a
    paragraph longer than a chapter."""
    from publish.readers import read_text

    return read_markdown(read_text(path, r"(\n)"), path, language)


def read_markdown(text: str, path: Path, language: str | None = None) -> Document:
    if not text.strip():
        raise PublishError("the source is empty", path, 1)
    fields: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    blocks: list[Block] = []
    try:
        _check_headings_before_parsing(text, path)
        text = _pandoc_extensions_said(text, path)
        converter = _Converter(path, text)
        tokens = _parser().parse(text)
        _check_nesting_kept(tokens, path)
        root = SyntaxTreeNode(tokens)
        for node in root.children:
            if node.type == "front_matter":
                fields = _read_front_matter(node.content, path)
                key_lines = _key_lines(node.content)
            elif node.type == "footnote_block":
                converter.read_notes(node)
            else:
                blocks.extend(converter.block(node))
        blocks = list(with_captions(lettered_lists(tuple(blocks))))
    except RecursionError:
        raise PublishError("the Markdown is nested too deeply to read (hundreds of levels)", path) from None

    top_headings = [block for block in blocks if isinstance(block, Heading) and block.level == 1]
    title_at = NOWHERE
    if "title" not in fields and blocks and blocks[0] in top_headings and len(top_headings) == 1:
        fields["title"] = plain_text(top_headings[0].children)  # a lone # heading on top is the title
        title_at = blocks.pop(0).at
    blocks = list(_titled_contents(tuple(blocks)))  # (after the title is taken: a title is not the contents')
    fields.setdefault("title", path.stem.replace("-", " ").replace("_", " "))
    if not blocks:
        raise PublishError("the source has a title but no text", path, text.count("\n") + 1)
    fields["language"] = language or fields.get("language") or detect_language(_FOREIGN_SPAN.sub(" ", text))
    cover = _beside(path, fields["cover"]) if fields.get("cover") else None
    cover_line = key_lines.get("cover", 2)
    if fields.get("cover") and (cover is None or not cover.is_file()):
        raise PublishError(f"cover image {fields['cover']!r} does not exist beside the source", path, cover_line)
    problem = image_problem(cover) if cover is not None else None
    if problem:
        raise PublishError(f"cover image {fields['cover']!r} {problem}", path, cover_line)
    document = Document(
        metadata=Metadata(**normalise(fields, path)),
        blocks=tuple(blocks),
        notes=converter.notes(),
        source=path,
        consulted=tuple(converter.consulted),
        title_at=title_at,
    )
    return replace(document, heading_names=named_headings(document, pandoc_names(converter.heading_ids)))


_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _lines_outside_code(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Each line (numbered from 1) that is not inside a fenced code block, nor a fence."""
    fence = ""
    for number, line in enumerate(lines, start=1):
        if fence:
            if line.lstrip(" ").startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
        elif (opening := _FENCE.match(line)) is not None:
            fence = opening.group(1)
        else:
            yield number, line


def _check_headings_before_parsing(text: str, path: Path) -> None:
    """Count the `#` headings outside code fences and refuse a source with more than an
    edition may hold before markdown-it spends seconds a megabyte parsing it (100 000
    headings: 15 s). What this counts is a heading in CommonMark too, so the count is at
    most the real one; the budget on the model catches the rest."""
    headings = sum(1 for _, line in _lines_outside_code(text.split("\n")) if _ATX_HEADING.match(line))
    overrun = book_overrun(Size(headings=headings - 1))  # a lone # heading on top is the title
    if overrun:
        raise PublishError(overrun, path)


_DIV_FENCE = re.compile(r"^ {0,3}:{3,}(?:\s*\{[^}\n]*\}|\s*[\w-]+)?\s*$", re.M)
_HEADING_ATTRIBUTES = re.compile(r"\s*\{\s*[#.][^}]*\}\s*$")


def _pandoc_extensions_said(text: str, path: Path) -> str:
    """`text` as read (see pandoc_extensions), each kind of extension said once."""
    read, found = pandoc_extensions(text)
    for line, message in sorted({message: (line, message) for line, message in reversed(found)}.values()):
        log.warning("%s:%d: %s", path, line, message)
    return read


PANDOC_DIV = "a fenced div (:::) other than a sidebar is read as its content; the div itself is not kept"


def pandoc_extensions(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Pandoc's Markdown beyond CommonMark that a book of ours has no use for (or cannot read:
    a crooked grid table), found rather than met silently: `text` with each fenced div's fence
    lines blank (`::: note` … `:::`: its content is read) but a sidebar's (`::: sidebar`, read
    as one), and where each such thing is (line, message). Code is not looked into."""
    lines, found = text.split("\n"), []
    open_divs: list[bool] = []  # each div open at this line: whether it is a sidebar
    for number, line in _lines_outside_code(lines):
        if unread_grid_table(lines, number - 1):
            found.append((number, GRID_UNREAD))
        if not _DIV_FENCE.match(line):
            continue
        opened = line.strip().lstrip(":").strip()
        sidebar = bool(_SIDEBAR_FENCE.fullmatch(opened)) if opened else bool(open_divs and open_divs.pop())
        if opened:
            open_divs.append(sidebar)
        if not sidebar:
            lines[number - 1] = ""
            found.append((number, PANDOC_DIV))
    return "\n".join(lines), found


def _heading_identifier(inlines: tuple[Inline, ...]) -> str:
    """The identifier Pandoc's `{#id}` gives a heading ("" if none)."""
    if inlines and isinstance(inlines[-1], Text):
        found = _HEADING_ATTRIBUTES.search(inlines[-1].text)
        identifier = re.search(r"#([^\s}]+)", found.group(0)) if found else None
        if identifier:
            return identifier.group(1)
    return ""


def _without_attributes(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A heading without Pandoc's `{#id .class}` at its end: the editions number headings
    themselves (#section-2), and the braces are not a heading's words."""
    if inlines and isinstance(inlines[-1], Text) and _HEADING_ATTRIBUTES.search(inlines[-1].text):
        kept = _HEADING_ATTRIBUTES.sub("", inlines[-1].text)
        return (*inlines[:-1], Text(kept)) if kept else inlines[:-1]
    return inlines


def _check_nesting_kept(tokens: list[Token], path: Path) -> None:
    """markdown-it drops, without a word, everything after a block opened at its deepest
    level (`- - - - …` thirty times): a source nested that deep is refused, not cut short."""
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_MARKDOWN_LEVELS - 1:
            raise PublishError(
                f"lists, quotations or sidebars nested more than {MAX_MARKDOWN_LEVELS} levels deep (a list item counts"
                " two); the text after them would be lost",
                path,
                token.map[0] + 1 if token.map else None,
            )


def _beside(source: Path, relative: str) -> Path | None:
    """The file `relative` names in the source's folder, or None if it would lie outside it."""
    folder = source.parent.resolve()
    target = (folder / relative).resolve()
    return target if target.is_relative_to(folder) else None


def _titled_contents(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """`blocks` with a heading written right above `[TOC]` ("## Оглавление") made the
    contents' title: it names the list, it is not a section for the list to name."""
    titled: list[Block] = []
    for block in blocks:
        above = titled[-1] if titled else None
        if isinstance(block, Contents) and isinstance(above, Heading):
            titled[-1] = Contents(plain_text(above.children), at=block.at)
        else:
            titled.append(block)
    return tuple(titled)


# A paragraph of only this is where the author wants the contents (Python-Markdown, GitLab,
# Typora and others write it so): every edition lists the headings there.
_CONTENTS_MARKS = frozenset({"[TOC]", "[[TOC]]", "[[_TOC_]]", "[toc]"})


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay text: publish checks them itself, with their line
    (PyYAML would stop on 2024-13-45 with a bare ValueError)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [resolver for resolver in resolvers if resolver[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_front_matter(content: str, path: Path) -> dict[str, Any]:  # noqa: C901 (a check per front-matter field, in the order a user reads them)
    if len(content) > MAX_FRONT_MATTER:
        raise PublishError(f"front matter of {len(content)} characters; at most {MAX_FRONT_MATTER}", path, 2)
    check_nesting(content, path, line_offset=1)  # (the --- is line 1)
    try:
        # Aliases (*name) are refused before anything is built: nested ones make a few hundred
        # bytes of YAML expand to gigabytes ("billion laughs"), and metadata never needs them.
        for event in yaml.parse(content, Loader=_FrontMatterLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 2 if event.start_mark else 2
                raise PublishError("front matter may not use YAML aliases (*name); write the value out", path, line)
        data = yaml.load(content, Loader=_FrontMatterLoader) or {}  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---, +1 to count from 1
        problem = getattr(error, "problem", None) or str(error)
        raise PublishError(f"front matter is not valid YAML: {problem}", path, line) from None
    if not isinstance(data, dict):
        raise PublishError("front matter must be a list of `key: value` lines", path, 2)
    lines = _key_lines(content)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        field = _KEYS.get(str(key).lower())
        line = lines.get(str(key), 2)
        if field is None:
            log.warning("%s:%s: unknown front-matter key %r is ignored", path, line, key)
            continue
        if field in ("authors", "keywords"):
            items = value if isinstance(value, list) else str(value).split(",") if field == "keywords" else [value]
            if any(isinstance(item, dict | list) for item in items):
                raise PublishError(f"{key}: a name or a list of names, not {value!r}", path, line)
            fields[field] = tuple(_text(str(item), path, line) for item in items if item and str(item).strip())
        elif isinstance(value, dict | list):
            raise PublishError(f"{key}: one value, not {value!r} (quote it if it is text)", path, line)
        elif isinstance(value, datetime.date):
            fields[field] = value.isoformat()
        elif value is not None:
            fields[field] = _text(str(value), path, line)
    if genre_problem(fields.get("genre", "")):
        raise PublishError(str(genre_problem(fields["genre"])), path, lines.get("genre", 2))
    if fields.get("language"):
        fields["language"] = fields["language"].replace("_", "-")  # ru_RU, as locales write it
    if fields.get("language") and not is_language_tag(fields["language"]):
        raise PublishError(
            f"lang: {fields['language']!r} is not a language tag such as ru, en, uk", path, lines.get("lang", 2)
        )
    if fields.get("date") and not valid_date(fields["date"]):
        date_line = lines.get("date", 2)
        raise PublishError(
            f"date: {fields['date']!r} is not a date (2022-01-05, 05.01.2022, 2022-01, 2022)", path, date_line
        )
    return fields


def _text(value: str, path: Path, line: int) -> str:
    """A metadata value as text: control characters and lone surrogates out, with a word."""
    cleaned = without_controls(value).strip()
    if cleaned != value.strip():
        log.warning("%s:%s: control characters removed from %r", path, line, cleaned)
    return cleaned


def _key_lines(content: str) -> dict[str, int]:
    """Each top-level key of the front matter → its line in the source (the --- is line 1)."""
    try:
        node = yaml.compose(content, Loader=_FrontMatterLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 2 for key, _ in node.value}


class _Converter:
    """Turns markdown-it's syntax tree into model blocks, collecting footnotes on the way."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.split("\n")
        self._notes: dict[int, Note] = {}
        self.consulted: list[Path] = []  # pictures refused (see Document.consulted)
        self.line: int | None = None  # of the block being read, for messages about its inlines
        self.heading_ids: dict[int, str] = {}  # a heading's line → its `{#id}`

    def notes(self) -> tuple[Note, ...]:
        return tuple(self._notes[key] for key in sorted(self._notes))

    def read_notes(self, block: SyntaxTreeNode) -> None:
        for footnote in block.children:
            blocks = [b for child in footnote.children for b in self.block(child)]
            at = self.place(footnote.children[0], "[^") if footnote.children else NOWHERE  # (the note has no map)
            self._notes[footnote.meta["id"]] = Note(tuple(blocks), at=at)

    def place(self, node: SyntaxTreeNode, mark: str = "") -> Place:
        """Where `node` begins: its first line, at `mark` on it if given, else past the
        markers of the quotes and list items it stands in (a block, not its container)."""
        line = _line(node)
        if line is None or line > len(self.lines):
            return NOWHERE
        text = self.lines[line - 1]
        found = text.find(mark) if mark else -1
        if found < 0:
            marks = _CONTAINER_MARKS.match(text)
            found = marks.end() if marks and node.type not in ("blockquote", "bullet_list", "ordered_list") else 0
            found = len(text) - len(text[found:].lstrip())
        return Place(line, found + 1)

    def block(self, node: SyntaxTreeNode) -> list[Block]:
        at = self.place(node, "![" if node.type == "paragraph" and _is_picture(node) else "")
        return [placed(block, at) for block in self._block(node)]

    def _block(self, node: SyntaxTreeNode) -> list[Block]:
        kind = node.type
        self.line = _line(node) or self.line
        if kind == "paragraph":
            return self.paragraph(node)
        if kind == "heading":
            inlines = self.inlines(node.children[0].children)
            given = _heading_identifier(inlines)
            if given and self.line is not None:
                self.heading_ids[self.line] = given
            return [Heading(int(node.tag[1]), _without_attributes(inlines))]
        if kind == "blockquote":
            return [Quote(self.blocks(node.children))]
        if kind == "container_sidebar":
            inner = self.blocks(node.children)
            return [Sidebar(tuple(inner))] if inner else []
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(self.blocks(item.children) for item in node.children)
            start = int(node.attrs.get("start", 1))
            marker = ")" if kind == "ordered_list" and node.markup == ")" else ""  # "1)" as written
            return [ListBlock(ordered=kind == "ordered_list", items=items, start=start, marker=marker)]
        if kind == "table":
            return [self.table(node)]
        if kind in ("fence", "code_block"):
            return [CodeBlock(node.content.rstrip("\n"))]
        if kind == "math_block":
            return [Paragraph((self.tex(node.content, display=True),))]
        if kind == "hr":
            return [Rule()]
        if kind == "footnote_anchor":
            return []
        if kind == "html_block":  # unreachable with html off; kept as text if it ever comes
            return [Paragraph((Text(node.content),))]
        log.warning("%s:%s: unsupported Markdown element %r skipped", self.path, _line(node), kind)
        return []

    def paragraph(self, node: SyntaxTreeNode) -> list[Block]:
        inline = node.children[0]
        if _is_picture(node):
            return [self.image(inline.children[0], node)]
        if inline.content.strip() in _CONTENTS_MARKS:
            return [Contents()]
        lines = _lines_of(inline.children)
        if labelled_run([item_label(_opening(line)) for line in lines]):
            # "а) …" on lines of their own: a list Markdown has no syntax for (Pandoc's fancy lists)
            items = [(Paragraph(self.inlines(line)),) for line in lines]
            return [labelled_list(items, [item_label(_opening(line)) for line in lines])]
        before, inlines, after = pictures_apart(self.inlines(inline.children))
        return [*before, *([Paragraph(inlines)] if inlines else []), *after]

    def blocks(self, nodes: list[SyntaxTreeNode]) -> tuple[Block, ...]:
        blocks = tuple(block for node in nodes for block in self.block(node))
        return _titled_contents(with_captions(lettered_lists(blocks)))

    def table(self, node: SyntaxTreeNode) -> Table:
        """A pipe or grid table: its header rows (`th`), then its body; each column's alignment
        as the delimiter row or the border sets it (`:--`, `:-:`, `--:`); a grid table's cells
        hold blocks and may span rows and columns."""
        rows, head = [], 0
        for part in node.children:
            for row in part.children:
                cells = []
                for cell in row.children:
                    style = str(cell.attrs.get("style", ""))
                    align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
                    cells.append(
                        Cell(
                            self.cell_blocks(cell, row),
                            header=cell.type == "th",
                            columns=int(cell.attrs.get("colspan", 1)),
                            rows=int(cell.attrs.get("rowspan", 1)),
                            align=align,
                        )
                    )
                rows.append(tuple(cells))
                head += part.type == "thead"
        return Table(tuple(rows), head=head)

    def cell_blocks(self, cell: SyntaxTreeNode, row: SyntaxTreeNode) -> tuple[Block, ...]:
        """A pipe table's cell is one line of inlines; a grid table's, blocks."""
        if cell.children and cell.children[0].type == "inline":
            inlines = self.inlines(cell.children[0].children)
            return (Paragraph(inlines, at=self.place(row)),) if inlines else ()
        return self.blocks(cell.children)

    def image(self, node: SyntaxTreeNode, paragraph: SyntaxTreeNode | None) -> Image | Paragraph:
        """The picture `node` names, or its alt text where it cannot be shown (with a word why)."""
        src = unquote(str(node.attrs.get("src", "")))  # markdown-it writes фото.png as %D1%84….png
        alt = "".join(child.content for child in node.children)
        title = str(node.attrs.get("title") or "")
        line = _line(paragraph) if paragraph is not None else self.line
        if _URL_SCHEME.match(src) or src.startswith("//"):
            log.warning("%s:%s: remote image %s is not fetched; its alt text stands in", self.path, line, src)
            return Paragraph((Text(alt),))
        target = _beside(self.path, src)
        if target is None:
            log.warning("%s:%s: image %s lies outside the source's folder; not loaded", self.path, line, src)
            return Paragraph((Text(alt),))
        if not target.is_file():
            raise PublishError(f"image {src!r} does not exist", self.path, line)
        problem = image_problem(target)
        if problem:
            log.warning("%s:%s: image %s %s; not loaded, its alt text stands in", self.path, line, src, problem)
            self.consulted.append(target)
            return Paragraph((Text(alt),))
        return Image(src=src, alt=alt, title=title)

    def tex(self, tex: str, display: bool) -> Inline:
        """A formula in TeX's notation; as written, with a warning, where it is not TeX."""
        try:
            return from_tex(tex, display)
        except NotAFormula as error:
            log.warning("%s:%s: a formula is left as written: %s", self.path, self.line, error)
            return Code(tex)

    def leaf(self, node: SyntaxTreeNode) -> Inline | None:
        """The inline a node with no inlines inside it stands for (text, code, a formula…)."""
        kind = node.type
        if kind in ("text", "html_inline"):
            return Text(node.content)
        if kind in ("softbreak", "hardbreak"):
            return Text(" ") if kind == "softbreak" else LineBreak()
        if kind == "code_inline":
            return Code(node.content)
        if kind in ("math_inline", "math_inline_double"):
            return self.tex(node.content, display=kind == "math_inline_double")
        return None

    def inlines(self, nodes: list[SyntaxTreeNode]) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for node in nodes:
            kind = node.type
            leaf = self.leaf(node)
            if leaf is not None:
                result.append(leaf)
            elif kind == "em":
                result.append(Emphasis(self.inlines(node.children)))
            elif kind == "strong":
                result.append(Strong(self.inlines(node.children)))
            elif kind in ("sub", "sup"):
                result.extend(shifted(self.inlines(node.children), "sub" if kind == "sub" else "super"))
            elif kind == "s":
                result.append(Struck(self.inlines(node.children)))
            elif kind == "link":
                result.append(Link(str(node.attrs.get("href", "")), self.inlines(node.children)))
            elif kind == "image":  # among words: set in the line (a paragraph of its own: a block)
                picture = self.image(node, None)
                if isinstance(picture, Image):
                    result.append(InlineImage(picture, drawn_height(picture, self.path.parent)))
                else:
                    result.append(Text(plain_text(picture.children)))
            elif kind == "footnote_ref":
                result.append(NoteRef(node.meta["id"] + 1))
            elif kind == "span":
                language = str(node.attrs.get("lang", "")).replace("_", "-")
                children = self.inlines(node.children)
                if language and is_language_tag(language):
                    result.append(Span(language_tag(language), children))
                else:
                    result.extend(children)
        return merge_text(result)


_CONTAINER_MARKS = re.compile(r"[ \t]*(?:(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)*")


def _lines_of(children: list[SyntaxTreeNode]) -> list[list[SyntaxTreeNode]]:
    """A paragraph's inline nodes, line by line (split at its soft breaks)."""
    lines: list[list[SyntaxTreeNode]] = [[]]
    for child in children:
        if child.type == "softbreak":
            lines.append([])
        else:
            lines[-1].append(child)
    return lines


def _opening(line: list[SyntaxTreeNode]) -> str:
    """The text a line opens with, where it opens with plain text."""
    return line[0].content if line and line[0].type == "text" else ""


def lettered_lists(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Paragraphs in a row each opening with the next label ("а) …", blank lines between) as
    one list, as the lines of one paragraph are (see _Converter.paragraph)."""
    out: list[Block] = []
    run: list[Paragraph] = []
    labels: list[str] = []

    def close() -> None:
        if labelled_run(labels):
            out.append(labelled_list([(p,) for p in run], list(labels), at=run[0].at))
        else:
            out.extend(run)
        run.clear()
        labels.clear()

    for block in blocks:
        label = item_label(plain_text(block.children)) if isinstance(block, Paragraph) else ""
        if label and isinstance(block, Paragraph):
            if labels and not labelled_run(labels[-1:] + [label], continued=True):
                close()
            run.append(block)
            labels.append(label)
            continue
        close()
        out.append(block)
    close()
    return tuple(out)


def _is_picture(paragraph: SyntaxTreeNode) -> bool:
    """Whether a paragraph holds a picture alone (the model's Image block)."""
    inline = paragraph.children[0] if paragraph.children else None
    return inline is not None and len(inline.children) == 1 and inline.children[0].type == "image"


def _line(node: SyntaxTreeNode) -> int | None:
    return node.map[0] + 1 if node.map else None
