"""The HTML edition, a web page: one file that carries its styles, fonts and images, HTML5
with what phones and link previews need, looked at in headless Chromium at two widths."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import lxml.html
import pytest

from conftest import ARTICLE, XHTML_NS, build, epub_pages, epubcheck, problems

WEB = """---
title: Как читать статью с телефона
author: Редакция
publisher: Интернациональная коммунистическая партия
date: 2026-11-25
lang: ru
---

Статьи партии читают в основном с телефона. Полный архив лежит по адресу
https://example.org/archive/2026/very-long-section-name/article-with-a-really-long-slug.html,
а вопросы присылайте на editor-in-chief@international-party.example.org или на www.example.org/kontakty.

## Раздел

Ещё один абзац, достаточно длинный, чтобы на узком экране он занял несколько строк.[^1]

[^1]: Примечание со ссылкой https://example.org/notes/a-b-c.
"""


def page(path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def test_one_file_with_everything_inside(article_build):
    text = article_build["html"].read_text(encoding="utf-8")
    root = page(article_build["html"])
    assert root.find(".//link[@rel='stylesheet']") is None  # no stylesheet to fetch
    assert root.find(".//img").get("src").startswith("data:image/png;base64,")
    style = root.find(".//style").text
    assert "font/woff2;base64," in style and '"PT Serif"' in style
    assert "article > header" in text  # selectors survive as written: browsers read no entities in <style>
    assert not re.search(r"url\((?!\"?data:)", style)  # every url() is inline


def test_the_page_holds_the_whole_text_with_its_notes(article_build):
    root = page(article_build["html"])
    body = " ".join(root.find("body").itertext()).replace("\u00ad", "").replace("\u00a0", " ")
    assert "Исторический очерк" in body and "По данным на" in body
    assert root.find(".//aside[@id='note-1']") is not None


def test_a_web_page_not_an_xml_document(article_build):
    text = article_build["html"].read_text(encoding="utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="ru">')  # no XML declaration, no namespaces
    assert "epub:" not in text and "xmlns" not in text
    head = page(article_build["html"]).find("head")
    assert head.find("meta[@name='viewport']").get("content") == "width=device-width, initial-scale=1"
    properties = {meta.get("property"): meta.get("content") for meta in head.findall("meta[@property]")}
    assert properties["og:type"] == "article" and properties["og:title"] == "Рабочее движение и «новые» профсоюзы"
    assert properties["og:locale"] == "ru" and properties["article:published_time"] == "2023-03-08"
    article = json.loads(head.find("script[@type='application/ld+json']").text)
    assert article["@type"] == "Article" and article["datePublished"] == "2023-03-08"
    assert article["publisher"]["name"] == "Интернациональная коммунистическая партия"


def test_addresses_in_the_text_are_links_that_break_where_an_address_may(tmp_path):
    source = tmp_path / "web.md"
    source.write_text(WEB, encoding="utf-8")
    built = build(source, tmp_path / "out", "html", "epub")
    root = page(built["html"])
    links = {a.get("href"): a for a in root.iter("a") if a.get("class") == "url"}
    assert set(links) == {
        "https://example.org/archive/2026/very-long-section-name/article-with-a-really-long-slug.html",
        "mailto:editor-in-chief@international-party.example.org",
        "http://www.example.org/kontakty",
        "https://example.org/notes/a-b-c",
    }
    pieces = [span.text for span in links["https://example.org/notes/a-b-c"].iter("span")]
    assert pieces == ["https://", "example", ".org/", "notes/", "a-b-c"]  # never at its own hyphens
    for link in links.values():
        assert "".join(link.itertext()) == link.get("href").removeprefix("mailto:").removeprefix("http://")
        assert "\u00ad" not in "".join(link.itertext())


@pytest.fixture(scope="module")
def chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "the test needs Debian's chromium (apt-get install chromium)"
    return browser


_MEASURE = """<script>addEventListener("load", () => document.body.setAttribute("data-overflow",
  String(document.documentElement.scrollWidth - document.documentElement.clientWidth)))</script>"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_sideways_scrolling_on_a_phone_or_a_desktop(tmp_path, chromium, width):
    source = tmp_path / "web.md"
    source.write_text(WEB, encoding="utf-8")
    built = build(source, tmp_path / "out", "html")
    text = built["html"].read_text(encoding="utf-8")
    assert not re.search(r'\ssrc="(?!data:)', text) and "<link" not in text  # nothing to fetch
    probe = tmp_path / "probe.html"  # the page, with a line of script that measures it (ours has none)
    probe.write_text(built["html"].read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"))
    result = subprocess.run(
        [chromium, "--headless", f"--user-data-dir={tmp_path / 'chromium'}", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},900",
         "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    overflow = re.search(r'data-overflow="(-?\d+)"', result.stdout)
    assert overflow and int(overflow.group(1)) <= 0, result.stdout[-500:]
    screenshot = tmp_path / f"web-{width}.png"
    subprocess.run(
        [chromium, "--headless", f"--user-data-dir={tmp_path / 'chromium'}", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},900",
         f"--screenshot={screenshot}", built["html"].as_uri()],
        capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    assert screenshot.stat().st_size > 10_000  # a page was drawn (the README shows these, looked at)


def measured_on_a_phone(chromium: str, tmp_path, page, script: str) -> str:
    """The DOM of web page `page` at 390 px after `script` (ours has none) measured it."""
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"))
    result = subprocess.run(
        [chromium, "--headless", f"--user-data-dir={tmp_path / 'chromium'}", "--no-sandbox", "--disable-gpu", "--window-size=390,800",
         "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout


_RANGES = """<script>addEventListener("load", () => {
  const split = () => [...document.querySelectorAll(".range")].filter((range) => range.getClientRects().length > 1).length;
  const ours = split();
  document.head.insertAdjacentHTML("beforeend", "<style>.range { white-space: normal }</style>");
  document.body.setAttribute("data-split", [document.querySelectorAll(".range").length, ours, split()].join(" "));
})</script>"""


def test_a_range_of_numbers_never_breaks_at_its_dash_on_a_phone(tmp_path, chromium):
    """The print composer keeps 1905–1907 on one line; on screens the page and the EPUB
    keep it whole by CSS (a word joiner would show as a box where a reader's font lacks it)."""
    ranges = ", ".join(f"{1800 + 7 * n}–{1803 + 7 * n}" if n % 3 else f"XV{'I' * (n % 4)}–XX" for n in range(60))
    source = tmp_path / "years.md"
    source.write_text(f"# Годы\n\nСтачки шли в {ranges} годах, с. 4–7.\n", encoding="utf-8")
    built = build(source, tmp_path / "out", "html", "epub")
    dom = measured_on_a_phone(chromium, tmp_path, built["html"], _RANGES)
    counted = re.search(r'data-split="(\d+) (\d+) (\d+)"', dom)
    assert counted, dom[-500:]
    total, split_ours, split_without = map(int, counted.groups())
    assert total == 61 and split_ours == 0 and split_without > 0, counted.group()
    chapter = next(page for name, page in epub_pages(built["epub"]) if "4–7" in "".join(page.itertext()))
    assert [span.text for span in chapter.iter(XHTML_NS + "span") if span.get("class") == "range"][-1] == "4–7"


_VERSE = """<script>addEventListener("load", () => {
  const stanzas = [...document.querySelectorAll("p.verse")].map((stanza) => {
    const lines = [...stanza.querySelectorAll("span.line")].map((line) => {
      const range = document.createRange();
      range.selectNodeContents(line);  // (a block's own rects are one box: its text's, a box a row)
      const rows = new Map([...range.getClientRects()].map((rect) => [Math.round(rect.top), rect]));
      return [...rows.values()];
    });
    const rows = lines.reduce((sum, rects) => sum + rects.length, 0);
    const step = parseFloat(getComputedStyle(stanza).lineHeight);
    const turned = lines.filter((rects) => rects.length > 1);
    const hang = turned.length ? Math.min(...turned.map((rects) => rects[1].left - rects[0].left)) : -1;
    return [lines.length, rows, Math.round(stanza.getBoundingClientRect().height / step), turned.length, Math.round(hang)].join(",");
  });
  document.body.setAttribute("data-verse", stanzas.join(" "));
})</script>"""


def test_verse_keeps_its_lines_on_a_phone_and_a_long_one_turns_over_hanging(tmp_path, chromium):
    """A stanza's lines are lines at 390 px: no blank line between them (the <br/> kept for
    readers without styles is hidden), and a line too long for the measure turns over
    indented under its own start, as verse is set."""
    long_line = "И если долго-долго-долго-долго идти по шпалам, то дойдёшь до самой Караганды"
    stanza = f"Вставай, проклятьем заклеймённый,\\\nВесь мир голодных и рабов!\\\n{long_line}\\\nИ в смертный бой."
    source = tmp_path / "song.md"
    source.write_text(f"# Песня\n\nПервый куплет:\n\n{stanza}\n\nКонец.\n", encoding="utf-8")
    built = build(source, tmp_path / "out", "html")
    dom = measured_on_a_phone(chromium, tmp_path, built["html"], _VERSE)
    measured = re.search(r'data-verse="([^"]*)"', dom)
    assert measured, dom[-500:]
    lines, rows, height_in_rows, turned, hang = map(int, measured.group(1).split(","))
    assert lines == 4 and turned == 1 and rows == height_in_rows and hang >= 15, measured.group(1)


def test_a_configured_site_address_gives_each_page_its_canonical_address(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from publish.cli import cli

    built = build(ARTICLE, tmp_path / "out", "html", site_url="https://example.org/texts/")
    head = page(built["html"]).find("head")
    assert head.find("link[@rel='canonical']").get("href") == "https://example.org/texts/article.html"
    assert head.find("meta[@property='og:url']").get("content") == "https://example.org/texts/article.html"
    assert json.loads(head.find("script").text)["url"] == "https://example.org/texts/article.html"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "publish.toml").write_text('url = "example.org"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-f", "html", str(ARTICLE)])
    assert result.exit_code == 2 and "url: 'example.org' is not the address of a web folder" in result.output


def test_a_note_opens_in_place_without_script(tmp_path, chromium):
    source = tmp_path / "long.md"
    filler = "\n\n".join(f"Абзац номер {n}, чтобы страница была длинной." for n in range(80))
    source.write_text(f"# Длинная\n\nВ начале ссылка на примечание.[^1]\n\n{filler}\n\n[^1]: Текст примечания.\n")
    built = build(source, tmp_path / "out", "html")
    probe = tmp_path / "probe.html"
    script = """<script>addEventListener("load", () => setTimeout(() => {
      const note = document.getElementById("note-1");
      document.body.setAttribute("data-probe", [scrollY, getComputedStyle(note).position].join(" "));
    }, 100))</script>"""
    probe.write_text(built["html"].read_text(encoding="utf-8").replace("</body>", script + "</body>"))
    result = subprocess.run(
        [chromium, "--headless", f"--user-data-dir={tmp_path / 'chromium'}", "--no-sandbox", "--disable-gpu", "--window-size=390,800",
         "--virtual-time-budget=3000", "--dump-dom", probe.as_uri() + "#note-1"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert 'data-probe="0 fixed"' in result.stdout  # the note stands over the text; the text has not moved


def test_an_address_in_japanese_prose_ends_at_its_full_width_bracket(tmp_path):
    """Japanese writes an address inside full-width brackets with no space after them:
    "青空文庫（http://www.aozora.gr.jp）で作られました". The whole sentence after it was taken
    for the address, and the EPUB failed epubcheck (RSC-020: IDPF's kusamakura samples)."""
    source = tmp_path / "aozora.md"
    source.write_text(
        "# 草枕\n\nこのファイルは、インターネットの図書館、青空文庫（http://www.aozora.gr.jp）で作られました。"
        "詳しくは「www.aozora.gr.jp/guide」をご覧ください。\n",
        encoding="utf-8",
    )
    built = build(source, tmp_path / "out", "html", "epub")
    hrefs = [a.get("href") for a in page(built["html"]).iter("a") if a.get("class") == "url"]
    assert hrefs == ["http://www.aozora.gr.jp", "http://www.aozora.gr.jp/guide"]
    assert "）で作られました" in "".join(page(built["html"]).itertext())
    assert not problems(epubcheck(built["epub"]))
