"""The XHTML every edition shares: well-formed, semantic, escaped."""

from __future__ import annotations

import pytest
from lxml import etree

from publish.model import Code, Document, Heading, Link, Metadata, Note, NoteRef, Paragraph, Text
from publish.readers import read_source
from publish.render.html import render_html
from publish.render.ids import ids_of

from conftest import ARTICLE, SAMPLE

NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def parse(xhtml: str) -> etree._Element:
    return etree.fromstring(xhtml.encode("utf-8"))


def document(*blocks, notes=(), **meta) -> Document:
    return Document(Metadata(title=meta.pop("title", "T"), language=meta.pop("language", "ru"), **meta), blocks, notes)


def test_page_has_language_title_header_and_lead():
    root = parse(render_html(read_source(SAMPLE)))
    assert root.get("lang") == "ru"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert root.find("h:head/h:title", NS).text.startswith("В Казахстане")
    header = root.find("h:body/h:article/h:header", NS)
    assert header.find("h:h1", NS).text.startswith("В Казахстане")
    assert header.find("h:p[@class='publisher']", NS).text == "Интернациональная коммунистическая партия"
    assert header.find("h:p[@class='date']/h:time", NS).get("datetime") == "2022"
    lead = root.find("h:body/h:article/h:p", NS)
    assert lead.get("class") == "lead"


def test_markup_in_text_is_escaped_and_never_becomes_elements():
    page = render_html(document(Paragraph((Text("<script>alert(1)</script> & ]]> \x0b"),)), title="<b>x</b>"))
    root = parse(page)
    assert root.find(".//h:script", NS) is None
    assert root.find(".//h:b", NS) is None
    assert "&lt;script&gt;" in page and "]]&gt;" in page
    assert "\x0b" not in page


def test_unsafe_link_schemes_lose_their_link_but_keep_their_text():
    page = render_html(
        document(Paragraph((Link("javascript:alert(1)", (Text("click"),)), Link("https://x.org", (Text("ok"),)))))
    )
    root = parse(page)
    links = root.findall(".//h:a", NS)
    assert [a.get("href") for a in links] == ["https://x.org"]
    assert "click" in page


def test_headed_parts_become_sections_with_ids_the_contents_can_use():
    doc = document(
        Paragraph((Text("intro"),)),
        Heading(1, (Text("One"),)),
        Paragraph((Text("a"),)),
        Heading(2, (Text("One.1"),)),
        Heading(1, (Text("Two"),)),
    )
    root = parse(render_html(doc))
    article = root.find("h:body/h:article", NS)
    sections = article.findall("h:section", NS)
    assert len(sections) == 2
    assert sections[0].find("h:h2", NS).get("id") == "section-1"
    assert sections[0].find("h:section/h:h3", NS).text == "One.1"
    assert [(e.id, e.level, e.text) for e in ids_of(doc).headings] == [
        ("section-1", 1, "One"),
        ("section-2", 2, "One.1"),
        ("section-3", 1, "Two"),
    ]


def test_notes_are_linked_both_ways():
    doc = document(
        Paragraph((Text("a"), NoteRef(1), Text("b"), NoteRef(1))),
        notes=(Note((Paragraph((Text("the note"),)),)),),
    )
    root = parse(render_html(doc))
    refs = root.findall(".//h:a[@class='noteref']", NS)
    assert [r.get("href") for r in refs] == ["#note-1", "#note-1"]
    assert len({r.get("id") for r in refs}) == 2  # ids stay unique when a note is cited twice
    assert refs[0].get("{http://www.idpf.org/2007/ops}type") == "noteref"
    note = root.find(".//h:aside[@id='note-1']", NS)
    assert note.get("{http://www.idpf.org/2007/ops}type") == "footnote"
    assert note.find("h:p/h:a", NS).get("href") == "#ref-1"
    assert "the note" in etree.tostring(note, encoding="unicode")


def test_code_is_kept_literally():
    root = parse(render_html(document(Paragraph((Code('"x" -- y...'),)))))
    assert root.find(".//h:code", NS).text == '"x" -- y...'


def test_markdown_fixture_renders_every_kind_of_block():
    root = parse(render_html(read_source(ARTICLE)))
    for path in ("blockquote", "ol/li", "ul/li", "figure/img", "hr", "section", "em", "strong"):
        xpath = ".//" + "/".join("h:" + step for step in path.split("/"))
        assert root.find(xpath, NS) is not None, path
    assert root.find(".//h:img", NS).get("alt") == "Схема: рост численности профсоюзов"


def test_headings_inside_quotes_and_lists_get_no_section_and_no_contents_entry():
    from publish.model import ListBlock, Quote

    doc = document(
        Heading(1, (Text("Part"),)),
        Quote((Heading(2, (Text("Quoted heading"),)), Paragraph((Text("q"),)))),
        ListBlock(False, ((Heading(3, (Text("Listed"),)), Paragraph((Text("l"),))),)),
        Heading(1, (Text("Next"),)),
    )
    root = parse(render_html(doc))
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert ids == ["section-1", "section-2"]
    assert [entry.id for entry in ids_of(doc).headings] == ids
    assert root.find(".//h:blockquote/h:section", NS) is None


INTERFACE = {
    "uk": ("Зміст", "Примітки", "Вихідні дані", "Орієнтири", "Електронну книгу створено", "за ліцензією"),
    "en": ("Contents", "Notes", "Colophon", "Landmarks", "Made with publish", "under the SIL"),
    "pl": ("Contents", "Notes", "Colophon", "Landmarks", "Made with publish", "under the SIL"),  # not in the table
}
RUSSIAN_INTERFACE = ("Содержание", "Примечания", "Выходные сведения", "Ориентиры", "Электронная книга", "по лицензии")


@pytest.mark.parametrize("language", ["uk", "en", "pl"])
def test_every_interface_string_is_in_the_books_language(tmp_path, language):
    import zipfile

    from conftest import build, pdf_text

    text = {
        "uk": "Збори робітників[^1] ухвалили рішення.",
        "en": "The workers' meeting[^1] took a decision.",
        "pl": "Zebranie robotników[^1] podjęło decyzję.",
    }[language]
    source = tmp_path / f"{language}.md"
    text = " ".join([text] * 80)  # long enough for a contents list in print
    source.write_text(
        f"---\ntitle: T\nlang: {language}\ndate: 2024-03-08\n---\n\n## I\n\n{text}\n\n## II\n\n{text}\n\n[^1]: Note.\n",
        encoding="utf-8",
    )
    built = build(source, tmp_path / "out", "epub", "pdf", "html")
    with zipfile.ZipFile(built["epub"]) as book:
        epub = "".join(book.read(name).decode() for name in book.namelist() if name.endswith((".xhtml", ".opf")))
    html = built["html"].read_text(encoding="utf-8")
    pdf = pdf_text(built["pdf"])
    contents, notes, colophon, landmarks, made_with, fonts = INTERFACE[language]
    for word in (contents, notes, colophon, landmarks, made_with, fonts):
        assert word in epub, word
    assert notes in html  # the web page has no contents list
    assert contents in pdf  # notes stand at the foot of their page in print, without a heading
    for russian in RUSSIAN_INTERFACE:
        assert russian not in epub + html + pdf, russian
    month = {"uk": "березня", "en": "March", "pl": "2024-03-08"}[language]
    assert month in html


def test_links_never_nest_even_round_an_address_or_a_note_call():
    """A Project Gutenberg ODT links a bold address (the address inside became a link inside
    the link: epubcheck's RSC-005); a link whose words call a note is cut round the call, which
    is a link of its own. Every word and the call stay."""
    from publish.model import Strong

    page = render_html(
        document(
            Paragraph(
                (
                    Link("http://www.pgdp.net/", (Strong((Text("http://www.pgdp.net"),)),)),
                    Text(" и "),
                    Link("http://example.org/", (Text("доклад"), NoteRef(1), Text(" съезда"))),
                    Text("."),
                )
            ),
            notes=(Note((Paragraph((Text("Сноска."),)),)),),
        )
    )
    root = parse(page)
    assert not root.findall(".//h:a//h:a", NS)
    paragraph = root.find(".//h:p", NS)
    assert "".join(paragraph.itertext()).startswith("http://www.pgdp.net и доклад1 съезда.")
    links = [(a.get("href"), "".join(a.itertext())) for a in paragraph.iter("{http://www.w3.org/1999/xhtml}a")]
    assert links[0] == ("http://www.pgdp.net/", "http://www.pgdp.net")
    assert ("http://example.org/", "доклад") in links and ("http://example.org/", " съезда") in links
    assert any(a.get("role") == "doc-noteref" for a in paragraph.iter("{http://www.w3.org/1999/xhtml}a"))


def test_a_heading_of_blanks_makes_no_empty_contents_entry(tmp_path):
    """A news page's section heading held only a link round two spaces: its empty nav entry
    failed epubcheck (RSC-005). Blank headings are not read from a page, and no edition lists one."""
    from conftest import build, epubcheck, problems

    page = tmp_path / "news.html"
    page.write_text(
        "<html lang='en'><body><article><h2><a href='http://example.org/'> </a> </h2>"
        "<h1>The story</h1><p>First paragraph of the story, long enough to be one.</p>"
        "<h2>More</h2><p>Second paragraph.</p></article></body></html>",
        encoding="utf-8",
    )
    assert [b.level for b in read_source(page).blocks if isinstance(b, Heading)] == [2]
    built = build(page, tmp_path / "out", "epub")
    assert problems(epubcheck(built["epub"])) == []
    blank = document(Heading(2, (Text(" "),)), Paragraph((Text("Текст."),)), Heading(2, (Text("Б"),)))
    from publish.render.pages import render_epub_pages

    _, toc = render_epub_pages(blank, stylesheet="s.css", image_url=str, cover_image="c.png")
    assert [entry.title for entry in toc if entry.href.startswith("part") or "#" in entry.href] == ["Б"]
