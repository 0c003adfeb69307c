"""Lists typed by hand: lines that open with "1)", "а)", "•" or "- " and a small letter.

A plain text has nothing else; a Word or LibreOffice text often has nothing else either, its
author having typed the markers rather than pressed the list button. Two lines or more in a
row opening with markers of one kind are a list; one alone is a paragraph that happens to
begin so. A dash before a capital opens a line of dialogue, not an item.
"""

from __future__ import annotations

import re

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
