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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.language import detect_language
from publish.model import Block, Document, Lead, Metadata, Paragraph, Text
from publish.readers.metadata import normalise

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


def read_plain_text(text: str, path: Path, language: str | None = None) -> Document:
    chunks = _split_chunks(text)
    if not chunks:
        raise PublishError("the source is empty", path, 1)
    metadata_fields, body = _read_header(chunks, path)
    if not body:
        last = chunks[-1]
        raise PublishError("the source has a title but no text", path, last.line + len(last.lines))
    lead, *rest = body
    blocks: list[Block] = [Lead((Text(lead.text),))]
    blocks += [Paragraph((Text(chunk.text),)) for chunk in rest]
    fields = {"language": language or detect_language(text), "description": lead.text, **metadata_fields}
    metadata = Metadata(**normalise(fields, path))
    return Document(metadata=metadata, blocks=tuple(blocks), source=path)


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
    if len(first.lines) == 1 and len(first.text) <= MAX_TITLE_LENGTH:
        return {"title": first.text}, chunks[1:]
    return {"title": path.stem.replace("-", " ").replace("_", " ")}, chunks
