"""A document as the pages of an e-book: cover, title page, one file per part, colophon.

Readers open one file at a time, so a long text with headed parts is split at its top-level
headings, and each footnote goes at the end of the file that first cites it — the same file,
so that Apple Books, Kobo and PocketBook can show it as a pop-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from publish.model import (
    Article,
    Block,
    Document,
    Heading,
    plain_text,
)
from publish.render.html import (
    EPUB_TYPE,
    XML_LANG,
    Renderer,
    RenderOptions,
    append_text,
    colophon_lines,
    serialize,
    subelement,
)
from publish.render.ids import ids_of, running_headings
from publish.render.strings import strings


@dataclass(frozen=True)
class Page:
    file_name: str
    title: str
    xhtml: str
    landmark: str  # its epub:type among the book's landmarks


@dataclass(frozen=True)
class TocEntry:
    href: str
    title: str
    level: int  # 1 = top


def render_epub_pages(
    document: Document,
    *,
    stylesheet: str,
    image_url: Callable[[str], str] = str,
    cover_image: str | None = None,
    fonts: Mapping[str, str] | None = None,  # family → licence
    page_breaks: Mapping[int, Sequence[tuple[int, str]]] | None = None,  # publish.render.folios
) -> tuple[list[Page], list[TocEntry]]:
    """The book's pages in reading order, and its table of contents."""
    language = document.metadata.language.split("-")[0]
    chapters = split_into_chapters(document.blocks)
    names = ["text.xhtml"] if len(chapters) == 1 else [f"part-{n}.xhtml" for n in range(1, len(chapters) + 1)]
    ids = ids_of(document, list(zip(names, chapters, strict=True)))  # each heading's and note's file
    options = RenderOptions("epub", image_url, fonts=fonts or {}, page_breaks=page_breaks or {})
    renderer = Renderer(document, options, ids)

    pages: list[Page] = []
    if cover_image:
        pages.append(_cover_page(renderer, stylesheet, cover_image, strings(language).cover))
    pages.append(_title_page(renderer, stylesheet))
    toc = [TocEntry("title.xhtml", document.metadata.title, 1)]
    entries = iter(renderer.entries)
    for name, blocks in zip(names, chapters, strict=True):
        renderer.in_file(name)
        articles = [block for block in blocks if isinstance(block, Article)]
        about = articles[0].metadata if len(articles) == 1 else None  # a collection's text: a file of its own
        html, body = renderer.skeleton(_chapter_title(blocks, document), [stylesheet], about=about)
        body.set(EPUB_TYPE, "bodymatter")
        if about is not None and len(blocks) == 1:  # in its own language (else its section says it)
            html.set("lang", about.language)
            html.set(XML_LANG, about.language)
        article = subelement(body, "article")
        renderer.blocks(article, blocks)
        placed = [number for number, file in sorted(renderer.note_files.items()) if file == name]
        if placed:
            renderer.notes(article, placed)
        pages.append(Page(name, _chapter_title(blocks, document), serialize(html), "bodymatter"))
        for _heading in running_headings(blocks):
            entry = next(entries)
            if entry.text.strip():  # (a heading of blanks would be an empty entry: RSC-005)
                toc.append(TocEntry(f"{name}#{entry.id}", entry.text, entry.level))
    colophon_title = strings(language).colophon
    pages.append(_colophon_page(renderer, stylesheet, colophon_title, fonts or {}))
    toc.append(TocEntry("colophon.xhtml", colophon_title, 1))
    return pages, toc


def split_into_chapters(blocks: Sequence[Block]) -> list[list[Block]]:
    """Blocks cut before each top-level heading; what comes before the first stays with it.
    A collection is cut before each of its texts, a part's title going with the text after it."""
    if any(isinstance(block, Article) for block in blocks):
        texts: list[list[Block]] = [[]]
        for block in blocks:
            if any(isinstance(earlier, Article) for earlier in texts[-1]):
                texts.append([])
            texts[-1].append(block)
        return texts
    top = min((block.level for block in blocks if isinstance(block, Heading)), default=None)
    chapters: list[list[Block]] = [[]]
    for block in blocks:
        if (
            isinstance(block, Heading)
            and block.level == top
            and any(isinstance(earlier, Heading) for earlier in chapters[-1])
        ):
            chapters.append([])
        chapters[-1].append(block)
    return chapters


def _chapter_title(blocks: Sequence[Block], document: Document) -> str:
    """A file's title: its text's in a collection, else its first heading's, else the book's."""
    article = next((block for block in blocks if isinstance(block, Article)), None)
    if article is not None:
        return article.metadata.title
    heading = next(iter(running_headings(blocks)), None)
    return plain_text(heading.children) if heading else document.metadata.title


def _cover_page(renderer: Renderer, stylesheet: str, image: str, title: str) -> Page:
    html, body = renderer.skeleton(title, [stylesheet])
    body.set(EPUB_TYPE, "cover")
    section = subelement(body, "section", **{"class": "cover", EPUB_TYPE: "cover"})
    alt = f"{title}: {renderer.document.metadata.title}"
    subelement(section, "img", src=image, alt=alt, role="doc-cover")
    return Page("cover.xhtml", title, serialize(html), "cover")


def _title_page(renderer: Renderer, stylesheet: str) -> Page:
    title = renderer.document.metadata.title
    html, body = renderer.skeleton(title, [stylesheet])
    body.set(EPUB_TYPE, "frontmatter")
    section = subelement(body, "section", **{"class": "titlepage", EPUB_TYPE: "titlepage"})
    renderer.header(section)
    return Page("title.xhtml", title, serialize(html), "titlepage")


def _colophon_page(renderer: Renderer, stylesheet: str, title: str, fonts: Mapping[str, str]) -> Page:
    meta = renderer.document.metadata
    html, body = renderer.skeleton(title, [stylesheet])
    body.set(EPUB_TYPE, "backmatter")
    section = subelement(body, "section", role="doc-colophon", **{"class": "colophon", EPUB_TYPE: "colophon"})
    append_text(subelement(section, "h2"), title)
    lines = colophon_lines(meta, fonts)
    for line in lines:
        if line:
            append_text(subelement(section, "p"), line)
    return Page("colophon.xhtml", title, serialize(html), "colophon")
