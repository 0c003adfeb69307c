"""Footnotes in print: every note on the page of its call, once, in order; a note too long for
its page continued overleaf. Checked on built PDFs of texts made to be hard (tests/notestress.py)."""

from __future__ import annotations

import logging

import pytest

from publish.compose import notes as note_placing
from publish.compose import seam

from conftest import build
from notestress import badly_split_lists, note_places, note_stress_text

# (theme, page size, seed): each theme at each size, a different text each time. The pamphlet
# sets two columns at A4 (each seed here printed notes a page late before the columns were laid
# out again under their notes) and one column, still a multi-column box, at A5 and A6.
WEASYPRINT_OWN_LINES = seam.LINEBOX_LAYOUT.now()  # as imported: the seam swaps it only while laying out
CASES = [
    ("classic", "A4", 11),
    ("classic", "A5", 12),
    ("classic", "A6", 13),
    ("large-print", "A4", 14),
    ("large-print", "A5", 15),
    ("large-print", "A6", 5),  # a page made again in a later pass lost a note continued onto it
    ("pamphlet", "A4", 1),
    ("pamphlet", "A5", 2),
    ("pamphlet", "A6", 3),
]


@pytest.mark.parametrize(("theme", "size", "seed"), CASES)
def test_every_note_is_printed_once_on_its_calls_page_in_order(tmp_path, theme, size, seed):
    """…and no list of up to four items split, no longer one leaving an item alone."""
    source = tmp_path / "notes.md"
    source.write_text(note_stress_text(seed), encoding="utf-8")
    pdf = build(source, tmp_path / "out", "pdf", style=theme, page_size=size)["pdf"]
    places = note_places(pdf)
    assert len(places.calls) == 24
    assert places.misplaced() == []
    assert places.lost_text() == []
    assert places.lost_note_text() == []
    assert badly_split_lists(pdf) == []


def test_a_note_longer_than_a_page_goes_on_overleaf_and_the_report_says_so(tmp_path, caplog):
    """Large print on A6: notes of half a page and more, split at a word's start."""
    source = tmp_path / "long-notes.md"
    source.write_text(note_stress_text(16), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="publish.writers.pdf"):
        pdf = build(source, tmp_path / "out", "pdf", style="large-print", page_size="A6")["pdf"]
    places = note_places(pdf)
    continued = [number for number, pages in places.note_pages.items() if len(pages) > 1]
    assert continued, "no note was long enough to go on overleaf"
    for number in continued:
        assert places.note_pages[number] == list(range(places.calls[number][0], max(places.note_pages[number]) + 1))
    summary = next(record.message for record in caplog.records if "lines composed" in record.message)
    assert f"0 footnotes off their call's page, {len(continued)} continued overleaf" in summary


def test_the_report_names_a_note_printed_off_its_page(tmp_path, caplog, monkeypatch):
    """With WeasyPrint's own note placing (the seam switched off), notes go a page late; the
    report must say so: it is what a typesetter reads before sending to press."""
    monkeypatch.setattr(note_placing, "place_lines", WEASYPRINT_OWN_LINES)
    source = tmp_path / "notes.md"
    source.write_text(note_stress_text(13), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="publish.writers.pdf"):
        pdf = build(source, tmp_path / "out", "pdf", page_size="A6")["pdf"]
    off = len([problem for problem in note_places(pdf).misplaced() if problem.startswith("note")])
    assert off > 0
    summary = next(record.message for record in caplog.records if "lines composed" in record.message)
    assert f"{off} footnotes off their call's page" in summary


NOTES_EVERYWHERE = """---
title: Сноски в разных местах
---

## Заголовок со сноской[^h]

Абзац, в котором *курсив со сноской[^e]* и обычная сноска[^p].

| Отрасль | Рост |
|---------|------|
| Транспорт | 134,1[^c] |

: Рост по отраслям[^t]

[^h]: Примечание к заголовку.
[^e]: Примечание к курсиву.
[^p]: Обычное примечание.
[^c]: Примечание к ячейке.
[^t]: Примечание к подписи.
"""


def test_notes_are_numbered_as_a_reader_meets_them_a_caption_under_its_table_first(tmp_path):
    """Pandoc's caption line stands under the table in the source and above it in every
    edition: its note is numbered before the cells' notes, not after them."""
    from publish.model import NoteRef, block_words, plain_text, walk_inlines
    from publish.readers import read_source

    source = tmp_path / "notes.md"
    source.write_text(NOTES_EVERYWHERE, encoding="utf-8")
    document = read_source(source)
    marks = [i.number for words in block_words(document.blocks) for i in walk_inlines(words) if isinstance(i, NoteRef)]
    assert marks == [1, 2, 3, 4, 5]
    texts = [plain_text(note.blocks[0].children) for note in document.notes]
    assert texts[3:] == ["Примечание к подписи.", "Примечание к ячейке."]
    page = build(source, tmp_path / "out", "html")["html"].read_text(encoding="utf-8").replace("\u00ad", "")
    assert page.index("подписи.") < page.index("ячейке.")


def test_a_note_is_set_in_the_notes_face_whatever_words_cite_it(tmp_path):
    """A note cited from a heading, an emphasis or a table's caption is printed in the notes'
    regular face, not in the bold sans or the italic of the words that cite it."""
    from pypdf import PdfReader

    source = tmp_path / "notes.md"
    source.write_text(NOTES_EVERYWHERE, encoding="utf-8")
    pdf = build(source, tmp_path / "out", "pdf")["pdf"]
    faces: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if font and text.strip():
            for word in ("заголовку", "курсиву", "подписи", "Обычное"):
                if word in text.replace("\u00ad", ""):
                    faces.setdefault(word, set()).add(str(font["/BaseFont"]).split("+")[-1])

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    assert set(faces) == {"заголовку", "курсиву", "подписи", "Обычное"}
    assert {face for found in faces.values() for face in found} == {"PT-Serif"}, faces


def test_a_captions_note_goes_into_the_ebook_file_that_cites_it(tmp_path):
    """The EPUB is split at its sections and each file carries the notes it cites: a note cited
    only from a table's caption was taken for one cited nowhere and went into the last file."""
    from conftest import epub_pages

    source = tmp_path / "split.md"
    source.write_text(
        "---\ntitle: Две части\n---\n\n## Первая часть\n\nТекст первой части.\n\n"
        "| Год | Число |\n|-----|------:|\n| 2022 | 174 |\n\n: Протесты по годам[^1]\n\n"
        "## Вторая часть\n\nТекст второй части со сноской[^2].\n\n"
        "[^1]: Примечание к подписи.\n[^2]: Примечание ко второй части.\n",
        encoding="utf-8",
    )
    files = {}
    for name, page in epub_pages(build(source, tmp_path / "out", "epub")["epub"]):
        ids = {element.get("id") for element in page.iter() if element.get("id")}
        files.update({note: name for note in ("ref-1", "note-1", "ref-2", "note-2") if note in ids})
    assert files["note-1"] == files["ref-1"] != files["note-2"] == files["ref-2"], files
