"""Themes, user stylesheets, settings and previews."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from test_pdf import embedded_fonts

from publish.cli import cli
from publish.errors import PublishError
from publish.themes import available_themes, load_theme

from conftest import ROOT, SAMPLE, build, epubcheck, problems

A4 = (595.28, 841.89)
A5 = (419.53, 595.28)
THEMES = {  # theme → (its fonts in the PDF, its page size)
    "classic": ({"PT-Serif", "PT-Sans"}, A5),
    "pamphlet": ({"PT-Sans"}, A4),
    "large-print": ({"PT-Sans"}, A4),
}


def test_publish_styles_lists_every_theme_with_a_description():
    result = CliRunner().invoke(cli, ["styles"])
    assert result.exit_code == 0
    for name in THEMES:
        line = next(line for line in result.output.splitlines() if line.startswith(name))
        assert len(line.split(None, 1)[1]) > 20


@pytest.mark.parametrize("theme", ["pamphlet", "large-print"])
def test_each_theme_builds_a_valid_epub_and_a_pdf_in_its_fonts_and_size(tmp_path, theme):
    built = build(SAMPLE, tmp_path, "epub", "pdf", style=theme)
    assert problems(epubcheck(built["epub"])) == []
    families, size = THEMES[theme]
    fonts = embedded_fonts(built["pdf"])
    assert {font.split("-Bold")[0].split("-Italic")[0] for font in fonts} == families
    page = PdfReader(built["pdf"]).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.5)


def test_large_print_is_large_and_ragged(tmp_path):
    pdf = build(SAMPLE, tmp_path, "pdf", style="large-print")["pdf"]
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(round(size * tm[0] * cm[0], 1))

    PdfReader(pdf).pages[1].extract_text(visitor_text=visit)
    body = max(set(sizes), key=sizes.count)
    assert body >= 16
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    source = SAMPLE.read_text(encoding="utf-8")
    broken = re.findall(r"(\w+)-\n(\w+)", text)
    assert all(f"{left}-{right}" in source for left, right in broken)  # only compounds, at their own hyphen


def test_a_user_stylesheet_changes_both_editions(tmp_path):
    user = tmp_path / "series.css"
    user.write_text('h1.title { font-family: "PT Sans"; font-style: italic; color: #123456; }\n', encoding="utf-8")
    built = build(SAMPLE, tmp_path / "out", "epub", "pdf", style=str(user))
    css = zipfile.ZipFile(built["epub"]).read("EPUB/styles/book.css").decode()
    assert css.rstrip().endswith('h1.title { font-family: "PT Sans"; font-style: italic; color: #123456; }')
    assert "PT-Sans-Bold-Italic" in embedded_fonts(built["pdf"])
    assert "PT-Sans-Bold-Italic" not in embedded_fonts(build(SAMPLE, tmp_path / "plain", "pdf")["pdf"])


def test_invalid_css_is_a_warning_with_file_and_line(project):
    (project / "broken.css").write_text("p { color: red; }\nh1 { color red }\nh2 { margin: ; }\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-f", "epub", "-f", "pdf", "--style", "broken.css"])
    assert result.exit_code == 0
    assert "broken.css:2:15: ignored: not a `property: value`" in result.output  # file:line:column
    assert "broken.css:3:6: ignored: margin has no value" in result.output
    assert "broken.css:1:" not in result.output
    assert result.output.count("broken.css:2:") == 1  # once, though two editions read it


def test_our_own_stylesheets_have_no_problems(project):
    result = CliRunner().invoke(cli, ["build", "-f", "epub", "-f", "pdf"])
    assert result.exit_code == 0, result.output  # a failed build has no warnings either
    assert (project / "dist" / "kazakhstan-2022.epub").is_file() and (
        project / "dist" / "kazakhstan-2022.pdf"
    ).is_file()
    assert "warning" not in result.output


def test_a_theme_may_name_any_installed_font_package_and_a_missing_one_is_a_clear_error(tmp_path):
    styles = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", styles)
    (styles / "themes" / "sans.toml").write_text('description = "x"\n[fonts]\ntext = "PT Sans"\n')
    assert {face.family for face in load_theme("sans", styles).fonts} == {"PT Sans"}
    (styles / "themes" / "fancy.toml").write_text('description = "x"\n[fonts]\ntext = "Playfair Display"\n')
    with pytest.raises(PublishError, match="fontpkg-playfair-display"):
        load_theme("fancy", styles)
    assert "fancy" in available_themes(styles)


def test_publish_toml_sets_the_style_and_metadata_defaults(project):
    (project / "publish.toml").write_text(
        'style = "pamphlet"\nformats = ["pdf"]\n[metadata]\nrights = "CC BY 4.0"\nkeywords = ["Казахстан"]\n',
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    reader = PdfReader(project / "dist" / "kazakhstan-2022.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 595  # pamphlet: A4
    assert reader.metadata["/Keywords"] == "Казахстан"
    assert CliRunner().invoke(cli, ["build", "-q", "--style", "classic"]).exit_code == 0
    assert round(float(PdfReader(project / "dist" / "kazakhstan-2022.pdf").pages[0].mediabox.width)) == 420


def test_preview_renders_the_pages_asked_for(project):
    result = CliRunner().invoke(cli, ["preview", "source/kazakhstan-2022.txt", "--pages", "1-2", "--style", "pamphlet"])
    assert result.exit_code == 0, result.output
    pictures = sorted((project / "dist" / "preview").iterdir())
    assert [p.name for p in pictures] == ["kazakhstan-2022-pamphlet-1.png", "kazakhstan-2022-pamphlet-2.png"]
    with Image.open(pictures[0]) as image:
        assert image.size == (827, 1170)  # A4 (210 × 297 mm) at 100 dpi, rounded up
        assert image.convert("L").getextrema()[0] < 50  # there is dark ink on it: text
    assert not (project / "dist" / "kazakhstan-2022.pdf").exists()


def test_preview_page_ranges_and_errors(project):
    from publish.writers.preview import parse_pages

    assert parse_pages("1-3") == [1, 2, 3]
    assert parse_pages("2,4-5,2") == [2, 4, 5]
    result = CliRunner().invoke(cli, ["preview", "source/kazakhstan-2022.txt", "--pages", "three"])
    assert result.exit_code == 1 and "pages must look like" in result.output
    result = CliRunner().invoke(cli, ["preview", "source/kazakhstan-2022.txt", "--pages", "50-60"])
    assert result.exit_code == 1  # (before: nothing written, nothing said, exit 0)
    assert re.search(r"kazakhstan-2022.txt: pages 50–60 asked for, but the PDF has \d+", result.output), result.output


def test_a_theme_of_a_manifest_alone_sets_its_fonts(tmp_path):
    styles = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", styles)
    (styles / "themes" / "sans.toml").write_text('description = "sans only"\n[fonts]\ntext = "PT Sans"\n')
    built = build(SAMPLE, tmp_path / "out", "pdf", style="sans", project=tmp_path)
    assert {font.split("-Bold")[0].split("-Italic")[0] for font in embedded_fonts(built["pdf"])} == {"PT-Sans"}


def test_a_fonts_licence_is_read_from_the_font(tmp_path):
    from fontTools.ttLib import TTFont

    from publish.themes import font_licence, load_theme, styles_dir

    face = load_theme("classic", styles_dir()).fonts[0]
    assert font_licence(face.path) == "SIL Open Font License"
    font = TTFont(str(face.path))
    for record in font["name"].names:
        if record.nameID in (13, 14):
            record.string = "Licensed under the Apache License, Version 2.0"
    font.save(tmp_path / "apache.ttf")
    assert font_licence(tmp_path / "apache.ttf") == "Apache License"


def test_cached_edition_css_is_the_css_and_still_warns(tmp_path, monkeypatch):
    """The CSS of stylesheets that refer to nothing comes from the disk cache on a second
    build, the same, with the same warnings; a stylesheet with a URL is read afresh."""
    from publish.resources import ResourceGate
    from publish.themes import edition_css, load_theme, styles_dir

    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(tmp_path / "cache"))
    broken = tmp_path / "broken.css"
    broken.write_text("h1 { color red }\n", encoding="utf-8")
    theme = load_theme("classic", styles_dir(), broken)

    class Policy:
        def __init__(self) -> None:
            self.warnings: list[str] = []
            self.urls: list[str] = []

        def __call__(self, url, stylesheet, line):
            self.urls.append(url)
            return None

        def warn(self, origin, message):
            self.warnings.append(f"{origin}: {message}")

    first, second = Policy(), Policy()
    fresh = edition_css(theme, "print", None, first)
    assert edition_css(theme, "print", None, second) == fresh
    assert list((tmp_path / "cache" / "edition-css").iterdir())  # the second came from the disk
    assert second.warnings == first.warnings and "broken.css:1" in first.warnings[0]

    broken.write_text('h1 { background: url("http://example.org/x.png") }\n', encoding="utf-8")
    third = Policy()
    assert "example.org" not in edition_css(theme, "print", None, third)
    assert third.urls == ["http://example.org/x.png"]
    assert ResourceGate  # the real policy is ResourceGate.stylesheet_policy (tested in test_hostile)


def test_a_broken_user_stylesheet_is_named_with_its_lines_and_skipped_not_a_failed_build(project):
    """A stray `]` or a pasted `<style>…</style>` made every source fail with "TypeError: Can
    not serialize <ParseError invalid>", blamed on the source."""
    (project / "mine.css").write_text("p { color: #222; }\n]\nh1 { color: navy }\n<style>p{}</style>\n")
    result = CliRunner().invoke(cli, ["build", "-f", "epub", "-f", "html", "-f", "pdf", "--style", "mine.css"])
    assert result.exit_code == 0, result.output
    assert "mine.css:2:1: ignored: `] h1` is not a selector" in result.output
    assert "mine.css:4:" in result.output and "ignored:" in result.output
    assert "TypeError" not in result.output and "failed" not in result.output


def test_a_project_theme_extends_a_shipped_one_and_the_shipped_ones_stay(tmp_path, monkeypatch):
    """Before, a house theme meant copying base.css and the edition sheets into the project,
    and then the shipped themes vanished ("unknown style 'classic'")."""
    monkeypatch.chdir(tmp_path)
    themes = tmp_path / "styles" / "themes"
    themes.mkdir(parents=True)
    (themes / "house.toml").write_text('description = "Дом"\nextends = "classic"\n[fonts]\nheadings = "PT Serif"\n')
    (themes / "house.css").write_text("h1 { color: #7a1010; }\n")
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source")
    listed = CliRunner().invoke(cli, ["styles"]).output
    assert all(name in listed for name in ("house", "classic", "pamphlet", "large-print"))
    result = CliRunner().invoke(cli, ["build", "-f", "epub", "-f", "pdf", "--style", "house"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "dist" / "kazakhstan-2022.epub") as book:
        css = book.read("EPUB/styles/book.css").decode()
    assert "#7a1010" in css and css.index("font-family") < css.index("#7a1010")  # classic's rules, then the house's
    assert {
        font.split("-Bold")[0].split("-Italic")[0] for font in embedded_fonts(tmp_path / "dist" / "kazakhstan-2022.pdf")
    } == {"PT-Serif"}
    assert CliRunner().invoke(cli, ["build", "-f", "html", "--style", "pamphlet"]).exit_code == 0
    (themes / "loop.toml").write_text('extends = "loop"\n')
    result = CliRunner().invoke(cli, ["build", "-f", "html", "--style", "loop"])
    assert result.exit_code == 1 and "loop.toml: extends: the name of another theme" in result.output


def test_init_makes_a_project_that_builds_as_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "demo"])
    assert result.exit_code == 0, result.output
    for made in ("source/example.md", "source/collection.book.toml", "publish.toml", "styles/themes/house.toml"):
        assert (tmp_path / "demo" / made).is_file(), made
    settings = (tmp_path / "demo" / "publish.toml").read_text(encoding="utf-8")
    from publish.settings import BY_KEY

    assert all(f"{key} =" in settings for key in BY_KEY)  # every setting listed, with its default
    monkeypatch.chdir(tmp_path / "demo")
    result = CliRunner().invoke(cli, ["build", "-f", "epub"])
    assert result.exit_code == 0, result.output
    assert "2 editions of 2 sources built" in result.output
    assert problems(epubcheck(tmp_path / "demo" / "dist" / "example.epub")) == []
    (tmp_path / "demo" / "source" / "example.md").write_text("# Моё\n\nМой текст.\n", encoding="utf-8")
    again = CliRunner().invoke(cli, ["init"])
    assert "kept source/example.md (already there)" in again.output
    assert (tmp_path / "demo" / "source" / "example.md").read_text(encoding="utf-8").startswith("# Моё")
