"""publish.toml: defaults < config file < command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.cli import cli
from publish.config import resolve_options
from publish.errors import PublishError


def test_without_a_config_the_defaults_hold(tmp_path):
    options = resolve_options({}, tmp_path)
    assert options.formats == ("epub", "pdf")
    assert options.out_dir == tmp_path / "dist"  # the project's, wherever publish runs
    assert options.style == "classic"
    assert options.soft_hyphens is True


def test_config_overrides_defaults_and_the_command_line_overrides_config(tmp_path):
    (tmp_path / "publish.toml").write_text(
        'formats = ["epub"]\nout = "editions"\nsoft-hyphens = false\nlang = "ru"\n', encoding="utf-8"
    )
    options = resolve_options({"formats": (), "out_dir": None, "soft_hyphens": None}, tmp_path)
    assert options.formats == ("epub",)
    assert options.out_dir == tmp_path / "editions"
    assert options.soft_hyphens is False
    assert options.language == "ru"
    options = resolve_options({"formats": ("pdf",), "soft_hyphens": True}, tmp_path)
    assert options.formats == ("pdf",)
    assert options.soft_hyphens is True


def test_bad_config_values_are_errors_naming_the_file(tmp_path):
    (tmp_path / "publish.toml").write_text('formats = ["docx"]\n', encoding="utf-8")
    with pytest.raises(PublishError, match="docx") as raised:
        resolve_options({}, tmp_path)
    assert raised.value.path == tmp_path / "publish.toml"
    (tmp_path / "publish.toml").write_text("soft-hyphens = 'no'\n", encoding="utf-8")
    with pytest.raises(PublishError, match="soft-hyphens"):
        resolve_options({}, tmp_path)


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ('style = "classic"\npage_size = "A4"\n', "publish.toml:2: unknown key 'page_size' (did you mean 'page-size'?"),
        ("colour = 'red'\n", "publish.toml:1: unknown key 'colour' (the settings: style, formats"),
        ('[metadata]\npublishr = "Изд"\n', "publish.toml:2: unknown key 'publishr' (did you mean 'publisher'?"),
        ('style = "classic\n', "publish.toml:1: not valid TOML"),
        ('style = "clasic"\n', "unknown style 'clasic' (did you mean 'classic'?"),
    ],
)
def test_a_setting_never_guessed_is_an_error_exiting_2_with_what_was_meant(project, toml, said):
    """A misspelt key only warned, and the PDF quietly stayed A5; broken TOML and an unknown
    theme exited 1 like a failed source. Every setting error exits 2 before any source is read."""
    (project / "publish.toml").write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-f", "html"])
    assert result.exit_code == 2, result.output
    assert said in result.output, result.output
    assert not (project / "dist").exists()


def test_the_soft_hyphen_switch_from_config_reaches_the_epub(project):
    tmp_path = project
    (tmp_path / "publish.toml").write_text('formats = ["epub"]\nsoft-hyphens = false\n', encoding="utf-8")

    def epub_text() -> str:
        return zipfile.ZipFile(tmp_path / "dist" / "kazakhstan-2022.epub").read("EPUB/text.xhtml").decode()

    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    assert "\u00ad" not in epub_text()
    assert CliRunner().invoke(cli, ["build", "-q", "--soft-hyphens"]).exit_code == 0
    assert "\u00ad" in epub_text()


def test_the_project_is_found_upward_as_git_finds_its_repository(project, monkeypatch):
    """publish.toml was read from the current folder only: run in source/, a build used no
    settings and wrote editions into source/dist."""
    import os

    (project / "publish.toml").write_text('formats = ["html"]\n', encoding="utf-8")
    monkeypatch.chdir(project / "source")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "kazakhstan-2022.html").is_file() and not (project / "source" / "dist").exists()
    monkeypatch.chdir(project)  # the same project from its own folder: nothing to build again
    assert "1 unchanged, not rebuilt" in CliRunner().invoke(cli, ["build"]).output
    monkeypatch.chdir(project.parent)
    result = CliRunner().invoke(cli, ["-C", project.name, "build", "-f", "epub"])
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "kazakhstan-2022.epub").is_file()
    if os.getuid() == 0:  # a publish.toml another user left in a folder above is not taken
        os.chown(project / "publish.toml", 65534, 65534)
        monkeypatch.chdir(project / "source")
        from publish.config import find_project

        assert find_project() == Path.cwd() or find_project() == Path(".")


# -- one table: every setting declared once (publish.settings) ---------------------------------


def test_the_table_and_the_options_declare_the_same_settings():
    from publish.settings import check_table

    check_table()


def test_build_help_lists_every_setting_with_its_default():
    from publish.settings import SETTINGS

    said = " ".join(CliRunner().invoke(cli, ["build", "--help"], terminal_width=400).output.split())
    for setting in SETTINGS:
        assert f"{setting.help} Default: {setting.default_in_words()}." in said, setting.key
        assert setting.flag in said


def test_the_readme_table_is_the_settings_table():
    from publish.settings import markdown_table

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme


def test_publish_init_lists_every_setting_and_each_example_is_a_value_that_works(tmp_path):
    """Uncommented, every line of the starter's publish.toml is a setting publish accepts."""
    import tomllib

    from publish.scaffold import starter_settings
    from publish.settings import SETTINGS

    text = starter_settings().decode()
    assert tomllib.loads(text)["style"] == "house"
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line.split("#")[1] else line for line in text.splitlines()
    )
    data = tomllib.loads(uncommented)
    assert [setting.key for setting in SETTINGS] == [key for key in data if key != "metadata"]
    (tmp_path / "publish.toml").write_text(uncommented.replace('"house"', '"classic"'), encoding="utf-8")
    (tmp_path / "hyphenation.txt").write_text("", encoding="utf-8")
    options = resolve_options({}, tmp_path)
    assert options.page_size == "A5" and options.bleed == "3mm" and options.site_url.startswith("https://")


@pytest.mark.parametrize(
    ("arguments", "toml", "said"),
    [
        (["--page-size", "B5"], "", "Invalid value for '--page-size'"),
        ([], 'page-size = "B5"\n', "publish.toml:1: page-size: unknown page size 'B5' (one of A4, A5, A6, letter)"),
        ([], 'bleed = "3 mm"\n', "publish.toml:1: bleed: bleed must be a length such as 3mm, not '3 mm'"),
        (["--bleed", "40mm"], "", "--bleed: a bleed of 40mm is more than the 25 mm any print shop asks for"),
        (["--url", "example.org"], "", "--url: 'example.org' is not the address of a web folder"),
        ([], '\n\nlang = "русский"\n', "publish.toml:3: lang: 'русский' is not a language tag"),
        ([], "marks = 'yes'\n", "publish.toml:1: 'marks' must be true or false, not 'yes'"),
        (
            [],
            '[metadata]\ngenre = "sci_politic"\n',
            "publish.toml:2: [metadata] genre: 'sci_politic' is not one of Fic",
        ),
    ],
)
def test_a_value_that_cannot_work_stops_the_build_before_any_source_is_read(project, arguments, toml, said):
    (project / "publish.toml").write_text(toml, encoding="utf-8")
    (project / "source" / "broken.md").write_bytes(b"\xff\xfe not read: the settings stop it first")
    result = CliRunner().invoke(cli, ["build", *arguments], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "broken.md" not in result.output and not (project / "dist").exists()


def test_a_page_size_is_taken_in_any_case_and_written_as_the_table_has_it(tmp_path):
    (tmp_path / "publish.toml").write_text('page-size = "a4"\n', encoding="utf-8")
    assert resolve_options({}, tmp_path).page_size == "A4"
    assert resolve_options({"page_size": "LETTER"}, tmp_path).page_size == "letter"
