"""Readers: the sample's layout, Markdown with front matter, encodings, and bad input."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from publish.check import check_source
from publish.errors import PublishError
from publish.model import (
    Emphasis,
    Heading,
    Image,
    Lead,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    Rule,
    Shifted,
    Sidebar,
    Text,
    plain_text,
)
from publish.readers import read_source
from publish.readers.metadata import summary

from conftest import ARTICLE, FIXTURES, SAMPLE, build

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- plain text ------------------------------------------------------------------------------


def test_sample_metadata_comes_from_its_header():
    meta = read_source(SAMPLE).metadata
    assert meta.publisher == "Интернациональная коммунистическая партия"
    assert meta.authors == ()  # a publisher is not an author: none rather than a guess
    assert meta.date == "2022" and meta.iso_date == "2022"
    assert meta.title == "В Казахстане рабочий класс показал, на что он способен и что он будет делать"
    assert meta.language == "ru"
    assert meta.description.startswith("Пролетарские массы Казахстана возглавили")


def test_sample_first_paragraph_is_the_lead_and_the_rest_follow_in_order():
    document = read_source(SAMPLE)
    assert isinstance(document.blocks[0], Lead)
    assert all(isinstance(block, Paragraph) for block in document.blocks[1:])
    source_paragraphs = [p for p in SAMPLE_TEXT.split("\n\n")[2:] if p.strip()]
    assert len(document.blocks) == len(source_paragraphs)
    assert document.blocks[-1].children == (Text(source_paragraphs[-1].strip()),)


def test_plain_text_lines_inside_a_paragraph_are_wrapping(tmp_path):
    path = write(tmp_path, "a.txt", "Издатель\n\n2024\nЗаголовок\n\nПервая строка\nвторая строка.\n\nЕщё абзац.\n")
    document = read_source(path)
    assert document.blocks[0] == Lead((Text("Первая строка вторая строка."),))
    assert document.blocks[1] == Paragraph((Text("Ещё абзац."),))


def test_plain_text_without_header_takes_its_first_line_as_title(tmp_path):
    path = write(tmp_path, "note.txt", "Short title\n\nThe first paragraph of the text.\n\nThe second one.\n")
    document = read_source(path)
    assert document.metadata.title == "Short title"
    assert document.metadata.language == "en"
    assert document.metadata.publisher == ""
    assert len(document.blocks) == 2


def test_plain_text_opening_with_a_sentence_is_named_after_its_file(tmp_path):
    """A text whose first line is a sentence of it (several words and a full stop) has no title
    line: that sentence was taken for the title and left the text. Short lines still are."""
    path = write(
        tmp_path,
        "zayavlenie.txt",
        "Мы, рабочие цеха номер пять, объявляем забастовку с понедельника.\n\nВторой абзац.\n",
    )
    document = read_source(path)
    assert document.metadata.title == "zayavlenie"
    assert plain_text(document.blocks[0].children).startswith("Мы,")
    assert (
        read_source(write(tmp_path, "b.txt", "Заявление стачкома.\n\nТекст.\n")).metadata.title == "Заявление стачкома."
    )


def test_language_given_overrides_detection(tmp_path):
    path = write(tmp_path, "a.txt", "Заголовок\n\nТекст статьи.\n")
    assert read_source(path, language="uk").metadata.language == "uk"


def test_empty_source_is_an_error_naming_the_file(tmp_path):
    path = write(tmp_path, "empty.txt", "  \n\n")
    with pytest.raises(PublishError) as raised:
        read_source(path)
    assert raised.value.path == path
    assert "empty" in str(raised.value)
    assert str(raised.value).startswith(f"{path}:1:")


def test_title_without_text_is_an_error_with_a_line(tmp_path):
    path = write(tmp_path, "title.txt", "Издатель\n\n2024\nЗаголовок\n")
    with pytest.raises(PublishError) as raised:
        read_source(path)
    assert "no text" in raised.value.message
    assert raised.value.line == 5


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(PublishError, match="cannot read"):
        read_source(tmp_path / "absent.txt")


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-16", "utf-8-sig"])
def test_encodings_translators_use_are_read_correctly(tmp_path, encoding):
    path = write(tmp_path, SAMPLE.name, SAMPLE_TEXT.encode(encoding))  # the identifier comes from the name
    assert read_source(path) == read_source(SAMPLE)


def test_windows_and_old_mac_line_endings_are_normalised(tmp_path):
    for ending in ("\r\n", "\r"):
        path = write(tmp_path, "crlf.txt", SAMPLE_TEXT.replace("\n", ending))
        assert read_source(path).blocks == read_source(SAMPLE).blocks


def test_binary_content_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "binary.txt", b"Title\n\nText\n\x00\x01\x02")
    with pytest.raises(PublishError, match="binary") as raised:
        read_source(path)
    assert raised.value.line == 4


def test_utf16_bom_is_not_mistaken_for_binary(tmp_path):
    path = write(tmp_path, "u16.txt", codecs.BOM_UTF16_LE + "Заголовок\n\nТекст.\n".encode("utf-16-le"))
    assert read_source(path).metadata.title == "Заголовок"


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_front_matter_fills_the_metadata():
    meta = read_source(ARTICLE).metadata
    assert meta.title == 'Рабочее движение и "новые" профсоюзы'
    assert meta.subtitle == "Заметки к дискуссии"
    assert meta.authors == ("Редакция журнала",)
    assert meta.date == "2023-03-08"
    assert meta.rights.startswith("©")
    assert meta.language == "ru"


def test_markdown_blocks_and_inlines():
    document = read_source(ARTICLE)
    kinds = [type(block) for block in document.blocks]
    assert kinds.count(Heading) == 2
    assert Quote in kinds and ListBlock in kinds and Image in kinds and Rule in kinds
    first = document.blocks[0]
    assert isinstance(first, Paragraph)
    assert Emphasis((Text("оборонительные"),)) in first.children
    assert NoteRef(1) in first.children
    ordered = next(b for b in document.blocks if isinstance(b, ListBlock) and b.ordered)
    assert len(ordered.items) == 3


def test_markdown_footnotes_are_collected_in_order():
    notes = read_source(ARTICLE).notes
    assert len(notes) == 2
    assert notes[0].blocks[0].children[0].text.startswith("См. первые уставы")
    assert notes[1].blocks[0].children[0].text.startswith("По данным")


def test_a_chapter_heading_is_not_taken_for_the_title(tmp_path):
    path = write(tmp_path, "two-chapters.md", "# One\n\nText.\n\n# Two\n\nText.\n")
    document = read_source(path)
    assert document.metadata.title == "two chapters"
    assert sum(isinstance(block, Heading) for block in document.blocks) == 2


def test_markdown_title_falls_back_to_the_first_heading(tmp_path):
    path = write(tmp_path, "a.md", "# The Heading\n\nSome text here.\n")
    document = read_source(path)
    assert document.metadata.title == "The Heading"
    assert document.blocks == (Paragraph((Text("Some text here."),)),)


def test_raw_html_in_markdown_stays_text(tmp_path):
    path = write(tmp_path, "a.md", "Text <script>alert(1)</script> and <b>bold</b>.\n\n<div>block</div>\n")
    document = read_source(path)
    text = "".join(inline.text for block in document.blocks for inline in block.children)
    assert "<script>alert(1)</script>" in text
    assert "<div>block</div>" in text


def test_bad_front_matter_names_the_line(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: ok\nauthor: [unclosed\n---\n\nText.\n")
    with pytest.raises(PublishError, match="YAML") as raised:
        read_source(path)
    assert raised.value.line in (3, 4, 5)


def test_unknown_front_matter_key_is_a_warning(tmp_path, caplog):
    path = write(tmp_path, "a.md", "---\ntitle: T\ncolour: red\n---\n\nText.\n")
    read_source(path)
    assert "colour" in caplog.text


def test_missing_image_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "a.md", "# T\n\nText.\n\n![alt](nowhere.png)\n")
    with pytest.raises(PublishError, match="nowhere.png") as raised:
        read_source(path)
    assert raised.value.line == 5


def test_utf16_text_starting_with_nul_is_not_taken_for_utf32(tmp_path):
    path = write(tmp_path, "u16.txt", "\x00Заголовок\n\nТекст.\n".encode("utf-16"))
    assert read_source(path).metadata.title == "Заголовок"


def test_a_bad_byte_order_mark_is_an_error(tmp_path):
    path = write(tmp_path, "bad.txt", codecs.BOM_UTF8 + b"ok\n\xff\xfe broken")
    with pytest.raises(PublishError, match="not valid") as raised:
        read_source(path)
    assert raised.value.line == 2


def test_plain_text_with_title_then_a_date_alone(tmp_path):
    path = write(tmp_path, "a.txt", "Заголовок статьи\n\n05.01.2022\n\nПервый абзац.\n\nВторой.\n")
    meta = read_source(path).metadata
    assert (meta.title, meta.date, meta.publisher) == ("Заголовок статьи", "05.01.2022", "")
    assert len(read_source(path).blocks) == 2


def test_metadata_is_made_regular_by_the_readers(tmp_path):
    source = tmp_path / "dated.md"
    source.write_text("---\ntitle: Т\nlang: RU_ru\ndate: 05.01.2022\n---\n\nТекст.\n", encoding="utf-8")
    meta = read_source(source).metadata
    assert meta.language == "ru-RU"
    assert meta.date == "05.01.2022" and meta.iso_date == "2022-01-05"  # the cover's year: 2022, not "05.0"
    assert meta.identifier.startswith("urn:uuid:")


def test_a_missing_cover_is_reported_at_its_own_line(tmp_path):
    source = tmp_path / "covered.md"
    source.write_text("---\ntitle: Т\nlang: ru\nauthor: А\ncover: нет.png\n---\n\nТекст.\n", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        read_source(source)
    assert error.value.line == 5 and "cover image 'нет.png' does not exist" in error.value.message


def test_plain_text_lists_dialogue_and_section_breaks(tmp_path):
    from publish.model import ListBlock, Rule

    path = write(tmp_path, "lists.txt", (FIXTURES / "planted.txt").read_text(encoding="utf-8"))
    blocks = read_source(path).blocks
    kinds = [type(block).__name__ for block in blocks]
    assert kinds == ["Lead", "Paragraph", "ListBlock", "Paragraph", "Paragraph", "Paragraph", "Rule", "Paragraph"]
    numbered = blocks[2]
    assert isinstance(numbered, ListBlock) and numbered.ordered and numbered.start == 1
    assert [item[0].children[0].text for item in numbered.items] == ["отмена приказа;", "индексация зарплаты."]
    assert (
        blocks[3].children[0].text == "Один пункт сам по себе: - единственный пункт без пары."
    )  # one marker: wrapping
    assert [blocks[4].children[0].text, blocks[5].children[0].text] == [
        "- Будет ли ответ? - спросил один.", "- Будет, - ответил другой."
    ]  # fmt: skip
    assert isinstance(blocks[6], Rule)


def test_plain_text_items_run_on_and_bullets_need_small_letters(tmp_path):
    from publish.model import ListBlock

    text = (
        "Заголовок\n\nЛид.\n\nПлан:\n3. первый пункт,\nпродолжение первого;\n4. второй.\n\n"
        "Список:\n• один\n• два\n- три с дефисом\n\nОбычный абзац,\n— как видите, с тире в начале строки.\n"
    )
    blocks = read_source(write(tmp_path, "items.txt", text)).blocks
    ordered = blocks[2]
    assert isinstance(ordered, ListBlock) and ordered.start == 3
    assert ordered.items[0][0].children[0].text == "первый пункт, продолжение первого;"
    bullets = blocks[4]
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    assert [item[0].children[0].text for item in bullets.items] == ["один", "два", "три с дефисом"]
    assert blocks[5].children[0].text == "Обычный абзац, — как видите, с тире в начале строки."


def test_the_samples_layout_reads_as_before(tmp_path):
    from publish.model import Lead, Paragraph

    blocks = read_source(SAMPLE).blocks
    assert isinstance(blocks[0], Lead) and all(isinstance(block, Paragraph) for block in blocks[1:])


# --- a description made from the lead -----------------------------------------------------------

LONG_LEAD = (
    "Восени 2025 року робітники трьох шахт Павлоградського басейну відмовилися спускатися під землю, "
    "поки їм не виплатять заборговану за п'ять місяців зарплату. За тиждень до них приєдналися "
    "ремонтники залізничного депо та водії міських автобусів. Профспілка, яку очолює Г. М. Ткаченко, "
    "спершу закликала чекати на переговори в столиці, але збори на шахті «Степова» ухвалили інше: "
    "страйк триває, доки гроші не надійдуть на картки. Адміністрація погрожувала звільненнями, "
    "проте жодного наказу так і не підписала. Ця стаття розповідає, як страйкарі організували "
    "чергування, каси взаємодопомоги та зв'язок між підприємствами, чого навчилися за ці тижні "
    "і чому їхній досвід важливий для всіх, хто працює за наймом у країні, де війна стала "
    "приводом відкладати будь-які вимоги робітників на потім."
)


def test_a_long_lead_gives_a_description_of_its_first_sentences(tmp_path):
    path = write(tmp_path, "strike.txt", f"Видавець\n\n2025\nСтрайк у Павлограді\n\n{LONG_LEAD}\n\nДругий абзац.\n")
    document = read_source(path)
    description = document.metadata.description
    assert document.blocks[0] == Lead((Text(LONG_LEAD),))  # the text itself is all there
    assert 200 < len(description) <= 500 and LONG_LEAD.startswith(description)
    assert description.endswith("на картки.")  # whole sentences, not cut after the initials "Г. М."


def test_a_description_from_one_long_sentence_is_cut_at_a_word():
    sentence = "Слово " * 150 + "кінець."
    description = summary(sentence)
    assert len(description) <= 500 and description.endswith("Слово…")
    assert summary("  Короткий   лід.\n") == "Короткий лід."
    initials = "Перше речення про страйк. Його підтримав Г. Ткаченко, і " + "далі слово " * 60
    assert summary(initials) == "Перше речення про страйк."  # not "…підтримав Г."


def test_every_edition_describes_a_text_with_a_long_lead_by_its_summary(tmp_path):
    from pypdf import PdfReader

    source = write(tmp_path, "strike.txt", f"Видавець\n\n2025\nСтрайк у Павлограді\n\n{LONG_LEAD}\n\nДругий абзац.\n")
    built = build(source, tmp_path / "out", "epub", "pdf", "html")
    with zipfile.ZipFile(built["epub"]) as epub:
        package = etree.fromstring(epub.read("EPUB/content.opf"))
    descriptions = {
        "pdf": PdfReader(built["pdf"]).metadata.subject,
        "epub": package.findtext(".//{http://purl.org/dc/elements/1.1/}description"),
        "html": etree.HTML(built["html"].read_bytes()).xpath("//meta[@name='description']/@content")[0],
    }
    for edition, description in descriptions.items():
        description = description.replace("\u00a0", " ")  # typography's no-break spaces
        assert description.startswith("Восени 2025") and description.endswith("на картки."), edition
        assert len(description) <= 500, edition


def test_list_markers_are_read_as_written(tmp_path):
    """ "1)" stays "1)", "1." the usual; a lettered list keeps its letters and gets no bullet."""
    markdown = tmp_path / "lists.md"
    markdown.write_text("Текст:\n\n1) раз;\n2) два.\n\nИ:\n\n3. три;\n4. четыре.\n", encoding="utf-8")
    lists = [block for block in read_source(markdown).blocks if isinstance(block, ListBlock)]
    assert [(block.marker, block.start) for block in lists] == [(")", 1), ("", 3)]
    plain = tmp_path / "lists.txt"
    plain.write_text(
        "Заголовок\n\nВводный абзац.\n\nСписок:\n1) раз;\n2) два.\n\nВарианты:\nа) да;\nб) нет.\n", encoding="utf-8"
    )
    lists = [block for block in read_source(plain).blocks if isinstance(block, ListBlock)]
    assert [(block.ordered, block.marker) for block in lists] == [(True, ")"), (False, "none")]


def test_html_text_after_an_embed_or_inside_a_wbr_word_is_kept(tmp_path):
    """libxml2's HTML 4 parser took `<embed>` and `<wbr>` for containers: everything after an
    `<embed>` up to the end of its parent was dropped with it."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>Заголовок</h1><p>Начало.</p><embed src='clip.swf'>"
        "<p>Длинное<wbr>слово и <b>жирное</b>.</p><p>Конец страницы.</p></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    texts = ["".join(i.text for i in block.children if isinstance(i, Text)) for block in document.blocks]
    assert texts[-2:] == ["Длинноеслово и .", "Конец страницы."]


def test_odt_headings_numbered_as_an_outline_list_stay_headings(tmp_path):
    """LibreOffice numbers chapters (1, 1.1, 2) by putting each heading in an outline list:
    they were read as list items, and the book had no headings, sections or contents."""
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def numbered(level: int, words: str) -> str:
        heading = f'<text:h text:outline-level="{level}">{words}</text:h>'
        for _ in range(level):
            heading = f"<text:list><text:list-item>{heading}</text:list-item></text:list>"
        return heading

    body = (
        numbered(1, "Первая глава") + "<text:p>Текст первой главы.</text:p>"
        + numbered(2, "Раздел") + "<text:p>Текст раздела.</text:p>"
        + numbered(1, "Вторая глава") + "<text:p>Текст второй главы.</text:p>"
    )  # fmt: skip
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    source = tmp_path / "chapters.odt"
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
    document = read_source(source)
    assert [(block.level, block.children[0].text) for block in document.blocks if isinstance(block, Heading)] == [
        (1, "Первая глава"), (2, "Раздел"), (1, "Вторая глава")
    ]  # fmt: skip
    assert not any(isinstance(block, ListBlock) for block in document.blocks)


def test_pandocs_markdown_extensions_are_read_or_said_with_their_line(tmp_path, caplog):
    """`# Title {#id}`, `::: note` … `:::`, `H~2~O` and `10^5^` stayed literal with no word:
    braces in a heading, fence lines as paragraphs. Heading attributes are dropped, a fenced
    div is read as its content (said by build and by check), an index and a power are read."""
    from click.testing import CliRunner

    from publish.cli import cli

    source = tmp_path / "pandoc.md"
    source.write_text(
        "# Статья {#top}\n\nТекст H~2~O и 10^5^.\n\n## Раздел {#part .special}\n\n"
        "::: {.note}\nВнутри блока.\n:::\n\n```\n::: code\n```\n\nКонец `a^b^c`.\n",
        encoding="utf-8",
    )
    document = read_source(source)
    assert document.metadata.title == "Статья"
    texts = [plain_text(block.children) for block in document.blocks if isinstance(block, Paragraph | Heading)]
    assert texts == ["Текст H2O и 105.", "Раздел", "Внутри блока.", "Конец a^b^c."]
    assert document.blocks[0].children[1:4] == (
        Shifted("sub", (Text("2"),)),
        Text("O и 10"),
        Shifted("super", (Text("5"),)),
    )
    said = [record.getMessage() for record in caplog.records]
    assert not any(":3:" in message for message in said)
    assert any(":7: a fenced div (:::) other than a sidebar is read as its content" in message for message in said)
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert "pandoc.md:3:1: S006" not in result.output and "pandoc.md:7:1: S006 warning" in result.output
    assert ":12:" not in result.output and ":15:" not in result.output  # code is not looked into


def test_a_sidebar_fence_is_a_sidebar_and_other_fences_around_it_are_said(tmp_path, caplog):
    """Pandoc's `::: sidebar` (or `::: {.sidebar}`, `::: aside`) is a sidebar, read whole with
    what it holds — a heading, a list, a div of another class inside it, whose fences are
    said and dropped; the fences that close each are told apart."""
    source = tmp_path / "fence.md"
    source.write_text(
        "Начало.\n\n::: {.sidebar #fund}\n## Фонд\n\n- взносы\n- пожертвования\n\n::: note\nВнутри.\n:::\n"
        ":::\n\n::: warning\nПосле.\n:::\n\nКонец.\n",
        encoding="utf-8",
    )
    document = read_source(source)
    sidebars = [block for block in document.blocks if isinstance(block, Sidebar)]
    assert len(sidebars) == 1
    inside = sidebars[0].blocks
    assert [type(block).__name__ for block in inside] == ["Heading", "ListBlock", "Paragraph"]
    assert plain_text(inside[2].children) == "Внутри."
    after = [plain_text(b.children) for b in document.blocks if isinstance(b, Paragraph)]
    assert after == ["Начало.", "После.", "Конец."]
    said = " ".join(record.getMessage() for record in caplog.records)
    assert ":9: a fenced div" in said and ":3:" not in said and ":13:" not in said
    boxed = tmp_path / "boxed.md"  # a sidebar's heading heads the sidebar: no level skipped in the text
    boxed.write_text("# Статья\n\nТекст.\n\n::: sidebar\n### Фонд\n\nВзносы.\n:::\n", encoding="utf-8")
    assert [finding.code for finding in check_source(boxed) if finding.code.startswith("S")] == []


def _teaser_page(story_in_article: bool) -> str:
    cards = "".join(
        f'<article class="card"><h3><a href="/n/{n}">Заголовок новости {n}</a></h3>'
        f'<p><a href="/n/{n}">Коротко о новости номер {n}, подробнее по ссылке.</a></p></article>'
        for n in range(8)
    )
    paragraphs = "".join(
        f"<p>Абзац {n} основного текста: рабочие завода продолжают стачку, требуя повышения зарплаты "
        f"и возвращения уволенных товарищей, и профсоюз поддерживает их требования.</p>"
        for n in range(6)
    )
    story = (
        f'<article class="story">{paragraphs}</article>'
        if story_in_article
        else f'<div class="story">{paragraphs}</div>'
    )
    return (
        f'<html lang="ru"><head><title>Стачка</title></head><body><nav><a href="/">Главная</a></nav>'
        f'<main><h1>Стачка на заводе</h1>{story}<section class="related">{cards}</section></main>'
        f"<aside>{cards}</aside></body></html>"
    )


@pytest.mark.parametrize("story_in_article", [True, False])
def test_a_web_pages_story_is_taken_not_its_teaser_cards(tmp_path, story_in_article):
    """The longest <article> won even when every article was a teaser card: a page kept 0.7 %
    of its story. The element with the most prose (paragraph text that is not link text) wins."""
    page = tmp_path / "page.html"
    page.write_text(_teaser_page(story_in_article), encoding="utf-8")
    document = read_source(page)
    texts = [plain_text(block.children) for block in document.blocks if isinstance(block, Paragraph | Lead)]
    assert sum("основного текста" in text for text in texts) == 6
    assert not any("Коротко о новости" in text for text in texts)


def _lists_and_paragraphs(path: Path) -> list[tuple[str, list[str]]]:
    return [
        ("list", [" ".join(filter(None, (b.label(i), plain_text(item[0].children)))) for i, item in enumerate(b.items)])
        if isinstance(b, ListBlock)
        else ("p", [plain_text(b.children)])
        for b in read_source(path).blocks if isinstance(b, ListBlock | Paragraph)
    ]  # fmt: skip


def test_lettered_and_roman_items_in_markdown_are_a_list(tmp_path):
    """Markdown has no "а)" list (Pandoc's fancy lists have Latin letters only): the lines ran
    together into one paragraph, "а) … б) … в) …". Lines or paragraphs that each open with the
    next label are a list whose items keep their labels; initials and a lone "a)" are text."""
    source = tmp_path / "demands.md"
    source.write_text(
        "Комитет требует:\n\nа) сократить неделю;\nб) поднять ставки;\nв) вернуть уволенных.\n\n"
        "Порядок:\n\ni. Комитет передаёт требования.\n\nii. Администрация отвечает.\n\n"
        "А. С. Пушкин писал.\nБ. Н. Ельцин тоже.\n\na) One line alone.\n\nI. Organise.\nIII. Win.\n",
        encoding="utf-8",
    )
    assert _lists_and_paragraphs(source) == [
        ("p", ["Комитет требует:"]),
        ("list", ["а) сократить неделю;", "б) поднять ставки;", "в) вернуть уволенных."]),
        ("p", ["Порядок:"]),
        ("list", ["i. Комитет передаёт требования.", "ii. Администрация отвечает."]),
        ("p", ["А. С. Пушкин писал. Б. Н. Ельцин тоже."]),
        ("p", ["a) One line alone."]),
        ("p", ["I. Organise. III. Win."]),  # (not counting on: text)
    ]
    lettered = next(b for b in read_source(source).blocks if isinstance(b, ListBlock))
    assert lettered.labels == ("а)", "б)", "в)")  # (apart from the words, to hang where a number would)
    assert plain_text(lettered.items[0][0].children) == "сократить неделю;"
