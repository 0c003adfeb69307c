"""HTML sources (.html, .htm): an article page or a fragment, as the party's old site keeps them.

The article is found as a reader mode finds it (publish.readers.reader_mode: the page's
`<article>` or `<main>`, else the element that holds the story); what is around it and the
site's parts inside it — navigation, header, footer, sidebars, other stories — and whatever
runs or loads (scripts, styles, frames, forms, remote pictures) is dropped. Metadata comes
from `<title>`, `<meta>` (author, description, keywords, dates, Open Graph) and `<html
lang>`; the story's own `<h1>` is its title (with the site's short lines above it dropped),
and the paragraph after it the lead (or one marked `class="lead"`).
Notes are found by their shape, whoever wrote the page: a link to `#id` set as a superscript
(or marked as a note reference), whose target links back or stands in a notes section —
Pandoc's, Word's, LibreOffice's and our own editions' notes all have it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from lxml import etree
from lxml import html as lxml_html

from publish.errors import PublishError
from publish.language import detect_language, is_language_tag
from publish.limits import MAX_HTML_DEPTH
from publish.links import address, harmful
from publish.markup import untrusted_xml
from publish.model import (
    NOWHERE,
    Block,
    Cell,
    Code,
    CodeBlock,
    Contents,
    Document,
    Emphasis,
    Heading,
    Image,
    Inline,
    InlineImage,
    Lead,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    Place,
    Quote,
    Rule,
    Sidebar,
    Span,
    Strong,
    Struck,
    Table,
    Text,
    placed,
    plain_text,
    walk_inlines,
)
from publish.readers.anchors import with_heading_names
from publish.readers.bold_headings import as_lead, bold_paragraphs_as_headings
from publish.readers.inlines import drawn_height, pictures_apart, set_apart, shifted, stand_in
from publish.readers.looks import Look, class_looks, look
from publish.readers.mathml import NotAFormula, formula, from_tex
from publish.readers.metadata import language_tag, normalise, valid_date
from publish.readers.numbering import MAX_LABEL, counter_text, labelled_list
from publish.readers.office import number_in
from publish.readers.pasted_lists import lists_as_lists
from publish.readers.pasted_titles import titles_as_titles
from publish.readers.places import TagPlaces
from publish.readers.reader_mode import (
    MAX_TITLE,
    NOTES_CLASS,
    article_of,
    dropped,
    only_credit,
    page_title,
    prose,
    site_parts,
    text_length,
    title_block,
    title_heading,
    without_echoing_headings,
)
from publish.readers.typed_lists import typed_lists_in
from publish.resources import RefusedResource, picture_problem, read_data_url
from publish.text import one_line

log = logging.getLogger(__name__)

_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "pre", "hr", "figure", "table",
    "div", "section", "article", "main", "header", "dl", "address", "hgroup", "center", "details", "aside",
}  # fmt: skip
_EMPHASIS = {"em", "i", "cite", "var", "dfn"}
_STRONG = {"strong", "b"}
_STYLED = {"span", "font", "sup", "sub", "s", "strike", "del", *_EMPHASIS, *_STRONG}  # (tags that mark words, and
# those a style may make mark them, or unmark: see _HtmlReader._marked)
_CODE = {"code", "kbd", "samp", "tt"}
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_NOTE_MARK = re.compile(r"^\s*[\[(]?\s*(\d{1,4}|[*†‡§]+|[ivxlc]{1,6})\s*[\])]?\s*$")
_LEAD_CLASS = re.compile(
    r"\b(lead|lede|standfirst|intro|summary|annotation)\b(?!-in\b)", re.I
)  # (our "lead-in" is none)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(path: Path, language: str | None = None) -> Document:
    """The source at `path` (see publish.readers.read_source for what every source meets).
    A page's lines may be long (minified); its paragraphs are measured in the model."""
    from publish.readers import read_text

    return read_html(read_text(path, None), path, language)


def read_html(
    text: str, path: Path, language: str | None = None, placed_in_text: bool = True, title: str = ""
) -> Document:
    """`placed_in_text`: whether the page's lines are the source's, to place its blocks by
    (not for a page joined from an EPUB's files); `title`: the title, when known (an EPUB's)."""
    if not text.strip():
        raise PublishError("the source is empty", path, 1)
    try:
        page = lxml_html.document_fromstring(text, parser=lxml_html.HTMLParser(no_network=True, remove_comments=True))
    except etree.XMLSyntaxError as error:  # libxml2 stops at 256 elements deep (MAX_HTML_DEPTH is less)
        if "depth" in str(error).lower():
            raise PublishError(
                f"the HTML is nested over {MAX_HTML_DEPTH} levels deep; not read", path, error.lineno
            ) from None
        raise PublishError(f"not readable as HTML ({error.msg})", path, error.lineno) from None
    except (etree.ParserError, ValueError) as error:
        raise PublishError(f"not readable as HTML ({error})", path) from None
    _empty_void_elements(page)
    lists_as_lists(page)
    titles_as_titles(page)
    return _HtmlReader(page, path, TagPlaces(text if placed_in_text else "", page)).document(language, title)


_HTML5_VOID = ("embed", "source", "track", "wbr", "keygen")  # empty in HTML5, containers to libxml2


_STYLE_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)", re.I)


def lays_out(table: etree._Element, rows: list[etree._Element] | None = None) -> bool:
    """Whether a table only lays a page out (its text read in order, no table): marked
    `role="presentation"`, one cell a row, or holding tables of its own."""
    rows = _rows(table) if rows is None else rows
    return (
        table.get("role") in ("presentation", "none")
        or all(len(_cells(row)) <= 1 for row in rows)
        or any(cell.find(".//table") is not None for row in rows for cell in _cells(row))
    )


def _rows(table: etree._Element) -> list[etree._Element]:
    """A table's own rows (not a table's inside it): its head's, its body's, its foot's."""
    parts: dict[str, list[etree._Element]] = {"thead": [], "body": [], "tfoot": []}
    for child in table:
        if child.tag == "tr":
            parts["body"].append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            parts["body" if child.tag == "tbody" else child.tag] += [row for row in child if row.tag == "tr"]
    return parts["thead"] + parts["body"] + parts["tfoot"]


def _cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _empty_void_elements(page: etree._Element) -> None:
    """libxml2's HTML 4 parser reads `<embed>` or `<wbr>` as opening an element that holds
    everything up to its parent's end: a page's text after an `<embed>` was dropped with it.
    What such an element holds is put back after it, where HTML5 has it."""
    for element in list(page.iter(*_HTML5_VOID)):
        parent = element.getparent()
        if parent is None or (not len(element) and not element.text):
            continue
        children, tail = list(element), element.tail or ""
        element.tail, element.text = element.text or "", None
        position = parent.index(element)
        for offset, child in enumerate(children, 1):
            parent.insert(position + offset, child)  # (its tail moves with it)
        last = children[-1] if children else element
        last.tail = (last.tail or "") + tail


class _HtmlReader:
    def __init__(self, page: etree._Element, path: Path, places: TagPlaces):
        self.page = page
        self.path = path
        self.places = places
        self.consulted: list[Path] = []  # pictures missing or refused (see Document.consulted)
        self.ids = {
            element.get("id") or element.get("name"): element for element in page.xpath("//*[@id!='' or @name!='']")
        }  # (XPath: in C; a textbook's formulas are 250 000 elements)
        self.notes: list[Note] = []
        # Keyed by element: lxml keeps one proxy per node while it is referenced (id() would not do).
        self.note_numbers: dict[etree._Element, int] = {}  # a note's element → its number
        self.note_elements: set[etree._Element] = set()  # every element that holds a note (not the text)
        self.references: dict[etree._Element, etree._Element] = {}  # a reference link → the note's element
        self.pictures: dict[etree._Element, Image | list[Inline]] = {}
        self.title_block: dict[etree._Element, str] = {}  # subtitle, author, date lines → which
        self.teasers: set[etree._Element] = set()  # other stories' cards beside the text (left out)
        self.site_parts: set[etree._Element] = set()  # share bars, related links, hidden parts (left out)
        self.figure_blocks: set[Block] = set()  # each block a <figure> made (see _without_copies)
        self.depth = 0
        self.heading_names_at: dict[Place, list[str]] = {}  # a heading's place → the ids that name it
        page_language = (page.get("lang") or page.get(XML_LANG) or "").strip().replace("_", "-")
        self.language = page_language if is_language_tag(page_language) else ""  # "" until detected

    @functools.cached_property
    def class_looks(self) -> dict[str, Look]:
        """What the page's style sheets make its classes look like (see readers.looks)."""
        return class_looks(self.page)

    @functools.cached_property
    def order(self) -> dict[etree._Element, int]:
        """Each element's place in the document's order (asked only of a page with notes)."""
        return {element: index for index, element in enumerate(self.page.iter())}

    # the page

    def document(self, language: str | None, known_title: str = "") -> Document:
        article = article_of(self.page)
        whole = text_length(article)
        self.teasers = {
            card
            for card in article.iter("article")
            if card is not article and prose(card) * 2 < text_length(card) and text_length(card) * 2 < whole
        }  # cards of other stories in the text's container: more link than prose, and not most of it
        self._find_notes(article)
        self.site_parts = site_parts(article, self.note_elements)
        self.title_block = title_block(article)
        blocks = self._blocks(article)
        fields = self._meta()
        fields.update(self._title_block_fields(fields))
        if known_title:
            fields["title"] = known_title
        title_from_text = False
        title_at = NOWHERE
        blocks = typed_lists_in(self._without_copies(without_echoing_headings(blocks)))
        opening = title_heading(blocks, str(fields.get("title", "")), lone_h1=not known_title)
        if opening is not None:  # the story's own title, after the site's lines above it (if any)
            fields["title"] = plain_text(blocks[opening].children).strip()  # type: ignore[union-attr]
            title_at = blocks[opening].at
            blocks = [block for block in blocks[:opening] if isinstance(block, Image)] + blocks[opening + 1 :]
            title_from_text = True
            credit = next((index for index, block in enumerate(blocks) if not isinstance(block, Image)), None)
            if credit is not None and _credit_line(blocks[credit], fields):  # (the title block says it)
                del blocks[credit]
        first = next((index for index, block in enumerate(blocks) if not isinstance(block, Contents)), 0)
        after = blocks[first] if blocks else None  # (the first paragraph after the title, a contents between or not)
        if title_from_text and isinstance(after, Paragraph) and not any(isinstance(b, Lead) for b in blocks):
            blocks[first] = Lead(as_lead(after.children), at=after.at)
        if not blocks:
            raise PublishError("the page has no text (in its <article>, <main> or body)", self.path)
        blocks, bold = bold_paragraphs_as_headings(blocks, 2 if title_from_text else 1)
        if bold:
            log.warning(
                "%s: the page has no headings: %d line%s set in bold read as heading%s",
                self.path, bold, "" if bold == 1 else "s", "" if bold == 1 else "s",
            )  # fmt: skip
        fields.setdefault("title", self.path.stem.replace("-", " ").replace("_", " "))
        lead = next((block for block in blocks if isinstance(block, Lead)), None)
        words = " ".join(plain_text(b.children) for b in blocks if isinstance(b, Paragraph | Lead | Heading))
        fields["language"] = language or fields.get("language") or detect_language(words)
        metadata = Metadata(**normalise(fields, self.path, plain_text(lead.children) if lead else ""))
        document = Document(metadata, tuple(blocks), tuple(self.notes), self.path, tuple(self.consulted), title_at)
        return with_heading_names(document, lambda heading: self.heading_names_at.get(heading.at, ()))

    def _without_copies(self, blocks: list[Block]) -> list[Block]:
        """`blocks` without a figure that repeats the one just before it (a site's copy of a
        picture and caption for small screens, then its copy for large ones)."""
        return [
            block
            for index, block in enumerate(blocks)
            if not index or block != blocks[index - 1] or block not in self.figure_blocks
        ]

    def _title_block_fields(self, meta: dict[str, object]) -> dict[str, object]:
        """Subtitle, author and date as the page shows them under its title; the page's
        <meta> tags win for author and date (they are written for machines, exactly)."""
        fields: dict[str, object] = {}
        for element, kind in self.title_block.items():
            text = _one_line(element.text_content())
            if kind == "subtitle" and text:
                fields["subtitle"] = text
            elif kind in ("author", "byline") and text and "authors" not in meta:
                fields["authors"] = (re.sub(r"^(by|автор:?)\s+", "", text, flags=re.I),)
            elif kind == "publisher" and text:
                fields["publisher"] = text
            elif kind in ("date", "dateline") and "date" not in meta:
                stamp = next((t.get("datetime", "")[:10] for t in element.iter("time")), "") or text
                if valid_date(stamp):
                    fields["date"] = stamp
        return fields

    def _meta(self) -> dict[str, object]:
        fields: dict[str, object] = {}
        metas: dict[str, str] = {}
        for meta in self.page.iter("meta"):
            key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
            if key and meta.get("content", "").strip():
                metas.setdefault(key, meta.get("content", "").strip())
        named = [_one_line(metas.get("og:title", "")), _one_line(self.page.findtext(".//title") or "")]
        headings = [_one_line(h.text_content()) for _, h in zip(range(20), self.page.iter("h1"), strict=False)]
        title = page_title(named, [h for h in headings if len(h) <= MAX_TITLE])
        if title:
            fields["title"] = title
        author = metas.get("author") or metas.get("article:author") or metas.get("dc.creator")
        if author and not _URL_SCHEME.match(author):
            fields["authors"] = tuple(name.strip() for name in re.split(r"[;,]\s*(?=\S)", author) if name.strip())
        if metas.get("description") or metas.get("og:description"):
            fields["description"] = _one_line(metas.get("description") or metas.get("og:description", ""))
        if metas.get("keywords"):
            fields["keywords"] = tuple(word.strip() for word in metas["keywords"].split(",") if word.strip())
        times = [metas.get(key, "") for key in ("article:published_time", "date", "dc.date", "datepublished")]
        times += [time.get("datetime", "") for time in self.page.iter("time")]
        date = next((value[:10] for value in times if valid_date(value[:10])), "")
        if date:
            fields["date"] = date
        tag = (self.page.get("lang") or self.page.get(XML_LANG) or "").strip()
        if tag and is_language_tag(tag.replace("_", "-")):
            fields["language"] = tag.replace("_", "-")
        return fields

    # notes

    def _find_notes(self, article: etree._Element) -> None:
        """Find each note reference and its note; mark the notes (and a section holding only
        notes) as not part of the running text. Notes are numbered as the text cites them."""
        for link in article.iter("a"):
            target = self._note_target(link)
            if target is not None:
                self.references[link] = target
                self.note_elements.add(target)
        in_notes: set[etree._Element] = set()  # notes sections and what is inside them (parents come first)
        # (a part of a notes section, its notes under a heading, too; none inside a formula, whose
        # elements are not visited: a textbook's are 250 000, and XPath passes them over in C)
        for container in article.xpath("descendant-or-self::*[not(ancestor-or-self::math)]"):
            if _is_notes_section(container) or container.getparent() in in_notes:
                in_notes.add(container)
            if (
                container in in_notes
                and any(element in self.note_elements for element in _note_items(container))
                and all(
                    element in self.note_elements
                    or not (element.text_content() or "").strip()
                    or element.tag in ("hr", "h1", "h2", "h3", "h4", "h5", "h6")
                    for element in _note_items(container)
                )
            ):
                self.note_elements.add(container)

    def _note_target(self, link: etree._Element) -> etree._Element | None:
        href = link.get("href", "")
        if not href.startswith("#") or len(href) < 2:
            return None
        target = self.ids.get(unquote(href[1:]))
        if target is None:
            return None
        marked = (
            link.get("role") == "doc-noteref"
            or "noteref" in _epub_type(link)
            or re.search(
                r"footnote|noteref|sdfootnoteanc|sdendnoteanc|fnref",
                (link.get("class") or "") + " " + (link.get("id") or link.get("name") or ""),
                re.I,
            )
            or (link.getparent() is not None and link.getparent().tag == "sup")
            or any(child.tag == "sup" for child in link)
        )
        if not marked or not _NOTE_MARK.match(link.text_content() or ""):
            return None
        if any(_is_notes_section(ancestor) for ancestor in link.iterancestors()):
            return None  # a note's own number, leading back to the text
        note = _note_block(target)
        if self.order.get(note, 0) < self.order.get(link, 0):
            return None  # a note stands after the words that cite it
        back = {f"#{link.get('id')}", f"#{link.get('name')}"} - {"#None"}
        links_back = any(a.get("href") in back for a in note.iter("a"))
        in_notes = any(_is_notes_section(ancestor) for ancestor in note.iterancestors()) or _is_notes_section(note)
        return note if links_back or in_notes else None

    def _note_ref(self, link: etree._Element) -> NoteRef:
        note = self.references[link]
        if note not in self.note_numbers:
            self.notes.append(Note(()))
            number = self.note_numbers[note] = len(self.notes)
            self.notes[number - 1] = Note(tuple(self._note_blocks(note)), at=self.places.of(note))
        return NoteRef(self.note_numbers[note])

    def _note_blocks(self, note: etree._Element) -> list[Block]:
        """A note's text, without its own number and the link back to the text."""
        blocks = (
            self._blocks(note, inside_note=True)
            if note.tag not in ("p",)
            else [Paragraph(self._inlines(note, inside_note=True))]
        )
        return [
            block for block in blocks if not (isinstance(block, Paragraph) and not plain_text(block.children).strip())
        ]

    # blocks

    def _blocks(self, container: etree._Element, inside_note: bool = False) -> list[Block]:
        self.depth += 1
        if self.depth > MAX_HTML_DEPTH:
            raise PublishError(f"the HTML is nested over {MAX_HTML_DEPTH} levels deep; not read", self.path)
        blocks: list[Block] = []
        loose: list[Inline] = []  # text and inline elements straight inside a block container
        loose_at = [self.places.of(container)]  # where the loose text began

        def flush() -> None:
            inlines = set_apart(_trim(loose))
            if inlines:
                blocks.append(Paragraph(inlines, at=loose_at[0]))
            loose.clear()

        if container.text and container.text.strip():
            loose.append(Text(container.text))
        for child in container:
            if not loose:
                loose_at[0] = self.places.of(child)
            if _is_contents(child) and not inside_note and child not in self.site_parts:
                flush()
                blocks.append(Contents(_contents_title(child), at=self.places.of(child)))
            elif not self._is_text(child, inside_note):
                pass
            elif child.tag in _BLOCKS or child.tag in ("li", "dt", "dd", "tr", "td", "th", "tbody", "thead"):
                flush()
                at = self.places.of(child)
                blocks.extend(placed(block, at) for block in self._block(child, inside_note))
            elif child.tag == "img":
                picture = self._image(child)
                if isinstance(picture, Image):
                    flush()
                    blocks.append(picture)
                else:
                    loose.extend(picture)
            else:
                loose.extend(self._inline(child, inside_note))
            if isinstance(child.tag, str) and child.tail and child.tail.strip():
                loose.append(Text(child.tail))
            elif child.tail and loose:
                loose.append(Text(" "))
        flush()
        self.depth -= 1
        return blocks

    def _is_text(self, element: etree._Element, inside_note: bool) -> bool:
        """Whether an element is part of the running text (not a comment, a note, the
        subtitle, something that runs or loads, or something hidden; a formula's TeX in a
        script is text)."""
        if not isinstance(element.tag, str) or element in self.title_block:
            return False
        if dropped(element) and not _math_script(element) or _formula_picture(element):
            return False
        if element in self.teasers or element in self.site_parts:
            return False
        if element in self.note_elements and not inside_note:
            return False
        return element.get("hidden") is None and element.get("aria-hidden") != "true"

    def _block(self, element: etree._Element, inside_note: bool) -> list[Block]:
        tag = element.tag
        classes = element.get("class") or ""
        if tag == "p":
            read = set_apart(tuple(self._in_its_language(element, list(self._inlines(element, inside_note)))))
            before, inlines, _ = pictures_apart(read)
            placed_first = {id(picture) for picture in before}
            in_line = {id(inline.image) for inline in walk_inlines(inlines) if isinstance(inline, InlineImage)}
            pictures = [p for img in _pictures_in(element) if isinstance(p := self._image(img), Image)]
            after = [p for p in pictures if id(p) not in in_line and id(p) not in placed_first]  # (floated, or last)
            text = [Lead(inlines) if _LEAD_CLASS.search(classes) else Paragraph(inlines)] if inlines else []
            return [*before, *text, *after]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading_names_at[self.places.of(element)] = _names_of_heading(element)
            inlines = tuple(self._in_its_language(element, list(self._inlines(element, inside_note))))
            if len(plain_text(inlines)) > MAX_TITLE:
                return [Paragraph(inlines)]  # (a caption set big, not a heading to find in the contents)
            return [Heading(int(tag[1]), inlines)] if plain_text(inlines).strip() else []
        if tag == "blockquote":
            quoted = self._blocks(element, inside_note)
            return [Quote(tuple(quoted))] if quoted else []
        if tag in ("ul", "ol") and element.find("li") is None:
            return self._blocks(element, inside_note)  # (a list of no items indents what it holds, as old pages use it)
        if tag in ("ul", "ol"):
            return self._list(element, inside_note)
        if tag == "pre":
            return [CodeBlock(element.text_content().strip("\n"))]
        if tag == "hr":
            return [Rule()]
        if tag == "table":
            return self._table(element, inside_note)
        if tag == "figure":
            return self._figure(element, inside_note)
        return self._container(element, inside_note)

    def _list(self, element: etree._Element, inside_note: bool) -> list[Block]:
        """A list: its items (a list nested without an item of its own in the item before it),
        the labels it shows where they are not "1.", "2." (see readers.numbering)."""
        tag = element.tag
        items: list[tuple[Block, ...]] = []
        own = [_own_label(child) for child in element if child.tag == "li"]
        for child in element:
            if child.tag == "li":
                items.append(tuple(self._blocks(child, inside_note)))
            elif child.tag in ("ul", "ol") and self._is_text(child, inside_note):
                # a list nested without an item of its own (old editors write <ul><ul>): the
                # item before it holds it, as browsers show it
                nested = tuple(self._block(child, inside_note))
                items[-1:] = [(*items[-1], *nested)] if items else [nested]
        if own and all(own) and len(own) == len(items) and all(items):  # a list our own editions hung labels in
            return [labelled_list(items, own)]
        items = [item for item in items if item]
        start = number_in(element.get("start"), 1)
        form = _list_form(element) if tag == "ol" else "decimal"
        if form != "decimal" and items:  # "a.", "IV.": the items carry their labels (see readers.numbering)
            labels = tuple(counter_text(start + i, form) + "." for i in range(len(items)))
            return [ListBlock(ordered=False, items=tuple(items), marker="none", labels=labels)]
        marker = ")" if tag == "ol" and "paren" in (element.get("class") or "").split() else ""  # (ours, Word's "1)")
        return [ListBlock(ordered=tag == "ol", items=tuple(items), start=start, marker=marker)] if items else []

    def _container(self, element: etree._Element, inside_note: bool) -> list[Block]:
        """What an element of blocks holds: a book's sidebar as one, a lead's box its lead."""
        blocks = self._blocks(element, inside_note)
        sidebar = "sidebar" in _epub_type(element).split() or element.tag == "aside"  # (an EPUB's: see readers.epub)
        if sidebar and not inside_note:
            return [Sidebar(tuple(blocks))] if blocks else []
        lead = _LEAD_CLASS.search(element.get("class") or "")
        if element.tag in ("div", "section") and lead and blocks and isinstance(blocks[0], Paragraph):
            blocks[0] = Lead(blocks[0].children, at=blocks[0].at)
        return blocks

    def _formula(self, element: etree._Element) -> list[Inline]:
        """A formula: MathML (`<math>`, MathJax 3's copy of it for screen readers) or TeX in
        MathJax 2's `<script type="math/tex">`; its text where it cannot be read as one."""
        try:
            kind = _math_script(element)
            if kind == "tex":
                return [from_tex(element.text or "", "mode=display" in "".join((element.get("type") or "").split()))]
            if kind == "mml":
                return [formula(untrusted_xml((element.text or "").encode("utf-8")))]
            math = element if element.tag == "math" else next(element.iter("math"), None)
            if math is None:
                return []  # MathJax's drawing without the MathML: nothing to read
            display = element.get("display") == "true" if element.tag == "mjx-container" else None
            return [formula(math, display, math.get("alttext") or "")]
        except (NotAFormula, etree.XMLSyntaxError) as error:
            log.warning("%s: a formula is read as its text: %s", self.path, error)
            return [Text(one_line(element.text_content() if kind else "".join(element.itertext())))]

    def _table(self, table: etree._Element, inside_note: bool) -> list[Block]:
        """A table of data: its caption, rows (`thead`'s first, then the body's, `tfoot`'s
        last), header cells (`th`) and spans. A table that only lays a page out — marked
        `role="presentation"`, one cell a row, or holding tables of its own — gives its
        cells' blocks in order, as the page reads."""
        rows = [row for row in _rows(table) if self._is_text(row, inside_note)]
        if lays_out(table, rows):
            return [block for row in rows for cell in _cells(row) for block in self._blocks(cell, inside_note)]
        head = sum(1 for row in rows if row.getparent().tag == "thead")
        if not head and rows and all(cell.tag == "th" for cell in _cells(rows[0])):
            head = 1  # a first row of header cells heads the table, as browsers read it
        read = []
        for row in rows:
            cells = []
            for cell in _cells(row):
                styled = _STYLE_ALIGN.findall(cell.get("style") or "")
                align = styled[-1].lower() if styled else (cell.get("align") or "").lower()
                cells.append(
                    Cell(
                        tuple(self._blocks(cell, inside_note)),
                        header=cell.tag == "th",
                        columns=max(1, min(number_in(cell.get("colspan"), 1), 1000)),
                        rows=max(1, min(number_in(cell.get("rowspan"), 1), 1000)),
                        align=align if align in ("left", "center", "right") else "",
                    )
                )
            read.append(tuple(cells))
        caption = table.find("caption")
        words = tuple(self._inlines(caption, inside_note)) if caption is not None else ()
        return [Table(tuple(read), head=head, caption=_trim(list(words)))] if read else []

    def _figure(self, figure: etree._Element, inside_note: bool) -> list[Block]:
        blocks = self._figure_blocks(figure, inside_note)
        self.figure_blocks.update(blocks)
        return blocks

    def _figure_blocks(self, figure: etree._Element, inside_note: bool) -> list[Block]:
        """A figure's pictures, its caption set under the one picture as the editions set a
        picture's title; a caption with no picture left (remote, refused) stands as text."""
        caption = figure.find(".//figcaption")
        caption_text = _one_line(caption.text_content()) if caption is not None else ""
        pictures = [self._image(img, caption_text) for img in _pictures_in(figure)]
        images = [picture for picture in pictures if isinstance(picture, Image)]
        if len(images) == 1 and caption_text:
            return [dataclasses.replace(images[0], title=caption_text)]
        blocks: list[Block] = [*images]
        if caption is not None and caption_text:
            blocks.append(Paragraph(self._inlines(caption, inside_note)))
        elif not images:
            blocks += [Paragraph(tuple(words)) for words in pictures if isinstance(words, list) and words]
        return blocks

    def _image(self, img: etree._Element, caption: str = "") -> Image | list[Inline]:
        """A picture the page carries (data:) or keeps beside it; else its alt text, with a word."""
        if img not in self.pictures:
            self.pictures[img] = self._read_image(img, caption)
        return self.pictures[img]

    def _read_image(self, img: etree._Element, caption: str) -> Image | list[Inline]:
        src = _picture_source(img)
        alt = _one_line(img.get("alt") or "") or caption
        decorative = not alt and img.get("alt") is not None  # alt="": the page says it shows nothing to read
        instead: list[Inline] = [Text(stand_in(alt))] if stand_in(alt) else []
        where = f"{self.path}:{img.sourceline}"
        if src.startswith("data:"):
            try:
                data, kind = read_data_url(src)
            except RefusedResource as refusal:
                log.warning("%s: a picture %s; its alt text stands in", where, refusal)
                return instead
            suffix = {
                "image/png": ".png",
                "image/jpeg": ".jpg",
                "image/gif": ".gif",
                "image/webp": ".webp",
                "image/svg+xml": ".svg",
            }.get(kind, "")
            problem = picture_problem(data, suffix) if suffix else f"is {kind}, not a picture publish can read"
            if problem:
                log.warning("%s: a picture that %s; its alt text stands in", where, problem)
                return instead
            name = hashlib.sha256(data).hexdigest()[:16] + suffix
            return Image(src=name, alt=alt, data=data, decorative=decorative, at=self.places.of(img))
        if not src or _URL_SCHEME.match(src) or src.startswith("//"):
            if src:
                log.warning("%s: remote picture %s is not fetched; its alt text stands in", where, src)
            return instead
        relative = unquote(src.split("#")[0].split("?")[0])
        folder = self.path.parent.resolve()
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder):
            log.warning("%s: picture %s lies outside the page's folder; not loaded", where, src)
            return instead
        if not target.is_file():
            log.warning("%s: picture %s does not exist beside the page; its alt text stands in", where, src)
            self.consulted.append(target)
            return instead
        from publish.resources import image_problem

        problem = image_problem(target)
        if problem:
            log.warning("%s: picture %s %s; its alt text stands in", where, src, problem)
            self.consulted.append(target)
            return instead
        title = _one_line(img.get("title") or "")
        return Image(src=relative, alt=alt, title=title, decorative=decorative, at=self.places.of(img))

    # inlines

    def _inlines(self, element: etree._Element, inside_note: bool = False) -> tuple[Inline, ...]:
        inlines: list[Inline] = [Text(element.text)] if element.text else []
        for child in element:
            if isinstance(child.tag, str):
                inlines.extend(self._inline(child, inside_note))
            if child.tail:
                inlines.append(Text(child.tail))
        return _trim(inlines)

    def _inline(self, element: etree._Element, inside_note: bool) -> list[Inline]:
        if element.tag in ("math", "mjx-container") or _math_script(element):
            return self._formula(element)
        if element in self.site_parts:  # (a heading's "[edit]" link)
            return []
        return self._in_its_language(element, self._inline_content(element, inside_note))

    def _in_its_language(self, element: etree._Element, inlines: list[Inline]) -> list[Inline]:
        """`inlines` as a span in `element`'s language, when it names one other than the page's."""
        tag = (element.get("lang") or element.get(XML_LANG) or "").strip().replace("_", "-")
        if not inlines or not tag or not is_language_tag(tag):
            return inlines
        if tag.split("-")[0].lower() == self.language.split("-")[0].lower():
            return inlines
        return [Span(language_tag(tag), tuple(inlines))]

    def _inline_content(self, element: etree._Element, inside_note: bool) -> list[Inline]:
        tag = element.tag
        if _left_out(element):
            return []
        if tag == "a" and element in self.references and not inside_note:
            return [self._note_ref(element)]
        if tag == "a" and inside_note and self._is_back_link(element):
            return []
        inner = list(_spaces(self._inlines_of(element, inside_note)))
        if tag in _STYLED:
            return self._marked(element, inner)
        if tag in _CODE:
            return [Code(element.text_content())]
        if tag == "br":
            return [LineBreak()]
        if tag == "q":
            return [Text('"'), *inner, Text('"')]
        if tag == "img":
            return self._picture_in_line(element)
        if tag == "a":
            href = address(element.get("href") or "")
            if href and not harmful(href) and (not href.startswith("#") or len(href) > 1):
                return [Link(href, tuple(inner))] if inner else []  # (one to no heading: text, in document())
            return inner
        if tag in ("li", "p", "div"):
            return [*inner, Text(" ")]
        return inner

    def _marked(self, element: etree._Element, inner: list[Inline]) -> list[Inline]:
        """Words an element marks, by its tag or its style: emphasis, bold, raised, lowered,
        struck (a style may also unmark: Google Docs' pasted `<b style="font-weight:normal">`)."""
        tag = element.tag
        if not inner:
            return []
        if tag in ("sup", "sub"):
            return list(shifted(tuple(inner), "super" if tag == "sup" else "sub"))
        if tag in ("s", "strike", "del"):
            return [Struck(tuple(inner))]
        shown = look(element, self.class_looks)
        if tag in _EMPHASIS and shown.get("slant") != "normal":
            return [Emphasis(tuple(inner))]
        if tag in _STRONG and shown.get("weight") != "normal":
            return [Strong(tuple(inner))]
        return _styled(inner, shown) if shown else inner

    def _picture_in_line(self, img: etree._Element) -> list[Inline]:
        """A picture among words, in their line; one floated beside them stands after their
        paragraph (see _block); one that cannot be shown, its alt text."""
        picture = self._image(img)
        if not isinstance(picture, Image):
            return picture
        if _floated(img):
            return []
        return [InlineImage(picture, _height_in_ems(img) or drawn_height(picture, self.path.parent))]

    def _inlines_of(self, element: etree._Element, inside_note: bool) -> Iterator[Inline]:
        if element.text:
            yield Text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                yield from self._inline(child, inside_note)
            if child.tail:
                yield Text(child.tail)

    def _is_back_link(self, link: etree._Element) -> bool:
        """A note's own number or ↩ that leads back to the text."""
        href = link.get("href", "")
        target = self.ids.get(unquote(href[1:])) if href.startswith("#") else None
        return (
            target is not None
            and target.tag == "a"
            and target in self.references
            or "back" in ((link.get("class") or "") + (link.get("role") or ""))
        )


def _credit_line(block: Block, fields: dict[str, object]) -> bool:
    """Whether `block`, under the story's title, only repeats its authors and date."""
    authors = fields.get("authors") or ()
    names = (authors,) if isinstance(authors, str) else tuple(str(name) for name in authors)  # type: ignore[attr-defined]
    return isinstance(block, Paragraph) and only_credit(plain_text(block.children), names, str(fields.get("date", "")))


def _names_of_heading(heading: etree._Element) -> list[str]:
    """The ids a page links to a heading by: its own, its anchors' (`<a name>` inside it or
    just before it), and that of the section it opens."""
    names = [element.get("id") or element.get("name") or "" for element in heading.iter()]
    before = heading.getprevious()
    if before is not None and before.tag == "a" and not (before.text or "").strip():
        names.append(before.get("id") or before.get("name") or "")
    parent = heading.getparent()
    if parent is not None and parent.tag in ("section", "article", "div") and next(iter(parent), None) is heading:
        names.append(parent.get("id") or "")
    return [name for name in names if name]


def _is_notes_section(element: etree._Element) -> bool:
    role = element.get("role") or ""
    kind = _epub_type(element)
    return (
        role in ("doc-endnotes", "doc-footnote", "doc-endnote")
        or any(word in kind for word in ("footnote", "endnote", "rearnote"))
        or bool(NOTES_CLASS.search((element.get("class") or "") + " " + (element.get("id") or "")))
    )


def _note_items(container: etree._Element) -> list[etree._Element]:
    items: list[etree._Element] = []
    for child in container:
        if child.tag in ("ol", "ul"):
            items.extend(item for item in child if isinstance(item.tag, str))
        elif isinstance(child.tag, str):
            items.append(child)
    return items


def _note_block(target: etree._Element) -> etree._Element:
    """The element holding a note's text, from the element its reference points to: itself,
    or, for a bare anchor at the note's start, the paragraph around it — or the paragraph's
    item or box when that holds this one note only (Word's and LibreOffice's pages)."""
    if target.tag not in ("a", "span", "sup"):
        return target
    block = next((a for a in target.iterancestors() if a.tag in ("li", "p", "div", "aside", "section", "dd")), target)
    parent = block.getparent()
    if block.tag == "p" and parent is not None and parent.tag in ("li", "div", "aside"):
        anchors = [a for a in parent.iter("a") if a.get("name") or a.get("id")]
        if parent.tag == "li" or len(anchors) <= 1:
            return parent
    return block


def _permalink(link: etree._Element) -> bool:
    """A mark that links to its own place in the page, shown beside a heading on hover (Sphinx's
    ¶, a blog's # or §, 🔗): no words, so nothing an edition shows (its headings have ids)."""
    href = link.get("href") or ""
    text = link.text_content().strip()
    return href.startswith("#") and len(href) > 1 and bool(text) and not text.strip(_PERMALINK_MARKS)


_PERMALINK_MARKS = "¶#§🔗⚓∞\ufe0f "  # (not * † ‡: a note's call, when its note was not found)


def _one_line(text: str) -> str:
    return one_line(text.replace("\u00ad", ""))


_MATHJAX_DRAWING = re.compile(r"\bMathJax(?:_Preview|_Display|_SVG|_SVG_Display|_CHTML)?\b")


def _is_contents(element: etree._Element) -> bool:
    """Whether `element` is the page's own table of contents, as ours, Pandoc's (`--toc`) and
    EPUB's content documents mark one: the place every edition lists the headings."""
    if not isinstance(element.tag, str) or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return False
    return element.get("role") == "doc-toc" or _epub_type(element).split() == ["toc"]


_LIST_TYPES = {"a": "lower-latin", "A": "upper-latin", "i": "lower-roman", "I": "upper-roman"}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*(?:[^;]*?\s)?((?:lower|upper)-(?:alpha|latin|roman))", re.I)


def _styled(inner: list[Inline], shown: Look) -> list[Inline]:
    """Words a span's style marks (bold, italic, raised, lowered) as the model marks them."""
    marked: list[Inline] = inner
    if shown.get("shift") in ("super", "sub"):
        marked = list(shifted(tuple(marked), shown["shift"]))
    if shown.get("slant") == "italic":
        marked = [Emphasis(tuple(marked))]
    if shown.get("weight") == "bold":
        marked = [Strong(tuple(marked))]
    return marked


def _own_label(item: etree._Element) -> str:
    """The label an edition of ours hangs before a list item (`<span class="label">а) </span>`,
    in the item or its first paragraph), or "": a book reissued keeps its labels apart."""
    holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
    first = holder[0] if len(holder) and not (holder.text or "").strip() else None
    if first is None or first.tag != "span" or "label" not in (first.get("class") or "").split():
        return ""
    return first.text_content().strip()[:MAX_LABEL]  # (as the item's text opens: "Статья\u00a03.")


def _list_form(element: etree._Element) -> str:
    """How an `<ol>` numbers its items, as a CSS counter style: `type="a"` (Pandoc writes it
    for "a)" lists), or `list-style-type` in its own style; decimal unless either says."""
    declared = _LIST_STYLE.search(element.get("style", "")[:2000])
    if declared:
        return declared.group(1).lower().replace("alpha", "latin")
    return _LIST_TYPES.get(element.get("type", ""), "decimal")


def _epub_type(element: etree._Element) -> str:
    """What an EPUB's `epub:type` says `element` is, its words (XHTML names it in its
    namespace, HTML as written)."""
    return element.get("{http://www.idpf.org/2007/ops}type") or element.get("epub:type") or ""


def _contents_title(nav: etree._Element) -> str:
    """The heading a contents has on the page ("Оглавление"), or "" for none."""
    heading = next(nav.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
    return " ".join(heading.text_content().split()) if heading is not None else ""


def _left_out(element: etree._Element) -> bool:
    """Whether an inline element's content is not the text (a script, a hidden element, a
    heading's permalink mark, MathJax's drawing of a formula whose source stands beside it)."""
    hidden = dropped(element) or element.get("hidden") is not None or element.tag == "a" and _permalink(element)
    return hidden or bool(_MATHJAX_DRAWING.search(element.get("class") or "")) or _formula_picture(element)


_LAZY = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-hi-res-src", "data-full-src")
_PLACEHOLDER = re.compile(r"blank|placeholder|spacer|lazy|pixel|transparent|loading|grey\.gif|gray\.gif", re.I)


def _picture_source(img: etree._Element) -> str:
    """Where a picture is, as a page that loads its pictures late says it: its `src`, unless
    that is a stand-in (a tiny data: image, blank.gif…) or missing; then `data-src` and its
    kin, the largest of `srcset`, or the `<img>` in a `<noscript>` after it."""
    src = (img.get("src") or "").strip()
    if src and not (src.startswith("data:") and len(src) < 1000 or _PLACEHOLDER.search(src.split("?")[0])):
        return src
    for name in _LAZY:
        if (img.get(name) or "").strip():
            return (img.get(name) or "").strip()
    for name in ("srcset", "data-srcset"):
        if (img.get(name) or "").strip():
            return _largest(img.get(name) or "")
    following = img.getnext()
    if following is not None and following.tag == "noscript":
        fallback = next(following.iter("img"), None)
        if fallback is not None and (fallback.get("src") or "").strip():
            return (fallback.get("src") or "").strip()
    return src


def _floated(img: etree._Element) -> bool:
    """Whether a picture among words stands beside them rather than in their line."""
    style = (img.get("style") or "").replace(" ", "").lower()
    return (img.get("align") or "").lower() in ("left", "right") or "float:left" in style or "float:right" in style


_STYLED_HEIGHT = re.compile(r"(?:^|;)\s*height\s*:\s*(\d{1,5}(?:\.\d{1,4})?)(em|px)\s*(?:;|$)")


def _height_in_ems(img: etree._Element) -> float:
    """A picture's height as the page sizes it (its style's ems or pixels, else its height
    attribute's pixels; 16 to the em), 0 when it does not."""
    styled = _STYLED_HEIGHT.search((img.get("style") or "")[:200].lower())
    if styled:
        return round(float(styled.group(1)) / (1 if styled.group(2) == "em" else 16), 2)
    height = (img.get("height") or "").strip().removesuffix("px")
    return round(float(height) / 16, 2) if re.fullmatch(r"\d{1,5}(\.\d+)?", height) else 0.0


def _pictures_in(element: etree._Element) -> list[etree._Element]:
    """The pictures inside `element` a reader sees (not a <noscript>'s copy of a late one)."""
    return [img for img in element.iter("img") if not any(a.tag == "noscript" for a in img.iterancestors())]


def _largest(srcset: str) -> str:
    """The widest (or densest) candidate of a `srcset` ("a.jpg 320w, b.jpg 1024w")."""
    best, size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        descriptor = parts[1] if len(parts) > 1 else "1x"
        try:
            value = float(descriptor[:-1]) if descriptor[-1] in "wx" else 0.0
        except ValueError:
            value = 0.0
        if value > size:
            best, size = parts[0], value
    return best


def _formula_picture(element: etree._Element) -> bool:
    """A picture of a formula whose MathML stands beside it (Wikipedia's fallback image)."""
    return element.tag == "img" and "math-fallback" in (element.get("class") or "")


def _math_script(element: etree._Element) -> str:
    """ "tex" or "mml" for MathJax 2's script holding a formula's source, else ""."""
    if element.tag != "script":
        return ""
    kind = (element.get("type") or "").strip().lower()
    return "tex" if kind.startswith("math/tex") else "mml" if kind.startswith("math/mml") else ""


def _trim(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Inline runs with HTML's white space rules: runs of spaces and line ends are one space,
    none at the ends; neighbouring text joined."""
    merged: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            text = re.sub(r"[ \t\r\n\f]+", " ", inline.text.replace("\u00ad", ""))
            if merged and isinstance(merged[-1], Text):
                joined = merged[-1].text + text
                merged[-1] = Text(re.sub(r" {2,}", " ", joined))
                continue
            if merged and isinstance(merged[-1], LineBreak) or not merged:
                text = text.lstrip(" ")
            if text:
                merged.append(Text(text))
        else:
            if isinstance(inline, LineBreak) and merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text.rstrip(" "))
            merged.append(inline)
    while merged and (
        isinstance(merged[-1], LineBreak) or isinstance(merged[-1], Text) and not merged[-1].text.strip()
    ):
        merged.pop()
    if merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip(" "))
    if merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip(" "))
        if not merged[0].text:
            merged.pop(0)
    return tuple(merged)


def _spaces(inlines: Iterator[Inline]) -> Iterator[Inline]:
    """White space runs inside an inline element made one space (its ends stay for `_trim`)."""
    for inline in inlines:
        yield (
            Text(re.sub(r"[ \t\r\n\f]+", " ", inline.text.replace("\u00ad", "")))
            if isinstance(inline, Text)
            else inline
        )
