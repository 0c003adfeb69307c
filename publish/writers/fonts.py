"""Font subsetting: an edition carries only the glyphs its text uses.

A full PT Serif face is ~350 KB; subset to one article's characters, without hinting and with
the default OpenType features (kerning, ligatures), it is ~12 KB.
The result is cached per (font, characters), in memory and on disk (`publish.cache`): the
same faces serve every edition and every rebuild.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from publish.cache import cached_bytes

# Always kept: what CSS may generate (page numbers, list markers, the section ornament,
# the hyphen drawn at a line end) even where the text itself lacks them.
ALWAYS = frozenset(" 0123456789*-.,:;()[]«»„“”—–…\u00a0")


def used_characters(*texts: str) -> frozenset[str]:
    return frozenset("".join(texts)) | ALWAYS


def subset_font(path: Path, characters: frozenset[str], flavor: str | None = None) -> bytes:
    """The font with only the glyphs for `characters`; `flavor` "woff2" compresses it for the web."""
    return _subset(path, "".join(sorted(characters)), flavor)


@lru_cache(maxsize=64)
def _subset(path: Path, characters: str, flavor: str | None) -> bytes:
    font = path.read_bytes()
    return cached_bytes("fonts", [font, characters, flavor or "ttf"], lambda: _make_subset(path, characters, flavor))


def _make_subset(path: Path, characters: str, flavor: str | None) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.hinting = False  # e-readers render outlines without TrueType hinting; it halves the size
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 14]  # names, copyright, the licence URL (its text is beside)
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    font.flavor = flavor
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
