"""Document → semantic XHTML, once, for every edition.

Editions differ only in the stylesheets they link and in how they package this markup.
The output is XHTML5 (well-formed XML, so EPUB takes it as is; WeasyPrint reads it as HTML),
built with lxml so every string is escaped by construction.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote

from lxml import etree

from publish import __version__
from publish.links import address, harmful, prose_address, scheme, web_or_mail
from publish.model import (
    Article,
    Block,
    Code,
    CodeBlock,
    Contents,
    Document,
    Emphasis,
    Formula,
    Heading,
    Image,
    Inline,
    InlineImage,
    Lead,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    NoteRef,
    Paragraph,
    Quote,
    Rule,
    Shifted,
    Sidebar,
    Span,
    Strong,
    Struck,
    Table,
    Text,
    note_refs,
    plain_text,
    stanzas,
    walk_blocks,
    walk_inlines,
)
from publish.render.folios import TEXT_KEY, insert_before_word, page_break
from publish.render.formulas import FormulaNotDrawn, formula_pictures
from publish.render.ids import Ids, ids_of
from publish.render.strings import strings
from publish.text import without_controls

log = logging.getLogger(__name__)

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"

_SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".docx", ".odt", ".html", ".htm", ".xhtml")
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
MAX_INLINE_EMS = 4.0  # the tallest a picture among words is set, in ems: four lines of text


@dataclass(frozen=True)
class RenderOptions:
    """What an edition asks of the XHTML: `edition` is "print" (footnotes where they are cited,
    for the layout engine to float; a contents list), "html" (the web page: notes at the end,
    linked both ways) or "epub" (pages: notes at the end of the file that cites them)."""

    edition: str = "html"
    image_url: Callable[[str], str] = str  # where the edition keeps each image the source names
    canonical: str | None = None  # the web page's own address, when the site's is configured
    fonts: Mapping[str, str] = field(default_factory=dict)  # font family → licence, for a colophon
    # where each printed page begins (publish.render.folios): the e-books mark them
    page_breaks: Mapping[int, Sequence[tuple[int, str]]] = field(default_factory=dict)


def render_html(
    document: Document,
    *,
    stylesheets: Sequence[str] = (),
    inline_css: str = "",
    image_url: Callable[[str], str] = str,
    for_print: bool = False,
    web: bool = False,
    canonical: str | None = None,
    fonts: Mapping[str, str] | None = None,
) -> str:
    """The whole document as one XHTML page linking `stylesheets` (hrefs, in order).

    `image_url` says where the edition keeps each image the source names (default: beside it).

    `for_print` is the page-layout variant: each footnote stands where it is referenced (so the
    layout engine can float it to the foot of that page) and a headed text gets a contents
    list whose page numbers the engine fills in. Screens get notes at the end, linked both ways.

    `web` makes it the web page: HTML5 with a viewport and link-preview metadata (the
    standalone HTML edition); otherwise XHTML, which the EPUB and WeasyPrint read. `canonical`
    is the web page's own address, when the site's is configured.
    """
    options = RenderOptions("print" if for_print else "html", image_url, canonical, fonts or {})
    return Renderer(document, options).page(stylesheets, inline_css, web)


_STYLE_PLACEHOLDER = "\ue002style\ue002"


def _raw_css(css: str) -> str:
    """CSS as a <style> element's text in both XML and HTML: `>` stays as it is (HTML reads no
    entities there; XML allows a bare `>`), `<` and `&` become CSS escapes."""
    return css.replace("&", "\\26 ").replace("<", "\\3C ").replace("]]>", "]] >")


def serialize_html5(html: etree._Element) -> str:
    """The page as HTML5: no XML declaration, no namespaces, no EPUB attributes (`role` says
    what `epub:type` said, for browsers)."""
    for element in html.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
            for name in [name for name in element.attrib if name.startswith("{")]:
                del element.attrib[name]
    etree.cleanup_namespaces(html)
    return etree.tostring(html, method="html", encoding="unicode", doctype="<!DOCTYPE html>") + "\n"


def _plain_spaces(text: str) -> str:
    """Metadata as a link preview shows it and a search finds it: no-break spaces as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")


def serialize(html: etree._Element) -> str:
    xml = etree.tostring(html, encoding="unicode", doctype="<!DOCTYPE html>")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n"


class Renderer:
    """Writes one document's XHTML, a page or (for an e-book) a file at a time, as `options`
    ask, with the ids `ids` gives (computed from the document when not given). What changes as
    it writes is its own: headings and note references counted, the file being written."""

    def __init__(self, document: Document, options: RenderOptions, ids: Ids | None = None):
        self.document = document
        self.options = options
        self.ids = ids or ids_of(document)
        self.edition = options.edition
        self.for_print = options.edition == "print"
        self.language = document.metadata.language
        self.image_url = options.image_url
        self.canonical = options.canonical
        self.fonts = options.fonts
        self.top_level = self.ids.top_level
        self.entries = list(self.ids.headings)  # the headings the contents list and the nav name
        self.anchors = self.ids.heading_files  # heading id → the file it is in (an e-book's)
        self.note_files = self.ids.note_files  # where each note stands, when a book is split into files
        self.note_labels = self.ids.note_labels  # a collection's texts number their notes from 1
        self.collection = any(isinstance(block, Article) for block in document.blocks)
        self.contents_set = False  # the source's own contents (the first it sets) is written
        self.last_paragraph: tuple[etree._Element, Paragraph | Lead] | None = None  # (where, what): see lead_in
        self.heading_count = 0
        self.ref_count: dict[int, int] = {}
        self.current_file = ""
        self.containers = 0  # the text's containers met so far (publish.render.folios)
        self.in_container = False
        self.in_note = False  # a footnote set where it is cited: not the running text

    @contextmanager
    def container(self, element: etree._Element) -> Iterator[None]:
        """`element` holds a piece of the running text, filled inside the `with`: numbered
        alike in the print edition (which says the number, for the layout to be read back) and
        the e-books (which mark where each printed page begins in it)."""
        if self.in_container or self.in_note:
            yield
            return
        key = self.containers
        self.containers += 1
        if self.for_print:
            element.set(TEXT_KEY, str(key))
        self.in_container = True
        try:
            yield
        finally:
            self.in_container = False
        for word, label in self.options.page_breaks.get(key, ()):
            insert_before_word(element, word, page_break(label))

    def in_file(self, name: str) -> None:
        """What follows is written into the e-book's file `name` (links to elsewhere name theirs)."""
        self.current_file = name

    def note_file(self, number: int) -> str:
        """The file to name in a link to note `number`: empty when it is on this page."""
        file = self.note_files.get(number, self.current_file)
        return "" if file == self.current_file else file

    def page(self, stylesheets: Sequence[str], inline_css: str, web: bool = False) -> str:
        html, body = self.skeleton(self.document.metadata.title, stylesheets, bool(inline_css))
        article = subelement(body, "article")
        if self.entries:
            article.set("class", "has-parts collection" if self.collection else "has-parts")
        self.header(article)
        long_enough = self.collection or _text_length(self.document) > CONTENTS_MIN_CHARACTERS
        placed = not self.collection and any(isinstance(b, Contents) for b in walk_blocks(self.document.blocks))
        if (self.for_print or self.collection) and len(self.entries) >= 2 and long_enough and not placed:
            self.contents(article)  # a book's contents (where the source set its own, there instead)
        self.blocks(article, self.document.blocks)
        if self.document.notes and not self.for_print and not self.collection:  # a collection's: under each text
            self.notes(article, range(1, len(self.document.notes) + 1))
        if self.collection and self.for_print:  # a printed book ends with what it is and who made it
            self.colophon(article)
        if web:  # the web page: HTML5, as browsers and phones read it best
            self.web_metadata(html.find(f"{{{XHTML}}}head"))
            return serialize_html5(html).replace(_STYLE_PLACEHOLDER, _raw_css(inline_css))
        return serialize(html).replace(_STYLE_PLACEHOLDER, _raw_css(inline_css))

    def web_metadata(self, head: etree._Element) -> None:
        """What a phone and a link preview need: the viewport, Open Graph and schema.org's
        Article (as JSON-LD, which no browser fetches anything for)."""
        meta = self.document.metadata
        head.insert(
            1, etree.Element(f"{{{XHTML}}}meta", name="viewport", content="width=device-width, initial-scale=1")
        )
        if self.canonical:
            subelement(head, "link", rel="canonical", href=without_controls(self.canonical))
        properties = [("og:type", "article"), ("og:title", meta.title), ("og:description", meta.description)]
        properties += [("og:url", self.canonical or "")]
        properties += [("og:locale", meta.language.replace("-", "_")), ("og:site_name", meta.publisher)]
        properties += [("article:published_time", meta.iso_date), *(("article:author", name) for name in meta.authors)]
        for name, content in properties:
            if content:
                subelement(head, "meta", property=name, content=without_controls(_plain_spaces(content)))
        article = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": _plain_spaces(meta.title),
            "inLanguage": meta.language,
            "description": _plain_spaces(meta.description) or None,
            "datePublished": meta.iso_date or None,
            "author": [{"@type": "Person", "name": _plain_spaces(name)} for name in meta.authors] or None,
            "publisher": {"@type": "Organization", "name": _plain_spaces(meta.publisher)} if meta.publisher else None,
            "keywords": ", ".join(meta.keywords) or None,
            "url": self.canonical,
        }
        data = json.dumps({key: value for key, value in article.items() if value}, ensure_ascii=False)
        script = subelement(head, "script", type="application/ld+json")
        # "<" escaped in full: "<!--" then "<script" in a description would otherwise make the
        # HTML parser read the rest of the page as script (the body vanished); JSON reads \u003c as "<".
        script.text = without_controls(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    def skeleton(
        self, title: str, stylesheets: Sequence[str], inline_css: bool = False, about: Metadata | None = None
    ) -> tuple[etree._Element, etree._Element]:
        """An empty page: <html> with language, <head> with title, metadata (the document's, or
        `about`'s: a collection's text in a file of its own) and styles, <body>."""
        meta = about or self.document.metadata
        html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})
        html.set("lang", self.language)
        html.set(XML_LANG, self.language)
        head = subelement(html, "head")
        subelement(head, "meta", charset="utf-8")
        append_text(subelement(head, "title"), title)
        for name, content in (
            ("author", ", ".join(meta.credited)),  # (the PDF's Author too)
            ("description", meta.description),
            ("keywords", ", ".join(meta.keywords)),
        ):
            if content:
                subelement(head, "meta", name=name, content=without_controls(content))
        subelement(head, "meta", name="generator", content=f"publish {__version__}")
        for href in stylesheets:
            subelement(head, "link", rel="stylesheet", type="text/css", href=href)
        if inline_css:
            append_text(subelement(head, "style"), _STYLE_PLACEHOLDER)
        return html, subelement(html, "body")

    def header(self, article: etree._Element) -> None:
        meta = self.document.metadata
        header = subelement(article, "header", **{"class": "title-block"})
        if meta.publisher:
            self.keyed_text(subelement(header, "p", **{"class": "publisher"}), meta.publisher)
        self.keyed_text(subelement(header, "h1", **{"class": "title"}), meta.title)
        if meta.subtitle:
            self.keyed_text(subelement(header, "p", **{"class": "subtitle"}), meta.subtitle)
        words = strings(self.language)
        if meta.series or meta.series_number:
            issue = words.issue.format(number=meta.series_number) if meta.series_number else ""
            series = "" if meta.series == meta.title else meta.series
            self.keyed_text(subelement(header, "p", **{"class": "series"}), ", ".join(filter(None, (series, issue))))
        if meta.authors:
            self.keyed_text(subelement(header, "p", **{"class": "author"}), ", ".join(meta.authors))
        if meta.editors:
            editors = words.edited_by.format(names=", ".join(meta.editors))
            self.keyed_text(subelement(header, "p", **{"class": "editors"}), editors)
        if meta.date:
            date = subelement(header, "p", **{"class": "date"})
            with self.container(date):
                shown = subelement(date, "time", datetime=meta.iso_date) if meta.iso_date else date
                append_text(shown, display_date(meta.date, self.language))

    def keyed_text(self, element: etree._Element, text: str) -> None:
        with self.container(element):
            append_text(element, text)

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, parent: etree._Element, blocks: Sequence[Block], level: int = 0) -> None:
        """Append `blocks`, opening a <section> at each heading and closing it at the next
        (`level`: the heading level `parent` stands for)."""
        stack: list[tuple[int, etree._Element]] = [(level, parent)]
        for block in blocks:
            if isinstance(block, Article):
                title, *rest = block.blocks
                assert isinstance(title, Heading)  # publish.collection.bind puts it there
                while stack[-1][0] >= title.level:
                    stack.pop()
                self.article(stack[-1][1], block, title, rest)
            elif isinstance(block, Heading):
                while stack[-1][0] >= block.level:
                    stack.pop()
                section = subelement(stack[-1][1], "section")
                stack.append((block.level, section))
                self.heading(section, block)
            else:
                self.block(stack[-1][1], block)

    def article(self, parent: etree._Element, article: Article, title: Heading, rest: Sequence[Block]) -> None:
        """A text of a collection: a section in its own language, its title, who wrote it and
        when, then its text."""
        meta = article.metadata
        section = subelement(parent, "section", **{"class": "article"})
        if meta.language != self.language:
            section.set("lang", meta.language)
            section.set(XML_LANG, meta.language)
        self.heading(section, title)
        if meta.authors or meta.date:
            byline = subelement(section, "p", **{"class": "byline"})
            with self.container(byline):
                append_text(byline, ", ".join(meta.authors))
                if meta.date:
                    append_text(byline, ", " if meta.authors else "")
                    date = subelement(byline, "time", datetime=meta.iso_date) if meta.iso_date else byline
                    append_text(date, display_date(meta.date, meta.language))
        self.blocks(section, rest, title.level)
        cited = sorted({ref for ref in note_refs(rest)})
        if cited and self.edition == "html":  # the web page: a text's notes under it
            self.notes(section, cited)

    def paragraph(self, parent: etree._Element, *, lead: bool = False) -> etree._Element:
        return subelement(parent, "p", **({"class": "lead"} if lead else {}))

    def nested(self, parent: etree._Element, blocks: Sequence[Block]) -> None:
        """Blocks inside a quote, a list item or a note: no sections, no entries in the contents."""
        for block in blocks:
            self.block(parent, block)

    def heading(self, parent: etree._Element, heading: Heading, *, in_contents: bool = True) -> None:
        level = min(max(heading.level - self.top_level + 2, 2), 6)  # the title is the only h1
        element = subelement(parent, f"h{level}")
        if in_contents:
            self.heading_count += 1
            element.set("id", f"section-{self.heading_count}")
        self.inlines(element, heading.children)

    def block(self, parent: etree._Element, block: Block) -> None:
        lines = stanzas(block.children) if isinstance(block, Paragraph) else None
        if isinstance(block, Quote | ListBlock | Table | CodeBlock | Image) or lines:
            self.lead_in(parent)
        if isinstance(block, Lead):
            self.inlines(self.paragraph(parent, lead=True), block.children)
            self.last_paragraph = (parent, block)
        elif isinstance(block, Paragraph):
            if lines:
                self.verse(parent, lines)
            else:
                self.inlines(self.paragraph(parent), block.children)
            self.last_paragraph = (parent, block)
        elif isinstance(block, Heading):  # inside a quote or a list: not a part of the text
            self.heading(parent, block, in_contents=False)
        elif isinstance(block, Quote):
            self.nested(subelement(parent, "blockquote"), block.blocks)
        elif isinstance(block, Sidebar):  # (a box beside the text: EPUB's sidebar, set apart by a rule)
            aside = subelement(parent, "aside", role="note", **{"class": "sidebar", EPUB_TYPE: "sidebar"})
            self.nested(aside, block.blocks)  # (role: the text's own aside, not the site's landmark)
        elif isinstance(block, ListBlock):
            self.list(parent, block)
        elif isinstance(block, Table):
            self.table(parent, block)
        elif isinstance(block, CodeBlock):
            self.keyed_text(subelement(subelement(parent, "pre"), "code"), block.text)
        elif isinstance(block, Image):
            self.image(parent, block)
        elif isinstance(block, Rule):
            subelement(parent, "hr")
        elif isinstance(block, Contents) and self.entries and not self.collection and not self.contents_set:
            # (a text's own, in a collection: the book's lists the texts)
            self.contents(parent, block.title, block.levels)
            self.contents_set = True  # (one a book: a second would list it all again — a thousand, a gigabyte)

    def verse(self, parent: etree._Element, lines: list[list[tuple[Inline, ...]]]) -> None:
        """A paragraph written as lines, a `p.verse` a stanza: each line a block of its own so
        that one too long for a phone's measure turns over hanging under it (base.css); the
        `<br/>` between them keeps the lines where a reader sets no style."""
        for stanza in lines:
            paragraph = subelement(parent, "p", **{"class": "verse"})
            for number, line in enumerate(stanza):
                if number:
                    subelement(paragraph, "br")
                self.inlines(subelement(paragraph, "span", **{"class": "line"}), line)

    def lead_in(self, parent: etree._Element) -> None:
        """The paragraph just set, when it ends in a colon, opens the list, table, quotation or verse
        that follows: class `lead-in` keeps it on the page with it (print.css)."""
        if self.last_paragraph is None or self.last_paragraph[0] is not parent or not len(parent):
            return
        element = parent[-1]
        if element.tag == f"{{{XHTML}}}p" and plain_text(self.last_paragraph[1].children).rstrip().endswith(":"):
            element.set("class", " ".join(filter(None, (element.get("class"), "lead-in"))))

    def list(self, parent: etree._Element, block: ListBlock) -> None:
        attributes = {"start": str(block.start)} if block.ordered and block.start != 1 else {}
        if attributes and self.for_print:  # (WeasyPrint does not read `start`; a list goes on from 4 in print too)
            attributes["style"] = f"counter-reset: list-item {block.start - 1}"
        hanging = _hanging(block.labels) if block.marker == "none" else ()
        if block.marker:  # "1)", or items that carry their own letters: see base.css
            attributes["class"] = "paren" if block.marker == ")" else " ".join(("own-markers", *hanging))
        element = subelement(parent, "ol" if block.ordered else "ul", **attributes)
        for index, item in enumerate(block.items):
            li = subelement(element, "li")
            if len(item) == 1 and isinstance(item[0], Paragraph):
                self.inlines(li, item[0].children)  # a tight list item: no paragraph margins
            else:
                self.nested(li, item)
            label = block.label(index)
            if label and hanging and self.for_print:  # (drawn as its marker: an inline block is no line WeasyPrint's
                li.set("style", f"list-style-type: {css_string(label + NO_BREAK_SPACE)}")  # setter can compose)
            elif label:
                opening = li[0] if len(li) and li[0].tag == f"{{{XHTML}}}p" and not (li.text or "").strip() else li
                _put_first(opening, subelement(opening, "span", **{"class": "label"}), label)

    def table(self, parent: etree._Element, table: Table) -> None:
        """A table in a box of its own that scrolls sideways on a narrow screen (the page never
        does): its caption, its head rows in `thead` (repeated on each page in print), header
        cells as `th` with the scope a screen reader announces them for."""
        element = subelement(subelement(parent, "div", **{"class": "table"}), "table")
        if table.caption:
            self.inlines(subelement(element, "caption"), table.caption)
        for tag, rows in (("thead", table.rows[: table.head]), ("tbody", table.rows[table.head :])):
            if not rows:
                continue
            section = subelement(element, tag)
            for row in rows:
                line = subelement(section, "tr")
                for cell in row:
                    attributes = {"scope": "col" if tag == "thead" else "row"} if cell.header else {}
                    if cell.columns > 1:
                        attributes["colspan"] = str(cell.columns)
                    if cell.rows > 1:
                        attributes["rowspan"] = str(cell.rows)
                    if cell.align in ("left", "center", "right"):
                        attributes["class"] = f"align-{cell.align}"
                    box = subelement(line, "th" if cell.header else "td", **attributes)
                    if len(cell.blocks) == 1 and isinstance(cell.blocks[0], Paragraph):
                        self.inlines(box, cell.blocks[0].children)  # one paragraph: no paragraph margins
                    else:
                        self.nested(box, cell.blocks)

    def image(self, parent: etree._Element, image: Image) -> None:
        figure = subelement(parent, "figure")
        subelement(figure, "img", src=self.image_url(image.src), alt=without_controls(image.alt))
        if image.title:
            self.keyed_text(subelement(figure, "figcaption"), image.title)

    def colophon(self, article: etree._Element) -> None:
        section = subelement(article, "section", role="doc-colophon", **{"class": "colophon", EPUB_TYPE: "colophon"})
        for line in colophon_lines(self.document.metadata, self.fonts, printed=True):
            append_text(subelement(section, "p"), line)

    def notes(self, article: etree._Element, numbers: Iterable[int]) -> None:
        """The notes numbered `numbers`, each an <aside> linked back to where it is cited
        (not the running text: print sets them at the foot of its pages)."""
        self.in_note, was = True, self.in_note
        try:
            self._notes(article, numbers)
        finally:
            self.in_note = was

    def _notes(self, article: etree._Element, numbers: Iterable[int]) -> None:
        section = subelement(article, "section", **{"class": "notes", EPUB_TYPE: "footnotes"})
        title = strings(self.language).notes
        append_text(subelement(section, "h2", **{"class": "notes-title"}), title)
        for number in numbers:
            note = self.document.notes[number - 1]
            aside = subelement(
                section,
                "aside",
                id=f"note-{number}",
                role="doc-footnote",
                **{"class": "note", EPUB_TYPE: "footnote"},
            )
            blocks = list(note.blocks)
            opening = blocks[0] if blocks else None
            first = opening if isinstance(opening, Paragraph) else Paragraph(())
            if first is opening:
                blocks.pop(0)
            paragraph = subelement(aside, "p")
            backlink = subelement(
                paragraph, "a", href=f"#ref-{number}", role="doc-backlink", **{"class": "note-number"}
            )
            append_text(backlink, f"{self.note_labels.get(number, number)}.")
            append_text(paragraph, " ")
            self.inlines(paragraph, first.children)
            self.nested(aside, blocks)

    # --- inlines --------------------------------------------------------------------------

    def inlines(self, parent: etree._Element, inlines: Sequence[Inline]) -> None:
        with self.container(parent):  # (inside a container already: nothing more)
            self.inline_run(parent, inlines)

    def inline_run(self, parent: etree._Element, inlines: Sequence[Inline]) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                self.text(parent, inline.text)
            elif isinstance(inline, Emphasis):
                self.inlines(subelement(parent, "em"), inline.children)
            elif isinstance(inline, Strong):
                self.inlines(subelement(parent, "strong"), inline.children)
            elif isinstance(inline, Shifted):
                self.inlines(subelement(parent, "sub" if inline.position == "sub" else "sup"), inline.children)
            elif isinstance(inline, Struck):
                self.inlines(subelement(parent, "s"), inline.children)
            elif isinstance(inline, Code):
                append_text(subelement(parent, "code"), inline.text)
            elif isinstance(inline, LineBreak):
                subelement(parent, "br")
            elif isinstance(inline, Link):
                self.link(parent, inline)
            elif isinstance(inline, Span):
                span = subelement(parent, "span", lang=inline.language)
                span.set(XML_LANG, inline.language)
                self.inlines(span, inline.children)
            elif isinstance(inline, Formula):
                self.formula(parent, inline)
            elif isinstance(inline, InlineImage):
                self.inline_image(parent, inline)
            elif isinstance(inline, NoteRef):
                self.note_ref(parent, inline)

    def inline_image(self, parent: etree._Element, inline: InlineImage) -> None:
        """A picture in the line, as tall as the source made it (at most a few lines: a taller
        one would tear the paragraph's lines apart), else as tall as a capital (base.css)."""
        attributes = {"class": "inline-picture"}
        if inline.height:
            attributes["style"] = f"height: {min(max(inline.height, 0.5), MAX_INLINE_EMS):.2f}em"
        alt = "" if inline.image.decorative else without_controls(inline.image.alt)
        subelement(parent, "img", src=self.image_url(inline.image.src), alt=alt, **attributes)

    def formula(self, parent: etree._Element, formula: Formula) -> None:
        """MathML on screens (e-readers and browsers set it, screen readers read it); in print
        a drawing of it (see publish.render.formulas), or its text where it cannot be drawn."""
        math = etree.fromstring(formula.mathml)
        math.set("display", "block" if formula.display else "inline")
        if not self.for_print:
            parent.append(math)
            return
        try:
            pictures = formula_pictures(math)
        except FormulaNotDrawn as error:
            log.warning("a formula cannot be drawn for print (%s); its text stands in: %s", error, formula.text)
            append_text(parent, formula.text)
            return
        for picture in pictures:  # each with its own text: a tagged PDF's figures have theirs
            subelement(
                parent,
                "img",
                src=picture.url,
                alt=formula.text if len(pictures) == 1 else picture.text,
                style=f"width: {picture.width:.3f}em; height: {picture.height:.3f}em;"
                f" vertical-align: {-picture.depth:.3f}em",
                **{"class": "formula display" if formula.display else "formula"},
            )

    def text(self, parent: etree._Element, text: str) -> None:
        """Prose, with each web address and e-mail address in it made a link (inside a link
        already, or in a heading's copy in the contents, it stays text)."""
        if not _ADDRESS_HINT.search(text) or _inside_link(parent):
            self.prose(parent, text)
            return
        position = 0
        for match in _ADDRESS.finditer(text):
            self.prose(parent, text[position : match.start()])
            address = match.group()
            href = address if "://" in address else ("http://" if address.startswith("www.") else "mailto:") + address
            self.address(subelement(parent, "a", href=without_controls(_url_safe(href)), **{"class": "url"}), address)
            position = match.end()
        self.prose(parent, text[position:])

    def prose(self, parent: etree._Element, text: str) -> None:
        """Text, with each range of numbers (1941–1945, XIX–XX) on screens in a `.range` that
        does not break at its dash (the print composer keeps it whole by itself; a word
        joiner would show as a box on a reader whose font lacks one)."""
        if self.for_print or "\u2013" not in text:
            append_text(parent, text)
            return
        position = 0
        for match in _RANGE.finditer(text):
            append_text(parent, text[position : match.start()])
            append_text(subelement(parent, "span", **{"class": "range"}), match.group())
            position = match.end()
        append_text(parent, text[position:])

    def address(self, anchor: etree._Element, address: str) -> None:
        """An address as a link's text: on screens in pieces that break only where sensible
        (`url_text`); in print as one word, which the composer breaks as Pango allows."""
        if self.for_print:
            append_text(anchor, address)
        else:
            url_text(anchor, address)

    def link(self, parent: etree._Element, link: Link) -> None:
        written = link.href.strip()
        href = self.href(written)
        if href is None or _inside_link(parent):  # (a link inside a link, as on a news page's cards: the outer one)
            self.inlines(parent, link.children)
            return
        if any(isinstance(inline, NoteRef) for inline in walk_inlines(link.children)):
            self.link_around_notes(parent, link)
            return
        anchor = subelement(parent, "a", href=without_controls(_url_safe(href)))
        shown = plain_text(link.children).strip()
        if shown and shown in (written, written.removeprefix("mailto:")):  # an address shown as itself
            anchor.set("class", "url")
            self.address(anchor, shown)
        else:
            self.inlines(anchor, link.children)

    def link_around_notes(self, parent: etree._Element, link: Link) -> None:
        """A link whose words call a note: the link in pieces between the calls, for a call is
        a link of its own and links cannot nest."""
        words: list[Inline] = []
        for inline in (*link.children, None):
            calls = inline is None or any(isinstance(each, NoteRef) for each in walk_inlines((inline,)))
            if not calls:
                words.append(inline)  # type: ignore[arg-type]
                continue
            if words:
                self.link(parent, Link(link.href, tuple(words)))
                words = []
            if inline is not None:
                self.inlines(parent, (inline,))

    def href(self, href: str) -> str | None:
        """Where a link of the source goes in this edition; None: it stays text.

        The web and mail as written; `#section-2` to the heading, in whichever file of the
        book it is; a link to another source (`other.md`) to that source's page on the website,
        and text in a book, where it would lead nowhere; javascript:, data: and the like never."""
        href = address(href)
        if harmful(href):
            return None
        if web_or_mail(href):
            return href
        if scheme(href) in ("http", "https", "mailto"):
            log.warning("%s: a link to %r leads nowhere (no address after it); set as text", self.document.source, href)
            return None
        if href.startswith("#"):
            if href[1:] not in self.anchors:
                log.warning("%s: a link to %s, which no heading has; set as text", self.document.source, href)
                return None
            file = self.anchors[href[1:]]
            return f"{file}{href}" if file and file != self.current_file else href
        if not href or _HAS_SCHEME.match(href) or href.startswith("//"):
            return None
        if self.edition != "html":
            log.warning("%s: a link to %s leads nowhere in a book; set as text", self.document.source, href)
            return None
        path, _, fragment = href.partition("#")
        if PurePosixPath(path).suffix.lower() in _SOURCE_SUFFIXES:
            return str(PurePosixPath(path).with_suffix(".html")) + (f"#{fragment}" if fragment else "")
        return href

    def contents(self, parent: etree._Element, title: str | None = None, levels: int = 0) -> None:
        """The headings, linked (in a book, to the file each is in; in print, with its page):
        under `title`, the source's own heading of its contents, or ours where `None`; a source's
        contents with no heading has none here either, only a name for screen readers. The
        source's (`title` given) is in the e-books too: its lines are containers, so a printed
        page that begins inside it is marked there; ours, in print only, has none."""
        nav = subelement(parent, "nav", role="doc-toc", **{"class": "contents", EPUB_TYPE: "toc"})
        placed = title is not None
        if title is None:
            title = strings(self.language).contents
        if title:
            heading = subelement(nav, "h2", **{"class": "contents-title"})
            with self.container(heading) if placed else contextlib.nullcontext():
                append_text(heading, title)
        else:
            nav.set("aria-label", strings(self.language).contents)
        items = subelement(nav, "ol")
        deepest = levels - self.top_level + 1 if levels else 6  # (`levels` counts the source's heading levels)
        for entry in (entry for entry in self.entries if entry.text.strip() and entry.level <= deepest):
            item = subelement(items, "li", **{"class": f"level-{entry.level}"})
            file = self.anchors.get(entry.id, "")
            href = f"{file}#{entry.id}" if file and file != self.current_file else f"#{entry.id}"
            with self.container(item) if placed else contextlib.nullcontext():  # (a line, the layout's unit)
                if entry.authors:  # (a collection's text: its authors over its title, as a journal lists them)
                    append_text(subelement(item, "span", **{"class": "contents-authors"}), entry.authors)
                append_text(subelement(item, "a", href=href), entry.text)

    def note_ref(self, parent: etree._Element, ref: NoteRef) -> None:
        number = ref.number
        seen = self.ref_count.get(number, 0) + 1
        self.ref_count[number] = seen
        if self.for_print and seen == 1 and 0 < number <= len(self.document.notes):
            self.footnote_in_place(parent, number)
            return
        anchor = f"ref-{number}" if seen == 1 else f"ref-{number}-{seen}"
        if _inside_link(parent):  # (links cannot nest: its number, where the note's back link finds it)
            append_text(subelement(parent, "sup", id=anchor), str(self.note_labels.get(number, number)))
            return
        element = subelement(
            parent,
            "a",
            id=anchor,
            href=f"{self.note_file(number)}#note-{number}",
            role="doc-noteref",
            **{"class": "noteref", EPUB_TYPE: "noteref"},
        )
        append_text(element, str(self.note_labels.get(number, number)))

    def footnote_in_place(self, parent: etree._Element, number: int) -> None:
        """The note's text where it is cited; print CSS floats it to the foot of the page."""
        note = subelement(parent, "span", id=f"note-{number}", role="doc-footnote", **{"class": "footnote"})
        self.in_note, was = True, self.in_note
        for index, block in enumerate(self.document.notes[number - 1].blocks):
            if index:
                subelement(note, "br")
            self.inline_run(note, _inline_content(block))
        self.in_note = was


def _inline_content(block: Block) -> Sequence[Inline]:
    """What of a note's block can stand inside a line: its inlines, or its text."""
    if isinstance(block, Paragraph | Lead | Heading):
        return block.children
    if isinstance(block, Quote | Sidebar | ListBlock | Table):
        if isinstance(block, Quote | Sidebar):
            inner: Sequence[Block] = block.blocks
        elif isinstance(block, ListBlock):
            inner = [
                b
                for index, item in enumerate(block.items)
                for b in ((Paragraph((Text(block.label(index)),)),) if block.label(index) else ()) + item
            ]
        else:
            inner = [b for row in block.rows for cell in row for b in cell.blocks]
        return [inline for child in inner for inline in (*_inline_content(child), Text(" "))]
    if isinstance(block, CodeBlock):
        return [Code(block.text)]
    if isinstance(block, Image):
        return [Text(block.alt)]
    return []


def colophon_lines(meta: Metadata, fonts: Mapping[str, str], printed: bool = False) -> list[str]:
    """What a book's colophon says, a line each: title, people, publisher and date, rights,
    identifier (in print, only an ISBN), how it was made and under what licence its fonts are
    (`fonts`: family → licence)."""
    words = strings(meta.language)
    isbn = f"ISBN {meta.identifier.removeprefix('urn:isbn:')}" if meta.identifier.startswith("urn:isbn:") else ""
    series = ", ".join(
        filter(None, (meta.series, words.issue.format(number=meta.series_number) if meta.series_number else ""))
    )
    lines = [
        meta.title + (f". {meta.subtitle}" if meta.subtitle else ""),
        series,
        ", ".join(meta.authors),
        words.edited_by.format(names=", ".join(meta.editors)) if meta.editors else "",
        ", ".join(part for part in (meta.publisher, display_date(meta.date, meta.language)) if part),
        meta.rights,
        isbn or ("" if printed else meta.identifier),
        (words.typeset_with if printed else words.made_with).format(version=__version__),
    ]
    for licence in sorted(set(fonts.values())):
        families = ", ".join(sorted(family for family, stated in fonts.items() if stated == licence))
        lines.append(words.fonts_licensed.format(fonts=families, licence=licence))
    return [line for line in lines if line]


def display_date(date: str, language: str) -> str:
    """An ISO date as a reader of `language` writes it (8 марта 2023, 8 March 2023); else as given."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", date)
    words = strings(language)
    month_only = re.match(r"^(\d{4})-(\d{2})$", date)
    if month_only and words.months and 1 <= int(month_only.group(2)) <= 12:  # март 2024, March 2024
        names = words.standalone_months or words.months
        return f"{names[int(month_only.group(2)) - 1]}\u00a0{month_only.group(1)}"
    if not match or not words.months or not 1 <= int(match.group(2)) <= 12:
        return date
    year, month, day = (int(group) for group in match.groups())
    return words.date.format(day=day, month=words.months[month - 1], year=year)


# --- helpers --------------------------------------------------------------------------

# A text shorter than this (about two A5 pages) gets no contents list in print: it would only
# point from page 1 at page 1 and 2.
CONTENTS_MIN_CHARACTERS = 5_000


def _text_length(document: Document) -> int:
    blocks = walk_blocks(document.blocks)
    return sum(len(plain_text(block.children)) for block in blocks if isinstance(block, Paragraph | Lead | Heading))


def _inside_link(element: etree._Element) -> bool:
    """Whether `element` is a link or inside one (links cannot nest: the outer one stands)."""
    return any(each.tag == f"{{{XHTML}}}a" for each in (element, *element.iterancestors()))


def _hanging(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The classes that hang a list's own labels in the margin, as wide as its longest needs
    (base.css); none for labels of words ("Article 12 bis"), which open their items' lines."""
    longest = max((len(label) for label in labels), default=0)
    if not longest or longest > MAX_HANGING_LABEL:
        return ()
    width = next(name for limit, name in _LABEL_WIDTHS if longest <= limit)
    return ("hanging", width) if width else ("hanging",)


NO_BREAK_SPACE = "\u00a0"
MAX_HANGING_LABEL = 10  # characters: "Статья 12." hangs in 5 em; a longer label runs into its line
_LABEL_WIDTHS = ((3, ""), (5, "wide"), (7, "wider"), (MAX_HANGING_LABEL, "widest"))  # "iv.", "viii.", "Розділ I."


def _put_first(parent: etree._Element, span: etree._Element, label: str) -> None:
    """`span` (made last in `parent`) moved to its start, saying `label` and the no-break
    space after it (the space inside: justification does not stretch it)."""
    parent.remove(span)
    span.text = label.replace(" ", NO_BREAK_SPACE) + NO_BREAK_SPACE
    span.tail, parent.text = parent.text, None
    parent.insert(0, span)


def css_string(text: str) -> str:
    """`text` as a CSS string: quotes, backslashes and line ends escaped (a label comes from
    a document, which may be hostile)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\\n\r\f' or ord(char) < 32 else char for char in text)
    return f'"{escaped}"'


def subelement(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{XHTML}}}{tag}")
    for name, value in attributes.items():
        element.set(name, value)
    return element


# A web or e-mail address in prose (the same the typography stage leaves alone).
_ADDRESS = re.compile(prose_address('<>"«»'))
_ADDRESS_HINT = re.compile(r"://|www\.|@")
# A range of numbers, which book rules keep on one line: 1941–1945, XIX–XX, 4–7.
_RANGE = re.compile(r"(?<!\w)[0-9IVXLCDM]+\u2013[0-9IVXLCDM]+(?!\w)")
# Where an address may break at a line's end: after a slash (or ? & =), before a dot; never
# at its own hyphens, which a reader would take for the end of a line.
_ADDRESS_BREAK = re.compile(r"(?<=[/?&=])(?=[^/])|(?=\.[^\s.])")


_NOT_IN_URLS = re.compile(r'[\s<>"{}|\\^`]')
_AUTHORITY = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*")  # (where "[::1]" may stand)


def _url_safe(href: str) -> str:
    """`href` with the characters no URL may hold (spaces, angle brackets…) percent-encoded:
    `mailto:Иван Петров <ivan@example.org>` as a page may write it, brackets past the host
    (a spreadsheet cell, `…/[ext.xls]Sheet1'!A1`) — epubcheck RSC-020."""
    host = _AUTHORITY.match(href)
    start = host.end() if host else 0
    rest = re.sub(r"[\[\]]", lambda match: quote(match.group()), href[start:])
    return href[:start] + _NOT_IN_URLS.sub(lambda match: quote(match.group()), rest)


def url_text(anchor: etree._Element, address: str) -> None:
    """An address as a link's text: its pieces unbreakable (`.url-part`, white-space: nowrap),
    with a <wbr> between them where a break is sensible."""
    pieces = [piece for piece in _ADDRESS_BREAK.split(address) if piece]
    for number, piece in enumerate(pieces):
        if number:
            subelement(anchor, "wbr")
        append_text(subelement(anchor, "span", **{"class": "url-part"}), piece)


def append_text(element: etree._Element, text: str) -> None:
    """Append `text` after the last child of `element` (lxml keeps it in .text or a .tail)."""
    text = without_controls(text)
    try:
        last = element[-1]  # from the end: len(element) would count every child, each time
    except IndexError:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text
