"""How a web page marks words by style rather than by tag: bold, italic, raised, lowered.

Google Docs' page export writes `<span class="c1">` with `.c1{font-weight:700}` in its style
sheet; text pasted from it into a site's editor writes `<span style="font-weight:700">`, and
wraps the whole paste in `<b style="font-weight:normal" id="docs-internal-guid-…">`, which is
no bold at all. A reader that went by tags alone lost every emphasis of such a page, or made
all of it bold. Only what marks words is read: weight, slant, raising and lowering.
"""

from __future__ import annotations

import re

import tinycss2
from lxml import etree

# "weight": "bold" | "normal", "slant": "italic" | "normal", "shift": "super" | "sub" | "baseline"
Look = dict[str, str]

_WEIGHT = re.compile(r"font-weight\s*:\s*(bold(?:er)?|normal|lighter|[1-9]00)\b", re.I)
_SLANT = re.compile(r"font-style\s*:\s*(italic|oblique|normal)\b", re.I)
_SHIFT = re.compile(r"vertical-align\s*:\s*(super|sub|baseline)\b", re.I)
_CLASS_SELECTOR = re.compile(r"\s*\.(-?[A-Za-z_][\w-]*)\s*")
MAX_STYLE_SHEET = 500_000  # characters of a page's <style> read for its classes' looks
MAX_CLASS_RULES = 5_000


def look_of(declarations: str) -> Look:
    """What a style attribute's (or rule's) declarations say of weight, slant and shift."""
    declarations = declarations[:2_000]
    look: Look = {}
    weight = _WEIGHT.search(declarations)
    if weight:
        value = weight.group(1).lower()
        look["weight"] = "bold" if value.startswith("bold") or (value[0].isdigit() and int(value) >= 600) else "normal"
    slant = _SLANT.search(declarations)
    if slant:
        look["slant"] = "normal" if slant.group(1).lower() == "normal" else "italic"
    shift = _SHIFT.search(declarations)
    if shift:
        look["shift"] = shift.group(1).lower()
    return look


def class_looks(page: etree._Element) -> dict[str, Look]:
    """The looks a page's style sheets give its classes, by rules of class selectors only
    (`.c1 { font-weight: 700 }`, `.c1, .c2 {…}`): what Google Docs writes."""
    sheet = "".join("".join(style.itertext()) for style in page.iter("style"))[:MAX_STYLE_SHEET]
    if "{" not in sheet:
        return {}
    looks: dict[str, Look] = {}
    rules = tinycss2.parse_stylesheet(sheet, skip_whitespace=True, skip_comments=True)
    for rule in rules[:MAX_CLASS_RULES]:
        if rule.type != "qualified-rule":
            continue
        look = look_of(tinycss2.serialize(rule.content))
        if not look:
            continue
        for selector in tinycss2.serialize(rule.prelude).split(","):
            name = _CLASS_SELECTOR.fullmatch(selector)
            if name:
                looks.setdefault(name.group(1), {}).update(look)
    return looks


def look(element: etree._Element, classes: dict[str, Look]) -> Look:
    """`element`'s look: its classes' rules in turn, then its own style attribute."""
    found: Look = {}
    for name in (element.get("class") or "").split()[:20] if classes else ():
        found.update(classes.get(name, {}))
    found.update(look_of(element.get("style") or ""))
    return found
