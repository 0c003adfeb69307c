"""How word processors and web pages number list items and headings: "IV", "b", "в", "07".

The readers keep the label a source shows ("а)", "1.2.", "Розділ II.") where the editions'
own list styles cannot say it; these name its forms as CSS counter styles do."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from publish.model import NOWHERE, Block, ListBlock, Paragraph, Place, Text

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_LATIN = "abcdefghijklmnopqrstuvwxyz"
MAX_LABEL = 80  # characters of a label shown: a file's "SECTION %1" may be a megabyte, once a paragraph
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's and LibreOffice's: no ё, й, ъ, ы, ь


def list_marker(label: str, number: str) -> str:
    """How a list shows an item `label`led by its word processor whose own number is `number`:
    "" for "1." (the editions number it so), ")" for "1)", "none" for any other ("а)", "1.2.",
    "Статья 3."), whose items then carry their label."""
    if not label or label == number + ".":
        return ""
    return ")" if label == number + ")" else "none"


def counter_text(value: int, style: str) -> str:
    """A list or heading number as the word processor shows it: `style` is a CSS counter
    style name (decimal, decimal-leading-zero, lower-roman, upper-latin, lower-cyrillic…),
    each reader naming its format so; one it does not know is shown as decimal."""
    kind = style.removeprefix("upper-").removeprefix("lower-")
    if kind == "roman" and 0 < value < 4000:
        text = ""
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            text += numeral * count
    elif kind in ("latin", "cyrillic") and value > 0:
        alphabet = _LATIN if kind == "latin" else _CYRILLIC
        rounds, index = divmod(value - 1, len(alphabet))
        text = alphabet[index] * min(rounds + 1, 50)  # Word's 27th is "aa", its 28th "bb"
    elif style == "decimal-leading-zero":
        return f"{value:02d}"
    else:
        return str(value)
    return text.upper() if style.startswith("upper-") else text


# An item's own label at the start of a line: "а)", "(b)", "iii.", "B." — then a space.
_LABEL = re.compile(r"(\(?)([a-zа-яё]|[A-ZА-ЯЁ]|[ivxlc]{1,7}|[IVXLC]{1,7})([.)])\s+(?=\S)")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def item_label(line: str) -> str:
    """The letter or Roman number a line opens with as a list item's label, or ""."""
    found = _LABEL.match(line)
    if not found or (found.group(1) and found.group(3) != ")"):  # "(a)" but not "(a."
        return ""
    token, rest = found.group(2), line[found.end() :]
    if token.isupper() and found.group(3) == "." and re.match(r"[A-ZА-ЯЁ]\.", rest):
        return ""  # "А. С. Пушкин": a name's initials
    return found.group(0).rstrip()


def labelled_run(labels: list[str], continued: bool = False) -> bool:
    """Whether `labels` (each from item_label) are one list's: two or more, the same
    brackets, and counting on — letters from a/а each after the one before ("а, б, в", or
    "а, б, в, г, д, е, ж, и" skipping letters as Russian legal texts do), or Roman numbers
    from i one by one. `continued`: a run's tail, its first label not its list's first."""
    if len(labels) < 2 or any(not label for label in labels):
        return False
    shapes = {(label.startswith("("), label[-1]) for label in labels}
    tokens = [label.strip("().") for label in labels]
    if len(shapes) > 1:
        return False
    romans = [_roman_value(token) for token in tokens]
    first = romans[0] if continued else 1
    if romans == list(range(first, first + len(tokens))) and first and len({t.islower() for t in tokens}) == 1:
        return True
    if any(len(token) > 1 for token in tokens) or not (continued or tokens[0].lower() in ("a", "а")):
        return False
    alphabet = _LATIN if tokens[0].lower() in _LATIN else "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    places = [alphabet.find(token.lower()) for token in tokens]
    return min(places) >= 0 and all(0 < b - a <= 3 for a, b in zip(places, places[1:], strict=False))


def _roman_value(token: str) -> int:
    """A Roman number's value (subtractive: "iv" is 4), or 0 for a token that is not one."""
    values = [_ROMAN_VALUES.get(letter, 0) for letter in token.lower()]
    if not values or 0 in values:
        return 0
    total = sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=False))
    return total if counter_text(total, "lower-roman") == token.lower() else 0


def label_apart(item: tuple[Block, ...], label: str) -> tuple[tuple[Block, ...], str]:
    """A list item whose first paragraph opens with `label` ("а) Текст") without it (and the
    space after it), and the label taken: the list holds it apart (ListBlock.labels). An item
    that does not open with it as plain text is kept whole, its label "" (said once, not twice)."""
    first = item[0] if item else None
    if not label or not isinstance(first, Paragraph) or not first.children:
        return item, ""
    opening = first.children[0]
    if not isinstance(opening, Text) or not opening.text.startswith(label):
        return item, ""
    rest = opening.text[len(label) :].lstrip()
    children = ((Text(rest),) if rest else ()) + first.children[1:]
    return (dataclasses.replace(first, children=children), *item[1:]), label


def labelled_list(items: Sequence[tuple[Block, ...]], labels: list[str], at: Place = NOWHERE) -> ListBlock:
    """Items that open with their own labels as a list holding the labels apart."""
    parts = [label_apart(item, label) for item, label in zip(items, labels, strict=True)]
    return ListBlock(False, tuple(item for item, _ in parts), 1, "none", at, tuple(label for _, label in parts))
