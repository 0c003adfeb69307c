"""Collections (`*.book.toml`): a journal issue bound from texts in four formats and two
languages, into an EPUB, a PDF and a web page; and the collection file's own errors."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.cli import cli
from publish.collection import read_plan
from publish.errors import PublishError

from conftest import (
    EPUB_TYPE,
    FIXTURES,
    ROOT,
    XHTML_NS,
    build,
    epub_pages,
    epubcheck,
    pdf_pages,
    problems,
    words,
)

ISSUE = FIXTURES / "collection" / "issue-5.book.toml"
TEXTS = ["Рабочее движение", "В\u00a0Казахстане рабочий класс", "Тарифы растут", "Leaflets, reflections"]


@pytest.fixture(scope="module")
def issue(tmp_path_factory) -> dict[str, Path]:
    return build(ISSUE, tmp_path_factory.mktemp("issue"), "epub", "pdf", "html")


def test_the_issue_is_one_valid_epub_a_file_a_text_each_in_its_language(issue):
    assert issue["epub"].name == "issue-5.epub"
    assert problems(epubcheck(issue["epub"])) == []
    texts = [
        (
            root.find(f".//{XHTML_NS}section[@class='article']").get("lang"),
            root.findtext(f"{XHTML_NS}head/{XHTML_NS}title"),
        )
        for _, root in epub_pages(issue["epub"])
        if root.find(f"{XHTML_NS}body").get(EPUB_TYPE) == "bodymatter"
    ]
    # the English text's section says its language (its file also holds its part's Russian title)
    assert [language for language, _ in texts] == [None, None, None, "en"]
    assert [title[:12] for _, title in texts] == [text[:12] for text in TEXTS]


def test_the_navigation_nests_texts_under_their_parts_and_headings_under_their_texts(issue):
    with zipfile.ZipFile(issue["epub"]) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode()
    toc = nav[nav.index('epub:type="toc"') : nav.index("</nav>")]
    depth, found = 0, []
    for tag in re.finditer(r"<(/?)ol\b|<a [^>]*>([^<]*)</a>", toc):
        if tag.group(2) is not None:
            found.append((depth, tag.group(2)))
        else:
            depth += -1 if tag.group(1) else 1
    by_text = {text: level for level, text in found}
    assert by_text["Статьи"] == 1 and by_text["Переводы"] == 1
    assert by_text["Тарифы растут быстрее зарплат"] == 2 and by_text["Цифры"] == 3
    assert by_text["Leaflets, reflections and the fine art of official fluff"] == 2
    assert by_text["Рабочее движение и\u00a0«новые» профсоюзы"] == 1  # before the first part


def test_each_text_keeps_its_own_title_author_date_lead_notes_and_typography(issue):
    pages = {root.findtext(f"{XHTML_NS}head/{XHTML_NS}title"): root for _, root in epub_pages(issue["epub"])}
    leaflets = next(root for title, root in pages.items() if title and title.startswith("Leaflets"))
    text = " ".join(leaflets.itertext())
    assert "Editorial board" in text and "1\u00a0May 2024" in text
    assert "\u201c" in text and "«" not in text  # English quotes in the English text
    assert leaflets.find(f".//{XHTML_NS}p[@class='lead']") is None  # Markdown has no lead
    tarify = next(root for title, root in pages.items() if title and title.startswith("Тарифы"))
    assert tarify.find(f".//{XHTML_NS}p[@class='lead']") is not None
    assert "Анна Соколова, 18\u00a0марта 2024" in re.sub(r"[ \n]+", " ", "".join(tarify.itertext()))
    notes = [root.findall(f".//{XHTML_NS}aside") for root in pages.values()]
    assert sum(len(asides) for asides in notes) == 2 + 2 + 1  # article.md, tarify.docx, leaflets.md
    numbers = [aside.get("id") for asides in notes for aside in asides]
    assert numbers == [f"note-{n}" for n in range(1, 6)]  # one sequence of ids through the book…
    labels = [
        [link.text for link in root.iter(f"{XHTML_NS}a") if link.get("class") == "note-number"]
        for root in pages.values()
    ]
    assert [label for page in labels for label in page] == ["1.", "2.", "1.", "2.", "1."]  # …each text's from 1


def test_the_opf_names_the_editors_the_series_and_the_texts_authors(issue):
    with zipfile.ZipFile(issue["epub"]) as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert re.search(r'<dc:creator id="editor0">Анна Соколова</dc:creator>', opf)
    assert 'refines="#editor0" property="role" scheme="marc:relators">edt<' in opf
    assert 'property="belongs-to-collection" id="series">Пролетарий<' in opf
    assert 'property="group-position">5<' in opf
    assert ">Editorial board</dc:contributor>" in opf


def test_the_pdf_contents_give_each_text_its_real_page_and_texts_open_right_hand_pages(issue):
    pages = [page.replace("\u00a0", " ").replace("\u00ad", "") for page in pdf_pages(issue["pdf"])]
    contents = pages[0]
    assert "1. Анкеты раздавали" in "\n".join(pages)  # the Word document's first note, numbered afresh
    assert "Содержание" in contents and "№ 5" in contents and "Редакторы: Анна Соколова, Пётр Ильин" in contents
    assert "март 2024" in contents
    listed = {
        match.group(1).strip(): int(match.group(2))
        for match in re.finditer(r"^(.+?)\s*\.{3,}\s*(\d+)$", contents, re.M)
    }
    checked = 0
    for title in ("Статьи", "Тарифы растут быстрее зарплат", "Переводы", "Цифры", "Distribution"):
        page = listed[title]
        assert any(line.strip() == title for line in pages[page - 1].splitlines()), (title, page)
        checked += 1
    assert checked == 5
    for title in ("Статьи", "Тарифы растут быстрее зарплат", "Переводы"):
        assert listed[title] % 2 == 1, title  # a right-hand page

    def running_head(number: int) -> str:  # the margin boxes come last: a running head, then the folio
        lines = [line for line in pages[number - 1].splitlines() if line.strip()]
        return lines[-2] if len(lines) >= 2 and lines[-1].strip() == str(number) else ""

    kazakhstan = next(number for number, page in enumerate(pages, 1) if "Пролетарские массы Казахстана" in page)
    assert running_head(kazakhstan + 2).startswith("В Казахстане рабочий класс")  # a right-hand page: the text's
    assert running_head(kazakhstan + 1) == "Пролетарий"  # a left-hand page: the book's
    for opening in (kazakhstan, listed["Тарифы растут быстрее зарплат"], listed["Переводы"]):
        assert not running_head(opening).startswith(("В Казахстане", "Тарифы", "Переводы", "Leaflets")), opening
    colophon = pages[-1]  # the book's particulars, last
    assert "Свёрстано программой publish" in colophon and "Редакторы: Анна Соколова" in colophon
    assert "PT Serif" in colophon and "urn:uuid" not in colophon
    assert not any(text in colophon for text in TEXTS[1:] + ["Leaflets", "Пролетарий\n"])  # no running head there
    blank = [number for number, page in enumerate(pages, 1) if not page.strip()]
    assert blank and all(number % 2 == 0 for number in blank)  # blank left pages, without even a folio


def test_the_contents_name_each_texts_authors_and_keep_titles_clear_of_the_page_numbers(issue):
    """A journal's contents: who wrote each text over its title; a long title's second line
    indented under its first; the page numbers in one column, no title's line running into it."""
    from pdflines import printed_lines

    lines = [line for line in printed_lines(issue["pdf"]) if line.page == 1]
    texts = [line.text for line in lines]
    assert texts[texts.index("Анна Соколова") + 1].startswith("Тарифы растут быстрее зарплат")
    assert texts[texts.index("Editorial board") + 1].startswith("Leaflets, reflections")
    numbers = [line for line in lines if line.text.isdigit()]
    assert len(numbers) >= 12 and len({round(line.right, 1) for line in numbers}) == 1
    entries = [line for line in lines[texts.index("Содержание") + 1 :] if not line.text.isdigit()]
    assert max(line.right for line in entries) < min(line.left for line in numbers) - 4
    opening = next(line for line in entries if line.text.startswith("В Казахстане"))
    assert entries[entries.index(opening) + 1].left > opening.left + 5  # (its second line, hanging)
    page = issue["html"].read_text(encoding="utf-8")  # (the web page lists them so too)
    contents = page[page.index('<nav role="doc-toc"') : page.index("</nav>")]
    authors = re.findall(r'<span class="contents-authors">([^<]*)</span>', contents)
    assert authors == ["Редакция журнала", "Анна Соколова", "Editorial board"], authors


def test_every_word_of_every_text_is_in_the_pdf(issue):
    heads = {"Пролетарий", "Статьи", "В Казахстане рабочий класс показал, на что он способен и что он будет делать"}
    lines = [
        line
        for page in pdf_pages(issue["pdf"])
        for line in page.replace("\u00a0", " ").splitlines()
        if line.strip() not in heads and not line.strip().isdigit()
    ]
    text = re.sub(r"(?<=\w)-\n(?=\w)", "", "\n".join(lines))
    found = "".join(words(text.lower()))
    sample = "".join(words((ROOT / "source" / "kazakhstan-2022.txt").read_text(encoding="utf-8").lower()))
    assert sample[200:2000] in found  # the sample's body, whole, hyphens joined


def test_the_web_page_has_every_text_as_a_section_in_its_language(issue):
    page = issue["html"].read_text(encoding="utf-8")
    assert page.count('<section class="article"') == 4
    assert page.count('<section class="notes"') == 3  # each text's notes under it
    contents = page[page.index('class="contents"') : page.index("</nav>")]
    assert contents.count("<a href=") >= 7 and "Тарифы растут быстрее зарплат" in contents
    assert '<section class="article" lang="en">' in page


def test_a_text_listed_in_a_collection_still_builds_on_its_own(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    monkeypatch.chdir(project)
    for name in ("article.md", "banner.png", "leaflets.md"):
        shutil.copy(FIXTURES / name, project / "source" / name)
    (project / "source" / "issue.book.toml").write_text(
        'title = "Сборник"\nsources = ["article.md", "leaflets.md"]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", str(project / "source"), "-f", "epub", "-o", str(project / "dist")])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (project / "dist").glob("*.epub")) == [
        "article.epub",
        "issue.epub",
        "leaflets.epub",
    ]
    again = CliRunner().invoke(cli, ["build", str(project / "source"), "-f", "epub", "-o", str(project / "dist")])
    assert "3 unchanged" in again.output
    (project / "source" / "leaflets.md").write_text(
        (FIXTURES / "leaflets.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    third = CliRunner().invoke(cli, ["build", str(project / "source"), "-f", "epub", "-o", str(project / "dist")])
    assert "2 editions of 2 sources built" in third.output and "1 unchanged" in third.output  # the book and the text


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ('title = "X"\nsources = ["a.md"]\ncolour = "red"\n', "unknown key 'colour'", 3),
        ('title = "X"\nsources = ["missing.md"]\n', "missing.md: no such source beside the collection", 2),
        ('title = "X"\nsources = ["a.md", "a.md"]\n', "a.md is listed twice", 2),
        ('title = "X"\nsources = [\n"a.md"\n', "not valid TOML", 4),
        ('sources = ["a.md"]\n', "a collection needs a title", 1),
        ('title = "X"\n', "a collection needs sources", 1),
        ('title = "X"\nsources = ["a.md"]\ndate = "2024-13"\n', "is not a date", 3),
        (
            'title = "X"\nsources = ["a.md"]\n[[part]]\ntitle = "P"\nsources = ["other.book.toml"]\n',
            "cannot hold another collection",
            3,  # the part's line
        ),
        ('title = "X"\nsources = ["a.md"]\ncover = "../../etc/passwd"\n', "is not an image beside the collection", 3),
        ('title = 5\nsources = ["a.md"]\n', "title: text in quotes", 1),
    ],
)
def test_a_bad_collection_file_is_an_error_naming_its_line(tmp_path, content, message, line):
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (tmp_path / "other.book.toml").write_text('title = "O"\nsources = ["a.md"]\n', encoding="utf-8")
    book = tmp_path / "bad.book.toml"
    book.write_text(content, encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        read_plan(book)
    assert message in caught.value.message and caught.value.line == line, (caught.value.message, caught.value.line)


def test_a_collection_cannot_reach_outside_the_project(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nThe private key.\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "linked.md").symlink_to(outside / "secret.md")
    (project / "issue.book.toml").write_text('title = "X"\nsources = ["linked.md"]\n', encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "issue.book.toml", "-o", "dist"])
    assert result.exit_code == 1 and "outside the project" in result.output
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.epub"))


def test_a_text_alone_in_its_file_gives_the_file_its_language_and_author(tmp_path):
    for name in ("article.md", "banner.png", "leaflets.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    book = tmp_path / "two.book.toml"
    book.write_text('title = "Два текста"\nlang = "ru"\nsources = ["article.md", "leaflets.md"]\n', encoding="utf-8")
    epub = build(book, tmp_path / "out", "epub")["epub"]
    english = next(root for _, root in epub_pages(epub) if root.get("lang") == "en")
    assert english.findtext(f"{XHTML_NS}head/{XHTML_NS}title").startswith("Leaflets")
    assert english.find(f"{XHTML_NS}head/{XHTML_NS}meta[@name='author']").get("content") == "Editorial board"


def test_a_book_of_texts_in_two_languages_speaks_the_language_of_its_own_title(tmp_path):
    """An English text first and a Russian one, the book titled in Russian, no `lang`: the
    book's pages (its contents, its particulars) were set in English, the first text's."""
    for name in ("article.md", "banner.png", "leaflets.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    book = tmp_path / "two.book.toml"
    book.write_text('title = "Рабочая тетрадь"\nsources = ["leaflets.md", "article.md"]\n', encoding="utf-8")
    epub = build(book, tmp_path / "out", "epub")["epub"]
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("EPUB/content.opf").decode()
        nav = archive.read("EPUB/nav.xhtml").decode()
    assert "<dc:language>ru</dc:language>" in opf and "Содержание" in nav, re.findall(r"<h\d[^>]*>[^<]*", nav)
    book.write_text('title = "Workers\' Notebook"\nsources = ["leaflets.md", "article.md"]\n', encoding="utf-8")
    with zipfile.ZipFile(build(book, tmp_path / "out2", "epub")["epub"]) as archive:
        assert "<dc:language>en</dc:language>" in archive.read("EPUB/content.opf").decode()


def test_the_fb2_has_each_text_as_a_section_with_its_byline(tmp_path):
    from test_fb2 import valid

    fb2 = valid(build(ISSUE, tmp_path, "fb2")["fb2"])
    namespace = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
    titles = [" ".join("".join(title.itertext()).split()) for title in fb2.getroot().iter(f"{namespace}title")]
    assert any(title.startswith("Тарифы растут быстрее зарплат") for title in titles)
    bylines = [emphasis.text for emphasis in fb2.getroot().iter(f"{namespace}emphasis")]
    assert "Анна Соколова, 18\u00a0марта 2024" in bylines and "Editorial board, 1\u00a0May 2024" in bylines


def test_links_to_headings_reach_them_in_every_edition_of_a_collection(tmp_path):
    """`#section-2` in the second part named a heading of the first: the EPUB linked it inside
    part-2.xhtml (epubcheck RSC-012: the headings inside a collection's texts were not
    counted), and the FB2 linked to ids no section had."""
    (tmp_path / "a.md").write_text(
        "# Первая статья\n\nТекст первой.\n\n## Раздел один\n\nСмотри [ниже](#section-4).\n\n## Раздел два\n\nТекст.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text(
        "# Вторая статья\n\nСм. [раздел один](#section-3).\n\n## Раздел три\n\nТекст.\n", encoding="utf-8"
    )
    book = tmp_path / "two.book.toml"
    book.write_text(
        'title = "Сборник"\n\n[[part]]\ntitle = "Часть первая"\nsources = ["a.md"]\n\n'
        '[[part]]\ntitle = "Часть вторая"\nsources = ["b.md"]\n',
        encoding="utf-8",
    )
    built = build(book, tmp_path / "out", "epub", "kepub", "fb2", "html")
    assert problems(epubcheck(built["epub"])) == []
    assert problems(epubcheck(built["kepub.epub"])) == []
    with zipfile.ZipFile(built["epub"]) as epub:
        second = epub.read("EPUB/part-2.xhtml").decode()
        first = epub.read("EPUB/part-1.xhtml").decode()
    assert 'href="part-1.xhtml#section-3"' in second and 'id="section-3"' in first
    assert "Раздел один" in first[first.index('id="section-3"') :][:200].replace("\u00ad", "")
    fb2 = built["fb2"].read_text(encoding="utf-8")
    targets = re.findall(r'l:href="#(section-\d+)"', fb2)
    assert targets == ["section-4", "section-3"]
    assert all(f'id="{target}"' in fb2 for target in targets)
    for target, heading in (("section-3", "Раздел один"), ("section-4", "Раздел два")):  # one heading table
        assert heading in fb2[fb2.index(f'id="{target}"') :][:300].replace("\u00ad", ""), target
    page = built["html"].read_text(encoding="utf-8")
    assert all(f'id="{target}"' in page for target in re.findall(r'href="#(section-\d+)"', page))


def test_a_journal_issues_fb2_names_its_series_and_number(tmp_path):
    """A collection's FB2 had no series or number (its EPUB had them): readers could not shelve
    the issue with the journal's others. A book's ISBN goes into publish-info too."""
    from lxml import etree

    namespace = {"fb": "http://www.gribuser.ru/xml/fictionbook/2.0"}
    fb2 = etree.parse(str(build(ISSUE, tmp_path / "issue", "fb2")["fb2"]))
    for place in ("title-info", "publish-info"):
        sequence = fb2.find(f".//fb:{place}/fb:sequence", namespace)
        assert sequence is not None and (sequence.get("name"), sequence.get("number")) == ("Пролетарий", "5"), place
    source = tmp_path / "book.md"
    source.write_text("---\ntitle: Книга\nidentifier: ISBN 978-5-17-123456-7\n---\n\nТекст.\n", encoding="utf-8")
    fb2 = etree.parse(str(build(source, tmp_path / "book", "fb2")["fb2"]))
    assert fb2.findtext(".//fb:publish-info/fb:isbn", namespaces=namespace) == "9785171234567"


def test_a_journal_issues_cover_shows_its_number(tmp_path):
    """The cover drawn for an issue said nothing of its number."""
    import dataclasses
    import io

    from PIL import Image as Picture

    from publish.build import BuildOptions, resolve_theme
    from publish.model import Metadata
    from publish.writers.cover import CoverStyle, make_cover

    theme = resolve_theme(BuildOptions(project=ROOT))
    issue = Metadata(
        title="Пролетарий", language="ru", series="Пролетарий", series_number="5", date="2024", iso_date="2024"
    )
    covers = [
        make_cover(meta, theme.fonts, CoverStyle()) for meta in (issue, dataclasses.replace(issue, series_number=""))
    ]
    footers = [Picture.open(io.BytesIO(cover)).convert("L").crop((0, 1800, 1600, 2400)) for cover in covers]
    inked = [sum(1 for value in footer.tobytes() if value < 128) for footer in footers]
    assert inked[0] > inked[1] > 0  # the year on both; "№ 5" above it on the issue's only


def test_links_to_a_texts_own_headings_reach_them_in_the_book(tmp_path):
    """Each text links to its own sections by the names Markdown gives them (`{#id}`, or
    Pandoc's made of the heading's words): bound into one book, each link still reaches its
    own text's heading, not the first text's of that number; the EPUB is valid."""
    for name, word in (("first.md", "Стачка"), ("second.md", "Забастовка")):
        (tmp_path / name).write_text(
            f"---\ntitle: {word}\n---\n\nСм. [итоги](#итоги) и [требования](#req).\n\n"
            f"## Начало\n\nО том, как всё началось: {word.lower()}.\n\n"
            f"## Требования {{#req}}\n\nТребования: {word.lower()}.\n\n## Итоги\n\nИтоги: {word.lower()}.\n",
            encoding="utf-8",
        )
    (tmp_path / "both.book.toml").write_text('title = "Обе"\nsources = ["first.md", "second.md"]\n', encoding="utf-8")
    built = build(tmp_path / "both.book.toml", tmp_path / "out", "epub", "html")
    assert problems(epubcheck(built["epub"])) == []
    page = built["html"].read_text(encoding="utf-8").replace("\u00ad", "")
    headings = dict(re.findall(r'<h\d[^>]* id="(section-\d+)"[^>]*>(.*?)</h\d>', page))
    links = re.findall(r'<a href="#(section-\d+)">(итоги|требования)</a>', page)
    assert len(links) == 4
    assert [headings[target] for target, _ in links] == ["Итоги", "Требования", "Итоги", "Требования"]
    titles = {text: int(target.split("-")[1]) for target, text in headings.items()}
    numbers = [int(target.split("-")[1]) for target, _ in links]
    assert titles["Стачка"] < min(numbers[:2]) and max(numbers[:2]) < titles["Забастовка"] < min(numbers[2:])
