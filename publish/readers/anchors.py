"""A source's links to its own headings, made the editions' own.

Every edition numbers the running text's headings itself (`#section-3`, publish.render.ids);
a source names them otherwise: Markdown by Pandoc's identifiers (`{#demands}` after a heading,
or the one Pandoc makes of its words, "Our demands" → `#our-demands`; GitHub's way too). A
reader records the names (`Document.heading_names`); the build points each link to one at its
heading's number — a collection's text at its number in the book. A link to no heading stays
as written (the renderer then says so and sets it as text); `#section-N` is the book's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import unquote

from publish.model import Document, Heading, Inline, Link, plain_text, running_text
from publish.textruns import map_inlines

_NOT_IN_IDENTIFIER = re.compile(r"[^\w\s.-]")


def pandoc_identifier(text: str) -> str:
    """The identifier Pandoc gives a heading of `text`: its words in lower case, joined by
    hyphens, without punctuation but `_ - .`, from its first letter on ("section" if none)."""
    words = _NOT_IN_IDENTIFIER.sub("", unicodedata.normalize("NFC", text)).lower()
    joined = re.sub(r"\s+", "-", words.strip())
    first = next((index for index, char in enumerate(joined) if char.isalpha()), None)
    return joined[first:] if first is not None else "section"


def github_identifier(text: str) -> str:
    """The identifier GitHub (and Pandoc's gfm) gives it: lower case, punctuation but `_ -`
    dropped, each space a hyphen, digits kept in front."""
    kept = re.sub(r"[^\w\s-]", "", unicodedata.normalize("NFC", text).lower())
    return kept.strip().replace(" ", "-")


def named_headings(document: Document, names_of: Callable[[Heading], Iterable[str]]) -> dict[str, int]:
    """Each name the source gives a running heading (`names_of` it, in order) → its number
    among them, from 1; a name given twice is the first heading's."""
    names: dict[str, int] = {}
    headings = [block for block in running_text(document.blocks) if isinstance(block, Heading)]
    for number, heading in enumerate(headings, start=1):
        for name in names_of(heading):
            names.setdefault(name, number)
    return names


def pandoc_names(explicit: dict[int, str]) -> Callable[[Heading], list[str]]:
    """The names Markdown gives each heading, asked in order: its explicit identifier (by the
    heading's line, `explicit`), then Pandoc's and GitHub's made of its words (a repeated one
    numbered on, as Pandoc does: `notes`, `notes-1`); never the editions' own `section-N`."""
    made: dict[str, int] = {}

    def names_of(heading: Heading) -> list[str]:
        names = [explicit.get(heading.at.line, "")]
        words = plain_text(heading.children)
        for name in dict.fromkeys((pandoc_identifier(words), github_identifier(words))):
            if name:
                count = made.get(name, 0)
                made[name] = count + 1
                names.append(name if count == 0 else f"{name}-{count}")
        return [name for name in names if name and not _SECTION.fullmatch(name)]

    return names_of


_SECTION = re.compile(r"section-\d+")  # the editions' own ids, which a source may link to as they are


def linked_to_headings(document: Document, offset: int = 0) -> Document:
    """`document` with each link to one of its heading names pointed at that heading's id in
    the editions (`#section-N`), its headings numbered from `offset` + 1 (a collection's
    text: after the headings of the book before it)."""
    names = document.heading_names
    if not names:
        return document

    def retarget(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(
            replace(inline, href=f"#section-{names[name] + offset}")
            if isinstance(inline, Link) and inline.href.startswith("#") and (name := unquote(inline.href[1:])) in names
            else inline
            for inline in inlines
        )

    return map_inlines(document, retarget)


def with_heading_names(document: Document, names_of: Callable[[Heading], Iterable[str]]) -> Document:
    """`document` with the names each running heading has in its source (`names_of`: a web
    page's ids, a Word file's bookmarks) recorded, and every link within it to no heading set
    as text: it leads to nothing the book has (the page's top, a comment, a bookmark in a
    paragraph), and is no mistake of the author's to be told of."""
    names = named_headings(document, names_of)

    def unlinked(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        kept: list[Inline] = []
        for inline in inlines:
            if isinstance(inline, Link) and inline.href.startswith("#") and unquote(inline.href[1:]) not in names:
                kept.extend(inline.children)
            else:
                kept.append(inline)
        return tuple(kept)

    return replace(map_inlines(document, unlinked), heading_names=names)
