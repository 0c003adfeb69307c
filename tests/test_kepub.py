"""The Kobo edition: sentence spans and column wrappers on every page, no soft hyphens, valid."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from conftest import ARTICLE, EPUB_TYPE, SAMPLE, XHTML_NS, build, epubcheck, problems, words

KOBO_ID = re.compile(r"kobo\.\d+\.\d+")


@pytest.fixture(scope="module")
def kepubs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kepub")
    return {source.stem: build(source, folder, "kepub", "epub") for source in (SAMPLE, ARTICLE)}


def pages(path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as book:
        return {
            name: etree.fromstring(book.read(name))
            for name in book.namelist()
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml")
        }


def test_kepubs_are_named_for_kobo_and_valid(kepubs):
    for built in kepubs.values():
        assert built["kepub.epub"].name.endswith(".kepub.epub")
        assert problems(epubcheck(built["kepub.epub"])) == []


def test_every_sentence_is_a_kobo_span_inside_the_column_wrappers(kepubs):
    for built in kepubs.values():
        for name, root in pages(built["kepub.epub"]).items():
            body = root.find(f"{XHTML_NS}body")
            assert [child.get("id") for child in body] == ["book-columns"], name
            assert body[0][0].get("id") == "book-inner"
            spans = body.findall(f".//{XHTML_NS}span[@class='koboSpan']")
            ids = [span.get("id") for span in spans]
            assert all(KOBO_ID.fullmatch(span_id) for span_id in ids) and len(set(ids)) == len(ids)  # per page
            for text_owner in body.iter():  # no text outside a span (code and pre aside)
                if text_owner.tag in (f"{XHTML_NS}pre", f"{XHTML_NS}code") or text_owner.get("class") == "koboSpan":
                    continue
                assert not (text_owner.text or "").strip(), (name, text_owner.tag, text_owner.text)
                if text_owner is not body and text_owner.getparent().get("class") != "koboSpan":
                    assert not (text_owner.tail or "").strip(), (name, text_owner.tag, text_owner.tail)


def test_sentences_end_at_sentence_ends_not_at_initials(kepubs):
    text = pages(kepubs["article"]["kepub.epub"])
    spans = [
        "".join(span.itertext())
        for root in text.values()
        for span in root.iter(f"{XHTML_NS}span")
        if span.get("class") == "koboSpan"
    ]
    assert "Об\u00a0этом писал\u00a0В.\u00a0И.\u00a0Ленин: «профсоюзы\u00a0— школа коммунизма»." in spans
    assert any(span.endswith("выросло в\u00a010\u00a0раз. ") for span in spans)


def test_the_text_is_the_epubs_without_soft_hyphens(kepubs):
    for built in kepubs.values():
        kobo = pages(built["kepub.epub"])
        plain = pages(built["epub"])
        for name, root in kobo.items():
            kobo_text = "".join(root.find(f"{XHTML_NS}body").itertext())
            assert "\u00ad" not in kobo_text
            assert kobo_text == "".join(plain[name].find(f"{XHTML_NS}body").itertext()).replace("\u00ad", "")


def test_every_word_of_the_source_is_in_the_kobo_spans_in_order(kepubs):
    spans = []
    for root in pages(kepubs["kazakhstan-2022"]["kepub.epub"]).values():
        if root.find(f"{XHTML_NS}body").get(EPUB_TYPE) in ("frontmatter", "bodymatter"):
            spans += [
                "".join(span.itertext()) for span in root.iter(f"{XHTML_NS}span") if span.get("class") == "koboSpan"
            ]
    assert words(" ".join(spans)) == words(SAMPLE.read_text(encoding="utf-8"))
