"""Quotation marks: decide for each quote character whether it opens or closes, and how deep.

Straight and typewriter-era quotes are ambiguous, so the decision is made from context:
a quote after a space, an opening bracket or the start opens; a quote after a letter or
punctuation closes. « and „ always open, » always closes. Levels alternate between the
language's outer and inner pair, so the pass is its own inverse on its output
(idempotent) and nests across inline markup (the run boundary is looked through).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.typography.engine import BOUNDARY


@dataclass(frozen=True)
class QuoteStyle:
    outer: tuple[str, str]
    inner: tuple[str, str]


_AMBIGUOUS_DOUBLE = '"“”‟″'
_OPENING = "«„"
_CLOSING = "»"
_QUOTE = re.compile(f"[{_AMBIGUOUS_DOUBLE}{_OPENING}{_CLOSING}]")
# After these, an ambiguous quote opens.
_OPENS_AFTER = set(" \t\n\u00a0([{/—–-") | set(_OPENING)


def make_quote_pass(style: QuoteStyle):
    """A text function that rewrites every double quote in `style`."""

    def quote_pass(text: str) -> str:
        if not _QUOTE.search(text):
            return text
        parts: list[str] = []
        depth = 0
        last = 0
        for match in _QUOTE.finditer(text):
            char = match.group()
            start = match.start()
            before = _previous_char(text, start)
            if char in _OPENING:
                opens = True
            elif char in _CLOSING:
                opens = False
            else:
                opens = depth == 0 or before in _OPENS_AFTER
                if not opens and before == "" and depth:
                    opens = True
            if opens:
                depth += 1
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


def _previous_char(text: str, index: int) -> str:
    """The character before `index`, looking through run boundaries; "" at the start."""
    index -= 1
    while index >= 0 and text[index] == BOUNDARY:
        index -= 1
    return text[index] if index >= 0 else ""
