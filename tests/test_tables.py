"""Tables: read from Markdown, HTML, Word and OpenDocument into the model, written into every
edition — EPUB and KEPUB (epubcheck), FB2 (its schema), the web page and the PDF (its head
rows repeated on every page the table runs to)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from publish.model import Lead, Paragraph, Table, plain_text, size_of
from publish.readers import read_source

from conftest import FIXTURES, ROOT, build, epub_pages, epubcheck, pdf_pages, problems, word_file, words

FB2_SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "schemas" / "fictionbook-2.1" / "FictionBook.xsd")))
XHTML = "{http://www.w3.org/1999/xhtml}"
FB2 = "{http://www.gribuser.ru/xml/fictionbook/2.0}"

HTML_TABLE = """<html lang="ru"><head><title>Итоги года</title></head><body><h1>Итоги года</h1>
<p>Первый абзац о том, как менялось число рабочих на заводах области.</p>
<table><caption>Рабочие по заводам</caption>
<thead><tr><th colspan="3">Рабочих на заводах</th></tr><tr><th>Завод</th><th>2021</th><th>2022</th></tr></thead>
<tbody><tr><td>Южный</td><td align="right">1 200</td>
<td style="text-align: right">1 350<sup><a href="#fn1" id="r1">1</a></sup></td></tr>
<tr><td rowspan="2">Северный</td><td align="right">800</td><td align="right">640</td></tr>
<tr><td align="right">2 000</td><td align="right">1 990</td></tr></tbody></table>
<p>Абзац после таблицы.</p>
<section class="footnotes"><p id="fn1"><a href="#r1">1</a> По отчёту заводоуправления.</p></section>
</body></html>"""

GRID_TABLE = """# Итоги года

Первый абзац о том, как менялось число рабочих на заводах области.

+----------+--------+-----------+
| Рабочих на заводах            |
+----------+--------+-----------+
| Завод    | 2021   | 2022      |
+==========+=======:+==========:+
| Южный    | 1 200  | 1 350[^1] |
+----------+--------+-----------+
| Северный | 800    | 640       |
|          +--------+-----------+
|          | 2 000  | 1 990     |
+----------+--------+-----------+

: Рабочие по заводам

Абзац после таблицы.

[^1]: По отчёту заводоуправления.
"""

ROWS = [("Завод", "2021", "2022"), ("Южный", "1 200", "1 350"), ("Северный", "800", "640"), ("Итого", "2 000", "1 990")]


def docx_with_table(path: Path, rows: int = 4) -> None:
    """A Word file (python-docx, a real writer of the format; its footnote added as Word
    stores one): a table whose two head rows repeat, a cell spanning three columns, one
    spanning two rows, numbers aligned right, a note called in a cell."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_heading("Итоги года", 1)
    document.add_paragraph("Первый абзац о том, как менялось число рабочих на заводах области.")
    data = (
        ROWS
        if rows <= 4
        else [ROWS[0], *((f"Завод {n}", str(100 + n), str(200 + n)) for n in range(rows - 2)), ROWS[-1]]
    )
    table = document.add_table(rows=len(data) + 1, cols=3)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].merge(head[2]).text = "Рабочих на заводах"
    for index, row in enumerate(data, start=1):
        for column, text in enumerate(row):
            cell = table.rows[index].cells[column]
            cell.text = text
            if column:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows[:2]:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))
    # a vertical merge in the first column of the last two rows
    table.rows[-2].cells[0].merge(table.rows[-1].cells[0])
    document.add_paragraph("Абзац после таблицы.")
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>По отчёту заводоуправления.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    marker = "<w:t>1 350</w:t></w:r>" if rows <= 4 else "<w:t>201</w:t></w:r>"
    word_file(document, path, after={marker: ref}, footnotes=footnotes)


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def odt_with_table(path: Path, only_table: bool = False) -> None:
    """The same table as OpenDocument writes it: header rows, spans with covered cells,
    numbers aligned by a paragraph style, a note in a cell; or that table alone."""

    def row(cells):
        return "<table:table-row>" + "".join(cells) + "</table:table-row>"

    def cell(text, style="", span=1, rows=1, note=""):
        attributes = (f' table:number-columns-spanned="{span}"' if span > 1 else "") + (
            f' table:number-rows-spanned="{rows}"' if rows > 1 else ""
        )
        style_attribute = f' text:style-name="{style}"' if style else ""
        return f"<table:table-cell{attributes}><text:p{style_attribute}>{text}{note}</text:p></table:table-cell>"

    covered = "<table:covered-table-cell/>"
    note = '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>По отчёту заводоуправления.</text:p></text:note-body></text:note>'
    table = (
        '<table:table table:name="T1"><table:table-column table:number-columns-repeated="3"/>'
        "<table:table-header-rows>"
        + row([cell("Рабочих на заводах", span=3), covered, covered])
        + row([cell(t) for t in ROWS[0]])
        + "</table:table-header-rows>"
        + row([cell(ROWS[1][0]), cell(ROWS[1][1], "Right"), cell(ROWS[1][2], "Right", note=note)])
        + row([cell(ROWS[2][0], rows=2), cell(ROWS[2][1], "Right"), cell(ROWS[2][2], "Right")])
        + row([covered, cell(ROWS[3][1], "Right"), cell(ROWS[3][2], "Right")])
        + "</table:table>"
    )
    before = (
        ""
        if only_table
        else '<text:h text:outline-level="1">Итоги года</text:h><text:p>Первый абзац о том, как менялось число рабочих на заводах области.</text:p>'
    )
    after = "" if only_table else "<text:p>Абзац после таблицы.</text:p>"
    styles = '<office:automatic-styles><style:style style:name="Right" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/></style:style></office:automatic-styles>'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} office:version="1.2">{styles}'
        f"<office:body><office:text>{before}{table}{after}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>',
        )


def _source(kind: str, folder: Path) -> Path:
    if kind == "md":
        return FIXTURES / "tables.md"
    path = folder / f"table.{kind}"
    if kind in ("html", "grid"):
        path = path.with_suffix(".md") if kind == "grid" else path
        path.write_text(HTML_TABLE if kind == "html" else GRID_TABLE, encoding="utf-8")
    else:
        (docx_with_table if kind == "docx" else odt_with_table)(path)
    return path


@pytest.mark.parametrize("kind", ["md", "grid", "html", "docx", "odt"])
def test_a_table_reaches_every_edition_valid_with_its_heads_spans_and_note(kind, tmp_path):
    """Each source's table (Markdown's pipe and Pandoc's grid tables, a page's, Word's,
    LibreOffice's) in every edition, valid, with its head rows, spans and note."""
    built = build(_source(kind, tmp_path), tmp_path / "out", "epub", "kepub", "fb2", "html", "pdf")
    assert problems(epubcheck(built["epub"])) == []
    assert problems(epubcheck(built["kepub.epub"])) == []
    tables = [table for _, page in epub_pages(built["epub"]) for table in page.iter(f"{XHTML}table")]
    assert tables, "no table in the EPUB"
    table = tables[0]
    heads = table.findall(f"{XHTML}thead/{XHTML}tr/{XHTML}th")
    assert heads and all(th.get("scope") == "col" for th in heads)
    cells = list(table.iter(f"{XHTML}td"))
    noted = [cell for cell in cells if cell.find(f"{XHTML}a[@role='doc-noteref']") is not None]
    assert len(noted) == 1, "the note called in a cell"
    assert any(cell.get("class") == "align-right" for cell in cells)
    if kind != "md":  # (pipe tables span nothing)
        assert table.find(f".//{XHTML}th[@colspan='3']") is not None
        assert table.find(f".//{XHTML}td[@rowspan='2']") is not None
    fb2 = etree.parse(str(built["fb2"]))
    assert FB2_SCHEMA.validate(fb2), FB2_SCHEMA.error_log
    assert fb2.find(f".//{FB2}table/{FB2}tr/{FB2}td/{FB2}a[@type='note']") is not None
    page = built["html"].read_text(encoding="utf-8")
    assert '<div class="table"><table>' in page
    cell_words = words(" ".join(" ".join(cell.itertext()) for cell in table.iter(f"{XHTML}th", f"{XHTML}td")))
    printed = words(" ".join(pdf_pages(built["pdf"])))
    position = 0
    for word in cell_words:  # every word of every cell, in order, in the PDF
        position = printed.index(word, position) + 1
    note = "профсоюзных" if kind == "md" else "заводоуправления"
    assert any(note in word for word in printed)


def test_a_grid_tables_cells_hold_blocks_and_a_crooked_grid_is_text_named_by_check(tmp_path, caplog):
    """Pandoc's grid table: a cell of a paragraph and a list is read as both; a grid whose
    bars do not line up is left as text, and the build and `publish check` say where."""
    from click.testing import CliRunner

    from publish.cli import cli

    grid = (
        "+---------+--------------------------+\n| Город   | Требования               |\n"
        "+=========+==========================+\n| Кемерово| Комитет выдвинул:        |\n"
        "|         |                          |\n|         | - мыло и спецодежду;     |\n"
        "|         | - оплату ночных смен.    |\n+---------+--------------------------+\n"
    )
    crooked = grid.replace("| - мыло и спецодежду;     |", "| - мыло и спецодежду; |")
    wide = "+" + "-+" * 101 + "\n|" + "a|" * 101 + "\n+" + "-+" * 101 + "\n"
    source = tmp_path / "grids.md"
    source.write_text(f"# Требования\n\nНачало.\n\n{grid}\nСередина.\n\n{crooked}\nЕщё.\n\n{wide}", encoding="utf-8")
    document = read_source(source)
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 1, "the crooked and the over-wide grids stay text"
    demands = tables[0].rows[1][1].blocks
    assert [type(block).__name__ for block in demands] == ["Paragraph", "ListBlock"], demands
    assert len(demands[1].items) == 2
    warned = [record.getMessage() for record in caplog.records if "grid table" in record.getMessage()]
    assert len(warned) == 1 and ":16:" in warned[0], warned  # (the build says a kind once; check lists each)
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert "grids.md:16:1: S006" in result.output and "grids.md:27:1: S006" in result.output, result.output
    fb2 = etree.parse(str(build(source, tmp_path / "out", "fb2")["fb2"]))  # (FB2's cells hold no lists)
    assert FB2_SCHEMA.validate(fb2), FB2_SCHEMA.error_log
    cell = " ".join("".join(fb2.find(f".//{FB2}table/{FB2}tr[2]/{FB2}td[2]").itertext()).split())
    assert cell == "Комитет выдвинул: • мыло и спецодежду; • оплату ночных смен.", cell


def test_a_grid_tables_foot_is_read_as_its_last_rows(tmp_path):
    """Pandoc's table foot (rows between two `=` borders at the end) made docutils refuse the
    grid: the whole table stood as text."""
    source = tmp_path / "foot.md"
    source.write_text(
        "# Фрукты\n\n+-----------+--------:+\n| Фрукт     | Цена    |\n+===========+========:+\n"
        "| Бананы    | 1,34    |\n+-----------+---------+\n| Апельсины | 2,10    |\n"
        "+===========+=========+\n| Итого     | 3,44    |\n+===========+=========+\n\nКонец.\n",
        encoding="utf-8",
    )
    table = next(block for block in read_source(source).blocks if isinstance(block, Table))
    cells = [[plain_text(cell.blocks[0].children) for cell in row] for row in table.rows]
    assert table.head == 1 and cells[-1] == ["Итого", "3,44"] and len(cells) == 4, cells
    assert [cell.align for cell in table.rows[0]] == ["", "right"]


def test_a_caption_is_read_from_pandocs_table_line_and_from_html():
    document = read_source(FIXTURES / "tables.md")
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [tuple(words(plain_text(t.caption)))[:2] for t in tables] == [
        ("Средняя", "зарплата"), ("Цены", "в"), ("Стачки", "года"),
    ]  # fmt: skip
    assert not any(isinstance(block, Paragraph) and str(block).count("Table:") for block in document.blocks), (
        "the caption line left as text"
    )
    assert tables[0].head == 1 and [cell.align for cell in tables[0].rows[0]] == ["left", "right", "right", "right"]
    assert size_of(document).characters > sum(len(cell.blocks) for row in tables[0].rows for cell in row)


def test_a_long_tables_head_rows_are_repeated_on_every_page_it_runs_to(tmp_path):
    source = tmp_path / "long.docx"
    docx_with_table(source, rows=80)
    pages = pdf_pages(build(source, tmp_path / "out", "pdf")["pdf"])
    running = [page for page in pages if "Завод 40" in page or "Завод 70" in page]
    assert len(pages) >= 3 and running
    for page in pages[1:]:
        if re.search(r"Завод \d{1,2}\b", page):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            first_row = next(index for index, line in enumerate(lines) if re.match(r"Завод \d{1,2}\b", line))
            head = " ".join(lines[:first_row])
            assert "Рабочих на заводах" in head and re.search(r"Завод\s*2021\s*2022", head), lines[: first_row + 1]


def test_a_caption_wider_than_its_narrow_table_keeps_its_words_whole_on_one_line(tmp_path):
    """A caption is as wide as its table: over two narrow columns it stood a syllable a line
    ("Под-", "пись", "та-", "бли-", "цы"). In print and on screen it is set whole."""
    source = tmp_path / "narrow.md"
    source.write_text(
        "# Заметка\n\nНачало.\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n\n: Подпись узкой таблицы\n\n"
        "| Отрасль | 2022 | 2023 | Рост, % |\n|---|--:|--:|--:|\n| Здравоохранение | 28 | 61 | 117,9 |\n\n"
        ": Протесты\n",
        encoding="utf-8",
    )
    built = build(source, tmp_path / "out", "pdf", "html")
    lines = [" ".join(line.split()) for page in pdf_pages(built["pdf"]) for line in page.splitlines()]
    assert "Подпись узкой таблицы" in lines, lines
    sheet = built["html"].read_text(encoding="utf-8")  # (the base sheet, inlined: what sets it so on screen)
    assert "hyphens: none" in re.search(r"\ncaption \{[^}]*\}", sheet).group()
    assert "min-width: 14em" in re.search(r"\ntable \{[^}]*\}", sheet).group()


def test_a_caption_is_never_left_at_a_pages_foot_without_its_table(tmp_path):
    """A table that did not fit under its caption went over to the next page alone: the caption
    (and its note) stood at the foot of the page before, over nothing."""
    parts = []
    for number in range(1, 25):  # (at this many offsets from a page's foot, one caption fell there)
        lines = " ".join(["Текст перед таблицей, который занимает место на странице."] * (number % 7 + 1))
        parts.append(
            f"{lines}\n\n| Регион | Шахт | Участников |\n|:--|--:|--:|\n"
            + "".join(f"| Район {row} | {row * 7} | {row * 11} |\n" for row in range(1, 6))
            + f"\n: Таблица {number}: стачки по районам\n"
        )
    source = tmp_path / "captions.md"
    source.write_text("# Таблицы\n\n" + "\n".join(parts), encoding="utf-8")
    pages = pdf_pages(build(source, tmp_path / "out", "pdf")["pdf"])
    for number in range(1, 25):
        page = next(page for page in pages if f"Таблица {number}:" in page)
        after = page.split(f"Таблица {number}:", 1)[1]
        assert re.search(r"Район\s+1\s", after), (number, page)


def test_the_first_column_names_its_rows_whole_and_a_short_table_splits_two_rows_a_side(tmp_path):
    """Long heads over figures left the first column narrow: "Ка-/раганда". And a table near a
    page's foot left its last row alone on the next page under the repeated head."""
    head = "| Регион | Шахт, что бастовали | Участников, тысяч | Продолжительность, дней |\n|:--|--:|--:|--:|\n"

    def table(names: list[str]) -> str:
        return head + "".join(f"| {name} | {n * 13} | {n * 7} | {n + 4} |\n" for n, name in enumerate(names, 1))

    second = ["Донецк", "Луганск", "Макеевка", "Горловка"]
    filler = "\n\n".join(f"Абзац {n}: строка текста." for n in range(15))  # (the last row fell over alone)
    source = tmp_path / "regions.md"
    source.write_text(
        f"# Регионы\n\n{table(['Кузбасс', 'Донбасс', 'Караганда', 'Воркута'])}\n{filler}\n\n{table(second)}\n",
        encoding="utf-8",
    )
    pages = pdf_pages(build(source, tmp_path / "out", "pdf")["pdf"])
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    assert any(line.startswith("Караганда 39 21 7") for line in lines), [line for line in lines if "Ка" in line]
    shown = [[name for name in second if re.search(rf"^\s*{name}\s", page, re.M)] for page in pages]
    assert [names for names in shown if names] in ([second[:2], second[2:]], [second]), shown


def test_a_document_that_is_only_a_table_builds(tmp_path):
    source = tmp_path / "only.odt"
    odt_with_table(source, only_table=True)
    built = build(source, tmp_path / "out", "epub")
    assert problems(epubcheck(built["epub"])) == []


def test_a_table_that_only_lays_a_page_out_gives_its_text(tmp_path):
    """role="presentation", or one cell a row (a frame around a quotation in Word): the text
    in order, no table."""
    page = tmp_path / "layout.html"
    page.write_text(
        "<html><body><h1>Заметка</h1><p>Начало.</p>"
        "<table role='presentation'><tr><td><p>Левая колонка.</p></td><td><p>Правая колонка.</p></td></tr></table>"
        "<table><tr><td><p>Врезка в рамке.</p></td></tr></table><p>Конец.</p></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    assert not any(isinstance(block, Table) for block in document.blocks)
    texts = [" ".join(words(plain_text(block.children))) for block in document.blocks if isinstance(block, Paragraph)]
    assert texts[-4:] == ["Левая колонка", "Правая колонка", "Врезка в рамке", "Конец"]


def test_check_names_a_table_without_a_header_row(tmp_path):
    import docx
    from click.testing import CliRunner

    from publish.cli import cli

    page = tmp_path / "bare.html"
    page.write_text(
        "<html><body><h1>Цены</h1><p>Текст.</p>\n<table>\n<tr><td>Хлеб</td><td>49</td></tr>\n"
        "<tr><td>Молоко</td><td>92</td></tr></table></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_paragraph("Текст.")
    table = document.add_table(rows=2, cols=2)
    for row, (name, price) in enumerate((("Хлеб", "49"), ("Молоко", "92"))):
        table.cell(row, 0).text, table.cell(row, 1).text = name, price
    document.save(tmp_path / "plain.docx")
    result = CliRunner().invoke(cli, ["check", str(page), str(tmp_path / "plain.docx")])
    assert "bare.html:2:1: S005 warning: a table with no header cells" in result.output, result.output
    assert "plain.docx:2:1: S005 warning: a table with no header cells" in result.output
    (tmp_path / "headed").mkdir()
    docx_with_table(tmp_path / "headed" / "headed.docx")
    (tmp_path / "headed" / "page.html").write_text(HTML_TABLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "headed"), str(FIXTURES / "tables.md")])
    assert "S005" not in result.output, result.output


def test_a_word_or_libreoffice_caption_paragraph_is_its_tables_caption(tmp_path):
    """Word captions a table above it, LibreOffice below, each as a paragraph in a caption
    style ("Caption", LibreOffice's "Table" under "Caption"): it becomes the table's caption
    (set with the table in every edition) instead of a paragraph beside it — Pandoc reads it so,
    and our word order differed from its by that paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph("Зарплаты", style="Title")
    document.add_paragraph("Перед таблицей.")
    document.add_paragraph("Таблица 1. Тарифы по годам", style="Caption")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("Год", "Ставка"), ("2023", "120"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_paragraph("После таблицы.")
    source = tmp_path / "tarify.docx"
    document.save(source)
    read = read_source(source)
    tables = [block for block in read.blocks if isinstance(block, Table)]
    assert len(tables) == 1 and plain_text(tables[0].caption) == "Таблица 1. Тарифы по годам"
    assert [plain_text(b.children) for b in read.blocks if isinstance(b, Paragraph | Lead)] == [
        "Перед таблицей.",
        "После таблицы.",
    ]

    styles = (
        '<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:styles>'
        '<style:style style:name="Caption" style:family="paragraph"/>'
        '<style:style style:name="Table" style:family="paragraph" style:parent-style-name="Caption"/>'
        "</office:styles></office:document-styles>"
    )
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>'
        "<text:p>Перед таблицей.</text:p><table:table><table:table-column/><table:table-column/>"
        "<table:table-row><table:table-cell><text:p>Год</text:p></table:table-cell>"
        "<table:table-cell><text:p>Ставка</text:p></table:table-cell></table:table-row>"
        '</table:table><text:p text:style-name="Table">Таблица <text:sequence>1</text:sequence>: Тарифы</text:p>'
        "<text:p>После таблицы.</text:p></office:text></office:body></office:document-content>"
    )
    odt = tmp_path / "tarify.odt"
    with zipfile.ZipFile(odt, "w") as packed:
        packed.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        packed.writestr("styles.xml", styles)
        packed.writestr("content.xml", content)
    tables = [block for block in read_source(odt).blocks if isinstance(block, Table)]
    assert len(tables) == 1 and plain_text(tables[0].caption) == "Таблица 1: Тарифы"
    built = build(odt, tmp_path / "out", "epub")
    assert problems(epubcheck(built["epub"])) == []
    captions = [c for _, page in epub_pages(built["epub"]) for c in page.iter("{http://www.w3.org/1999/xhtml}caption")]
    assert ["".join(c.itertext()).replace("\u00ad", "") for c in captions] == ["Таблица 1: Тарифы"]
