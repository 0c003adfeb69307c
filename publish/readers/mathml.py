"""Formulas: MathML as every reader hands it to the model.

A source's MathML (a web page's `<math>`, a LibreOffice formula object, what OMML or TeX was
turned into) is cleaned to presentation MathML that every edition can carry: its elements and
attributes from a fixed list, no links, scripts, styles or annotations, `mfenced` written out
as the operators it stands for (MathML Core and Chromium dropped it). A formula too deep or
too large to be real is not a formula: the reader keeps its text.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from publish.markup import local_name, untrusted_xml
from publish.mathml import ELEMENTS, MATHML, TOKENS, linear_text
from publish.model import Formula
from publish.text import one_line

MAX_FORMULA_DEPTH = 40  # elements one inside another: a real formula nests a dozen
MAX_FORMULA_ELEMENTS = 5_000  # a page of matrices
MAX_FORMULA_CHARACTERS = 2_000  # its text: drawn for print, each is a glyph's path (100 bytes of SVG)

_ATTRIBUTES = {
    "mathvariant", "displaystyle", "scriptlevel", "linethickness", "accent", "accentunder",
    "stretchy", "fence", "separator", "lspace", "rspace", "form", "columnspan", "rowspan",
    "columnalign", "rowalign", "columnlines", "rowlines", "frame", "width", "height", "depth",
    "notation", "largeop", "movablelimits", "symmetric", "minsize", "maxsize", "bevelled",
    "numalign", "denomalign", "align", "voffset",
}  # fmt: skip
_ARITY = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}


_XML_SPACES = re.compile(r"[ \t\r\n]+")


class NotAFormula(ValueError):
    """MathML this reader does not take as a formula (too deep, too large, empty)."""


def formula(element: etree._Element, display: bool | None = None, alttext: str = "") -> Formula:
    """The formula a `<math>` element (of any namespace prefix, or none) writes: cleaned, read
    out as text, set apart when it says `display="block"` (or `display` says so)."""
    count = sum(1 for _ in zip(element.iter(), range(MAX_FORMULA_ELEMENTS + 1), strict=False))
    if count > MAX_FORMULA_ELEMENTS:
        raise NotAFormula(f"a formula of more than {MAX_FORMULA_ELEMENTS} elements")
    clean = _cleaned(element, 0)
    written = "".join(clean.itertext()) if clean is not None else ""
    if clean is None or not written.strip():
        raise NotAFormula("an empty formula")
    if len(written) > MAX_FORMULA_CHARACTERS:
        raise NotAFormula(f"a formula of more than {MAX_FORMULA_CHARACTERS} characters")
    block = element.get("display") == "block" if display is None else display
    clean.attrib.clear()  # (how it is set is the model's `display`, given to it as it is written)
    text = "" if "\\" in alttext or "{" in alttext else one_line(alttext)  # (TeX is no reading: {\displaystyle A})
    text = text or linear_text(clean)
    clean.set("alttext", text)
    return Formula(etree.tostring(clean, encoding="unicode"), text, block)


@functools.lru_cache(maxsize=1024)  # (a text repeats its formulas: $x$, $n$; a Formula is frozen)
def from_tex(tex: str, display: bool = False) -> Formula:
    """The formula TeX's math notation writes (`$x^2$` in Markdown), by latex2mathml."""
    from latex2mathml.converter import convert  # (loaded with the first formula)

    try:
        mathml = convert(tex)
    except Exception as error:  # latex2mathml raises its own and plain ones on bad TeX
        raise NotAFormula(f"TeX it cannot read ({type(error).__name__}: {error})") from error
    try:
        element = untrusted_xml(mathml.encode("utf-8"))
    except etree.XMLSyntaxError as error:  # (nested past libxml2's 256 levels: {{{…x…}}})
        raise NotAFormula(f"a formula nested too deep ({error.msg})") from error
    return formula(element, display)


def _cleaned(element: etree._Element, depth: int, parent: etree._Element | None = None) -> etree._Element | None:
    """A copy of `element` in the MathML namespace with what is allowed of it (made inside
    `parent`, which declares the namespace once); None for what is dropped (an annotation, an
    element MathML does not have)."""
    if depth > MAX_FORMULA_DEPTH:
        raise NotAFormula(f"a formula nested more than {MAX_FORMULA_DEPTH} levels deep")
    name = local_name(element)
    if name == "semantics":  # the presentation is its first child; annotations are not shown
        first = next((child for child in element if local_name(child) in ELEMENTS), None)
        return _cleaned(first, depth + 1, parent) if first is not None else None
    if name == "mfenced":
        return _unfenced(element, depth, parent)
    if name not in ELEMENTS:
        return None
    copy = _made(name, parent)
    for key, value in element.attrib.items():
        if key in _ATTRIBUTES and len(value) < 100:
            copy.set(key, value)
    if name in TOKENS:  # (white space round a token's text is not its text; a no-break space is)
        copy.text = _XML_SPACES.sub(" ", "".join(element.itertext())).strip(" ")
        return copy
    for child in element:
        _cleaned(child, depth + 1, copy)
    if name in _ARITY and len(copy) != _ARITY[name]:
        raise NotAFormula(f"<{name}> with {len(copy)} parts, not {_ARITY[name]}")
    return copy


def _made(name: str, parent: etree._Element | None) -> etree._Element:
    if parent is None:
        return etree.Element(f"{{{MATHML}}}{name}", nsmap={None: MATHML})
    return etree.SubElement(parent, f"{{{MATHML}}}{name}")


def _unfenced(element: etree._Element, depth: int, parent: etree._Element | None) -> etree._Element:
    """`<mfenced open="(" close=")" separators=",">a b</mfenced>` as the row it stands for."""
    row = _made("mrow", parent)
    separators = "".join(element.get("separators", ",").split())
    _operator(row, element.get("open", "("))
    number = 0
    for child in element:
        if number and separators:
            separator = _made("mo", row)
            separator.text = separators[min(number - 1, len(separators) - 1)]
        if _cleaned(child, depth + 1, row) is not None:
            number += 1
        elif number and separators:
            row.remove(separator)  # (a child dropped: no separator before it)
    _operator(row, element.get("close", ")"))
    return row


def _operator(row: etree._Element, text: str) -> None:
    if text:
        etree.SubElement(row, f"{{{MATHML}}}mo").text = text
