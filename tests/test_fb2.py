"""The FB2 edition: valid FictionBook 2.1 (the schema copied into tests/schemas), with its
description, sections, notes linked both ways, pictures inside, and no soft hyphens."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ARTICLE, ROOT, SAMPLE, build

SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "schemas" / "fictionbook-2.1" / "FictionBook.xsd")))
NS = {"f": "http://www.gribuser.ru/xml/fictionbook/2.0", "l": "http://www.w3.org/1999/xlink"}
HREF = "{http://www.w3.org/1999/xlink}href"

EDGES = """---
title: Краевые случаи
author: Иван Петров
date: 2026-11-25
---

![Картинка первой](pic.png)

Текст до первого заголовка, "в кавычках".

## Часть первая

Текст рядом с подразделом.[^1]

### Подраздел

Стихи:\\
Первая строка,\\
Вторая строка.

> Цитата
>
> > цитата в цитате с *примечанием*[^2]

```
код -- как есть
```

## Часть вторая

> Пролетариям нечего в ней терять, кроме своих цепей.

См. [ссылку со сноской[^1]](https://example.org).

[^1]: Первое примечание.
[^2]: Второе.
"""


def valid(path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    assert SCHEMA.validate(tree), SCHEMA.error_log
    return tree


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fb2")
    (folder / "pic.png").write_bytes((ARTICLE.parent / "banner.png").read_bytes())
    (folder / "edges.md").write_text(EDGES, encoding="utf-8")
    return {
        source.stem: build(source, folder / "out", "fb2", "fb2.zip")
        for source in (SAMPLE, ARTICLE, folder / "edges.md")
    }


def test_every_edition_is_valid_fictionbook(editions):
    for built in editions.values():
        valid(built["fb2"])


def test_the_description_says_what_a_library_shows(editions):
    tree = valid(editions["kazakhstan-2022"]["fb2"])
    info = tree.find("f:description/f:title-info", NS)
    assert info.findtext("f:genre", namespaces=NS) == "sci_politics"
    assert info.findtext("f:book-title", namespaces=NS).startswith("В Казахстане рабочий класс")
    assert info.findtext("f:author/f:nickname", namespaces=NS) == "Интернациональная коммунистическая партия"
    assert info.findtext("f:annotation/f:p", namespaces=NS).startswith("Пролетарские массы Казахстана")
    assert info.findtext("f:lang", namespaces=NS) == "ru"
    cover = info.find("f:coverpage/f:image", NS).get(HREF).lstrip("#")
    binary = tree.find(f"f:binary[@id='{cover}']", NS)
    assert binary.get("content-type") == "image/png"
    assert base64.b64decode(binary.text).startswith(b"\x89PNG")
    document = tree.find("f:description/f:document-info", NS)
    assert document.findtext("f:program-used", namespaces=NS).startswith("publish ")
    assert document.findtext("f:id", namespaces=NS).startswith("urn:")
    article = valid(editions["article"]["fb2"]).find("f:description/f:title-info", NS)
    assert article.findtext("f:date", namespaces=NS) == "2023-03-08"
    assert article.find("f:date", NS).get("value") == "2023-03-08"
    assert article.findtext("f:keywords", namespaces=NS) == "профсоюзы, рабочее движение"


def test_typography_applied_and_no_soft_hyphen(editions):
    for built in editions.values():
        text = built["fb2"].read_text(encoding="utf-8")
        assert "\u00ad" not in text
    sample = editions["kazakhstan-2022"]["fb2"].read_text(encoding="utf-8")
    assert "«" in sample and '"' not in "".join(valid(editions["kazakhstan-2022"]["fb2"]).getroot().itertext())


def test_headings_are_nested_sections_and_text_beside_a_subsection_gets_its_own(editions):
    body = valid(editions["edges"]["fb2"]).find("f:body", NS)
    sections = body.findall("f:section", NS)
    assert [section.findtext("f:title/f:p", namespaces=NS) for section in sections] == [
        None, "Часть первая", "Часть вторая"
    ]  # fmt: skip
    first = sections[1].findall("f:section", NS)
    assert first[0].find("f:title", NS) is None and "рядом с\u00a0подразделом" in "".join(first[0].itertext())
    assert first[1].findtext("f:title/f:p", namespaces=NS) == "Подраздел"
    assert [v.text for v in first[1].iterfind(".//f:poem/f:stanza/f:v", NS)] == [
        "Стихи:", "Первая строка,", "Вторая строка."
    ]  # fmt: skip
    assert first[1].find("f:cite", NS) is not None
    assert first[1].findtext("f:p/f:code", namespaces=NS) == "код -- как есть"
    assert sections[0].find("f:image", NS) is not None  # the picture before the first heading, inside
    epigraph = sections[2].find("f:epigraph", NS)  # a quotation that opens a section
    assert epigraph is not None and "цепей" in "".join(epigraph.itertext())
    assert sections[2].find("f:cite", NS) is None


def test_notes_are_linked_both_ways(editions):
    tree = valid(editions["edges"]["fb2"])
    notes = tree.find("f:body[@name='notes']", NS)
    assert [section.get("id") for section in notes.findall("f:section", NS)] == ["n1", "n2"]
    references = tree.findall("f:body[1]//f:a[@type='note']", NS)
    assert [a.get(HREF) for a in references] == ["#n1", "#n2", "#n1"]  # the first note twice
    for section in notes.findall("f:section", NS):
        back = section.find("f:p/f:a", NS).get(HREF).lstrip("#")
        paragraph = tree.find(f"f:body[1]//f:p[@id='{back}']", NS)
        assert paragraph is not None and paragraph.find(f".//f:a[@l:href='#{section.get('id')}']", NS) is not None


def test_the_zipped_edition_is_the_same_book_and_builds_are_identical(editions, tmp_path, monkeypatch):
    built = editions["article"]
    with zipfile.ZipFile(built["fb2.zip"]) as archive:
        assert archive.namelist() == ["article.fb2"]
        assert archive.read("article.fb2") == built["fb2"].read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(ARTICLE, tmp_path / "a", "fb2.zip")["fb2.zip"].read_bytes()
    second = build(ARTICLE, tmp_path / "b", "fb2.zip")["fb2.zip"].read_bytes()
    assert first == second


def test_every_edition_describes_a_page_alike(tmp_path):
    """A page with a meta description and a lead: the web page and the EPUB said the one, the
    FB2's annotation the other. One rule now (publish.readers.metadata): the declared one."""
    import re

    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="ru"><head><title>Заголовок</title>'
        '<meta name="description" content="Краткое описание статьи для поиска."></head><body><article>'
        '<h1>Заголовок</h1><p class="lead">Лид статьи, совсем другой текст.</p><p>Текст статьи.</p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    built = build(page, tmp_path / "out", "html", "epub", "fb2")
    fb2 = etree.parse(str(built["fb2"])).getroot()
    annotation = "".join(fb2.find(".//f:annotation", NS).itertext())
    web = re.search(r'<meta name="description" content="([^"]*)"', built["html"].read_text(encoding="utf-8"))[1]
    with zipfile.ZipFile(built["epub"]) as book:
        opf = book.read("EPUB/content.opf").decode()
    epub = re.search(r"<dc:description>([^<]*)</dc:description>", opf)[1]
    said = {" ".join(text.replace("\u00a0", " ").split()) for text in (annotation, web, epub)}  # FB2: searchable
    assert len(said) == 1, said
    assert "Краткое описание" in annotation and "Лид" not in annotation


def test_every_edition_names_the_same_maker(tmp_path):
    """An unsigned statement: the EPUB had no creator (readers shelved it under "Unknown") and
    the FB2 named the publisher. One rule now (Metadata.credited): its authors, else its
    publisher, in the EPUB, FB2, PDF and web page alike."""
    import re

    from pypdf import PdfReader

    built = build(SAMPLE, tmp_path / "out", "epub", "fb2", "pdf", "html")
    party = "Интернациональная коммунистическая партия"
    with zipfile.ZipFile(built["epub"]) as book:
        creators = re.findall(r"<dc:creator[^>]*>([^<]*)<", book.read("EPUB/content.opf").decode())
    fb2 = etree.parse(str(built["fb2"])).getroot()
    authors = ["".join(a.itertext()).strip() for a in fb2.findall("f:description/f:title-info/f:author", NS)]
    web = re.search(r'<meta name="author" content="([^"]*)"', built["html"].read_text(encoding="utf-8"))[1]
    assert creators == authors == [party] and web == PdfReader(built["pdf"]).metadata["/Author"] == party
    signed = build(ARTICLE, tmp_path / "signed", "epub", "fb2")
    with zipfile.ZipFile(signed["epub"]) as book:
        creators = re.findall(r"<dc:creator[^>]*>([^<]*)<", book.read("EPUB/content.opf").decode())
    fb2 = etree.parse(str(signed["fb2"])).getroot()
    authors = ["".join(a.itertext()).strip() for a in fb2.findall("f:description/f:title-info/f:author", NS)]
    assert creators == authors == ["Редакция журнала"]


def test_the_fb2_genre_is_the_sources_or_the_kind_of_book(tmp_path):
    """FB2's genre was always sci_politics. Front matter, a collection or publish.toml's
    [metadata] name one of FictionBook's; a journal's issue is "periodic"; a misspelt one is an
    error with the genre meant."""
    from publish.errors import PublishError

    def genre(path: Path) -> str:
        fb2 = etree.parse(str(path)).getroot()
        return fb2.findtext("f:description/f:title-info/f:genre", namespaces=NS)

    source = tmp_path / "essay.md"
    source.write_text("---\ntitle: Очерк\ngenre: nonf_publicism\n---\n\nТекст очерка.\n", encoding="utf-8")
    assert genre(build(source, tmp_path / "a", "fb2")["fb2"]) == "nonf_publicism"
    assert genre(build(ARTICLE, tmp_path / "b", "fb2")["fb2"]) == "sci_politics"
    source.write_text("---\ntitle: Очерк\n\ngenre: nonf_publicizm\n---\n\nТекст.\n", encoding="utf-8")
    with pytest.raises(PublishError, match="did you mean 'nonf_publicism'") as raised:
        build(source, tmp_path / "c", "fb2")
    assert raised.value.line == 4
    issue = tmp_path / "issue.book.toml"
    (tmp_path / "one.md").write_text("# Статья\n\nТекст статьи.\n", encoding="utf-8")
    issue.write_text('title = "Журнал, № 5"\nseries = "Журнал"\nnumber = 5\nsources = ["one.md"]\n', encoding="utf-8")
    assert genre(build(issue, tmp_path / "d", "fb2")["fb2"]) == "periodic"
    defaults = (("genre", "sci_history"),)  # publish.toml's [metadata]
    assert genre(build(ARTICLE, tmp_path / "e", "fb2", metadata_defaults=defaults)["fb2"]) == "sci_history"
