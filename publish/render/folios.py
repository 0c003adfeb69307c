"""Print page numbers in the e-books: where each page of the PDF begins, carried over as a
page-break marker before the same word of the EPUB, so that a reader can cite "p. 37".

The renderer numbers the running text's containers (each paragraph, heading, list item, table
cell, caption, title-block line) in the same order for every edition; the print edition carries
the number in an attribute the layout can be read back by (publish.compose.folios), and gives
each page's start as (container, words of it begun on the pages before). A word broken over
the turn of a page counts to the page it begins on, as a citation would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

TEXT_KEY = "data-text"  # the print HTML's container numbers (never in an e-book)
_XHTML = "http://www.w3.org/1999/xhtml"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class PageStart:
    """Where printed page `label` begins: before word `word` (from 0) of container `key`;
    `key` None for a page with none of the running text (a blank page, the contents)."""

    label: str
    key: int | None
    word: int = 0


def page_breaks(starts: Sequence[PageStart]) -> dict[int, list[tuple[int, str]]]:
    """Container → [(word, page label)], for the renderer. A page without text is marked where
    the next page with text begins (a blank left-hand page before a chapter); pages after the
    last text, at its end."""
    marks: dict[int, list[tuple[int, str]]] = {}
    waiting: list[str] = []
    last: tuple[int, int] | None = None
    for start in starts:
        waiting.append(start.label)
        if start.key is None:
            continue
        last = (start.key, start.word)
        marks.setdefault(start.key, []).extend((start.word, label) for label in waiting)
        waiting = []
    if waiting and last is not None:
        marks[last[0]].extend((1 << 30, label) for label in waiting)  # past every word: at the end
    return marks


def page_break(label: str) -> etree._Element:
    """The marker EPUB and DPUB-ARIA ask for: empty, labelled with the printed folio."""
    marker = etree.Element(f"{{{_XHTML}}}span", id=f"page-{label}")
    marker.set(_EPUB_TYPE, "pagebreak")
    marker.set("role", "doc-pagebreak")
    marker.set("aria-label", label)
    return marker


def insert_before_word(element: etree._Element, index: int, marker: etree._Element) -> None:
    """Put `marker` into `element` just before its word `index` (from 0), or at its end when it
    has fewer words. Words run on over inline elements (`«<em>Правда</em>»` is one); a note's
    call is not counted (print sets it as generated text), a line break parts words."""
    count = -1
    in_word = False
    for node, attribute, text in _text_pieces(element):
        for position, character in enumerate(text):
            if character.isspace():
                in_word = False
            elif not in_word and character != _SOFT_HYPHEN:
                in_word = True
                count += 1
                if count == index and node is not None:
                    _insert(node, attribute, position, marker)
                    return
    element.append(marker)


def _text_pieces(element: etree._Element) -> Iterator[tuple[etree._Element | None, str, str]]:
    """(node, "text" or "tail", its text) in reading order; a note call's own text left out, a
    line break given as a space of no node's."""
    yield element, "text", element.text or ""
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == "br":
            yield None, "", " "
        elif isinstance(child.tag, str) and child.get(_EPUB_TYPE) != "noteref":
            yield from _text_pieces(child)
        yield child, "tail", child.tail or ""


def _insert(node: etree._Element, attribute: str, position: int, marker: etree._Element) -> None:
    text = getattr(node, attribute) or ""
    setattr(node, attribute, text[:position] or None)
    marker.tail = text[position:]
    if attribute == "text":
        node.insert(0, marker)
    else:
        parent = node.getparent()
        parent.insert(parent.index(node) + 1, marker)
