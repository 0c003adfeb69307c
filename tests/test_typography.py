"""The typography engine: a table of cases, one rule each, then real sentences and properties.

In the tables `~` stands for a no-break space (U+00A0) and `^` for a narrow no-break space
(U+202F, between digit groups), so expectations stay readable.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publish.model import Code, Document, Emphasis, Metadata, Note, NoteRef, Paragraph, Text
from publish.typography import typograph_document, typograph_runs, typograph_text


def nb(text: str) -> str:
    return text.replace("~", "\u00a0").replace("^", "\u202f")


RUSSIAN = [
    # --- quotes ------------------------------------------------------------------------------
    ('"слово"', "«слово»"),
    ('Он сказал "да".', "Он~сказал «да»."),
    ('"Правда" - газета', "«Правда»~— газета"),
    ('газета "Правда"', "газета «Правда»"),
    ('"а "б" в"', "«а~„б“ в»"),
    ('"Цитата "внутри "глубже""."', "«Цитата „внутри «глубже»“.»"),
    ('("в скобках")', "(«в~скобках»)"),
    ('Слово "в кавычках", дальше.', "Слово «в~кавычках», дальше."),
    ('"Да!" - крикнул он.', "«Да!»~— крикнул он."),
    ('"Что?"', "«Что?»"),
    ("“английские” кавычки", "«английские» кавычки"),
    ("„немецкие“ кавычки", "«немецкие» кавычки"),
    ('«смешанные"', "«смешанные»"),
    ('"смешанные»', "«смешанные»"),
    ("«уже „правильные“»", "«уже „правильные“»"),
    ('Он:"нет"', "Он:«нет»"),
    ('Заголовок "Искры".', "Заголовок «Искры»."),
    ('"1917"', "«1917»"),
    ('ООО "Ромашка"', "ООО «Ромашка»"),
    ('"Война и мир", "Анна Каренина"', "«Война и~мир», «Анна Каренина»"),
    ('Партия "Единство" и движение "Вперёд"', "Партия «Единство» и~движение «Вперёд»"),
    ("д'Артаньян", "д’Артаньян"),
    ("О'Коннор", "О’Коннор"),
    # --- dashes ------------------------------------------------------------------------------
    ("Москва - столица", "Москва~— столица"),
    ("Москва -- столица", "Москва~— столица"),
    ("Москва --- столица", "Москва~— столица"),
    ("Москва – столица", "Москва~— столица"),
    ("Москва — столица", "Москва~— столица"),
    ("Москва~— столица", "Москва~— столица"),
    ("слово--слово", "слово~— слово"),
    ("- Привет!", "—~Привет!"),
    ("— Привет!", "—~Привет!"),
    ("-- Привет!", "—~Привет!"),
    ("- Да, - ответил он.", "—~Да,~— ответил он."),
    ("Он ушёл, - сказала она.", "Он~ушёл,~— сказала она."),
    ("Мир - это труд", "Мир~— это труд"),
    ("по-настоящему", "по-настоящему"),
    ("из-за рубежа", "из-за рубежа"),
    ("кто-нибудь", "кто-нибудь"),
    ("Telegram-каналов", "Telegram-каналов"),
    ("1990-х годов", "1990-х годов"),
    ("2021-го", "2021-го"),
    ("Касым-Жомарт", "Касым-Жомарт"),
    ("северо-запад", "северо-запад"),
    ("Ростов-на-Дону", "Ростов-на-Дону"),
    ("1917-1921", "1917–1921"),
    ("5-10", "5–10"),
    ("1917–1921", "1917–1921"),
    ("с 5-10 мая", "с~5–10~мая"),
    ("0,5-1,5 литра", "0,5–1,5~литра"),
    ("страницы 10-15.", "страницы 10–15."),
    ("тел. 8-800-555-35-35", "тел. 8-800-555-35-35"),
    ("дата 2022-01-05", "дата 2022-01-05"),
    ("-5 градусов", "−5~градусов"),
    ("было -5 °C", "было −5~°C"),
    ("от -10 до +5", "от~−10~до~+5"),
    ("(-3)", "(−3)"),
    ("x = -1", "x~= −1"),
    ("Он - врач.", "Он~— врач."),
    ("Слово -", "Слово~—"),
    # --- ellipsis and spaces -------------------------------------------------------------------
    ("Итак...", "Итак…"),
    ("Итак.....", "Итак…"),
    ("...и вот", "…и~вот"),
    ("Что?..", "Что?.."),
    ("Слово  слово", "Слово слово"),
    ("Слово\tслово", "Слово слово"),
    ("Слово , слово", "Слово, слово"),
    ("Слово .", "Слово."),
    ("Конец !", "Конец!"),
    ("Вопрос ?", "Вопрос?"),
    ("Так ; так", "Так; так"),
    ("Так : так", "Так: так"),
    ("( скобки )", "(скобки)"),
    ("[ квадратные ]", "[квадратные]"),
    ("строка   \nдругая", "строка\nдругая"),
    ("первая\nвторая", "первая\nвторая"),
    ("конец ...", "конец…"),
    # --- short words ---------------------------------------------------------------------------
    ("в городе", "в~городе"),
    ("к дому", "к~дому"),
    ("с другом", "с~другом"),
    ("у моря", "у~моря"),
    ("о мире", "о~мире"),
    ("и снова", "и~снова"),
    ("а также", "а~также"),
    ("на заводе", "на~заводе"),
    ("по улице", "по~улице"),
    ("за рубежом", "за~рубежом"),
    ("из города", "из~города"),
    ("до утра", "до~утра"),
    ("от имени", "от~имени"),
    ("не может", "не~может"),
    ("ни разу", "ни~разу"),
    ("но всё", "но~всё"),
    ("об этом", "об~этом"),
    ("во время", "во~время"),
    ("со всеми", "со~всеми"),
    ("без борьбы", "без~борьбы"),
    ("для рабочих", "для~рабочих"),
    ("под давлением", "под~давлением"),
    ("при этом", "при~этом"),
    ("через год", "через~год"),
    ("В Казахстане", "В~Казахстане"),
    ("И снова", "И~снова"),
    ("Он сказал", "Он~сказал"),
    ("и в городе", "и~в~городе"),
    ("рабочие и крестьяне", "рабочие и~крестьяне"),
    ("в 2021 году", "в~2021~году"),
    ("за «Правду»", "за~«Правду»"),
    ("Слово в", "Слово в"),
    ("ОДКБ и НАТО", "ОДКБ и~НАТО"),
    ("всё-таки в", "всё-таки в"),
    # --- particles -----------------------------------------------------------------------------
    ("Пришёл ли он", "Пришёл~ли он"),
    ("если бы знал", "если~бы знал"),
    ("он же сказал", "он~же сказал"),
    ("тот же", "тот~же"),
    ("что ж", "что~ж"),
    ("могла б", "могла~б"),
    ("был ль", "был~ль"),
    ("ли это", "ли это"),
    ("желание", "желание"),
    # --- initials ------------------------------------------------------------------------------
    ("В. И. Ленин", "В.~И.~Ленин"),
    ("В.И. Ленин", "В.~И.~Ленин"),
    ("В.И.Ленин", "В.~И.~Ленин"),
    ("Ленин В. И.", "Ленин~В.~И."),
    ("Ленин В.И.", "Ленин~В.~И."),
    ("А. Бордига", "А.~Бордига"),
    ("К. Маркс и Ф. Энгельс", "К.~Маркс и~Ф.~Энгельс"),
    # --- abbreviations -------------------------------------------------------------------------
    ("т. е.", "т.~е."),
    ("т.е.", "т.~е."),
    ("т.к. он", "т.~к. он"),
    ("и т.д.", "и~т.~д."),
    ("и т. п.", "и~т.~п."),
    ("т.н. реформы", "т.~н. реформы"),
    ("до н.э.", "до~н.~э."),
    ("V в. н. э.", "V~в. н.~э."),
    ("рабочие и др.", "рабочие~и~др."),
    ("газеты и пр.", "газеты~и~пр."),
    ("см. стр. 25", "см. стр.~25"),
    ("рис. 3", "рис.~3"),
    ("гл. 2", "гл.~2"),
    ("т. 5", "т.~5"),
    ("№ 5", "№~5"),
    ("№5", "№~5"),
    ("§ 3", "§~3"),
    ("§3", "§~3"),
    # --- numbers and units ---------------------------------------------------------------------
    ("1917 г.", "1917~г."),
    ("1917-1921 гг.", "1917–1921~гг."),
    ("XX в.", "XX~в."),
    ("XIX-XX вв.", "XIX–XX~вв."),
    ("100 руб.", "100~руб."),
    ("5 тыс. человек", "5~тыс. человек"),
    ("3 млн", "3~млн"),
    ("2 млрд", "2~млрд"),
    ("10 %", "10~%"),
    ("10%", "10%"),
    ("Рост, %", "Рост,~%"),  # (a table's head: the sign never opens a line alone)
    ("доля в % от ВВП", "доля в~% от~ВВП"),
    ("20 °C", "20~°C"),
    ("100 км", "100~км"),
    ("6 марта", "6~марта"),
    ("1 января 2022 года", "1~января 2022~года"),
    ("31 декабря", "31~декабря"),
    ("16 рабочих", "16~рабочих"),
    ("3 000", "3^000"),
    ("3 000 солдат", "3^000~солдат"),
    ("10000", "10^000"),
    ("1000000", "1^000^000"),
    ("1234", "1234"),
    ("100000,5", "100^000,5"),
    ("3,14159", "3,14159"),
    ("версия 1.23456", "версия 1.23456"),
    ("2021 год", "2021~год"),
    # --- what must never change ----------------------------------------------------------------
    ("см. http://example.com/a-b--c...d", "см. http://example.com/a-b--c...d"),
    ('почта "x" mail@example.org', "почта «x» mail@example.org"),
    ("www.example.org/a - b", "www.example.org/a~— b"),
    ("ссылка https://ex.org/a--b, дальше", "ссылка https://ex.org/a--b, дальше"),
]

MIXED_RUSSIAN = [
    (
        'Затем, когда этого оказалось недостаточно - демонстрируя, насколько хрупка "национальность" любой'
        " буржуазной армии - войска вмешались.",
        "Затем, когда этого оказалось недостаточно~— демонстрируя, насколько хрупка «национальность» любой"
        " буржуазной армии~— войска вмешались.",
    ),
    (
        "3 000 российских солдат, а также сотни других из стран СНГ",
        "3^000~российских солдат, а~также сотни других из~стран СНГ",
    ),
    (
        "Ещё в 2011 году рабочие провели забастовку...",
        "Ещё в~2011~году рабочие провели забастовку…",
    ),
    (
        'В.И.Ленин писал в 1920 г.: "Коммунизм - это есть советская власть плюс электрификация".',
        "В.~И.~Ленин писал в~1920~г.: «Коммунизм~— это есть советская власть плюс электрификация».",
    ),
    (
        '- Вы "за" или "против"? - спросил он.',
        "—~Вы~«за» или «против»?~— спросил он.",
    ),
    (
        "Цены выросли на 15 % (т.е. в 1,15 раза) за 2020-2021 гг.",
        "Цены выросли на~15~% (т.~е. в~1,15~раза) за~2020–2021~гг.",
    ),
    (
        "По данным на 1 января , зарплата - чуть более 100 долларов .",
        "По~данным на~1~января, зарплата~— чуть более 100~долларов.",
    ),
    (
        '"Правда" писала:  "Рабочие  "Озенмунайгаза"  - в первых рядах".',
        "«Правда» писала: «Рабочие „Озенмунайгаза“~— в~первых рядах».",
    ),
    (
        "См. гл. 3, § 2, с. 45-47 и т.д.",
        "См. гл.~3, §~2, с.~45–47~и~т.~д.",
    ),
    (
        "К. Маркс и Ф. Энгельс писали в 1848 г. ...",
        "К.~Маркс и~Ф.~Энгельс писали в~1848~г. …",
    ),
]

ENGLISH = [
    ('"word"', "“word”"),
    ('He said "yes".', "He said “yes”."),
    ('"a "b" c"', "“a “b” c”".replace("“b”", "‘b’")),
    ("'single'", "‘single’"),
    ("it's", "it’s"),
    ("don't", "don’t"),
    ("the workers' party", "the workers’ party"),
    ("in the '90s", "in the ’90s"),
    ('"It\'s fine," she said.', "“It’s fine,” she said."),
    ('("quoted")', "(“quoted”)"),
    ("London - the capital", "London—the capital"),
    ("London -- the capital", "London – the capital"),
    ("London—the capital", "London—the capital"),
    ("word--word", "word–word"),
    ("1917-1921", "1917–1921"),
    ("pages 10-15", "pages 10–15"),
    ("-5 degrees", "−5 degrees"),
    ("well-known", "well-known"),
    ("mother-in-law", "mother-in-law"),
    ("Wait...", "Wait…"),
    ("Wait . . .", "Wait…"),
    ("word , word", "word, word"),
    ("two  spaces", "two spaces"),
    ("( text )", "(text)"),
    ("J. R. R. Tolkien", "J.~R.~R.~Tolkien"),
    ("J.R.R. Tolkien", "J.~R.~R.~Tolkien"),
    ("K. Marx", "K.~Marx"),
    ("Mr. Smith", "Mr.~Smith"),
    ("Dr. Watson", "Dr.~Watson"),
    ("No. 5", "No.~5"),
    ("p. 25", "p.~25"),
    ("§ 3", "§~3"),
    ("10 %", "10~%"),
    ("Growth, %", "Growth,~%"),
    ("100 km", "100~km"),
    ("see https://example.org/a--b...", "see https://example.org/a--b…"),
    ("mail: a-b@example.org", "mail: a-b@example.org"),
    ("- Hello", "—~Hello"),
]


# Round two (#13): what editors type, as book practice and typograf set it.
ROUND_TWO_RUSSIAN = [
    # a colon in prose is followed by a space; one between Latin letters joins a name
    ("Он сказал:Нет.", "Он~сказал: Нет."),
    ("Атрибут xml:id в статье:пример.", "Атрибут xml:id~в~статье: пример."),
    # digit groups
    ("Зарплата 45 000 руб.", "Зарплата 45^000~руб."),
    ("долг 10 000 долл.", "долг 10^000~долл."),
    ("1 000 000 человек", "1^000^000~человек"),
    ("бюджет 12 500 000 тенге", "бюджет 12^500^000~тенге"),
    ("всего 250000 рабочих", "всего 250^000~рабочих"),
    ("около 12345 голосов", "около 12^345~голосов"),
    ("цена 45 000,50 руб.", "цена 45^000,50~руб."),
    ("в 1905 году", "в~1905~году"),
    ("1234 человека", "1234~человека"),
    ("1 234 человека", "1^234~человека"),
    ("индекс № 101000", "индекс №~101000"),
    ("число 3,14159", "число 3,14159"),
    ("версия 2.10000", "версия 2.10000"),
    ("тел. +7 (727) 123-45-67", "тел. +7 (727) 123-45-67"),
    ("счёт 40702810", "счёт 40^702^810"),
    ("в 10:30 утра", "в~10:30~утра"),
    ("дата 05.01.2022 года", "дата 05.01.2022~года"),
    ("листы 12345-12350", "листы 12345–12350"),
    # currency and signs
    ("Стоит 500 $ в месяц", "Стоит 500~$ в~месяц"),
    ("Стоит $ 500", "Стоит $~500"),
    ("всего 300 €", "всего 300~€"),
    ("рост на 15 %", "рост на~15~%"),
    ("рост на 15%", "рост на~15%"),
    ("площадь 60 кв. м", "площадь 60~кв.~м"),
    ("площадь 60 кв.м", "площадь 60~кв.~м"),
    ("участок 100 м2", "участок 100~м²"),
    ("объём 3 м3", "объём 3~м³"),
    ("площадь 5 км2", "площадь 5~км²"),
    ("модель М2 и М3", "модель М2~и~М3"),
    # ranges
    ("2025--2026", "2025–2026"),
    ("в 1941--1945 годах", "в~1941–1945~годах"),
    ("1941 - 1945", "1941–1945"),
    ("в 1941 – 1945 гг.", "в~1941–1945~гг."),
    ("XIX-XX вв.", "XIX–XX~вв."),
    ("в XIX - XX веках", "в~XIX–XX~веках"),
    ("с января-марта", "с~января–марта"),
    ("январь-март 2022", "январь–март 2022"),
    ("в мае-июне", "в~мае–июне"),
    ("3-5 человек", "3–5~человек"),
    ("5 - 3 = 2", "5 − 3 = 2"),
    ("CD-ROM", "CD-ROM"),
    ("МИГ-29", "МИГ-29"),
    ("Ту-154", "Ту-154"),
    ("1990-х годов", "1990-х годов"),
    ("2021-2022-й", "2021-2022-й"),
    # years and centuries
    ("в 2007г.", "в~2007~г."),
    ("1999-2001г.г.", "1999–2001~гг."),
    ("в 1917 г.г.", "в~1917~гг."),
    ("XXIв.", "XXI~в."),
    ("XX в.в.", "XX~вв."),
    ("в XX веке", "в~XX~веке"),
    # abbreviations with a missing space
    ("г.Тюмень", "г.~Тюмень"),
    ("в г.Алматы", "в~г.~Алматы"),
    ("ул.Ленина, д.5", "ул.~Ленина, д.~5"),
    ("стр.34", "стр.~34"),
    ("рис.3", "рис.~3"),
    ("табл.2", "табл.~2"),
    ("им.Пушкина", "им.~Пушкина"),
    ("пос.Жанаозен", "пос.~Жанаозен"),
    ("тов.Иванов", "тов.~Иванов"),
    ("т.е.", "т.~е."),
    ("т.к.", "т.~к."),
    ("г. Москва", "г.~Москва"),
    ("гл. V", "гл.~V"),
    ("Ст. 5", "Ст. 5"),
    ("e.g.Test", "e.g.Test"),
    # symbols
    ("(c) 2024", "© 2024"),
    ("(C) Партия", "© Партия"),
    ("(с) кириллицей", "© кириллицей"),
    ("Знак (r)", "Знак ®"),
    ("Товар(tm)", "Товар™"),
    ("+-5 градусов", "±5~градусов"),
    ("+- 5", "±5"),
    ("C+-like", "C+-like"),
    ("3x4", "3×4"),
    ("3 х 6 м", "3×6~м"),
    ("1920x1080", "1920×1080"),
    ("0x1F", "0x1F"),
    ("5 x 10 лет", "5×10~лет"),
    ("1/2 стакана", "½~стакана"),
    ("1/4 финала", "¼~финала"),
    ("3/4", "¾"),
    ("1/2/2020", "1/2/2020"),
    ("3/2", "3/2"),
    ("(a)", "(a)"),
    ("(с)", "©"),
    # spaces and punctuation
    ("ель ,сосна , берёза", "ель, сосна, берёза"),
    ("один,два,три", "один, два, три"),
    ("Итак:начнём", "Итак: начнём"),
    ("раз;два", "раз; два"),
    ("( Внутри )", "(Внутри)"),
    ("[ так ]", "[так]"),
    ("делать ;)", "делать ;)"),
    ("весело :-)", "весело :-)"),
    ("грустно :(", "грустно :("),
    ("спасибо )))", "спасибо )))"),
    ("отлично :D", "отлично :D"),
    ("3,5 литра", "3,5~литра"),
    ("в 10:30", "в~10:30"),
    ("«Да»,сказал он", "«Да», сказал он"),
    ("(см. выше),далее", "(см. выше), далее"),
    # particles
    ("Я бы в лётчики б пошёл", "Я~бы в~лётчики~б пошёл"),
    ("Он же не знал", "Он~же не~знал"),
    ("знал ли он", "знал~ли он"),
    ("Ли Куан Ю", "Ли~Куан Ю"),
    ("что ж делать", "что~ж делать"),
    ("хоть бы раз", "хоть~бы раз"),
    ("так же, как", "так~же, как"),
]

ROUND_TWO_ENGLISH = [
    ("pages 10--20", "pages 10–20"),
    ("1914--1918", "1914–1918"),
    ("wait---what", "wait—what"),
    ("Marx--Engels", "Marx–Engels"),
    ("London -- the capital", "London – the capital"),
    ("London --- the capital", "London—the capital"),
    ("(c) 2024 the Party", "© 2024 the Party"),
    ("Brand(tm)", "Brand™"),
    ("+-5 degrees", "±5 degrees"),
    ("a 3x4 grid", "a 3×4 grid"),
    ("100 m2", "100~m²"),
    ("1/2 cup", "½ cup"),
    ("10 000 workers", "10^000 workers"),
    ("45000 members", "45^000 members"),
    ("costs $ 500", "costs $~500"),
    ("costs 500 €", "costs 500~€"),
    ("1941 - 1945", "1941–1945"),
    ("January-March", "January–March"),
    ("one,two", "one, two"),
    ("happy :)", "happy :)"),
    ("at 10:30", "at 10:30"),
    ("version 1.2.3", "version 1.2.3"),
    ("see http://a.org/x--y,z", "see http://a.org/x--y,z"),
    ("mail a--b@c.org", "mail a--b@c.org"),
    ("3.14159", "3.14159"),
    ("12/25/2024", "12/25/2024"),
    ("state-of-the-art", "state-of-the-art"),
]

# Near the rules, what no rule may touch: URLs, e-mail, times, dates, decimals, codes, smileys.
NEVER_CHANGED = [
    "http://example.com/a,b;c:d(c)x3",
    "https://ex.org/1941-1945/10000",
    "www.site.ru/a+-b",
    "a.b-c@mail.ru,x",
    "05.01.2022",
    "3,14159",
    "0,5",
    "v1.2.3",
    ":)",
    ";-)",
    "12:00:00",
    "2022-01-05",
    "+7 700 123 45 67",
    "8 (727) 123 45 67",
    "ISBN 978-5-17-123456-7",
    "ГОСТ 7.0.11-2011",
    "xml:id",  # a name with a colon in it: a space there broke it ("xml: id")
    "urn:isbn:9785699120147",
    "std::vector",
]


@pytest.mark.parametrize(("source", "expected"), ROUND_TWO_RUSSIAN)
def test_round_two_russian(source, expected):
    result = typograph_text(nb(source), "ru")
    assert result == nb(expected)
    assert typograph_text(result, "ru") == result


@pytest.mark.parametrize(("source", "expected"), ROUND_TWO_ENGLISH)
def test_round_two_english(source, expected):
    result = typograph_text(nb(source), "en")
    assert result == nb(expected)
    assert typograph_text(result, "en") == result


@pytest.mark.parametrize("language", ["ru", "en", "de"])
@pytest.mark.parametrize("text", NEVER_CHANGED)
def test_what_no_rule_may_touch(text, language):
    assert typograph_text(text, language) == text


def test_inline_code_is_never_typographed():
    document = Document(
        Metadata(title="T", language="ru"),
        (Paragraph((Text("Запустите "), Code("ls -la 1000000 (c) a,b"), Text(" --- и (c) готово"))),),
    )
    children = typograph_document(document).blocks[0].children
    assert children[1] == Code("ls -la 1000000 (c) a,b")
    assert children[2].text.endswith("© готово")


@pytest.mark.parametrize(("source", "expected"), RUSSIAN + MIXED_RUSSIAN)
def test_russian(source, expected):
    assert typograph_text(nb(source), "ru") == nb(expected)


@pytest.mark.parametrize(("source", "expected"), ENGLISH)
def test_english(source, expected):
    assert typograph_text(nb(source), "en") == nb(expected)


@pytest.mark.parametrize(("source", "expected"), RUSSIAN + MIXED_RUSSIAN)
def test_russian_output_is_stable(source, expected):
    assert typograph_text(nb(expected), "ru") == nb(expected)


def test_other_languages_get_their_own_quotes():
    assert typograph_text('"Wort"', "de") == "„Wort“"
    assert typograph_text('"mot"', "fr") == "«mot»"
    assert typograph_text('"слово"', "uk") == "«слово»"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Газета 'Правда' вышла.", "Газета «Правда» вышла."),
        ("Он сказал: \"это была 'итальянская' забастовка\"", "Он~сказал: «это была „итальянская“ забастовка»"),
        ("«це була ‘італійська’ форма»", "«це~була „італійська“ форма»"),  # (Word's and Pandoc's curly ones)
        ("Слово 'пам'ять' тут", "Слово «пам’ять» тут"),
        ("Слова 'один', 'два' и 'три'.", "Слова «один», «два» и~«три»."),
        ("Об'єднання п'ять, д'Артаньян", "Об’єднання п’ять, д’Артаньян"),  # apostrophes stay apostrophes
        ("в '90-х годах", "в~'90-х годах"),  # no word opens: left as written
    ],
)
def test_single_quotes_around_words_are_the_languages_quotes_in_russian_and_ukrainian(source, expected):
    """Russian and Ukrainian have no single quotes: 'слово' typed so means «слово» (left as
    typed, it showed as 'слово' or ‘слово’ beside «…» in the same paragraph)."""
    language = "uk" if "є" in source or "і" in source else "ru"
    assert typograph_text(source, language) == nb(expected)
    assert typograph_text(nb(expected), language) == nb(expected)  # a second pass changes nothing


# --- across inline markup ----------------------------------------------------------------


def test_quotes_pair_across_inline_markup():
    # "а <em>"б"</em>" — the inner quotes sit in another run than the outer ones.
    assert typograph_runs(['"а ', '"б"', '"'], "ru") == ["«а\u00a0", "„б“", "»"]


def test_short_word_before_emphasis_is_glued():
    assert typograph_runs(["в ", "Казахстане"], "ru") == ["в\u00a0", "Казахстане"]


def test_dash_after_emphasis():
    assert typograph_runs(["Слово ", "выделено", " - и всё"], "ru") == ["Слово ", "выделено", "\u00a0— и\u00a0всё"]


def test_document_stage_sets_text_and_title_but_keeps_markup():
    document = Document(
        Metadata(title='"Заголовок" - тест', language="ru"),
        (Paragraph((Text('Он сказал "'), Emphasis((Text("да"),)), Text('" - и ушёл...'))),),
    )
    result = typograph_document(document)
    assert result.metadata.title == "«Заголовок»\u00a0— тест"
    assert result.blocks[0] == Paragraph(
        (Text("Он\u00a0сказал «"), Emphasis((Text("да"),)), Text("»\u00a0— и\u00a0ушёл…"))
    )


# --- properties on random text -------------------------------------------------------------

WORD = re.compile(r"[^\W\d_½¼¾²³]+")  # the rules write ½ and ² for 1/2 and m2: numbers, not words
prose_alphabet = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТabcdefXYZ0123456789 \n.,;:!?-–—\"'«»„“()…%№§")
)
prose = st.text(alphabet=prose_alphabet, max_size=200)
any_text = st.text(max_size=200)


@given(st.one_of(prose, any_text), st.sampled_from(["ru", "en", "de"]))
def test_idempotent(text, language):
    once = typograph_text(text, language)
    assert typograph_text(once, language) == once


@given(st.one_of(prose, any_text), st.sampled_from(["ru", "en"]))
def test_words_are_kept_in_order(text, language):
    def words(of: str) -> list[str]:  # "3х4" → "3×4" is a rule: a lone x or х is a sign, not a word
        return [word for word in WORD.findall(of) if word not in ("x", "х")]

    assert words(typograph_text(text, language)) == words(text)


balanced_phrase = st.lists(
    st.text(alphabet=st.sampled_from(list("абвгдежзиклмнопрстуфхцчшщыэюя")), min_size=1, max_size=8),
    min_size=1,
    max_size=5,
).map(" ".join)


@st.composite
def balanced_russian(draw) -> str:
    """Sentences with balanced straight quotes (possibly nested) and spaced hyphens."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        phrase = draw(balanced_phrase)
        kind = draw(st.sampled_from(["plain", "quoted", "nested", "dash"]))
        if kind == "quoted":
            phrase = f'"{phrase}"'
        elif kind == "nested":
            phrase = f'"{phrase} "{draw(balanced_phrase)}""'
        elif kind == "dash":
            phrase = f"{phrase} - {draw(balanced_phrase)}"
        parts.append(phrase)
    return " ".join(parts) + "."


@given(balanced_russian())
def test_no_straight_quote_or_spaced_hyphen_is_left(text):
    result = typograph_text(text, "ru")
    assert '"' not in result
    assert " - " not in result and "\u00a0- " not in result
    assert result.count("«") == result.count("»")
    assert result.count("„") == result.count("“")


# --- note marks against punctuation (by the language's convention) --------------------------


def _with_note(children, language: str) -> Document:
    note = Note((Paragraph((Text("Примечание."),)),))
    return Document(Metadata(title="T", language=language), (Paragraph(tuple(children)),), notes=(note,))


@pytest.mark.parametrize(
    ("language", "children", "expected"),
    [
        ("ru", [Text("в тот день."), NoteRef(1), Text(" Дальше")], [Text("в~тот день"), NoteRef(1), Text(". Дальше")]),
        ("ru", [Text("слово,"), NoteRef(1), Text(" дальше")], [Text("слово"), NoteRef(1), Text(", дальше")]),
        ("ru", [Text("итог:"), NoteRef(1)], [Text("итог"), NoteRef(1), Text(":")]),
        (
            "ru",
            [Text("два знака,"), NoteRef(1), NoteRef(2), Text(" и")],
            [Text("два знака"), NoteRef(1), NoteRef(2), Text(", и")],
        ),
        ("ru", [Text("в 1917 г."), NoteRef(1)], [Text("в~1917~г."), NoteRef(1)]),
        ("ru", [Text("и т. д."), NoteRef(1)], [Text("и~т.~д."), NoteRef(1)]),
        ("ru", [Text("Что?"), NoteRef(1)], [Text("Что?"), NoteRef(1)]),
        ("ru", [Text("Итак..."), NoteRef(1)], [Text("Итак…"), NoteRef(1)]),
        ("ru", [Text("«цитата»."), NoteRef(1)], [Text("«цитата»"), NoteRef(1), Text(".")]),
        ("en", [Text("that day"), NoteRef(1), Text(". Then")], [Text("that day."), NoteRef(1), Text(" Then")]),
        ("en", [Text("that day."), NoteRef(1), Text(" Then")], [Text("that day."), NoteRef(1), Text(" Then")]),
        ("en", [Text("first"), NoteRef(1), Text(", second")], [Text("first,"), NoteRef(1), Text(" second")]),
        ("de", [Text("Tag."), NoteRef(1)], [Text("Tag."), NoteRef(1)]),
    ],
)
def test_note_marks_stand_where_the_language_sets_them(language, children, expected):
    result = typograph_document(_with_note(children, language)).blocks[0].children
    assert result == tuple(Text(nb(inline.text)) if isinstance(inline, Text) else inline for inline in expected)


def test_note_marks_are_placed_in_a_real_markdown_source(tmp_path):
    from publish.readers import read_source
    from publish.render.html import render_html

    source = tmp_path / "notes.md"
    source.write_text(
        "# Заголовок\n\nЭто было в тот день.[^1] Потом всё изменилось.\n\n[^1]: Примечание.\n", encoding="utf-8"
    )
    html = render_html(typograph_document(read_source(source)))
    assert re.search(r"день<a[^>]*>1</a>\. Потом", html), html
