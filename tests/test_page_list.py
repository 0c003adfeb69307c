"""The print edition's page numbers in the EPUB and KEPUB: a marker before the first word of
every printed page, read from the PDF's own layout, checked word by word against pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, SAMPLE, build, epub_pages, epubcheck, problems, words

OPS = "{http://www.idpf.org/2007/ops}type"

ENGLISH = """---
title: Notes on a strike that did not end
author: A. Reader
lang: en
---

The strike began on a Monday, as most of them do, with a meeting nobody had called and a
decision nobody had taken.[^1] By noon the *whole* of the night shift had stayed behind, and
the day shift did not go in.

## What the workers asked for

1. A wage that keeps pace with prices — not the "adjustment" promised every spring.
2. An end to the agency contracts, under which a worker may be sent home without notice.
3. The reinstatement of the three men dismissed in March.

> We are not asking for anything new. We are asking for what was taken from us, piece by
> piece, while we were told to be patient.[^2]

## How it spread

{filler}

| Plant | Shifts out | Days |
|-------|-----------:|-----:|
| North | 3 | 11 |
| South | 2 | 9 |

## What it left

{filler2}

[^1]: The union's own bulletin reported the meeting two days later, as if it had organised it.
[^2]: From a leaflet handed out at the gates on the second day; the name of its author was never printed.
"""


def _filler(seed: int, count: int) -> str:
    sentences = [
        "Delegations went from one gate to the next, and at each the same questions were asked.",
        "Nobody in the offices had expected the warehouse to follow, and it did within the hour.",
        "The management's letter, read aloud in the yard, was met with a silence longer than any answer.",
        "Some of the younger workers had never been on strike; the older ones had not since the closures.",
        "By the third day the drivers refused to cross the line, and the trucks stood at the roundabout.",
        "A collection for the families raised more in an afternoon than the union's fund held in a year.",
    ]
    paragraphs = []
    for number in range(count):
        picked = [sentences[(seed + number + k) % len(sentences)] for k in range(3 + number % 3)]
        paragraphs.append(f"In the {number + 1}th report from the plants: " + " ".join(picked))
    return "\n\n".join(paragraphs)


def epub_reading(epub: Path) -> tuple[list[str], dict[str, int]]:
    """The running text's words in reading order (notes aside), and where each page marker
    stands among them (the index of the word after it); also checks the page list names them."""
    found: list[str] = []
    marks: dict[str, int] = {}
    with zipfile.ZipFile(epub) as book:
        package = etree.fromstring(book.read("EPUB/content.opf"))
        manifest = {item.get("id"): item.get("href") for item in package.iter("{*}item")}
        for reference in package.iter("{*}itemref"):
            page = etree.fromstring(book.read("EPUB/" + manifest[reference.get("idref")]))
            _read(page.find("{*}body"), found, marks)
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    page_list = [nav_ for nav_ in nav.iter("{*}nav") if nav_.get(OPS) == "page-list"]
    assert len(page_list) == 1
    labels = [link.text for link in page_list[0].iter("{*}a")]
    assert labels == [str(number) for number in range(1, len(labels) + 1)]
    assert [f"page-{label}" for label in labels] == list(marks)  # every marker listed, in reading order
    return found, marks


def _read(element: etree._Element, found: list[str], marks: dict[str, int]) -> None:
    if element.get(OPS) == "pagebreak":
        assert element.get("role") == "doc-pagebreak" and element.get("aria-label")
        marks[element.get("id")] = len(found)
    elif element.get(OPS) in ("footnotes", "noteref") or element.get("class") == "notes":
        pass
    else:
        found += words(element.text or "")
        for child in element:
            _read(child, found, marks)
    found += words(element.tail or "")


def pdf_pages(pdf: Path) -> list[list[str]]:
    """Each page's words, without its running head: what stands above the line the first page
    (which has no running head) begins at."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = etree.fromstring(layout).iter("{*}page")
    found = [[(float(word.get("yMin")), word.text or "") for word in page.iter("{*}word")] for page in pages]
    top = min(y for y, _ in found[0]) - 1
    return [words(" ".join(text for y, text in page if y >= top)) for page in found]


def assert_markers_at_page_starts(epub: Path, pdf: Path) -> int:
    """Every page's marker stands before the first word that begins on that page (a word
    broken over the turn belongs to the page it begins on); a page without text, where the
    next one begins. Returns the number of pages."""
    reading, marks = epub_reading(epub)
    reading = [word.lower() for word in reading]  # (print may set a line in capitals)
    pages = [[word.lower() for word in page] for page in pdf_pages(pdf)]
    assert len(marks) == len(pages)
    for number, page in enumerate(pages, start=1):
        at = marks[f"page-{number}"]
        if not page:  # a blank page (a text opening on a right-hand page): where the next begins
            assert at == marks[f"page-{number + 1}"], number
            continue
        if number == len(pages) and "publish" in page:  # a book's colophon page: after the text
            assert reading[at : at + 1] != page[:1]
            continue
        first = 0
        before = pages[number - 2][-1:] if number > 1 else []
        if at > 0 and before and before[0] + page[0] == reading[at - 1]:
            first = 1  # the end of a word begun on the page before ("тре-" / "бовали")
        assert page[first : first + 4] == reading[at : at + 4], (number, page[:6], reading[at - 3 : at + 4])
    return len(pages)


def test_the_samples_epub_and_kepub_mark_every_printed_page(tmp_path):
    built = build(SAMPLE, tmp_path, "pdf", "epub", "kepub")
    assert assert_markers_at_page_starts(built["epub"], built["pdf"]) >= 5
    assert_markers_at_page_starts(built["kepub.epub"], built["pdf"])
    for book in (built["epub"], built["kepub.epub"]):
        assert not problems(epubcheck(book))
        package = zipfile.ZipFile(book).read("EPUB/content.opf").decode()
        assert "<dc:source>kazakhstan-2022.pdf</dc:source>" in package
        assert '<meta property="pageBreakSource">kazakhstan-2022.pdf</meta>' in package
        assert ">pageBreakMarkers<" in package and ">pageNavigation<" in package


def test_a_long_english_text_at_a6_and_a_collection_are_marked_page_by_page(tmp_path):
    source = tmp_path / "strike.md"
    text = ENGLISH.replace("{filler}", _filler(0, 14)).replace("{filler2}", _filler(3, 10))
    source.write_text(text.replace("title:", "identifier: 978-3-16-148410-0\ntitle:"), encoding="utf-8")
    built = build(source, tmp_path / "a6", "pdf", "epub", page_size="A6")
    assert assert_markers_at_page_starts(built["epub"], built["pdf"]) >= 12
    assert not problems(epubcheck(built["epub"]))
    package = zipfile.ZipFile(built["epub"]).read("EPUB/content.opf").decode()
    assert '<meta property="pageBreakSource">urn:isbn:9783161484100</meta>' in package

    collection = build(FIXTURES / "collection" / "issue-5.book.toml", tmp_path / "book", "pdf", "epub")
    assert assert_markers_at_page_starts(collection["epub"], collection["pdf"]) >= 8
    assert not problems(epubcheck(collection["epub"]))


def test_an_epub_made_without_its_pdf_has_no_page_list_until_the_pdf_is_made(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from publish.cli import cli

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "note.md"
    source.write_text((FIXTURES / "article.md").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(FIXTURES / "banner.png", tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "-q", "-f", "epub", "-o", "out", "note.md"])
    assert first.exit_code == 0, first.output
    alone = zipfile.ZipFile(tmp_path / "out" / "note.epub")
    assert b"page-list" not in alone.read("EPUB/nav.xhtml") and b"pageBreakSource" not in alone.read("EPUB/content.opf")
    result = runner.invoke(cli, ["build", "-f", "epub", "-f", "pdf", "-o", "out", "note.md"])
    assert result.exit_code == 0 and "2 editions" in result.output  # the EPUB made again, with the PDF
    assert_markers_at_page_starts(tmp_path / "out" / "note.epub", tmp_path / "out" / "note.pdf")
    again = runner.invoke(cli, ["build", "-f", "epub", "-f", "pdf", "-o", "out", "note.md"])
    assert "0 editions" in again.output and "1 unchanged" in again.output


@pytest.mark.parametrize("words_before", [0, 2, 3, 5, 9])
def test_a_marker_goes_before_the_word_counted_across_inline_elements(words_before):
    from publish.render.folios import insert_before_word, page_break

    paragraph = etree.fromstring(
        '<p xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">Он сказал '
        '«<em>Прав</em>да» при\u00adшла<a epub:type="noteref">1</a> и<br/><strong>ушла</strong> домой.</p>'
    )
    text = "".join(paragraph.itertext())
    insert_before_word(paragraph, words_before, page_break("7"))
    assert "".join(paragraph.itertext()) == text  # nothing lost, nothing moved
    expected = ["Он", "сказал", "«Правда»", "при\u00adшла", "и", "ушла", "домой."]
    assert _text_before(paragraph, "7").split() == expected[:words_before]


def _text_before(root: etree._Element, label: str) -> str:
    """The text before the marker labelled `label`, a note's call and the marker's own left out."""
    pieces = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if element.get("aria-label") == label:
            break
        if event == "start" and element.get(OPS) != "noteref":
            pieces.append(" " if etree.QName(element).localname == "br" else element.text or "")
        elif event == "end" and element is not root:
            pieces.append(element.tail or "")
    return "".join(pieces)


def test_a_contents_the_source_sets_is_marked_where_a_page_begins_inside_it(tmp_path):
    """A source's own contents is in the e-book too (ours, in print only, is not): a printed
    page that begins among its lines is marked at that line, and every page after keeps its
    place. (Its lines were no containers: page 2's marker stood at the first heading.)"""
    vocabulary = ["рабочие", "требовали", "повышения", "расценок", "и", "отмены", "сверхурочных", "работ", "без"]
    days = "".join(
        f"## День {n}\n\n" + " ".join(vocabulary[(n + i) % 9] for i in range(70)).capitalize() + ".\n\n"
        for n in range(1, 61)
    )
    source = tmp_path / "chronicle.md"
    source.write_text(f"# Хроника стачки\n\nХроника весны.\n\n## Оглавление\n\n[TOC]\n\n{days}", encoding="utf-8")
    built = build(source, tmp_path, "pdf", "epub")
    assert assert_markers_at_page_starts(built["epub"], built["pdf"]) >= 10
    second = next(page for _, page in epub_pages(built["epub"]) if page.xpath("//*[@id='page-2']"))
    marker = second.xpath("//*[@id='page-2']")[0]
    assert any(ancestor.get("role") == "doc-toc" for ancestor in marker.iterancestors())  # (inside the list)
    assert not problems(epubcheck(built["epub"]))
