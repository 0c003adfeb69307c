"""Bad input and hostile references: clear errors, escaped markup, nothing fetched, nothing lost."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import lxml.html
from click.testing import CliRunner
from lxml import etree

from publish.cli import cli

from conftest import ROOT, SAMPLE, build, epub_pages, epubcheck, pdf_text, problems

XHTML = "{http://www.w3.org/1999/xhtml}"


def test_nothing_is_fetched_from_the_network_and_each_refusal_is_named(project, local_server, tmp_path_factory):
    url, requests = local_server
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    shutil.copy(ROOT / "tests" / "fixtures" / "banner.png", outside)
    (project / "source" / "banner.png").write_bytes((ROOT / "tests" / "fixtures" / "banner.png").read_bytes())
    (project / "source" / "article.md").write_text(
        "---\ntitle: Проверка\n---\n\n"
        f"Текст со ссылкой на [страницу]({url}/page) и картинкой:\n\n"
        f"![удалённая]({url}/remote.png)\n\n"
        f"![снаружи](../../{outside.parent.name}/secret.png)\n\n"
        "![своя](banner.png)\n",
        encoding="utf-8",
    )
    (project / "user.css").write_text(
        f'@import url("{url}/imported.css");\n'
        f"body {{ background: url({url}/background.png); }}\n"
        f'@font-face {{ font-family: "Remote"; src: url("{url}/font.woff2"); }}\n'
        f"p {{ background-image: url('file://{outside}'); }}\n"
        "h1 { background: url(../../etc/passwd); }\n"
        "h2 { background: url(source/banner.png); }\n"
        f"h3 {{ background: url(data:image/png;base64,{'A' * 800_000}); }}\n"
        "h4 { background: url(data:image/gif;base64,R0lGODlhAQABAAAAACw=); }\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "-f", "epub", "-f", "pdf", "-f", "html", "--style", "user.css"])
    assert result.exit_code == 0, result.output
    assert requests == []
    log = result.output
    for line in (1, 2, 3, 4, 5, 7):
        assert f"user.css:{line}:" in log, (line, log)
    assert "user.css:6:" not in log and "user.css:8:" not in log  # inside the project; a small data: URL
    assert "over the 524288-byte limit" in log
    assert "article.md:7:" in log and "remote.png" in log
    assert "article.md:9:" in log and "outside the source's folder" in log
    epub = project / "dist" / "article.epub"
    assert problems(epubcheck(epub)) == []
    with zipfile.ZipFile(epub) as archive:
        css = archive.read("EPUB/styles/book.css").decode()
        assert "127.0.0.1" not in css and "passwd" not in css and str(outside) not in css
        assert "AAAAAAAA" not in css and "R0lGODlhAQABAAAAACw=" in css
        assert "EPUB/styles/assets/banner.png" in archive.namelist()
        assert any(re.fullmatch(r"EPUB/images/[0-9a-f]{16}\.png", name) for name in archive.namelist())


MARKUP = "Текст <script>alert(1)</script> & <b>жирный</b> ]]> <!-- comment --> \x07\x1b конец &amp; &#x41;."


def test_markup_and_control_characters_in_text_and_metadata_come_out_as_text(tmp_path):
    source = tmp_path / "markup.md"
    source.write_text(
        '---\ntitle: "Заголовок <script>x</script> & ]]>"\nauthor: "A <b>&</b> B"\n'
        'description: "<i>опасно</i>"\n---\n\n' + MARKUP + "\n\n> " + MARKUP + "\n",
        encoding="utf-8",
    )
    plain = tmp_path / "markup.txt"
    plain.write_text("Издатель <i>\n\n2024\nЗаголовок ]]> & <script>\n\n" + MARKUP + "\n\n" + MARKUP + "\n")
    for path in (source, plain):
        editions = build(path, tmp_path / "out", "epub", "pdf", "html")
        assert problems(epubcheck(editions["epub"])) == []
        pages = [root for _, root in epub_pages(editions["epub"])]
        assert all(root.find(f".//{XHTML}script") is None and root.find(f".//{XHTML}b") is None for root in pages)
        text = "".join("".join(root.itertext()) for root in pages).replace("\u00ad", "")
        assert "<script>alert(1)</script>" in text and "]]>" in text
        assert "\x07" not in text and "\x1b" not in text
        page = lxml.html.document_fromstring(editions["html"].read_text(encoding="utf-8"))
        scripts = page.findall(".//script")  # only the page's schema.org metadata, which runs nothing
        assert [script.get("type") for script in scripts] == ["application/ld+json"]
        assert "<script>" in json.loads(scripts[0].text)["headline"]  # as text: "<" is written "\\u003c"
        assert "<script>alert(1)</script>" in pdf_text(editions["pdf"]).replace("\u00ad", "")


def test_a_comment_opener_in_the_metadata_does_not_swallow_the_page(tmp_path):
    """ "<!--" then "<script>" inside a script element switches the HTML parser to a state in
    which "</script>" no longer ends it: the page's metadata must not carry either as written."""
    source = tmp_path / "lead.txt"
    source.write_text("Заголовок\n\n<!---- <script> вводный абзац\n\nТекст статьи.\n", encoding="utf-8")
    page = build(source, tmp_path / "out", "html")["html"].read_text(encoding="utf-8")
    body = lxml.html.document_fromstring(page).find("body")
    assert body is not None and "Текст статьи." in body.text_content().replace("\u00ad", "")
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and "<!---- <script>" in json.loads(script)["description"]


def test_a_cp1251_source_builds_the_same_editions_as_utf8(tmp_path):
    cp1251 = tmp_path / "cp" / SAMPLE.name
    cp1251.parent.mkdir()
    cp1251.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("cp1251"))
    utf8 = build(SAMPLE, tmp_path / "a", "epub", "pdf")
    converted = build(cp1251, tmp_path / "b", "epub", "pdf")
    read = lambda epub: [etree.tostring(root) for _, root in epub_pages(epub)]  # noqa: E731
    assert read(converted["epub"]) == read(utf8["epub"])
    assert pdf_text(converted["pdf"]) == pdf_text(utf8["pdf"])


def test_the_build_says_which_encoding_it_assumed(project):
    (project / "source" / "old.txt").write_bytes(SAMPLE.read_text(encoding="utf-8").encode("koi8_r"))
    result = CliRunner().invoke(cli, ["build", "-f", "html"])
    assert result.exit_code == 0
    assert "source/old.txt: not UTF-8; read as koi8-r" in result.output


def test_binary_source_fails_cleanly_and_the_others_build(project):
    shutil.copy(SAMPLE, project / "source")
    (project / "source" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = CliRunner().invoke(cli, ["build", "-f", "epub"])
    assert result.exit_code == 1
    assert "error: source/image.txt:3: binary data" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (project / "dist").iterdir() if p.is_file()) == ["kazakhstan-2022.epub"]
