"""How far word spaces and letters may give in a justified line, and how a chosen line is spaced.

A line of Russian prose at a book measure holds six or seven word spaces: spaces alone cannot
absorb the difference between one break and the next (a syllable is as wide as two spaces), so
a browser's lines come out three times too loose, and even total-fit breaking leaves some. Like
pdfTeX's font expansion, the letters help: each line may track its letters by a hundredth of
an em, which no reader sees, and the spaces then stay near their natural width.

Passes go from strict to lenient: a paragraph is set with the first that admits it. Letters give
more in later passes, and spaces correspondingly less, so that a word space (the space itself,
the letter spacing on both sides of it, and what justification adds) stays under `LOOSEST`
times the font's own space in every pass: extra width goes into letters before it makes a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

LOOSEST = 1.58  # widest word space in a line at its ratio 1, in the font's normal spaces
TIGHTEST = 0.55  # narrowest word space at ratio -1, letter spacing included


@dataclass(frozen=True)
class Flex:
    """One pass's give: letter spacing in ems either way, and how much of its own width a space
    may stretch or shrink (derived so that word spaces stay within LOOSEST and TIGHTEST)."""

    letter_stretch: float
    letter_shrink: float
    tolerance: float = 100  # the breaker's badness limit in this pass (ratio 1)

    def space_stretch(self, space_em: float) -> float:
        return max(LOOSEST - 1 - 2 * self.letter_stretch / space_em, 0.1)

    def space_shrink(self, space_em: float) -> float:
        return max(1 - TIGHTEST - 2 * self.letter_shrink / space_em, 0.1)


PASSES = (
    Flex(0.01, 0.01),
    Flex(0.02, 0.01),
    Flex(0.03, 0.01),
    Flex(0.04, 0.015, tolerance=float("inf")),  # the emergency pass: whatever is least bad
)
RAGGED = Flex(0.0, 0.0)


def letter_spacing(ratio: float, flex: Flex, font_size: float) -> float:
    """The letter spacing (px) of a line set at `ratio` in `flex`'s pass: letters give their
    share up to their limit; anything beyond goes to the word spaces."""
    if ratio >= 0:
        return min(ratio, 1.0) * flex.letter_stretch * font_size
    return max(ratio, -1.0) * flex.letter_shrink * font_size
