"""Fonts as editions carry them: completed with the spaces typography writes, and subset.

Typography writes a narrow no-break space between digit groups (U+202F), and may write a thin
space (U+2009) or the Unicode hyphen (U+2010); many good fonts, PT Serif and PT Sans among
them, lack these, and a renderer would then draw them from some other font on the system.
`complete_font` gives a font the ones it lacks (an empty glyph a sixth of an em wide; the
hyphen's own glyph), so every character comes from the theme's fonts.

A full PT Serif face is ~350 KB; subset to one article's characters, without hinting and with
the default OpenType features (kerning, ligatures), it is ~12 KB.
The results are cached (`publish.cache`): the same faces serve every edition and every rebuild.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from struct import error as struct_error

from publish.cache import cached_bytes

# Always kept: what CSS may generate (page numbers, list markers, the section ornament,
# the hyphen drawn at a line end) even where the text itself lacks them.
ALWAYS = frozenset(" 0123456789*-.,:;()[]«»„“”—–…\u00a0")


def used_characters(*texts: str) -> frozenset[str]:
    return frozenset("".join(texts)) | ALWAYS


def subset_font(path: Path, characters: frozenset[str], flavor: str | None = None) -> bytes:
    """The font with only the glyphs for `characters`; `flavor` "woff2" compresses it for the web."""
    return _subset(path, "".join(sorted(characters)), flavor)


# What the party's texts are written in: Latin, Cyrillic (Ukrainian and Belarusian letters too),
# and the punctuation and signs typography writes. Each theme face is cut down to these once, in
# a cache every article of the theme shares; an edition's subset is then cut from that cut.
REPERTOIRE = (
    "".join(chr(code) for code in (*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x400, 0x460), 0x490, 0x491))
    + "«»„“”‘’‚—–‐‑…№§©®™±×²³½¼¾°€₽\u00a0\u202f\u2009"
)
_IN_REPERTOIRE = frozenset(REPERTOIRE)


@lru_cache(maxsize=64)
def _subset(path: Path, characters: str, flavor: str | None) -> bytes:
    font = path.read_bytes()
    key: list[bytes | str] = [font, characters, flavor or "ttf", _COMPLETION]
    return cached_bytes("fonts", key, lambda: _make_subset(_source(font, characters), characters, flavor))


def _source(font: bytes, characters: str) -> bytes:
    """The face's cut to the repertoire (shared by all articles) when it holds every character
    asked for; else the whole face."""
    if not _IN_REPERTOIRE.issuperset(characters):
        return font
    return cached_bytes("font-repertoires", [font, REPERTOIRE, _COMPLETION], lambda: _make_subset(font, REPERTOIRE))


def _make_subset(data: bytes, characters: str, flavor: str | None = None) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.hinting = False  # e-readers render outlines without TrueType hinting; it halves the size
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = subset.load_font(io.BytesIO(data), options)
    _add_missing(font)
    names = font.get("name")
    if names is not None:  # fontTools prunes it by visiting every table, most of a subset's time
        del font["name"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    if names is not None:
        names.names = [record for record in names.names if _kept_name(record)]
        font["name"] = names
    font.flavor = flavor
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


# Names kept: copyright, family and style, unique and full name, version, PostScript name, the
# licence URL (its text is beside the font), and any font-specific name (256 and up) that
# another table may point at; in Unicode, in English, as fontTools keeps them by default.
_NAME_IDS = frozenset({0, 1, 2, 3, 4, 5, 6, 14, 16, 17})


def _kept_name(record) -> bool:
    return (record.nameID in _NAME_IDS or record.nameID >= 256) and record.isUnicode() and record.langID == 0x409


THIN_SPACES = ("\u2009", "\u202f")  # thin space, narrow no-break space: a sixth of an em
HYPHENS = ("\u2010", "\u2011")  # hyphen, non-breaking hyphen: drawn as the hyphen-minus
_COMPLETION = (
    "thin spaces a glyph each, hyphens as the hyphen-minus; names pruned by us"  # part of the cache key: what is added
)


def complete_font(font: bytes) -> bytes:
    """`font` (TrueType or OpenType) with the thin spaces and hyphens it lacks; as it was
    when it has them all, or is not a font fontTools reads (the renderer then says so).

    Kept in memory too, for the next edition this process builds: a PDF's eight faces were
    7 ms of the sample's 230 ms, hashing and sealing 3 MB for the disk cache each time."""
    completed = _COMPLETED.pop(font, None)
    if completed is None:
        completed = cached_bytes("complete-fonts", [font, _COMPLETION], lambda: _completed(font))
    _COMPLETED[font] = completed  # the most recent last
    while sum(len(key) + len(value) for key, value in _COMPLETED.items()) > _COMPLETED_BYTES and len(_COMPLETED) > 1:
        del _COMPLETED[next(iter(_COMPLETED))]
    return completed


_COMPLETED: dict[bytes, bytes] = {}  # font as read → completed, the least recently used first
_COMPLETED_BYTES = 64 * 1024 * 1024  # about twenty faces of a Latin and Cyrillic family, a few of CJK


def _completed(data: bytes) -> bytes:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        if not _add_missing(font):
            return data
        buffer = io.BytesIO()
        font.save(buffer)
    except (TTLibError, KeyError, AssertionError, struct_error):
        return data
    return buffer.getvalue()


def _add_missing(font) -> bool:
    """Map the thin spaces and hyphens `font` lacks; whether it lacked any."""
    cmap = font.getBestCmap() or {}
    missing = [char for char in (*THIN_SPACES, *HYPHENS) if ord(char) not in cmap]
    if not missing or ord("-") not in cmap or ord(" ") not in cmap:
        return False
    glyphs = {}  # a glyph each, so that text extracts as it was written
    for char in missing:
        if char in THIN_SPACES:
            name = f"uni{ord(char):04X}.publish"
            glyphs[char] = _empty_glyph(font, name, font["head"].unitsPerEm // 6) or cmap[ord(" ")]
        else:
            glyphs[char] = cmap[ord("-")]
    for table in font["cmap"].tables:
        if table.isUnicode():
            for char, glyph in glyphs.items():
                table.cmap[ord(char)] = glyph
    return True


def _empty_glyph(font, name: str, width: int) -> str | None:
    """A new glyph that draws nothing, `width` units wide; None where the outlines are not
    TrueType's (a CFF font then gets the word space's glyph instead)."""
    if "glyf" not in font:
        return None
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    order = font.getGlyphOrder()
    if name not in order:
        font.setGlyphOrder([*order, name])
        font["glyf"].glyphOrder = font.getGlyphOrder()
        font["glyf"][name] = Glyph()
        font["hmtx"][name] = (width, 0)
        if "vmtx" in font:
            font["vmtx"][name] = (font["head"].unitsPerEm, 0)
    return name
