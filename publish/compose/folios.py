"""Where each printed page begins, read from the laid-out pages: for the e-books' page lists
(publish.render.folios says how the two are matched).

Each page's running text is its line boxes outside the footnote area and the margins (the
running heads, the folio); each line belongs to the container its element numbers. Words are
counted as the e-book will count them: text run on over inline boxes, soft hyphens ignored,
generated text (a note's call, a list's marker) left out, and a line that ends in a hyphen
carrying its word over to the next line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publish.compose import seam
from publish.compose.seam import Box, boxes
from publish.render.folios import TEXT_KEY, PageStart

_CARRIES_OVER = ("-", "\u2010", "\u00ad")  # a line ending in these goes on with the same word


def page_starts(pages: list[Any]) -> tuple[PageStart, ...]:
    """Each page's start, labelled with its number (the folio the print stylesheet prints)."""
    begun: dict[int, int] = {}  # container → its words begun on the lines so far
    carried: dict[int, bool] = {}  # container → its last line ended inside a word
    starts = []
    for number, page in enumerate(pages, start=1):
        start = PageStart(str(number), None)
        for key, text in _keyed_lines(seam.page_box(page)):
            if start.key is None:
                start = PageStart(str(number), key, begun.get(key, 0))
            words = len(text.replace("\u00ad", "").split())
            if carried.get(key) and text[:1].strip():
                words -= 1  # the end of a word begun on the line before
            begun[key] = begun.get(key, 0) + max(words, 0)
            carried[key] = text.endswith(_CARRIES_OVER)
        starts.append(start)
    return tuple(starts)


def _keyed_lines(box: Box, key: int | None = None) -> Iterator[tuple[int, str]]:
    """(container, text) of each line of the running text in `box`, in reading order."""
    if isinstance(box, boxes.FootnoteAreaBox | boxes.MarginBox):
        return
    element = getattr(box, "element", None)
    if element is not None and element.get(TEXT_KEY) is not None and "::" not in (box.element_tag or ""):
        key = int(element.get(TEXT_KEY))
    if isinstance(box, boxes.LineBox):
        text = "".join(_line_text(box))
        if key is not None and text.strip():
            yield key, text
        return
    for child in getattr(box, "children", ()):
        yield from _keyed_lines(child, key)


def _line_text(box: Box) -> Iterator[str]:
    """A line's own text: its text boxes, not the text a stylesheet generates."""
    if "::" in (box.element_tag or ""):
        return
    if isinstance(box, boxes.TextBox):
        yield box.text
        return
    for child in getattr(box, "children", ()):
        yield from _line_text(child)
