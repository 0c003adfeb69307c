"""Pandoc's line blocks in Markdown — verse, an address — as a markdown-it block rule.

    | Вставай, проклятьем заклеймённый,     each line opens with `| `, and stays a line;
    | Весь мир голодных и рабов!            a line opening with a space runs on the one
    |    Кипит наш разум возмущённый        before (an indent after the bar is not kept: the
    |                                       lines hang alike); a bar alone is an empty
    | Весь мир насилья мы разрушим          line, between stanzas

The block is a paragraph of hard line breaks, which every edition sets as verse
(publish.model.stanzas). A pipe table is tried first, as Pandoc does: a block with a row of
dashes under its first line is a table.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_VERSE = re.compile(r"\|(?: (.*))?")


def line_blocks_plugin(md: MarkdownIt) -> None:
    md.block.ruler.after("table", "line_block", _line_block)


def _line_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4 or not _VERSE.fullmatch(_line(state, start)):
        return False
    verses: list[list[str]] = []  # each line's pieces (a long line is wrapped over several)
    line = start
    while line < end:
        text = _line(state, line)
        verse = _VERSE.fullmatch(text)
        if verse and state.sCount[line] == state.sCount[start]:
            verses.append([(verse.group(1) or "").strip()])
        elif text and verses and state.sCount[line] > state.sCount[start]:  # (a long line, wrapped)
            verses[-1].append(text.strip())
        else:
            break
        line += 1
    if silent:
        return True
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [start, line]
    inline = state.push("inline", "", 0)
    # (a backslash before a line's end is a hard break; one the line ends with itself would be taken for it)
    inline.content = "\\\n".join(" ".join(pieces).rstrip("\\ ") for pieces in verses)
    inline.map = [start, line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    state.line = line
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
