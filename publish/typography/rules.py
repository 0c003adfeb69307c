"""The rule sets, by language: spaces, ellipses, dashes, quotes, no-break spaces.

Order matters and is part of the data: spaces are tidied first, dashes are set before the
short-word rule so it never glues a word to a dash it has not seen yet, and every rule
leaves text it would match again unchanged (the engine is idempotent rule by rule).
Sources for the rules: A. E. Мильчин, «Справочник издателя и автора»; GOST 7.0.11
practice; the Chicago Manual of Style for English.
"""

from __future__ import annotations

import re

from publish.typography.engine import NBSP, Rule, TextFunction, rule
from publish.typography.numbers import NUMBERS, ROMAN
from publish.typography.quotes import QuoteStyle, make_quote_pass

B = "\ue000?"  # an optional run boundary, where a rule should see through inline markup
LETTER = r"[^\W\d_]"

# --- rules every language shares ------------------------------------------------------

# A smiley keeps the space before it: ";)", ":-(", ":D", and ")))" on its own.
_SMILEY = r"[;:][-–]?[()DPОРp3*]|\){2,}"

SPACES = [
    rule("tabs and spaces collapse", r"[ \t\u00a0]{2,}", lambda m: NBSP if NBSP in m.group() else " "),
    rule("a tab is a space", r"\t", " "),
    rule("no space at a line's end", r"[ \u00a0]+(?=\n)", ""),
    rule(
        "no space before punctuation",
        rf"(?<=[^\s\d])[ \u00a0]+(?=\ue000?[,.;:!?)\]])(?!\ue000?(?:{_SMILEY})(?!\w))",
        "",
    ),
    rule("no space before an ellipsis that ends a word's sentence", r"(?<=[^\W\d_])[ \u00a0]+(?=…)", ""),
    rule("no space after an opening bracket", r"(?<=[(\[])[ \u00a0]+", ""),
    rule(
        "a space after a comma, semicolon or colon before a word",
        rf"(?:(?<={LETTER})|(?<=[»”)\]]))([,;:])(?={LETTER})",
        r"\1 ",
    ),
]

_SIGNS: dict[str, str] = {"c": "©", "с": "©", "r": "®", "tm": "™"}

SYMBOLS = [
    rule(
        "copyright, registered and trade mark signs",
        r"\((?:[cCсС]|[rR]|tm|TM)\)",
        lambda m: _SIGNS[m.group()[1:-1].lower()],
    ),
]

ELLIPSIS = [rule("three dots are an ellipsis", r"\.{3,}|\.(?: \.){2}", "…")]

APOSTROPHE = [rule("apostrophe inside a word", rf"(?<={LETTER})'(?={LETTER})", "’")]


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
            rule("three hyphens are an em dash", r"(?<!-)---(?!-)", "—"),
            rule("two hyphens are an en dash", r"(?<!-)--(?!-)", "–"),
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
            rf"(?<=\S)[ \u00a0]+(?P<b>\ue000?)(?:{spaced})(?P<tail>[ \u00a0]+|(?=\n)|$)",
            lambda m: m.group("b") + _spaced_dash(before, after)(m),
            re.M,
        ),
        rule("a double hyphen between words is an em dash", rf"(?<={LETTER})--(?={LETTER})", before + "—" + after),
    ]


# --- Russian ----------------------------------------------------------------------------

_SHORT_PREPOSITIONS = "без|для|изо|меж|над|обо|ото|под|пред|при|про|сквозь|через"
_PARTICLES = "ли|ль|же|ж|бы|б"
_MONTHS = "январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр"
_UNITS = r"гг?\.|вв?\.|руб\.|коп\.|тыс\.|млн|млрд|трлн|долл\.|км|кг|см|мм|%|°"
_ABBREVIATION_PAIRS = r"(т|н|с|и)\.[ \u00a0]?(е|к|н|п|д|о|э|г|ч|а)\."
_CAPITAL = "[А-ЯЁA-Z]"
_REFERENCES = "с|стр|рис|табл|гл|ч|п|пп|ст|т|тт|вып|кн|разд|прил|илл|д|кв|корп|л"
# Before a name: г. Тюмень, ул. Ленина, им. Пушкина, пос. Жанаозен, тов. Иванов.
_BEFORE_NAMES = "г|ул|пр|просп|пл|пер|бул|наб|ш|обл|р|с|пос|дер|д|им|акад|проф|тов|св|ген|см"

RUSSIAN_YEARS = [  # before the numbers' rules, so that "1999-2001г.г." is seen as a range
    rule("‘г.г.’ and ‘в.в.’ are ‘гг.’ and ‘вв.’", r"(?<=[\dIVXLCDM])[ \u00a0]?([гв])\.[ \u00a0]?\1\.", rf"{NBSP}\1\1."),
    rule("a year is kept with ‘г.’", r"(?<=\d)[ \u00a0]?(гг?\.)(?![\w])", rf"{NBSP}\1"),
    rule("a century is kept with ‘в.’", rf"(?<![\w-])({ROMAN})[ \u00a0]?(вв?\.)(?![\w])", rf"\1{NBSP}\2"),
]

RUSSIAN_ABBREVIATIONS = [
    rule(
        "a space after an abbreviation before a name",
        rf"(?<![\w.])({_BEFORE_NAMES})\.[ \u00a0]?(?=[А-ЯЁ][а-яё])",
        rf"\1.{NBSP}",
    ),
    rule(
        "a reference abbreviation is kept with its number",
        rf"(?<![\w.])({_REFERENCES})\.[ \u00a0]?(?=\d|{ROMAN}(?![\w]))",
        rf"\1.{NBSP}",
    ),
    rule(
        "‘кв. м’ and ‘куб. м’ are kept together", r"(?<![\w.])(кв|куб)\.[ \u00a0]?(?=[кдсм]?м(?![\w]))", rf"\1.{NBSP}"
    ),
]

RUSSIAN_NBSP = [
    rule("initials are kept together", rf"(?<!\w)({_CAPITAL}\.)[ \u00a0]?(?={_CAPITAL}\.)", rf"\1{NBSP}"),
    rule(
        "an initial is kept with the surname",
        rf"(?<!\w)({_CAPITAL}\.) ?(?={_CAPITAL}[а-яёa-z])",
        rf"\1{NBSP}",
    ),
    rule(
        "a surname is kept with the initials after it",
        rf"(?<=[а-яё]) (?={_CAPITAL}\.{NBSP}?{_CAPITAL}\.)",
        NBSP,
    ),
    rule("abbreviations are kept together", rf"(?<!\w){_ABBREVIATION_PAIRS}", rf"\1.{NBSP}\2."),
    rule(
        "‘и др.’, ‘и пр.’ are kept with the word before",
        r"(?<=\w) (?=и[ \u00a0](?:др|пр)\.)",
        NBSP,
    ),
    rule("№ and § are kept with their number", r"([№§])[ \u00a0]*(?=[^\W_])", rf"\1{NBSP}"),
    rule("a number is kept with a unit", rf"(?<=\d) (?={_UNITS})", NBSP),
    rule("a day is kept with its month", rf"(?<!\d)(\d{{1,2}}) (?=(?:{_MONTHS})[а-яё]*)", rf"\1{NBSP}", re.I),
    rule("a number is kept with the word after it", rf"(?<=\d) (?={LETTER})", NBSP),
    rule("a particle is kept with the word before", rf"(?<={LETTER}) (?=(?:{_PARTICLES})(?![\w-]))", NBSP),
    rule(
        "a short word is kept with the word after (a particle is not: it belongs to the word before)",
        rf"(?<![\w\-’'])(?!(?-i:{_PARTICLES})(?![\w-]))({LETTER}{{1,2}}|{_SHORT_PREPOSITIONS})({B}) ({B})(?=\S)",
        rf"\1\2{NBSP}\3",
        re.I,
    ),
]


RUSSIAN_QUOTES = QuoteStyle(outer=("«", "»"), inner=("„", "“"))

RUSSIAN: list[Rule | TextFunction] = [
    *ELLIPSIS,
    *SPACES,
    *SYMBOLS,
    *RUSSIAN_YEARS,
    *NUMBERS,
    *dash_rules(NBSP, " "),
    make_quote_pass(RUSSIAN_QUOTES),
    *APOSTROPHE,
    *RUSSIAN_ABBREVIATIONS,
    *RUSSIAN_NBSP,
]

# --- English ----------------------------------------------------------------------------

ENGLISH_NBSP = [
    rule("initials are kept together", r"(?<!\w)([A-Z]\.) ?(?=[A-Z]\.)", rf"\1{NBSP}"),
    rule("an initial is kept with the surname", r"(?<!\w)([A-Z]\.) (?=[A-Z][a-z])", rf"\1{NBSP}"),
    rule("a title is kept with the name", r"(?<!\w)(Mr|Mrs|Ms|Dr|St|Prof)\. (?=[A-Z])", rf"\1.{NBSP}"),
    rule("‘No.’ and ‘p.’ are kept with their number", r"(?<!\w)(No|Nos|p|pp|vol|ch)\. (?=\d)", rf"\1.{NBSP}"),
    rule("§ is kept with its number", r"§[ \u00a0]*(?=\d)", f"§{NBSP}"),
    rule("a number is kept with a unit", r"(?<=\d) (?=(?:%|°|km|kg|cm|mm|m|kWh)(?!\w))", NBSP),
]

ENGLISH_QUOTES = QuoteStyle(outer=("“", "”"), inner=("‘", "’"))

ENGLISH_SINGLE_QUOTES = [
    rule("a year's apostrophe", r"'(?=\d0s)", "’"),
    rule("a single quote opening a word", r"(?:(?<=^)|(?<=[\s(\[\u00a0—\ue000“]))'(?=\S)", "‘", re.M),
    rule("any other single quote closes", r"'", "’"),
]

ENGLISH: list[Rule | TextFunction] = [
    *ELLIPSIS,
    *SPACES,
    *SYMBOLS,
    *NUMBERS,
    *dash_rules("", "", tex_hyphens=True),
    make_quote_pass(ENGLISH_QUOTES),
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
    return [*ELLIPSIS, *SPACES, *SYMBOLS, *NUMBERS, *dash_rules(NBSP, " "), make_quote_pass(style), *APOSTROPHE]


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
