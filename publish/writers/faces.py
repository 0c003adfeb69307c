"""Which of the theme's font faces an edition's text is set in, and in each, which characters.

An e-book carries its fonts, subset to what it shows; a face nothing is set in (bold italic in
most articles) need not travel at all. The stylesheet decides which face each piece of text
takes, so the pages are matched against it as a browser would: the rules' selectors by
cssselect2 (WeasyPrint's own matcher), the cascade by specificity and order, inheritance from
parent to child, the browser's defaults for <strong>, <em> and headings, and CSS's font
matching to choose among the theme's faces. Anything this cannot read (a selector cssselect2
does not know, a `font` shorthand) counts as using every face: a face may travel unneeded,
never go missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import cssselect2
import tinycss2
from lxml import etree

from publish.mathml import ELEMENTS
from publish.themes import FontFace

XHTML = "{http://www.w3.org/1999/xhtml}"
_BOLD = frozenset({"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
_ITALIC = frozenset({"i", "em", "cite", "var", "dfn", "address"})
_SKIPPED = frozenset({"script", "style", "head", "title"})


class _Unreadable(Exception):
    """A rule the matching here cannot follow: every face counts as used."""


def faces_used(pages: Sequence[etree._Element], css: str, fonts: Sequence[FontFace]) -> dict[FontFace, str]:
    """Each face some text of `pages` (parsed XHTML or HTML) is set in → the characters set in
    it (both cases of each letter, for text-transform); every face with every character when
    the stylesheet is beyond us."""
    try:
        matcher = _matcher(css)
        found: dict[FontFace, set[str]] = {}
        for page in pages:
            _collect(page, matcher, fonts, found)
    except _Unreadable:
        every = "".join("".join(page.itertext()) for page in pages)
        found = {face: set(every) for face in fonts}
    return {face: _both_cases(found[face]) for face in fonts if face in found}


def _both_cases(characters: Iterable[str]) -> str:
    both = set()
    for character in characters:
        both |= {character, character.upper(), character.lower()}
    return "".join(sorted(character for character in both if len(character) == 1))


def _matcher(css: str) -> cssselect2.Matcher:
    matcher = cssselect2.Matcher()
    order = 0
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "media":
            if "print" not in tinycss2.serialize(rule.prelude):  # screen rules apply; print ones do not
                for inner in tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True):
                    order = _add_rule(matcher, inner, order)
            continue
        order = _add_rule(matcher, rule, order)
    return matcher


def _add_rule(matcher: cssselect2.Matcher, rule, order: int) -> int:
    if rule.type != "qualified-rule":
        return order
    declarations = _font_declarations(rule.content)
    if not declarations:
        return order
    try:
        selectors = cssselect2.compile_selector_list(rule.prelude)
    except cssselect2.SelectorError:
        raise _Unreadable from None
    for selector in selectors:
        matcher.add_selector(selector, (order, declarations))
    return order + 1


def _font_declarations(content) -> list[tuple[str, list]]:
    found = []
    for declaration in tinycss2.parse_declaration_list(content, skip_whitespace=True, skip_comments=True):
        if declaration.type != "declaration":
            continue
        name = declaration.lower_name
        if name == "font":
            raise _Unreadable
        if name in ("font-family", "font-weight", "font-style", "content"):
            found.append((name, [token for token in declaration.value if token.type not in ("whitespace", "comment")]))
    return found


def _collect(root, matcher: cssselect2.Matcher, fonts: Sequence[FontFace], found: dict) -> None:
    styles: dict = {}
    chosen: dict[tuple[tuple, int, bool], FontFace | None] = {}
    whole_formulas = _formulas_unstyled(matcher)
    for wrapper in _subtree(cssselect2.ElementWrapper.from_xml_root(root), whole_formulas):
        element = wrapper.etree_element
        if not isinstance(element.tag, str):
            continue  # a comment or a processing instruction
        name = etree.QName(element).localname
        if name in _SKIPPED:
            continue
        parent = element.getparent()
        family, weight, italic = styles.get(parent, ((), 400, False))
        if name in _BOLD:
            weight = max(weight, 700)
        if name in _ITALIC:
            italic = True
        generated = ""
        for _, _, pseudo, (_, declarations) in sorted(matcher.match(wrapper), key=lambda match: match[:2]):
            for property_name, tokens in declarations:
                if property_name == "content":
                    if pseudo in ("before", "after", "marker"):
                        generated += "".join(token.value for token in tokens if token.type == "string")
                    continue
                if pseudo not in (None, "first-letter", "first-line"):
                    continue  # a ::before in another face: its few characters are in ALWAYS
                family, weight, italic = _apply(property_name, tokens, family, weight, italic)
        styles[element] = (family, weight, italic)
        if whole_formulas and name == "math":
            own = "".join(element.itertext()) + generated  # (all of it in the formula's face)
        else:
            own = (element.text or "") + "".join(child.tail or "" for child in element) + generated
        if own.strip():
            if (family, weight, italic) not in chosen:  # (a book has a few dozen styles, many thousand elements)
                chosen[family, weight, italic] = choose_face(fonts, family, weight, italic)
            face = chosen[family, weight, italic]
            if face is not None:
                found.setdefault(face, set()).update(own)


def _formulas_unstyled(matcher: cssselect2.Matcher) -> bool:
    """Whether no rule of the stylesheet can reach inside a formula (none names a MathML
    element, an attribute, a namespace or a language alone): then a formula's every character
    is set in the face of its <math>, and its elements, a textbook's quarter of a million,
    need not be matched one by one."""
    return not (
        matcher.other_selectors
        or matcher.namespace_selectors
        or matcher.lang_attr_selectors
        or ELEMENTS.intersection(matcher.lower_local_name_selectors)
    )


def _subtree(wrapper: cssselect2.ElementWrapper, skip_formulas: bool) -> Iterable[cssselect2.ElementWrapper]:
    """`wrapper` and its descendants, parents first; a <math>'s not, when `skip_formulas`."""
    stack = [wrapper]
    while stack:
        current = stack.pop()
        yield current
        if not (skip_formulas and current.local_name == "math"):
            stack.extend(reversed(list(current.iter_children())))


def _apply(name: str, tokens: list, family: tuple, weight: int, italic: bool) -> tuple[tuple, int, bool]:
    if name == "font-family":
        names = []
        current: list[str] = []
        for token in [*tokens, None]:
            if token is None or (token.type == "literal" and token.value == ","):
                if current:
                    names.append(" ".join(current))
                current = []
            elif token.type in ("string", "ident"):
                current.append(token.value)
        return tuple(names), weight, italic
    if name == "font-style" and tokens and tokens[0].type == "ident":
        return family, weight, tokens[0].lower_value in ("italic", "oblique")
    if name == "font-weight" and tokens:
        token = tokens[0]
        if token.type == "number":
            return family, int(token.value), italic
        keyword = getattr(token, "lower_value", "")
        relative = {"normal": 400, "bold": 700, "bolder": 700 if weight < 600 else 900, "lighter": 400}
        if keyword in relative:
            return family, relative[keyword], italic
        raise _Unreadable  # inherit, var() left over…
    return family, weight, italic


def choose_face(fonts: Sequence[FontFace], family: tuple, weight: int, italic: bool) -> FontFace | None:
    """The face CSS font matching picks among the theme's for this family list, weight and
    style; None when the text is set in a font the theme does not carry (monospace, say)."""
    for name in family:
        faces = [face for face in fonts if face.family.lower() == name.lower()]
        if not faces:
            continue
        styled = [face for face in faces if (face.style != "normal") == italic] or faces

        def distance(face: FontFace) -> tuple[int, int]:
            above = face.weight >= weight
            preferred = above if weight > 500 else not above or face.weight == weight
            return (0 if preferred else 1, abs(face.weight - weight))

        return min(styled, key=distance)
    return None
