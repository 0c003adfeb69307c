"""The standalone HTML edition: one file that carries everything it shows.

Its stylesheet is inlined, its fonts (subset, WOFF2) and images are data: URLs, so the page
can be mailed, put on any web server or opened from a USB stick and look the same.
"""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

from lxml import html

from publish.model import Document
from publish.render.html import render_html
from publish.resources import RefusedResource, ResourceGate, media_type
from publish.themes import Theme, edition_css
from publish.writers import Edition
from publish.writers.atomic import write_atomically
from publish.writers.faces import faces_used
from publish.writers.fonts import subset_font, used_characters
from publish.writers.pictures import images, picture_data


def write_edition(edition: Edition) -> list[Path]:
    """The web page; its canonical address where the site's (`url`) is known."""
    site = edition.options.site_url
    canonical = f"{site.rstrip('/')}/{edition.target.name}" if site else None
    write_html(edition.on_screen, edition.theme, edition.target, edition.gate, canonical)
    return [edition.target]


def write_html(
    document: Document, theme: Theme, target: Path, gate: ResourceGate, canonical: str | None = None
) -> None:
    write_atomically(target, build_html(document, theme, gate, canonical).encode("utf-8"))


def build_html(document: Document, theme: Theme, gate: ResourceGate, canonical: str | None = None) -> str:
    """The page; `canonical`, when the site's address is known, is where it will stand."""
    by_src = {image.src: image for image in images(document)}

    def image_url(src: str) -> str:
        try:
            data, kind = picture_data(by_src[src], document, gate)
        except RefusedResource:
            return src
        return _data_url(kind, data)

    page = html.document_fromstring(render_html(document, web=True))
    used = faces_used([page], edition_css(theme, "html", None, gate.stylesheet_policy(str)), theme.fonts)

    def font_url(face) -> str:
        return _data_url("font/woff2", subset_font(face.path, used_characters(used[face]), flavor="woff2"))

    policy = gate.stylesheet_policy(lambda path: _data_url(media_type(path), path.read_bytes()))
    css = edition_css(dataclasses.replace(theme, fonts=tuple(used)), "html", font_url, policy)
    return render_html(document, inline_css=css, image_url=image_url, web=True, canonical=canonical)


def _data_url(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
