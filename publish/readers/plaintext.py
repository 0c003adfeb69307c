"""Plain-text sources in the party's house layout.

    Publisher line
    <blank>
    Year (or date) line
    Title line(s)
    <blank>
    Lead paragraph
    <blank>
    Paragraphs, separated by blank lines; single line breaks inside one are wrapping.

A text without the publisher/date header still reads: its first short line is the title.
Inside a paragraph, two or more lines that start with a list marker (1), 1., а), •, *, or a
dash before a small letter) are a list, each item running on over the lines that follow it;
lines that start with a dash before a capital are dialogue, a paragraph each; a paragraph of
only `* * *` (or `***`, `⁂`) is a section break. A paragraph of short lines, each opening with
a capital, that are not wrapped text keeps its lines (verse, an address, a signature); verse
before the first paragraph of prose is an epigraph, and that paragraph the lead.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.language import detect_language
from publish.model import (
    Block,
    Document,
    Lead,
    LineBreak,
    ListBlock,
    Metadata,
    Paragraph,
    Place,
    Rule,
    Text,
    written_as_lines,
)
from publish.readers.metadata import normalise
from publish.readers.typed_lists import ITEM_KINDS, LETTERED, NUMBERED, line_kind, without_marker

_DATE = re.compile(
    r"^\s*(\d{4}|\d{4}-\d{2}(-\d{2})?|\d{1,2}[./]\d{1,2}[./]\d{4})\s*$",
)
MAX_TITLE_LENGTH = 250


@dataclass(frozen=True)
class _Chunk:
    """Lines between blank lines, with the number of the first one (counted from 1)."""

    lines: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def read(path: Path, language: str | None = None) -> Document:
    """The source at `path` (see publish.readers.read_source for what every source meets).
    In plain text a blank line ends a paragraph."""
    from publish.readers import read_text

    return read_plain_text(read_text(path, r"(\n[ \t]*\n)"), path, language)


def read_plain_text(text: str, path: Path, language: str | None = None) -> Document:
    chunks = _split_chunks(text)
    if not chunks:
        raise PublishError("the source is empty", path, 1)
    metadata_fields, body = _read_header(chunks, path)
    if not body:
        last = chunks[-1]
        raise PublishError("the source has a title but no text", path, last.line + len(last.lines))
    opening = next((index for index, chunk in enumerate(body) if not _in_lines(chunk)), len(body))
    blocks: list[Block] = []  # (an epigraph in verse, before the lead, is no lead)
    lead = body[opening] if opening < len(body) else None
    for chunk in body:
        if chunk is lead:
            blocks.append(Lead((Text(chunk.text),), at=_place(chunk.line, chunk.lines[0])))
        else:
            blocks += chunk_blocks(chunk)
    fields = {"language": language or detect_language(text), **metadata_fields}
    metadata = Metadata(**normalise(fields, path, lead.text if lead else ""))
    return Document(metadata=metadata, blocks=tuple(blocks), source=path)


_SECTION_BREAK = re.compile(r"^\s*(?:\*\s*\*\s*\*|⁂)\s*$")


def chunk_blocks(chunk: _Chunk) -> list[Block]:
    """One paragraph of the text as the blocks it is: a section break, or paragraphs, lists and
    lines of dialogue in order, each list item and line of dialogue running on over the lines
    after it that start nothing new. A marker seen only once is wrapping (`publish check` says so)."""
    at = _place(chunk.line, chunk.lines[0])
    if len(chunk.lines) == 1 and _SECTION_BREAK.match(chunk.lines[0]):
        return [Rule(at=at)]
    kinds = [line_kind(line) for line in chunk.lines]
    starts = _starts(kinds)
    if not starts:
        if _lines_kept(chunk.lines):  # (its kinds known: no list, no dialogue)
            verses = [Text(line.strip()) for line in chunk.lines]
            return [Paragraph(tuple(inline for verse in verses for inline in (LineBreak(), verse))[1:], at=at)]
        return [Paragraph((Text(chunk.text),), at=at)]
    runs: list[tuple[str, list[str], Place]] = []  # (what the run is: "" a paragraph, its lines, its place)
    for offset, (line, kind) in enumerate(zip(chunk.lines, kinds, strict=True)):
        if kind in starts or not runs:
            runs.append((kind if kind in starts else "", [line], _place(chunk.line + offset, line)))
        else:
            runs[-1][1].append(line)
    blocks: list[Block] = []
    for kind, lines, at in runs:
        if kind in ("", "dialogue"):
            blocks.append(Paragraph((Text(_joined(lines)),), at=at))
            continue
        content = without_marker(lines[0], kind)
        lettered = LETTERED.match(lines[0]) if kind == "lettered" else None
        labels = (lettered.group(0).strip(),) if lettered else ()
        item = Paragraph((Text(_joined([content, *lines[1:]])),), at=Place(at.line, lines[0].find(content) + 1))
        number = NUMBERED.match(lines[0]) if kind == "numbered" else None
        marker = ")" if number and number.group(2) == ")" else "none" if lettered else ""
        previous = blocks[-1] if blocks else None
        if isinstance(previous, ListBlock) and (previous.ordered, previous.marker) == (kind == "numbered", marker):
            blocks[-1] = dataclasses.replace(
                previous, items=(*previous.items, (item,)), labels=previous.labels + labels
            )
        else:
            start = int(number.group(1)) if number else 1
            blocks.append(ListBlock(kind == "numbered", ((item,),), start, marker, at=at, labels=labels))
    return blocks


def _in_lines(chunk: _Chunk) -> bool:
    """Whether a paragraph keeps its lines, being no list or dialogue."""
    return _lines_kept(chunk.lines) and not _starts([line_kind(line) for line in chunk.lines])


def _lines_kept(lines: tuple[str, ...]) -> bool:
    """Whether lines are written as lines (verse, an address: publish.model.written_as_lines)."""
    return written_as_lines(lines) and all(any(char.isalnum() for char in line) for line in lines)


def _place(line: int, text: str) -> Place:
    """Line `line` of the source, at its first character that is not a space."""
    return Place(line, len(text) - len(text.lstrip()) + 1)


def _starts(kinds: list[str]) -> set[str]:
    """The kinds of line that start a list item or a line of dialogue in this paragraph: those
    seen at least twice (dialogue also when the paragraph opens with it)."""
    starts = {kind for kind in ITEM_KINDS if kinds.count(kind) >= 2}
    if kinds.count("dialogue") >= 2 or (kinds[0] == "dialogue" and "dialogue" in kinds[1:]):
        starts.add("dialogue")
    return starts


def merged_marker_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The lines of a paragraph (after its first) that start like a list item or a line of
    dialogue but are read as wrapping, with what they look like: for `publish check`."""
    kinds = [line_kind(line) for line in lines]
    starts = _starts(kinds) if kinds else set()
    return [(index, kind) for index, kind in enumerate(kinds) if index and kind and kind not in starts]


def _joined(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def _split_chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            chunks.append(_Chunk(tuple(current), start))
            current = []
    if current:
        chunks.append(_Chunk(tuple(current), start))
    return chunks


def _a_sentence(line: str) -> bool:
    """Whether a one-line first paragraph reads as a sentence of the text, not its title:
    several words closed by a full stop (a title has none: "Почему мы бастуем")."""
    line = line.rstrip()
    return line.endswith(".") and not line.endswith("..") and len(line.split()) > 6


def _read_header(chunks: list[_Chunk], path: Path) -> tuple[dict, list[_Chunk]]:
    """Split off the header: publisher, date and title, whichever of them the text has."""
    first = chunks[0]
    if len(chunks) > 1 and len(first.lines) == 1 and _DATE.match(chunks[1].lines[0]):
        publisher = first.text
        dated = chunks[1]
        title = " ".join(line.strip() for line in dated.lines[1:])
        if not title:  # "Title / blank / date": the first line was the title, not a publisher
            return {"title": publisher, "date": dated.lines[0].strip()}, chunks[2:]
        fields = {
            "title": title,
            "date": dated.lines[0].strip(),
            "publisher": publisher,
        }
        return fields, chunks[2:]
    if len(first.lines) == 1 and len(first.text) <= MAX_TITLE_LENGTH and not _a_sentence(first.text):
        return {"title": first.text}, chunks[1:]
    return {"title": path.stem.replace("-", " ").replace("_", " ")}, chunks
