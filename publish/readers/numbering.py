"""How word processors and web pages number list items and headings: "IV", "b", "в", "07".

The readers keep the label a source shows ("а)", "1.2.", "Розділ II.") where the editions'
own list styles cannot say it; these name its forms as CSS counter styles do."""

from __future__ import annotations

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_LATIN = "abcdefghijklmnopqrstuvwxyz"
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
