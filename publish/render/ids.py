"""The ids every edition gives the document's headings, the number each note shows, and where
each heading and note stands when an e-book is split into files: computed once, from the
Document, and shared by the web page, the EPUB and KEPUB pages, the print HTML and the FB2, so
that a link to `#section-3` reaches the same heading in every edition, in whichever file it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from publish.model import (
    Article,
    Block,
    Document,
    Heading,
    note_refs,
    plain_text,
    running_text,
)


@dataclass(frozen=True)
class HeadingEntry:
    """A heading as a table of contents needs it: its id, level (1 = top) and text; for the
    title of a collection's text, who wrote it (a journal's contents names its authors)."""

    id: str
    level: int
    text: str
    authors: str = ""


@dataclass(frozen=True)
class Ids:
    headings: tuple[HeadingEntry, ...]  # the running text's headings, in order (a collection's texts' too)
    top_level: int  # the level of the text's highest heading (its sections' level)
    note_labels: Mapping[int, int] = field(default_factory=dict)  # note number → the number it shows
    heading_files: Mapping[str, str] = field(default_factory=dict)  # heading id → its file ("": one file)
    note_files: Mapping[int, str] = field(default_factory=dict)  # note number → the file it stands in


def ids_of(document: Document, files: Sequence[tuple[str, Sequence[Block]]] = ()) -> Ids:
    """The document's ids; `files`: (name, blocks) of each file an e-book splits it into."""
    headings = running_headings(document.blocks)
    top = min((heading.level for heading in headings), default=1)
    authors = {
        id(block.blocks[0]): ", ".join(block.metadata.authors)
        for block in document.blocks
        if isinstance(block, Article)
    }
    entries = tuple(
        HeadingEntry(
            f"section-{number}", heading.level - top + 1, plain_text(heading.children), authors.get(id(heading), "")
        )
        for number, heading in enumerate(headings, start=1)
    )
    heading_files: dict[str, str] = {entry.id: "" for entry in entries}
    note_files: dict[int, str] = {}
    if files:
        numbers = iter(entries)
        for name, blocks in files:
            for _ in running_headings(blocks):
                heading_files[next(numbers).id] = name
            for number in note_refs(blocks):
                note_files.setdefault(number, name)  # a note goes into the file that first cites it
        for number in range(1, len(document.notes) + 1):
            note_files.setdefault(number, files[-1][0])  # notes nobody cites go last
    return Ids(entries, top, _note_labels(document.blocks), heading_files, note_files)


def running_headings(blocks: Sequence[Block]) -> list[Heading]:
    """The headings of the running text (a collection's articles' among them), in order."""
    return [block for block in running_text(blocks) if isinstance(block, Heading)]


def top_level(blocks: Sequence[Block]) -> int:
    return min((heading.level for heading in running_headings(blocks)), default=1)


def _note_labels(blocks: Sequence[Block]) -> dict[int, int]:
    """The number each note shows: in a collection, counted from 1 in each text (the model's
    numbers run on through the book, as `publish.collection.bind` gives them)."""
    labels: dict[int, int] = {}
    for block in blocks:
        if isinstance(block, Article):
            cited = sorted(set(note_refs(block.blocks)))
            labels.update({number: number - cited[0] + 1 for number in cited})
    return labels
