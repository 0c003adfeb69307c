"""Making WeasyPrint set the lines the breaker chose, in its one layout of the document.

WeasyPrint fills lines first-fit. While `composing()` is active, each paragraph is composed
at the moment WeasyPrint starts to set it — when its measure and styles are known — and its
text boxes are rewritten so that first-fit can only find the chosen breaks:

- a space inside a chosen line becomes a no-break space (WeasyPrint still justifies it),
  and a soft hyphen that is not a chosen break is dropped;
- any other place Pango could break (after a dash or a slash) gets a word joiner, which
  draws nothing and extracts as nothing;
- when a chosen line is tighter than the natural spacing, the paragraph's word spacing is
  lowered by just enough that each line fits, and justification then spreads every line
  to the measure exactly; the last line keeps its natural spacing.

Only the text boxes WeasyPrint lays out for print change: the document, the EPUB and the
HTML never see any of this. Every line WeasyPrint then makes is checked against the plan.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block as weasyprint_block
from weasyprint.layout.percent import percentage

from publish.compose.breaker import GLUE, INFINITY, PENALTY, Line, Settings, break_lines
from publish.compose.measure import NO_BREAK_SPACE, SOFT_HYPHEN, Paragraph, Unmeasurable, measure_paragraph

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
SAFETY = 0.05  # px kept free on each line, for rounding in the shaper
KERNING_OFF = 2 / 1024  # px of word spacing: the least Pango applies, which cuts runs at spaces
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class ParagraphPlan:
    """How one paragraph was set: its lines, the width it was set at, what it looked like."""

    element: object
    measure: float
    paragraph: Paragraph
    lines: list[Line]
    texts: list[str]  # each line's text as planned (no soft hyphens, plain spaces)
    justified: bool
    originals: list[tuple[boxes.ParentBox, list]] = field(default_factory=list)
    produced: int = 0
    mismatches: int = 0


@dataclass
class Compositor:
    """Composes every paragraph of one layout and remembers the plans, in order."""

    limit_hyphens: bool = True  # at most two hyphenated line ends in a row
    plans: list[ParagraphPlan] = field(default_factory=list)
    skipped: int = 0

    def plan(self, line_box: boxes.LineBox, containing_block) -> ParagraphPlan | None:
        existing: ParagraphPlan | None = getattr(line_box, "publish_plan", None)
        measure = containing_block.width
        if existing is not None:
            if abs(existing.measure - measure) < 0.01:
                return existing
            _restore(existing)
        style = line_box.style
        align = style["text_align_all"]
        justified = align == "justify"
        indent = percentage(style["text_indent"], style, measure) or 0.0
        try:
            paragraph = measure_paragraph(line_box, indent, ragged=not justified)
        except Unmeasurable as reason:
            self.skipped += 1
            log.debug("left to WeasyPrint (%s): %s", reason, containing_block.element_tag)
            return None
        settings = _settings(style, indent, justified, self.limit_hyphens)
        if _is_heading(containing_block):
            lines = _balanced(paragraph, measure, settings)
        else:
            lines = break_lines(paragraph.items, measure, settings)
        plan = ParagraphPlan(containing_block.element, measure, paragraph, lines, _line_texts(paragraph, lines), justified)
        _apply(plan)
        line_box.publish_plan = plan
        self.plans.append(plan)
        return plan

    def check(self, plan: ParagraphPlan, line: boxes.LineBox) -> None:
        """Compare a line WeasyPrint made with the planned one (lines laid out again on the
        next page, or on a page made again, are found by their text)."""
        made = normalise("".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)))
        expected = plan.produced
        if expected < len(plan.texts) and plan.texts[expected] == made:
            plan.produced += 1
        elif made in plan.texts:
            plan.produced = plan.texts.index(made) + 1
        else:
            plan.mismatches += 1
            log.debug("a line set as %r, not as planned", made)


@contextlib.contextmanager
def composing(compositor: Compositor) -> Iterator[None]:
    """While active, WeasyPrint sets paragraphs in the lines `compositor` chooses."""
    original = weasyprint_block.iter_line_boxes

    def iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block, *rest):
        plan = compositor.plan(box, containing_block) if skip_stack is None else getattr(box, "publish_plan", None)
        lines = original(context, box, position_y, bottom_space, skip_stack, containing_block, *rest)
        for line, resume_at in lines:
            if plan is not None:
                compositor.check(plan, line)
            yield line, resume_at

    weasyprint_block.iter_line_boxes = iter_line_boxes
    try:
        yield
    finally:
        weasyprint_block.iter_line_boxes = original


def _is_heading(block) -> bool:
    """Headings and title lines are balanced rather than filled."""
    element = block.element
    classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
    return block.element_tag in HEADINGS or "subtitle" in classes


def _settings(style, indent: float, justified: bool, limit_hyphens: bool) -> Settings:
    """A last line shorter than twice the indent (or three ems) is a stub; ragged lines may
    fall three ems short of the measure before they count as bad."""
    size = style["font_size"]
    stub = max(2 * indent, 3 * size)
    ladders = 2 if limit_hyphens else None
    return Settings(runt_width=stub, line_stretch=0.0 if justified else 3 * size, max_hyphenated_in_row=ladders)


def _balanced(paragraph: Paragraph, measure: float, settings: Settings) -> list[Line]:
    """Lines of nearly equal length: the narrowest measure that keeps the line count."""
    lines = break_lines(paragraph.items, measure, settings)
    if len(lines) < 2:
        return lines
    low, high = measure / len(lines), measure
    best = lines
    for _ in range(12):
        middle = (low + high) / 2
        trial = break_lines(paragraph.items, middle, settings)
        if len(trial) <= len(lines) and max(line.natural_width for line in trial) <= middle + 0.01:
            best, high = trial, middle
        else:
            low = middle
    return best


def _break_positions(paragraph: Paragraph, lines: list[Line]) -> dict[int, str]:
    """Character index → what breaks there: ' ' (a space), '-' (a soft hyphen), '|' (before it)."""
    breaks: dict[int, str] = {}
    for line in lines[:-1]:
        item = paragraph.items[line.end]
        index = item.ref
        assert isinstance(index, int)
        if item.kind == GLUE:
            breaks[index] = " "
        elif paragraph.text[index] == SOFT_HYPHEN:
            breaks[index] = "-"
        else:
            breaks[index] = "|"
    return breaks


def _line_texts(paragraph: Paragraph, lines: list[Line]) -> list[str]:
    breaks = sorted(_break_positions(paragraph, lines).items())
    texts = []
    start = 0
    for index, kind in breaks:
        texts.append(normalise(paragraph.text[start:index]) + ("-" if kind == "-" else ""))
        start = index + 1 if kind in " -" else index
    texts.append(normalise(paragraph.text[start:]))
    return texts


def normalise(text: str) -> str:
    """A line's text for comparison: what a reader sees, spaces as spaces."""
    return text.replace(SOFT_HYPHEN, "").replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ").strip()


def _apply(plan: ParagraphPlan) -> None:
    """Rewrite the paragraph's text boxes so that first-fit finds the planned breaks only."""
    paragraph = plan.paragraph
    breaks = _break_positions(paragraph, plan.lines)
    opportunities = {  # places Pango could break besides spaces and soft hyphens
        item.ref
        for item in paragraph.items
        if item.kind == PENALTY and item.cost < INFINITY and paragraph.text[item.ref] != SOFT_HYPHEN
    }
    parents = {id(piece.parent): piece.parent for piece in paragraph.pieces}
    plan.originals = [(parent, list(parent.children)) for parent in parents.values()]
    for piece in paragraph.pieces:
        piece.box.publish_original = (piece.box.text, piece.box.style)
        new: list[str] = []
        piece.new_offsets = []
        for offset, char in enumerate(piece.box.text):
            index = piece.start + offset
            piece.new_offsets.append(len(new))
            if char == " ":
                new.append(" " if breaks.get(index) == " " else NO_BREAK_SPACE)
            elif char == SOFT_HYPHEN:
                if breaks.get(index) == "-":
                    new.append(char)
            else:
                if index in opportunities and breaks.get(index) != "|":
                    new.append(WORD_JOINER)
                new.append(char)
        piece.new_offsets.append(len(new))
        if new:
            piece.box.text = "".join(new)
    if plan.justified:
        _tighten(plan)


def _tighten(plan: ParagraphPlan) -> None:
    """Lower the word spacing where chosen lines are tighter than natural: of every line
    but the last, which keeps its natural spacing (its text boxes are split off)."""
    if len(plan.lines) < 2 and plan.lines[0].natural_width <= plan.measure - SAFETY:
        return
    paragraph = plan.paragraph
    lowering = 0.0
    last = plan.lines[-1]
    crowded_last = last.natural_width > plan.measure - SAFETY  # a full last line, shrunk like the rest
    for line in plan.lines if crowded_last else plan.lines[:-1]:
        spaces = sum(1 for item in paragraph.items[line.start + 1 : line.end] if item.kind == GLUE)
        excess = line.natural_width - (plan.measure - SAFETY)
        if excess > 0 and spaces:
            lowering = max(lowering, excess / spaces)
    # Even with no lowering needed, a token one: Pango then measures the lines as justification
    # will draw them (no kerning across spaces), so WeasyPrint's justified lines end exactly at
    # the measure instead of overshooting it by the kerning it forgot.
    lowering = max(lowering, KERNING_OFF)
    boundary = len(paragraph.text) if crowded_last else _last_line_spacing_start(plan)
    for piece in paragraph.pieces:
        end = piece.start + len(piece.new_offsets) - 1
        if piece.start >= boundary:
            break
        style = piece.box.style.copy()
        style["word_spacing"] = style["word_spacing"] - lowering
        if end <= boundary:
            piece.box.style = style
            continue
        cut = piece.new_offsets[boundary - piece.start]
        head, tail = piece.box.text[:cut], piece.box.text[cut:]
        if not tail:
            piece.box.style = style
        elif head:
            first = piece.box.copy_with_text(head)
            first.style = style
            second = piece.box.copy_with_text(tail)
            children = list(piece.parent.children)
            index = children.index(piece.box)
            children[index : index + 1] = [first, second]
            piece.parent.children = type(piece.parent.children)(children)
        break


def _last_line_spacing_start(plan: ParagraphPlan) -> int:
    """Where the spaces of the last line begin: after the last space before it starts."""
    if len(plan.lines) < 2:
        return 0
    text = plan.paragraph.text
    start = plan.paragraph.items[plan.lines[-1].start].ref
    assert isinstance(start, int)
    for index in range(start, -1, -1):
        if text[index] in (" ", NO_BREAK_SPACE):
            return index + 1
    return 0


def _restore(plan: ParagraphPlan) -> None:
    for parent, children in plan.originals:
        parent.children = children
    for piece in plan.paragraph.pieces:
        piece.box.text, piece.box.style = piece.box.publish_original
