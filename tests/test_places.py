"""Every block knows where it was written: the readers place each one at its line and column,
so that `publish check` names the place of what the build reads, in every format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publish.check import check_source
from publish.model import Block, CodeBlock, Heading, Lead, Paragraph, plain_text, walk_blocks
from publish.readers import read_paragraphs, read_source

from conftest import FIXTURES, SAMPLE, build

TEXT_SOURCES = [
    SAMPLE,
    FIXTURES / "article.md",
    FIXTURES / "tables.md",
    FIXTURES / "zabastovka.md",
    FIXTURES / "dockers.html",
    FIXTURES / "office" / "tarify.html",
]
OFFICE_SOURCES = [FIXTURES / "office" / name for name in ("tarify.docx", "tarify.odt", "article-pandoc.docx")]


def _first_word(block: Block) -> str:
    if isinstance(block, Paragraph | Lead | Heading):
        words = plain_text(block.children).split()
        return words[0] if words else ""
    return ""


def _blocks(path: Path) -> list[Block]:
    document = read_source(path)
    return [*walk_blocks(document.blocks), *(b for note in document.notes for b in walk_blocks(note.blocks))]


@pytest.mark.parametrize("path", TEXT_SOURCES, ids=lambda path: path.name)
def test_every_block_of_a_text_source_is_placed_where_its_words_are(path):
    """Each paragraph, heading and lead begins at its place: its first word is on its line,
    from its column on (after the tag or the Markdown marks that open it)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks = _blocks(path)
    assert blocks and all(block.at for block in blocks if not isinstance(block, CodeBlock)), path
    checked = 0
    for block in blocks:
        word = _first_word(block)
        if not word or not word.isalpha():  # (typography's spaces and quotes are not the source's)
            continue
        line = lines[block.at.line - 1]
        assert block.at.column <= len(line) + 1
        rest = "\n".join([line[block.at.column - 1 :], *lines[block.at.line : block.at.line + 3]])
        assert word in rest, (path.name, block.at, word, line)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("path", OFFICE_SOURCES, ids=lambda path: path.name)
def test_a_documents_blocks_are_placed_at_their_paragraphs(path):
    """A Word or OpenDocument file's line is its paragraph as `publish check` counts them."""
    paragraphs = read_paragraphs(path)
    checked = 0
    for block in _blocks(path):
        word = _first_word(block)
        if word and block.at:
            assert word in paragraphs[block.at.line - 1].words, (path.name, block.at, word)
            checked += 1
    assert checked >= 5


def test_a_fictionbooks_blocks_are_placed_in_its_xml(tmp_path):
    """An FB2 (here our own of the sample) is XML: each block at its element's start tag."""
    book = build(SAMPLE, tmp_path, "fb2")["fb2"]
    lines = book.read_text(encoding="utf-8").split("\n")
    blocks = [block for block in _blocks(book) if _first_word(block).isalpha()]
    assert len(blocks) >= 15
    for block in blocks:
        assert lines[block.at.line - 1][block.at.column - 1 :].startswith("<"), block.at
        assert _first_word(block) in "\n".join(lines[block.at.line - 1 : block.at.line + 2])


def test_check_names_the_line_of_a_skipped_heading_in_every_format(tmp_path):
    """S004 and S003 at the place the reader found the heading and the picture, from the
    model: Markdown, a web page, plain FictionBook XML."""
    shutil.copy(FIXTURES / "banner.png", tmp_path / "chart.png")
    (tmp_path / "a.md").write_text("# Глава\n\nТекст.\n\n> ### Раздел\n\n  ![](chart.png)\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        '<html lang="ru"><body>\n<h1>Глава</h1>\n<p>Текст.</p> <h3\n class="x">Раздел</h3>\n'
        '<p>Ещё <img src="chart.png" alt=""> и <img\n src="chart.png"></p>\n</body></html>\n',
        encoding="utf-8",
    )
    (tmp_path / "c.fb2").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
        "<description><title-info><book-title>Т</book-title><lang>ru</lang></title-info></description>\n"
        "<body><section><title><p>Глава</p></title><p>Текст.</p>\n"
        "  <section><section><title><p>Раздел</p></title><p>Ещё.</p></section></section></section></body>\n"
        "</FictionBook>\n",
        encoding="utf-8",
    )

    def places(name: str) -> list[tuple[str, int, int]]:
        return [(f.code, f.line, f.column) for f in check_source(tmp_path / name) if f.code.startswith("S")]

    assert places("a.md") == [("S004", 5, 3), ("S003", 7, 3)]
    assert places("b.html") == [("S004", 3, 15), ("S003", 5, 39)]  # alt="" is an answer: decoration
    assert places("c.fb2") == [("S004", 4, 21)]


def test_a_page_with_prefixed_tag_names_is_read_and_placed(tmp_path):
    """A news page's `<g:plusone>` (Google's old share button) is an element name lxml keeps
    and QName refuses: placing the page's blocks raised ValueError, a traceback, on a real page."""
    page = tmp_path / "news.html"
    page.write_text(
        "<html lang='en'><body><article>\n<h1>Title</h1>\n<p>First paragraph.</p>\n"
        "<g:plusone size='small'></g:plusone>\n<p>Second paragraph.</p>\n</article></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    assert [block.at.line for block in document.blocks] == [3, 5]
