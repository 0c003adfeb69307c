"""A picture among words stands in its line, in every reader and every edition.

Word holds every picture in a run, LibreOffice anchors a frame "as a character", a web page
puts an <img> in a sentence, Markdown a `![…](…)`: a picture with words on its line (an
icon, a party's emblem in a sentence) stays between those words; one on a line of its own is
a figure, before or after the words as it stood.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from publish.model import Image, InlineImage, Paragraph
from publish.readers import read_source

from conftest import FIXTURES, build, epub_pages, epubcheck, fb2_errors, odt_file, problems, word_file

BEFORE, AFTER = "Значок", "отмечает пункты сбора подписей."
CAPTION = "Карта района."


def _docx(path: Path) -> None:
    """A Word file, written by python-docx: an emblem among words, then a picture on a line
    of its own with its caption under it after a line break (Word's common way)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    document.add_paragraph("Памятка агитатора.")
    line = document.add_paragraph(BEFORE + " ")
    line.add_run().add_picture(str(FIXTURES / "flag.png"), height=Pt(12))
    line.add_run(" " + AFTER)
    figure = document.add_paragraph()
    run = figure.add_run()
    run.add_picture(str(FIXTURES / "banner.png"), height=Pt(96))
    run.add_break(WD_BREAK.LINE)
    figure.add_run(CAPTION)
    word_file(document, path)


def _odt(path: Path) -> None:
    """An OpenDocument text: a frame anchored as a character among words, and one anchored
    to the paragraph (it floats: a figure after the words)."""
    frame = '<draw:frame text:anchor-type="{anchor}" svg:height="{height}"><draw:image xlink:href="Pictures/p.png"/>'
    body = (
        "<text:p>Памятка агитатора.</text:p>"
        f"<text:p>{BEFORE} {frame.format(anchor='as-char', height='0.42cm')}<svg:desc>Звезда</svg:desc>"
        f"</draw:frame> {AFTER}</text:p>"
        f"<text:p>{frame.format(anchor='paragraph', height='3cm')}<svg:desc>Карта</svg:desc></draw:frame>"
        f"{CAPTION}</text:p>"
    )
    odt_file(path, body, {"Pictures/p.png": (FIXTURES / "banner.png").read_bytes()})


def _html(path: Path) -> None:
    """A web page: an <img> in a sentence, sized by the page, and one floated beside the text
    (a figure: after the paragraph)."""
    shutil.copy(FIXTURES / "banner.png", path.parent / "star.png")
    path.write_text(
        '<html lang="ru"><head><title>Памятка</title></head><body><article><h1>Памятка</h1>'
        "<p>Памятка агитатора.</p>"
        f'<p>{BEFORE} <img src="star.png" alt="Звезда" height="16"> {AFTER}</p>'
        f'<p><img src="star.png" alt="Карта" align="left">{CAPTION}</p></article></body></html>',
        encoding="utf-8",
    )


def _markdown(path: Path) -> None:
    """Markdown: an icon among words (16 pixels: a line tall), a figure with its caption under
    it after a hard line break."""
    shutil.copy(FIXTURES / "flag.png", path.parent / "star.png")
    shutil.copy(FIXTURES / "banner.png", path.parent / "map.png")
    path.write_text(
        f"# Памятка\n\nПамятка агитатора.\n\n{BEFORE} ![Звезда](star.png) {AFTER}\n\n![Карта](map.png)\\\n{CAPTION}\n",
        encoding="utf-8",
    )


SOURCES = {"docx": _docx, "odt": _odt, "html": _html, "md": _markdown}


@pytest.mark.parametrize("kind", SOURCES)
def test_a_picture_among_words_stays_in_its_line_and_one_alone_is_a_figure(tmp_path, kind):
    """The model: the emblem between its words; the picture on a line (or a float) of its own
    a figure, its caption a paragraph of its own next to it, nothing lost or doubled."""
    source = tmp_path / f"pamyatka.{kind}"
    SOURCES[kind](source)
    blocks = [block for block in read_source(source).blocks if not isinstance(block, Paragraph) or block.children]
    line = next(b for b in blocks if isinstance(b, Paragraph) and any(isinstance(i, InlineImage) for i in b.children))
    kinds = [type(inline).__name__ for inline in line.children]
    assert kinds == ["Text", "InlineImage", "Text"], line.children
    assert line.children[0].text.strip() == BEFORE and line.children[2].text.strip() == AFTER
    assert line.children[1].height == pytest.approx(1, abs=0.02)  # (Markdown: the icon's own 16 pixels)
    figures = [block for block in blocks if isinstance(block, Image)]
    assert len(figures) == 1
    index = blocks.index(figures[0])
    caption = blocks[index + 1] if kind in ("docx", "md") else blocks[index - 1]  # (a float: after its words)
    assert isinstance(caption, Paragraph) and caption.children[0].text == CAPTION  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_a_picture_among_words_in_every_edition(tmp_path, kind):
    """EPUB (epubcheck clean, the <img> between the words), FB2 (XSD-valid, an inline
    <image> in the paragraph), the web page, and the PDF (the words in order, the picture
    drawn twice: the emblem and the figure)."""
    source = tmp_path / f"pamyatka.{kind}"
    SOURCES[kind](source)
    built = build(source, tmp_path / "out", "epub", "fb2", "html", "pdf")
    assert problems(epubcheck(built["epub"])) == []
    chapter = "".join(etree.tostring(page, encoding="unicode") for _, page in epub_pages(built["epub"]))
    in_line = rf'{BEFORE} <img src="images/[0-9a-f]+\.png" alt="[^"]*" class="inline-picture"( style="[^"]+")?/> от'
    assert re.search(in_line, chapter.replace("\u00ad", "")), chapter
    fb2 = built["fb2"].read_text("utf-8").replace("\u00ad", "")
    assert fb2_errors(built["fb2"]) == ""
    assert re.search(rf'<p>{BEFORE} <image l:href="#[^"]+"( alt="[^"]*")?/> от', fb2), fb2
    page = built["html"].read_text("utf-8").replace("\u00ad", "")
    assert re.search(rf'{BEFORE} <img src="data:image/png;base64,[^"]+" alt="[^"]*" class="inline-picture"', page)
    text = subprocess.run(["pdftotext", "-raw", str(built["pdf"]), "-"], capture_output=True, text=True).stdout
    assert f"{BEFORE} {AFTER}" in re.sub(r"\s+", " ", text.replace("\u00ad", ""))
    drawn = subprocess.run(["pdfimages", "-list", str(built["pdf"])], capture_output=True, text=True).stdout
    assert [row.split()[2] for row in drawn.splitlines()[2:]].count("image") == 2, drawn


def test_a_picture_among_words_without_alt_text_is_found_at_its_place(tmp_path):
    """`publish check` names a picture among words that says nothing (S003), at the picture."""
    from publish.check import check_source

    shutil.copy(FIXTURES / "banner.png", tmp_path / "star.png")
    source = tmp_path / "bez.md"
    source.write_text(f"# Памятка\n\n{BEFORE} ![](star.png) {AFTER}\n", encoding="utf-8")
    found = [(f.code, f.line, f.column) for f in check_source(source) if f.code == "S003"]
    assert found == [("S003", 3, len(BEFORE) + 2)]


def test_our_own_epub_and_fb2_read_back_keep_the_picture_in_its_line(tmp_path):
    """An edition read as a source (a book re-edited from its EPUB or FB2) keeps the emblem
    between its words, and the EPUB its size."""
    source = tmp_path / "pamyatka.docx"
    _docx(source)
    built = build(source, tmp_path / "out", "epub", "fb2")
    for kind, height in (("epub", 1.0), ("fb2", 0.0)):
        blocks = read_source(built[kind]).blocks
        lines = [b for b in blocks if isinstance(b, Paragraph) and any(isinstance(i, InlineImage) for i in b.children)]
        assert len(lines) == 1, (kind, blocks)
        picture = next(i for i in lines[0].children if isinstance(i, InlineImage))
        assert picture.height == height and picture.image.data, kind
        assert sum(isinstance(b, Image) for b in blocks) == 1, kind


def test_a_collection_s_text_in_its_own_folder_keeps_its_picture_among_words(tmp_path):
    """A text of a collection kept in a folder of its own names its pictures from there: the
    picture among its words is found from the book's folder too (as its figures are)."""
    folder = tmp_path / "texts"
    folder.mkdir()
    _markdown(folder / "pamyatka.md")
    book = tmp_path / "issue.book.toml"
    book.write_text('title = "Сборник"\nsources = ["texts/pamyatka.md"]\n', encoding="utf-8")
    built = build(book, tmp_path / "out", "epub")
    assert problems(epubcheck(built["epub"])) == []
    chapter = "".join(etree.tostring(page, encoding="unicode") for _, page in epub_pages(built["epub"]))
    in_line = rf'{BEFORE} <img src="images/[0-9a-f]+\.png" alt="Звезда" class="inline-picture" style="height: 1.00em"/>'
    assert re.search(in_line, chapter.replace("\u00ad", ""))


def test_pictures_among_words_count_against_the_book_s_budget_of_blocks():
    """Each picture is set as a block is: a paragraph of a hundred thousand pictures (a
    hostile source repeats one name) runs past the budget of blocks as a hundred thousand
    figures would, instead of hiding inside one paragraph."""
    from publish.limits import MAX_BLOCKS, book_overrun
    from publish.model import Document, Metadata, Text, size_of

    star = InlineImage(Image(src="star.png", alt="Звезда"))
    document = Document(Metadata("Т", "ru"), (Paragraph((Text("Значки: "), *[star] * MAX_BLOCKS)),))
    assert size_of(document).blocks == MAX_BLOCKS + 1
    assert "paragraphs and other blocks" in (book_overrun(size_of(document)) or "")


def test_a_picture_among_words_of_unsaid_size_is_drawn_at_its_own_height_within_four_lines(tmp_path):
    """Markdown and a web page without a height: the picture's own pixels say (16 to a line):
    an icon stays a line tall, a photograph of 160 pixels among words is held to four lines."""
    from publish.render.html import render_html

    shutil.copy(FIXTURES / "flag.png", tmp_path / "flag.png")
    shutil.copy(FIXTURES / "banner.png", tmp_path / "photo.png")
    source = tmp_path / "sizes.md"
    source.write_text("# Размеры\n\nЗначок ![флаг](flag.png) и фото ![порт](photo.png) в строке.\n", encoding="utf-8")
    document = read_source(source)
    pictures = [i for i in document.blocks[0].children if isinstance(i, InlineImage)]  # type: ignore[union-attr]
    assert [picture.height for picture in pictures] == [1.0, 10.0]
    page = render_html(document)
    assert 'alt="флаг" class="inline-picture" style="height: 1.00em"' in page
    assert 'alt="порт" class="inline-picture" style="height: 4.00em"' in page


_WMF = b"\xd7\xcd\xc6\x9a" + bytes(60)  # a Windows metafile's first bytes: a picture no edition carries
CHART = "Диаграмма: рост числа членов по годам"


def _docx_with_metafiles(path: Path) -> None:
    """Word's metafile pictures (a chart pasted from a spreadsheet, old clip art), one in the
    line with alt text, one floating whose alt text is its file's name."""
    import zipfile

    import docx
    from docx.shared import Pt

    document = docx.Document()
    line = document.add_paragraph("Организация росла: ")
    line.add_run().add_picture(str(FIXTURES / "flag.png"), height=Pt(12))
    line.add_run(" — и растёт.")
    document.add_paragraph().add_run().add_picture(str(FIXTURES / "banner.png"), height=Pt(96))
    described = document.inline_shapes[0]._inline.docPr
    described.set("descr", CHART)
    document.inline_shapes[1]._inline.docPr.set("descr", "santa.wmf")
    word_file(document, tmp := path.with_suffix(".tmp"))
    with zipfile.ZipFile(tmp) as original, zipfile.ZipFile(path, "w") as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("word/media/"):
                data = _WMF
            out.writestr(item, data)


def _odt_with_metafile(path: Path) -> None:
    body = (
        '<text:p>Организация росла: <draw:frame text:anchor-type="as-char" svg:height="0.42cm">'
        f'<draw:image xlink:href="Pictures/chart.wmf"/><svg:desc>{CHART}</svg:desc></draw:frame>'
        " — и растёт.</text:p>"
    )
    odt_file(path, body, {"Pictures/chart.wmf": _WMF})


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_picture_no_edition_can_show_leaves_its_alt_text_in_its_place(tmp_path, kind, caplog):
    """A Word or LibreOffice picture in a format no edition carries (WMF, EMF) was dropped,
    its alt text too, though the warning said the alt text stood in (Apache POI's
    VariousPictures.docx). Its alt text stands in its line now; a file's name does not."""
    source = tmp_path / f"rost.{kind}"
    (_docx_with_metafiles if kind == "docx" else _odt_with_metafile)(source)
    document = read_source(source)
    texts = [b.children[0].text for b in document.blocks if isinstance(b, Paragraph) and b.children]  # type: ignore[union-attr]
    assert texts == [f"Организация росла: {CHART} — и растёт."]
    assert not any(isinstance(b, Image) for b in document.blocks)
    assert "its alt text stands in" in caplog.text
