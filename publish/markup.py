"""What every reader and writer that walks markup asks of it: XML parsed safely, an element's
name without its namespace, a length as CSS and OpenDocument write it."""

from __future__ import annotations

import re

from lxml import etree

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|px)\s*$")
_POINTS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pc": 12.0, "px": 0.75}


def untrusted_xml(data: bytes) -> etree._Element:
    """XML from a source parsed with no DTD, entities, network or huge trees (a hostile file
    cannot reach other files or expand without end), and no table of ids: a duplicate or
    malformed `xml:id` is a slip LibreOffice and Pandoc read past, not a reason to refuse the
    text. Raises etree.XMLSyntaxError."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, collect_ids=False
    )
    return etree.fromstring(data, parser)


def local_name(element: etree._Element) -> str:
    """An element's name without its namespace ("" for a comment or a processing instruction)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def points(length: str) -> float | None:
    """A length (`3mm`, `0.889in`, `2.26 cm`) in points, or None when it is not one."""
    found = _LENGTH.match(length)
    return float(found.group(1)) * _POINTS[found.group(2)] if found else None
