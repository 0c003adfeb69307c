"""Collections: a journal issue or an anthology, bound from many sources into one book.

A collection is a `*.book.toml` file: the book's own metadata, and its sources in order —
a `sources` list, or `[[part]]` tables each with a `title` and its `sources`:

    title = "Пролетарий"
    series = "Журнал «Пролетарий»"
    number = 5
    date = "2024-03"
    editors = ["Анна Соколова"]
    publisher = "Интернациональная коммунистическая партия"
    lang = "ru"
    sources = ["editorial.md"]

    [[part]]
    title = "Статьи"
    sources = ["kazakhstan-2022.txt", "tarify.docx"]

Each source is read and set on its own — its language, typography, hyphenation — exactly as
when it is built alone; `bind` then makes one document of them: each text an `Article`
(its title a heading of the book, its headings under it, its notes numbered on), part
titles as headings above them. The file is read with the standard library's TOML parser,
checked key by key, and every path in it must stay inside the project.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from publish.errors import PublishError
from publish.language import detect_language, is_language_tag
from publish.limits import MAX_BOOK_FILE, MAX_SOURCES, check_nesting
from publish.model import (
    Article,
    Block,
    Document,
    Heading,
    Image,
    Inline,
    InlineImage,
    Metadata,
    Note,
    NoteRef,
    Text,
    map_blocks,
    running_text,
)
from publish.readers.anchors import linked_to_headings
from publish.readers.metadata import normalise, valid_date
from publish.resources import image_problem
from publish.textruns import map_inlines

SUFFIX = ".book.toml"

_TEXT_KEYS = {
    *("title", "subtitle", "series", "date", "publisher", "lang", "cover", "isbn", "rights", "description", "genre")
}
_LIST_KEYS = {"editors", "authors", "keywords"}


def is_collection(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIX)


@dataclass(frozen=True)
class Part:
    title: str  # "" for the sources listed before any part
    sources: tuple[Path, ...]


@dataclass(frozen=True)
class Plan:
    """A collection as its file says it: the book's metadata and its parts."""

    path: Path
    metadata: dict[str, Any]
    parts: tuple[Part, ...]
    lines: dict[Path, int] = field(default_factory=dict)  # where each source is listed

    @property
    def sources(self) -> list[Path]:
        return [source for part in self.parts for source in part.sources]


def read_plan(path: Path) -> Plan:
    """The collection file at `path`, checked: unknown keys, wrong types, missing or
    repeated sources and paths that leave the project are errors naming the line."""
    text, data = _read_toml(path)

    def where(key: str) -> int | None:
        found = re.search(rf"^\s*(\[\[)?\s*{re.escape(key)}\b", text, re.M)
        return text.count("\n", 0, found.start()) + 1 if found else None

    metadata: dict[str, Any] = {}
    parts: list[Part] = []
    for key, value in data.items():
        if key == "sources":
            parts.append(Part("", _sources(value, path, where(key))))
        elif key == "part":
            parts += _parts(value, path, where(key))
        else:
            metadata[_METADATA_NAMES.get(key, key)] = _metadata_value(key, value, path, where(key))
    _check_metadata(metadata, path, where)
    plan = Plan(path, metadata, tuple(parts))
    _check_sources(plan, text)
    return replace(plan, lines=_listed_lines(text, plan))


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        if path.stat().st_size > MAX_BOOK_FILE:
            raise PublishError(f"a collection file of over {MAX_BOOK_FILE // 1024} KB; it lists files", path)
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise PublishError(f"cannot read the collection: {error.strerror or error}", path) from None
    except UnicodeDecodeError:
        raise PublishError("a collection file must be UTF-8 text", path) from None
    check_nesting(text, path)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        number = int(line.group(1)) if line else text.count("\n") + 1  # "at end of document"
        raise PublishError(f"not valid TOML: {error}", path, number) from None


def _parts(value: Any, path: Path, line: int | None) -> list[Part]:
    if not isinstance(value, list) or not all(isinstance(part, dict) for part in value):
        raise PublishError("part: write each part as a [[part]] table with a title and sources", path, line)
    parts = []
    for part in value:
        unknown = set(part) - {"title", "sources"}
        if unknown:
            raise PublishError(f"[[part]]: unknown key {sorted(unknown)[0]!r} (title, sources)", path, line)
        title = part.get("title", "")
        if not isinstance(title, str):
            raise PublishError("[[part]]: its title is text", path, line)
        parts.append(Part(title.strip(), _sources(part.get("sources", []), path, line)))
    return parts


_METADATA_NAMES = {"number": "series_number"}


def _metadata_value(key: str, value: Any, path: Path, line: int | None) -> Any:
    """A key of the collection's own (title, authors, number…), as its metadata field holds it."""
    if key == "number":
        if not isinstance(value, int | str) or isinstance(value, bool):
            raise PublishError('number: the issue\'s number (5, or "5–6")', path, line)
        return str(value)
    if key in _TEXT_KEYS:
        if not isinstance(value, str):
            raise PublishError(f"{key}: text in quotes, not {value!r}", path, line)
        return value.strip()
    if key in _LIST_KEYS:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise PublishError(f"{key}: a name or a list of names", path, line)
        return tuple(name.strip() for name in names if name.strip())
    known = ", ".join(sorted({*_TEXT_KEYS, *_LIST_KEYS, "number", "sources", "part"}))
    raise PublishError(f"unknown key {key!r} (the keys: {known})", path, line)


def _check_metadata(metadata: dict[str, Any], path: Path, where: Callable[[str], int | None]) -> None:
    if not metadata.get("title"):
        raise PublishError("a collection needs a title", path, 1)
    if metadata.get("lang") and not is_language_tag(metadata["lang"]):
        raise PublishError(f"lang: {metadata['lang']!r} is not a language tag such as ru, en, uk", path, where("lang"))
    if metadata.get("date") and not valid_date(metadata["date"]):
        raise PublishError(f"date: {metadata['date']!r} is not a date (2024-03-01, 2024-03, 2024)", path, where("date"))
    if metadata.get("cover"):
        _check_cover(path, metadata["cover"], where("cover"))


def _check_sources(plan: Plan, text: str) -> None:
    path = plan.path
    if not plan.sources:
        raise PublishError('a collection needs sources: sources = ["article.md", …]', path, 1)
    if len(plan.sources) > MAX_SOURCES:
        raise PublishError(f"{len(plan.sources)} sources; at most {MAX_SOURCES} in one book", path)
    seen: set[Path] = set()
    for source in plan.sources:
        if source.resolve() in seen:
            mentions = [match.start() for match in re.finditer(re.escape(source.name), text)]
            second = text.count("\n", 0, mentions[-1]) + 1 if mentions else None
            raise PublishError(f"{source.name} is listed twice", path, second)
        seen.add(source.resolve())


def _check_cover(path: Path, cover: str, line: int | None) -> None:
    folder = path.parent.resolve()
    target = (folder / cover).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        raise PublishError(f"cover: {cover!r} is not an image beside the collection", path, line)
    problem = image_problem(target)
    if problem:
        raise PublishError(f"cover: {cover!r} {problem}", path, line)


def _listed_lines(text: str, plan: Plan) -> dict[Path, int]:
    """Each source of `plan` → the line of the collection file `text` that lists it (its
    first quoted mention), for messages about a text of the collection."""
    lines = {}
    for source in plan.sources:
        name = source.relative_to(plan.path.parent).as_posix()
        found = re.search(rf"""["']{re.escape(name)}["']""", text)
        if found:
            lines[source] = text.count("\n", 0, found.start()) + 1
    return lines


def _sources(value: object, path: Path, line: int | None) -> tuple[Path, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise PublishError('sources: a list of file names, ["one.md", "two.txt"]', path, line)
    sources = []
    for item in value:
        source = path.parent / item
        if is_collection(source):
            raise PublishError(f"{item}: a collection cannot hold another collection", path, line)
        if not source.is_file():
            raise PublishError(f"{item}: no such source beside the collection", path, line)
        sources.append(source)
    return tuple(sources)


def book_metadata(plan: Plan, articles: list[Document]) -> Metadata:
    """The book's metadata: the collection's own; the language most of its texts are in when
    it names none; its texts' titles as its description when it gives none. (Its texts'
    authors are not the book's: a collection's people are its editors.)"""
    fields = dict(plan.metadata)
    isbn = fields.pop("isbn", "")
    if isbn:
        fields["identifier"] = isbn
    if not fields.get("lang"):
        fields["lang"] = _book_language(fields, [article.metadata.language for article in articles])
    fields["language"] = fields.pop("lang")
    if not fields.get("description"):
        fields["description"] = "; ".join(article.metadata.title for article in articles)[:500]
    return Metadata(**normalise(fields, plan.path))


def _book_language(fields: dict, languages: list[str]) -> str:
    """The language most texts are in; between languages as many texts are in, the one the
    book's own title and subtitle are written in (a Russian journal opening with a Ukrainian
    article and an English one titled its contents "Зміст"), else the first text's."""
    most = max(map(languages.count, languages))
    tied = [language for language in languages if languages.count(language) == most]
    own = detect_language(" ".join(str(fields.get(key) or "") for key in ("title", "subtitle")))
    return own if own in tied else tied[0]


def bind(plan: Plan, articles: list[Document]) -> Document:
    """One document of the collection's texts, in its order, under its parts' titles."""
    metadata = book_metadata(plan, articles)
    blocks: list[Block] = []
    notes: list[Note] = []
    by_source = iter(articles)
    headings = 0  # the book's running headings so far: where a text's own are numbered from
    for part in plan.parts:
        level = 2 if part.title else 1
        if part.title:
            blocks.append(Heading(1, (Text(part.title),)))
            headings += 1
        for _source in part.sources:
            headings += 1  # the text's title
            article = linked_to_headings(next(by_source), offset=headings)
            headings += sum(isinstance(block, Heading) for block in running_text(article.blocks))
            renumbered = _rebased(map_inlines(article, partial(_renumber, offset=len(notes))), plan.path.parent)
            notes.extend(renumbered.notes)
            blocks.append(
                Article(
                    article.metadata,
                    (Heading(level, (Text(article.metadata.title),)), *_under(renumbered.blocks, level)),
                    article.source,
                )
            )
    consulted = tuple(path for article in articles for path in article.consulted)
    return Document(metadata, tuple(blocks), tuple(notes), plan.path, consulted)


def _renumber(inlines: tuple[Inline, ...], offset: int) -> tuple[Inline, ...]:
    """Note references moved on past the notes of the texts before."""
    return tuple(NoteRef(inline.number + offset) if isinstance(inline, NoteRef) else inline for inline in inlines)


def _under(blocks: tuple[Block, ...], level: int) -> tuple[Block, ...]:
    """An article's blocks with its headings moved under its title (at `level`)."""
    top = min((block.level for block in blocks if isinstance(block, Heading)), default=1)
    return tuple(
        replace(block, level=min(block.level - top + level + 1, 6)) if isinstance(block, Heading) else block
        for block in blocks
    )


def _rebased(document: Document, folder: Path) -> Document:
    """A text's pictures named from the collection's folder (the book's base), not its own."""
    own = document.base_dir
    if own is None or own.resolve() == folder.resolve():
        return document

    def image(node: Image) -> Image:
        return node if node.data else replace(node, src=os.path.relpath(own / node.src, folder))

    def block(node: Block) -> Block:
        return image(node) if isinstance(node, Image) else node

    def inlines(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(replace(i, image=image(i.image)) if isinstance(i, InlineImage) else i for i in children)

    notes = tuple(replace(note, blocks=map_blocks(note.blocks, block)) for note in document.notes)
    return map_inlines(replace(document, blocks=map_blocks(document.blocks, block), notes=notes), inlines)
