"""Formulas drawn for print.

WeasyPrint draws no MathML, so the print page carries each formula as a picture: ziamath lays
out the MathML with its STIX Two Math font and writes the glyphs as SVG paths. The picture is
sized in em of the text around it and sunk by its depth, so that the formula's baseline is the
line's and it grows with the type. Screens get the MathML itself (publish.render.html).
"""

from __future__ import annotations

import base64
import copy
import functools
import re
from dataclasses import dataclass

from lxml import etree

from publish.mathml import linear_text
from publish.text import one_line

_SIZE = 20.0  # the font size ziamath draws at: what an em of the picture is in its units
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')


class FormulaNotDrawn(ValueError):
    """ziamath could not lay out the formula (a construct it does not know)."""


@dataclass(frozen=True)
class FormulaPicture:
    url: str  # a data: URL of the SVG
    text: str  # what it shows, on one line (its alt text)
    width: float  # em
    height: float  # em
    depth: float  # em below the baseline


_BREAKS = {"=", "<", ">", "≤", "≥", "≈", "≠", "≡", "→", "+", "−", "-", "·", "×"}  # where TeX breaks a formula


def formula_pictures(math: etree._Element) -> list[FormulaPicture]:
    """An inline formula as pictures that a line may break between: after each relation or
    sign of its top level (c₁ + v₁ = … breaks after "=" or "+"), as TeX breaks a formula in
    running text; a formula set apart, or one with nothing to break at, as one."""
    row = math[0] if len(math) == 1 and etree.QName(math[0]).localname == "mrow" else math
    pieces: list[list[etree._Element]] = [[]]
    for child in row:
        pieces[-1].append(child)
        if etree.QName(child).localname == "mo" and (child.text or "").strip() in _BREAKS:
            pieces.append([])
    pieces = [piece for piece in pieces if piece]
    if math.get("display") == "block" or len(pieces) < 2:
        return [formula_picture(etree.tostring(math, encoding="unicode"), linear_text(math))]
    drawn = []
    for piece in pieces:
        part = etree.Element(math.tag, nsmap=math.nsmap)
        part.set("display", "inline")
        part.extend(copy.deepcopy(child) for child in piece)
        drawn.append(formula_picture(etree.tostring(part, encoding="unicode"), linear_text(part)))
    return drawn


@functools.lru_cache(maxsize=512)
def formula_picture(mathml: str, text: str) -> FormulaPicture:
    """The formula `mathml` as an SVG picture with its size in em (see the module's note)."""
    import ziamath  # (loaded with the first formula in print)

    try:
        svg = ziamath.Math(mathml, size=_SIZE, margin=0).svg()
    except Exception as error:  # ziamath raises what its layout meets
        raise FormulaNotDrawn(one_line(f"{type(error).__name__}: {error}")) from error
    viewbox = _VIEWBOX.search(svg)
    if viewbox is None:
        raise FormulaNotDrawn("no size in the drawing")
    _, top, width, height = (float(value) for value in viewbox.groups())
    url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return FormulaPicture(url, text, width / _SIZE, height / _SIZE, (top + height) / _SIZE)
