"""The print edition, read back with pypdf: page size, fonts, words, numbers, metadata."""

from __future__ import annotations

import re

from pypdf import PdfReader

from publish.readers import read_source
from publish.typography import typograph_text

from conftest import SAMPLE, build, pdf_body_text, pdf_text, words

A5 = (419.53, 595.28)  # points


def test_sample_pdf_is_a5(sample_build):
    for page in PdfReader(sample_build["pdf"]).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == __import__("pytest").approx(A5, abs=0.5)


def embedded_fonts(path) -> set[str]:
    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor, font[
                "/BaseFont"
            ]
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return fonts


def test_every_font_is_embedded_and_from_the_theme(sample_build, article_build):
    for built in (sample_build, article_build):
        fonts = embedded_fonts(built["pdf"])
        assert fonts and all(name.startswith(("PT-Serif", "PT-Sans")) for name in fonts), fonts


def test_every_word_of_the_source_is_in_the_pdf(sample_build):
    meta = read_source(SAMPLE).metadata
    text = pdf_body_text(sample_build["pdf"], meta.publisher, typograph_text(meta.title, "ru")).replace("\u00a0", " ")
    assert re.search(r"\w-\n\w", text), "expected hyphenated line ends"
    joined = re.sub(r"(?<=\w)-\n(?=\w)", "", text)
    # A compound broken at its own hyphen loses it when joined: compare the letters in order.
    expected = "".join(words(SAMPLE.read_text(encoding="utf-8").lower()))
    assert "".join(words(joined.lower())) == expected
    assert " - " not in text and "..." not in text and '"' not in text


def test_pages_are_numbered_except_the_first(sample_build):
    pages = PdfReader(sample_build["pdf"]).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        if number == 1:
            assert str(number) not in (lines[0], lines[-1])
        else:
            assert lines[-1] == str(number) or lines[0] == str(number), (number, lines[-1])


def test_pdf_metadata(sample_build):
    info = PdfReader(sample_build["pdf"]).metadata
    assert info.title.startswith("В\u00a0Казахстане") or info.title.startswith("В Казахстане")
    assert info.author == "Интернациональная коммунистическая партия"  # unsigned: its publisher (Metadata.credited)
    assert "publish" in info.creator
    root = PdfReader(sample_build["pdf"]).trailer["/Root"]
    assert root["/Lang"] == "ru"


def test_markdown_pdf_builds_with_notes_and_image(article_build):
    text = pdf_text(article_build["pdf"]).replace("\u00a0", " ")
    assert "Исторический очерк" in text
    assert "По данным на" in text
    assert len(PdfReader(article_build["pdf"]).pages) >= 1


def test_two_pdf_builds_are_byte_identical(tmp_path, monkeypatch):
    from conftest import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(SAMPLE, tmp_path / "a", "pdf")["pdf"].read_bytes()
    second = build(SAMPLE, tmp_path / "b", "pdf")["pdf"].read_bytes()
    assert first == second


def test_no_short_word_is_left_at_a_line_end_and_no_typewriter_marks_remain(sample_build):
    from pypdf import PdfReader

    text = "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(sample_build["pdf"]).pages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 100
    # a particle (ли, же, бы) belongs to the word before it, and may end a line
    stranded = [line for line in lines if re.search(r"(?:^|\s)(?!(?:ли|ль|же|ж|бы|б)$)[^\W\d_]{1,2}$", line)]
    assert stranded == []
    assert '"' not in text and "..." not in text and " - " not in text


def test_word_spaces_extract_as_plain_spaces_in_every_reader(sample_build):
    """Search for a phrase typed with ordinary spaces: Chrome's viewer (pdfium), pypdf and
    poppler must all see U+0020 between words, though the composer and the typography set
    no-break spaces there."""
    import subprocess

    import pypdfium2

    path = sample_build["pdf"]
    document = pypdfium2.PdfDocument(str(path))
    texts = {
        "pdfium": "".join(page.get_textpage().get_text_range() for page in document),
        "pypdf": "".join(page.extract_text() for page in PdfReader(path).pages),
        "poppler": subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout,
    }
    document.close()
    for reader, text in texts.items():
        assert "\u00a0" not in text, reader
        assert text.count(" ") > 1000, reader  # the sample's some 1 300 words
        assert "бессовестно предложен" in text, reader


def test_a_hyphen_added_at_a_line_end_extracts_as_nothing(sample_build):
    """The hyphen the composer breaks a word with is printed, but copied or searched text has
    the word as the source has it (ActualText): poppler gives its two halves, and no hyphen."""
    from pdflines import printed_lines

    def by_place(drawn: bool) -> dict[tuple[int, float], str]:
        lines = printed_lines(sample_build["pdf"], drawn=drawn)
        return {(line.page, round(line.words[0].top)): line.text for line in lines}

    printed, copied = by_place(True), by_place(False)
    assert printed.keys() == copied.keys()
    source = set(words(SAMPLE.read_text(encoding="utf-8")))
    places = sorted(printed)
    broken = 0
    for place, following in zip(places, places[1:], strict=False):
        line = printed[place]
        if re.search(r"\w-$", line) and following[0] == place[0]:
            whole = line.split()[-1][:-1] + printed[following].split()[0]
            if all(part in source for part in words(whole)) and len(words(whole)) == 1:  # not a compound's hyphen
                broken += 1
                assert copied[place] == line[:-1], (line, copied[place])
    assert broken > 20


def test_a_list_that_starts_further_on_is_numbered_so_in_print(tmp_path):
    """`<ol start="4">` (a Markdown "4.", a LibreOffice list restarted at 4): the web page and
    the EPUB showed 4, 5 and the PDF 1, 2 — WeasyPrint does not read `start`."""
    source = tmp_path / "steps.md"
    source.write_text("# Шаги\n\nНачало.\n\n1. Первый.\n\nМежду ними.\n\n4. Четвёртый.\n5. Пятый.\n", encoding="utf-8")
    text = pdf_text(build(source, tmp_path / "out", "pdf")["pdf"])
    markers = re.findall(r"(?m)^\s*(\d+)\.\s*$", text)  # (the text layer gives the markers apart)
    assert markers == ["1", "4", "5"], text
