"""A paragraph as WeasyPrint will set it, measured and turned into the breaker's items.

The widths come from WeasyPrint's own text layer: each text box is shaped once by Pango
(HarfBuzz underneath) with the box's computed style — the same font files, size, features,
letter and word spacing that will draw it — and every character gets its advance. A
line's width is then a sum of advances, so the lines the breaker chooses are the lines
WeasyPrint can set. Break opportunities are Pango's own (UAX #14 for the paragraph's
language), so the breaker knows every place WeasyPrint could break, and no other.

Only the PDF writer imports this module (through publish.compose.setter).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import create_layout, get_log_attrs

from publish.compose.breaker import INFINITY, Item, box, glue, penalty

SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACE = "\u00a0"
HYPHENS = "-\u2010"  # a break after one of these leaves the hyphen at the line end
PANGO_SCALE = 1024

# How far a space may stretch and shrink in justified text, as a share of its width:
# TeX stretches by half (ratio 1: a space half as wide again); Russian long words leave few
# spaces a line, so spaces may close to three fifths, a little more than TeX allows.
STRETCH = 1 / 2
SHRINK = 2 / 5
EXPLICIT_HYPHEN_PENALTY = 50  # after a compound's own hyphen (TeX's \exhyphenpenalty)
OTHER_BREAK_PENALTY = 100  # after a dash or a slash, where Pango allows it
SPACING_PROBE = 1.0  # word spacing (px) added to measure text as justification draws it


class Unmeasurable(Exception):
    """A paragraph holding something the breaker does not set (an image in the line, a
    preserved line break, a leader): WeasyPrint sets it as it would anyway."""


@dataclass
class TextPiece:
    """One WeasyPrint text box of the paragraph, where its characters start in the
    paragraph's text, and each character's advance in points."""

    box: boxes.TextBox
    parent: boxes.ParentBox
    start: int
    advances: list[float]
    new_offsets: list[int] = field(default_factory=list)  # offset in the rewritten text, per character


@dataclass
class Paragraph:
    """A paragraph's text boxes, its text (all boxes joined) and its items; each item's
    `ref` is the index in `text` of the character it stands for (None for edges)."""

    pieces: list[TextPiece]
    text: str
    items: list[Item]
    ragged: bool


def measure_paragraph(line_box: boxes.LineBox, indent: float, ragged: bool) -> Paragraph:
    pieces: list[TextPiece] = []
    edges: dict[int, float] = {}  # width of inline margins, borders and padding before text index
    _collect(line_box, pieces, edges, [0], not ragged)
    if not pieces:
        raise Unmeasurable("no text")
    text = "".join(piece.box.text for piece in pieces)
    advances = [advance for piece in pieces for advance in piece.advances]
    hyphen_widths = _hyphen_widths(pieces)
    breaks = _break_opportunities(text, line_box.style["lang"])
    items: list[Item] = [box(indent)] if indent else []
    run = 0.0  # width of the box being gathered
    for index, char in enumerate(text):
        run += edges.get(index, 0.0)
        if char == " " or char == NO_BREAK_SPACE:
            if run:
                items.append(box(run, ref=index))
                run = 0.0
            width = advances[index]
            if char == NO_BREAK_SPACE:
                items.append(penalty(0, INFINITY))
            stretch, shrink = (0.0, 0.0) if ragged else (width * STRETCH, width * SHRINK)
            items.append(glue(width, stretch, shrink, ref=index))
            continue
        if char == SOFT_HYPHEN:
            if run:
                items.append(box(run, ref=index))
                run = 0.0
            items.append(penalty(hyphen_widths[index], 50, flagged=True, ref=index))
            continue
        if index in breaks and index and text[index - 1] not in " \u00a0\u00ad":
            # Pango may break before this character: after a compound's hyphen, a dash, a slash.
            if run:
                items.append(box(run, ref=index))
                run = 0.0
            hyphen = text[index - 1] in HYPHENS
            cost = EXPLICIT_HYPHEN_PENALTY if hyphen else OTHER_BREAK_PENALTY
            items.append(penalty(0, cost, flagged=hyphen, ref=index))
        run += advances[index]
    run += edges.get(len(text), 0.0)
    if run:
        items.append(box(run, ref=len(text)))
    return Paragraph(pieces, text, items, ragged)


def _collect(
    parent: boxes.ParentBox, pieces: list[TextPiece], edges: dict[int, float], position: list[int], justified: bool
) -> None:
    for child in parent.children:
        if isinstance(child, boxes.TextBox):
            text = child.text
            if "\n" in text or "\t" in text or child.style["white_space"] != "normal":
                raise Unmeasurable("preserved white space")
            pieces.append(TextPiece(child, parent, position[0], _advances(child, justified)))
            position[0] += len(text)
        elif isinstance(child, boxes.InlineBox) and not isinstance(child, boxes.AtomicInlineLevelBox):
            if child.style["position"] in ("absolute", "fixed") or child.style["float"] != "none":
                raise Unmeasurable("out-of-flow box in the line")
            edges[position[0]] = edges.get(position[0], 0.0) + _edge(child, "left")
            _collect(child, pieces, edges, position, justified)
            edges[position[0]] = edges.get(position[0], 0.0) + _edge(child, "right")
        else:
            raise Unmeasurable(f"{type(child).__name__} in the line")


def _edge(inline: boxes.InlineBox, side: str) -> float:
    """An inline box's margin, border and padding on one side, when they are lengths."""
    total = float(inline.style[f"border_{side}_width"] or 0)
    for name in (f"margin_{side}", f"padding_{side}"):
        value = inline.style[name]
        if value == "auto" or getattr(value, "unit", "px") != "px":
            if getattr(value, "value", 0):
                raise Unmeasurable(f"{name} in percent")
            continue
        total += float(value.value)
    return total


def _advances(text_box: boxes.TextBox, justified: bool) -> list[float]:
    """Each character's advance as the box will be drawn once set: without the soft hyphens
    it does not break at, with no-break spaces inside its lines (so kerning and ligatures
    are as drawn; a ligature's width goes to its first character, a soft hyphen's is 0).

    Justified text is drawn with extra word spacing, which Pango applies by cutting the
    text into runs at the spaces, so no kerning pair spans a space there: measured so too.
    """
    text = text_box.text
    shaped = [(index, char) for index, char in enumerate(text) if char != SOFT_HYPHEN]
    drawn = "".join(NO_BREAK_SPACE if char == " " else char for _, char in shaped)
    advances = [0.0] * len(text)
    if not drawn:
        return advances
    style = text_box.style
    if justified:
        style = style.copy()
        style["word_spacing"] = style["word_spacing"] + SPACING_PROBE
    layout = create_layout(drawn, style, None, None, 0)
    char_at = _char_indices(drawn.encode())
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    run = line.runs
    while run != ffi.NULL:
        glyph_item = ffi.cast("PangoGlyphItem *", run.data)
        offset = glyph_item.item.offset
        glyphs = glyph_item.glyphs
        for i in range(glyphs.num_glyphs):
            index = shaped[char_at[offset + glyphs.log_clusters[i]]][0]
            advances[index] += glyphs.glyphs[i].geometry.width / PANGO_SCALE
        run = run.next
    if justified:
        for index, char in shaped:
            if char in (" ", NO_BREAK_SPACE):
                advances[index] -= SPACING_PROBE
    return advances


def _char_indices(encoded: bytes) -> dict[int, int]:
    """UTF-8 byte offset → character index, for the offsets where characters start."""
    indices = {}
    char = 0
    for byte, value in enumerate(encoded):
        if value & 0xC0 != 0x80:
            indices[byte] = char
            char += 1
    return indices


def _hyphen_widths(pieces: list[TextPiece]) -> dict[int, float]:
    """For each soft hyphen, the width of the hyphen drawn if the line breaks there."""
    widths: dict[int, float] = {}
    cache: dict[int, float] = {}
    for piece in pieces:
        style = piece.box.style
        for offset, char in enumerate(piece.box.text):
            if char == SOFT_HYPHEN:
                key = id(style)
                if key not in cache:
                    cache[key] = sum(_advances(piece.box.copy_with_text(style["hyphenate_character"]), False))
                widths[piece.start + offset] = cache[key]
    return widths


def _break_opportunities(text: str, language: str | None) -> set[int]:
    """Indices of the characters before which Pango allows a line break."""
    attributes = get_log_attrs(text, language)
    return {index for index in range(1, len(text)) if attributes[index].is_line_break}
