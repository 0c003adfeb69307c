"""Fuzzing the pipeline: any source builds a valid EPUB or fails with a clean error, never a crash.

A bounded run by default (a fifth of the Hypothesis profile's examples); a long one with
HYPOTHESIS_PROFILE=thorough. The first few EPUBs built are also put through epubcheck.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from publish.build import BuildOptions, build_source, resolve_theme
from publish.errors import PublishError

from conftest import ROOT, epubcheck, problems

OPTIONS = BuildOptions(formats=("epub", "html"), out_dir=Path("unused"), project=ROOT)
THEME = resolve_theme(OPTIONS)
VALIDATED: list[int] = []
EPUBCHECK_RUNS = 3

_MARKUP_PIECES = ["]]>", "<script>", "&amp;", "[^1]", "[^1]: ", "---\n", "```\n", "\n\n", "![x](y.png)", "<!--", "-->"]
markup_like = st.lists(
    st.one_of(
        st.sampled_from(_MARKUP_PIECES), st.text(alphabet=list("<>&;/]![()*_#`>-=:\"'\n \tabcабвгд{}|~^\\0.\x00\x0b"))
    ),
    max_size=30,
).map("".join)
odd_whitespace = st.text(alphabet=list(" \t\r\n\u00a0\u2028\u2029\ufeff\u200b\u3000абв abc"), max_size=200)
deep_nesting = st.tuples(st.sampled_from([">", "- ", "1. ", "  - ", "*", "_", "[", "> - "]), st.integers(1, 400)).map(
    lambda pair: pair[0] * pair[1] + " текст\n"
)
front_matter = st.tuples(st.text(max_size=60), st.text(max_size=200)).map(
    lambda pair: f"---\ntitle: {pair[0]}\n---\n\n{pair[1]}"
)
sources = st.one_of(st.text(max_size=400), markup_like, odd_whitespace, deep_nesting, front_matter)


@settings(
    max_examples=max(settings().max_examples // 5, 20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    text=sources,
    suffix=st.sampled_from([".md", ".txt", ".html"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1251"]),
)
def test_any_source_builds_a_valid_epub_or_fails_cleanly(text, suffix, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"fuzz{suffix}"
        source.write_bytes(data)
        options = BuildOptions(formats=OPTIONS.formats, out_dir=Path(folder) / "out", project=ROOT)
        try:
            written = build_source(source, options, THEME)
        except PublishError as error:
            assert str(error).startswith(str(source))  # a clean error names the file
            assert not (Path(folder) / "out").exists() or not any((Path(folder) / "out").iterdir())
            return
        epub = next(path for path in written if path.suffix == ".epub")
        with zipfile.ZipFile(epub) as archive:
            assert archive.testzip() is None
            for name in archive.namelist():
                if name.endswith(".xhtml"):
                    etree.fromstring(archive.read(name))  # well-formed XHTML
            etree.fromstring(archive.read("EPUB/content.opf"))
        page = next(path for path in written if path.suffix == ".html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and lxml.html.document_fromstring(page).find("body") is not None
        if len(VALIDATED) < EPUBCHECK_RUNS:
            VALIDATED.append(1)
            assert problems(epubcheck(epub)) == []


_DOCUMENTS = {".docx": "word/document.xml", ".odt": "content.xml"}


@settings(max_examples=max(settings().max_examples // 5, 20), suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(sorted(_DOCUMENTS)),
    cuts=st.lists(st.integers(0, 10_000), max_size=6),
    values=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["-1", "999999999", "x", "", "0", "10"])), max_size=6
    ),
)
def test_any_damage_to_a_document_is_read_or_refused_cleanly(suffix, cuts, values):
    """The LibreOffice article with elements cut out and attributes set to nonsense (levels,
    ids, numbers): read into a document, or a clean error — never a crash."""
    original = ROOT / "tests" / "fixtures" / "office" / f"tarify{suffix}"
    with zipfile.ZipFile(original) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts[_DOCUMENTS[suffix]])
    elements = list(root.iter())
    for cut in cuts:
        victim = elements[cut % len(elements)]
        if victim.getparent() is not None and victim in list(root.iter()):
            victim.getparent().remove(victim)
    for index, value in values:
        element = elements[index % len(elements)]
        for name in list(element.attrib)[:1]:
            element.set(name, value)
    parts[_DOCUMENTS[suffix]] = etree.tostring(root)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"damaged{suffix}"
        with zipfile.ZipFile(source, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        try:
            from publish.readers import read_source

            read_source(source)
        except PublishError as error:
            assert str(error).startswith(str(source))
