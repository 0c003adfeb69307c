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
from functools import cached_property

from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import create_layout, get_log_attrs

from publish.compose.breaker import BOX, GLUE, INFINITY, Item, box, glue, penalty
from publish.compose.spacing import Flex

SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACE = "\u00a0"
HYPHENS = "-\u2010"  # a break after one of these leaves the hyphen at the line end
PANGO_SCALE = 1024

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
    ligatures: set[int] = field(default_factory=set)  # offsets of characters drawn as part of a ligature


@dataclass
class Paragraph:
    """A paragraph's text boxes, its text (all boxes joined) and its items, which have no give
    yet (see `flexed`); each item's `ref` is the index in `text` of the character it stands for
    (None for edges). `letters` counts, item by item, the characters letter spacing would widen;
    `unspaced` holds the characters of words drawn with a ligature: a line holding one is
    not letter-spaced (any letter spacing makes Pango drop the ligature)."""

    pieces: list[TextPiece]
    text: str
    items: list[Item]
    letters: list[int]
    unspaced: frozenset[int]
    font_size: float
    ragged: bool

    @cached_property
    def space_em(self) -> float:
        """The width of the paragraph's word space, in ems (PT Serif's is about a quarter)."""
        spaces = [item.width for item in self.items if item.kind == GLUE and item.width > 0]
        return (sorted(spaces)[len(spaces) // 2] / self.font_size) if spaces else 0.25

    def flexed(self, flex: Flex) -> list[Item]:
        """The items with the give of one pass: word spaces and letters stretch and shrink."""
        if self.ragged:
            return self.items
        letter_stretch = flex.letter_stretch * self.font_size
        letter_shrink = flex.letter_shrink * self.font_size
        space_stretch, space_shrink = flex.space_stretch(self.space_em), flex.space_shrink(self.space_em)
        flexed = []
        for item, letters in zip(self.items, self.letters, strict=True):
            if item.kind == BOX:
                item = Item(BOX, item.width, letters * letter_stretch, letters * letter_shrink, ref=item.ref)
            elif item.kind == GLUE:
                stretch = item.width * space_stretch + letters * letter_stretch
                shrink = item.width * space_shrink + letters * letter_shrink
                item = Item(GLUE, item.width, stretch, shrink, ref=item.ref)
            flexed.append(item)
        return flexed


def measure_paragraph(line_box: boxes.LineBox, indent: float, ragged: bool) -> Paragraph:
    pieces: list[TextPiece] = []
    edges: dict[int, float] = {}  # width of inline margins, borders and padding before text index
    _collect(line_box, pieces, edges, [0], not ragged)
    if not pieces:
        raise Unmeasurable("no text")
    text = "".join(piece.box.text for piece in pieces)
    advances = [advance for piece in pieces for advance in piece.advances]
    unspaced = _ligature_words(text, {piece.start + offset for piece in pieces for offset in piece.ligatures})
    hyphen_widths = _hyphen_widths(pieces)
    breaks = _break_opportunities(text, line_box.style["lang"])
    items: list[Item] = [box(indent)] if indent else []
    letters: list[int] = [0] if indent else []
    run = 0.0  # width of the box being gathered
    spaced = 0  # its characters that letter spacing widens

    def end_box(index: int) -> None:
        nonlocal run, spaced
        if run:
            items.append(box(run, ref=index))
            letters.append(spaced)
        run, spaced = 0.0, 0

    for index, char in enumerate(text):
        run += edges.get(index, 0.0)
        if char == " " or char == NO_BREAK_SPACE:
            end_box(index)
            if char == NO_BREAK_SPACE:
                items.append(penalty(0, INFINITY))
                letters.append(0)
            items.append(glue(advances[index], 0.0, 0.0, ref=index))
            letters.append(1)
            continue
        if char == SOFT_HYPHEN:
            end_box(index)
            items.append(penalty(hyphen_widths[index], 50, flagged=True, ref=index))
            letters.append(0)
            continue
        if index in breaks and index and text[index - 1] not in " \u00a0\u00ad":
            # Pango may break before this character: after a compound's hyphen, a dash, a slash.
            end_box(index)
            hyphen = text[index - 1] in HYPHENS
            cost = EXPLICIT_HYPHEN_PENALTY if hyphen else OTHER_BREAK_PENALTY
            items.append(penalty(0, cost, flagged=hyphen, ref=index))
            letters.append(0)
        run += advances[index]
        spaced += index not in unspaced
    run += edges.get(len(text), 0.0)
    end_box(len(text))
    font_size = float(line_box.style["font_size"])
    return Paragraph(pieces, text, items, letters, frozenset(unspaced), font_size, ragged)


def _ligature_words(text: str, ligatures: set[int]) -> set[int]:
    """Every character of each word (between spaces) that holds a ligature."""
    unspaced: set[int] = set()
    for index in sorted(ligatures):
        if index in unspaced:
            continue
        start = index
        while start and text[start - 1] not in " \u00a0":
            start -= 1
        end = index
        while end < len(text) and text[end] not in " \u00a0":
            end += 1
        unspaced.update(range(start, end))
    return unspaced


def _collect(
    parent: boxes.ParentBox, pieces: list[TextPiece], edges: dict[int, float], position: list[int], justified: bool
) -> None:
    for child in parent.children:
        if isinstance(child, boxes.TextBox):
            text = child.text
            if "\n" in text or "\t" in text or child.style["white_space"] != "normal":
                raise Unmeasurable("preserved white space")
            advances, ligatures = _advances(child, justified)
            pieces.append(TextPiece(child, parent, position[0], advances, ligatures))
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


def _advances(text_box: boxes.TextBox, justified: bool) -> tuple[list[float], set[int]]:
    """Each character's advance as the box will be drawn once set: without the soft hyphens
    it does not break at, with no-break spaces inside its lines (so kerning and ligatures
    are as drawn; a ligature's width goes to its first character, a soft hyphen's is 0);
    and the characters drawn as part of a ligature (or any glyph for several characters).

    Justified text is drawn with extra word spacing, which Pango applies by cutting the
    text into runs at the spaces, so no kerning pair spans a space there: measured so too.
    """
    text = text_box.text
    shaped = [(index, char) for index, char in enumerate(text) if char != SOFT_HYPHEN]
    drawn = "".join(NO_BREAK_SPACE if char == " " else char for _, char in shaped)
    advances = [0.0] * len(text)
    if not drawn:
        return advances, set()
    style = text_box.style
    if justified:
        style = style.copy()
        style["word_spacing"] = style["word_spacing"] + SPACING_PROBE
    layout = create_layout(drawn, style, None, None, 0)
    char_at = _char_indices(drawn.encode())
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    run = line.runs
    cluster_starts = set()
    while run != ffi.NULL:
        glyph_item = ffi.cast("PangoGlyphItem *", run.data)
        offset = glyph_item.item.offset
        glyphs = glyph_item.glyphs
        for i in range(glyphs.num_glyphs):
            drawn_index = char_at[offset + glyphs.log_clusters[i]]
            cluster_starts.add(drawn_index)
            advances[shaped[drawn_index][0]] += glyphs.glyphs[i].geometry.width / PANGO_SCALE
        run = run.next
    if justified:
        for index, char in shaped:
            if char in (" ", NO_BREAK_SPACE):
                advances[index] -= SPACING_PROBE
    ligatures = set()
    for drawn_index in range(len(drawn)):
        if drawn_index not in cluster_starts:  # drawn by the glyph of a character before it
            start = drawn_index
            while start and start not in cluster_starts:
                start -= 1
            ligatures.update(shaped[i][0] for i in range(start, drawn_index + 1))
    return advances, ligatures


def _char_indices(encoded: bytes) -> dict[int, int]:
    """UTF-8 byte offset → character index, for the offsets where characters start."""
    indices = {}
    char = 0
    for byte, value in enumerate(encoded):
        if value & 0xC0 != 0x80:
            indices[byte] = char
            char += 1
    return indices


# Style properties that decide how a letter and a hyphen after it are drawn.
_SHAPING = (
    "font_family", "font_size", "font_weight", "font_style", "font_stretch", "font_kerning",
    "font_variant_ligatures", "font_variant_caps", "font_feature_settings", "font_variation_settings",
    "font_language_override", "lang", "letter_spacing", "hyphenate_character",
)  # fmt: skip
HYPHEN_WIDTHS: dict[tuple, float] = {}  # for one layout (publish.compose.setter.composing clears it)


def _hyphen_widths(pieces: list[TextPiece]) -> dict[int, float]:
    """For each soft hyphen, the width the hyphen adds if the line breaks there: shaped after
    the letter it follows, kerning included, as it will be drawn. Kept for the whole layout,
    by letter and style, so each pair is shaped once per book."""
    widths: dict[int, float] = {}
    for piece in pieces:
        style = piece.box.style
        text = piece.box.text
        shaping = None
        for offset, char in enumerate(text):
            if char == SOFT_HYPHEN:
                before = text[:offset].replace(SOFT_HYPHEN, "")[-1:]
                shaping = shaping or tuple(str(style[name]) for name in _SHAPING)
                key = (shaping, before)
                if key not in HYPHEN_WIDTHS:
                    pair, _ = _advances(piece.box.copy_with_text(before + style["hyphenate_character"]), False)
                    alone, _ = _advances(piece.box.copy_with_text(before), False) if before else ([], None)
                    HYPHEN_WIDTHS[key] = sum(pair) - sum(alone)
                widths[piece.start + offset] = HYPHEN_WIDTHS[key]
    return widths


def _break_opportunities(text: str, language: str | None) -> set[int]:
    """Indices of the characters before which Pango allows a line break."""
    attributes = get_log_attrs(text, language)
    return {index for index in range(1, len(text)) if attributes[index].is_line_break}
