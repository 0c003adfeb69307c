"""The EPUB edition, checked with the official validator and read back as a reader would."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from publish.readers import read_source

from conftest import ARTICLE, SAMPLE, build, epub_pages, epub_text, epubcheck, problems, words

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
    # unsigned, issued by its publisher: a reader's library shelves it under the party (Metadata.credited)
    assert opf.findtext(".//dc:creator", namespaces=OPF) == "Интернациональная коммунистическая партия"
    assert opf.findtext(".//dc:publisher", namespaces=OPF) == "Интернациональная коммунистическая партия"
    assert opf.findtext(".//dc:date", namespaces=OPF) == "2022"
    assert opf.findtext(".//dc:language", namespaces=OPF) == "ru"
    assert opf.findtext(".//dc:identifier", namespaces=OPF).startswith("urn:uuid:")


def test_sample_epub_holds_every_word_of_the_source_in_order(sample_build):
    source = words(SAMPLE.read_text(encoding="utf-8"))
    text = text_of(sample_build["epub"])
    assert words(text) == source
    assert '"' not in text and " - " not in text and "..." not in text  # typography reached the book


def test_epub_carries_the_theme_fonts_subset_and_their_licence(sample_build):
    with zipfile.ZipFile(sample_build["epub"]) as archive:
        names = archive.namelist()
        fonts = [name for name in names if name.endswith(".ttf")]
        assert "EPUB/fonts/PT_Serif-Web-Regular.ttf" in fonts
        assert all(archive.getinfo(name).file_size < 100_000 for name in fonts)  # subset, not whole
        licences = [name for name in names if name.endswith("-LICENSE.txt")]
        assert licences and all("SIL OPEN FONT LICENSE" in archive.read(name).decode().upper() for name in licences)
        colophon = archive.read("EPUB/colophon.xhtml").decode()
        css = archive.read("EPUB/styles/book.css").decode()
    # the licence the font files state, read from them (name table), not assumed
    assert "PT Sans, PT Serif — по лицензии SIL Open Font License" in colophon.replace("\u00a0", " ")
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
        images = [name for name in archive.namelist() if name.startswith("EPUB/images/") and "cover" not in name]
        assert len(images) == 1 and re.fullmatch(r"EPUB/images/[0-9a-f]{16}\.png", images[0])  # named by content
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


# --- the book a reader opens (#5) -----------------------------------------------------------------

OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_a_cover_image_a_library_can_show(sample_build):
    from PIL import Image

    opf = package(sample_build["epub"])
    cover = next(item for item in opf.iterfind(".//opf:item", OPF) if "cover-image" in (item.get("properties") or ""))
    with zipfile.ZipFile(sample_build["epub"]) as archive:
        image = Image.open(io.BytesIO(archive.read("EPUB/" + cover.get("href"))))
    assert image.format in ("PNG", "JPEG") and image.height >= 1600 and image.width >= 1000
    assert opf.find(".//opf:meta[@name='cover']", OPF).get("content") == cover.get("id")  # EPUB 2 readers
    first_href, first_page = epub_pages(sample_build["epub"])[0]
    assert first_href == "cover.xhtml"
    img = first_page.find(f".//{XHTML}img")
    assert img.get("src") == cover.get("href") and "В\u00a0Казахстане" in img.get("alt")


def test_a_cover_the_source_supplies_is_used(tmp_path):
    from PIL import Image

    (tmp_path / "own.png").write_bytes((ARTICLE.parent / "banner.png").read_bytes())
    source = tmp_path / "book.md"
    source.write_text("---\ntitle: Своя обложка\ncover: own.png\n---\n\nТекст.\n", encoding="utf-8")
    epub = build(source, tmp_path / "out", "epub")["epub"]
    with zipfile.ZipFile(epub) as archive:
        cover = Image.open(io.BytesIO(archive.read("EPUB/images/cover.png")))
    assert cover.size == (240, 160)


def test_metadata_refines_title_and_creator_and_says_how_accessible_it_is(article_build):
    opf = package(article_build["epub"])
    titles = opf.findall(".//dc:title", OPF)
    assert [t.text.replace("\u00a0", " ") for t in titles] == [
        "Рабочее движение и «новые» профсоюзы",
        "Заметки к дискуссии",
    ]
    kinds = {m.get("refines"): m.text for m in opf.iterfind(".//opf:meta[@property='title-type']", OPF)}
    assert kinds == {"#" + titles[0].get("id"): "main", "#" + titles[1].get("id"): "subtitle"}
    creator = opf.find(".//dc:creator", OPF)
    role = opf.find(f".//opf:meta[@refines='#{creator.get('id')}'][@property='role']", OPF)
    assert role.text == "aut"
    properties = {m.get("property"): m.text for m in opf.iterfind(".//opf:meta[@property]", OPF)}
    assert properties["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
    for name in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ):
        assert properties.get(name), name
    assert [s.text for s in opf.findall(".//dc:subject", OPF)] == ["профсоюзы", "рабочее движение"]


def test_title_page_parts_notes_and_colophon_each_in_their_file(article_build):
    pages = epub_pages(article_build["epub"])
    assert [href for href, _ in pages] == [
        "cover.xhtml",
        "title.xhtml",
        "part-1.xhtml",
        "part-2.xhtml",
        "colophon.xhtml",
    ]
    for href, root in pages:
        assert root.get("lang") == "ru" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru", href
    roots = dict(pages)
    assert roots["title.xhtml"].find(f".//{XHTML}section").get(OPS_TYPE) == "titlepage"
    assert "Интернациональная коммунистическая партия" in "".join(roots["title.xhtml"].itertext())
    colophon = "".join(roots["colophon.xhtml"].itertext())
    assert "© 2023" in colophon and "publish" in colophon and "SIL Open Font License" in colophon
    for part, number in (("part-1.xhtml", 1), ("part-2.xhtml", 2)):  # each note beside the text citing it
        root = roots[part]
        ref = root.find(f".//{XHTML}a[@id='ref-{number}']")
        assert ref.get("href") == f"#note-{number}" and ref.get(OPS_TYPE) == "noteref"
        note = root.find(f".//{XHTML}aside[@id='note-{number}']")
        assert note.get(OPS_TYPE) == "footnote"
        assert note.find(f".//{XHTML}a").get("href") == f"#ref-{number}"


def test_navigation_has_contents_and_landmarks(article_build):
    with zipfile.ZipFile(article_build["epub"]) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    toc = nav.find(f".//{XHTML}nav[@{OPS_TYPE}='toc']")
    assert [a.get("href") for a in toc.iter(f"{XHTML}a")] == [
        "title.xhtml",
        "part-1.xhtml#section-1",
        "part-2.xhtml#section-2",
        "colophon.xhtml",
    ]
    landmarks = nav.find(f".//{XHTML}nav[@{OPS_TYPE}='landmarks']")
    assert [a.get(OPS_TYPE) for a in landmarks.iter(f"{XHTML}a")] == ["cover", "titlepage", "bodymatter", "colophon"]


def test_the_sample_epub_is_small(sample_build):
    assert sample_build["epub"].stat().st_size < 150_000


def test_an_image_without_alt_text_is_a_build_warning(tmp_path, caplog):
    (tmp_path / "pic.png").write_bytes((ARTICLE.parent / "banner.png").read_bytes())
    source = tmp_path / "a.md"
    source.write_text("# T\n\nText.\n\n![](pic.png)\n", encoding="utf-8")
    epub = build(source, tmp_path / "out", "epub")["epub"]
    assert "a.md:5:1: S003 error: an image without alt text" in caplog.text
    assert problems(epubcheck(epub)) == []


def test_identifier_isbn_urn_or_a_stable_uuid(tmp_path):
    from pathlib import Path

    from publish.readers.metadata import identifier

    def of(given="", name="a.md", title="T"):
        return identifier(given, Path(name), title)

    assert of("978-5-699-12014-7") == "urn:isbn:9785699120147"
    assert of("ISBN 5-699-12014-X") == "urn:isbn:569912014X"
    assert of("urn:doi:10.1000/182") == "urn:doi:10.1000/182"
    assert of().startswith("urn:uuid:") and of() == of()
    assert of(name="b.md") != of() and of(title='"T"') != of()
    # from the title as written, not as typographed: a new typography rule keeps the book's identity
    source = tmp_path / "quoted.md"
    source.write_text('---\ntitle: "Он сказал \\"нет\\" - и ушёл"\nlang: ru\n---\n\nТекст.\n', encoding="utf-8")
    opf = package(build(source, tmp_path / "out", "epub")["epub"])
    assert opf.findtext(".//dc:identifier", namespaces=OPF) == of(name="quoted.md", title='Он сказал "нет" - и ушёл')


def test_the_font_subsets_hold_every_character_of_the_text(tmp_path):
    from fontTools.ttLib import TTFont

    source = tmp_path / "signs.md"
    source.write_text("# Знаки\n\nТекст <script> & [скобки] {фигурные} | № 5 § 2 ~ ^ @ ©\n", encoding="utf-8")
    epub = build(source, tmp_path / "out", "epub")["epub"]
    with zipfile.ZipFile(epub) as archive:
        font = TTFont(io.BytesIO(archive.read("EPUB/fonts/PT_Serif-Web-Regular.ttf")))
    cmap = font.getBestCmap()
    assert [char for char in "<>&[]{}|№§~^@©" if ord(char) not in cmap] == []


def test_the_contents_nest_as_the_headings_do(tmp_path):
    source = tmp_path / "nested.md"
    source.write_text("# Глава 1\n\nТекст.\n\n## Раздел 1.1\n\nТекст.\n\n# Глава 2\n\nТекст.\n", encoding="utf-8")
    assert read_source(source).metadata.title == "nested"  # two chapters: neither is the book's title
    epub = build(source, tmp_path / "out", "epub")["epub"]
    with zipfile.ZipFile(epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    toc = nav.find(f".//{XHTML}nav[@{OPS_TYPE}='toc']/{XHTML}ol")
    chapter = [li for li in toc if li.findtext(f"{XHTML}a") == "Глава 1"][0]
    assert [a.text for a in chapter.iterfind(f"{XHTML}ol/{XHTML}li/{XHTML}a")] == ["Раздел 1.1"]
    assert [href for href, _ in epub_pages(epub)][2:4] == ["part-1.xhtml", "part-2.xhtml"]


def test_the_cover_is_set_in_the_themes_heading_font_whatever_the_order(tmp_path):
    from publish.themes import load_theme, styles_dir
    from publish.writers.cover import _face

    classic = load_theme("classic", styles_dir())
    heading = classic.font_roles["headings"]
    reordered = tuple(sorted(classic.fonts, key=lambda face: face.family != heading))  # headings first now
    assert _face(reordered, 700, heading).family == heading
    assert _face(tuple(reversed(reordered)), 700, heading).family == heading


def test_the_reader_keeps_its_colours_the_landmarks_say_what_each_page_is_and_publish_signs_it(article_build):
    with zipfile.ZipFile(article_build["epub"]) as book:
        css = book.read("EPUB/styles/book.css").decode()
        opf = book.read("EPUB/content.opf").decode()
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
        pages = "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml"))
    html_colours = re.findall(r"(?m)^html\s*\{[^}]*?\bcolor:\s*([^;]+);", css)
    assert html_colours and html_colours[-1].strip() == "inherit"  # night mode and sepia are the reader's
    assert '<meta name="generator" content="publish ' in opf and "Ebook-lib" not in opf
    landmarks = nav.find(".//{http://www.w3.org/1999/xhtml}nav[@{http://www.idpf.org/2007/ops}type='landmarks']")
    labels = ["".join(a.itertext()) for a in landmarks.iter("{http://www.w3.org/1999/xhtml}a")]
    assert labels == ["Обложка", "Титульный лист", "Начало текста", "Выходные сведения"]
    assert 'href="mailto:редакция@example.org" class="url"' in pages  # an address is a link
