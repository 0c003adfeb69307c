"""Notes numbered in the order a reader meets their marks.

A source may number them otherwise: Markdown numbers its notes as their marks come in the
file, and a table's caption written under the table (Pandoc's `: Caption`) is set above it;
a Word caption paragraph below a table moves the same way. The editions show the numbers
as the model gives them, so a reader would meet note 6 before note 5. Every reader's
document passes here once: notes cited are numbered by their first mark in reading order,
notes cited nowhere keep their order after them.
"""

from __future__ import annotations

from dataclasses import replace

from publish.model import Document, Inline, NoteRef, note_refs
from publish.textruns import map_inlines


def notes_in_reading_order(document: Document) -> Document:
    """`document` with its notes renumbered by their first mark in the text, if they are not."""
    count = len(document.notes)
    blocks = (*document.blocks, *(block for note in document.notes for block in note.blocks))
    order = [number for number in dict.fromkeys(note_refs(blocks)) if 1 <= number <= count]  # (then those notes cite)
    cited = set(order)
    order += [number for number in range(1, count + 1) if number not in cited]
    if order == list(range(1, count + 1)):
        return document
    new = {old: position for position, old in enumerate(order, 1)}

    def renumbered(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(
            replace(inline, number=new[inline.number])
            if isinstance(inline, NoteRef) and inline.number in new
            else inline
            for inline in inlines
        )

    moved = map_inlines(document, renumbered)
    return replace(moved, notes=tuple(moved.notes[old - 1] for old in order))
