"""Hyphenation: where Russian words break, which words never do, and the exceptions list."""

from __future__ import annotations

import pytest

from publish.errors import PublishError
from publish.hyphenation import SOFT_HYPHEN, hyphenate_document, hyphenate_text, load_exceptions
from publish.hyphenation.exceptions import parse_exceptions
from publish.model import Document, Heading, Metadata, Paragraph, Text

# Words with their break points, shown by "-". Letters ь, ъ, й stay with the syllable before;
# ё is an ordinary vowel; no break leaves fewer than two letters on either side.
RUSSIAN_WORDS = [
    "про-ле-тар-ские",
    "объ-яв-ле-ние",
    "подъ-езд",
    "разъ-яс-не-ние",
    "сверхъ-есте-ствен-ный",
    "объ-еди-не-ние",
    "изъ-ять",
    "надъ-язы-ко-вой",
    "адъ-ютант",
    "трёхъ-ярус-ный",
    "вой-на",
    "май-ка",
    "бой-кий",
    "строй-ка",
    "чай-ник",
    "Ка-спий-ско-го",
    "ёлоч-ка",
    "ёжи-ки",
    "жёл-тый",
    "съём-ка",
    "маёв-ка",
    "заём-щик",
    "во-оружён-ный",
    "пу-лемёт",
    "пье-са",
    "вью-га",
    "се-мья",
    "льго-та",
    "силь-ный",
    "вос-ста-ние",
    "про-ле-та-ри-ат",
    "ка-пи-та-лизм",
    "бур-жу-а-зия",
    "за-ба-стов-ка",
    "экс-плу-а-та-ция",
    "го-су-дар-ство",
    "ре-во-лю-ция",
    "ин-тер-на-ци-о-нал",
    "марк-сизм",
    "диа-лек-ти-ка",
    "ма-те-ри-а-лизм",
    "ком-му-низм",
    "ра-бо-чий",
    "проф-со-юз",
    "де-мон-стра-ция",
    "без-опас-ность",
    "контр-ре-во-лю-ция",
    "сверх-при-быль",
    "по-до-ход-ный",
    "бес-смыс-лен-ный",
    "клас-со-вый",
    "эко-но-ми-ка",
    "им-пе-ри-а-лизм",
    "идео-ло-гия",
    "на-ци-о-наль-ность",
    "оли-гар-хия",
    "ин-фля-ция",
    "ме-сто-ро-жде-ние",
    "Ка-зах-стан",
    "по-встан-че-ский",
    "ре-прес-сив-ный",
    "ад-ми-ни-стра-ция",
    "от-вет-ствен-ность",
    "транс-на-ци-о-наль-ный",
    "ге-ро-и-че-ский",
    "пред-ыс-то-рия",  # from the bundled exceptions: the patterns split the prefix
    "от-ыг-рать",
]


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.fixture(scope="module")
def russian_exceptions():
    return load_exceptions("ru")


@pytest.mark.parametrize("expected", RUSSIAN_WORDS)
def test_russian_break_points(expected, russian_exceptions):
    word = expected.replace("-", "")
    assert shown(hyphenate_text(word, "ru", russian_exceptions)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "мир труд бой",  # fewer than five letters
        "ящик",
        "ОДКБ НАТО СНГ КАЗАХСТАН",  # capitals: abbreviations
        "COVID-19 2021-го 1990-х",  # digits
        "https://example.org/пролетарии",
        "www.пролетарии.рф",
        "редакция@пролетарии.рф",
        "Касым-Жомарта северо-западный Ростов-на-Дону по-настоящему",  # compounds: only their own hyphen
        "т.е. т.к.",
    ],
)
def test_words_that_never_take_soft_hyphens(text):
    assert hyphenate_text(text, "ru") == text


def test_punctuation_around_a_word_does_not_stop_it_breaking():
    assert shown(hyphenate_text("«восстание»,", "ru")) == "«вос-ста-ние»,"


def test_english_and_german_use_their_own_dictionaries():
    assert shown(hyphenate_text("international", "en")) == "in-ter-na-tion-al"
    assert SOFT_HYPHEN in hyphenate_text("Arbeiterbewegung", "de")


def test_a_language_without_a_dictionary_is_left_alone():
    document = Document(Metadata(title="T", language="xx"), (Paragraph((Text("international"),)),))
    assert hyphenate_document(document) == document


def test_headings_are_not_hyphenated_unless_asked():
    document = Document(
        Metadata(title="T", language="ru"),
        (Heading(1, (Text("Пролетарские массы"),)), Paragraph((Text("Пролетарские массы"),))),
    )
    plain = hyphenate_document(document)
    assert plain.blocks[0] == document.blocks[0]
    assert SOFT_HYPHEN in plain.blocks[1].children[0].text
    assert SOFT_HYPHEN in hyphenate_document(document, headings=True).blocks[0].children[0].text


def test_soft_hyphens_removed_give_back_the_text():
    text = "Пролетарские массы Казахстана возглавили мужественное восстание."
    assert hyphenate_text(text, "ru").replace(SOFT_HYPHEN, "") == text


# --- the exceptions list -------------------------------------------------------------------


def test_a_project_list_overrides_the_dictionary(tmp_path):
    project_list = tmp_path / "hyphenation.txt"
    project_list.write_text("# our house rules\nмарк-сизм-ле-нинизм\nОзенмунайгаз\nпролетарские\n", encoding="utf-8")
    exceptions = load_exceptions("ru", project_list)
    assert shown(hyphenate_text("марксизмленинизм", "ru", exceptions)) == "марк-сизм-ле-нинизм"
    assert hyphenate_text("Озенмунайгаз пролетарские", "ru", exceptions) == "Озенмунайгаз пролетарские"
    assert shown(hyphenate_text("Пролетарские", "ru")) == "Про-ле-тар-ские"  # without the list


def test_a_project_list_wins_over_the_bundled_one(tmp_path):
    project_list = tmp_path / "hyphenation.txt"
    project_list.write_text("предыстория\n", encoding="utf-8")
    assert hyphenate_text("предыстория", "ru", load_exceptions("ru", project_list)) == "предыстория"


def test_a_bad_line_in_the_list_is_an_error_with_its_line(tmp_path):
    with pytest.raises(PublishError) as raised:
        parse_exceptions("слово\nдва слова\n", tmp_path / "hyphenation.txt")
    assert raised.value.line == 2


def test_the_document_stage_reads_the_project_list(tmp_path):
    project_list = tmp_path / "hyphenation.txt"
    project_list.write_text("Казахстан\n", encoding="utf-8")
    document = Document(Metadata(title="T", language="ru"), (Paragraph((Text("Казахстан восстание"),)),))
    text = hyphenate_document(document, exceptions_file=project_list).blocks[0].children[0].text
    assert shown(text) == "Казахстан вос-ста-ние"
