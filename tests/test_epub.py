"""The EPUB edition, checked with the official validator and read back as a reader would."""

from __future__ import annotations

import zipfile

from lxml import etree

from publish.readers import read_source

from conftest import ARTICLE, SAMPLE, build, epub_text, epubcheck, problems, words

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def package(epub) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def text_of(epub) -> str:
    return epub_text(epub)


def test_sample_epub_passes_epubcheck_without_errors_or_warnings(sample_build):
    assert problems(epubcheck(sample_build["epub"])) == []


def test_markdown_epub_passes_epubcheck_without_errors_or_warnings(article_build):
    assert problems(epubcheck(article_build["epub"])) == []


def test_sample_epub_metadata(sample_build):
    opf = package(sample_build["epub"])
    assert opf.findtext(".//dc:title", namespaces=OPF).startswith("В\u00a0Казахстане рабочий класс")
    assert opf.findtext(".//dc:creator", namespaces=OPF) == "Интернациональная коммунистическая партия"
    assert opf.findtext(".//dc:date", namespaces=OPF) == "2022"
    assert opf.findtext(".//dc:language", namespaces=OPF) == "ru"
    assert opf.findtext(".//dc:identifier", namespaces=OPF).startswith("urn:uuid:")


def test_sample_epub_holds_every_word_of_the_source_in_order(sample_build):
    source = words(SAMPLE.read_text(encoding="utf-8"))
    assert words(text_of(sample_build["epub"])) == source


def test_epub_carries_the_theme_fonts_subset_and_their_licence(sample_build):
    with zipfile.ZipFile(sample_build["epub"]) as archive:
        names = archive.namelist()
        fonts = [name for name in names if name.endswith(".ttf")]
        assert "EPUB/fonts/PT_Serif-Web-Regular.ttf" in fonts
        assert all(archive.getinfo(name).file_size < 100_000 for name in fonts)  # subset, not whole
        assert any(name.endswith("OFL.txt") for name in names)
        css = archive.read("EPUB/styles/book.css").decode()
    assert "var(--" not in css  # resolved for readers without custom-property support
    assert '"PT Serif"' in css


def test_epub_mimetype_comes_first_and_stored(sample_build):
    with zipfile.ZipFile(sample_build["epub"]) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(SAMPLE, tmp_path / "a", "epub")["epub"].read_bytes()
    second = build(SAMPLE, tmp_path / "b", "epub")["epub"].read_bytes()
    assert first == second
    assert b"2023-11-14T22:13:20Z" in zipfile.ZipFile(tmp_path / "a" / "kazakhstan-2022.epub").read("EPUB/content.opf")


def test_markdown_epub_has_its_image_sections_in_the_nav_and_notes(article_build):
    with zipfile.ZipFile(article_build["epub"]) as archive:
        assert "EPUB/images/banner.png" in archive.namelist()
        nav = archive.read("EPUB/nav.xhtml").decode()
        text = "".join(archive.read(name).decode() for name in archive.namelist() if "part-" in name)
    assert "Исторический очерк" in nav and "part-1.xhtml#section-1" in nav
    assert 'epub:type="footnote"' in text and 'epub:type="noteref"' in text
    first_paragraph = words(read_source(ARTICLE).blocks[0].children[0].text)
    body = words(text_of(article_build["epub"]))
    assert body[body.index(first_paragraph[0]) :][:3] == first_paragraph[:3]


def test_soft_hyphens_can_be_left_out(tmp_path):
    with_hyphens = text_of(build(SAMPLE, tmp_path / "a", "epub")["epub"])
    without = text_of(build(SAMPLE, tmp_path / "b", "epub", soft_hyphens=False)["epub"])
    assert "\u00ad" in with_hyphens
    assert "\u00ad" not in without
    assert with_hyphens.replace("\u00ad", "") == without
