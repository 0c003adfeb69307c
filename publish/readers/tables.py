"""What every reader does alike with tables: a caption written as a paragraph beside one."""

from __future__ import annotations

import re
from dataclasses import replace

from publish.model import Block, Inline, Paragraph, Table, Text

# Pandoc's `Table: …` or `: …`, and the words editors write ("Таблица 2. …" stays text: it is
# the caption's own number, kept as it is written, only when it stands alone by the table).
_CAPTION = re.compile(r"^(?:Table:|:)\s*")


def with_captions(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """A paragraph beginning `Table:` (or `:`) right after or before a table without a caption
    becomes its caption, as Pandoc reads it."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Table) and not block.caption:
            before = result[-1] if result else None
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if _caption(after) is not None:
                block = replace(block, caption=_caption(after) or ())
                index += 1
            elif _caption(before) is not None:
                block = replace(block, caption=_caption(before) or ())
                result.pop()
        result.append(block)
        index += 1
    return tuple(result)


def _caption(block: Block | None) -> tuple[Inline, ...] | None:
    """The words of a caption paragraph without its `Table:` mark, or None if it is not one."""
    if not isinstance(block, Paragraph) or not block.children or not isinstance(block.children[0], Text):
        return None
    first = block.children[0].text
    mark = _CAPTION.match(first)
    if mark is None:
        return None
    rest = first[mark.end() :]
    return ((Text(rest),) if rest else ()) + block.children[1:]
