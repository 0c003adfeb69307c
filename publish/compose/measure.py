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

import bisect
import math
import re
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain, islice

from publish.compose.breaker import BOX, GLUE, INFINITY, PENALTY, Give, Item, box
from publish.compose.seam import Style, boxes, break_opportunities, shape_apart, shape_line
from publish.compose.spacing import Flex

SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACE = "\u00a0"
HYPHENS = "-\u2010"  # a break after one of these leaves the hyphen at the line end
_DASHES = "\u2014\u2013-"  # a short word before a dash stays with it: the dash never begins a line

EXPLICIT_HYPHEN_PENALTY = 50  # after a compound's own hyphen (TeX's \exhyphenpenalty)
OTHER_BREAK_PENALTY = 100  # after a dash or a slash, where Pango allows it
SPACING_PROBE = 1.0  # word spacing (px) added to measure text as justification draws it


class Unmeasurable(Exception):
    """A paragraph holding something the breaker does not set (an image in the line, a
    preserved line break, a leader): WeasyPrint sets it as it would anyway, as it does text
    Pango does not set on one line in order (seam.Unshaped)."""


@dataclass
class TextPiece:
    """One WeasyPrint text box of the paragraph, where its characters start in the
    paragraph's text, and each character's advance in points (machine numbers: a paragraph
    keeps its pieces while it is laid out, and a book keeps its paragraphs)."""

    box: boxes.TextBox
    parent: boxes.ParentBox
    start: int
    advances: array[float]
    ligatures: set[int] = field(default_factory=set)  # offsets of characters drawn as part of a ligature


@dataclass
class Paragraph:
    """A paragraph's text boxes, its text (all boxes joined) and its items, which have no give
    yet (see `give`); each item's `ref` is the index in `text` of the character it stands for
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
    edges: dict[int, float] = field(default_factory=dict)  # inline margins, borders, padding before text index
    indent: float = 0.0  # the first line's, the paragraph's first item when not 0 (not scaled with its line)

    @cached_property
    def kerns_at_spaces(self) -> bool:
        """Whether the fonts kern a letter with a space (most do not): then a line is measured
        as Pango draws it only if word spacing cuts its runs at the spaces, as justification does."""
        return any(
            before or after
            for piece in self.pieces
            for before, after in SPACE_KERNING.get(_shaping_key(piece.box.style), {}).values()
        )

    @cached_property
    def piece_starts(self) -> list[int]:
        return [piece.start for piece in self.pieces]

    @cached_property
    def ligature_letters(self) -> list[int]:
        """`unspaced`, in order."""
        return sorted(self.unspaced)

    @cached_property
    def other_breaks(self) -> list[int]:
        """Where Pango could break besides spaces and soft hyphens (after a dash, a slash, a
        compound's hyphen), in order: the setter keeps it from breaking there but where chosen."""
        return sorted(  # (a range's dash among them: forbidden to the breaker, it needs its joiner too)
            item.ref
            for item in self.items
            if item.kind == PENALTY and item.ref is not None and self.text[item.ref] != SOFT_HYPHEN
        )

    @cached_property
    def short_word_ties(self) -> list[int]:
        """The no-break spaces typography put after a short word ("в", "на", "для"), as the
        indices of the penalties that forbid a break there: a preference of Russian book
        typography, not a law like the space in "3 000" or "В. И.", which a paragraph that
        cannot be set otherwise may break (see publish.compose.setter._compose)."""
        ties = []
        for index, item in enumerate(self.items[:-1]):
            after = self.items[index + 1]
            if item.kind != PENALTY or item.cost < INFINITY or after.kind != GLUE or after.ref is None:
                continue
            space = after.ref
            start = space
            while start > 0 and space - start <= 3 and self.text[start - 1].isalpha():
                start -= 1
            whole = start == 0 or self.text[start - 1] in _MARKS
            if whole and 0 < space - start <= 3 and self.text[space + 1 : space + 2] not in _DASHES:
                ties.append(index)
        return ties

    @cached_property
    def space_em(self) -> float:
        """The width of the paragraph's word space, in ems (PT Serif's is about a quarter)."""
        spaces = [item.width for item in self.items if item.kind == GLUE and item.width > 0]
        return (sorted(spaces)[len(spaces) // 2] / self.font_size) if spaces else 0.25

    @cached_property
    def _running_counts(self) -> list[tuple[int, float, float]]:
        """Before each item (the breaker's closing items included): letters that letter spacing
        widens, the width of the word spaces, and the width of everything (which glyph scaling
        widens: the line is drawn scaled whole)."""
        letters = accumulate(self.letters, initial=0)
        spaces = accumulate((item.width if item.kind == GLUE else 0.0 for item in self.items), initial=0.0)
        scaled = (item.width if item.kind != PENALTY else 0.0 for item in self.items)
        widths = accumulate(chain([0.0], islice(scaled, 1, None)) if self.indent else scaled, initial=0.0)
        counts = list(zip(letters, spaces, widths, strict=True))
        return [*counts, counts[-1], counts[-1]]

    def forget_counts(self) -> None:
        """Once the paragraph is broken whole, its running counts are not wanted again (a window
        broken again at a page's end is a paragraph of its own, with its own): freed, they were
        a sixth of a long book's peak memory while it was laid out."""
        self.__dict__.pop("_running_counts", None)

    def give(self, flex: Flex) -> Give | None:
        """The running sums of the items' stretch and shrink for the breaker (see breaker.Give):
        word spaces, letters and glyphs give (see spacing.py), linearly, so the sums are the counts'
        sums scaled. None for ragged text, whose spaces are fixed."""
        if self.ragged:
            return None
        letter_stretch = flex.letter_stretch * self.font_size
        letter_shrink = flex.letter_shrink * self.font_size
        space_stretch, space_shrink = flex.space_stretch(self.space_em), flex.space_shrink(self.space_em)
        scaling = flex.scaling
        counts = self._running_counts
        stretch = [
            letters * letter_stretch + spaces * space_stretch + width * scaling for letters, spaces, width in counts
        ]
        shrink = [
            letters * letter_shrink + spaces * space_shrink + width * scaling for letters, spaces, width in counts
        ]
        stretch[-1] = math.inf  # the closing glue, that lets the last line end short
        return stretch, shrink


def measure_paragraph(line_box: boxes.LineBox, indent: float, ragged: bool) -> Paragraph:
    pieces: list[TextPiece] = []
    edges: dict[int, float] = {}  # width of inline margins, borders and padding before text index
    _collect(line_box, pieces, edges, [0], not ragged)
    if not pieces:
        raise Unmeasurable("no text")
    text = "".join(piece.box.text for piece in pieces)
    advances = list(chain.from_iterable(piece.advances for piece in pieces))
    unspaced = _ligature_words(text, {piece.start + offset for piece in pieces for offset in piece.ligatures})
    hyphen_widths = _hyphen_widths(pieces)
    after_mark = {index for index in break_opportunities(text, line_box.style["lang"]) if text[index - 1] not in _MARKS}
    # running sums, so that each box's width and letters are two subtractions (the edges' and
    # the ligatures' only where a paragraph has any: most have neither)
    width_before = list(accumulate(advances, initial=0.0))
    edged = sorted(index for index, width in edges.items() if width)
    edge_before = _running_edges(edges, len(text)) if edged else None
    unspaced_before = (
        list(accumulate((index in unspaced for index in range(len(text))), initial=0)) if unspaced else None
    )
    items: list[Item] = [box(indent)] if indent else []
    letters: list[int] = [0] if indent else []
    start = 0  # where the box being gathered starts
    for index in sorted({match.start() for match in _MARK.finditer(text)} | after_mark | {len(text)}):
        if index > start or (edged and any_between(edged, start, index)):  # the box before this place
            width = width_before[index] - width_before[start]
            if edge_before:
                width += edge_before[index + 1] - edge_before[start]
            items.append(Item(BOX, width, 0.0, 0.0, 0.0, False, index))
            ligatured = unspaced_before[index] - unspaced_before[start] if unspaced_before else 0
            letters.append(index - start - ligatured)
        if index == len(text):
            break
        char = text[index]
        if char in " \u00a0":
            if char == NO_BREAK_SPACE:
                items.append(Item(PENALTY, 0.0, 0.0, 0.0, INFINITY, False, None))
                letters.append(0)
            items.append(Item(GLUE, advances[index], 0.0, 0.0, 0.0, False, index))
            letters.append(1)
            start = index + 1
        elif char == SOFT_HYPHEN:
            items.append(Item(PENALTY, hyphen_widths[index], 0.0, 0.0, 50, True, index))
            letters.append(0)
            start = index + 1
        else:  # Pango may break before this character: after a compound's hyphen, a dash, a slash
            hyphen = text[index - 1] in HYPHENS
            cost = EXPLICIT_HYPHEN_PENALTY if hyphen else OTHER_BREAK_PENALTY
            if _in_a_range(text, index):
                cost = INFINITY
            items.append(Item(PENALTY, 0.0, 0.0, 0.0, cost, hyphen, index))
            letters.append(0)
            start = index
    font_size = float(line_box.style["font_size"])
    return Paragraph(pieces, text, items, letters, frozenset(unspaced), font_size, ragged, edges, indent)


_NUMERALS = frozenset("0123456789IVXLCDM")


def _in_a_range(text: str, index: int) -> bool:
    """Whether a break before `text[index]` would split a range of numbers at its dash
    ("1941–/1945", "XV–/XVI", "с. 4–/7"): book rules keep a range on one line."""
    return index >= 2 and text[index - 1] == "\u2013" and text[index - 2] in _NUMERALS and text[index] in _NUMERALS


def _running_edges(edges: dict[int, float], length: int) -> list[float]:
    """The width of the inline edges before each text index, summed."""
    edge_at = [0.0] * (length + 1)
    for index, width in edges.items():
        edge_at[index] += width
    return list(accumulate(edge_at, initial=0.0))


def any_between(positions: list[int], low: int, high: int) -> bool:
    """Whether sorted `positions` holds one in [low, high]."""
    at = bisect.bisect_left(positions, low)
    return at < len(positions) and positions[at] <= high


_MARKS = " \u00a0\u00ad"  # spaces and soft hyphens: each its own item
_MARK = re.compile(f"[{_MARKS}]")


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
            pieces.append(TextPiece(child, parent, position[0], array("d", advances), ligatures))
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
    are as drawn; a soft hyphen's advance is 0); and the characters drawn as part of a
    ligature (or any glyph for several characters).

    Justified text is drawn with extra word spacing, which Pango applies by cutting the text
    into runs at the spaces, so no kerning pair spans a space there: the kerning a font has
    with its space (most have none) is taken off, as measured once per letter and style.
    """
    text = text_box.text
    shaped = [index for index, char in enumerate(text) if char != SOFT_HYPHEN] if SOFT_HYPHEN in text else None
    drawn = text.replace(SOFT_HYPHEN, "").replace(" ", NO_BREAK_SPACE)
    advances = [0.0] * len(text)
    if not drawn:
        return advances, set()
    widths, ligatures = shape_line(drawn, text_box.style)
    if justified and NO_BREAK_SPACE in drawn:
        kerning = _space_kerning(text_box, drawn)
        if any(before or after for before, after in kerning.values()):  # most fonts: none
            for index, char in enumerate(drawn):
                if char == NO_BREAK_SPACE:
                    if index:
                        widths[index - 1] -= kerning[drawn[index - 1]][0]
                    if index + 1 < len(drawn):
                        widths[index] -= kerning[drawn[index + 1]][1]
    if shaped is None:
        return widths, ligatures
    for width, index in zip(widths, shaped, strict=True):
        advances[index] = width
    return advances, {shaped[index] for index in ligatures}


SPACE_KERNING: dict[tuple[str, ...], dict[str, tuple[float, float]]] = {}  # for one layout, like HYPHEN_WIDTHS


def _space_kerning(text_box: boxes.TextBox, drawn: str) -> dict[str, tuple[float, float]]:
    """For each character of `drawn`, its kerning with a space after it and with a space
    before it: what justification's word spacing takes away. All of a box's new characters
    are measured in one line, set with and without word spacing."""
    style = text_box.style
    known = SPACE_KERNING.setdefault(_shaping_key(style), {})
    new = sorted(set(drawn) - set(known) - {NO_BREAK_SPACE})
    if new:
        probe = NO_BREAK_SPACE + NO_BREAK_SPACE.join(new) + NO_BREAK_SPACE
        spaced = style.copy()
        spaced["word_spacing"] = spaced["word_spacing"] + SPACING_PROBE
        kerned, _ = shape_line(probe, style)
        unkerned, _ = shape_line(probe, spaced)
        for position, char in enumerate(new):
            at = 1 + 2 * position  # the character; the spaces are before and after it
            before_space = kerned[at] - unkerned[at]
            after_space = kerned[at - 1] - (unkerned[at - 1] - SPACING_PROBE)
            known[char] = (before_space, after_space)
    known.setdefault(NO_BREAK_SPACE, (0.0, 0.0))
    return known


# Style properties that decide how a letter and a hyphen after it are drawn.
_SHAPING = (
    "font_family", "font_size", "font_weight", "font_style", "font_stretch", "font_kerning",
    "font_variant_ligatures", "font_variant_caps", "font_feature_settings", "font_variation_settings",
    "font_language_override", "lang", "letter_spacing", "hyphenate_character",
)  # fmt: skip
HYPHEN_WIDTHS: dict[tuple[str, ...], float] = {}  # style → the hyphen's width, for one layout (composing clears it)


def _shaping_key(style: Style) -> tuple[str, ...]:
    return tuple(str(style[name]) for name in _SHAPING)


_SOFT_HYPHEN = re.compile(SOFT_HYPHEN)


def _hyphen_widths(pieces: list[TextPiece]) -> dict[int, float]:
    """For each soft hyphen, the width the hyphen adds if the line breaks there: as it will be
    drawn, a box of its own (see drawing.hyphens_as_nothing), so without kerning against the
    letter before: one width a style, shaped once for the whole layout."""
    widths: dict[int, float] = {}
    for piece in pieces:
        text = piece.box.text
        if SOFT_HYPHEN not in text:
            continue
        style = piece.box.style
        key = _shaping_key(style)
        if key not in HYPHEN_WIDTHS:
            (HYPHEN_WIDTHS[key],) = shape_apart([style["hyphenate_character"]], style)
        width = HYPHEN_WIDTHS[key]
        widths.update((piece.start + match.start(), width) for match in _SOFT_HYPHEN.finditer(text))
    return widths
