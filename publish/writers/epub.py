"""The EPUB 3 edition: the rendered XHTML, the theme's CSS and fonts, packaged by ebooklib.

ebooklib writes the package document, the EPUB 3 navigation document and the EPUB 2 NCX;
we hand it finished XHTML (it would otherwise re-parse and rebuild our markup) and then
repack its zip with fixed timestamps, so that the same inputs give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ebooklib
from ebooklib import epub
from lxml import etree

from publish import __version__
from publish.mathml import MATHML
from publish.model import Article, Document, has_formulas
from publish.render.folios import PageStart, page_breaks
from publish.render.html import OPS, XHTML
from publish.render.pages import TocEntry, render_epub_pages
from publish.render.strings import strings
from publish.resources import ResourceGate, media_type
from publish.themes import Theme, edition_css
from publish.writers import Edition
from publish.writers.atomic import write_atomically
from publish.writers.faces import faces_used
from publish.writers.fonts import subset_font, used_characters
from publish.writers.pictures import book_cover, images, text_pictures

PACKAGE_FILE = "EPUB/content.opf"
NAV_FILE = "EPUB/nav.xhtml"
STYLESHEET_FILE = "styles/book.css"
IMAGE_FOLDER = "images/"
FONT_FOLDER = "fonts/"
ASSET_FOLDER = "styles/assets/"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


@dataclass(frozen=True)
class EpubOptions:
    modified: datetime.datetime
    print_pages: tuple[PageStart, ...] = ()  # where each page of the print edition begins
    print_edition: str = ""  # that edition: its ISBN (urn:isbn:…) or its file's name


def epub_options(edition: Edition) -> EpubOptions:
    """The dates and, when its PDF was made with it, the print edition's pages."""
    meta = edition.hyphenated.metadata
    pdf = edition.target.name.removesuffix(".epub").removesuffix(".kepub") + ".pdf"
    source = meta.identifier if meta.identifier.startswith("urn:isbn:") else pdf
    return EpubOptions(edition.created, tuple(edition.print_pages), source if edition.print_pages else "")


def write_edition(edition: Edition) -> list[Path]:
    """The EPUB, with soft hyphens unless they were turned off."""
    options = epub_options(edition)
    write_epub(edition.on_screen, edition.theme, edition.target, edition.gate, options)
    return [edition.target]


def write_epub(document: Document, theme: Theme, target: Path, gate: ResourceGate, options: EpubOptions) -> None:
    write_atomically(target, build_epub(document, theme, gate, options))


def build_epub(
    document: Document,
    theme: Theme,
    gate: ResourceGate,
    options: EpubOptions,
    page_filter: Callable[[str], str] | None = None,
) -> bytes:
    """The EPUB's bytes; `page_filter`, when given, rewrites each XHTML page (the KEPUB's spans)."""
    meta = document.metadata
    book = epub.EpubBook()
    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": f"publish {__version__}"})
    ]
    _add_metadata(book, document)
    if options.print_pages:  # what the page list's numbers are the pages of
        book.add_metadata("DC", "source", options.print_edition)
        book.add_metadata(None, "meta", options.print_edition, {"property": "pageBreakSource"})
        for feature in ("pageBreakMarkers", "pageNavigation"):
            book.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})

    cover = _cover_image(document, theme, gate)
    pictures = text_pictures(document, gate)
    pages, toc = render_epub_pages(
        document,
        stylesheet=STYLESHEET_FILE,
        image_url=lambda src: IMAGE_FOLDER + pictures[src].name,
        cover_image=cover.file_name,
        fonts=theme.font_licences(),
        page_breaks=page_breaks(options.print_pages),
    )
    if page_filter is not None:
        pages = [dataclasses.replace(page, xhtml=page_filter(page.xhtml)) for page in pages]
    parsed = [etree.fromstring(page.xhtml.encode("utf-8")) for page in pages]
    used = faces_used(parsed, edition_css(theme, "epub", None, gate.stylesheet_policy(str)), theme.fonts)
    _add_stylesheet(book, dataclasses.replace(theme, fonts=tuple(used)), gate)
    for number, (face, characters) in enumerate(used.items()):
        font = subset_font(face.path, used_characters(characters))
        book.add_item(_item(f"font{number}", FONT_FOLDER + face.path.name, "font/ttf", font))
    for number, license_path in enumerate(theme.font_license()):
        name = f"{FONT_FOLDER}{license_path.parent.name.removeprefix('fontpkg_')}-LICENSE.txt"
        book.add_item(_item(f"license{number}", name, "text/plain", license_path.read_bytes()))
    for number, picture in enumerate({picture.name: picture for picture in pictures.values()}.values()):
        book.add_item(_item(f"image{number}", IMAGE_FOLDER + picture.name, picture.media_type, picture.data))
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": cover.id})  # for EPUB 2 readers (Kindle)

    documents = [_XhtmlDocument(page.file_name.removesuffix(".xhtml"), page.file_name, page.xhtml) for page in pages]
    for item, tree in zip(documents, parsed, strict=True):
        if tree.find(f".//{{{MATHML}}}math") is not None:
            item.properties.append("mathml")  # what a reading system must set (OPF-014)
    for item in documents:
        book.add_item(item)
    book.toc = _nested_toc(toc)
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=strings(meta.language).contents)
    book.add_item(nav)
    book.spine = documents
    first_of_each = {page.landmark: page for page in reversed(pages)}  # landmarks name a kind of page once
    labels = _landmark_labels(meta.language)
    book.guide = [
        {"type": page.landmark, "href": page.file_name, "title": labels.get(page.landmark, page.title)}
        for page in pages
        if first_of_each[page.landmark] is page
    ]

    buffer = io.BytesIO()
    epub.write_epub(
        buffer,
        book,
        {
            "mtime": options.modified,
            "epub3_pages": False,
            "raise_exceptions": True,
            "landmark_title": strings(meta.language).landmarks,
        },
    )
    changes = {PACKAGE_FILE: lambda opf: _package_language(opf, meta.language)}
    if options.print_pages:
        markers = [(page.file_name, mark) for page, tree in zip(pages, parsed, strict=True) for mark in _markers(tree)]
        changes[NAV_FILE] = lambda nav: _with_page_list(nav, markers, strings(meta.language).print_pages)
    return _normalise_zip(buffer.getvalue(), changes)


def _markers(page: etree._Element) -> list[str]:
    """The ids of a page's page-break markers, in order."""
    return [str(mark.get("id")) for mark in page.iter() if mark.get(f"{{{OPS}}}type") == "pagebreak"]


def _with_page_list(nav: bytes, markers: list[tuple[str, str]], title: str) -> bytes:
    """The navigation document with a page list: each printed page, by its number, linked to
    its marker (a reader shows "p. 37" and goes to it)."""
    tree = etree.fromstring(nav)
    body = tree.find(f"{{{XHTML}}}body")
    page_list = etree.SubElement(body, f"{{{XHTML}}}nav", id="page-list", hidden="hidden")
    page_list.set(f"{{{OPS}}}type", "page-list")
    etree.SubElement(page_list, f"{{{XHTML}}}h2").text = title
    items = etree.SubElement(page_list, f"{{{XHTML}}}ol")
    for file_name, marker in markers:
        link = etree.SubElement(
            etree.SubElement(items, f"{{{XHTML}}}li"), f"{{{XHTML}}}a", href=f"{file_name}#{marker}"
        )
        link.text = marker.removeprefix("page-")
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def _landmark_labels(language: str) -> dict[str, str]:
    """Each kind of page by what it is (the title page and the text both bore the book's title)."""
    words = strings(language)
    return {"cover": words.cover, "titlepage": words.title_page, "bodymatter": words.start, "colophon": words.colophon}


def _package_language(opf: bytes, language: str) -> bytes:
    """The package document says its own language (xml:lang), as accessibility checkers ask."""
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _item(uid: str, file_name: str, media_type: str, content: bytes) -> epub.EpubItem:
    return epub.EpubItem(uid=uid, file_name=file_name, media_type=media_type, content=content)


def _add_metadata(book: epub.EpubBook, document: Document) -> None:
    """Dublin Core, EPUB 3 refinements (title type, creator role) and accessibility metadata."""
    meta = document.metadata
    book.set_identifier(meta.identifier)
    book.title = meta.title
    book.add_metadata("DC", "title", meta.title, {"id": "book-title"})
    book.add_metadata(None, "meta", "main", {"refines": "#book-title", "property": "title-type"})
    if meta.subtitle:
        book.add_metadata("DC", "title", meta.subtitle, {"id": "book-subtitle"})
        book.add_metadata(None, "meta", "subtitle", {"refines": "#book-subtitle", "property": "title-type"})
    book.set_language(meta.language)
    makers = meta.authors if meta.authors or meta.editors else meta.credited  # unsigned: its publisher
    for number, author in enumerate(makers):
        book.add_author(author, uid=f"creator{number}", role="aut")
    for number, editor in enumerate(meta.editors):  # a collection's: its editors are its creators
        book.add_author(editor, uid=f"editor{number}", role="edt")
    contributors = dict.fromkeys(
        name for block in document.blocks if isinstance(block, Article) for name in block.metadata.authors
    )
    for number, name in enumerate(contributors):
        book.add_metadata("DC", "contributor", name, {"id": f"contributor{number}"})
        book.add_metadata(
            None, "meta", "aut", {"refines": f"#contributor{number}", "property": "role", "scheme": "marc:relators"}
        )
    if meta.series:  # a journal issue: EPUB 3's collection, and Calibre's (Kobo and others read it)
        book.add_metadata(None, "meta", meta.series, {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": meta.series})
        if meta.series_number:
            book.add_metadata(None, "meta", meta.series_number, {"refines": "#series", "property": "group-position"})
            book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": meta.series_number})
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for name, value in (
        ("publisher", meta.publisher),
        ("description", meta.description),
        ("rights", meta.rights),
        ("date", meta.iso_date),
    ):
        if value:
            book.add_metadata("DC", name, value)
    _add_accessibility_metadata(book, document)


def _add_stylesheet(book: epub.EpubBook, theme: Theme, gate: ResourceGate) -> None:
    """The edition's CSS, and every file its url()s are allowed to use, packaged beside it."""
    assets: dict[Path, str] = {}  # a file a stylesheet uses → its name in the EPUB

    def package(path: Path) -> str:
        if path not in assets:
            taken = path.name in assets.values()
            assets[path] = f"{len(assets)}-{path.name}" if taken else path.name
        return "assets/" + assets[path]  # relative to the stylesheet, which is in styles/

    policy = gate.stylesheet_policy(package)
    css = edition_css(theme, "epub", lambda face: "../" + FONT_FOLDER + face.path.name, policy)  # relative to the CSS
    book.add_item(_item("css", STYLESHEET_FILE, "text/css", css.encode()))
    for number, (path, name) in enumerate(sorted(assets.items())):
        book.add_item(_item(f"asset{number}", ASSET_FOLDER + name, media_type(path), path.read_bytes()))


def _cover_image(document: Document, theme: Theme, gate: ResourceGate) -> epub.EpubItem:
    cover = book_cover(document, theme, gate)
    item = _item("cover-image", IMAGE_FOLDER + cover.name, cover.media_type, cover.data)
    item.properties = ["cover-image"]
    return item


def _nested_toc(entries: list[TocEntry]) -> list:
    """ebooklib's nested form: a Link, or (Section, [children]) for an entry with sub-entries."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]  # (level, the list its children go into)
    for entry in entries:
        while stack[-1][0] >= entry.level:
            stack.pop()
        children: list = []
        stack[-1][1].append((entry, children))
        stack.append((entry.level, children))
    return [_toc_item(entry, children) for entry, children in root]


def _toc_item(entry: TocEntry, children: list):
    if not children:
        return epub.Link(entry.href, entry.title, entry.href.replace("#", "-").removesuffix(".xhtml"))
    return (epub.Section(entry.title, entry.href), [_toc_item(child, grand) for child, grand in children])


class _XhtmlDocument(epub.EpubItem):
    """A content document passed through as we rendered it (EpubHtml would rebuild it)."""

    def __init__(self, uid: str, file_name: str, content: str):
        super().__init__(uid=uid, file_name=file_name, media_type="application/xhtml+xml", content=content.encode())
        self.properties: list[str] = []
        self.is_linear = True

    def get_type(self) -> int:
        return ebooklib.ITEM_DOCUMENT


def _add_accessibility_metadata(book: epub.EpubBook, document: Document) -> None:
    has_images = bool(images(document))
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images:
        features.append("alternativeText")
    if has_formulas(document):
        features += ["MathML", "describedMath"]  # each <math> carries its text in alttext
    properties = [
        ("schema:accessMode", "textual"),
        *([("schema:accessMode", "visual")] if has_images else []),
        ("schema:accessModeSufficient", "textual"),
        *[("schema:accessibilityFeature", feature) for feature in features],
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "Text with headings, a table of contents and a logical reading order; "
            "images, where there are any, have text alternatives.",
        ),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
    ]
    for name, value in properties:
        book.add_metadata(None, "meta", value, {"property": name})


def _normalise_zip(data: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """Repack with the mimetype first and stored, fixed timestamps and permissions; apply `changes`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = ["mimetype"] + [name for name in names if name != "mimetype"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            content = source.read(name)
            if name in changes:
                content = changes[name](content)
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()
