"""Inline marks every reader reads alike."""

from __future__ import annotations

from dataclasses import replace

from publish.model import Formula, Inline, LineBreak, NoteRef, Shifted, Text

_SUPERSCRIPT = str.maketrans("123", "¹²³")  # Latin-1's: in every text font (PT's lack ⁰⁴…⁹ and most of ₀…₉)


def shifted(inlines: tuple[Inline, ...], position: str) -> tuple[Inline, ...]:
    """`inlines` set above or below the line (`position` "super", "sub"; "" for neither):
    a raised 1, 2 or 3 alone (м², км³) as the character every font has for it, a note's call
    as it is (every edition raises it), the rest as `Shifted`."""
    if not position or not inlines or all(isinstance(inline, NoteRef | LineBreak) for inline in inlines):
        return inlines
    if position == "super" and all(isinstance(inline, Text) for inline in inlines):
        text = "".join(inline.text for inline in inlines if isinstance(inline, Text))
        if text and all(char in "123" for char in text):
            return (Text(text.translate(_SUPERSCRIPT)),)
    return (Shifted(position, inlines),)


def set_apart(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A formula alone in its paragraph is set apart, as the document shows it."""
    if len(inlines) == 1 and isinstance(inlines[0], Formula):
        return (replace(inlines[0], display=True),)
    return inlines
