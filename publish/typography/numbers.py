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

from publish.typography.engine import NBSP, Rule, rule

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


def group_digits(number: str) -> str:
    """'1234567' → '1 234 567', narrow no-break spaces between the groups of three."""
    head = len(number) % 3 or 3
    return NNBSP.join([number[:head], *(number[i : i + 3] for i in range(head, len(number), 3))])


def _grouped(match: re.Match[str]) -> str:
    return group_digits(re.sub(_SPACE, "", match.group()))


GROUPS = [
    rule(
        "digit groups typed with spaces are one number",
        rf"(?<![+(]){_BEFORE}{_NOT_NUMBERED}\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d|[.,:/]\d{{3}}|{_SPACE}\d)",
        _grouped,
    ),
    rule(
        "numbers of five or more digits are grouped",
        rf"(?<![\d.,:/\w−–+#-]){_NOT_NUMBERED}\d{{5,}}(?!\d|[.:/–-]\d)",
        _grouped,
    ),
]

RANGES = [
    rule("a double hyphen between numbers is an en dash", r"(?<=\d)--(?=\d)", "–"),
    rule(
        "a spaced dash between two numbers is a range",
        rf"{_BEFORE}({_NUMBER}){_SPACE}+[-–]{_SPACE}+({_NUMBER}){_AFTER}(?!{_SPACE}*[=+×*/])",
        r"\1–\2",
    ),
    rule(
        "a numeric range takes an en dash",
        rf"{_BEFORE}({_NUMBER})[-–]({_NUMBER}){_AFTER}",
        r"\1–\2",
    ),
    rule(
        "a range of Roman numerals takes an en dash",
        rf"(?<![\w-])({ROMAN}){_SPACE}?[-–—]{_SPACE}?({ROMAN})(?![\w-])",
        r"\1–\2",
    ),
    rule(
        "a range of months takes an en dash", rf"(?<![\w-])({_MONTHS_RU})[-–—]({_MONTHS_RU})(?![\w-])", r"\1–\2", re.I
    ),
    rule("a range of months takes an en dash (English)", rf"\b({_MONTHS_EN})[-–—]({_MONTHS_EN})\b", r"\1–\2"),
]

_FRACTIONS: dict[str, str] = {"1/2": "½", "1/4": "¼", "3/4": "¾"}

SIGNS = [
    rule("a hyphen before a lone number is a minus", r"(?:(?<=^)|(?<=[\s(\[=\u00a0]))-(?=\d)", "−", re.M),
    rule("plus-minus", r"(?<![\w+])\+-[ \u00a0]?(?=\d)", "±"),
    rule(
        "a spaced hyphen in a sum is a minus",
        rf"(?<=\d)({_SPACE}+)[-–]({_SPACE}+)(?={_NUMBER}{_SPACE}*[=+−-])",
        r"\1−\2",
    ),
    rule(
        "a letter x between two numbers is a multiplication sign",
        rf"(?<![\w.,])(?!0x)({_NUMBER}){_SPACE}?[xх×]{_SPACE}?(?=\d)(?=[\d.,]+(?![\w]))",
        r"\1×",
    ),
    rule(
        "common fractions", r"(?<![\w/.,])([13])/([24])(?![\w/]|[.,]\d)", lambda m: _FRACTIONS.get(m.group(), m.group())
    ),
    rule(
        "square and cubic units",
        r"(?<=\d)([ \u00a0]?)((?:[кдсм]?м|[kdcm]?m))([23])(?![\w²³])",
        lambda m: (NBSP if m.group(1) else "") + m.group(2) + "²³"[int(m.group(3)) - 2],
    ),
]

CURRENCY = [
    rule("a number is kept with a sign or currency after it", r"(?<=\d) (?=[%‰°$€£¥₽₴](?!\w))", NBSP),
    rule("a currency sign is kept with the number after it", r"(?<=[$€£¥₽₴]) (?=\d)", NBSP),
]

NUMBERS: list[Rule] = [*RANGES, *SIGNS, *GROUPS, *CURRENCY]
