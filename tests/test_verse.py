"""Verse (and any paragraph written as lines: an address, a signature) keeps its lines in
every edition; wrapped prose is still read as prose."""

from __future__ import annotations

import re
import textwrap
from xml.sax.saxutils import escape

from lxml import etree

from publish.model import (
    Document,
    Emphasis,
    Lead,
    LineBreak,
    Metadata,
    Paragraph,
    Strong,
    Table,
    Text,
    plain_text,
    stanzas,
    written_as_lines,
)
from publish.readers import read_source
from publish.render.html import render_html

from conftest import ROOT, build, epubcheck, pdf_pages, problems

XHTML = "{http://www.w3.org/1999/xhtml}"
FB = {"f": "http://www.gribuser.ru/xml/fictionbook/2.0"}
FB2_SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "schemas" / "fictionbook-2.1" / "FictionBook.xsd")))

# Taras Shevchenko, "Заповіт" (1845), two stanzas of the public-domain original.
ZAPOVIT = """Як умру, то поховайте
Мене на могилі
Серед степу широкого
На Вкраїні милій,
Щоб лани широкополі,
І Дніпро, і кручі
Було видно, було чути,
Як реве ревучий.

Поховайте та вставайте,
Кайдани порвіте
І вражою злою кров'ю
Волю окропіте.
І мене в сім'ї великій,
В сім'ї вольній, новій,
Не забудьте пом'янути
Незлим тихим словом."""

ARTICLE = f"""Робітнича газета

2026
Заповіт і страйк

Вірш, написаний у Переяславі наприкінці 1845 року, сто років читали на зборах робітників
від Харкова до Львова, і читають досі.

Його останні строфи звучать так:

{ZAPOVIT}

Ці рядки знає кожен, хто стояв на мітингу біля заводської брами. Але мало хто пам'ятає,
що за життя автора вірш не було надруковано в Російській імперії.

Центральний комітет
Київ, 1 травня 2026 року
"""


def test_a_stanza_is_read_as_lines_and_wrapped_prose_as_prose(tmp_path):
    source = tmp_path / "zapovit.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    blocks = read_source(source).blocks
    verse = [block for block in blocks if isinstance(block, Paragraph) and stanzas(block.children)]
    assert [len(stanzas(block.children)[0]) for block in verse] == [8, 8, 2]  # two stanzas and the signature
    assert plain_text(split_first(verse[0])) == "Як умру, то поховайте"
    prose = [plain_text(block.children) for block in blocks if block not in verse]
    assert any("Але мало хто пам'ятає, що за життя" in text for text in prose)  # (wrapped at 90: joined)


def split_first(paragraph: Paragraph) -> tuple:
    return tuple(paragraph.children[: paragraph.children.index(LineBreak())])


def test_prose_wrapped_at_any_width_is_not_taken_for_verse():
    """Wrapped text breaks a line only where the next word does not fit, even where every line
    happens to open with a capital (a title-cased text, names): no line of it stops short."""
    words = " ".join(f"Рабочий Завода {name} Вышел На Стачку" for name in ("Сокол", "Ирбит", "Кама", "Урал") * 4)
    for width in (60, 66, 72, 80):
        lines = textwrap.wrap(words, width)
        assert all(line[0].isupper() for line in lines) and not written_as_lines(lines), width
    assert written_as_lines(ZAPOVIT.split("\n\n")[0].split("\n"))
    assert not written_as_lines(["Первая строка", "вторая строка."])  # a small letter: wrapping
    assert written_as_lines(["Иванов И. И.", "Москва, 2026"])
    # a web page's prose broken by hand where its author's editor wrapped it (Readability's 002)
    assert not written_as_lines(["You may not read out the “Date” header since it’s a forbidden", "Access-Control."])


def test_a_paragraph_of_lines_is_set_as_verse_and_one_of_long_lines_as_prose():
    long_line = "Долгая строка прозы, которую автор разбил вручную, но которая длиннее любой строки стиха."
    blocks = (
        Paragraph((Emphasis((Text("Строка первая"), LineBreak(), Text("Строка вторая"))),)),
        Paragraph(
            (Text("Одна"), LineBreak(), Text("Две"), LineBreak(), Strong((Text(" "),)), LineBreak(), Text("Три"))
        ),
        Paragraph((Text(long_line), LineBreak(), Text("Ещё строка."))),
    )
    page = etree.fromstring(render_html(Document(Metadata(title="Стихи", language="ru"), blocks)).encode("utf-8"))
    verses = [p for p in page.iter(XHTML + "p") if p.get("class") == "verse"]
    lines = [
        ["".join(span.itertext()) for span in p.iter(XHTML + "span") if span.get("class") == "line"] for p in verses
    ]
    assert lines == [["Строка первая", "Строка вторая"], ["Одна", "Две"], ["Три"]]  # (an empty line: a new stanza)
    assert verses[0].find(f"{XHTML}span/{XHTML}em") is not None  # each line keeps its italics
    prose = [p for p in page.iter(XHTML + "p") if p.get("class") is None]
    assert len(prose) == 1 and prose[0].find(XHTML + "br") is not None


def test_every_edition_keeps_the_lines_and_print_keeps_a_stanza_on_one_page(tmp_path):
    """Stanzas at twelve offsets from a page's foot: each stanza whole on one page, a line of
    verse a line of the PDF (never hyphenated), the paragraph announcing it on its page; the
    EPUB and web page carry the lines, the FB2 one poem of stanzas."""
    parts = []
    for number in range(1, 13):
        prose = " ".join(["Строки о стачке, которые занимают место на странице и двигают стих."] * (number % 7 + 1))
        stanza = "\n".join(f"Строка {number}{letter} о том, как встали заводы," for letter in "абвг")
        parts.append(f"{prose} Стих {number}:\n\n{stanza}")
    source = tmp_path / "stanzas.txt"
    source.write_text("Газета\n\n2026\nСтихи\n\nВступление к стихам.\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
    built = build(source, tmp_path / "out", "pdf", "epub", "html", "fb2")
    pages = pdf_pages(built["pdf"])
    for number in range(1, 13):
        page = next(page for page in pages if f"Строка {number}а" in page)
        for letter in "абвг":
            assert re.search(rf"^Строка {number}{letter} о том, как встали заводы,$", page, re.M), (number, page)
        assert re.search(rf"Стих {number}:", page), (number, page)
    html = built["html"].read_text(encoding="utf-8")
    assert html.count('<p class="verse">') == 12 and html.count('<span class="line">') == 48
    assert not problems(epubcheck(built["epub"]))
    fb2 = etree.parse(str(built["fb2"]))
    assert FB2_SCHEMA.validate(fb2), FB2_SCHEMA.error_log
    poems = fb2.findall(".//f:poem", FB)
    assert len(poems) == 12 and [len(poem.findall("f:stanza/f:v", FB)) for poem in poems] == [4] * 12


def test_the_stanzas_of_a_poem_are_one_poem_in_fb2(tmp_path):
    source = tmp_path / "zapovit.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    fb2 = etree.parse(str(build(source, tmp_path / "out", "fb2")["fb2"]))
    assert FB2_SCHEMA.validate(fb2), FB2_SCHEMA.error_log
    poems = fb2.findall(".//f:poem", FB)
    assert [[len(stanza) for stanza in poem.findall("f:stanza", FB)] for poem in poems] == [[8, 8], [2]]


def test_our_epub_reissued_keeps_its_verse_and_its_one_lead(tmp_path):
    """Read back, an EPUB of ours has its stanzas as lines, and the paragraph announcing them
    (class "lead-in") stays a paragraph: it was taken for a second lead."""
    source = tmp_path / "zapovit.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    blocks = read_source(build(source, tmp_path / "out", "epub")["epub"]).blocks
    assert sum(isinstance(block, Lead) for block in blocks) == 1
    announcing = next(block for block in blocks if "строфи звучать так" in plain_text(block.children))
    assert isinstance(announcing, Paragraph)
    verse = [stanzas(block.children) for block in blocks if isinstance(block, Paragraph) and stanzas(block.children)]
    assert [len(lines[0]) for lines in verse] == [8, 8, 2]


def test_a_pandoc_line_block_is_verse_and_a_pipe_table_stays_a_table(tmp_path):
    source = tmp_path / "song.md"
    source.write_text(
        "# Песня\n\nТекст:\n\n| Вставай, проклятьем заклеймённый,\n| Весь мир голодных *и рабов*!\n"
        "|    Кипит наш разум\n  возмущённый\n|\n| Весь мир насилья мы разрушим\n\n"
        "| Город | Шахт |\n|:--|--:|\n| Караганда | 26 |\n",
        encoding="utf-8",
    )
    document = read_source(source)
    verse = next(
        stanzas(block.children) for block in document.blocks if isinstance(block, Paragraph) and stanzas(block.children)
    )
    assert [[plain_text(line) for line in stanza] for stanza in verse] == [
        ["Вставай, проклятьем заклеймённый,", "Весь мир голодных и рабов!", "Кипит наш разум возмущённый"],
        ["Весь мир насилья мы разрушим"],
    ]
    assert isinstance(verse[0][1][-2], Emphasis)
    assert any(isinstance(block, Table) for block in document.blocks)


def test_closing_lines_never_stand_alone_on_a_page(tmp_path):
    """A signature and date (or a last stanza) closing a text or a section goes over with the
    last lines of the paragraph before it, never alone at the top of a page: twelve sections,
    each closing so at another offset from a page's foot."""
    parts = []
    for number in range(1, 13):
        prose = " ".join(["Слова резолюции, которые занимают место на странице перед подписью."] * (number % 8 + 2))
        parts.append(
            f"## Резолюция {number}\n\n{prose} Конец {number}.\n\nКомитет {number}\\\nМосква, 1 мая 2026 года\n"
        )
    source = tmp_path / "resolutions.md"
    source.write_text("# Резолюции\n\n" + "\n".join(parts), encoding="utf-8")
    pages = pdf_pages(build(source, tmp_path / "out", "pdf")["pdf"])
    for number in range(1, 13):
        page = next(page for page in pages if f"Комитет {number}\n" in page)
        before = page[: page.index(f"Комитет {number}\n")]
        assert f"Конец {number}." in before, (number, page)  # (the paragraph's last line on its page)


def _typed_a_line_a_paragraph() -> list[str]:
    """ARTICLE's paragraphs as a Word user types them: a poem a line a paragraph, an empty
    paragraph between its stanzas, the rest a paragraph each."""
    header, body = ARTICLE.split("\n\n", 1)[1].split("\n\n", 1)
    paragraphs = [header.split("\n")[1]]
    for chunk in body.split("\n\n"):
        if chunk.startswith(ZAPOVIT[:10]) or chunk.startswith("Поховайте"):
            paragraphs += [*chunk.split("\n"), ""]
        else:
            paragraphs.append(" ".join(chunk.split("\n")))
    return paragraphs


def test_a_poem_typed_a_line_a_paragraph_in_word_or_libreoffice_is_verse(tmp_path):
    import docx

    from conftest import odt_file, word_file

    paragraphs = _typed_a_line_a_paragraph()
    document = docx.Document()
    document.add_paragraph(paragraphs[0], style="Title")
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    word_file(document, tmp_path / "zapovit.docx")
    body = "".join(f"<text:p>{escape(paragraph)}</text:p>" for paragraph in paragraphs[1:])
    odt_file(tmp_path / "zapovit.odt", f'<text:h text:outline-level="1">{paragraphs[0]}</text:h>{body}')
    for source in (tmp_path / "zapovit.docx", tmp_path / "zapovit.odt"):
        blocks = read_source(source).blocks
        verse = [
            stanzas(block.children) for block in blocks if isinstance(block, Paragraph) and stanzas(block.children)
        ]
        assert [len(lines[0]) for lines in verse] == [8, 8], source.name  # (the two-line signature: no poem)
        assert plain_text(verse[1][0][-1]) == "Незлим тихим словом.", source.name
        prose = [
            plain_text(block.children)
            for block in blocks
            if isinstance(block, Paragraph) and not stanzas(block.children)
        ]
        assert any(text.startswith("Його останні строфи") for text in prose), source.name


def test_an_english_stanza_typed_a_line_a_paragraph_is_verse_and_a_list_of_labels_is_not(tmp_path):
    """Shelley, "The Mask of Anarchy" (1819), a stanza as a Word user types it, beside a list
    of short labels typed the same way (as many office test files have them)."""
    import docx

    from conftest import word_file

    stanza = ["Rise like Lions after slumber", "In unvanquishable number—", "Shake your chains to earth like dew",
              "Which in sleep had fallen on you—", "Ye are many—they are few."]  # fmt: skip
    labels = ["Distribution channels", "Retail", "Wholesale", "Your own sales force", "Agents"]
    document = docx.Document()
    document.add_paragraph("The Mask", style="Title")
    for paragraph in [
        "Written after Peterloo, it closes so:",
        *stanza,
        "It was not printed until 1832, thirteen years after the massacre it answers, and then in London.",
        *labels,
    ]:
        document.add_paragraph(paragraph)
    word_file(document, tmp_path / "mask.docx")
    blocks = read_source(tmp_path / "mask.docx").blocks
    verse = [stanzas(block.children) for block in blocks if isinstance(block, Paragraph) and stanzas(block.children)]
    assert [[plain_text(line) for line in lines[0]] for lines in verse] == [stanza]
    assert [plain_text(block.children) for block in blocks[-5:]] == labels  # (a paragraph each, as typed)


EPIGRAPH = """Рабочая газета

2026
Сто лет песни

Весь мир насилья мы разрушим
До основанья, а затем
Мы наш, мы новый мир построим, —
Кто был ничем, тот станет всем.

Русский текст гимна появился в 1902 году и с тех пор звучал на каждой демонстрации.

Его пели и в тюрьмах, и на съездах.
"""


def test_verse_opening_a_text_is_its_epigraph_and_the_prose_after_it_the_lead(tmp_path):
    source = tmp_path / "epigraph.txt"
    source.write_text(EPIGRAPH, encoding="utf-8")
    import docx

    from conftest import word_file

    paragraphs = [chunk.replace("\n", " ") for chunk in EPIGRAPH.split("\n\n")[2:]]
    document = docx.Document()
    document.add_paragraph("Сто лет песни", style="Title")
    stanza = document.add_paragraph()
    for number, line in enumerate(EPIGRAPH.split("\n\n")[2].split("\n")):
        run = stanza.add_run(line)
        if number < 3:
            run.add_break()  # Shift+Enter
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph.strip())
    word_file(document, tmp_path / "epigraph.docx")
    for path in (source, tmp_path / "epigraph.docx"):
        document_read = read_source(path)
        first, second = document_read.blocks[:2]
        assert isinstance(first, Paragraph) and len(stanzas(first.children)[0]) == 4, path.name
        assert isinstance(second, Lead) and plain_text(second.children).startswith("Русский текст"), path.name
        assert document_read.metadata.description.startswith("Русский текст"), path.name
