"""Where a link may lead: one decision, made on the address as a browser will read it.

A browser drops the control characters and spaces around an address and the tabs and line
breaks inside it (the WHATWG URL standard), and the XML the editions are written in cannot
hold the other control characters, which the writer drops: so `\\x01javascript:…`, which no
check on the written-as-is value recognises, is a live `javascript:` link once written. The
model holds every link's address as it will be read (`address`), and every reader and writer
asks `harmful` of that.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_AROUND = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_INSIDE = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
HARMFUL_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})


def address(href: str) -> str:
    """`href` as a browser reads it: no controls or spaces around it, no controls inside."""
    return _INSIDE.sub("", _AROUND.sub("", href))


def scheme(href: str) -> str | None:
    """The scheme of `href` as read (`javascript`, `https`), lower case; None for a path."""
    found = _SCHEME.match(address(href))
    return found.group(1).lower() if found else None


def harmful(href: str) -> bool:
    """Whether a link to `href` would run code or read the reader's files, once read."""
    return scheme(href) in HARMFUL_SCHEMES


def prose_address(never: str = "", ending: str = "") -> str:
    """The pattern of a web or e-mail address written in prose (`https://…`, `www.…`,
    `name@host.org`), a web one without the punctuation that ends the sentence around it. White space, CJK punctuation and full-width
    forms end it (Japanese writes "青空文庫（http://www.aozora.gr.jp）で": the "）" is no part of
    it), as do the characters of `ending`; those of `never` (a regex class's contents) stand in
    none. One pattern for the renderer, which links such addresses, and the typography stage,
    which leaves them alone."""
    ends = rf"\s\u3000-\u303f\uff00-\uffef{ending}"
    web = (rf"{start}[^{ends}{never}]+?(?=[.,;:!?)»\"']*(?:[{ends}]|$))" for start in (r"(?:https?|ftp)://", r"www\."))
    return "|".join((*web, r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"))


_WEB_OR_MAIL = re.compile(r"^(?:https?://|mailto:)", re.I)


def web_or_mail(href: str) -> bool:
    """Whether `href` (as read) leads to a page on the web or a mailbox: a host after
    `http://`, someone after `mailto:` (a word processor's empty `http://` leads nowhere, and
    epubcheck refuses it)."""
    if not _WEB_OR_MAIL.match(href):
        return False
    try:
        parts = urlsplit(href)
        return bool(parts.path.strip()) if parts.scheme.lower() == "mailto" else bool(parts.hostname)
    except ValueError:  # ("http://[" : an address no browser can read)
        return False
