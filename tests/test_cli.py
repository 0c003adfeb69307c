"""The command line as a user meets it: defaults, options, messages and exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from click.testing import CliRunner

from publish import __version__
from publish.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_shows_examples():
    result = run("build", "--help")
    assert result.exit_code == 0
    assert "Examples" in result.output and "publish build" in result.output


def test_build_without_arguments_builds_every_source_into_dist(project):
    result = run("build", "-f", "epub", "-f", "html")
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "kazakhstan-2022.epub").is_file()
    assert (project / "dist" / "kazakhstan-2022.html").is_file()
    assert not (project / "dist" / "kazakhstan-2022.pdf").exists()


def test_out_option_and_folder_argument(project):
    result = run("build", "source", "-o", "elsewhere", "-f", "html")
    assert result.exit_code == 0, result.output
    assert (project / "elsewhere" / "kazakhstan-2022.html").is_file()
    assert not (project / "dist").exists()


def test_a_failing_source_does_not_stop_the_others(project):
    (project / "source" / "broken.txt").write_text("   \n")
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert (project / "dist" / "kazakhstan-2022.html").is_file()
    assert not (project / "dist" / "broken.html").exists()
    assert "error: source/broken.txt:1: the source is empty" in result.output
    assert "1 of 2 sources failed" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(project):
    (project / "source" / "broken.txt").write_text("   \n")
    result = run("build", "--debug", "-f", "html")
    assert result.exit_code == 1
    assert "Traceback" in result.output


def test_missing_source_and_unknown_style_are_errors(project):
    result = run("build", "nowhere.txt")
    assert result.exit_code == 1
    assert "nowhere.txt" in result.output and "no such file" in result.output
    result = run("build", "--style", "nonesuch")
    assert result.exit_code == 2  # a setting, as a mistyped option
    assert "unknown style 'nonesuch'" in result.output and "classic" in result.output


def test_usage_errors_exit_with_2(project):
    assert run("build", "--format", "docx").exit_code == 2
    assert run("build", "--no-such-option").exit_code == 2


def test_quiet_prints_nothing_on_success_and_verbose_says_what_it_wrote(project):
    assert run("build", "-q", "-f", "html").output == ""
    assert "wrote dist/kazakhstan-2022.html" in run("build", "-v", "-f", "html", "--force").output


def test_an_epub_only_build_does_not_import_weasyprint(project):
    code = (
        "import sys\n"
        "from publish.cli import main\n"
        "sys.argv = ['publish', 'build', '-q', '-f', 'epub']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project, env=os.environ)
    assert result.returncode == 0, result.stderr
    assert (project / "dist" / "kazakhstan-2022.epub").is_file()


def test_typo_prints_typographed_text_keeping_line_breaks(tmp_path):
    source = tmp_path / "post.txt"
    source.write_text('Он сказал: "Привет" - и ушёл...\nВторая строка\n', encoding="utf-8")
    result = run("typo", str(source))
    assert result.exit_code == 0
    assert result.output == "Он\u00a0сказал: «Привет»\u00a0— и\u00a0ушёл…\nВторая строка\n"


def test_typo_reads_standard_input_and_html():
    result = CliRunner().invoke(cli, ["typo", "--html", "--lang", "ru"], input='<p>"Цитата" - <code>"x" - y</code></p>')
    assert result.exit_code == 0
    assert result.output == '<p>«Цитата»\u00a0— <code>"x" - y</code></p>'


def test_print_options_from_the_command_line(project):
    from pypdf import PdfReader

    result = run("build", "-f", "pdf", "--page-size", "a4", "--booklet", "--pdf-variant", "none")
    assert result.exit_code == 0, result.output
    page = PdfReader(project / "dist" / "kazakhstan-2022.pdf").pages[0]
    assert round(float(page.mediabox.width)) == 595
    assert (project / "dist" / "kazakhstan-2022.booklet.pdf").is_file()
    result = run("build", "-f", "pdf", "--bleed", "lots")
    assert result.exit_code == 2  # a bad setting, found before any source is read
    assert "--bleed: bleed must be a length" in result.output


def test_typo_reads_cp1251_and_reports_missing_files(tmp_path):
    source = tmp_path / "old.txt"
    source.write_bytes('"Привет" - сказал он'.encode("cp1251"))
    result = run("typo", str(source))
    assert result.exit_code == 0
    assert result.stdout == "«Привет»\u00a0— сказал он"
    assert "not UTF-8; read as cp1251" in result.stderr
    result = CliRunner().invoke(cli, ["typo", str(tmp_path / "absent.txt")])
    assert result.exit_code == 1 and "absent.txt" in result.output and "Traceback" not in result.output


def test_summary_counts_in_words(project):
    assert "1 edition of 1 source built in dist" in run("build", "-f", "html").output


def test_nothing_is_built_twice_and_any_change_rebuilds(project, monkeypatch):
    import os
    import shutil

    from conftest import ARTICLE

    shutil.copy(ARTICLE, project / "source")
    shutil.copy(ARTICLE.parent / "banner.png", project / "source")
    first = run("build", "-f", "epub", "-f", "html")
    assert first.exit_code == 0 and "4 editions of 2 sources built" in first.output
    epub = project / "dist" / "article.epub"
    made = epub.stat().st_mtime_ns
    again = run("build", "-f", "epub", "-f", "html")
    assert "0 editions of 0 sources built" in again.output and "2 unchanged, not rebuilt" in again.output
    assert epub.stat().st_mtime_ns == made  # not touched

    def rebuilt(change) -> str:
        change()
        return run("build", "-f", "epub", "-f", "html").output

    # the picture the article loads: a different one rebuilds the article, not the sample
    picture = project / "source" / "banner.png"
    assert "2 editions of 1 source built" in rebuilt(lambda: picture.write_bytes(picture.read_bytes() + b"\0"))
    css = project / "styles" / "html.css"
    assert "4 editions of 2 sources built" in rebuilt(lambda: css.write_text(css.read_text() + "\np { }\n"))
    assert "1 edition of 1 source built" in rebuilt(lambda: (project / "dist" / "article.html").unlink())  # that one
    assert "4 editions of 2 sources built" in rebuilt(lambda: (project / "publish.toml").write_text('lang = "ru"\n'))
    source = project / "source" / "article.md"
    assert "2 unchanged, not rebuilt" in rebuilt(lambda: os.utime(source, (1, 1)))  # touched: the same text
    assert "2 unchanged, not rebuilt" in rebuilt(lambda: source.write_bytes(source.read_bytes()))  # saved again
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a date asked for is in every book
    assert "4 editions of 2 sources built" in rebuilt(lambda: None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert "4 editions of 2 sources built" in run("build", "-f", "epub", "-f", "html", "--force").output
    # switching formats builds only the editions not made yet; the others stay as they are
    made = epub.stat().st_mtime_ns
    assert "2 editions of 2 sources built" in run("build", "-f", "epub", "-f", "fb2").output
    assert epub.stat().st_mtime_ns == made
    assert "2 unchanged, not rebuilt" in run("build", "-f", "html").output
    assert "2 unchanged, not rebuilt" in run("build", "-f", "fb2", "-f", "epub", "-f", "html").output


def test_sources_build_on_every_core_with_the_same_editions_and_messages_in_order(project, monkeypatch):
    import shutil

    from conftest import FIXTURES

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("planted.md", "zabastovka.md", "tarifrunde.md"):
        shutil.copy(FIXTURES / name, project / "source")
    shutil.copy(FIXTURES / "banner.png", project / "source")
    one = run("build", "-f", "epub", "-j", "1", "-o", "one")
    two = run("build", "-f", "epub", "-j", "2", "-o", "two")
    assert one.exit_code == two.exit_code == 0
    assert "4 editions of 4 sources built" in two.output
    editions = sorted(path.name for path in (project / "one").iterdir() if path.is_file())
    assert editions == sorted(path.name for path in (project / "two").iterdir() if path.is_file())
    for name in editions:
        assert (project / "one" / name).read_bytes() == (project / "two" / name).read_bytes(), name
    said = lambda result: [line for line in result.output.splitlines() if not line.startswith("4 editions")]  # noqa: E731
    assert said(one) == said(two) and any("planted.md" in line for line in said(two))


def test_a_progress_bar_only_for_a_person_at_a_terminal(monkeypatch):
    from publish.progress import show_progress

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    assert show_progress(Terminal(), quiet=False, count=12)
    assert not show_progress(Terminal(), quiet=True, count=12)  # -q
    assert not show_progress(Terminal(), quiet=False, count=1)  # one source: its own messages say enough
    assert not show_progress(io.StringIO(), quiet=False, count=12)  # a pipe, a log file
    monkeypatch.setenv("CI", "true")
    assert not show_progress(Terminal(), quiet=False, count=12)


def test_a_long_pdf_counts_its_pages_on_the_terminal_only(monkeypatch):
    import logging

    from publish.progress import pages_line

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    progress = logging.getLogger("weasyprint.progress")
    monkeypatch.delenv("CI", raising=False)
    for stream, quiet, expected in (
        (Terminal(), False, True),
        (Terminal(), True, False),
        (io.StringIO(), False, False),
    ):
        monkeypatch.setattr("sys.stderr", stream)
        with pages_line(quiet):
            progress.info("Step 5 - Creating layout - Page %d", 1)
            progress.info("Step 6 - Creating PDF")
        assert ("laying out page 1" in stream.getvalue()) is expected
        assert ("writing the PDF" in stream.getvalue()) is expected
        assert not progress.handlers  # nothing left behind


def test_a_picture_mended_or_added_later_builds_the_source_again(project):
    """A picture refused (a text under a .png name) or missing from a web page is in the stamp:
    mending or adding it rebuilds the source (before: "unchanged, not rebuilt", alt text kept)."""
    from PIL import Image as Picture

    (project / "source" / "kazakhstan-2022.txt").unlink()
    (project / "source" / "note.md").write_text("---\ntitle: Заметка\n---\n\n![Схема](pic.png)\n\nТекст.\n")
    (project / "source" / "pic.png").write_text("not a picture yet\n")
    (project / "source" / "page.html").write_text(
        '<html lang="ru"><head><title>Страница</title></head><body><p>Текст.</p><img src="map.png" alt="Карта">'
        "</body></html>"
    )
    first = run("build", "-f", "epub")
    assert first.exit_code == 0 and "2 editions of 2 sources built" in first.output, first.output
    assert "2 unchanged, not rebuilt" in run("build", "-f", "epub").output
    Picture.new("RGB", (40, 20), "red").save(project / "source" / "pic.png")
    assert "1 edition of 1 source built" in run("build", "-f", "epub").output
    Picture.new("RGB", (40, 20), "blue").save(project / "source" / "map.png")
    assert "1 edition of 1 source built" in run("build", "-f", "epub").output
    assert "2 unchanged, not rebuilt" in run("build", "-f", "epub").output


def test_files_publish_does_not_read_are_said_by_content_and_left_out_by_name(project):
    """An RTF in source/ was skipped without a word; given by name (or renamed .txt) it was
    built into a page of RTF control codes, exit 0."""
    source = project / "source"
    (source / "letter.rtf").write_text("{\\rtf1\\ansi Письмо}")
    (source / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    (source / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # a .doc renamed
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert "letter.rtf: left out: rich text (RTF), which publish does not read" in result.output
    assert "soffice --headless --convert-to docx letter.rtf" in result.output
    assert "scan.pdf: left out: a PDF" in result.output
    assert "old.docx: this file is a Word 97–2003 document (.doc), which publish does not read" in result.output
    assert (project / "dist" / "kazakhstan-2022.html").is_file()
    (source / "old.docx").unlink()
    (source / "letter.txt").write_text("{\\rtf1\\ansi Письмо}")
    result = run("build", "source/letter.txt", "-f", "html")
    assert result.exit_code == 1 and "letter.txt: this file is rich text (RTF)" in result.output
    assert not (project / "dist" / "letter.html").exists()


def test_the_progress_bar_is_one_line_that_fits_a_narrow_terminal(project):
    """At 40 columns, or 80 with a long file name, click's bar wrapped and left 13–20 broken
    lines on the terminal, and warnings were glued to its end. Run in a pseudo-terminal."""
    import fcntl
    import os
    import pty
    import re
    import select
    import struct
    import sys
    import termios

    long_name = "a-very-long-file-name-for-the-progress-bar-to-overflow-any-terminal"
    for name in (long_name, "b", "c"):
        (project / "source" / f"{name}.md").write_text(f"# {name}\n\nТекст «без пары.\n", encoding="utf-8")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: a build on a terminal 40 columns wide (pytest sets COLUMNS: not there)
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
        environment = {key: value for key, value in os.environ.items() if key not in ("CI", "COLUMNS", "LINES")}
        command = [sys.executable, "-m", "publish", "build", "-f", "html", "-j", "1"]
        os.execve(sys.executable, command, environment)
    said = b""
    while select.select([terminal], [], [], 60)[0]:
        try:
            data = os.read(terminal, 4096)
        except OSError:
            break
        if not data:
            break
        said += data
    os.waitpid(pid, 0)
    text = said.decode()
    draws = [part.removeprefix("\x1b[K") for part in re.split(r"[\r\n]", text) if "Building" in part]
    assert len(draws) >= 4, text
    assert all(len(draw) <= 39 and draw.startswith("Building") for draw in draws), draws
    assert f"{long_name[:5]}" in " ".join(draws) and "…" in " ".join(draws)
    assert text.count("warning:") == 3  # one a source: its quote without a pair
    assert text.count("\r\x1b[Kwarning:") == 3, text  # each said where the bar was cleared, on its own line
    assert len(re.findall(r"\r\x1b\[Kwarning:[^\r\n]*\r\n", text)) == 3
    assert re.search(r"\r\x1b\[K4 editions of 4 sources built in dist \(", text), text[-200:]  # the bar cleared


def test_version_from_the_installed_package_and_shell_completion():
    """`publish --version` says what pip installed; Click's completion knows every option."""
    import os
    import subprocess
    import sys
    from importlib.metadata import version

    assert f"publish, version {version('publish-editions')}" in run("--version").output
    script = "from publish.cli import main; main()"
    environment = {**os.environ, "_PUBLISH_COMPLETE": "bash_source"}
    source = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment)
    assert "complete -o nosort -F _publish_completion publish" in source.stdout
    environment = {
        **os.environ,
        "_PUBLISH_COMPLETE": "bash_complete",
        "COMP_WORDS": "publish build --pa",
        "COMP_CWORD": "2",
    }
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment)
    assert completed.stdout.strip() == "plain,--page-size"
