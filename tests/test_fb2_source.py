"""FictionBook as a source: a library's FB2 (windows-1251, epigraphs, poems, notes, pictures)
read into the model, our own FB2 editions read back without losing a word, hostile books refused."""

from __future__ import annotations

import base64
import difflib
import io
import zipfile

import pytest
from PIL import Image as Picture

from publish.errors import PublishError
from publish.model import Heading, Image, LineBreak, NoteRef, Paragraph, Quote, plain_text, walk_blocks
from publish.readers import read_source

from conftest import ARTICLE, FIXTURES, ROOT, SAMPLE, build, epubcheck, problems, words


def _png() -> str:
    buffer = io.BytesIO()
    Picture.new("RGB", (60, 40), (180, 30, 30)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


LIBRARY_BOOK = f"""<?xml version="1.0" encoding="windows-1251"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">
 <description>
  <title-info>
   <genre>sci_history</genre>
   <author><first-name>Мария</first-name><middle-name>Петровна</middle-name><last-name>Орлова</last-name></author>
   <book-title>Забастовка на Путиловском заводе</book-title>
   <annotation><p>Очерк о стачке 1905 года и о том, что из неё вышло.</p></annotation>
   <keywords>стачка, 1905, Петербург</keywords>
   <date value="1985-03-01">1985</date>
   <lang>ru</lang>
   <sequence name="Рабочая библиотека" number="12"/>
  </title-info>
  <publish-info><publisher>Издательство «Молот»</publisher><year>1985</year><isbn>978-5-02-013850-7</isbn></publish-info>
 </description>
 <body>
  <title><p>Забастовка на Путиловском заводе</p></title>
  <epigraph><p>Мы наш, мы новый мир построим.</p><text-author>Из песни</text-author></epigraph>
  <section>
   <title><p>Глава первая.</p><p>Начало</p></title>
   <p>В декабре 1904 года на заводе уволили четырёх рабочих<a l:href="#n1" type="note">[1]</a>.</p>
   <p>Собрание решило <emphasis>требовать</emphasis> их возвращения, и <strong>все цеха</strong> встали.</p>
   <empty-line/>
   <image l:href="#pic1"/>
   <section>
    <title><p>Требования</p></title>
    <p>Восьмичасовой рабочий день и отмена сверхурочных работ.</p>
    <cite><p>Мы, рабочие, пришли к тебе искать правды и защиты.</p><text-author>Петиция</text-author></cite>
   </section>
  </section>
  <section>
   <title><p>Глава вторая</p></title>
   <poem><title><p>Песня</p></title>
    <stanza><v>Вставай, проклятьем заклеймённый,</v><v>Весь мир голодных и рабов!</v></stanza>
   </poem>
   <p>Об этом подробно писала газета<a l:href="#n2" type="note">[2]</a>.</p>
  </section>
 </body>
 <body name="notes">
  <title><p>Примечания</p></title>
  <section id="n1"><title><p>1</p></title><p>Среди них был мастер Тетявкин.</p></section>
  <section id="n2"><title><p>2</p></title><p>«Новая жизнь», 1905, № 3.</p></section>
 </body>
 <binary id="pic1" content-type="image/png">{_png()}</binary>
</FictionBook>
"""


def test_a_library_book_in_windows_1251_is_read_whole(tmp_path):
    source = tmp_path / "putilov.fb2"
    source.write_bytes(LIBRARY_BOOK.encode("windows-1251"))
    document = read_source(source)
    meta = document.metadata
    assert meta.title == "Забастовка на Путиловском заводе"
    assert meta.authors == ("Мария Петровна Орлова",) and meta.language == "ru"
    assert meta.series == "Рабочая библиотека" and meta.series_number == "12"
    assert meta.publisher == "Издательство «Молот»" and meta.identifier == "urn:isbn:9785020138507"
    assert meta.iso_date == "1985-03-01" and meta.genre == "sci_history"
    assert meta.description.startswith("Очерк о стачке") and "1905" in meta.keywords
    blocks = list(walk_blocks(document.blocks))
    headings = [(block.level, plain_text(block.children)) for block in blocks if isinstance(block, Heading)]
    assert headings == [(2, "Глава первая. Начало"), (3, "Требования"), (2, "Глава вторая"), (3, "Песня")]
    quotes = [block for block in document.blocks if isinstance(block, Quote)]
    assert "Мы наш, мы новый мир построим." in plain_text(quotes[0].blocks[0].children)
    poem = next(block for block in blocks if isinstance(block, Paragraph) and "Вставай" in plain_text(block.children))
    assert any(isinstance(inline, LineBreak) for inline in poem.children)  # a verse a line
    assert [plain_text(note.blocks[0].children) for note in document.notes] == [
        "Среди них был мастер Тетявкин.",
        "«Новая жизнь», 1905, № 3.",
    ]
    calls = [
        inline
        for block in blocks
        if isinstance(block, Paragraph)
        for inline in block.children
        if isinstance(inline, NoteRef)
    ]
    assert [call.number for call in calls] == [1, 2]
    picture = next(block for block in blocks if isinstance(block, Image))
    assert picture.data.startswith(b"\x89PNG")

    built = build(source, tmp_path / "out", "epub", "pdf", "fb2")
    assert not problems(epubcheck(built["epub"]))
    assert "Тетявкин" in built["fb2"].read_text(encoding="utf-8")


def _in_order(original: list[str], read_back: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, original, read_back, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(original)


def _words_of(document) -> list[str]:
    blocks = [*document.blocks, *(block for note in document.notes for block in note.blocks)]
    found = []
    for block in walk_blocks(blocks):
        if hasattr(block, "children"):
            found += words(plain_text(block.children))
    return found


@pytest.mark.parametrize(
    "source", [SAMPLE, ARTICLE, FIXTURES / "collection" / "issue-5.book.toml", FIXTURES / "zbory.md"]
)
def test_our_own_fb2_editions_read_back_without_losing_a_word(tmp_path, source):
    built = build(source, tmp_path / "out", "fb2", "fb2.zip")
    from publish.build import BuildOptions, prepare

    original, _ = prepare(source, BuildOptions(project=ROOT))
    for edition in (built["fb2"], built["fb2.zip"]):
        back = read_source(edition)
        share = _in_order(_words_of(original), _words_of(back))
        assert share >= 0.99, (edition.name, share)
        assert back.metadata.title.split() == original.metadata.title.split()
        assert [name.split() for name in back.metadata.authors] == [name.split() for name in original.metadata.credited]
        assert len(back.notes) == len(original.notes)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("entities.fb2", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
         '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><description><title-info>'
         "<book-title>&b;</book-title></title-info></description><body><p>x</p></body></FictionBook>", None),
        ("broken.fb2", '<?xml version="1.0"?>\n<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">\n<body><p>x</body>',
         "broken.fb2:3: not well-formed XML"),
        ("notabook.fb2", '<?xml version="1.0"?><html><body><p>x</p></body></html>', "its root element is not <FictionBook>"),
        ("nodescription.fb2", '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body><p>x</p></body></FictionBook>',
         "no <title-info>"),
    ],
)  # fmt: skip
def test_hostile_and_broken_books_are_refused_or_read_without_expansion(tmp_path, name, content, said):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    if said is None:  # entities are never expanded: the title is the text around them, nothing more
        assert "aaaa" not in read_source(source).metadata.title
        return
    with pytest.raises(PublishError) as caught:
        read_source(source)
    assert said in str(caught.value)


def test_a_zipped_book_must_hold_one_book_within_the_budgets(tmp_path):
    two = tmp_path / "two.fb2.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.fb2", LIBRARY_BOOK)
        archive.writestr("b.fb2", LIBRARY_BOOK)
    with pytest.raises(PublishError, match="holds one .fb2 book; this one holds 2"):
        read_source(two)
    bomb = tmp_path / "bomb.fb2.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "bomb.fb2", LIBRARY_BOOK.replace("</FictionBook>", " " * (70 * 1024 * 1024) + "</FictionBook>")
        )
    with pytest.raises(PublishError, match="unpacks to over"):
        read_source(bomb)


def test_an_fb2_under_another_name_is_said_to_be_one(tmp_path):
    source = tmp_path / "book.txt"
    source.write_text(LIBRARY_BOOK, encoding="utf-8")
    with pytest.raises(PublishError, match="name it .fb2"):
        read_source(source)


def test_comments_in_a_book_are_skipped_wherever_they_stand(tmp_path):
    """An XML comment inside a section, beside its title, or in a poem (editors leave notes
    to each other so) is not text, and no reason to refuse the book: it was read as an element
    and the build failed with an internal error."""
    book = tmp_path / "commented.fb2"
    book.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">'
        "<description><title-info><book-title>Сборник</book-title><lang>ru</lang></title-info></description>"
        "<body><section><!-- сверить --><title><p>Глава</p></title><!-- ещё раз --><p>Текст главы.</p>"
        "<poem><stanza><v>Строка стиха</v></stanza><!-- автор? --><text-author>Автор</text-author></poem>"
        "</section></body></FictionBook>",
        encoding="utf-8",
    )
    document = read_source(book)
    text = " ".join(plain_text(block.children) for block in walk_blocks(document.blocks) if hasattr(block, "children"))
    assert "Глава" in text and "Текст главы." in text and "Строка стиха" in text and "Автор" in text
    assert "сверить" not in text
