"""Fonts as editions carry them: given the thin spaces and hyphens typography writes."""

from __future__ import annotations

import io
import zipfile

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from test_pdf import embedded_fonts

from publish.build import BuildOptions, resolve_theme
from publish.writers.fonts import complete_font

from conftest import ROOT, build


def theme_font(name: str = "PT Serif") -> bytes:
    theme = resolve_theme(BuildOptions(project=ROOT))
    face = next(face for face in theme.fonts if face.family == name and face.style == "normal" and face.weight == 400)
    return face.path.read_bytes()


def test_a_font_without_thin_spaces_gets_them_each_its_own_glyph():
    original = TTFont(io.BytesIO(theme_font()))
    assert 0x202F not in original.getBestCmap()  # PT Serif lacks them: the reason for all this
    completed = TTFont(io.BytesIO(complete_font(theme_font())))
    cmap = completed.getBestCmap()
    em = completed["head"].unitsPerEm
    thin, narrow = cmap[0x2009], cmap[0x202F]
    assert thin != narrow  # so that each extracts as itself
    for glyph in (thin, narrow):
        assert completed["hmtx"][glyph][0] == em // 6
        assert completed["hmtx"][glyph][0] < completed["hmtx"][cmap[0x20]][0]  # narrower than a word space
    assert cmap[0x2010] == cmap[ord("-")]
    assert complete_font(complete_font(theme_font())) == complete_font(theme_font())


def test_a_completed_font_is_kept_in_memory_within_a_bound(monkeypatch):
    """The next edition a process builds takes its completed faces from memory, not from the
    disk cache; the memory kept is bounded (the most recently used kept)."""
    from publish.writers import fonts

    monkeypatch.setattr(fonts, "_COMPLETED", {})
    first = complete_font(theme_font())
    monkeypatch.setattr(fonts, "cached_bytes", lambda *_: pytest.fail("completed again"))
    assert complete_font(theme_font()) == first
    monkeypatch.setattr(fonts, "cached_bytes", lambda kind, key, compute: compute())
    for number in range(12):  # not fonts: kept as they are, each 8 MB
        complete_font(bytes([number]) * (8 * 1024 * 1024))
    kept = fonts._COMPLETED
    assert sum(len(font) + len(completed) for font, completed in kept.items()) <= fonts._COMPLETED_BYTES
    assert bytes([11]) * (8 * 1024 * 1024) in kept and theme_font() not in kept


def test_digit_groups_are_set_in_the_themes_font_and_extract_as_written(tmp_path):
    source = tmp_path / "numbers.md"
    source.write_text("# Цифры\n\nЗарплата 45 000 руб., бюджет 1000000 тенге.\n", encoding="utf-8")
    built = build(source, tmp_path / "out", "pdf", "epub")
    assert embedded_fonts(built["pdf"]) <= {"PT-Serif", "PT-Serif-Italic", "PT-Sans-Bold", "PT-Sans"}
    text = "".join(page.extract_text() for page in PdfReader(built["pdf"]).pages)
    assert "45\u202f000" in text and "1\u202f000\u202f000" in text
    with zipfile.ZipFile(built["epub"]) as epub:
        fonts = [name for name in epub.namelist() if name.endswith(".ttf")]
        assert fonts
        text_face = next(name for name in fonts if name.endswith("PT_Serif-Web-Regular.ttf"))  # the body's face
        assert 0x202F in TTFont(io.BytesIO(epub.read(text_face))).getBestCmap()


def test_every_article_of_a_theme_cuts_its_subsets_from_one_shared_cut_of_each_face(tmp_path, monkeypatch):
    from conftest import ARTICLE, SAMPLE

    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(tmp_path / "cache"))
    from publish.writers import fonts

    fonts._subset.cache_clear()
    build(SAMPLE, tmp_path / "a", "epub")
    shared = set((tmp_path / "cache" / "font-repertoires").iterdir())
    assert len(shared) == 4  # the sample's four faces
    build(ARTICLE, tmp_path / "b", "epub")  # a different text: its own subsets, the same cuts (plus bold)
    assert shared < set((tmp_path / "cache" / "font-repertoires").iterdir())
    assert len(list((tmp_path / "cache" / "font-repertoires").iterdir())) == 5
    assert len(list((tmp_path / "cache" / "fonts").iterdir())) == 9  # 4 + 5 subsets, one per text and face
