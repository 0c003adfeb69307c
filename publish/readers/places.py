"""Where a block was written, for readers of markup: `publish check` names the line and column."""

from __future__ import annotations

import bisect
import math
import re

from lxml import etree

from publish.model import NOWHERE, Place


class TagPlaces:
    """Where each element's start tag begins in the file as written.

    libxml2 gives an element the line its start tag ends on (an attribute may run over lines)
    and no column. The elements of one name that end on one line are the last as many `<name`
    before that line's end, in order; an element the parser made up (a `tbody` the page left
    out) has none there and is placed at its line."""

    def __init__(self, text: str, root: etree._Element | None = None):
        self.places: dict[etree._Element, Place] = {}
        if not text or root is None:
            return
        starts: dict[str, list[int]] = {}
        for match in re.finditer(r"<(?:[A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)", text):  # (a prefix, as in fb:p, aside)
            starts.setdefault(match.group(1).lower(), []).append(match.start())
        lines = [0, *(match.end() for match in re.finditer("\n", text))]
        groups: dict[tuple[str, int], list[etree._Element]] = {}
        for element in root.iter():
            if isinstance(element.tag, str) and 0 < (element.sourceline or 0) <= len(lines):
                name = element.tag.rpartition("}")[2].rpartition(":")[2].lower()  # (HTML keeps g:plusone as a name)
                groups.setdefault((name, element.sourceline), []).append(element)
        for (name, line), elements in groups.items():
            offsets = starts.get(name, [])
            end = bisect.bisect_left(offsets, lines[line] if line < len(lines) else math.inf)
            found = offsets[max(end - len(elements), 0) : end]
            found = [-1] * (len(elements) - len(found)) + found
            for element, offset in zip(elements, found, strict=True):
                begins = bisect.bisect_right(lines, offset) if offset >= 0 else line
                column = offset - lines[begins - 1] + 1 if offset >= 0 else 1
                self.places[element] = Place(begins, column)

    def of(self, element: etree._Element) -> Place:
        return self.places.get(element, NOWHERE)
