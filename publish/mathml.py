"""Mathematics as text: the MathML namespace, and a formula read out on one line.

Shared by the readers (a formula's text in the model: FB2 and alt text use it) and the print
renderer (the alt text of each piece of a formula broken across lines).
"""

from __future__ import annotations

from lxml import etree

from publish.markup import local_name
from publish.text import one_line

MATHML = "http://www.w3.org/1998/Math/MathML"
TOKENS = {"mi", "mn", "mo", "ms", "mtext"}
# The presentation MathML a formula keeps (publish.readers.mathml cleans it to these).
ELEMENTS = {
    "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot", "mstyle",
    "merror", "mpadded", "mphantom", "menclose", "msub", "msup", "msubsup", "munder", "mover",
    "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd", "mlabeledtr",
}  # fmt: skip


def linear_text(element: etree._Element) -> str:
    """The formula read out on one line, as one would type it: fractions with a slash, powers
    after a caret only where Unicode has no superscript… kept simple; screen readers get the
    MathML itself."""
    return one_line(_linear(element)).strip()


_ACCENTS = {"^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "¯": "\u0304", "‾": "\u0305",
            "˙": "\u0307", "¨": "\u0308", "→": "\u20d7", "⃗": "\u20d7"}  # fmt: skip
_COMBINING = {chr(code) for code in range(0x300, 0x370)} | {"\u20d7"}
_LARGE = {"∑", "∏", "∫", "∮", "⋃", "⋂", "∐"}  # operators whose limits end before their body
_SUPERSCRIPTS = str.maketrans("0123456789+−-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
_SUBSCRIPTS = str.maketrans("0123456789+−-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")


def _linear(element: etree._Element) -> str:  # noqa: C901 (a branch per MathML layout)
    name = local_name(element)
    parts = [_linear(child) for child in element]
    if len(element) and local_name(element[0]) == "mo":
        parts[0] = parts[0].strip()  # a sign in front (−b) is not an operation between two
    if name == "mspace":
        return " "
    if name == "mtext":
        return f" {one_line(''.join(element.itertext()))} "
    if name in TOKENS:
        text = "".join(element.itertext()).strip()
        return f" {text} " if name == "mo" and text in "=<>≤≥≠≈±∓+−×÷→⇒⇔∈∉⊂⊆∪∩" and text else text
    if name == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if name == "msqrt":
        return f"√{_grouped(''.join(parts))}"
    if name == "mroot" and len(parts) == 2:
        return f"{_raised(parts[1])}√{_grouped(parts[0])}"
    if name == "msup" and len(parts) == 2:
        return parts[0] + _raised(parts[1])
    if name == "msub" and len(parts) == 2:
        return parts[0] + _lowered(parts[1])
    if name == "msubsup" and len(parts) == 3:
        return parts[0] + _lowered(parts[1]) + _raised(parts[2]) + (" " if parts[0].strip() in _LARGE else "")
    if name == "mover" and len(parts) == 2 and _ACCENTS.get(parts[1].strip(), parts[1].strip()) in _COMBINING:
        return parts[0] + _ACCENTS.get(parts[1].strip(), parts[1].strip())  # x̃, x̂, x̄: a mark over its letter
    if name in ("munder", "mover") and len(parts) == 2:
        return f"{parts[0]}{_lowered(parts[1]) if name == 'munder' else _raised(parts[1])}"
    if name == "munderover" and len(parts) == 3:
        return parts[0] + _lowered(parts[1]) + _raised(parts[2]) + " "
    if name == "mtr":
        return "(" + ", ".join(part.strip() for part in parts) + ")"
    if name == "mtable":
        return "(" + "; ".join(part.strip() for part in parts) + ")"
    return "".join(parts)


_MARKS = "′″‴'⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"


def _grouped(text: str) -> str:
    """`text` in brackets unless it is one number, or one letter with its primes and indices."""
    text = text.strip()
    core = text.rstrip(_MARKS)
    return text if len(core) <= 1 or core.isdigit() else f"({text})"


def _raised(text: str) -> str:
    text = text.strip()
    if text in ("′", "″", "‴", "*", "'"):
        return text  # a prime is written after its letter, not raised
    raised = text.translate(_SUPERSCRIPTS)
    return raised if all(char in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ" for char in raised) else f"^{_grouped(text)}"


def _lowered(text: str) -> str:
    text = text.strip()
    lowered = text.translate(_SUBSCRIPTS)
    return lowered if all(char in "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎" for char in lowered) else f"_{_grouped(text)}"
