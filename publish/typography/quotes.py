"""Quotation marks: decide for each quote character whether it opens or closes, and how deep.

Straight and typewriter-era quotes are ambiguous, so the decision is made from context:
a quote between a space (or bracket, or the start) and a word opens; one between a word
and a space or punctuation closes. Where context cannot tell, the mark itself decides
(« opens, » closes, and so do the language's own marks), else the nesting depth does.
Levels alternate between the language's outer and inner pair. Every mark
written is one the same decision reads back the same way, so a second pass changes
nothing; run boundaries are looked through, so quotes pair across inline markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.typography.engine import BOUNDARY


@dataclass(frozen=True)
class QuoteStyle:
    outer: tuple[str, str]
    inner: tuple[str, str]


_ALWAYS_OPENS = "«"
_ALWAYS_CLOSES = "»"
_QUOTE = re.compile('["“”„‟″«»]')
# Context: after these a quote opens; before these it closes. Neighbouring quote marks are
# looked through, since what they become must not change how this one reads.
_BEFORE_OPENING = set(" \t\n\u00a0([{/—–-")
_AFTER_CLOSING = set(" \t\n\u00a0.,;:!?)]}…—–-")
_TRANSPARENT = set("\"“”„‟″«»‚‘’'") | {BOUNDARY}


def make_quote_pass(style: QuoteStyle):
    """A text function that rewrites every double quote in `style`."""
    openers = {style.outer[0], style.inner[0]}
    closers = {style.outer[1], style.inner[1]}
    # Where the inner pair is single quotes (English ‘’, German ‚‘), a later pass cannot read
    # them back as quotes (’ is also the apostrophe), so nesting stops at the inner level.
    deepest = 2 if not _QUOTE.match(style.inner[0]) else None

    def opens(char: str, before: str, after: str, depth: int) -> bool:
        may_open = before == "" or before in _BEFORE_OPENING
        may_close = after == "" or after in _AFTER_CLOSING
        if may_open != may_close:
            return may_open
        if char in _ALWAYS_OPENS or (char in openers and char not in closers):
            return True  # context cannot tell: the mark itself can
        if char in _ALWAYS_CLOSES or (char in closers and char not in openers):
            return False
        return depth == 0

    def quote_pass(text: str) -> str:
        if not _QUOTE.search(text):
            return text
        parts: list[str] = []
        depth = 0
        last = 0
        for match in _QUOTE.finditer(text):
            start = match.start()
            if opens(match.group(), _neighbour(text, start, -1), _neighbour(text, match.end() - 1, 1), depth):
                depth = depth + 1 if deepest is None else min(depth + 1, deepest)
                mark = _pair(style, depth)[0]
            else:
                mark = _pair(style, max(depth, 1))[1]
                depth = max(depth - 1, 0)
            parts.append(text[last:start])
            parts.append(mark)
            last = match.end()
        parts.append(text[last:])
        return "".join(parts)

    return quote_pass


def _pair(style: QuoteStyle, depth: int) -> tuple[str, str]:
    return style.outer if depth % 2 == 1 else style.inner


LOOK_THROUGH = 8  # quotes and run boundaries a neighbour is looked for past: a real text nests three


def _neighbour(text: str, index: int, step: int) -> str:
    """The character next to `index` in direction `step`, looking through quotes and run
    boundaries (a few: past that, a run of quote marks is not punctuation, and looking
    through all of it from each of its marks made 100 KB of them take hours)."""
    index += step
    for _ in range(LOOK_THROUGH):
        if not (0 <= index < len(text) and text[index] in _TRANSPARENT):
            break
        index += step
    return text[index] if 0 <= index < len(text) else ""
