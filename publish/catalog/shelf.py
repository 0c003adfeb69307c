"""The shelf: what a folder of built editions holds, text by text, read from the editions
themselves (an EPUB's package says the most; a web page's head, or a PDF's info, when a text
has no EPUB), so that a folder built elsewhere, or long ago, can be catalogued as it is.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from posixpath import dirname, join, normpath

from lxml import etree, html

from publish.errors import PublishError
from publish.readers.office import Package
from publish.text import one_line

# how each edition's file ends, the most particular first; its media type and what it is called
KINDS = (
    (".kepub.epub", "kepub", "application/kepub+zip", "EPUB for Kobo"),
    (".booklet.pdf", "booklet", "application/pdf", "PDF booklet for home printing"),
    (".fb2.zip", "fb2.zip", "application/x-zip-compressed-fb2", "FB2, zipped"),
    (".epub", "epub", "application/epub+zip", "EPUB"),
    (".pdf", "pdf", "application/pdf", "PDF for print"),
    (".fb2", "fb2", "application/x-fictionbook+xml", "FB2"),
    (".html", "html", "text/html", "Web page"),
)
MOST_EDITION_BYTES = 512 * 1024 * 1024  # past this, a file is not read for its metadata
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class EditionFile:
    path: Path
    kind: str
    media_type: str
    label: str
    size: int


@dataclass(frozen=True)
class Text:
    """One text on the shelf: its editions, and what they say of it."""

    name: str  # the editions' shared name: kazakhstan-2022
    title: str
    editions: tuple[EditionFile, ...]
    identifier: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""
    date: str = ""  # as the source gave it: 2022, 2022-01-12
    description: str = ""
    publisher: str = ""
    series: str = ""
    series_number: str = ""
    updated: str = ""  # when its editions were made, ISO 8601 with a zone
    cover: bytes = b""
    cover_type: str = ""

    @property
    def year(self) -> str:
        return self.date[:4] if re.match(r"\d{4}", self.date) else ""

    def edition(self, kind: str) -> EditionFile | None:
        return next((edition for edition in self.editions if edition.kind == kind), None)


def read_shelf(folder: Path) -> list[Text]:
    """Every text with an edition in `folder` (not its subfolders), newest first."""
    if not folder.is_dir():
        raise PublishError("no such folder of editions (build first: publish build)", folder)
    grouped: dict[str, list[EditionFile]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.is_symlink():
            continue
        for ending, kind, media_type, label in KINDS:
            if path.name.lower().endswith(ending) and len(path.name) > len(ending):
                edition = EditionFile(path, kind, media_type, label, path.stat().st_size)
                grouped.setdefault(path.name[: -len(ending)], []).append(edition)
                break
    texts = [_text(name, tuple(editions)) for name, editions in grouped.items()]
    return sorted(texts, key=lambda text: (text.date, text.updated, text.name), reverse=True)


def _text(name: str, editions: tuple[EditionFile, ...]) -> Text:
    by_kind = {edition.kind: edition for edition in editions}
    for kind in ("epub", "kepub"):
        if kind in by_kind and by_kind[kind].size <= MOST_EDITION_BYTES:
            try:
                return _from_epub(name, editions, by_kind[kind].path)
            except PublishError:
                pass  # a damaged EPUB: what the other editions say
    if "html" in by_kind and by_kind["html"].size <= MOST_EDITION_BYTES:
        return _from_web_page(name, editions, by_kind["html"].path)
    return Text(name, name, editions, updated=_modified(editions))


def _from_epub(name: str, editions: tuple[EditionFile, ...], path: Path) -> Text:
    package = Package(path, "EPUB")
    container = package.xml("META-INF/container.xml")
    rootfile = next((element.get("full-path") for element in container.iter("{*}rootfile")), None)
    if not rootfile:
        raise PublishError("not a readable EPUB: no package named in its container", path)
    opf = package.xml(rootfile)
    metadata = opf.find(f"{_OPF}metadata")
    if metadata is None:
        raise PublishError("not a readable EPUB: its package has no metadata", path)

    def dc(field: str) -> list[str]:
        return [one_line(element.text or "") for element in metadata.iter(f"{_DC}{field}")]

    def meta(property_: str) -> str:
        return next(
            (element.text or "" for element in metadata.iter(f"{_OPF}meta") if element.get("property") == property_), ""
        )

    cover, cover_type = _epub_cover(package, opf, rootfile)
    return Text(
        name,
        (dc("title") or [name])[0],
        editions,
        identifier=(dc("identifier") or [""])[0],
        authors=tuple(dc("creator")),
        language=(dc("language") or [""])[0],
        date=(dc("date") or [""])[0],
        description=(dc("description") or [""])[0],
        publisher=(dc("publisher") or [""])[0],
        series=meta("belongs-to-collection"),
        series_number=meta("group-position"),
        updated=meta("dcterms:modified") or _modified(editions),
        cover=cover,
        cover_type=cover_type,
    )


def _epub_cover(package: Package, opf: etree._Element, rootfile: str) -> tuple[bytes, str]:
    """The cover picture an EPUB 3 package names (properties="cover-image"), if it is one we show."""
    for item in opf.iter(f"{_OPF}item"):
        if "cover-image" in (item.get("properties") or "").split():
            media_type = item.get("media-type", "")
            name = normpath(join(dirname(rootfile), item.get("href", "")))
            if media_type in ("image/png", "image/jpeg") and not name.startswith(".."):
                return package.read(name), media_type
    return b"", ""


def _from_web_page(name: str, editions: tuple[EditionFile, ...], path: Path) -> Text:
    page = html.fromstring(path.read_bytes())

    def meta(field: str) -> str:
        return next((element.get("content", "") for element in page.iter("meta") if element.get("name") == field), "")

    title = page.findtext(".//title") or name
    authors = tuple(author.strip() for author in meta("author").split(",") if author.strip())
    return Text(
        name,
        one_line(title),
        editions,
        authors=authors,
        language=page.get("lang", ""),
        description=meta("description"),
        updated=_modified(editions),
    )


def _modified(editions: tuple[EditionFile, ...]) -> str:
    """When the newest edition was written (for texts whose editions do not say)."""
    newest = max(edition.path.stat().st_mtime for edition in editions)
    return datetime.datetime.fromtimestamp(int(newest), tz=datetime.UTC).isoformat().replace("+00:00", "Z")
