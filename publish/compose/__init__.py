"""Composition for the print edition: paragraphs set as a book is set, not as a browser fills lines.

    seam.py      the one module that reaches into WeasyPrint, pydyf and Pango: every hook declared,
                 probed against the installed version, put back after (docs/upstream.md: why)
    spacing.py   how far word spaces, letters and glyphs may give, level by level
    measure.py   a paragraph as WeasyPrint will draw it → the breaker's items (widths from Pango)
    breaker.py   Knuth–Plass total-fit line breaking with book rules (pure, no WeasyPrint)
    setter.py    WeasyPrint made to set the chosen lines, in its one layout of the document
    drawing.py   the lines drawn: glyphs scaled, letters spaced (`Tc`), line-end hyphens as nothing
    notes.py     each footnote on its call's page; a note too long for it continued overleaf
    spreads.py   facing pages that end on the same line: pages refilled, spreads short together
    report.py    what a typesetter would flag: loose lines, ladders, page-end hyphens, stubs, notes,
                 tracking, spreads ending apart, split lists

Only the PDF writer imports this package; the EPUB and HTML never see it. Every module but
seam.py works on WeasyPrint's box tree through `seam.boxes` and calls WeasyPrint through seam.
"""

from publish.compose.drawing import exact_glyph_positions, hyphens_as_nothing, letters_spaced_in_the_pdf, scaled_lines
from publish.compose.report import CompositionReport, composition_report
from publish.compose.setter import Compositor, composing

__all__ = [
    "CompositionReport",
    "Compositor",
    "composing",
    "composition_report",
    "exact_glyph_positions",
    "hyphens_as_nothing",
    "letters_spaced_in_the_pdf",
    "scaled_lines",
]
