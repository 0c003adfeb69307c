"""Rules for numbers: digit groups, ranges, signs between numbers, units and currencies.

Shared by every language (each rule set places them: see rules.py). A number's own
characters are never changed, only the spaces and dashes around and inside it; decimals
("3,14", "2.5"), times ("10:30"), dates ("05.01.2022"), versions and codes are left as typed:
each rule looks at both sides of a number before it touches it.
Sources: А. Э. Мильчин, «Справочник издателя и автора» (digit groups of numbers of five
digits or more, ranges with an unspaced dash, units with a no-break space); ISO 80000-1
(the thin space between digit groups).
"""

from __future__ import annotations

import re

from publish.typography.engine import NBSP, Rule, after_one_of, rule

NNBSP = "\u202f"  # narrow no-break space: between digit groups (fonts get it: publish.writers.fonts)

_SPACE = "[ \u00a0\u202f]"
# A number standing alone: not part of a longer one, a date, a time, a code or a word.
_BEFORE = r"(?<![\w.,:/−–-])"
_AFTER = r"(?![\w−–-]|[.,:/]\d)"
_NUMBER = r"\d+(?:[.,]\d+)?"
_NOT_NUMBERED = r"(?<!№)(?<!№[ \u00a0])(?<!No\.[ \u00a0])"  # a document's or an item's number is a name
ROMAN = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_MONTHS_RU = (
    r"(?:январ[ьяюе]|феврал[ьяюе]|март[аеу]?|апрел[ьяюе]|ма[йяюе]|июн[ьяюе]|июл[ьяюе]|август[аеу]?|"
    r"сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе])"
)
_MONTHS_EN = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def is_roman(text: str) -> bool:
    return bool(text) and re.fullmatch(ROMAN, text) is not None


def group_digits(number: str) -> str:
    """'1234567' → '1 234 567', narrow no-break spaces between the groups of three."""
    head = len(number) % 3 or 3
    return NNBSP.join([number[:head], *(number[i : i + 3] for i in range(head, len(number), 3))])


def _grouped(match: re.Match[str]) -> str:
    return group_digits(re.sub(_SPACE, "", match.group()))


# Each rule starts at what it consumes first, a digit mostly, and looks back from there
# (see publish.typography.engine.Rule on speed): `_ALONE` is `_BEFORE` seen from the first digit.
_ALONE = r"(?<![\w.,:/−–-]\d)"
_NUMBER_ALONE = rf"\d{_ALONE}\d*(?:[.,]\d+)?"
_NOT_NUMBERED_ALONE = r"(?<!№\d)(?<!№[ \u00a0]\d)(?<!No\.[ \u00a0]\d)"
_SPACED_DASHES = tuple(space + dash for space in " \u00a0\u202f" for dash in "-–")
_CURRENCIES = "$€£¥₽₴"

GROUPS = [
    rule(
        "digit groups typed with spaces are one number",
        rf"\d(?<![+(\w.,:/−–-]\d){_NOT_NUMBERED_ALONE}\d{{0,2}}(?:{_SPACE}\d{{3}})+(?!\d|[.,:/]\d{{3}}|{_SPACE}\d)",
        _grouped,
    ),
    rule(
        "numbers of five or more digits are grouped",
        rf"\d(?<![\d.,:/\w−–+#-]\d){_NOT_NUMBERED_ALONE}\d{{4,}}(?!\d|[.:/–-]\d)",
        _grouped,
    ),
]


def _roman_range(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    return f"{first}–{second}" if is_roman(first) and is_roman(second) else match.group()


def _month_forms(stems: str, endings: str) -> str:
    return "|".join(stem + ending for stem in stems.split("|") for ending in endings.split("|"))


_MONTH_FORMS_RU = "|".join(
    (
        _month_forms("январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр", "ь|я|ю|е"),
        _month_forms("март|август", "|а|е|у"),
        _month_forms("ма", "й|я|ю|е"),
    )
)
_DASHES = "[-–—]"
_AFTER_MONTH_RU = after_one_of(_MONTH_FORMS_RU, _DASHES, alone=r"(?<![\w-])", flags="i")
_AFTER_MONTH_EN = after_one_of(_MONTHS_EN[3:-1], _DASHES, alone=r"\b")

RANGES = [
    rule("a double hyphen between numbers is an en dash", r"--(?<=\d--)(?=\d)", "–", needs=("--",)),
    rule(
        "a spaced dash between two numbers is a range",
        rf"({_NUMBER_ALONE}){_SPACE}+[-–]{_SPACE}+({_NUMBER}){_AFTER}(?!{_SPACE}*[=+×*/])",
        r"\1–\2",
        needs=_SPACED_DASHES,
    ),
    rule(
        "a numeric range takes an en dash",
        rf"({_NUMBER_ALONE})[-–]({_NUMBER}){_AFTER}",
        r"\1–\2",
        needs=("-", "–"),
    ),
    rule(
        "a range of Roman numerals takes an en dash",
        rf"([MDCLXVI](?<![\w-][MDCLXVI])[MDCLXVI]*){_SPACE}?[-–—]{_SPACE}?([MDCLXVI]+)(?![\w-])",
        _roman_range,
        needs=("-", "–", "—"),
    ),
    rule(
        "a range of months takes an en dash",
        rf"{_DASHES}{_AFTER_MONTH_RU}(?=(?i:{_MONTHS_RU})(?![\w-]))",
        "–",
        needs=("-", "–", "—"),
    ),
    rule(
        "a range of months takes an en dash (English)",
        rf"{_DASHES}{_AFTER_MONTH_EN}(?={_MONTHS_EN}\b)",
        "–",
        needs=("-", "–", "—"),
    ),
]

_FRACTIONS: dict[str, str] = {"1/2": "½", "1/4": "¼", "3/4": "¾"}

SIGNS = [
    rule("a hyphen before a lone number is a minus", r"-(?<![^\s(\[=\u00a0]-)(?=\d)", "−", needs=("-",)),
    rule("plus-minus", r"\+-(?<![\w+]\+-)[ \u00a0]?(?=\d)", "±", needs=("+-",)),
    rule(
        "a spaced hyphen in a sum is a minus",
        rf"(\d)({_SPACE}+)[-–]({_SPACE}+)(?={_NUMBER}{_SPACE}*[=+−-])",
        r"\1\2−\3",
        needs=_SPACED_DASHES,
    ),
    rule(
        "a letter x between two numbers is a multiplication sign",
        rf"(\d(?<![\w.,]\d)(?!(?<=0)x)\d*(?:[.,]\d+)?){_SPACE}?[xх×]{_SPACE}?(?=\d)(?=[\d.,]+(?![\w]))",
        r"\1×",
        needs=("x", "х", "×"),
    ),
    rule(
        "common fractions",
        r"[13](?<![\w/.,][13])/[24](?![\w/]|[.,]\d)",
        lambda m: _FRACTIONS.get(m.group(), m.group()),
        needs=("/",),
    ),
    rule(
        "square and cubic units",
        r"(\d)([ \u00a0]?)((?:[кдсм]?м|[kdcm]?m))([23])(?![\w²³])",
        lambda m: m.group(1) + (NBSP if m.group(2) else "") + m.group(3) + "²³"[int(m.group(4)) - 2],
    ),
]

CURRENCY = [
    rule(
        "a number is kept with a sign or currency after it",
        rf"(\d) (?=[%‰°{_CURRENCIES}](?!\w))",
        rf"\1{NBSP}",
        needs=tuple("%‰°" + _CURRENCIES),
    ),
    rule(
        "a currency sign is kept with the number after it",
        rf"([{_CURRENCIES}]) (?=\d)",
        rf"\1{NBSP}",
        needs=tuple(_CURRENCIES),
    ),
]

NUMBERS: list[Rule] = [*RANGES, *SIGNS, *GROUPS, *CURRENCY]
