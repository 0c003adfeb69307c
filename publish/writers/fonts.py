"""Font subsetting: an edition carries only the glyphs its text uses.

A full PT Serif face is ~350 KB; subset to one article's characters it is a few dozen KB.
The result is cached per (font, characters), since the same faces serve every edition.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

# Always kept: what CSS may generate (page numbers, list markers, the section ornament,
# the hyphen drawn at a line end) even where the text itself lacks them.
ALWAYS = frozenset(" 0123456789*-.,:;()[]«»„“”—–…\u00a0")


def used_characters(*texts: str) -> frozenset[str]:
    return frozenset("".join(texts)) | ALWAYS


def subset_font(path: Path, characters: frozenset[str]) -> bytes:
    return _subset(path, "".join(sorted(characters)))


@lru_cache(maxsize=64)
def _subset(path: Path, characters: str) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
