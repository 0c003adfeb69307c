"""The Kobo edition (KEPUB): the EPUB as Kobo's own reading software wants it.

Kobo readers set a `.kepub.epub` with their faster engine and give it reading statistics,
page turns by sentence and better highlights. What makes an EPUB a KEPUB is markup: every
sentence in a `<span class="koboSpan" id="kobo.P.S">` (paragraph P, sentence S of it), and
the body's content inside `<div id="book-columns"><div id="book-inner">`. The text has no
soft hyphens: they break Kobo's dictionary look-up (the reader hyphenates itself). Still an
EPUB 3 that epubcheck passes.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from publish.markup import local_name
from publish.model import Document
from publish.resources import ResourceGate
from publish.text import sentences
from publish.themes import Theme
from publish.writers import Edition
from publish.writers.atomic import write_atomically
from publish.writers.epub import EpubOptions, build_epub, epub_options

XHTML = "http://www.w3.org/1999/xhtml"
# Elements whose own text is a paragraph to Kobo; code and everything not shown is left alone.
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "figcaption", "td", "th", "div", "blockquote"}
)
_SKIPPED = frozenset({"pre", "code", "script", "style", "svg", "math", "kbd", "samp"})


def write_edition(edition: Edition) -> list[Path]:
    """The KEPUB: without soft hyphens (Kobo's reader hyphenates by its own dictionaries)."""
    options = epub_options(edition)
    write_kepub(edition.typographed, edition.theme, edition.target, edition.gate, options)
    return [edition.target]


def write_kepub(document: Document, theme: Theme, target: Path, gate: ResourceGate, options: EpubOptions) -> None:
    write_atomically(target, build_epub(document, theme, gate, options, page_filter=kobo_page))


def kobo_page(xhtml: str) -> str:
    """One XHTML page with Kobo's sentence spans and column wrappers."""
    root = etree.fromstring(xhtml.encode())
    body = root.find(f"{{{XHTML}}}body")
    if body is None:
        return xhtml
    counter = _Counter()
    for element in list(body):
        _span_block(element, counter)
    columns = etree.Element(f"{{{XHTML}}}div", id="book-columns")
    inner = etree.SubElement(columns, f"{{{XHTML}}}div", id="book-inner")
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    body.append(columns)
    declaration, _, _ = xhtml.partition("<html")
    return declaration + etree.tostring(root, encoding="unicode")


class _Counter:
    def __init__(self) -> None:
        self.paragraph = 0
        self.sentence = 0

    def next_paragraph(self) -> None:
        self.paragraph += 1
        self.sentence = 0

    def next_id(self) -> str:
        self.sentence += 1
        return f"kobo.{self.paragraph}.{self.sentence}"


def _span_block(element, counter: _Counter) -> None:
    name = local_name(element)
    if not name or name in _SKIPPED:
        return
    if name in _BLOCKS and _has_text(element):
        counter.next_paragraph()
        _span_text(element, counter)
        return
    for child in list(element):
        _span_block(child, counter)


def _has_text(element) -> bool:
    return any(text.strip() for text in element.itertext())


def _span_text(element, counter: _Counter) -> None:
    """Wrap the text of `element` and of its inline children, sentence by sentence."""
    children = list(element)  # before any span is added
    if element.text:
        spans = _spans(element.text, counter)
        element.text = None
        for position, span in enumerate(spans):
            element.insert(position, span)
    for child in children:
        name = local_name(child)
        if name and name not in _SKIPPED:
            if name in _BLOCKS:
                _span_block(child, counter)
            else:
                _span_text(child, counter)
        if child.tail:
            spans = _spans(child.tail, counter)
            child.tail = None
            for offset, span in enumerate(spans, start=1):
                child.addnext(span) if offset == 1 else spans[offset - 2].addnext(span)


def _spans(text: str, counter: _Counter) -> list:
    spans = []
    for sentence in sentences(text):
        span = etree.Element(f"{{{XHTML}}}span", {"class": "koboSpan", "id": counter.next_id()})
        span.text = sentence
        spans.append(span)
    return spans
