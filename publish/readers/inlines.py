"""Inline marks every reader reads alike."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import replace
from pathlib import Path

from publish.model import (
    Code,
    Formula,
    Image,
    Inline,
    InlineImage,
    LineBreak,
    NoteRef,
    Shifted,
    Text,
    merge_text,
    walk_inlines,
)

_SUPERSCRIPT = str.maketrans("123", "¹²³")  # Latin-1's: in every text font (PT's lack ⁰⁴…⁹ and most of ₀…₉)


def shifted(inlines: tuple[Inline, ...], position: str) -> tuple[Inline, ...]:
    """`inlines` set above or below the line (`position` "super", "sub"; "" for neither):
    a raised 1, 2 or 3 alone (м², км³) as the character every font has for it, a note's call
    as it is (every edition raises it), the rest as `Shifted`."""
    if not position or not inlines or all(isinstance(inline, NoteRef | LineBreak) for inline in inlines):
        return inlines
    if position == "super" and all(isinstance(inline, Text) for inline in inlines):
        text = "".join(inline.text for inline in inlines if isinstance(inline, Text))
        if text and all(char in "123" for char in text):
            return (Text(text.translate(_SUPERSCRIPT)),)
    return (Shifted(position, inlines),)


_FILE_NAME = re.compile(r"[\w.-]{6,}")
_FILE_NAME_MARK = re.compile(r"[_-]\w+[_-]|\.(?:jpe?g|png|gif|webp|svg|wmf|emf|tiff?|bmp|pict)$", re.I)


def stand_in(alt: str, decorative: bool = False) -> str:
    """The words that stand in for a picture not shown (remote, missing, in a format no
    edition carries): its alt text, unless the picture is decorative or the alt text is a
    file's name (`IMG_2041.jpg`, `fy25-report-blog-image`: CMSs and Word fill it so)."""
    alt = alt.strip()
    if decorative or (_FILE_NAME.fullmatch(alt) and _FILE_NAME_MARK.search(alt)):
        return ""
    return alt


def set_apart(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A formula alone in its paragraph is set apart, as the document shows it."""
    if len(inlines) == 1 and isinstance(inlines[0], Formula):
        return (replace(inlines[0], display=True),)
    return inlines


def pictures_apart(inlines: tuple[Inline, ...]) -> tuple[tuple[Image, ...], tuple[Inline, ...], tuple[Image, ...]]:
    """The pictures that stand on lines of their own before `inlines`' words, the inlines
    without them, and those on lines of their own after the words: a picture with nothing
    else on its line (the way Word and web pages hold a figure, "picture, line break,
    caption" among them) is a block of its own; one among words stays where it stands."""
    lines: list[list[Inline]] = [[]]
    for inline in inlines:
        if isinstance(inline, LineBreak):
            lines.append([])
        else:
            lines[-1].append(inline)
    kept: list[list[Inline]] = []
    before: list[Image] = []
    after: list[Image] = []
    for line in lines:
        inner = list(walk_inlines(line))
        images = [inline.image for inline in inner if isinstance(inline, InlineImage)]
        if images and not any(_is_content(inline) for inline in inner):
            (after if any(kept_line for kept_line in kept) else before).extend(images)
        else:
            kept.append(line)
    if not before and not after:
        return (), inlines, ()
    joined: list[Inline] = []
    for line in kept:
        if joined or line:
            joined += [LineBreak(), *line] if joined else line
    return tuple(before), _stripped(merge_text(joined)), tuple(after)


def _is_content(inline: Inline) -> bool:
    """Whether `inline` is something to read beside a picture: words, code, a formula, a call."""
    if isinstance(inline, Text):
        return bool(inline.text.strip())
    return isinstance(inline, Code | Formula | NoteRef)


def _stripped(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """`inlines` without the spaces and line breaks a picture taken out left at either end."""
    items = list(inlines)
    while items and (isinstance(items[0], LineBreak) or isinstance(items[0], Text) and not items[0].text.strip()):
        items.pop(0)
    while items and (isinstance(items[-1], LineBreak) or isinstance(items[-1], Text) and not items[-1].text.strip()):
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(items)


def drawn_height(image: Image, folder: Path | None) -> float:
    """How tall `image` is drawn, in ems of 16-pixel text, when its source does not say: its
    own height in pixels (an icon of 16 is one line, a photograph of 400 is as tall as the
    editions let a picture among words be); 0 when that cannot be read (SVG)."""
    if image.data:
        pixels = _pixel_height(image.data)
    elif folder is not None:
        try:
            stat = (folder / image.src).stat()
        except OSError:
            return 0.0
        pixels = _file_pixel_height(folder / image.src, (stat.st_mtime_ns, stat.st_size))
    else:
        pixels = 0
    return round(pixels / 16, 2)


@functools.lru_cache(maxsize=256)
def _file_pixel_height(path: Path, _stamp: tuple[int, int]) -> int:
    """A picture file's height in pixels, read once however often a text shows it (and again
    once it changes: the live preview reads texts for hours)."""
    try:
        return _pixel_height(path.read_bytes())
    except OSError:
        return 0


def _pixel_height(data: bytes) -> int:
    from PIL import Image as Picture

    try:
        with Picture.open(io.BytesIO(data), formats=("PNG", "JPEG", "GIF", "WEBP")) as picture:
            return int(picture.size[1])
    except (OSError, ValueError, SyntaxError):  # (not a picture Pillow reads: SVG)
        return 0
