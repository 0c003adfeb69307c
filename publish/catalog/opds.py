"""The shelf as an OPDS 1.2 catalogue (Atom feeds that PocketBook, KOReader, FBReader and Moon+
browse and download from): a navigation root, an acquisition feed of every text newest first,
one for each language, series and year, and an OpenSearch description pointing at the archive
site's search page. Every link is relative: the catalogue works wherever the folder is served.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from urllib.parse import quote

from lxml import etree

from publish import __version__
from publish.catalog.shelf import Text

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPENSEARCH = "application/opensearchdescription+xml"
FOLDER = "opds"


def feed_id(catalogue: str, name: str) -> str:
    """A stable id for feed `name` of the catalogue titled `catalogue`: the same every build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'publish-catalogue:{catalogue}:{name}')}"


def text_id(text: Text) -> str:
    return text.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'publish-text:{text.name}')}"


def _feed(title: str, catalogue: str, name: str, kind: str, updated: str, up: str | None = None) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS})
    _sub(feed, "id", feed_id(catalogue, name))
    _sub(feed, "title", title)
    _sub(feed, "updated", updated)
    author = _sub(feed, "author")
    _sub(author, "name", catalogue)
    _sub(feed, "generator", "publish", version=__version__)
    _sub(feed, "link", rel="self", href=f"{name}.xml", type=kind)
    _sub(feed, "link", rel="start", href="root.xml", type=NAVIGATION)
    if up:
        _sub(feed, "link", rel="up", href=f"{up}.xml", type=NAVIGATION)
    _sub(feed, "link", rel="search", href="search.xml", type=OPENSEARCH)
    return feed


def _sub(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attributes)
    if text:
        element.text = text
    return element


def acquisition_feed(
    texts: Sequence[Text], title: str, catalogue: str, name: str, covers: Callable[[Text], tuple[str, str]]
) -> bytes:
    """An acquisition feed of `texts`; `covers(text)` gives its cover's and thumbnail's paths
    from the site's folder (empty when it has none)."""
    updated = max((text.updated for text in texts), default="1970-01-01T00:00:00Z")
    feed = _feed(title, catalogue, name, ACQUISITION, updated, up="root")
    if name == "new":
        feed[-1].addprevious(etree.Element(f"{{{ATOM}}}link", rel="http://opds-spec.org/sort/new", href="new.xml",
                                           type=ACQUISITION))  # fmt: skip
    for text in texts:
        entry = _sub(feed, "entry")
        _sub(entry, "title", text.title)
        _sub(entry, "id", text_id(text))
        _sub(entry, "updated", text.updated)
        for author in text.authors:
            _sub(_sub(entry, "author"), "name", author)
        for tag, value in (("language", text.language), ("issued", text.date), ("publisher", text.publisher)):
            if value:
                etree.SubElement(entry, f"{{{DC}}}{tag}").text = value
        if text.series:
            label = f"{text.series} {text.series_number}".strip()
            _sub(entry, "category", term=text.series, label=label)
        if text.description:
            _sub(entry, "summary", text.description, type="text")
        cover, thumbnail = covers(text)
        if cover:
            _sub(entry, "link", rel="http://opds-spec.org/image", href=f"../{cover}", type=text.cover_type)
            _sub(entry, "link", rel="http://opds-spec.org/image/thumbnail", href=f"../{thumbnail}", type="image/png")
        for edition in text.editions:
            _sub(entry, "link", rel="http://opds-spec.org/acquisition/open-access",
                 href=f"../{quote(edition.path.name)}", type=edition.media_type, length=str(edition.size),
                 title=edition.label)  # fmt: skip
        _sub(entry, "link", rel="alternate", href=f"../archive/texts/{quote(text.name)}.html", type="text/html")
    return _serialized(feed)


def navigation_feed(
    title: str, catalogue: str, name: str, updated: str, entries: Sequence[tuple[str, str, str, str]]
) -> bytes:
    """A navigation feed: each entry (title, what it holds, feed name, its kind) a link to a feed."""
    feed = _feed(title, catalogue, name, NAVIGATION, updated, up=None if name == "root" else "root")
    for entry_title, content, target, kind in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", entry_title)
        _sub(entry, "id", feed_id(catalogue, target))
        _sub(entry, "updated", updated)
        _sub(entry, "content", content, type="text")
        relation = "http://opds-spec.org/sort/new" if target == "new" else "subsection"
        _sub(entry, "link", rel=relation, href=f"{quote(target)}.xml", type=kind)
    return _serialized(feed)


def open_search(catalogue: str, language: str) -> bytes:
    """The OpenSearch description: a search is the archive site's search page (it runs in the
    reader's browser over an index in the page; nothing is asked of a server)."""
    namespace = "http://a9.com/-/spec/opensearch/1.1/"
    root = etree.Element(f"{{{namespace}}}OpenSearchDescription", nsmap={None: namespace})
    etree.SubElement(root, f"{{{namespace}}}ShortName").text = catalogue[:16]
    etree.SubElement(root, f"{{{namespace}}}Description").text = f"Search {catalogue}"[:1024]
    if language:
        etree.SubElement(root, f"{{{namespace}}}Language").text = language
    etree.SubElement(root, f"{{{namespace}}}InputEncoding").text = "UTF-8"
    etree.SubElement(root, f"{{{namespace}}}Url", type="text/html", template="../archive/search.html?q={searchTerms}")
    return _serialized(root)


def _serialized(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
