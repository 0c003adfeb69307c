"""Typography for an HTML fragment (`publish typo --html`): text changes, markup does not.

Every text node is a run; the contents of code, pre, script, style, kbd and samp are
opaque. Runs are set together, so quotes pair up across tags as they do in documents.
"""

from __future__ import annotations

from lxml import etree, html

from publish.textruns import OPAQUE
from publish.typography import typograph_runs

_OPAQUE_TAGS = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}


def typograph_html(fragment: str, language: str) -> str:
    root = html.fragment_fromstring(fragment, create_parent="div")
    slots: list[tuple[etree._Element, str]] = []  # (element, "text" or "tail")
    runs: list[str] = []

    def walk(element: etree._Element, hidden: bool) -> None:
        hidden = hidden or (isinstance(element.tag, str) and element.tag.lower() in _OPAQUE_TAGS)
        if element.text:
            slots.append((element, "text"))
            runs.append(OPAQUE if hidden else element.text)
        for child in element:
            walk(child, hidden)
            if child.tail:
                slots.append((child, "tail"))
                runs.append(OPAQUE if hidden else child.tail)

    walk(root, hidden=False)
    for (element, attribute), text in zip(slots, typograph_runs(runs, language), strict=True):
        if text != OPAQUE:
            setattr(element, attribute, text)
    inner = (root.text or "") + "".join(html.tostring(child, encoding="unicode") for child in root)
    return inner
