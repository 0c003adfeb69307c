"""What every reader and writer that walks XML asks of an element: its name without the namespace."""

from __future__ import annotations

from lxml import etree


def local_name(element: etree._Element) -> str:
    """An element's name without its namespace ("" for a comment or a processing instruction)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
