"""publish catalog: an OPDS catalogue that validates against the spec's schema and that a real
feed reader reads, and an archive site a browser shows; rebuilt touching only what changes."""

from __future__ import annotations

import shutil
import time
import urllib.parse
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree

from publish.cli import cli

from browser import Browser
from conftest import FIXTURES, SAMPLE, build

SCHEMAS = Path(__file__).parent / "schemas" / "opds"
SITE = "https://texts.example.org/"


@pytest.fixture(scope="module")
def shelf(tmp_path_factory) -> Path:
    """A folder of editions: the sample, a journal issue (a collection) and a Ukrainian text."""
    dist = tmp_path_factory.mktemp("shelf") / "dist"
    for source in (SAMPLE, FIXTURES / "collection" / "issue-5.book.toml", FIXTURES / "zbory.md"):
        build(source, dist, "epub", "pdf", "html")
    return dist


def catalogue(dist: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["catalog", str(dist), "--url", SITE, *options])
    assert result.exit_code == 0, result.output
    return result.output


def feeds(dist: Path) -> list[Path]:
    return sorted((dist / "opds").glob("*.xml"))


def test_every_feed_is_valid_opds_and_a_feed_reader_finds_every_edition(shelf, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(shelf, dist)
    catalogue(dist)
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "opds.rng")))
    checked = 0
    for path in [*feeds(dist), dist / "archive" / "feed.xml"]:
        if path.name == "search.xml":
            continue
        document = etree.parse(str(path))
        assert schema.validate(document), (path.name, schema.error_log)
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path.name, parsed.bozo_exception)
        for entry in parsed.entries:
            for link in entry.links:
                if link.href.startswith("http"):
                    continue
                target = (path.parent / urllib.parse.unquote(link.href)).resolve()
                assert target.is_file(), (path.name, link.href)
                if link.rel.startswith("http://opds-spec.org/acquisition"):
                    assert int(link.length) == target.stat().st_size
        checked += 1
    assert checked >= 10
    broken = etree.parse(str(dist / "opds" / "new.xml"))
    broken.getroot().remove(broken.find("{*}id"))
    assert not schema.validate(broken)  # (the schema does refuse what the spec forbids)

    new = feedparser.parse((dist / "opds" / "new.xml").read_bytes())
    titles = [entry.title for entry in new.entries]
    assert titles[0] == "Пролетарий" and len(titles) == 3  # newest first: the 2024 issue
    issue = new.entries[0]
    types = {link.type for link in issue.links if "acquisition" in link.rel}
    assert types == {"application/epub+zip", "application/pdf", "text/html"}
    assert {"http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"} <= {link.rel for link in issue.links}
    assert [author.name for author in issue.authors] == ["Анна Соколова", "Пётр Ильин"]
    assert issue.dcterms_language == "ru" and issue.tags[0].label == "Пролетарий 5"
    root = feedparser.parse((dist / "opds" / "root.xml").read_bytes())
    assert [entry.title for entry in root.entries] == [
        "Все тексты, новые первыми",
        "По языкам",
        "По сериям",
        "По годам",
    ]
    ukrainian = feedparser.parse((dist / "opds" / "lang-uk.xml").read_bytes())
    assert [entry.title for entry in ukrainian.entries] == ["Збори на заводі: що вирішили робітники"]
    search = etree.parse(str(dist / "opds" / "search.xml")).getroot()
    assert search.find("{*}Url").get("template") == "../archive/search.html?q={searchTerms}"
    sitemap = (dist / "archive" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}archive/texts/kazakhstan-2022.html</loc>" in sitemap


def test_a_new_text_rewrites_only_what_lists_it_and_a_removed_one_goes(shelf, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(shelf, dist)
    catalogue(dist)
    before = {path: path.read_bytes() for path in (dist / "opds").rglob("*")} | {
        path: path.read_bytes() for path in (dist / "archive").rglob("*") if path.is_file()
    }
    stamps = {path: path.stat().st_mtime_ns for path in before}
    time.sleep(0.01)
    build(FIXTURES / "article.md", dist, "epub", "html")  # a Russian article of 2023
    said = catalogue(dist)
    changed = {path for path in before if path.stat().st_mtime_ns != stamps[path]}
    names = {path.relative_to(dist).as_posix() for path in changed}
    assert "opds/new.xml" in names and "opds/lang-ru.xml" in names and "archive/index.html" in names
    assert (dist / "archive" / "texts" / "article.html").is_file()
    untouched = ["opds/lang-uk.xml", "opds/year-2022.xml", "archive/texts/kazakhstan-2022.html",
                 "archive/year-2024.html", "archive/covers/zbory.png"]  # fmt: skip
    for name in untouched:
        assert name not in names, name
    assert all(before[path] != path.read_bytes() for path in changed)  # only what changed was written
    assert "0 removed" in said

    for edition in dist.glob("article.*"):
        edition.unlink()
    said = catalogue(dist)
    assert not (dist / "archive" / "texts" / "article.html").exists() and "removed" in said
    assert b"article" not in (dist / "opds" / "new.xml").read_bytes()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_archive_site_reads_on_a_phone_and_a_desktop_and_searches(shelf, tmp_path, width):
    dist = tmp_path / "dist"
    shutil.copytree(shelf, dist)
    catalogue(dist)
    browser = Browser(tmp_path / "chromium", width=width)
    try:
        for page in ("index.html", "texts/issue-5.html", "search.html?q=заводі робітники"):
            path, _, query = page.partition("?")
            browser.open(
                (dist / "archive" / path).as_uri() + (f"?q={urllib.parse.quote(query.split('=')[1])}" if query else "")
            )
            browser.wait_for("document.readyState === 'complete'", 10)
            overflow = browser.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (page, overflow)
            pictures = browser.evaluate("[...document.images].map(picture => picture.naturalWidth > 0)")
            assert all(pictures), page
        found = browser.evaluate("[...document.querySelectorAll('#found a')].map(link => link.textContent)")
        assert found == ["Збори на заводі: що вирішили робітники"]
        assert all(url.startswith(("file://", "data:")) for url in browser.requested()), browser.requested()
    finally:
        browser.close()


def test_nothing_to_catalogue_and_a_damaged_epub_are_said_plainly(tmp_path):
    result = CliRunner().invoke(cli, ["catalog", str(tmp_path)])
    assert result.exit_code == 1 and "no editions to catalogue" in result.output
    (tmp_path / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>A page</title><meta name="author" content="Someone">'
        "</head><body><p>Text.</p></body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["catalog", str(tmp_path)])
    assert result.exit_code == 0, result.output
    entry = feedparser.parse((tmp_path / "opds" / "new.xml").read_bytes()).entries[0]
    assert entry.title == "A page" and entry.author == "Someone"  # what the web page says of it
