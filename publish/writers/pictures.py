"""The pictures an edition carries, whatever its format: the cover and the images of the text.

Shared by the EPUB and the FB2 writers. Every file is read through the resource gate; an
image is named by its content, never by the path the source wrote (which may hold `../` or
the author's folders), so the same picture under three names is one file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from publish.model import Document, Image, all_images
from publish.resources import ResourceGate, media_type, suffix_for
from publish.themes import Theme
from publish.writers.cover import CoverStyle, make_cover


@dataclass(frozen=True)
class Picture:
    name: str  # a file name: its content's hash, or "cover", and the suffix of its type
    data: bytes
    media_type: str


def book_cover(document: Document, theme: Theme, gate: ResourceGate) -> Picture:
    """The source's own cover image if it names one, else one drawn from the metadata."""
    meta = document.metadata
    if meta.cover:
        path = ((document.base_dir or Path.cwd()) / meta.cover).resolve()
        data, kind = gate.read(path.as_uri(), document.source)
        return Picture("cover" + path.suffix.lower(), data, kind)
    cover = make_cover(meta, theme.fonts, CoverStyle(**theme.cover), heading_family(theme))
    return Picture("cover.png", cover, "image/png")


def heading_family(theme: Theme) -> str:
    """The family the theme sets headings in (its manifest's font roles), for the cover."""
    return theme.font_roles.get("headings") or theme.font_roles.get("text", "")


def text_pictures(document: Document, gate: ResourceGate) -> dict[str, Picture]:
    """Each image the source names (its `src`) → the picture, named by its content."""
    pictures = {}
    for image in images(document):
        data, kind = picture_data(image, document, gate)
        pictures[image.src] = Picture(f"{hashlib.sha256(data).hexdigest()[:16]}{suffix_for(kind)}", data, kind)
    return pictures


def picture_data(image: Image, document: Document, gate: ResourceGate) -> tuple[bytes, str]:
    """The bytes of `image` and their media type: carried in the source, or read beside it."""
    if image.data:
        return image.data, media_type(Path(image.src))
    return gate.read(((document.base_dir or Path.cwd()) / image.src).resolve().as_uri(), document.source)


def images(document: Document) -> list[Image]:
    """Each image the text or its notes show, once."""
    blocks = [*document.blocks, *(block for note in document.notes for block in note.blocks)]
    found = {image.src: image for image in all_images(blocks)}
    return list(found.values())
