"""Pandoc's grid tables in Markdown, as a markdown-it block rule.

    +---------+-------+          a border of `+` and `-`; `+===+` under the header rows;
    | Регион  | Шахт  |          `:` in a border aligns its column (`+:---+---:+`, as Pandoc);
    +=========+=======+          a cell may hold paragraphs and lists, and span rows or
    | Кузбасс |   158 |          columns where a border is left out
    +---------+-------+

docutils' grid-table parser (the one reStructuredText's tables are read by, the same
syntax) finds the cells and their spans; the rule turns them into markdown-it's table tokens
(`th`/`td` with `colspan`, `rowspan` and the alignment's `style`), each cell's text parsed
as Markdown blocks in place, so that the reader reads a grid table as it reads a pipe table.
A block the parser cannot make a table of stays text, as Pandoc leaves it.
"""

from __future__ import annotations

import functools
import itertools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_BORDER = re.compile(r"\+(?:[-=:]+\+)+")
_ROW = re.compile(r"[+|].*[+|]")
# Past these a grid stays text (with a warning): docutils' work grows faster than its size
# (a grid of 1 000 columns, 160 KB, took 5 s; one of 100 × 100 cells 0.4 s).
MAX_GRID_CHARACTERS = 200_000
MAX_GRID_COLUMNS = 100
MAX_GRID_CELLS = 10_000
_INSIDE = "grid_table_inside"  # (env key: a cell's text is read without grid tables, so no table nests without end)


def grid_tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "grid_table", _grid_table)  # (after a blank line, as Pandoc: a paragraph runs on)


def _grid_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4 or state.env.get(_INSIDE):
        return False
    first = _line(state, start)
    if not _BORDER.fullmatch(first):
        return False
    lines, line, size = [first], start + 1, len(first)
    while line < end and _ROW.fullmatch(text := _line(state, line)) and state.sCount[line] == state.sCount[start]:
        lines.append(text)
        line, size = line + 1, size + len(text)
        if size > MAX_GRID_CHARACTERS:
            return False
    if len(lines) < 3 or not _BORDER.fullmatch(lines[-1]):
        return False
    parsed = _parsed(tuple(lines))
    if parsed is None:
        return False
    if not silent:
        table = state.push("table_open", "table", 1)
        table.map = [start, line]
        aligns, head, body = parsed
        for part, rows in (("thead", head), ("tbody", body)):
            if rows:
                state.push(f"{part}_open", part, 1)
                for row in rows:
                    _row(state, row, "th" if part == "thead" else "td", aligns, start)
                state.push(f"{part}_close", part, -1)
        state.push("table_close", "table", -1)
        state.line = line
    return True


def _row(state: StateBlock, row: list, tag: str, aligns: list[str], start: int) -> None:
    """A row's tokens: each cell that starts in it (docutils gives None under a spanning one)."""
    state.push("tr_open", "tr", 1)
    for column, cell in enumerate(row):
        if cell is None:
            continue
        more_rows, more_columns, offset, text = cell
        opening = state.push(f"{tag}_open", tag, 1)
        if aligns[column]:
            opening.attrSet("style", f"text-align:{aligns[column]}")
        if more_columns:
            opening.attrSet("colspan", str(more_columns + 1))
        if more_rows:
            opening.attrSet("rowspan", str(more_rows + 1))
        _cell_blocks(state, "\n".join(text), start + offset)
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)


UNREAD = "a grid table whose borders and bars do not line up (or past 100 columns, 10 000 cells) is left as text"


def unread_grid_table(lines: list[str], start: int) -> bool:
    """Whether `lines[start]`, after a blank line, opens what looks like a grid table but
    cannot be read as one (for `publish check` and the build's warning)."""
    if (start and lines[start - 1].strip()) or not _BORDER.fullmatch(lines[start].strip()):
        return False
    block, size = [lines[start].strip()], len(lines[start])
    for text in itertools.islice(lines, start + 1, None):
        if not _ROW.fullmatch(text.strip()):
            break
        block.append(text.strip())
        size += len(text)
        if size > MAX_GRID_CHARACTERS:
            return True
    if len(block) < 2:  # (a lone border: a line of its own, not a table)
        return False
    return len(block) < 3 or not _BORDER.fullmatch(block[-1]) or _parsed(tuple(block)) is None


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()


@functools.lru_cache(maxsize=16)  # (a build asks for each grid twice: the reader, and the warning pass)
def _parsed(lines: tuple[str, ...]) -> tuple[list[str], list, list] | None:
    """(each column's alignment, head rows, body rows) of a grid table's lines, or None where
    they make none. The alignment is read from the border under the head (else the top one),
    and the colons taken out of the borders, which docutils reads without them; Pandoc's
    table foot (rows between two `=` borders at the end) is read as body rows."""
    from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
    from docutils.statemachine import StringList

    columns = max(text.count("+") for text in lines if _BORDER.fullmatch(text)) - 1
    if columns > MAX_GRID_COLUMNS or columns * (sum(1 for text in lines if text.startswith("+")) - 1) > MAX_GRID_CELLS:
        return None

    doubled = [index for index, text in enumerate(lines) if _BORDER.fullmatch(text) and "=" in text]
    if doubled and doubled[-1] == len(lines) - 1:  # Pandoc's table foot: between the last two `=` borders
        doubled = doubled[:-2] if len(doubled) >= 2 else []  # (its rows are read as body rows)
    head_line = doubled[0] if doubled and 0 < doubled[0] < len(lines) - 1 else None
    aligns = [_align(segment) for segment in lines[head_line or 0].strip("+").split("+")]
    plain = [
        (text.replace(":", "=") if index == head_line else text.replace("=", "-").replace(":", "-"))
        if _BORDER.fullmatch(text)
        else text
        for index, text in enumerate(lines)
    ]
    try:
        widths, head, body = GridTableParser().parse(StringList(plain))
    except (TableMarkupError, AssertionError, IndexError, ValueError):  # (docutils asserts on some crooked grids)
        return None
    if len(widths) != len(aligns):  # (a border with fewer columns than the table: no alignment read)
        aligns = [""] * len(widths)
    return aligns, head, body


def _align(segment: str) -> str:
    left, right = segment.startswith(":"), segment.endswith(":")
    return "center" if left and right else "right" if right else "left" if left else ""


def _cell_blocks(state: StateBlock, text: str, line: int) -> None:
    """A cell's text, parsed as Markdown blocks into the table's tokens (its lines' numbers
    counted from the cell's row in the source)."""
    state.env[_INSIDE] = True
    try:
        added = len(state.tokens)
        state.md.block.parse(text, state.md, state.env, state.tokens)
    finally:
        state.env[_INSIDE] = False
    for token in state.tokens[added:]:
        if token.map:
            token.map = [token.map[0] + line, token.map[1] + line]
