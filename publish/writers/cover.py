"""A cover image made from the metadata, in the theme's fonts and colours.

E-reader libraries show the cover as the book's thumbnail; a book without one is a grey
rectangle. The picture is 1600 × 2400 px (the 2:3 most stores ask for), drawn with Pillow in
the theme's heading face, and saved as a palette PNG: flat colours keep it small (~15 KB).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from publish.cache import cached_bytes
from publish.model import Metadata
from publish.render.strings import strings
from publish.themes import FontFace

WIDTH, HEIGHT = 1600, 2400
MARGIN = 150
_DRAWING = "2"  # part of the cache key: how the cover is drawn and saved


@dataclass(frozen=True)
class CoverStyle:
    background: str = "#f3ede2"
    text: str = "#1a1a1a"
    accent: str = "#7a1712"


def make_cover(meta: Metadata, fonts: tuple[FontFace, ...], style: CoverStyle, family: str = "") -> bytes:
    """The cover as PNG bytes, set in `family` (the theme's heading font); drawn once per
    (metadata, fonts, colours), then cached on disk."""
    key: list[bytes | str] = [
        _DRAWING,
        repr((meta.title, meta.subtitle, meta.publisher, meta.authors, meta.date, style, family))
        + (repr((meta.series, meta.series_number, meta.language)) if meta.series_number else ""),
    ]
    key += [face.path.read_bytes() for face in fonts]
    return cached_bytes("covers", key, lambda: _draw_cover(meta, fonts, style, family))


def _draw_cover(meta: Metadata, fonts: tuple[FontFace, ...], style: CoverStyle, family: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), style.background)
    draw = ImageDraw.Draw(image)
    bold = _face(fonts, 700, family)
    regular = _face(fonts, 400, family)
    width = WIDTH - 2 * MARGIN

    def font(face: FontFace, size: int):
        return ImageFont.truetype(str(face.path), size)

    top = MARGIN + 30
    if meta.publisher:
        publisher = font(regular, 46)
        for line in _wrap(meta.publisher.upper(), publisher, width):
            draw.text((MARGIN, top), line, font=publisher, fill=style.accent)
            top += 62
        top += 30
    draw.rectangle((MARGIN, top, MARGIN + 260, top + 12), fill=style.accent)
    top += 140

    size = 150
    while True:  # the largest size at which the title fits in at most seven lines
        title_font = font(bold, size)
        lines = _wrap(meta.title, title_font, width)
        if len(lines) <= 7 or size <= 60:
            break
        size -= 10
    for line in lines:
        draw.text((MARGIN, top), line, font=title_font, fill=style.text)
        top += int(size * 1.18)
    if meta.subtitle:
        top += 40
        subtitle = font(regular, 70)
        for line in _wrap(meta.subtitle, subtitle, width):
            draw.text((MARGIN, top), line, font=subtitle, fill=style.text)
            top += 88

    bottom = HEIGHT - MARGIN - 40
    footer = font(regular, 60)
    issue = ""  # a journal issue's number, as the journal prints it: «Пролетарий», № 5
    if meta.series_number:
        number = strings(meta.language).issue.format(number=meta.series_number)
        issue = f"{meta.series}, {number}" if meta.series and meta.series != meta.title else number
    for line in reversed([text for text in (", ".join(meta.authors), issue, meta.iso_date[:4]) if text]):
        draw.text((MARGIN, bottom - 60), line, font=footer, fill=style.text)
        bottom -= 84

    buffer = io.BytesIO()
    # fast octree quantizing and zlib's default effort: a twentieth of the time of median cut
    # with an optimized PNG, for a file of much the same size (flat colours compress well anyway)
    image.quantize(colors=48, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, format="PNG")
    return buffer.getvalue()


def _face(fonts: tuple[FontFace, ...], weight: int, family: str) -> FontFace:
    """`family`'s upright face of `weight`, or the nearest the theme has."""
    upright = [face for face in fonts if face.style == "normal"] or list(fonts)
    candidates = [face for face in upright if face.family == family] or upright
    return min(candidates, key=lambda face: abs(face.weight - weight))


def _wrap(text: str, font, width: int) -> list[str]:
    """Break `text` into lines no wider than `width` at ordinary spaces (no-break spaces hold)."""
    lines: list[str] = []
    for word in text.replace("\u00ad", "").split(" "):
        if lines and font.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
