"""Word's equations (Office Math Markup, `m:oMath`) as MathML.

Each OMML layout has a MathML one it means (a fraction `m:f` is `mfrac`, a radical `m:rad` is
`msqrt` or `mroot`, an n-ary operator `m:nary` is ∑ or ∫ with its limits…), so the conversion is
a table walk. Letters in a run are variables (`mi`, one each, as Word sets them in italic),
digits numbers (`mn`), the rest operators (`mo`); a run in plain style is text. Sizes and
fonts (`m:rPr`, `w:rPr`, `m:ctrlPr`) are the editions' business, not the formula's.
"""

from __future__ import annotations

import re

from lxml import etree

from publish.markup import local_name
from publish.mathml import MATHML
from publish.readers.mathml import MAX_FORMULA_DEPTH, NotAFormula

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_PIECES = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]|\s+|.", re.S)
_UPRIGHT_PIECES = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\s+|.", re.S)  # (upright letters together: a name)


def mathml_of(omath: etree._Element) -> etree._Element:
    """The `<math>` element an `m:oMath` (or a whole `m:oMathPara`, its equations one under
    another) stands for."""
    math = _element("math")
    if local_name(omath) == "oMathPara":
        equations = [child for child in omath if local_name(child) == "oMath"]
        if len(equations) == 1:
            _children(math, equations[0], 1)
        else:
            table = _sub(math, "mtable")
            for equation in equations:
                _children(_sub(_sub(table, "mtr"), "mtd"), equation, 1)
        math.set("display", "block")
    else:
        _children(math, omath, 1)
    return math


def _element(name: str) -> etree._Element:
    return etree.Element(f"{{{MATHML}}}{name}", nsmap={None: MATHML})


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{MATHML}}}{name}")
    if text is not None:
        child.text = text
    return child


def _property(element: etree._Element, properties: str, name: str, default: str = "") -> str:
    """An `m:*Pr` property's value (`<m:fPr><m:type m:val="lin"/></m:fPr>`), or `default`."""
    found = element.find(f"{{{M}}}{properties}/{{{M}}}{name}")
    if found is None:
        return default
    return found.get(f"{{{M}}}val", "on" if default in ("", "off") else default)


def _part(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(f"{{{M}}}{name}")


def _row(parent: etree._Element, element: etree._Element | None, depth: int) -> etree._Element:
    """`element`'s content (an `m:e`, `m:num`, `m:sub`…) as one `mrow` in `parent`."""
    row = _sub(parent, "mrow")
    if element is not None:
        _children(row, element, depth + 1)
    return row


def _children(parent: etree._Element, element: etree._Element, depth: int) -> None:
    if depth > MAX_FORMULA_DEPTH:
        raise NotAFormula(f"an equation nested more than {MAX_FORMULA_DEPTH} levels deep")
    for child in element:
        _convert(parent, child, depth)


def _convert(parent: etree._Element, element: etree._Element, depth: int) -> None:  # noqa: C901 (one branch per OMML layout)
    name = local_name(element)
    if name.endswith("Pr") or name == "ctrlPr":
        return
    if name == "r":
        _run(parent, element)
    elif name == "f":
        fraction = _sub(parent, "mfrac")
        kind = _property(element, "fPr", "type", "bar")
        if kind == "noBar":
            fraction.set("linethickness", "0")
        elif kind in ("lin", "skw"):
            fraction.tag = f"{{{MATHML}}}mrow"
            _row(fraction, _part(element, "num"), depth)
            _sub(fraction, "mo", "/")
            _row(fraction, _part(element, "den"), depth)
            return
        _row(fraction, _part(element, "num"), depth)
        _row(fraction, _part(element, "den"), depth)
    elif name in ("sSup", "sSub", "sSubSup"):
        layout = {"sSup": "msup", "sSub": "msub", "sSubSup": "msubsup"}[name]
        scripts = _sub(parent, layout)
        _row(scripts, _part(element, "e"), depth)
        for part in ("sub", "sup"):
            if _part(element, part) is not None:
                _row(scripts, _part(element, part), depth)
    elif name == "sPre":
        scripts = _sub(parent, "mmultiscripts")
        _row(scripts, _part(element, "e"), depth)
        _sub(scripts, "mprescripts")
        _row(scripts, _part(element, "sub"), depth)
        _row(scripts, _part(element, "sup"), depth)
    elif name == "rad":
        degree = _part(element, "deg")
        hidden = _property(element, "radPr", "degHide", "off") in ("on", "1", "true")
        if hidden or degree is None or not "".join(degree.itertext()).strip():
            _row(_sub(parent, "msqrt"), _part(element, "e"), depth)
        else:
            root = _sub(parent, "mroot")
            _row(root, _part(element, "e"), depth)
            _row(root, degree, depth)
    elif name == "nary":
        _nary(parent, element, depth)
    elif name == "d":
        _delimited(parent, element, depth)
    elif name == "func":
        row = _sub(parent, "mrow")
        _row(row, _part(element, "fName"), depth)
        _sub(row, "mo", "\u2061")  # function application
        _row(row, _part(element, "e"), depth)
    elif name in ("acc", "groupChr", "bar"):
        _over_or_under(parent, element, depth)
    elif name in ("limLow", "limUpp"):
        limit = _sub(parent, "munder" if name == "limLow" else "mover")
        _row(limit, _part(element, "e"), depth)
        _row(limit, _part(element, "lim"), depth)
    elif name == "m":
        table = _sub(parent, "mtable")
        for matrix_row in element.iterfind(f"{{{M}}}mr"):
            row = _sub(table, "mtr")
            for cell in matrix_row.iterfind(f"{{{M}}}e"):
                _row(_sub(row, "mtd"), cell, depth)
    elif name == "eqArr":
        table = _sub(parent, "mtable")
        for line in element.iterfind(f"{{{M}}}e"):
            _row(_sub(_sub(table, "mtr"), "mtd"), line, depth)
    elif name == "borderBox":
        box = _sub(parent, "menclose")
        box.set("notation", "box")
        _row(box, _part(element, "e"), depth)
    elif name in ("oMath", "e", "box", "phant", "num", "den", "sub", "sup", "deg", "lim", "fName", "argPr"):
        _children(_sub(parent, "mrow"), element, depth + 1)
    elif name in ("hyperlink", "smartTag", "customXml", "ins", "sdt", "sdtContent"):
        _children(parent, element, depth + 1)  # Word's wrappers: their content
    # m:del (a tracked deletion) and what OMML does not define are left out


def _run(parent: etree._Element, run: etree._Element) -> None:
    """A run's text: letters as variables, digits as numbers, the rest operators; a run in
    plain style (`m:nor`, `m:sty m:val="p"`) or a Word run inside the equation as text."""
    text = "".join(t.text or "" for t in run if local_name(t) == "t")
    if not text:
        return
    plain = _property(run, "rPr", "nor", "off") in ("on", "1", "true") or etree.QName(run).namespace == W
    style = _property(run, "rPr", "sty", "")
    if plain:
        _sub(parent, "mtext", text)
        return
    if len(text) > 1 and text.isalpha() and style == "p":
        _sub(parent, "mi", text)  # a name set upright: sin, lim, max
        return
    for piece in (_UPRIGHT_PIECES if style == "p" else _PIECES).findall(text):
        if piece.isspace():
            continue
        if piece[0].isdigit():
            _sub(parent, "mn", piece)
        elif piece.isalpha():
            variable = _sub(parent, "mi", piece)
            if style == "p":
                variable.set("mathvariant", "normal")
            elif style in ("b", "bi"):
                variable.set("mathvariant", "bold" if style == "b" else "bold-italic")
        else:
            _sub(parent, "mo", piece)


def _nary(parent: etree._Element, element: etree._Element, depth: int) -> None:
    """∑, ∏, ∫… with its limits under and over (or beside, for integrals), then its body."""
    row = _sub(parent, "mrow")
    operator = _property(element, "naryPr", "chr", "\u222b")
    beside = _property(element, "naryPr", "limLoc", "undOvr" if operator != "\u222b" else "subSup") == "subSup"
    lower = None if _property(element, "naryPr", "subHide", "off") in ("on", "1") else _part(element, "sub")
    upper = None if _property(element, "naryPr", "supHide", "off") in ("on", "1") else _part(element, "sup")
    layout = {
        (True, True): "msubsup" if beside else "munderover",
        (True, False): "msub" if beside else "munder",
        (False, True): "msup" if beside else "mover",
    }.get((lower is not None, upper is not None))
    holder = _sub(row, layout) if layout else row
    _sub(holder, "mo", operator)
    for limit in (lower, upper):
        if limit is not None:
            _row(holder, limit, depth)
    _row(row, _part(element, "e"), depth)


def _delimited(parent: etree._Element, element: etree._Element, depth: int) -> None:
    """Brackets round one or more parts, with a separator between them (`m:d`)."""
    row = _sub(parent, "mrow")
    opening = _property(element, "dPr", "begChr", "(")
    closing = _property(element, "dPr", "endChr", ")")
    separator = _property(element, "dPr", "sepChr", "|")
    if opening:
        _sub(row, "mo", opening)
    for number, part in enumerate(element.iterfind(f"{{{M}}}e")):
        if number:
            _sub(row, "mo", separator)
        _row(row, part, depth)
    if closing:
        _sub(row, "mo", closing)


def _over_or_under(parent: etree._Element, element: etree._Element, depth: int) -> None:
    """An accent (x̂), a group character (a brace under a sum) or a bar, over or under its base."""
    name = local_name(element)
    properties = {"acc": "accPr", "groupChr": "groupChrPr", "bar": "barPr"}[name]
    default_position = "bot" if name == "groupChr" else "top"
    position = _property(element, properties, "pos", default_position)
    mark = {"acc": "\u0302", "groupChr": "\u23df", "bar": "\u00af"}[name]
    mark = _property(element, properties, "chr", mark) if name != "bar" else mark
    if name == "bar" and position == "bot":
        mark = "_"
    layout = _sub(parent, "mover" if position == "top" else "munder")
    _row(layout, _part(element, "e"), depth)
    _sub(layout, "mo", mark).set("accent" if position == "top" else "accentunder", "true")
