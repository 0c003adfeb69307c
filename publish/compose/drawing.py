"""How composed lines are drawn: glyphs scaled, letters spaced and line-end hyphens marked as
the PDF's own operators, while WeasyPrint writes the PDF.

Layout (setter.py) gives each composed line's text boxes the scale its glyphs are drawn at and
its letter spacing; these hooks, active only while `Document.write_pdf` runs, draw them:

- `scaled_lines`: a line's glyphs scaled horizontally (pdfTeX's font expansion) by its text
  matrices, or, where the line draws more than text, by a transformation of the whole line;
- `letters_spaced_in_the_pdf`: letter spacing as the PDF's character spacing (`Tc`);
- `hyphens_as_nothing`: the hyphen a line breaks with extracts as nothing (ActualText);
- `exact_glyph_positions`: glyph offsets rounded, not truncated.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from publish.compose import seam
from publish.compose.seam import Box, Stream, boxes
from publish.compose.setter import first_text


def scale_of(line: boxes.LineBox) -> float:
    """The horizontal scale a composed line is drawn at (1 for any other line): each of its
    text boxes carries it."""
    return getattr(first_text(line), "publish_scale", 1.0)


# Pictographs and symbols, which a colour font may draw as pictures placed apart from the text
SYMBOLS = re.compile("[\u2190-\u2bff\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff]")


def _drawn_as_text(line: boxes.LineBox) -> bool:
    """Whether all `line` draws is text (no decoration, background, border, picture or
    pictograph): then its horizontal scale can be the text's own (see scaled_lines)."""
    for box in line.descendants():
        if isinstance(box, boxes.TextBox):
            if box.style["text_decoration_line"] != "none" or SYMBOLS.search(box.text):
                return False
        elif isinstance(box, boxes.InlineBox):
            if box.background is not None or box.border_left_width or box.border_right_width:
                return False
            if box.border_top_width or box.border_bottom_width or box.style["outline_width"]:
                return False
        elif box is not line:
            return False
    return True


def scaled_lines() -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint draws: each composed line is drawn scaled horizontally by its glyph
    scaling (see spacing.py), from where its text starts, as pdfTeX's font expansion widens
    glyphs, and the text extracts unchanged. A line of text alone is drawn with each of its
    text boxes' text matrices scaled, and placed where the scale puts them; any other line
    (an underlined link, a picture, a background) is drawn transformed whole, so that its
    decorations scale with it. The two draw the same: the first costs nothing, where the
    transformation's saved and restored graphics state made WeasyPrint set the colour, the
    font and the opacity again on every line (a sixth of a long book's drawing)."""
    original_line = seam.DRAW_LINE.now()
    original_first_line = seam.DRAW_FIRST_LINE.now()
    scaling: list[tuple[float, float]] = []  # (scale, origin) of the line of text being drawn

    def draw_inline_level(stream: Stream, page: Box, box: Box, *rest: Any, **keywords: Any) -> Any:
        scale = (
            scale_of(box) * getattr(box, "publish_fit", 1.0) if isinstance(box, boxes.LineBox) and box.children else 1.0
        )
        if scale == 1.0:
            return original_line(stream, page, box, *rest, **keywords)
        origin = box.children[0].position_x
        if not _drawn_as_text(box):
            with stream.stacked():
                stream.transform(a=scale, e=origin * (1 - scale))
                return original_line(stream, page, box, *rest, **keywords)
        scaling.append((scale, origin))
        try:
            return original_line(stream, page, box, *rest, **keywords)
        finally:
            scaling.pop()

    def draw_first_line(stream: Stream, textbox: Box, text_overflow: str, block_ellipsis: str, matrix: Any) -> Any:
        if scaling:
            scale, origin = scaling[-1]
            a, b, c, d, e, f = matrix.values
            matrix = seam.Matrix(a * scale, b, c, d, origin + (e - origin) * scale, f)
        return original_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)

    return seam.replaced({seam.DRAW_LINE: draw_inline_level, seam.DRAW_FIRST_LINE: draw_first_line})


def hyphens_as_nothing() -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint draws: the hyphen a line was broken with (a box of its own) is drawn
    inside a marked span whose ActualText is empty, so that a reader copying or searching the
    text (poppler, Acrobat) gets the word whole, as the source has it."""
    original = seam.DRAW_TEXT.now()

    def draw_text(stream: Stream, textbox: Box, *rest: Any) -> Any:
        if not getattr(textbox, "publish_hyphen", False):
            return original(stream, textbox, *rest)
        with seam.marked_span(stream, ""):
            return original(stream, textbox, *rest)

    return seam.replaced({seam.DRAW_TEXT: draw_text})


def letters_spaced_in_the_pdf() -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint draws: a letter-spaced line's letter spacing is the PDF's character
    spacing (`Tc`), its glyphs drawn as the font spaces them. Pango gave every glyph the
    spacing (half before, half after), which WeasyPrint wrote as an offset or two beside each
    glyph, in whole thousandths of an em: the rounding drifted a line's end up to 0.27 pt off
    the measure (0.11 pt now, the shaper's own), and the offsets were a third of the long
    book's drawing time and a fifth of its size."""
    original = seam.DRAW_TEXT.now()

    def draw_text(stream: Stream, textbox: Box, *rest: Any) -> Any:
        style = textbox.style
        spacing = style["letter_spacing"] if getattr(style, "publish_letter_spaced", False) else 0.0
        if not spacing:
            return original(stream, textbox, *rest)
        unspaced = style.copy()
        unspaced["letter_spacing"] = 0.0
        textbox.style = unspaced
        seam.character_spacing(stream, spacing)
        try:
            return original(stream, textbox, *rest)
        finally:
            textbox.style = style
            seam.character_spacing(stream, 0.0)

    return seam.replaced({seam.DRAW_TEXT: draw_text})


def exact_glyph_positions() -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint draws: glyph position adjustments rounded, not truncated.

    WeasyPrint writes each glyph's offset from its natural advance as `int(kerning)` in
    thousandths of an em; truncation toward zero loses up to one unit a glyph, always the
    same way, so a letter-spaced line drifts by as much as a point over its length (short when
    spaced out, long when tightened). Rounding leaves a drift of a few hundredths."""
    return seam.replaced({seam.GLYPH_OFFSET_ROUNDING: round})
