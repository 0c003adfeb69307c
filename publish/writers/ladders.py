"""Hyphen ladders, found on laid-out pages and mended.

Book practice allows at most two hyphenated line ends in a row. WeasyPrint has no
`hyphenate-limit-lines`, so the PDF writer lays the pages out, asks here which line ends
make a ladder, keeps the words that end them whole (their soft hyphens removed, in that
paragraph only) and lays the pages out again. Line breaking within a paragraph does not
depend on where pages break, so this converges in a pass or two; none is made when nothing
is wrong.

The other wish, no hyphen on a page's last line, is not mended this way: keeping one such
word whole moves every later page break, so pages would have to be mended one at a time.

Only the PDF writer imports this module, and only while it is making a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from weasyprint.formatting_structure import boxes

SOFT_HYPHEN = "\u00ad"
MAX_HYPHENATED_LINES = 2
PARAGRAPH_ID = re.compile(r"^p-\d+$")
_SPACES = re.compile(r"[\s\u00a0]")


@dataclass(frozen=True)
class Mend:
    """Keep `word` (as written, with its soft hyphens) whole in the paragraph with id `paragraph`."""

    paragraph: str
    word: str


def find_mends(document) -> list[Mend]:
    """Line ends of a laid-out WeasyPrint document that break the rules, as words to keep whole."""
    mends: list[Mend] = []
    for page in document.pages:
        for paragraph, lines in _paragraph_lines(page._page_box):
            run = 0
            for number, line in enumerate(lines):
                run = run + 1 if _ends_with_soft_hyphen(line) else 0
                if run > MAX_HYPHENATED_LINES:
                    following = lines[number + 1] if number + 1 < len(lines) else None
                    word = _broken_word(line, following)
                    if word:
                        mends.append(Mend(paragraph, word))
                    run = 0
    return mends


def apply_mends(xhtml: str, mends: list[Mend]) -> str:
    """The page with each mended word's soft hyphens removed, once, in its own paragraph."""
    root = etree.fromstring(xhtml.encode("utf-8"))
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    for mend in mends:
        paragraph = by_id.get(mend.paragraph)
        if paragraph is not None:
            _unhyphenate_once(paragraph, mend.word)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"


def _paragraph_lines(box) -> Iterator[tuple[str, list]]:
    """(paragraph id, its line boxes on this page) for the text's own paragraphs, in order."""
    element = getattr(box, "element", None)
    identifier = element.get("id") if element is not None and hasattr(element, "get") else None
    if identifier and PARAGRAPH_ID.match(identifier) and isinstance(box, boxes.BlockContainerBox):
        lines = [child for child in box.children if isinstance(child, boxes.LineBox)]
        if lines:
            yield identifier, lines
            return
    for child in getattr(box, "children", ()):
        yield from _paragraph_lines(child)


def _texts(line) -> list[str]:
    return [box.text for box in line.descendants() if isinstance(box, boxes.TextBox) and box.text]


def _ends_with_soft_hyphen(line) -> bool:
    texts = _texts(line)
    return bool(texts) and texts[-1].rstrip().endswith(SOFT_HYPHEN + "-")


def _broken_word(line, following) -> str:
    """The word broken at the end of `line`: its start there, its rest on the next line."""
    texts = _texts(line)
    head = _SPACES.split("".join(texts).rstrip().removesuffix("-"))[-1]
    tail = _SPACES.split("".join(_texts(following)).lstrip())[0] if following is not None else ""
    return re.sub(r"[^\w\u00ad]+$", "", head + tail)


def _unhyphenate_once(paragraph: etree._Element, word: str) -> None:
    plain = word.replace(SOFT_HYPHEN, "")
    for node in paragraph.iter():
        for attribute in ("text", "tail"):
            if node is paragraph and attribute == "tail":
                continue
            value = getattr(node, attribute)
            if value and word in value:
                setattr(node, attribute, value.replace(word, plain, 1))
                return
