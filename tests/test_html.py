"""The standalone HTML edition: one file that carries its styles, fonts and images."""

from __future__ import annotations

import re

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"


def test_one_file_with_everything_inside(article_build):
    text = article_build["html"].read_text(encoding="utf-8")
    root = etree.fromstring(text.encode("utf-8"))
    assert root.find(f".//{XHTML}link") is None  # no stylesheet to fetch
    image = root.find(f".//{XHTML}img")
    assert image.get("src").startswith("data:image/png;base64,")
    style = root.find(f".//{XHTML}style").text
    assert "font/woff2;base64," in style and '"PT Serif"' in style
    assert "article > header" in text  # selectors survive as written: browsers read no entities in <style>
    assert not re.search(r"url\((?!\"?data:)", style)  # every url() is inline


def test_the_page_holds_the_whole_text_with_its_notes(article_build):
    root = etree.fromstring(article_build["html"].read_bytes())
    body = " ".join(root.find(f"{XHTML}body").itertext()).replace("\u00ad", "").replace("\u00a0", " ")
    assert "Исторический очерк" in body and "По данным на" in body
    assert root.find(f".//{XHTML}aside[@id='note-1']") is not None
