"""Lists typed by hand: lines that open with "1)", "а)", "•" or "- " and a small letter.

A plain text has nothing else; a Word or LibreOffice text often has nothing else either, its
author having typed the markers rather than pressed the list button. Two lines or more in a
row opening with markers of one kind are a list; one alone is a paragraph that happens to
begin so. A dash before a capital opens a line of dialogue, not an item.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from publish.model import Block, Inline, ListBlock, Paragraph, Text

NUMBERED = re.compile(r"^\s*(\d{1,3})([.)])\s+(?=\S)")
LETTERED = re.compile(r"^\s*[а-яёa-z]\)\s+(?=\S)")
BULLET = re.compile(r"^\s*(?:[•*]|[-–—](?=\s+[«\"„(]?[а-яёa-z]))\s+(?=\S)")  # a dash before a small letter
DIALOGUE = re.compile(r"^\s*[-–—]\s+(?=[«\"„(]?[A-ZА-ЯЁ0-9])")
ITEM_KINDS = ("numbered", "lettered", "bullet")


def line_kind(line: str) -> str:
    """What `line` opens with: "numbered", "lettered", "bullet", "dialogue" or ""."""
    if NUMBERED.match(line):
        return "numbered"
    if LETTERED.match(line):
        return "lettered"
    if BULLET.match(line):
        return "bullet"
    if DIALOGUE.match(line):
        return "dialogue"
    return ""


def marker_of(line: str, kind: str) -> re.Match[str] | None:
    """The marker an item of `kind` opens with (the number, letter or bullet and its space)."""
    pattern = NUMBERED if kind == "numbered" else LETTERED if kind == "lettered" else BULLET
    return pattern.match(line)


def without_marker(line: str, kind: str) -> str:
    """An item's text: its number, bullet or letter goes (the list draws it; a letter, which a
    list cannot draw in Cyrillic, as the item's label)."""
    marker = marker_of(line, kind)
    return (line[marker.end() :] if marker else line).strip()


def typed_runs(
    openings: list[tuple[Inline, ...] | None], together: Callable[[int, int], bool]
) -> list[tuple[int, int, str]]:
    """The runs (start, end, kind) of two or more paragraphs in a row whose words
    (`openings`; None for what is no paragraph) open with typed markers of one kind, numbers
    in order, each next to the one before where `together(before, next)` says so."""
    kinds = [opening_kind(words) if words is not None else "" for words in openings]
    runs = []
    index = 0
    while index < len(kinds):
        kind, end = kinds[index], index + 1
        while kind and end < len(kinds) and kinds[end] == kind and together(end - 1, end):
            if kind == "numbered" and typed_number(openings[end] or ()) != typed_number(openings[end - 1] or ()) + 1:
                break
            end += 1
        if kind and end - index >= 2:
            runs.append((index, end, kind))
        index = end
    return runs


def typed_lists_in(blocks: list[Block]) -> list[Block]:
    """`blocks` (a page's) with each run of paragraphs opening with typed markers made a list,
    the markers taken out."""
    openings = [block.children if isinstance(block, Paragraph) else None for block in blocks]
    result: list[Block] = []
    done = 0
    for start, end, kind in typed_runs(openings, lambda before, after: True):
        result.extend(blocks[done:start])
        result.append(_as_list([b for b in blocks[start:end] if isinstance(b, Paragraph)], kind))
        done = end
    return result + blocks[done:]


def typed_number(inlines: tuple[Inline, ...]) -> int:
    """The number a numbered item typed by hand opens with (-1 if none)."""
    first = inlines[0] if inlines else None
    marker = NUMBERED.match(first.text) if isinstance(first, Text) else None
    return int(marker.group(1)) if marker else -1


def typed_item(inlines: tuple[Inline, ...], kind: str) -> tuple[tuple[Inline, ...], int, str, str]:
    """An item typed by hand as a list holds it: its words without the marker, its number
    (1 where it has none), how its list shows markers (")" after "1)", "none" where each item
    carries its letter) and its label (the letter, "а)")."""
    first = inlines[0]
    assert isinstance(first, Text)
    marker = marker_of(first.text, kind)
    assert marker is not None
    rest = first.text[marker.end() :]
    typed = marker.group(0).strip()
    shown = ")" if kind == "numbered" and typed.endswith(")") else "none" if kind == "lettered" else ""
    number = typed_number(inlines) if kind == "numbered" else 1
    return ((Text(rest),) if rest else ()) + inlines[1:], number, shown, typed if kind == "lettered" else ""


def opening_kind(inlines: tuple[Inline, ...]) -> str:
    """The kind of typed marker `inlines` open with ("numbered", "lettered", "bullet" or "")."""
    if not inlines or not isinstance(inlines[0], Text):
        return ""
    kind = line_kind(inlines[0].text)
    return kind if kind in ITEM_KINDS else ""


def _as_list(paragraphs: list[Paragraph], kind: str) -> ListBlock:
    items = [typed_item(paragraph.children, kind) for paragraph in paragraphs]
    contents = tuple(
        (Paragraph(words, at=paragraph.at),) for (words, *_), paragraph in zip(items, paragraphs, strict=True)
    )
    _, start, shown, _ = items[0]
    labels = tuple(label for *_, label in items) if kind == "lettered" else ()
    return ListBlock(kind == "numbered", contents, start, shown, paragraphs[0].at, labels)
