"""Words in another language inside a text (a slogan, a quotation): marked in Markdown as
Pandoc marks them (`[words]{lang=en}`) or in HTML by `lang`, they are set by their own
language's rules — quotes, dashes, hyphenation — and marked in every edition."""

from __future__ import annotations

import zipfile

from lxml import etree

from publish.hyphenation import hyphenate_document
from publish.model import Span, walk_inlines
from publish.readers import read_source
from publish.typography import typograph_document

from conftest import build, epubcheck, problems

SLOGAN = (
    "---\ntitle: Лозунг\n---\n\n"
    'На знамени было написано: ["Workers of the world, unite!" - said everyone]{lang=en} - и все "поняли" '
    'его без перевода. Рядом висел плакат ["Proletarier aller Länder, vereinigt euch!"]{lang=de}.\n\n'
    "Квадратные [скобки]{.class} и [ссылки](https://example.org){target=_blank} остаются словами.\n"
)


def spans(document) -> list[Span]:
    return [
        inline
        for block in document.blocks
        for inline in walk_inlines(getattr(block, "children", ()))
        if isinstance(inline, Span)
    ]


def test_a_marked_phrase_is_set_by_its_own_language_s_rules(tmp_path):
    source = tmp_path / "lozung.md"
    source.write_text(SLOGAN, encoding="utf-8")
    document = hyphenate_document(typograph_document(read_source(source)))
    english, german = spans(document)
    assert (english.language, german.language) == ("en", "de")
    words = english.children[0].text.replace("\u00ad", "")
    assert words == "\u201cWorkers of the world, unite!\u201d\u2014said everyone"  # English quotes and dash
    assert "\u00ad" in english.children[0].text  # English hyphenation: Work-ers
    outside = "".join(inline.text for inline in document.blocks[0].children if hasattr(inline, "text"))
    assert "«по\u00adня\u00adли»" in outside and "\u00a0— и" in outside  # Russian around it
    assert german.children[0].text.replace("\u00ad", "") == "\u201eProletarier aller Länder, vereinigt euch!\u201c"
    second = "".join(str(inline) for inline in document.blocks[1].children).replace("\\xad", "")
    assert "скобки" in second and "{" not in second and "target" not in second  # attributes are markup


def test_the_language_reaches_every_edition(tmp_path):
    source = tmp_path / "lozung.md"
    source.write_text(SLOGAN, encoding="utf-8")
    built = build(source, tmp_path / "out", "epub", "html", "fb2")
    assert problems(epubcheck(built["epub"])) == []
    with zipfile.ZipFile(built["epub"]) as archive:
        page = next(archive.read(name).decode() for name in archive.namelist() if name.endswith("text.xhtml"))
    assert '<span lang="en" xml:lang="en">' in page and '<span lang="de" xml:lang="de">' in page
    assert '<span lang="en">' in built["html"].read_text(encoding="utf-8")
    fb2 = etree.parse(str(built["fb2"]))
    styles = fb2.getroot().iter("{http://www.gribuser.ru/xml/fictionbook/2.0}style")
    assert [style.get("{http://www.w3.org/XML/1998/namespace}lang") for style in styles] == ["en", "de"]


def test_an_html_page_s_lang_attributes_become_spans(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="ru"><body><article><h1>Заголовок</h1><p>Лид статьи.</p>'
        '<p>Он сказал: <q lang="en">we will not go back</q>, и <i lang="ru">это</i> было ясно.</p>'
        '<p lang="uk">Цілий абзац українською мовою.</p></article></body></html>',
        encoding="utf-8",
    )
    document = read_source(page)
    found = spans(document)
    assert [span.language for span in found] == ["en", "uk"]  # the Russian <i> is not another language
    assert document.metadata.language == "ru"


def test_word_and_libreoffice_runs_in_another_language_become_spans(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def in_language(run, tag):
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), tag)
        run._r.get_or_add_rPr().append(language)

    document = docx.Document()
    document.add_paragraph("Лозунги", style="Title")
    paragraph = document.add_paragraph()
    in_language(paragraph.add_run("На знамени было написано: "), "ru-RU")  # the text's own: no span
    in_language(paragraph.add_run('"Workers of the world, unite!"'), "en-US")
    paragraph.add_run(' - и все "поняли".')
    word = tmp_path / "lozungi.docx"
    document.save(word)
    (span,) = spans(typograph_document(read_source(word)))
    assert span.language == "en-US" and span.children[0].text == "\u201cWorkers of the world, unite!\u201d"

    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (
        f'<office:document-content xmlns:office="{office}" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
        '<office:automatic-styles><style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:language="de" fo:country="DE"/></style:style></office:automatic-styles>'
        '<office:body><office:text><text:p>Лозунг гласил: <text:span text:style-name="T1">"Proletarier aller '
        'Länder, vereinigt euch!"</text:span> - и это запомнили.</text:p></office:text></office:body>'
        "</office:document-content>"
    )
    odt = tmp_path / "lozung.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    (span,) = spans(typograph_document(read_source(odt)))
    assert span.language == "de-DE" and span.children[0].text.startswith("\u201eProletarier")
