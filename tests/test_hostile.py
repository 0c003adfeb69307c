"""Projects written by someone else: links out of the project, YAML bombs, clashing names,
broken settings. Each case is refused with a clear message, nothing leaks into an edition,
and no traceback is shown."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.cli import cli

from conftest import FIXTURES

SECRET = "TOP-SECRET-4711 не для печати"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def secret(tmp_path_factory) -> Path:
    """A private file outside the project, as ~/.bashrc or ~/.ssh/id_rsa would be."""
    path = tmp_path_factory.mktemp("home") / "private.txt"
    path.write_text(f"Кто-то\n\n2024\nЗаголовок\n\n{SECRET}\n", encoding="utf-8")
    return path


def edition_texts(folder: Path) -> str:
    """Everything the built editions in `folder` hold, as text (EPUBs unzipped)."""
    texts = []
    for path in folder.glob("*"):
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                texts += [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
        elif path.suffix in (".html", ".css"):
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_a_source_that_links_out_of_the_project_is_refused(project, secret):
    (project / "source" / "notes.txt").symlink_to(secret)
    result = run("build", "-f", "epub", "-f", "html")
    assert result.exit_code == 1
    assert "source/notes.txt: refused: the source is a link to" in result.output
    assert "outside the project" in result.output and "Traceback" not in result.output
    assert (project / "dist" / "kazakhstan-2022.epub").is_file()  # the honest source still builds
    assert not list((project / "dist").glob("notes.*"))
    assert SECRET not in edition_texts(project / "dist")


@pytest.mark.parametrize("linked", ["source", "source/sub"])
def test_a_source_folder_linked_out_of_the_project_publishes_nothing_from_there(project, secret, linked):
    """`source -> ~/somewhere` committed to a repository (or a linked folder inside `source/`):
    its files are refused by name, whether the folder or a file in it is given."""
    if linked == "source":
        (project / "source" / "kazakhstan-2022.txt").rename(project / "kept.txt")
        (project / "source").rmdir()
    (project / linked).symlink_to(secret.parent, target_is_directory=True)
    for given in (
        ([], [f"{linked}/private.txt"]) if linked == "source" else ([f"{linked}/private.txt"],)
    ):  # no sub-folders
        result = run("build", "-f", "epub", "-f", "html", *given)
        assert result.exit_code == 1, result.output
        assert f"{linked}/private.txt: refused: the source is in {linked}, a link to" in result.output
        assert "Traceback" not in result.output
        assert SECRET not in edition_texts(project / "dist")


def test_a_link_inside_the_project_is_followed(project):
    (project / "drafts").mkdir()
    (project / "drafts" / "article.txt").write_text(
        (project / "source" / "kazakhstan-2022.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (project / "source" / "article.txt").symlink_to(project / "drafts" / "article.txt")
    result = run("build", "-f", "html")
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "article.html").is_file()


def test_a_linked_source_does_not_open_the_folder_it_points_into(project, secret):
    """A link to a file in another folder must not make that folder readable for images."""
    (project / "source" / "notes.md").symlink_to(secret.with_name("notes.md"))
    secret.with_name("notes.md").write_text(f"# Заметки\n\n![x](private.txt)\n\n{SECRET}\n", encoding="utf-8")
    result = run("build", "-f", "epub")
    assert result.exit_code == 1
    assert SECRET not in edition_texts(project / "dist")


def test_a_stylesheet_or_styles_folder_linked_out_of_the_project_is_refused(project, secret):
    (project / "styles" / "base.css").unlink()
    (project / "styles" / "base.css").symlink_to(secret)
    result = run("build", "-f", "epub")
    assert result.exit_code == 1
    assert "refused: the stylesheet is a link to" in result.output
    assert not (project / "dist" / "kazakhstan-2022.epub").exists()

    outside_styles = secret.parent / "styles"
    (project / "styles").rename(outside_styles)
    (project / "styles").symlink_to(outside_styles)
    result = run("build", "-f", "epub")
    assert result.exit_code == 1
    assert "refused: the styles folder is a link to" in result.output


def test_an_exceptions_file_outside_the_project_is_not_read(project, secret):
    (project / "publish.toml").write_text(f'hyphenation-exceptions = "{secret}"\n', encoding="utf-8")
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert "refused: the hyphenation exceptions file is outside the project" in result.output
    assert SECRET not in result.output


def test_a_yaml_alias_bomb_is_refused_at_once(project):
    levels = ["a0: &a0 [лол, лол, лол, лол, лол, лол, лол, лол, лол]"]
    levels += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    front = "\n".join(levels)
    (project / "source" / "bomb.md").write_text(f"---\ntitle: Бомба\n{front}\n---\n\nТекст.\n", encoding="utf-8")
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert "source/bomb.md:4: front matter may not use YAML aliases" in result.output
    assert (project / "dist" / "kazakhstan-2022.html").is_file()


def test_two_sources_that_would_write_the_same_editions_are_an_error(project):
    (project / "source" / "kazakhstan-2022.md").write_text("# Другое\n\nТекст.\n", encoding="utf-8")
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert (
        "kazakhstan-2022.md and source/kazakhstan-2022.txt would both be built as kazakhstan-2022.*" in (result.output)
        or "kazakhstan-2022.txt and source/kazakhstan-2022.md would both" in result.output
    )
    assert not (project / "dist").exists()


@pytest.mark.parametrize(
    ("other", "file"),
    [
        ("kazakhstan-2022.kepub.md", "kazakhstan-2022.kepub.epub"),
        ("kazakhstan-2022.booklet.md", "kazakhstan-2022.booklet.pdf"),
    ],
)
def test_a_source_named_like_anothers_edition_is_an_error_not_a_lost_edition(project, other, file):
    """a.kepub.md's EPUB would be a.md's KEPUB, a.booklet.md's PDF a.md's booklet: one edition
    silently replaced the other ("4 editions" reported, 3 files)."""
    (project / "source" / other).write_text("# Другое\n\nТекст.\n", encoding="utf-8")
    result = run("build", "-f", "epub", "-f", "kepub", "-f", "pdf", "--booklet")
    assert result.exit_code == 1
    assert f"could both write {file}; rename one" in result.output
    assert "Traceback" not in result.output
    assert not (project / "dist").exists()


def test_settings_and_theme_files_that_are_not_utf8_or_malformed_give_an_error_not_a_traceback(project):
    (project / "publish.toml").write_bytes('style = "классика"\n'.encode("cp1251"))
    result = run("build", "-f", "html")
    assert result.exit_code == 2  # a setting
    assert "publish.toml: not UTF-8 text" in result.output and "Traceback" not in result.output
    (project / "publish.toml").unlink()

    (project / "styles" / "themes" / "odd.toml").write_text('description = "x"\nfonts = "PT Serif"\n')
    result = run("build", "-f", "html", "--style", "odd")
    assert result.exit_code == 1
    assert "[fonts] must be a table" in result.output and "Traceback" not in result.output
    (project / "styles" / "themes" / "odd.toml").write_bytes(b'description = "\xff"\n')
    result = run("build", "-f", "html", "--style", "odd")
    assert result.exit_code == 1
    assert "theme manifest is not UTF-8 text" in result.output and "Traceback" not in result.output


HOSTILE_CSS = r"""
p.a {{ background: \75 rl({server}/escaped-url.png); }}
p.b {{ background: u\72l({server}/escaped-r.png); }}
p.c {{ background: url({host}\3A {port}/escaped-colon.png); }}
p.d {{ background: image-set("{server}/image-set.png" 1x); }}
p.e {{ background: -webkit-image-set(url({server}/webkit.png) 1x); }}
@import "{server}/imported.css";
@font-face {{ font-family: Far; src: url("{server}/font.woff2"); }}
@font-face {{ font-family: Near; src: src("{server}/src-function.woff2"); }}
:root {{ --smuggled: "{server}/custom-property.png"; }}
p.f {{ background-image: image-set(var(--smuggled) 1x); }}
h1 {{ font-family: Near, serif; }}
body {{ font-family: Far, serif; }}
"""


def test_no_spelling_of_a_url_in_a_stylesheet_reaches_the_network(project, local_server):
    """The HTML edition, opened in a real browser, asks the network for nothing; the EPUB's
    stylesheet names no server."""
    import shutil
    import subprocess

    server, requests = local_server
    host, port = server.rsplit(":", 1)
    (project / "hostile.css").write_text(HOSTILE_CSS.format(server=server, host=host, port=port), encoding="utf-8")
    result = run("build", "-f", "html", "-f", "epub", "--style", "hostile.css")
    assert result.exit_code == 0, result.output
    assert result.output.count("the network is never reached") >= 6
    assert "var() inside image-set() is not followed" in result.output
    html = (project / "dist" / "kazakhstan-2022.html").read_text(encoding="utf-8")
    assert "127.0.0.1" not in html and "escaped" not in html
    assert "127.0.0.1" not in edition_texts(project / "dist")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "the test needs Debian's chromium (apt-get install chromium)"
    subprocess.run(
        [chromium, "--headless", f"--user-data-dir={project.parent / 'chromium'}", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000", "--dump-dom",
         (project / "dist" / "kazakhstan-2022.html").as_uri()],
        capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    assert requests == []


def test_custom_properties_are_resolved_as_css_means_them(tmp_path):
    from publish.themes.css import resolve_custom_properties

    css = resolve_custom_properties(
        ":root { --accent-color: #0a0 }\n"  # no final semicolon
        "@media print { :root { --accent-color: #000 } h1 { color: var(--accent-color) } }\n"
        "h2 { color: var(--accent-color); margin: var(--unset, 1em 2em) }\n"
    )
    css = " ".join(css.split())
    assert "h2 { color: #0a0; margin: 1em 2em;}" in css
    assert "@media print { h1 { color: #000;} }" in css  # scoped to the @media block, and kept in it
    assert "var(" not in css


def test_images_are_named_by_content_checked_by_content_and_hostile_svg_refused(tmp_path):
    from PIL import Image as Picture

    from conftest import epubcheck, problems

    folder = tmp_path / "project"
    (folder / "pictures").mkdir(parents=True)
    Picture.new("RGB", (40, 20), "red").save(folder / "pictures" / "точка.png")
    Picture.new("RGB", (40, 20), "red").save(folder / "pictures" / "с пробелом.png")
    Picture.new("RGB", (40, 20), "blue").save(folder / "photo.png", format="JPEG")  # a JPEG under a .png name
    (folder / "fake.png").write_text("not a picture at all\n")
    Picture.new("1", (8000, 8000)).save(folder / "huge.png")  # 64 million pixels in a few kilobytes
    (folder / "evil.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )
    (folder / "remote.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="http://127.0.0.1:9/x.png" width="10" height="10"/></svg>'
    )
    (folder / "script.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (folder / "styled.svg").write_text(  # (epubcheck RSC-006 before: a remote resource)
        '<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: u\\72l(http://127.0.0.1:9/p.svg#g) }</style>'
        '<rect width="10" height="10"/></svg>'
    )
    (folder / "painted.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10" fill="url(#a)"'
        ' filter="url(http://127.0.0.1:9/f.svg#f)"/></svg>'
    )
    (folder / "fine.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    source = folder / "pictures.md"
    source.write_text(
        "---\ntitle: Картинки\nlang: ru\n---\n\n"
        "![Точка](pictures/точка.png)\n\n![Та же точка](pictures/../pictures/точка.png)\n\n"
        "![Ещё раз](<pictures/с пробелом.png>)\n\n![Фото](photo.png)\n\n![Текст](fake.png)\n\n"
        "![Огромное](huge.png)\n\n![Злое](evil.svg)\n\n![Далёкое](remote.svg)\n\n![Скрипт](script.svg)\n\n"
        "![Стиль](styled.svg)\n\n![Краска](painted.svg)\n\n"
        "![Простое](fine.svg)\n\nКонец.\n",
        encoding="utf-8",
    )
    result = run("build", str(source), "-f", "epub", "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name, why in (
        ("photo.png", "is a JPEG file under a .png name"),
        ("fake.png", "is not a picture"),
        ("huge.png", "is 8000 × 8000 pixels"),
        ("evil.svg", "has a DOCTYPE"),
        ("remote.svg", "refers to http://127.0.0.1:9/x.png"),
        ("script.svg", "holds a <script>"),
        ("styled.svg", "refers to another file in its stylesheet"),
        ("painted.svg", "refers to another file in its filter attribute"),
    ):
        assert f"image {name} {why}" in result.output, name
    epub = tmp_path / "out" / "pictures.epub"
    assert problems(epubcheck(epub)) == []
    with zipfile.ZipFile(epub) as book:
        images = sorted(name for name in book.namelist() if name.startswith("EPUB/images/") and "cover" not in name)
        text = "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml"))
    assert len(images) == 2  # the red dot under three names is one file; the fine SVG the other
    assert all(".." not in name and str(tmp_path) not in name for name in images)
    assert "Фото" in text and "Злое" in text  # the alt text stands in for what was refused
    html = (tmp_path / "out" / "pictures.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*>", html)  # the page's own schema.org metadata only
    assert "passwd" not in html and "127.0.0.1" not in html and scripts == ['<script type="application/ld+json">']


@pytest.mark.parametrize(
    ("flags", "toml", "message"),
    [
        (["--bleed", "-5mm"], None, "--bleed: bleed must be a length such as 3mm, not '-5mm'"),
        (["--bleed", "20000mm"], None, "--bleed: a bleed of 20000mm is more than the 25 mm"),
        (["--lang", 'xx"><script>'], None, "--lang: 'xx\"><script>' is not a language tag"),
        (["--pdf-variant", "pdf/x-1a"], None, "--pdf-variant: pdf/x-1a is not made here"),
        ([], 'page-size = "B7"\n', "publish.toml:1: page-size: unknown page size 'B7'"),
        ([], 'bleed = "lots"\n', "publish.toml:1: bleed: bleed must be a length"),
        ([], 'pdf-variant = "pdf/z"\n', "publish.toml:1: pdf-variant: unknown PDF variant 'pdf/z'"),
        ([], "lang = 7\n", "publish.toml:1: 'lang' must be text in quotes, not 7"),
    ],
)
def test_bad_settings_are_found_before_any_source_is_read(project, flags, toml, message):
    if toml:
        (project / "publish.toml").write_text(toml, encoding="utf-8")
    result = run("build", "-f", "epub", "-f", "pdf", *flags)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (project / "dist").exists()  # no edition was written before the setting was found bad


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [a, b]", "pictures.md:3: title: one value, not ['a', 'b']"),
        ("date: 2024-13-45", "pictures.md:3: date: '2024-13-45' is not a date"),
        ("lang: 7", "pictures.md:3: lang: '7' is not a language tag"),
        ('lang: "xx\\"><script>"', "is not a language tag"),
        ("author: {name: x}", "pictures.md:3: author: a name or a list of names"),
    ],
)
def test_front_matter_values_are_checked_with_their_line(tmp_path, front, message):
    source = tmp_path / "pictures.md"
    source.write_text(f"---\ntitle: Заголовок\n{front}\n---\n\nТекст.\n".replace("title: Заголовок\ntitle", "title"))
    if front.startswith("title"):
        source.write_text(f"---\nlang: ru\n{front}\n---\n\nТекст.\n")
    result = run("build", str(source), "-f", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "pictures.epub").exists()


def test_control_characters_in_metadata_are_removed_and_the_epub_stays_valid(tmp_path):
    from conftest import epubcheck, problems

    source = tmp_path / "odd.md"
    source.write_text('---\ntitle: "Заголовок\\x0b с\\uD800 сюрпризом"\nlang: ru\n---\n\nТекст.\n', encoding="utf-8")
    result = run("build", str(source), "-f", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "odd.md:2: control characters removed" in result.output
    assert problems(epubcheck(tmp_path / "out" / "odd.epub")) == []


def test_ordinary_markdown_links_make_a_valid_epub_and_sensible_html(tmp_path):
    from conftest import epubcheck, problems

    source = tmp_path / "links.md"
    source.write_text(
        "---\ntitle: Ссылки\nlang: ru\n---\n\n## Первая часть\n\nСм. [вторую часть](#section-2), [другую статью](other.md#x),"
        " [файл](files/doc.pdf), [сайт](https://example.org/) и [нигде](#no-such-heading).\n\n"
        "## Вторая часть\n\nНазад к [первой](#section-1).\n",
        encoding="utf-8",
    )
    result = run("build", str(source), "-f", "epub", "-f", "html", "-f", "pdf", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "a link to #no-such-heading, which no heading has; set as text" in result.output
    assert problems(epubcheck(tmp_path / "out" / "links.epub")) == []
    with zipfile.ZipFile(tmp_path / "out" / "links.epub") as book:
        first = book.read("EPUB/part-1.xhtml").decode().replace("\u00ad", "")
    assert 'href="part-2.xhtml#section-2"' in first  # the heading is in the other file of the book
    assert "other.md" not in first and "files/doc.pdf" not in first and "другую статью" in first
    html = (tmp_path / "out" / "links.html").read_text(encoding="utf-8")
    assert 'href="other.html#x"' in html and 'href="#section-2"' in html and 'href="files/doc.pdf"' in html
    assert 'href="https://example.org/"' in html and "no-such-heading" not in html


def test_short_cyrillic_code_pages_utf16_without_a_mark_and_a_stray_utf8_byte():
    from publish.errors import PublishError
    from publish.readers.encoding import decode_source

    text = "Съешь же ещё этих мягких булок, да выпей чаю."
    for encoding in ("cp1251", "koi8_r", "cp866"):  # charset-normalizer read such a line as CP1250
        assert decode_source(text.encode(encoding), Path("short.txt")).text == text, encoding
    for encoding in ("utf-16-le", "utf-16-be"):  # was: "binary data (a NUL byte)"
        assert decode_source(("Hello, " + text).encode(encoding), Path("wide.txt")).text == "Hello, " + text
    broken = "Первая строка\nвторая строка\nтретья".encode().replace("вторая".encode(), b"\xff" + "вторая".encode())
    with pytest.raises(PublishError) as error:
        decode_source(broken, Path("broken.txt"))
    assert error.value.line == 2 and "stray byte 0xFF" in error.value.message
    french = "Le café est à côté de l'école, naïvement.".encode("cp1252")
    assert decode_source(french, Path("fr.txt")).encoding != "cp1251"  # a few accents are not Cyrillic


def test_limits_say_so(tmp_path, monkeypatch):
    import publish.readers as readers
    from publish.errors import PublishError
    from publish.writers.preview import parse_pages

    long_line = tmp_path / "line.txt"
    long_line.write_text("Издатель\n\n2024\nЗаголовок\n\n" + "слово " * 200_000 + "\n", encoding="utf-8")
    result = run("build", str(long_line), "-f", "pdf", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "line.txt:6: a paragraph of 1,200,001 characters; at most 1,000,000" in result.output
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("Издатель\n\n2024\nЗаголовок\n\n" + "Текст абзаца.\n\n" * 200, encoding="utf-8")
    with pytest.raises(PublishError, match="at most 0 MB"):
        readers.read_source(big)
    with pytest.raises(PublishError, match="past the last page"):
        parse_pages("1,1-999999999999")
    assert parse_pages("3,1-2,2") == [3, 1, 2]


def test_a_book_too_long_for_one_edition_is_refused_before_it_is_set(tmp_path):
    """Ten megabytes of one word repeated (a source under the 20 MB limit, paragraphs under
    theirs) would be some 2 700 pages and gigabytes of layout: refused at once, nothing written."""
    huge = tmp_path / "huge.txt"
    paragraph = "слово " * 150_000 + "конец.\n\n"
    huge.write_text("Издатель\n\n2024\nЗаголовок\n\n" + paragraph * 6, encoding="utf-8")
    result = run("build", str(huge), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "huge.txt: the book's text runs past 5,000,000 characters" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_collection_stops_reading_at_the_text_that_makes_it_too_long(tmp_path, monkeypatch):
    import publish.build as build_module
    import publish.limits

    monkeypatch.setattr(publish.limits, "MAX_BOOK_CHARACTERS", 3_000)
    read: list[str] = []
    reader = build_module.read_source
    monkeypatch.setattr(build_module, "read_source", lambda path, *rest: read.append(path.name) or reader(path, *rest))
    for name in ("a", "b", "c", "d"):
        text = "Каждая статья сборника говорит о своём, и говорит подробно. " * 20  # 1 200 characters
        (tmp_path / f"{name}.txt").write_text(f"Статья {name}\n\n{text}\n", encoding="utf-8")
    book = tmp_path / "issue.book.toml"
    book.write_text('title = "Сборник"\nsources = ["a.txt", "b.txt", "c.txt", "d.txt"]\n', encoding="utf-8")
    result = run("build", str(book), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "issue.book.toml: at c.txt: the book's text runs past 3,000 characters" in result.output
    assert read == ["a.txt", "b.txt", "c.txt"]  # d.txt never read


def test_a_stylesheets_images_are_checked_too_and_a_bad_cover_colour_names_its_theme(project):
    (project / "evil.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (project / "mine.css").write_text("body { background: url(evil.svg); }\n", encoding="utf-8")
    result = run("build", "-f", "epub", "-f", "html", "--style", "mine.css")
    assert result.exit_code == 0, result.output
    assert "mine.css:1: refused evil.svg: the image holds a <script>" in result.output
    assert "alert(1)" not in edition_texts(project / "dist")

    (project / "styles" / "themes" / "odd.toml").write_text('description = "x"\n[cover]\nbackground = "bluish"\n')
    result = run("build", "-f", "epub", "--style", "odd")
    assert result.exit_code == 1
    assert "odd.toml: [cover] background: 'bluish' is not a colour" in result.output


def test_markdown_notes_without_blank_lines_are_not_one_long_paragraph(tmp_path, monkeypatch):
    import publish.readers as readers

    monkeypatch.setattr(readers, "MAX_PARAGRAPH", 500)
    notes = "\n".join(f"[^{n}]: Примечание номер {n}, довольно длинное." for n in range(1, 41))
    source = tmp_path / "notes.md"
    source.write_text(
        "---\ntitle: Т\nlang: ru\n---\n\n" + " ".join(f"с[^{n}]" for n in range(1, 41)) + "\n\n" + notes + "\n"
    )
    assert len(readers.read_source(source).notes) == 40


def test_a_stylesheet_named_in_publish_toml_must_be_the_projects(project, secret):
    outside = secret.with_name("theirs.css")
    outside.write_text("body { color: red; }\n", encoding="utf-8")
    (project / "publish.toml").write_text(f'style = "../{outside.parent.name}/theirs.css"\n', encoding="utf-8")
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert "refused: the stylesheet `style` names is outside the project" in result.output
    assert "color: red" not in "".join(p.read_text() for p in (project / "dist").glob("*") if p.is_file())


def test_a_stamp_from_elsewhere_or_a_doctored_edition_is_never_trusted(project):
    """A repository may ship dist/ with an edition of its own and a stamp that vouches for it:
    the stamp is not signed with this machine's key, so the edition is built again."""
    import json

    assert run("build", "-f", "epub").exit_code == 0
    epub = project / "dist" / "kazakhstan-2022.epub"
    stamp = project / "dist" / ".publish" / "kazakhstan-2022.json"
    epub.write_bytes(b"an edition from somebody else")  # a doctored edition: its digest no longer matches
    assert "1 edition of 1 source built" in run("build", "-f", "epub").output
    assert epub.read_bytes().startswith(b"PK")
    forged = json.loads(stamp.read_text())
    body = json.loads(forged["stamp"])
    body["loaded"] = ["/dev/zero"]  # a signed-looking stamp that names a device: never read
    forged["stamp"] = json.dumps(body)
    stamp.write_text(json.dumps(forged))
    result = run("build", "-f", "epub")
    assert "1 edition of 1 source built" in result.output and result.exit_code == 0


def test_a_javascript_link_behind_a_control_character_or_a_tab_is_never_written(tmp_path):
    """Browsers drop controls and spaces around an address and tabs inside it, and the XML
    writer drops the other controls: each spelling below would have become a live javascript:
    link in the web page. Read as a browser reads them, they are text in every edition."""
    spellings = ["&#x01;javascript:fetch(1)", " \tjava\tscript:fetch(2)", "&#x1f;JavaScript:fetch(3)", "\x0bdata:,x"]
    links = "".join(f'<p>Ссылка <a href="{href}">номер {n}</a> в тексте.</p>' for n, href in enumerate(spellings))
    source = tmp_path / "links.html"
    source.write_text(
        f"<html lang='ru'><head><title>Ссылки</title></head><body><h1>Ссылки</h1>{links}"
        "<p>И <a href='https://example.org/'>настоящая</a> ссылка.</p></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("build", "-f", "html", "-f", "epub", "-f", "fb2", "-o", str(out), str(source))
    assert result.exit_code == 0, result.output
    texts = edition_texts(out) + (out / "links.fb2").read_text(encoding="utf-8")
    assert re.search(r"(?i)j\W*a\W*v\W*a\W*s\W*c\W*r\W*i\W*p\W*t\s*:|data:,x", texts) is None
    assert "https://example.org/" in texts
    assert "номер 0" in texts and "номер 3" in texts  # the words stay, as text


def test_control_characters_in_file_names_are_shown_escaped(project):
    """A file name from someone's repository with a terminal escape (here: set the window's
    title) is printed with its control characters escaped, in errors and in the summary."""
    name = "z\x1b]0;owned\x07.md"
    (project / "source" / name).write_text("---\ntitle: [unclosed\n---\n\nТекст.\n", encoding="utf-8")
    result = run("build", "-f", "html")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "z\\x1b]0;owned\\x07.md:2: front matter is not valid YAML" in result.output


def test_a_project_cannot_send_its_editions_out_of_itself(project, tmp_path_factory):
    """`out = "../elsewhere"` in publish.toml, or a `dist` committed as a link elsewhere: a
    settings error (exit 2) naming it, nothing written there; `-o` on the command line may."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "kazakhstan-2022.html").write_text("someone's file")
    (project / "publish.toml").write_text(f'out = "../{elsewhere.name}"\n')
    result = run("build", "-f", "html")
    assert result.exit_code == 2, result.output
    assert "publish.toml: out: ../" in result.output and "leads out of the project" in result.output
    (project / "publish.toml").unlink()
    (project / "dist").symlink_to(elsewhere)
    result = run("build", "-f", "html")
    assert result.exit_code == 2, result.output
    assert "dist: dist leads out of the project" in result.output and "Traceback" not in result.output
    assert (elsewhere / "kazakhstan-2022.html").read_text() == "someone's file"
    result = run("build", "-f", "html", "-o", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert "someone's file" not in (elsewhere / "kazakhstan-2022.html").read_text()


def test_nesting_past_any_need_is_refused_quickly_with_its_line(project):
    """Fifty kilobytes of brackets one inside another: a RecursionError traceback in TOML
    (settings, a theme manifest, a collection, even `publish styles`) and minutes of CPU in
    YAML front matter before. Now an error naming the file and line, at once."""
    deep = "[" * 25_000 + "]" * 25_000
    (project / "publish.toml").write_text(f'style = "classic"\nx = {deep}\n')
    result = run("build", "-f", "html")
    assert result.exit_code == 1 and "publish.toml:2: brackets nested more than 32 deep" in result.output
    (project / "publish.toml").unlink()
    (project / "styles" / "themes" / "deep.toml").write_text(f'description = "x"\nx = {deep}\n')
    result = run("styles")
    assert "deep.toml:2: brackets nested more than 32 deep" in result.output, result.output
    (project / "styles" / "themes" / "deep.toml").unlink()
    (project / "source" / "issue.book.toml").write_text(f'title = "Выпуск"\nsources = {deep}\n')
    (project / "source" / "deep.md").write_text(f"---\ntitle: x\nkeywords: {deep}\n---\n\nТекст.\n")
    result = run("build", "-f", "html")
    assert "issue.book.toml:2: brackets nested more than 32 deep" in result.output, result.output
    assert "deep.md:3: brackets nested more than 32 deep" in result.output
    assert "Traceback" not in result.output


def _crafted_emf() -> bytes:
    """An EMF header of 104 bytes whose frame is zero wide: Pillow's EMF reader divides by it."""
    import struct

    header = bytearray(104)
    header[0:8] = struct.pack("<II", 1, 104)
    header[8:24] = struct.pack("<4i", 0, 0, 100, 100)  # bounds
    header[40:44] = b" EMF"  # (the frame, bytes 24-40, left zero)
    return bytes(header)


def test_a_crafted_picture_is_a_warning_not_a_failed_source(project):
    """Beside Markdown under its own name and a PNG's, and as a data: URL in a web page, the
    picture is left out with a warning and the source builds; named as the cover, it is an
    error naming it (before: each failed the source with an internal ZeroDivisionError)."""
    import base64

    emf = _crafted_emf()
    (project / "source" / "pic.emf").write_bytes(emf)
    (project / "source" / "pic.png").write_bytes(emf)
    (project / "source" / "kazakhstan-2022.txt").unlink()
    note = "---\ntitle: Заметка\n---\n\n![Схема](pic.emf)\n\n![Карта](pic.png)\n\nТекст.\n"
    (project / "source" / "note.md").write_text(note, encoding="utf-8")
    data_url = "data:image/png;base64," + base64.b64encode(emf).decode()
    (project / "source" / "page.html").write_text(
        f'<html lang="ru"><head><title>Страница</title></head><body><h1>Страница</h1><p>Текст.</p>'
        f'<img src="{data_url}" alt="Схема"></body></html>',
        encoding="utf-8",
    )
    result = run("build", "-f", "epub", "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert result.output.count("is not a picture publish can read") == 3, result.output
    assert sorted(path.name for path in (project / "dist").glob("*.*") if path.is_file()) == [
        "note.epub", "note.pdf", "page.epub", "page.pdf"
    ]  # fmt: skip
    (project / "source" / "note.md").write_text(note.replace("title: Заметка", "title: Заметка\ncover: pic.png"))
    result = run("build", "-f", "epub")
    assert result.exit_code == 1
    assert "note.md:3: cover image 'pic.png' is not a picture publish can read" in result.output
    assert "Error" not in result.output and "Traceback" not in result.output


def test_a_stylesheets_page_size_cannot_make_preview_eat_the_memory(project):
    """`@page { size: 5000mm 5000mm }` in a project's stylesheet asked the preview for a picture
    of 387 million pixels (a MemoryError traceback); now an error naming the limit, no file."""
    (project / "huge.css").write_text("@page { size: 5000mm 5000mm; }\n")
    result = run("preview", "source/kazakhstan-2022.txt", "--pages", "1", "--style", "huge.css", "-o", "previews")
    assert result.exit_code == 1
    assert "over the 75 million a preview may take" in result.output and "Traceback" not in result.output
    assert not (project / "previews").exists() or not list((project / "previews").iterdir())


def test_a_pdf_that_runs_past_its_texts_pages_is_stopped(project):
    """One-line paragraphs and a project stylesheet's `p { break-after: page }`: before, the
    layout went on for as many pages as there were paragraphs (0.9 MB: 1.46 GB and no PDF after
    15 minutes). Now it stops at the pages its text could fill, with an error, no PDF."""
    (project / "source" / "kazakhstan-2022.txt").unlink()
    lines = "\n\n".join(f"Строка {number}." for number in range(1, 700))
    (project / "source" / "many.md").write_text(f"---\ntitle: Много\n---\n\n{lines}\n", encoding="utf-8")
    (project / "breaking.css").write_text("p { break-after: page; }\n")
    result = run("build", "-f", "pdf", "--style", "breaking.css")
    assert result.exit_code == 1, result.output
    assert "many.md: the PDF runs past" in result.output and "pages, more than its text could fill" in result.output
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.pdf"))


def test_a_source_whose_last_edition_fails_replaces_none_of_its_editions(project):
    """The web page and the EPUB are written first; when the PDF then fails, they stay as the
    last good build left them (before: replaced, beside an old PDF: a mixed set)."""
    (project / "source" / "kazakhstan-2022.txt").unlink()
    lines = "\n\n".join(f"Строка {number}." for number in range(1, 700))
    (project / "source" / "many.md").write_text(f"---\ntitle: Много\n---\n\n{lines}\n", encoding="utf-8")
    assert run("build", "-f", "html", "-f", "epub", "-f", "pdf").exit_code == 0
    before = {path.name: path.read_bytes() for path in (project / "dist").iterdir() if path.is_file()}
    assert sorted(before) == ["many.epub", "many.html", "many.pdf"]
    (project / "breaking.css").write_text("p { break-after: page; color: #123456; }\n")
    result = run("build", "-f", "html", "-f", "epub", "-f", "pdf", "--style", "breaking.css")
    assert result.exit_code == 1 and "the PDF runs past" in result.output
    after = {path.name: path.read_bytes() for path in (project / "dist").iterdir() if path.is_file()}
    assert after == before


def test_a_document_referring_to_one_huge_part_many_times_unpacks_it_once(project):
    """A DOCX whose 300 pictures are one part of 60 MB of zeros (the zip holds some 60 KB):
    before, each reference unpacked it again (18 GB, minutes); now it is unpacked and checked
    once, each reference gets the same warning, and the text builds."""
    import io
    import zipfile

    import docx

    from conftest import FIXTURES

    document = docx.Document()
    document.add_paragraph("Текст с картинками.")
    picture = (FIXTURES / "banner.png").read_bytes()
    for _ in range(300):
        document.add_picture(io.BytesIO(picture))  # python-docx stores one part for them all
    packed = io.BytesIO()
    document.save(packed)
    bomb = project / "source" / "bomb.docx"
    with zipfile.ZipFile(packed) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for item in original.infolist():
            data = original.read(item.filename)
            rewritten.writestr(item, b"\0" * 60_000_000 if item.filename.startswith("word/media/") else data)
    assert bomb.stat().st_size < 1_000_000
    (project / "source" / "kazakhstan-2022.txt").unlink()
    result = run("build", "-f", "html")
    assert result.exit_code == 0, result.output[-500:]
    assert result.output.count("a picture that is over 50 MB") == 1  # the same warning, said once


def test_a_hundred_thousand_headings_are_refused_in_a_second_not_built_in_minutes(tmp_path):
    """100 000 Markdown headings took 297 s and 1.2 GB for one EPUB (the EPUB's navigation is
    quadratic); now the budget of headings is counted before markdown-it parses the file,
    and in the model for every format, and named."""
    headings = "".join(f"## Глава {number}\n\nТекст главы {number}.\n\n" for number in range(100_000))
    (tmp_path / "heads.md").write_text("# Книга\n\n" + headings, encoding="utf-8")
    html = "".join(f"<h2>Глава {number}</h2><p>Текст.</p>" for number in range(5_001))
    (tmp_path / "heads.html").write_text(f"<h1>Книга</h1><p>Начало.</p>{html}", encoding="utf-8")
    for name in ("heads.md", "heads.html"):
        result = run("build", str(tmp_path / name), "-o", str(tmp_path / "out"))
        assert result.exit_code == 1
        assert f"{name}: the book's text runs past 5,000 headings" in result.output, result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_lists_nested_past_the_markdown_parsers_depth_are_refused_not_cut_short(tmp_path):
    """markdown-it stops reading, without a word, at its deepest level: thirty nested list
    markers and every paragraph after them were missing from the editions, exit 0."""
    (tmp_path / "deep.md").write_text("# Заметка\n\nНачало.\n\n" + "- " * 30 + "пункт\n\nКонец текста.\n")
    result = run("build", str(tmp_path / "deep.md"), "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "deep.md:5: lists, quotations or sidebars nested more than 40 levels deep" in result.output
    (tmp_path / "deep.md").write_text("# Заметка\n\nНачало.\n\n" + "> " * 12 + "- " * 6 + "пункт\n\nКонец текста.\n")
    result = run("build", str(tmp_path / "deep.md"), "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "deep.html").read_text(encoding="utf-8").replace("\u00ad", "")
    assert "пункт" in page and "Конец текста" in page


def test_an_html_list_five_thousand_deep_is_an_error_naming_the_nesting(tmp_path):
    """The HTML parser keeps 256 levels; the XHTML we wrote of them could not be read back
    (an internal XMLSyntaxError). Lists and quotations past MAX_BLOCK_DEPTH are refused."""
    (tmp_path / "deep.html").write_text(
        "<h1>Заметка</h1><p>Начало.</p>" + "<ul><li>пункт" * 5_000 + "</li></ul>" * 5_000, encoding="utf-8"
    )
    result = run("build", str(tmp_path / "deep.html"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "deep.html: lists, quotations or sidebars stand more than 32 deep" in result.output, result.output
    assert "XMLSyntaxError" not in result.output and "Traceback" not in result.output


def test_a_stylesheets_warning_is_said_once_however_many_sources_meet_it(project):
    """A project stylesheet's refused URL was reported once for every source built."""
    (project / "mine.css").write_text("p { background: url(http://example.org/x.png); }\n")
    for name in ("one", "two", "three"):
        (project / "source" / f"{name}.md").write_text(f"# {name}\n\nТекст.\n", encoding="utf-8")
    result = run("build", "-f", "epub", "--style", "mine.css")
    assert result.exit_code == 0, result.output
    assert result.output.count("refused http://example.org/x.png") == 1, result.output


def test_a_collections_failing_text_is_named_with_the_line_that_lists_it(project):
    (project / "source" / "good.md").write_text("# Хорошая\n\nТекст.\n", encoding="utf-8")
    (project / "source" / "bad.md").write_bytes(b"# Bad\n\n\x00binary\n")
    (project / "source" / "issue.book.toml").write_text(
        'title = "Выпуск"\nsources = [\n  "good.md",\n  "bad.md",\n]\n', encoding="utf-8"
    )
    result = run("build", "source/issue.book.toml", "-f", "epub")
    assert result.exit_code == 1
    assert "bad.md:3: binary data" in result.output
    assert "(listed in source/issue.book.toml:4)" in result.output, result.output


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('rights = ["a"]', "[metadata] rights: text in quotes, not ['a']"),
        ("authors = [1, 2]", "[metadata] authors: a name or a list of names in quotes, not [1, 2]"),
        ('metadata = "x"', "metadata: a [metadata] table"),
    ],
)
def test_metadata_defaults_of_the_wrong_type_are_settings_errors(project, table, message):
    """`rights = ["a"]` became the text "['a']" in every edition."""
    settings = table if table.startswith("metadata") else f"[metadata]\n{table}\n"
    (project / "publish.toml").write_text(settings + "\n", encoding="utf-8")
    result = run("build", "-f", "html")
    assert result.exit_code == 2 and message in result.output, result.output


def test_an_identifier_written_as_a_uuid_must_be_one(tmp_path):
    """epubcheck warned OPF-085 on `urn:uuid:not-a-uuid`, written as given."""
    source = tmp_path / "id.md"
    source.write_text("---\ntitle: Т\nidentifier: urn:uuid:not-a-uuid\n---\n\nТекст.\n", encoding="utf-8")
    result = run("build", str(source), "-f", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "identifier 'urn:uuid:not-a-uuid' is not a UUID" in result.output
    source.write_text("---\ntitle: Т\nidentifier: URN:UUID:6F9619FF-8B86-D011-B42D-00C04FC964FF\n---\n\nТекст.\n")
    assert run("build", str(source), "-f", "epub", "-o", str(tmp_path / "out")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "out" / "id.epub") as book:
        assert "urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff" in book.read("EPUB/content.opf").decode()


def test_an_output_that_cannot_be_written_is_said_plainly_and_replaces_nothing(project):
    """A file where the folder should be, or a folder where an edition should be, gave
    FileExistsError / IsADirectoryError texts; a folder in the way of the second edition
    was found after the first had been replaced."""
    (project / "afile").write_text("x")
    result = run("build", "-f", "epub", "-o", "afile")
    assert result.exit_code == 1 and "afile: is a file, not a folder for the editions" in result.output
    result = run("build", "-f", "epub", "-o", "afile/sub")
    assert result.exit_code == 1 and "afile/sub: cannot make the folder for the editions" in result.output
    assert run("build", "-f", "epub", "-f", "html").exit_code == 0
    before = (project / "dist" / "kazakhstan-2022.epub").read_bytes()
    (project / "dist" / "kazakhstan-2022.html").unlink()
    (project / "dist" / "kazakhstan-2022.html").mkdir()
    (project / "source" / "kazakhstan-2022.txt").write_text(
        (project / "source" / "kazakhstan-2022.txt").read_text(encoding="utf-8") + "\nЕщё абзац.\n", encoding="utf-8"
    )
    result = run("build", "-f", "epub", "-f", "html")
    assert result.exit_code == 1, result.output
    assert "kazakhstan-2022.html: a folder of that name is in the edition's way" in result.output
    assert "Error:" not in result.output and "Traceback" not in result.output
    assert (project / "dist" / "kazakhstan-2022.epub").read_bytes() == before
    assert not [path for path in (project / "dist").iterdir() if path.name.startswith(".publish-")]


def test_a_pipe_as_a_source_or_a_stamp_never_hangs_the_build(project):
    import os

    assert run("build", "-f", "html").exit_code == 0
    stamp = next((project / "dist" / ".publish").iterdir())
    stamp.unlink()
    os.mkfifo(stamp)  # reading it would wait for a writer for ever
    result = run("build", "-f", "html")
    assert result.exit_code == 0 and "1 edition of 1 source built" in result.output, result.output
    os.mkfifo(project / "source" / "pipe.md")
    result = run("build", "source/pipe.md", "-f", "html")
    assert result.exit_code == 1 and "pipe.md: not a file or a folder" in result.output


def test_a_picture_inside_running_text_stands_in_its_line(tmp_path):
    """A picture among words was left out with a warning (the model had pictures as blocks
    only): it stands in its line now; one whose file is missing is refused, as a block's is."""
    shutil.copy(FIXTURES / "flag.png", tmp_path / "pic.png")
    (tmp_path / "pic.md").write_text("# Заметка\n\nТекст ![схема](pic.png) дальше.\n", encoding="utf-8")
    result = run("build", str(tmp_path / "pic.md"), "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "pic.html").read_text(encoding="utf-8")
    assert re.search(
        r'Текст <img src="data:image/png;[^"]+" alt="схема" class="inline-picture" style="height: 1.00em"> дал', page
    )
    (tmp_path / "pic.png").unlink()
    result = run("build", str(tmp_path / "pic.md"), "-f", "html", "-o", str(tmp_path / "again"))
    assert result.exit_code == 1 and "pic.md:3: image 'pic.png' does not exist" in result.output
    assert not (tmp_path / "again").exists() or not any((tmp_path / "again").iterdir())


def test_every_budget_is_in_the_readme_with_its_value():
    """README's "When something is wrong" lists each budget of publish/limits.py as it is."""
    import publish.limits

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    budgets = {name: value for name, value in vars(publish.limits).items() if name.startswith("MAX_")}
    assert len(budgets) >= 20
    for name, value in budgets.items():
        row = re.search(rf"^  \| `{name}` \| ([^|]+) \|", readme, re.M)
        assert row, f"{name} is not in README's table of budgets"
        shown = row.group(1).replace("\u00a0", " ")
        million, mb, kb = value // 1_000_000, value // (1024 * 1024), value // 1024
        said = {f"{value:,}".replace(",", " "), f"{million} million", f"{mb} MB", f"{kb} KB", str(value)}
        assert any(re.search(rf"(?<![\d ]){re.escape(text)}(?![\d])", shown) for text in said), (name, shown)


HOSTILE_PAGE = """<html><head><title>Враждебная</title>
<link rel="stylesheet" href="{s}/a.css"><meta http-equiv="refresh" content="0;url={s}/r">
<script src="{s}/s.js"></script><style>p {{ background: url({s}/b.png) }}</style><base href="{s}/">
</head><body><h1>Враждебная страница</h1>
<p style="background-image: url({s}/c.png)">Текст <a href="&#x01;javascript:fetch('{s}/j')">ссылка</a>,
<a href=" java&#x09;script:fetch('{s}/k')">другая</a> и <a href="{s}/page">обычная</a>.</p>
<img src="{s}/d.png" srcset="{s}/e.png 2x" alt="картинка">
<picture><source srcset="{s}/f.png"><img src="{s}/g.png" alt="ещё"></picture>
<iframe src="{s}/h"></iframe><object data="{s}/i"></object><embed src="{s}/l">
<video src="{s}/m" poster="{s}/n"></video><audio src="{s}/o"></audio>
<form action="{s}/p"><input type="image" src="{s}/q"></form>
<svg><image href="{s}/t.png"/></svg><p>Конец страницы.</p></body></html>"""

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<style>@import url({s}/u.css); rect {{ fill: url({s}/v.svg#x) }}</style>
<rect width="10" height="10" filter="url({s}/w.svg#f)"/></svg>"""


def test_hostile_pages_pictures_and_cache_open_in_chromium_asking_for_nothing(
    project, local_server, tmp_path_factory, monkeypatch
):
    """Every hostile web page, SVG, Markdown and poisoned cache entry of this file, built into
    the web page and the EPUB, then opened in headless Chromium: the server it points at is
    asked for nothing, and no page holds a `javascript:` link."""
    import shutil
    import subprocess

    server, requests = local_server
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(cache))
    (project / "source" / "kazakhstan-2022.txt").unlink()
    (project / "source" / "page.html").write_text(HOSTILE_PAGE.format(s=server), encoding="utf-8")
    (project / "source" / "evil.svg").write_text(HOSTILE_SVG.format(s=server), encoding="utf-8")
    (project / "source" / "note.md").write_text(
        f"# Заметка\n\n![схема](evil.svg)\n\n![фото]({server}/x.png)\n\n"
        f"Текст [ссылка](javascript:fetch('{server}/y')) и <img src=\"{server}/z.png\">.\n",
        encoding="utf-8",
    )
    assert run("build", "-f", "html", "-f", "epub").exit_code == 0
    for entry in (path for path in cache.rglob("*") if path.is_file() and path.name != "machine-key"):
        entry.write_bytes(f"p {{ background: url({server}/cache.png) }}".encode())  # planted in every entry
    result = run("build", "--force", "-f", "html", "-f", "epub")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    pages = sorted((project / "dist").glob("*.html"))
    for book in (project / "dist").glob("*.epub"):
        folder = project / "unpacked" / book.stem
        with zipfile.ZipFile(book) as unpacked:
            unpacked.extractall(folder)
        pages += sorted(folder.rglob("*.xhtml"))
    assert len(pages) >= 6
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "the test needs Debian's chromium (apt-get install chromium)"
    seen: list[str] = []
    for page in pages:
        dom = subprocess.run(
            [chromium, "--headless", f"--user-data-dir={project.parent / 'chromium'}", "--no-sandbox", "--disable-gpu",
             "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout  # fmt: skip
        assert "</body>" in dom, page
        assert not re.search(r"""href=["']?\s*javascript:""", dom, re.I), page
        seen.append(dom.replace("\u00ad", ""))
    assert requests == []
    assert sum("Конец страницы" in dom for dom in seen) >= 2  # the web page and the EPUB opened


def test_a_tiff_is_said_to_be_unreadable_not_to_be_renamed(tmp_path):
    """A TIFF under a .tiff name was told to "rename it", which could not help."""
    from PIL import Image as Picture

    Picture.new("RGB", (20, 20), "red").save(tmp_path / "scan.tiff")
    (tmp_path / "note.md").write_text("# Заметка\n\n![скан](scan.tiff)\n\nТекст.\n", encoding="utf-8")
    result = run("build", str(tmp_path / "note.md"), "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "scan.tiff is not a picture publish can read (PNG, JPEG, GIF, WebP or SVG)" in result.output
    assert "rename" not in result.output
