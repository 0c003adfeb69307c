"""Headings set by hand: a short line wholly in bold, on its own between paragraphs.

Many authors never touch a style. Their Word file's title and each section's heading are a
line made bold; a web page pasted from it into a site's editor has `<p><strong>Итоги</strong></p>`.
Read as paragraphs, such a text had no title (it was named after its file), no sections and
no contents. Where a text has no heading of its own, each such line is one. Only a short line
not ending as a sentence or a lead-in does (. , ; : !), only one standing alone (a bold address
block of two lines stays as it is), and not where bold is half the text's face.
"""

from __future__ import annotations

from collections.abc import Sequence

from publish.model import Block, Heading, Inline, NoteRef, Paragraph, Strong, Text, merge_text, plain_text

MAX_BOLD_HEADING = 120  # characters: a bold line longer than this is a sentence stressed, not a heading
_CLOSING = ".,;:!。，；：！"  # a sentence's or a lead-in's last mark (and their full-width forms)


def bold_line(inlines: tuple[Inline, ...]) -> bool:
    """Whether `inlines` are a short line set wholly in bold, as a hand-made heading is."""
    words = plain_text(inlines).strip()
    if not words or len(words) > MAX_BOLD_HEADING or words[-1] in _CLOSING or not any(c.isalpha() for c in words):
        return False
    return wholly_bold(inlines)


def wholly_bold(inlines: tuple[Inline, ...]) -> bool:
    """Whether every word of `inlines` is set in bold (a news site's or a typist's way of
    marking a lead or a heading)."""
    return any(isinstance(inline, Strong) for inline in inlines) and all(
        isinstance(inline, Strong | NoteRef) or (isinstance(inline, Text) and not inline.text.strip())
        for inline in inlines
    )


def as_lead(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A lead's words: without the bold that marked it as one where all of it was bold (the
    lead's own style sets it apart; bold on top of it read as bold italic)."""
    return unbold(inlines) if wholly_bold(inlines) else inlines


def unbold(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A heading's words without the bold that made them one (headings are set bold anyway)."""
    return merge_text(
        child for inline in inlines for child in (inline.children if isinstance(inline, Strong) else (inline,))
    )


def standing_alone(flags: Sequence[bool], texts: int) -> list[int]:
    """Of lines flagged bold, those standing alone before something else (their places), or
    none where bold lines are half of `texts` paragraphs or more."""
    if not any(flags) or sum(flags) * 2 > texts:
        return []
    return [i for i in range(len(flags) - 1) if flags[i] and not flags[i + 1] and not (i and flags[i - 1])]


def bold_paragraphs_as_headings(blocks: list[Block], level: int) -> tuple[list[Block], int]:
    """`blocks` (a page's, its title taken out) with each bold line standing alone a heading
    at `level`, and how many; as they are where a heading stands among them already."""
    if any(isinstance(block, Heading) for block in blocks):
        return blocks, 0
    flags = [isinstance(block, Paragraph) and bold_line(block.children) for block in blocks]
    places = standing_alone(flags, sum(isinstance(block, Paragraph) for block in blocks))
    result = list(blocks)
    for index in places:
        paragraph = blocks[index]
        assert isinstance(paragraph, Paragraph)
        result[index] = Heading(level, unbold(paragraph.children), at=paragraph.at)
    return result, len(places)
