"""How far word spaces, letters and glyphs may give in a justified line, and how a line is spaced.

A line of Russian prose at a book measure holds six or seven word spaces: spaces alone cannot
absorb the difference between one break and the next (a syllable is as wide as two spaces), so
a browser's lines come out three times too loose, and even total-fit breaking leaves some. Book
typesetters find the rest where a reader does not see it:

- **glyph scaling**, as pdfTeX's font expansion and InDesign's glyph scaling do: a line's glyphs
  are drawn up to 2 % wider or narrower (the PDF's own horizontal scaling, see
  `publish.compose.drawing.scaled_lines`), which a reader cannot tell from the font;
- **tracking**, only outward and by at most five thousandths of an em (a press allows a few
  thousandths): letters are never squeezed, and as every line's tracking lies between 0 and
  that, no two lines differ by more, so the colour does not stripe.

All three give in proportion (a line at ratio 0.5 has half of each), as TeX's glue does.

The give comes in levels: the breaker judges lines by the comfortable one (a line needing more
is worse, as its badness says) and admits any line the lenient one can set, whose spaces may
open to 1.9 times their width: the rare line a paragraph cannot do without. A paragraph neither
sets is rescued (letters tracked to the press's limit of a hundredth of an em, spaces to twice
their width), then given the emergency's: whatever is least bad (see
`publish.compose.setter._compose` for what else a typesetter gives up first). A chosen line
takes its letters' and glyphs' share of the comfortable give, or all of it and more letters
(`line_give`).
"""

from __future__ import annotations

from dataclasses import dataclass

LOOSEST = 1.58  # widest word space in a line at its ratio 1, in the font's normal spaces
TIGHTEST = 0.6  # narrowest word space at ratio -1, as drawn


@dataclass(frozen=True)
class Flex:
    """One level's give: letter spacing in ems either way, how much the glyphs may be scaled
    (a fraction of their width), and the widest and narrowest word space as drawn, in the
    font's normal spaces; how much of its own width a space may stretch or shrink is derived."""

    letter_stretch: float
    letter_shrink: float
    scaling: float
    loosest: float = LOOSEST
    tightest: float = TIGHTEST

    def space_stretch(self, space_em: float) -> float:
        """So that a space, with the letter spacing on both sides and scaled with its line,
        is drawn at most `loosest` times the font's normal space at ratio 1."""
        return max(self.loosest / (1 + self.scaling) - 1 - 2 * self.letter_stretch / space_em, 0.1)

    def space_shrink(self, space_em: float) -> float:
        return max(1 - self.tightest / (1 - self.scaling) - 2 * self.letter_shrink / space_em, 0.05)


# A press typesetter's limits, which the composition report measures every line against: letters
# tracked at most a hundredth of an em either way, neighbouring lines at most half that apart.
TRACKING = 0.01  # ems
NEIGHBOURS = 0.005  # ems
SCALING = 0.02  # glyphs at most 2 % wider or narrower (pdfTeX's usual font expansion)
# What the levels use of it: a tenth of a percent is left for the drawing to take up what the
# shaper's rounding leaves of a line (see publish.compose.drawing.scaled_lines).
PLANNED_SCALING = SCALING - 0.001

COMFORTABLE = Flex(NEIGHBOURS, 0.0, PLANNED_SCALING)
LENIENT = Flex(NEIGHBOURS, 0.0, PLANNED_SCALING, loosest=1.9, tightest=0.55)
LEVELS = (COMFORTABLE, LENIENT)
RESCUE = Flex(TRACKING, 0.0, PLANNED_SCALING, loosest=2.0, tightest=0.5)  # letters to the press's limit, spaces to 2×
EMERGENCY = Flex(TRACKING, 0.0, PLANNED_SCALING, loosest=3.0, tightest=0.5)  # for the paragraph nothing else sets


@dataclass(frozen=True)
class LineGive:
    """What a line takes from its letters and glyphs: letter spacing (px) and the factor its
    glyphs are scaled by; its word spaces take the rest."""

    letter: float
    scale: float


NONE = LineGive(0.0, 1.0)


def line_give(extra: float, letters: int, spaces: float, width: float, space_em: float, font_size: float) -> LineGive:
    """The give of a line `extra` px short of the measure (negative: too long), with `letters`
    letter-spaced characters, `spaces` px of word spaces and `width` px in all: the letters'
    and glyphs' share of the comfortable give when it covers the line; else all of it, the
    spaces taking the rest; a line even the lenient spaces cannot set opens its letters
    further, up to the press's limit, as far as it takes to keep its spaces within the
    lenient level's (and the spaces take what is left)."""
    sign = 1 if extra >= 0 else -1
    letter = (COMFORTABLE.letter_stretch if sign > 0 else COMFORTABLE.letter_shrink) * font_size
    letters_and_glyphs = letters * letter + COMFORTABLE.scaling * width
    give = letters_and_glyphs + spaces * _space_give(COMFORTABLE, sign, space_em)
    if give > 0 and abs(extra) <= give:
        ratio = extra / give
        return LineGive(ratio * letter, 1 + ratio * COMFORTABLE.scaling)
    most = LineGive(sign * letter, 1 + sign * COMFORTABLE.scaling)
    beyond = abs(extra) - letters_and_glyphs - spaces * _space_give(LENIENT, sign, space_em)
    if sign < 0 or beyond <= 0 or not letters:
        return most
    more = min(beyond / letters, (TRACKING - COMFORTABLE.letter_stretch) * font_size)
    return LineGive(letter + more, most.scale)


def _space_give(flex: Flex, sign: int, space_em: float) -> float:
    return flex.space_stretch(space_em) if sign > 0 else flex.space_shrink(space_em)
