"""Typography for an HTML fragment (`publish typo --html`): text changes, markup does not.

The fragment is read as a sequence of tokens — tags, comments, declarations, and the text
between them — and written back token by token: markup byte for byte, and a stretch of text
byte for byte unless a rule changed it. No parser rebuilds the document, so attribute
quoting, entities in attributes, unclosed tags and the author's spacing all survive. Text is
decoded (`&quot;…&quot;` are quotes to the rules) and a changed stretch re-encoded only where
HTML needs it. The contents of code, pre, kbd, samp, script, style and textarea, and every
comment, are opaque. All the text is set together, so quotes pair up across tags.
"""

from __future__ import annotations

import html
import re

from publish.textruns import OPAQUE
from publish.typography import typograph_runs

_OPAQUE_TAGS = frozenset({"code", "pre", "script", "style", "kbd", "samp", "textarea", "math", "svg"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (an unclosed one runs to the end, as browsers read it)
    r"|<![^>]*>?|<\?[^>]*>?"  # a declaration, CDATA, a processing instruction
    r"|</?([A-Za-z][A-Za-z0-9:-]*)(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",  # a tag, quoted attributes and all
    re.S,
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})  # no markup inside: text up to the end tag
_REFERENCE = re.compile(r"&(?=#?\w+;?)")


def typograph_html(fragment: str, language: str) -> str:
    """`fragment` with typography applied to its text; every other byte as it was."""
    pieces: list[str] = []  # markup and text, in order
    texts: list[int | None] = []  # for each run: its index in `pieces`, or None for an opaque element
    hidden: list[str] = []  # the opaque elements open around the current place
    position = 0
    while match := _TOKEN.search(fragment, position):
        if match.start() > position:
            _add_text(fragment[position : match.start()], pieces, texts, hidden)
        pieces.append(match.group())
        name = (match.group(1) or "").lower()
        position = match.end()
        if name in _RAW_TEXT and not match.group().startswith("</"):
            end = re.compile(rf"</{name}(?=[\s/>])", re.I).search(fragment, position)
            raw_end = end.start() if end else len(fragment)
            pieces.append(fragment[position:raw_end])  # script, style: never text to the rules
            texts.append(None)
            position = raw_end
        elif name:
            _track_opaque(name, match.group(), hidden, texts)
    if position < len(fragment):
        _add_text(fragment[position:], pieces, texts, hidden)

    runs = [OPAQUE if index is None else html.unescape(pieces[index]) for index in texts]
    for index, before, after in zip(texts, runs, typograph_runs(runs, language), strict=True):
        if index is not None and after != before:
            pieces[index] = _encoded(after)
    return "".join(pieces)


def _add_text(raw: str, pieces: list[str], texts: list[int | None], hidden: list[str]) -> None:
    if not hidden:
        texts.append(len(pieces))
    pieces.append(raw)


def _track_opaque(name: str, tag: str, hidden: list[str], texts: list[int | None]) -> None:
    """Open or close an opaque element as `tag` says (a tag inside one is opaque too); the
    rules see an opaque element as one unreadable run, as they see inline code in a document."""
    closing = tag.startswith("</")
    if closing and name in hidden:
        del hidden[len(hidden) - 1 - hidden[::-1].index(name) :]
    elif not closing and name in _OPAQUE_TAGS and name not in _VOID_TAGS and not tag.endswith("/>"):
        if not hidden:
            texts.append(None)
        hidden.append(name)


def _encoded(text: str) -> str:
    """Text as HTML: what would read as markup or a character reference escaped, nothing more."""
    text = _REFERENCE.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")
