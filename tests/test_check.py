"""`publish check`: each check finds its planted problem, in place, and nothing in clean texts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from publish.check import ERROR, WARNING, check_source
from publish.cli import cli

from conftest import FIXTURES, SAMPLE

PLANTED = FIXTURES / "planted.md"
PLANTED_TEXT = FIXTURES / "planted.txt"


def found(path: Path) -> set[tuple[str, int, int]]:
    return {(finding.code, finding.line, finding.column) for finding in check_source(path)}


def test_each_planted_problem_is_found_where_it_is():
    assert found(PLANTED) == {
        ("T001", 8, 11),  # обнаружились обнаружились
        ("T002", 8, 64),  # кое как
        ("T002", 10, 1),  # Из за
        ("T002", 10, 30),  # всё таки
        ("T002", 10, 57),  # как то
        ("T003", 12, 3),  # Kазахстане, with a Latin K
        ("T004", 12, 26),  # ( without )
        ("T005", 14, 12),  # a straight quote with no pair
        ("T006", 16, 38),  # желтая / жёлтая
        ("S001", 18, 68),  # [^2] never written
        ("S003", 20, 1),  # an image without alt text
        ("S004", 22, 1),  # ### after #
        ("S002", 31, 1),  # [^3] never referenced
    }  # and nothing from the code span and the fenced block, which hold the same mistakes


def test_findings_carry_excerpt_severity_and_fix():
    by_code = {}
    for finding in check_source(PLANTED):
        by_code.setdefault(finding.code, finding)  # the first of each
    homoglyph = by_code["T003"]
    assert homoglyph.severity == ERROR and homoglyph.suggestion == "Казахстане"
    assert "Kазахстане цены растут" in homoglyph.excerpt
    assert by_code["T001"].severity == WARNING and by_code["T001"].suggestion == "обнаружились"
    assert by_code["T002"].suggestion == "кое-как"
    assert str(homoglyph).startswith(f"{PLANTED}:12:3: T003 error: ")


def test_a_lone_list_item_merged_into_a_plain_text_paragraph():
    assert found(PLANTED_TEXT) == {("T007", 13, 1)}  # a lone item; the list and the dialogue are read as such


CLEAN = [SAMPLE, *(path for path in sorted(FIXTURES.glob("*.md")) if not path.name.startswith("planted"))]


@pytest.mark.parametrize("path", CLEAN, ids=lambda path: path.name)
def test_clean_texts_give_nothing(path):
    assert check_source(path) == []


@pytest.mark.parametrize(
    "text",
    [
        "Он пришёл, то есть вернулся.",  # то есть is two words
        "Из-за дождя, из-под земли, всё-таки, кое-как, как-то, что-нибудь.",
        "Ясно, что то решение было верным.",  # что то: a pronoun and a demonstrative
        "Компания Apple выпустила iPhone-приложение для ВКонтакте.",  # each word in one script
        "Все пришли, и всё сделали.",  # все and всё are two words
        "Пункты: 1) первый; 2) второй; а) третий. Смайлик :) и ещё ))).",
        '«Цитата „внутри“ цитаты» и "прямые" кавычки.',
        "Да, да, говорю я — это так.",  # a word repeated, but not in a row
        "Код `кое как` и ссылка http://example.com/из за.",
    ],
)
def test_what_is_right_is_not_reported(tmp_path, text):
    source = tmp_path / "clean.md"
    source.write_text(f"# Заголовок\n\n{text}\n", encoding="utf-8")
    assert check_source(source) == []


def test_an_english_text_is_checked_too(tmp_path):
    source = tmp_path / "english.md"
    source.write_text(
        "# Title\n\nThe the workers struck (for a week.\n\nA Cyrillic lookalike: Cаpital.\n", encoding="utf-8"
    )
    assert {finding.code for finding in check_source(source)} == {"T001", "T003", "T004"}
    assert next(f for f in check_source(source) if f.code == "T003").suggestion == "Capital"


def test_the_command_exits_1_on_errors_0_on_warnings_and_speaks_json(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["check", str(PLANTED)])
    assert result.exit_code == 1
    assert f"{PLANTED}:12:3: T003 error:" in result.output
    result = runner.invoke(cli, ["check", "--format", "json", str(PLANTED_TEXT)])
    assert result.exit_code == 0
    findings = json.loads(result.stdout)
    assert {finding["code"] for finding in findings} == {"T007"}
    assert set(findings[0]) == {"code", "severity", "path", "line", "column", "message", "excerpt", "suggestion"}
    assert runner.invoke(cli, ["check", str(SAMPLE)]).exit_code == 0
    assert runner.invoke(cli, ["check", str(tmp_path / "missing.md")]).exit_code == 2


def test_a_build_says_the_errors_counts_the_warnings_and_still_builds(tmp_path, caplog):
    from conftest import build

    built = build(PLANTED, tmp_path / "out", "epub")
    assert built["epub"].exists()
    assert "T003 error" in caplog.text and "S001 error" in caplog.text
    assert "T001" not in caplog.text  # a warning: counted, not listed
    assert "10 more to look at: publish check" in caplog.text


ADVERSARIAL = {  # a line of each, as a hostile or a broken file has it
    "blanks": lambda n: "а" + " " * n + "б",
    "brackets": lambda n: "(" * n,
    "closing brackets": lambda n: ")" * n,
    "one long word": lambda n: "я" * n,
    "a code span": lambda n: "`" + "x=1;" * (n // 4) + "`",
    "an address": lambda n: "https://example.org/" + "a" * n,
    "quote marks": lambda n: '"' * n,
    "one word repeated": lambda n: "слово " * (n // 6),
}


@pytest.mark.parametrize("kind", ADVERSARIAL)
def test_a_long_hostile_line_is_checked_without_hanging(tmp_path, kind):
    """200 KB of each: checked within the 10 s a hostile case may take (a linear check takes
    0.3-1.4 s here; the patterns this replaced took minutes to hours: a 100 KB code span's prose
    is a line of blanks that the paragraph pattern backtracked over from each of them). Not a
    speed measure: bench/ has those; the margin is wide enough for a loaded machine."""
    import time

    path = tmp_path / "long.md"
    path.write_text(f"---\ntitle: x\n---\n\n{ADVERSARIAL[kind](200_000)}\n\nТекст.\n", encoding="utf-8")
    started = time.perf_counter()
    check_source(path)
    assert time.perf_counter() - started < 10.0


def test_a_word_made_of_a_repeated_half_is_not_a_doubled_word(tmp_path):
    path = tmp_path / "family.md"
    path.write_text("Мама и Папа сказали: tortor. Это было было давно.\n", encoding="utf-8")
    doubled = [finding.excerpt for finding in check_source(path) if finding.code == "T001"]
    assert len(doubled) == 1 and "было было" in doubled[0]


def test_markdown_structure_is_checked_as_the_reader_reads_it(tmp_path):
    """A setext heading (underlined) followed by a level-3 one, and a picture written as a
    reference (`![][pic]`), gave no finding: the checks read the Markdown with patterns of
    their own. They read markdown-it's tokens now, as the build does."""
    source = tmp_path / "chk.md"
    source.write_text(
        "---\ntitle: T\n---\n\nЗаголовок\n=========\n\nТекст.\n\n### Раздел\n\n"
        "Картинка ![][pic] и ![есть](a.png).\n\n```\n# не заголовок\n![](code.png)\n```\n\n[pic]: pic.png\n",
        encoding="utf-8",
    )
    for name in ("pic.png", "a.png"):
        shutil.copy(FIXTURES / "banner.png", tmp_path / name)
    findings = check_source(source)
    assert [(f.code, f.line, f.column) for f in findings if f.code in ("S003", "S004")] == [
        ("S004", 10, 1), ("S003", 12, 10)
    ]  # fmt: skip


def test_check_reports_what_build_would_refuse(tmp_path):
    """`publish check` said "0 errors" for broken YAML, a missing picture or cover, which
    `build` then rejected: it now runs the build's reader and reports its refusal (S000)."""
    (tmp_path / "yaml.md").write_text("---\ntitle: [broken\n---\n\nТекст.\n", encoding="utf-8")
    (tmp_path / "picture.md").write_text("# Заметка\n\n![схема](missing.png)\n", encoding="utf-8")
    (tmp_path / "cover.md").write_text("---\ntitle: Т\ncover: nocover.png\n---\n\nТекст.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    for expected in (
        "yaml.md:2:1: S000 error: build refuses the source: front matter is not valid YAML",
        "picture.md:3:1: S000 error: build refuses the source: image 'missing.png' does not exist",
        "cover.md:3:1: S000 error: build refuses the source: cover image 'nocover.png' does not exist",
    ):
        assert expected in result.output, result.output
    build = CliRunner().invoke(cli, ["build", str(tmp_path), "-f", "html", "-o", str(tmp_path / "out")])
    assert build.output.count("error: ") == 4  # the same three, and the summary


def test_a_skipped_heading_level_and_a_picture_without_alt_are_found_in_every_format(tmp_path):
    """#28's criterion: S004 and S003 in Markdown, Word, OpenDocument and HTML sources alike."""
    import shutil
    import zipfile

    import docx

    banner = Path(__file__).parent / "fixtures" / "banner.png"
    shutil.copy(banner, tmp_path / "chart.png")
    (tmp_path / "a.md").write_text("# Глава\n\nТекст.\n\n### Раздел\n\n![](chart.png)\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        '<!DOCTYPE html><html lang="ru"><head><title>Т</title></head><body>\n<h1>Глава</h1>\n<p>Текст.</p>\n'
        '<h3>Раздел</h3>\n<p><img src="chart.png"></p>\n</body></html>\n',
        encoding="utf-8",
    )
    word = docx.Document()
    word.add_heading("Глава", level=1)
    word.add_paragraph("Текст.")
    word.add_heading("Раздел", level=3)
    word.add_picture(str(banner))
    word.add_picture(str(banner))  # marked decorative below: Word's answer to "no alt text"
    properties = word.inline_shapes[1]._inline.docPr
    extensions = etree.SubElement(properties, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst")
    extension = etree.SubElement(extensions, "{http://schemas.openxmlformats.org/drawingml/2006/main}ext")
    extension.set("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    etree.SubElement(extension, "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative", val="1")
    word.save(tmp_path / "c.docx")
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
    )
    body = (
        '<text:h text:outline-level="1">Глава</text:h><text:p>Текст.</text:p>'
        '<text:h text:outline-level="3">Раздел</text:h>'
        '<text:p><draw:frame svg:width="2cm" svg:height="1cm"><draw:image xlink:href="Pictures/chart.png"/>'
        "</draw:frame></text:p>"
    )
    with zipfile.ZipFile(tmp_path / "d.odt", "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        package.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.2">'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>",
        )
        package.write(banner, "Pictures/chart.png")
    for name in ("a.md", "b.html", "c.docx", "d.odt"):
        codes = [finding.code for finding in check_source(tmp_path / name)]
        assert "S004" in codes and codes.count("S003") == 1, (name, codes)


def test_a_web_page_is_checked_as_the_build_reads_it(tmp_path):
    """The page's menu and its logo are not in any edition: their headings and pictures are
    not the editor's to fix. What the article keeps is found at its line."""
    import shutil

    banner = Path(__file__).parent / "fixtures" / "banner.png"
    for name in ("logo.png", "chart.png"):
        shutil.copy(banner, tmp_path / name)
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="ru"><head><title>Статья</title></head><body>\n'
        '<nav><h4>Меню</h4><img src="logo.png"><a href="/">Главная</a></nav>\n'
        "<article>\n<h1>Статья</h1>\n<p>Первый абзац статьи, достаточно длинный для чтения.</p>\n"
        '<h3>Раздел</h3>\n<p>Текст раздела.</p>\n<p><img src="chart.png"></p>\n</article>\n'
        '<footer><img src="logo.png"></footer>\n</body></html>\n',
        encoding="utf-8",
    )
    found = [(finding.code, finding.line) for finding in check_source(page) if finding.code.startswith("S")]
    assert found == [("S004", 6), ("S003", 8)]


def test_a_formula_in_markdown_is_not_read_as_prose(tmp_path):
    """A half-open interval $[0, 1)$ or a formula set apart has no unpaired bracket of the
    sentence; money ($5 and $10) is prose, and a bracket left open after it is still found."""
    path = tmp_path / "interval.md"
    path.write_text(
        "Функция задана на $[0, 1)$ и равна $f(x) = (x+1$ там.\n\n$$\n(a + b]\n$$\n\nЦена $5 и $10 (без пары.\n",
        encoding="utf-8",
    )
    findings = [(finding.line, finding.code) for finding in check_source(path)]
    assert findings == [(7, "T004")]


def test_a_contents_with_nothing_to_list_and_a_second_contents_are_found(tmp_path):
    """S007: a `[TOC]` (a Word TOC, a page's doc-toc) in a text with no headings lists nothing
    and is left out; a second one is left out too (the editions set the first): each is said
    where it stands, and the build still succeeds."""
    bare = tmp_path / "bare.md"
    bare.write_text("# Листовка\n\n[TOC]\n\nВсе на собрание в четверг.\n", encoding="utf-8")
    twice = tmp_path / "twice.md"
    twice.write_text("# Памятка\n\n[TOC]\n\n## Сбор\n\nУ проходной.\n\n[[_TOC_]]\n", encoding="utf-8")
    found = [(f.code, f.line, f.severity, f.message) for path in (bare, twice) for f in check_source(path)]
    assert found == [
        ("S007", 3, WARNING, "a table of contents, and no headings for it to list: every edition leaves it out"),
        ("S007", 9, WARNING, "a second table of contents: every edition sets the first only"),
    ]
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "-f", "html", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_lines_of_verse_that_markdown_would_run_together_are_found(tmp_path):
    """S008: a stanza typed a line a line, with no backslash or line block to keep the lines,
    is one line in every edition (CommonMark): said where it starts. Kept lines, wrapped
    prose and a line block are not."""
    path = tmp_path / "song.md"
    path.write_text(
        "# Песня\n\nКуплет:\n\nВставай, проклятьем заклеймённый,\nВесь мир голодных и рабов!\n\n"
        "Кипит наш разум возмущённый\\\nИ в смертный бой вести готов.\n\n"
        "Проза, перенесённая редактором на\nследующую строку.\n\n| Весь мир насилья\n| До основанья\n",
        encoding="utf-8",
    )
    found = [(f.code, f.line, f.severity) for f in check_source(path)]
    assert found == [("S008", 5, WARNING)]
