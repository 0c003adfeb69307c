"""The shared text rules: where a sentence ends (Kobo's spans, a description's cut), what no
edition can carry, white space on one line."""

from __future__ import annotations

import pytest

from publish.readers.metadata import summary
from publish.text import one_line, sentences, without_controls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Он ушёл. Потом вернулся.", ["Он ушёл. ", "Потом вернулся."]),
        ("Она спросила: «Зачем?» Никто не ответил.", ["Она спросила: «Зачем?» ", "Никто не ответил."]),
        ("Писал В. И. Ленин. Конец.", ["Писал В. И. Ленин. ", "Конец."]),  # initials with plain spaces
        ("Пришли и т. д., см. ниже. Всё.", ["Пришли и т. д., см. ниже. ", "Всё."]),
        ("Вони прийшли… і пішли. Далі.", ["Вони прийшли… і пішли. ", "Далі."]),  # Ukrainian і continues
        ("Итак. — Да, — сказал он.", ["Итак. ", "— Да, — сказал он."]),
        ("Т.\u00a0е. всё. 1. Пункт.", ["Т.\u00a0е. всё. ", "1. Пункт."]),  # no-break space, list number
        ("Why? Because.\n\nNext one.", ["Why? ", "Because.\n\n", "Next one."]),
        ("Всё.   ", ["Всё.   "]),
    ],
)
def test_sentences_cut_where_a_reader_would_and_lose_nothing(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
    assert "".join(sentences(text)) == text


def test_a_long_lead_is_cut_after_its_last_whole_sentence() -> None:
    lead = "Первая фраза о забастовке. " * 30
    described = summary(lead, 100)
    assert described.endswith("забастовке.")
    assert len(described) <= 100
    assert summary("Слово " * 200, 50).endswith("…")  # one sentence longer than the limit: cut at a word


def test_characters_no_edition_can_carry_are_dropped_and_text_kept() -> None:
    assert without_controls("а\x00б\x07в\x7fг\ufffe\td\ne") == "абвг\td\ne"
    assert one_line("  Заголовок\n\tв  две\u00a0строки ") == "Заголовок в две строки"


@pytest.mark.parametrize(
    "line",
    ["." * 1_000_000, ". " * 500_000, "?!»" * 300_000, "А. " * 300_000, "слово… " * 120_000],
    ids=["full stops", "stops and spaces", "marks and quotes", "initials", "ellipses"],
)
def test_a_megabyte_of_sentence_marks_is_cut_without_hanging(line: str) -> None:
    """A hostile line of marks: within the 10 s a hostile case may take (a linear pass takes
    under 0.3 s here; the KEPUB's old pattern tried the run from each dot: 100 KB of dots took
    140 s, a megabyte hours). Not a speed measure: bench/ has those."""
    import time

    started = time.perf_counter()
    assert "".join(sentences(line)) == line
    summary(line)
    assert time.perf_counter() - started < 10.0
