"""EPUB 2 and 3 (.epub) as a source: a book made elsewhere, or one of our own, to reissue.

The package gives the metadata (title, creators, language, date, description, publisher,
identifier, subjects, the series as EPUB 3's collection or Calibre's); the spine gives the
reading order. Its content documents — all but the navigation, the cover, the title page and
the colophon, which every edition makes anew — are joined into one page, their ids kept apart
and their links between files made links within it, so that a note in an endnotes file is
found from its call; that page is then read as any web page is (publish.readers.html). The
pictures come from the book itself, as data. Hostile books meet the zip budgets of a Word
file, XML without DTD, entities or network, and nothing is read from outside the archive.
"""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path, PurePosixPath
from posixpath import dirname, join, normpath
from urllib.parse import unquote

from lxml import etree
from lxml import html as lxml_html

from publish.errors import PublishError
from publish.limits import book_overrun
from publish.model import Document, Lead, Metadata, Size, plain_text
from publish.readers.metadata import normalise
from publish.readers.office import Package
from publish.resources import picture_problem
from publish.text import one_line

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
_NOTES = {"footnote", "endnote", "rearnote", "note"}  # asides that are notes (read as notes)
REMADE = {"cover", "titlepage", "colophon", "toc", "landmarks", "page-list"}  # pages every edition makes anew
_PICTURES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def read(path: Path, language: str | None = None) -> Document:
    from publish.readers.html import read_html

    package = Package(path, "EPUB")
    container = package.xml("META-INF/container.xml")
    rootfile = next((element.get("full-path") for element in container.iter("{*}rootfile")), None)
    if not rootfile:
        raise PublishError("not a readable EPUB: its container names no package", path)
    opf = package.xml(_inside(rootfile, path))
    manifest = {item.get("id"): item for item in opf.iter(f"{OPF}item")}
    folder = dirname(rootfile)
    files = []
    for reference in opf.iter(f"{OPF}itemref"):
        item = manifest.get(reference.get("idref"))
        if item is None or reference.get("linear") == "no" or "nav" in (item.get("properties") or "").split():
            continue
        if item.get("media-type") in ("application/xhtml+xml", "text/html"):
            files.append(_inside(normpath(join(folder, unquote(item.get("href", "")))), path))
    page = _joined(package, files, path)
    titles = (one_line("".join(element.itertext())) for element in opf.iter(f"{DC}title"))
    title = next((title for title in titles if title), "")  # (an <h1> saying something else is the text's)
    document = read_html(page, path, language, placed_in_text=False, title=title)  # its lines are no file's
    fields = _metadata(opf, document, language)
    lead = next((plain_text(block.children) for block in document.blocks if isinstance(block, Lead)), "")
    metadata = Metadata(**normalise(fields, path, lead if not fields.get("description") else ""))
    return dataclasses.replace(document, metadata=metadata)


def _inside(name: str, path: Path) -> str:
    """A file's name in the archive, refused when it points out of it."""
    if name.startswith(("/", "../")) or name == "..":
        raise PublishError(f"not a readable EPUB: {name!r} points outside the book", path)
    return name


def _joined(package: Package, files: list[str], path: Path) -> str:
    """The content documents as one page: each body a section, ids prefixed by its file's
    number, links between the files made links within the page, pictures made data."""
    numbers = {name: number for number, name in enumerate(files)}
    article = etree.Element("article")
    characters = 0
    for name in files:
        body = _body(package, name, path)
        if body is None or _remade(body):
            continue
        _empty_code(body)
        characters += _text_length(body)
        overrun = book_overrun(Size(characters=characters))
        if overrun:  # (before the whole book is joined and read as one page: seconds and half a gigabyte)
            raise PublishError(overrun, path)
        for embedded in list(body.iter("object")):
            _as_fallback(embedded)
        for sidebar in body.iter("aside"):  # (a book's sidebar is its text: a page's aside is the site's)
            kinds = (sidebar.get("data-epub-type") or "").split()
            if not set(kinds) & _NOTES:
                sidebar.tag = "div"
                sidebar.set("data-epub-type", " ".join(dict.fromkeys([*kinds, "sidebar"])))
        section = etree.SubElement(article, "section")
        for element in body.iter(etree.Element):
            if element.tag in ("article", "main"):
                element.tag = "section" if element.tag == "article" else "div"
            if identifier := element.get("id"):
                element.set("id", f"f{numbers[name]}-{identifier}")
            if element.tag == "a" and element.get("href"):
                element.set("href", _link(element.get("href", ""), name, numbers))
            if element.tag == "img":
                element.set("src", _picture(package, name, element.get("src", "")))
        section.extend(list(body))
    if not len(article):
        raise PublishError("not a readable EPUB: its spine has no text", path)
    page = etree.Element("html")
    etree.SubElement(page, "body").append(article)
    # HTML names it epub:type, which the web page reader looks for (lxml sets no name with a colon)
    return etree.tostring(page, encoding="unicode", method="html").replace(' data-epub-type="', ' epub:type="')


def _body(package: Package, name: str, path: Path) -> etree._Element | None:
    """A content document's body, its elements without their namespace (as HTML names them)."""
    if not package.has(name):
        return None
    try:
        root = package.xml(name)
    except PublishError:  # not well-formed: read as HTML, as reading systems do
        root = lxml_html.document_fromstring(package.read(name), parser=lxml_html.HTMLParser(no_network=True))
    for element in root.iter(etree.Element):  # (elements only; a book has hundreds of thousands)
        if element.tag[0] == "{":
            element.tag = element.tag.partition("}")[2]
        attributes = element.attrib
        if attributes:
            kind = attributes.get(OPS_TYPE)
            if kind:
                attributes["data-epub-type"] = kind
            for attribute in [key for key in attributes if key[0] == "{"]:
                del attributes[attribute]  # (epub:type kept as data-epub-type, named back in `_joined`)
    etree.cleanup_namespaces(root)
    return next(iter(root.iter("body")), None)


def _empty_code(body: etree._Element) -> None:
    """A body's scripts and styles emptied: never the text (the page reader drops them), and
    not to be counted as it (see _text_length)."""
    for code in list(body.iter("script", "style")):  # (a list: their insides are removed)
        code.text = ""
        for child in list(code):
            code.remove(child)


def _text_length(body: etree._Element) -> int:
    """The characters of a body's words, spaces around them not counted (less than the book's
    text will count: a book this says is too long, is)."""
    return sum(len(text.strip()) for text in body.itertext())


def _as_fallback(embedded: etree._Element) -> None:
    """An <object> as what a reading system shows that cannot run it (a quiz, a gallery bound
    to a script): the fallback content EPUB requires it to hold; an object that is a picture,
    that picture, its fallback's words its alt text."""
    data = embedded.get("data") or ""
    if PurePosixPath(data.split("#")[0]).suffix.lower() in _PICTURES:
        picture = etree.Element("img", src=data, alt=one_line("".join(embedded.itertext())))
        picture.tail = embedded.tail
        parent = embedded.getparent()
        if parent is not None:
            parent.replace(embedded, picture)
        return
    for parameter in embedded.findall("param"):
        parameter.getparent().remove(parameter)  # type: ignore[union-attr]
    embedded.tag = "div"
    for attribute in ("data", "type"):
        embedded.attrib.pop(attribute, None)


def _remade(body: etree._Element) -> bool:
    """A cover, title page, colophon or contents: made anew by every edition, not text."""
    kinds = set((body.get("data-epub-type") or "").split())
    top = [child for child in body if isinstance(child.tag, str)]
    if len(top) == 1:
        kinds |= set((top[0].get("data-epub-type") or "").split())
    return bool(kinds & REMADE)


def _link(href: str, name: str, numbers: dict[str, int]) -> str:
    """A link between the book's files as a link within the joined page; others as they are."""
    if href.startswith(("http://", "https://", "mailto:")):
        return href
    target, _, anchor = href.partition("#")
    file = normpath(join(dirname(name), unquote(target))) if target else name
    if file not in numbers:
        return href
    return f"#f{numbers[file]}-{anchor}" if anchor else f"#f{numbers[file]}-top"


def _picture(package: Package, name: str, src: str) -> str:
    """A picture of the book as a data: URL (publish.readers.html reads those), or nothing."""
    file = normpath(join(dirname(name), unquote(src.split("#")[0])))
    kind = _PICTURES.get(PurePosixPath(file).suffix.lower())
    if not kind or file.startswith("..") or not package.has(file):
        return ""
    data = package.read(file)
    if picture_problem(data, PurePosixPath(file).suffix.lower()):
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _metadata(opf: etree._Element, document: Document, language: str | None) -> dict[str, object]:
    metadata = opf.find(f"{OPF}metadata")
    found = metadata if metadata is not None else etree.Element("metadata")

    def dc(field: str) -> list[str]:
        return [one_line("".join(element.itertext())) for element in found.iter(f"{DC}{field}")]

    def meta(key: str) -> str:
        for element in found.iter(f"{OPF}meta"):
            if element.get("property") == key:
                return one_line(element.text or "")
            if element.get("name") == key:
                return element.get("content", "")
        return ""

    read = document.metadata
    return {
        "title": (dc("title") or [read.title])[0],
        "language": language or (dc("language") or [read.language])[0],
        "authors": tuple(dc("creator")) or read.authors,
        "date": (dc("date") or [read.date])[0],
        "description": (dc("description") or [""])[0],
        "publisher": (dc("publisher") or [""])[0],
        "identifier": (dc("identifier") or [""])[0],
        "rights": (dc("rights") or [""])[0],
        "keywords": tuple(dc("subject")),
        "series": meta("belongs-to-collection") or meta("calibre:series"),
        "series_number": meta("group-position") or meta("calibre:series_index"),
    }
