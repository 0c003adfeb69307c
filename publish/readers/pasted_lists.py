"""Lists as word processors write them into web pages, made the lists they show.

Word writes a list, saved as a page or pasted into a site's editor, as paragraphs (class
`MsoListParagraph…`, or a style with `mso-list:`), each opening with its number or bullet
as text and a run of no-break spaces in a 7-point font standing for the tab after it:
`<p class=MsoListParagraphCxSpFirst><span>1.<span style='font:7.0pt "Times New Roman"'>
&nbsp;&nbsp;</span></span>Text</p>`. Read as they are, the items are paragraphs that open
with "1.      " — so before the page is read, each run of them becomes an `<ol>` (numbered
from its first number), a `<ul>`, or a list whose items carry their own labels, nested by
the level `mso-list` names (else by their indent).

Google Docs writes a nested list flat: sibling lists, each level its own, named by a class
`lst-kix_<list>-<level>`, the outer list going on after the inner one (`start="3"`). They are
nested back, into the item above them, and an outer list going on is one list again.
"""

from __future__ import annotations

import re

from lxml import etree

_LIST_PARAGRAPH = re.compile(r"MsoListParagraph", re.I)
_MSO_LIST = re.compile(r"mso-list\s*:\s*(?!ignore)\w+\s+level(\d+)", re.I)
_SPACER = re.compile(r"font\s*:\s*7(?:\.0+)?pt|mso-list\s*:\s*ignore", re.I)
_NUMBER = re.compile(r"(\d{1,4})([.)])")
_BULLETS = set("·•o§▪■–-ØüvÞ\uf0b7\uf0a7\uf0d8\uf076\uf0fc")  # (Symbol's and Wingdings' bullets, as text)
_MAX_LABEL = 12  # characters: "1.1.1.", "Статья 3."; more is a paragraph's own words
_MAX_LEVEL = 9


def lists_as_lists(page: etree._Element) -> None:
    """Word's list paragraphs and Google Docs' flat lists in `page` made the lists they show
    (`page` is changed)."""
    _docs_lists(page)
    for parent in dict.fromkeys(p.getparent() for p in page.iter("p") if _is_list_paragraph(p)):
        if parent is not None:
            _in_lists(parent)


def _is_list_paragraph(paragraph: etree._Element) -> bool:
    return bool(_LIST_PARAGRAPH.search(paragraph.get("class") or "") or _MSO_LIST.search(paragraph.get("style") or ""))


def _in_lists(parent: etree._Element) -> None:
    """The runs of list items among `parent`'s children, each replaced by its lists (an
    empty list paragraph between two items is no break in the run)."""
    run: list[tuple[etree._Element, str, int]] = []
    for child in [*parent, None]:
        item = _item(child) if child is not None else None
        if item is not None:
            run.append((child, *item))
            continue
        if child is not None and run and _is_list_paragraph(child) and not "".join(child.itertext()).strip():
            parent.remove(child)  # (Word's empty line inside a list)
            continue
        if run:
            _replace(parent, _levelled(run))
            run = []


def _levelled(run: list[tuple[etree._Element, str, int]]) -> list[tuple[etree._Element, str, int]]:
    """`run` with each item's level: the one `mso-list` names, else (Word's filtered pages,
    text pasted into an editor) the rank of its indent among the run's."""
    if any(level for _, _, level in run):
        return [(paragraph, label, level or 1) for paragraph, label, level in run]
    indents = [_indent(paragraph.get("style") or "") for paragraph, _, _ in run]
    ranks = {indent: rank for rank, indent in enumerate(sorted(set(indents)), start=1)}
    return [
        (paragraph, label, min(ranks[indent], _MAX_LEVEL))
        for (paragraph, label, _), indent in zip(run, indents, strict=True)
    ]


_MARGIN = re.compile(r"margin-left\s*:\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|in|cm|mm|px|em)", re.I)
_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "em": 12.0}


def _indent(style: str) -> int:
    """A paragraph's left margin in whole points (0 where its style gives none: its class's)."""
    found = _MARGIN.search(style[:2000])
    return round(float(found.group(1)) * _POINTS[found.group(2).lower()]) if found else 0


def _item(element: etree._Element) -> tuple[str, int] | None:
    """A list paragraph's label and level (from 1; 0 where `mso-list` does not say), its
    label taken out of it; None for any other element."""
    if not isinstance(element.tag, str) or element.tag != "p" or not _is_list_paragraph(element):
        return None
    spacer = next((span for span in element.iter("span") if _SPACER.search(span.get("style") or "")), None)
    if spacer is None:
        return None
    label = _text_before(element, spacer)
    if not label or len(label) > _MAX_LABEL:
        return None
    _take_out_label(element, spacer)
    level = _MSO_LIST.search(element.get("style") or "")
    return label, min(int(level.group(1)), _MAX_LEVEL) if level else 0  # (0: by its indent, see _levelled)


def _text_before(paragraph: etree._Element, spacer: etree._Element) -> str:
    """The words of `paragraph` before `spacer`, the label Word drew (with the words of a
    `mso-list:Ignore` span, which holds the label and its spacer)."""
    parts = [text for text, _ in _before(paragraph, spacer)]
    if _ignored(spacer):
        parts.append("".join(spacer.itertext()))
    return " ".join("".join(parts).split())


def _before(paragraph: etree._Element, spacer: etree._Element) -> list[tuple[str, tuple[etree._Element, str]]]:
    """The texts of `paragraph` before `spacer` in reading order, each with where it is
    (an element and "text" or "tail")."""
    ancestors = set(spacer.iterancestors())
    found = []
    for element in paragraph.iter():
        if element is spacer:
            break
        found.append((element.text or "", (element, "text")))
        if element not in ancestors:  # (an element round the spacer ends after it: its tail too)
            found.append((element.tail or "", (element, "tail")))
    return found


def _ignored(span: etree._Element) -> bool:
    return "ignore" in (span.get("style") or "").lower()


def _take_out_label(paragraph: etree._Element, spacer: etree._Element) -> None:
    """Every word of `paragraph` before `spacer`, and the spacer, removed (what follows kept)."""
    for _, (element, place) in _before(paragraph, spacer):
        setattr(element, place, None)
    parent = spacer.getparent()
    if parent is not None:
        _keep_tail(spacer)
        parent.remove(spacer)


def _kind(label: str) -> str:
    """ "decimal" for "1." and "1)", "bullet" for Word's bullets, "own" for any other label."""
    if _NUMBER.fullmatch(label):
        return "decimal"
    return "bullet" if label in _BULLETS else "own"


def _replace(parent: etree._Element, run: list[tuple[etree._Element, str, int]]) -> None:
    """`run`'s paragraphs replaced, where the first stood, by the lists they show."""
    holder = etree.Element("div")
    parent.replace(run[0][0], holder)
    for paragraph, _, _ in run[1:]:
        parent.remove(paragraph)
    base = min(level for _, _, level in run)
    open_lists: list[tuple[etree._Element, str]] = []  # the list at each depth, with its kind
    for paragraph, label, level in run:
        depth = min(level - base, len(open_lists))  # (a level skipped is one deeper)
        del open_lists[depth + 1 :]
        kind = _kind(label)
        if len(open_lists) > depth and open_lists[depth][1] != kind:
            del open_lists[depth:]
        if len(open_lists) <= depth:
            outer = holder if depth == 0 else _last_item(open_lists[depth - 1][0])
            number = _NUMBER.fullmatch(label)
            attributes = {"start": number.group(1)} if number and number.group(1) != "1" else {}
            new = etree.SubElement(outer, "ol" if kind == "decimal" else "ul", attributes)
            if kind == "own":
                new.set("class", "own-markers")
            elif number and number.group(2) == ")":
                new.set("class", "paren")  # ("1)": as publish's own pages mark it)
            open_lists.append((new, kind))
        item = etree.SubElement(open_lists[depth][0], "li")
        if kind == "own":
            etree.SubElement(item, "span", {"class": "label"}).text = label
            item[-1].tail = paragraph.text
        else:
            item.text = paragraph.text
        item.extend(list(paragraph))
        if (paragraph.tail or "").strip():  # (words between two items: kept, at the item's end)
            if len(item):
                item[-1].tail = (item[-1].tail or "") + (paragraph.tail or "")
            else:
                item.text = (item.text or "") + (paragraph.tail or "")
    _unwrap(holder)


def _last_item(list_element: etree._Element) -> etree._Element:
    return list_element[-1] if len(list_element) else etree.SubElement(list_element, "li")


def _unwrap(holder: etree._Element) -> None:
    """`holder`'s children put in its place (its tail after them)."""
    parent = holder.getparent()
    if parent is None:
        return
    children, tail = list(holder), holder.tail
    position = parent.index(holder)
    for offset, child in enumerate(children):
        parent.insert(position + offset, child)
    if tail and children:
        children[-1].tail = (children[-1].tail or "") + tail
    parent.remove(holder)


_DOCS_LEVEL = re.compile(r"(?:^|\s)lst-kix_[\w-]*?-(\d)(?:\s|$)")


def _docs_lists(page: etree._Element) -> None:
    for parent in dict.fromkeys(
        element.getparent() for element in page.iter("ol", "ul") if _DOCS_LEVEL.search(element.get("class") or "")
    ):
        if parent is not None:
            _docs_nested(parent)


def _docs_nested(parent: etree._Element) -> None:
    """Google Docs' sibling lists under `parent` nested by their levels: a deeper one moved
    into the last item of the list before it; one going on where its level's list stopped
    (its `start` one past that list's last number) joined to it."""
    open_lists: list[tuple[int, etree._Element, int]] = []  # level, list, the number after its last item
    for child in list(parent):
        found = _DOCS_LEVEL.search(child.get("class") or "") if child.tag in ("ol", "ul") else None
        if found is None:
            if isinstance(child.tag, str) and ("".join(child.itertext()).strip() or len(child)):
                open_lists = []  # (a paragraph between: the lists before it are done)
            continue
        level = int(found.group(1))
        items = sum(1 for item in child if item.tag == "li")
        while open_lists and open_lists[-1][0] > level:
            open_lists.pop()
        if open_lists and open_lists[-1][0] == level:
            _, before, after = open_lists.pop()
            if before.tag == child.tag and (child.tag == "ul" or _start(child) == after):  # (going on)
                _keep_tail(child)
                before.extend(list(child))
                parent.remove(child)
                open_lists.append((level, before, after + items))
                continue
        last = next((item for item in reversed(open_lists[-1][1]) if item.tag == "li"), None) if open_lists else None
        if last is not None:
            _keep_tail(child)
            last.append(child)
        open_lists.append((level, child, _start(child) + items))


def _start(element: etree._Element) -> int:
    value = (element.get("start") or "1").strip()
    return int(value) if value.isdigit() and len(value) < 7 else 1


def _keep_tail(element: etree._Element) -> None:
    """`element`'s tail left where it stands (after the sibling before it, or opening its
    parent), before it is moved or removed: the words after it stay."""
    tail, element.tail = element.tail, None
    previous, parent = element.getprevious(), element.getparent()
    if not tail:
        return
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    elif parent is not None:
        parent.text = (parent.text or "") + tail
