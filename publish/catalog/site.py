"""The shelf as a static archive site: an index of every text with its cover, a page for each
text (read online, downloads with their sizes), lists by language, series and year, a search
page that runs in the browser over an index it carries, an Atom feed of the latest texts and,
when the site's address is known, a sitemap. Plain HTML with its style inside: nothing is
fetched from anywhere, and it reads on a phone as on a desktop.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from urllib.parse import quote

from lxml import etree
from lxml.html import builder as E  # noqa: N812 (lxml's own name)
from lxml.html import tostring

from publish.catalog.opds import ACQUISITION, ATOM, feed_id, text_id
from publish.catalog.shelf import Text
from publish.render.strings import strings

FOLDER = "archive"
LATEST = 20  # texts in the Atom feed

_STYLE = """
:root { color-scheme: light dark; font: 17px/1.5 Georgia, "PT Serif", serif; }
body { max-width: 46rem; margin: 0 auto; padding: 1rem; }
nav, .meta, footer { font-family: system-ui, sans-serif; font-size: .9rem; }
nav a { margin-right: .8em; }
ul.texts { list-style: none; padding: 0; }
ul.texts li { display: flex; gap: 1rem; align-items: flex-start; margin: 0 0 1.2rem; }
ul.texts img { width: 72px; height: auto; flex: none; box-shadow: 0 1px 3px #0005; }
.cover { max-width: min(100%, 18rem); height: auto; box-shadow: 0 1px 4px #0006; }
h1 { line-height: 1.2; }
"""

_SEARCH = """
const query = new URLSearchParams(location.search).get("q") || "";
const index = JSON.parse(document.getElementById("index").textContent);
document.getElementById("q").value = query;
const words = query.toLowerCase().split(/\\s+/).filter(Boolean);
const found = index.filter(text => words.every(word => text.find.includes(word)));
const list = document.getElementById("found");
for (const text of found) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = text.page;
  link.textContent = text.title;
  item.append(link, " ", text.by);
  list.append(item);
}
document.getElementById("count").textContent = query ? String(found.length) : "";
"""


def _page(title: str, language: str, body: Sequence[etree._Element], catalogue: str, base: str = "") -> bytes:
    """A page of the site; `base`, the way from it to the site's folder ("../" from a text's page)."""
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.TITLE(title if title == catalogue else f"{title} — {catalogue}"),
        E.LINK(rel="alternate", type="application/atom+xml", href=f"{base}feed.xml", title=catalogue),
        E.LINK(
            rel="related",
            type="application/atom+xml;profile=opds-catalog",
            href=f"{base}../opds/root.xml",
            title=f"{catalogue} (OPDS)",
        ),  # fmt: skip
        E.STYLE(_STYLE),
    )
    navigation = E.NAV(
        E.A(catalogue, href=f"{base}index.html"),
        E.A(strings(language).search, href=f"{base}search.html"),
        E.A("OPDS", href=f"{base}../opds/root.xml"),
    )
    page = E.HTML(head, E.BODY(navigation, E.MAIN(*body)), lang=language or "und")
    return b"<!DOCTYPE html>\n" + tostring(page, encoding="utf-8")


def _byline(text: Text) -> str:
    return ", ".join(filter(None, (", ".join(text.authors), text.date)))


def _list(texts: Sequence[Text], thumbnail: Callable[[Text], str]) -> etree._Element:
    items = []
    for text in texts:
        picture = [E.IMG(src=thumbnail(text), alt="", width="72")] if thumbnail(text) else []
        about = E.DIV(E.A(text.title, href=f"texts/{quote(text.name)}.html"), E.DIV(_byline(text), CLASS="meta"))
        items.append(E.LI(*picture, about))
    return E.UL(*items, CLASS="texts")


def index_page(
    texts: Sequence[Text], catalogue: str, language: str, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    thumbnail: Callable[[Text], str],
) -> bytes:  # fmt: skip
    """The archive's front page: the lists by group (language, series, year), then every text."""
    body: list[etree._Element] = [E.H1(catalogue)]
    for heading, links in groups:
        if links:
            parts: list[etree._Element | str] = [E.STRONG(f"{heading}: ")]
            for number, (label, href) in enumerate(links):
                parts += [" · "] if number else []
                parts.append(E.A(label, href=href))
            body.append(E.P(*parts, CLASS="meta"))
    body.append(_list(texts, thumbnail))
    return _page(catalogue, language, body, catalogue)


def list_page(
    title: str, texts: Sequence[Text], catalogue: str, language: str, thumbnail: Callable[[Text], str]
) -> bytes:
    return _page(title, language, [E.H1(title), _list(texts, thumbnail)], catalogue)


def text_page(text: Text, catalogue: str, cover: str) -> bytes:
    """One text: its cover, who and when, what it is about, where to read it and what to download."""
    body: list[etree._Element] = []
    if cover:
        body.append(E.IMG(src=cover, alt=f"Cover: {text.title}", CLASS="cover"))
    body += [E.H1(text.title), E.P(_byline(text), CLASS="meta")]
    if text.series:
        body.append(E.P(f"{text.series} {text.series_number}".strip(), CLASS="meta"))
    if text.description:
        body.append(E.P(text.description))
    downloads = []
    for edition in text.editions:
        size = f"{edition.size / 1024:.0f} KB" if edition.size < 1024 * 1024 else f"{edition.size / 1024 / 1024:.1f} MB"
        link = E.A(edition.label, href=f"../../{quote(edition.path.name)}", type=edition.media_type)
        if edition.kind != "html":
            link.set("download", "")
        downloads.append(E.LI(link, f" ({size})"))
    body.append(E.UL(*downloads))
    return _page(text.title, text.language, body, catalogue, base="../")


def search_page(texts: Sequence[Text], catalogue: str, language: str) -> bytes:
    """A search over titles, authors, series and descriptions, in the browser: the index is in
    the page, so a static server (or a file opened from disk) is enough."""
    index = [
        {
            "title": text.title,
            "by": _byline(text),
            "page": f"texts/{quote(text.name)}.html",
            "find": " ".join((text.title, *text.authors, text.series, text.description, text.date)).lower(),
        }
        for text in texts
    ]
    words = strings(language).search
    form = E.FORM(E.INPUT(type="search", name="q", id="q", **{"aria-label": words}), E.BUTTON(words))
    data = json.dumps(index, ensure_ascii=False).replace("</", "<\\/")
    body = [E.H1(words), form, E.P(E.SPAN(id="count"), CLASS="meta"), E.UL(id="found"),
            E.SCRIPT(data, type="application/json", id="index"), E.SCRIPT(_SEARCH)]  # fmt: skip
    return _page(words, language, body, catalogue)


def atom_feed(texts: Sequence[Text], catalogue: str, site_url: str | None) -> bytes:
    """The latest texts as an Atom feed (a feed reader's subscription to the archive)."""
    latest = list(texts)[:LATEST]
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    for tag, value in (("id", feed_id(catalogue, "site-feed")), ("title", catalogue),
                       ("updated", max((text.updated for text in latest), default="1970-01-01T00:00:00Z"))):  # fmt: skip
        etree.SubElement(feed, f"{{{ATOM}}}{tag}").text = value
    etree.SubElement(etree.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = catalogue
    etree.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", href=f"{site_url}{FOLDER}/feed.xml" if site_url else "feed.xml"
    )
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="related", href="../opds/new.xml", type=ACQUISITION)
    for text in latest:
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        etree.SubElement(entry, f"{{{ATOM}}}title").text = text.title
        etree.SubElement(entry, f"{{{ATOM}}}id").text = text_id(text)
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = text.updated
        for author in text.authors:
            etree.SubElement(etree.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
        href = f"{site_url}{FOLDER}/texts/{quote(text.name)}.html" if site_url else f"texts/{quote(text.name)}.html"
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=href, type="text/html")
        if text.description:
            etree.SubElement(entry, f"{{{ATOM}}}summary").text = text.description
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def sitemap(pages: Sequence[str], site_url: str) -> bytes:
    """The sitemap protocol's list of the site's pages (absolute addresses: it needs the site's)."""
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = etree.Element(f"{{{namespace}}}urlset", nsmap={None: namespace})
    for page in pages:
        etree.SubElement(etree.SubElement(root, f"{{{namespace}}}url"), f"{{{namespace}}}loc").text = site_url + page
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
