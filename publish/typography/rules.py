"""The rule sets, by language: spaces, ellipses, dashes, quotes, no-break spaces.

Order matters and is part of the data: spaces are tidied first, dashes are set before the
short-word rule so it never glues a word to a dash it has not seen yet, and every rule
leaves text it would match again unchanged (the engine is idempotent rule by rule).
Sources for the rules: A. E. Мильчин, «Справочник издателя и автора»; GOST 7.0.11
practice; the Chicago Manual of Style for English.
"""

from __future__ import annotations

import re

from publish.typography.engine import NBSP, Rule, TextFunction, after_one_of, rule
from publish.typography.numbers import NUMBERS, ROMAN, is_roman
from publish.typography.quotes import QuoteStyle, make_quote_pass

B = "\ue000?"  # an optional run boundary, where a rule should see through inline markup
LETTER = r"[^\W\d_]"
CYRILLIC = r"[\u0400-\u04ff]"

# --- rules every language shares ------------------------------------------------------

# A smiley keeps the space before it: ";)", ":-(", ":D", and ")))" on its own.
_SMILEY = r"[;:][-–]?[()DPОРp3*]|\){2,}"

# After the first rule a run of spaces is one space, which the later rules start from.
SPACES = [
    rule("tabs and spaces collapse", r"[ \t\u00a0][ \t\u00a0]+", lambda m: NBSP if NBSP in m.group() else " "),
    rule("a tab is a space", r"\t", " ", needs=("\t",)),
    rule("no space at a line's end", r"[ \u00a0]+(?=\n)", "", needs=(" \n", "\u00a0\n")),
    rule(
        "no space before punctuation",
        rf"[ \u00a0](?<=[^\s\d][ \u00a0])(?=\ue000?[,.;:!?)\]])(?!\ue000?(?:{_SMILEY})(?!\w))",
        "",
    ),
    rule(
        "no space before an ellipsis that ends a word's sentence",
        r"[ \u00a0](?<=[^\W\d_][ \u00a0])(?=…)",
        "",
        needs=("…",),
    ),
    rule(
        "no space after an opening bracket",
        r"([(\[])[ \u00a0]+",
        r"\1",
        needs=("( ", "[ ", "(\u00a0", "[\u00a0"),
    ),
]

# After the quote pass, which decides which quotes close: a closing one may stand before the comma.
SPACE_AFTER_PUNCTUATION = [
    rule(
        "a space after a comma or semicolon before a word",
        rf"[,;](?:(?<={LETTER}[,;])|(?<=[»”“)\]][,;]))(?={LETTER})",
        r"\g<0> ",
    ),
    rule(  # between two Latin letters a colon joins a name, as in xml:id, urn:isbn, mailto:
        "a space after a colon before a word, where Cyrillic shows it is prose",
        rf":(?:(?<={CYRILLIC}:)(?={LETTER})|(?<={LETTER}:)(?={CYRILLIC})|(?<=[»”“)\]]:)(?={LETTER}))",
        r"\g<0> ",
    ),
]

_SIGNS: dict[str, str] = {"c": "©", "с": "©", "r": "®", "tm": "™"}

SYMBOLS = [
    rule(
        "copyright, registered and trade mark signs",
        r"\((?:[cCсС]|[rR]|tm|TM)\)",
        lambda m: _SIGNS[m.group()[1:-1].lower()],
        needs=("(",),
    ),
    rule("a per cent sign standing alone is kept with the word before", r" (?=[%‰](?!\w))", NBSP, needs=("%", "‰")),
]

ELLIPSIS = [rule("three dots are an ellipsis", r"\.(?:\.{2,}|(?: \.){2})", "…", needs=("..", ". ."))]

APOSTROPHE = [rule("apostrophe inside a word", rf"'(?<={LETTER}')(?={LETTER})", "’", needs=("'",))]


def _spaced_dash(before: str, after: str):
    def replace(match: re.Match[str]) -> str:
        return before + "—" + (after if match.group("tail") else "")

    return replace


def dash_rules(before: str, after: str, tex_hyphens: bool = False) -> list[Rule]:
    """Dashes: a spaced hyphen (or dash) is an em dash, set with `before` and `after`; a
    doubled hyphen between words too. With `tex_hyphens` (English, as Pandoc and TeX read
    them) `---` is an em dash and `--` an en dash, which keeps its spaces."""
    spaced = "-|—" if tex_hyphens else "-{1,3}|–|—"
    tex = (
        [
            rule("three hyphens are an em dash", r"---(?<!----)(?!-)", "—", needs=("---",)),
            rule("two hyphens are an en dash", r"--(?<!---)(?!-)", "–", needs=("--",)),
        ]
        if tex_hyphens
        else []
    )
    return [
        *tex,
        rule(
            "a dash opening a line is an em dash (dialogue)",
            r"^(?P<lead>\ue000?)(?:-{1,3}|–|—)[ \u00a0]+",
            lambda m: m.group("lead") + "—" + NBSP,
            re.M,
        ),
        rule(
            "a spaced hyphen or dash is an em dash",
            rf"[ \u00a0](?<=\S[ \u00a0])(?P<b>\ue000?)(?:{spaced})(?P<tail>[ \u00a0]+|(?=\n)|$)",
            lambda m: m.group("b") + _spaced_dash(before, after)(m),
            re.M,
        ),
        rule(
            "a double hyphen between words is an em dash",
            rf"--(?<={LETTER}--)(?={LETTER})",
            before + "—" + after,
            needs=("--",),
        ),
    ]


# --- Russian ----------------------------------------------------------------------------

_SHORT_PREPOSITIONS = "без|для|изо|меж|над|обо|ото|под|пред|при|про|сквозь|через"
_PARTICLES = "ли|ль|же|ж|бы|б"
_MONTHS = "январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр"
_UNITS = r"гг?\.|вв?\.|руб\.|коп\.|тыс\.|млн|млрд|трлн|долл\.|км|кг|см|мм|%|°"
_ABBREVIATIONS_FIRST, _ABBREVIATIONS_SECOND = "т|н|с|и", "е|к|н|п|д|о|э|г|ч|а"  # т. е., н. э., и. о.
_CAPITAL = "[А-ЯЁA-Z]"
_REFERENCES = "с|стр|рис|табл|гл|ч|п|пп|ст|т|тт|вып|кн|разд|прил|илл|д|кв|корп|л"
# Before a name: г. Тюмень, ул. Ленина, им. Пушкина, пос. Жанаозен, тов. Иванов.
_BEFORE_NAMES = "г|ул|пр|просп|пл|пер|бул|наб|ш|обл|р|с|пос|дер|д|им|акад|проф|тов|св|ген|см"


def _roman_then(tail: str):
    """A replacement that puts a no-break space between a Roman numeral (group 1, checked
    here: a regex that checks the numeral's grammar cannot start fast) and group 2."""

    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}{tail}{match.group(2)}" if is_roman(match.group(1)) else match.group()

    return replace


_DOT = r"\."
_WORD_START = r"(?<!\w)"


def _after(words: str, alone: str = r"(?<![\w.])") -> str:
    """From an abbreviation's dot, which the pattern has consumed: one of `words` before it."""
    return after_one_of(words, _DOT, alone=alone)


def _short_word_before() -> str:
    """Lookbehinds from a space: a word of one or two letters or a short preposition stands
    before it (maybe with a run boundary between), and is not a particle (ли, же, бы: those
    belong to the word before them)."""
    alone = r"(?<![\w\-’'])"
    short = "|".join(f"(?<={alone}{LETTER}{{{length}}}{boundary} )" for length in (1, 2) for boundary in ("", "\ue000"))
    prepositions = "|".join(
        after_one_of(_SHORT_PREPOSITIONS, f"{boundary} ", alone=alone, flags="i") for boundary in ("", "\ue000")
    )
    particles = "".join(
        f"(?<!{alone}(?:{group}){boundary} )" for group in ("ли|ль|же|бы", "ж|б") for boundary in ("", "\ue000")
    )
    return f"(?:{short}|{prepositions}){particles}"


RUSSIAN_YEARS = [  # before the numbers' rules, so that "1999-2001г.г." is seen as a range
    rule(
        "‘г.г.’ and ‘в.в.’ are ‘гг.’ and ‘вв.’",
        r"(?<=[\dIVXLCDM])[ \u00a0]?([гв])\.[ \u00a0]?\1\.",
        rf"{NBSP}\1\1.",
        needs=("г.г", "в.в", "г. г", "в. в", "г.\u00a0г", "в.\u00a0в"),
    ),
    rule("a year is kept with ‘г.’", r"(\d)[ \u00a0]?(гг?\.)(?!\w)", rf"\1{NBSP}\2", needs=("г.",)),
    rule(
        "a century is kept with ‘в.’",
        r"([MDCLXVI](?<![\w-][MDCLXVI])[MDCLXVI]*)[ \u00a0]?(вв?\.)(?!\w)",
        _roman_then(NBSP),
        needs=("в.",),
    ),
]

RUSSIAN_ABBREVIATIONS = [
    rule(
        "a space after an abbreviation before a name",
        rf"\.{_after(_BEFORE_NAMES)}[ \u00a0]?(?=[А-ЯЁ][а-яё])",
        f".{NBSP}",
    ),
    rule(
        "a reference abbreviation is kept with its number",
        rf"\.{_after(_REFERENCES)}[ \u00a0]?(?=\d|{ROMAN}(?!\w))",
        f".{NBSP}",
    ),
    rule(
        "‘кв. м’ and ‘куб. м’ are kept together",
        rf"\.{_after('кв|куб')}[ \u00a0]?(?=[кдсм]?м(?!\w))",
        f".{NBSP}",
        needs=("кв.", "куб."),
    ),
]

RUSSIAN_NBSP = [
    rule("initials are kept together", rf"\.(?<=(?<!\w){_CAPITAL}\.)[ \u00a0]?(?={_CAPITAL}\.)", f".{NBSP}"),
    rule(
        "an initial is kept with the surname",
        rf"\.(?<=(?<!\w){_CAPITAL}\.) ?(?={_CAPITAL}[а-яёa-z])",
        f".{NBSP}",
    ),
    rule(
        "a surname is kept with the initials after it",
        rf" (?<=[а-яё] )(?={_CAPITAL}\.{NBSP}?{_CAPITAL}\.)",
        NBSP,
    ),
    rule(
        "abbreviations are kept together",
        rf"\.{_after(_ABBREVIATIONS_FIRST, _WORD_START)}[ \u00a0]?(?=(?:{_ABBREVIATIONS_SECOND})\.)",
        f".{NBSP}",
    ),
    rule(
        "‘и др.’, ‘и пр.’ are kept with the word before",
        r" (?<=\w )(?=и[ \u00a0](?:др|пр)\.)",
        NBSP,
        needs=("др.", "пр."),
    ),
    rule("№ and § are kept with their number", r"([№§])[ \u00a0]*(?=[^\W_])", rf"\1{NBSP}", needs=("№", "§")),
    rule("a number is kept with a unit", rf"(\d) (?={_UNITS})", rf"\1{NBSP}"),
    rule("a day is kept with its month", rf"(\d(?<!\d\d)\d?) (?=(?i:{_MONTHS}))", rf"\1{NBSP}"),
    rule("a number is kept with the word after it", rf"(\d) (?={LETTER})", rf"\1{NBSP}"),
    rule("a particle is kept with the word before", rf" (?<={LETTER} )(?=(?:{_PARTICLES})(?![\w-]))", NBSP),
    rule(
        "a short word is kept with the word after (a particle is not: it belongs to the word before)",
        rf" {_short_word_before()}(?=\S)",
        NBSP,
    ),
]


RUSSIAN_QUOTES = QuoteStyle(outer=("«", "»"), inner=("„", "“"))

# Russian and Ukrainian have no single quotes; a writer who types 'слово' (or whose word
# processor made it ‘слово’) means quotation marks, «слово», or „слово“ inside «…». A pair
# is taken for quotes only around words (the apostrophe of п'ять, м’ясо stays one), and only
# within 200 characters: a quotation longer than that is typed with double quotes anyway,
# and the bound keeps a line of a million unclosed quotes linear.
SINGLE_QUOTES_AS_QUOTES = [
    rule(
        "a word or phrase in single quotes is quoted",
        r"(?<![\w'’‘])['‘](?=\ue000*[^\W\d_])((?:[^'‘’\n]|(?<=\w)['’](?=\w)){1,200}?(?<=[\w.!?…\ue000]))['’](?![\w])",
        r'"\1"',
        needs=("'", "‘"),
    ),
]

RUSSIAN: list[Rule | TextFunction] = [
    *ELLIPSIS,
    *SPACES,
    *SYMBOLS,
    *RUSSIAN_YEARS,
    *NUMBERS,
    *dash_rules(NBSP, " "),
    *SINGLE_QUOTES_AS_QUOTES,
    make_quote_pass(RUSSIAN_QUOTES),
    *SPACE_AFTER_PUNCTUATION,
    *APOSTROPHE,
    *RUSSIAN_ABBREVIATIONS,
    *RUSSIAN_NBSP,
]

# --- English ----------------------------------------------------------------------------

ENGLISH_NBSP = [
    rule("initials are kept together", r"\.(?<=(?<!\w)[A-Z]\.) ?(?=[A-Z]\.)", f".{NBSP}"),
    rule("an initial is kept with the surname", r"\.(?<=(?<!\w)[A-Z]\.) (?=[A-Z][a-z])", f".{NBSP}"),
    rule("a title is kept with the name", rf"\.{_after('Mr|Mrs|Ms|Dr|St|Prof', _WORD_START)} (?=[A-Z])", f".{NBSP}"),
    rule(
        "‘No.’ and ‘p.’ are kept with their number",
        rf"\.{_after('No|Nos|p|pp|vol|ch', _WORD_START)} (?=\d)",
        f".{NBSP}",
    ),
    rule("§ is kept with its number", r"§[ \u00a0]*(?=\d)", f"§{NBSP}", needs=("§",)),
    rule("a number is kept with a unit", r"(\d) (?=(?:%|°|km|kg|cm|mm|m|kWh)(?!\w))", rf"\1{NBSP}"),
]

ENGLISH_QUOTES = QuoteStyle(outer=("“", "”"), inner=("‘", "’"))

ENGLISH_SINGLE_QUOTES = [
    rule("a year's apostrophe", r"'(?=\d0s)", "’", needs=("'",)),
    rule("a single quote opening a word", r"'(?<![^\s(\[\u00a0—\ue000“]')(?=\S)", "‘", needs=("'",)),
    rule("any other single quote closes", r"'", "’", needs=("'",)),
]

ENGLISH: list[Rule | TextFunction] = [
    *ELLIPSIS,
    *SPACES,
    *SYMBOLS,
    *NUMBERS,
    *dash_rules("", "", tex_hyphens=True),
    make_quote_pass(ENGLISH_QUOTES),
    *SPACE_AFTER_PUNCTUATION,
    *APOSTROPHE,
    *ENGLISH_SINGLE_QUOTES,
    *ENGLISH_NBSP,
]

# --- other languages: shared rules with their own quotes ---------------------------------

_QUOTE_STYLES = {
    "de": QuoteStyle(outer=("„", "“"), inner=("‚", "‘")),
    "fr": QuoteStyle(outer=("«", "»"), inner=("“", "”")),
    "es": QuoteStyle(outer=("«", "»"), inner=("“", "”")),
    "it": QuoteStyle(outer=("«", "»"), inner=("“", "”")),
    "pt": QuoteStyle(outer=("«", "»"), inner=("“", "”")),
}


def _generic(style: QuoteStyle) -> list[Rule | TextFunction]:
    return [
        *ELLIPSIS,
        *SPACES,
        *SYMBOLS,
        *NUMBERS,
        *dash_rules(NBSP, " "),
        make_quote_pass(style),
        *SPACE_AFTER_PUNCTUATION,
        *APOSTROPHE,
    ]


RULE_SETS: dict[str, list[Rule | TextFunction]] = {
    "ru": RUSSIAN,
    "uk": RUSSIAN,
    "be": RUSSIAN,
    "en": ENGLISH,
    **{language: _generic(style) for language, style in _QUOTE_STYLES.items()},
}


def rules_for(language: str) -> list[Rule | TextFunction]:
    """The rule set for a BCP 47 tag (``ru``, ``ru-RU``, ``en-GB``…); English when unknown."""
    return RULE_SETS.get(language.split("-")[0].lower(), ENGLISH)
