from publish.language import detect_language


def test_cyrillic_text_is_russian():
    assert detect_language("Пролетарские массы Казахстана возглавили восстание.") == "ru"


def test_ukrainian_letters_tell_ukrainian_apart():
    assert detect_language("Пролетарські маси Казахстану очолили повстання, і це їхня сила.") == "uk"


def test_latin_languages_by_their_common_words():
    assert detect_language("The workers of the country and the state") == "en"
    assert detect_language("Die Arbeiter und die Bauern sind nicht mit dem Staat") == "de"
    assert detect_language("Les travailleurs et les paysans dans la lutte pour le pain") == "fr"


def test_mostly_cyrillic_with_latin_names_is_still_russian():
    assert detect_language("Заявление ICP по поводу событий в Telegram-каналах и NATO") == "ru"


def test_no_letters_at_all_defaults_to_english():
    assert detect_language("1234 — 5678") == "en"
