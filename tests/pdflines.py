"""The lines of a built PDF as poppler sees them, for tests of how the text was set.

`pdftotext -bbox-layout` gives every word's box; from them each page's lines, the right edge
of the text block, and each justified line's word gaps. Nothing here knows how publish made
the PDF: it judges the printed result, as a reader would.
"""

from __future__ import annotations

import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True)
class PrintedLine:
    page: int  # from 1
    words: tuple[Word, ...]

    @property
    def left(self) -> float:
        return self.words[0].left

    @property
    def right(self) -> float:
        return self.words[-1].right

    @property
    def height(self) -> float:
        return statistics.median(word.bottom - word.top for word in self.words)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    def gaps(self) -> list[float]:
        return [b.left - a.right for a, b in zip(self.words, self.words[1:], strict=False)]


def as_drawn(pdf: Path) -> Path:
    """A copy of `pdf` without its ActualText spans, so that poppler reports the glyphs as they
    are printed (the hyphen a line was broken with extracts as nothing from the PDF itself)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    drawn = pdf.with_name(pdf.stem + ".drawn.pdf")
    if drawn.exists() and drawn.stat().st_mtime >= pdf.stat().st_mtime:
        return drawn
    writer = PdfWriter(clone_from=PdfReader(pdf))
    for page in writer.pages:
        content = ContentStream(page.get_contents(), writer)
        kept, spans = [], []  # for each open marked-content sequence: whether it is an ActualText span
        for operands, operator in content.operations:
            if operator in (b"BDC", b"BMC"):
                actual = operator == b"BDC" and "/ActualText" in getattr(operands[1], "keys", lambda: ())()
                spans.append(actual)
                if actual:
                    continue
            elif operator == b"EMC" and spans and spans.pop():
                continue
            kept.append((operands, operator))
        content.operations = kept
        page.replace_contents(content)
    with drawn.open("wb") as output:
        writer.write(output)
    return drawn


def printed_lines(pdf: Path, *, drawn: bool = True) -> list[PrintedLine]:
    """Every line of every page, top to bottom, each glyph as printed (`drawn`), or as a
    reader's copy or search gets it (ActualText honoured)."""
    pdf = as_drawn(pdf) if drawn else pdf
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True))
    lines = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for line in page.iter(f"{XHTML}line"):
            words = tuple(
                Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "xMax", "yMin", "yMax")))
                for w in line.iter(f"{XHTML}word")
            )
            if words:
                lines.append(PrintedLine(number, words))
    return lines


def body_lines(lines: list[PrintedLine], *, one_word: bool = False) -> list[PrintedLine]:
    """The lines set in the body text's size (the most common line height); lines of one
    word only when asked for (page numbers are such lines too)."""
    height = Counter(round(line.height, 1) for line in lines).most_common(1)[0][0]
    return [line for line in lines if abs(line.height - height) < 0.3 and (one_word or len(line.words) > 1)]


def right_edges(lines: list[PrintedLine]) -> dict[int, float]:
    """Each page's right edge of the text block: where most of its lines end."""
    edges = {}
    for page in {line.page for line in lines}:
        ends = Counter(round(line.right, 1) for line in lines if line.page == page)
        edges[page] = ends.most_common(1)[0][0]
    return edges


def justified_lines(lines: list[PrintedLine]) -> list[PrintedLine]:
    """Body lines that reach the right edge (a paragraph's last line does not)."""
    body = body_lines(lines)
    edges = right_edges(body)
    return [line for line in body if abs(line.right - edges[line.page]) < 0.3 and len(line.words) > 2]


def spacing_ratios(lines: list[PrintedLine], normal_space: float) -> list[float]:
    """Each justified line's mean word gap over the font's normal space."""
    return [statistics.mean(line.gaps()) / normal_space for line in justified_lines(lines)]


@dataclass(frozen=True)
class DrawnLine:
    """One line as its glyphs are drawn: its page, its baseline, how many glyphs it draws, the
    offsets from their natural advance written between them (thousandths of an em), the
    character spacing it is drawn with (`Tc`, in ems), and the horizontal scale it is drawn at
    (1 when it has no transformation of its own)."""

    page: int
    baseline: float
    glyphs: int
    offsets: tuple[float, ...]
    spacing: float
    scale: float
    size: float  # the font size of its first text object

    @property
    def tracking(self) -> float:
        """The letter spacing (em): the character spacing, and the offset most glyphs share
        when there is an offset between most of them (word spaces and kerned pairs differ;
        the median is the letters')."""
        shared = -statistics.median(self.offsets) / 1000 if len(self.offsets) > self.glyphs / 2 else 0.0
        return self.spacing + shared


def drawn_lines(pdf: Path) -> list[DrawnLine]:
    """Every line of text drawn in `pdf`, read from its content streams: each text object's
    glyphs and glyph offsets (its TJ arrays), grouped by baseline, with its character spacing
    and its horizontal scaling: a `cm` of its own (WeasyPrint's page transformation has no
    such scaling) times its text matrix's."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream, FloatObject, NumberObject

    lines: list[DrawnLine] = []
    reader = PdfReader(pdf)
    for number, page in enumerate(reader.pages, start=1):
        scale, text_scale, spacing, baseline, size = 1.0, 1.0, 0.0, None, 0.0
        stack: list[tuple[float, float, float]] = []
        found: dict[float, tuple[list[float], list[int], float, float, float]] = {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append((scale, text_scale, spacing))
            elif operator == b"Q":
                scale, text_scale, spacing = stack.pop() if stack else (1.0, 1.0, 0.0)
            elif operator == b"cm" and float(operands[1]) == 0 == float(operands[2]) and float(operands[3]) == 1:
                scale *= float(operands[0])
            elif operator == b"Tc":
                spacing = float(operands[0])
            elif operator == b"Tf":
                size = float(operands[1])
            elif operator == b"Tm":
                baseline, text_scale = round(float(operands[5]), 1), float(operands[0])
            elif operator == b"TJ" and baseline is not None:
                offsets = [float(item) for item in operands[0] if isinstance(item, NumberObject | FloatObject)]
                glyphs = sum(len(item.original_bytes) // 2 for item in operands[0] if hasattr(item, "original_bytes"))
                kept, count, _, _, _ = found.setdefault(
                    baseline, ([], [0], spacing / size if size else 0.0, scale * text_scale, size)
                )
                kept.extend(offsets)
                count[0] += glyphs
        lines.extend(
            DrawnLine(number, y, count[0], tuple(offsets), tc, s, z)
            for y, (offsets, count, tc, s, z) in sorted(found.items())
        )
    return lines


def page_ends(pdf: Path) -> dict[int, float]:
    """Each page's foot of its text: the bottom of its lowest line, page numbers aside."""
    ends: dict[int, float] = {}
    for line in printed_lines(pdf):
        if not line.text.strip().isdigit():
            ends[line.page] = max(ends.get(line.page, 0.0), max(word.bottom for word in line.words))
    return ends


def uneven_spreads(pdf: Path) -> tuple[list[tuple[int, int]], int]:
    """The spreads (left-hand page, right-hand page) whose text ends at different heights, and
    how many spreads were compared (the last page, where a text may end short, is not)."""
    ends = page_ends(pdf)
    last = max(ends)
    spreads = [(left, left + 1) for left in range(2, last - 1, 2) if left in ends and left + 1 in ends]
    return [(left, right) for left, right in spreads if abs(ends[left] - ends[right]) > 1], len(spreads)
