"""Making WeasyPrint set the lines the breaker chose, in its one layout of the document.

WeasyPrint fills lines first-fit. While `composing()` is active, each paragraph is composed
at the moment WeasyPrint starts to set it — when its measure and styles are known — and its
text boxes are replaced by one box per line (and per stretch of a line that may be
letter-spaced), so that first-fit can only find the chosen breaks:

- a space inside a chosen line becomes a no-break space (WeasyPrint still justifies it), a
  chosen soft hyphen becomes the hyphen itself at the end of its line's box, and any other
  soft hyphen is dropped; the space a line breaks at is left out (WeasyPrint would only
  strip it from the line's end, shaping the line again to do so);
- the box that ends a line tells WeasyPrint, when it is laid out, that the line ends after
  it, as if Pango had broken the text there: so WeasyPrint never tries the next line's text
  on this line (shaping a whole line only to find it does not fit), which halves its work;
- any other place Pango could break (after a dash or a slash) gets a word joiner, which
  draws nothing and extracts as nothing;
- each line's boxes carry the line's own letter spacing (see publish.compose.spacing), a
  word spacing lowered just enough that the line fits, and the scale its glyphs are drawn
  at: WeasyPrint lays the line out at the measure divided by that scale and justifies it
  there, and `drawing.scaled_lines` draws it scaled back to the measure exactly. A paragraph's last
  line keeps its natural spacing.

Page ends: as WeasyPrint sets a paragraph, the lines ahead are looked at before a line is
handed over; when a line would end a page with a hyphen, the rest of the paragraph is broken
again with that line ending at a space (the same number of lines when it can, so no page
break moves) and WeasyPrint goes on from there.

Only the text boxes WeasyPrint lays out for print change: the document, the EPUB and the
HTML never see any of this. Every line WeasyPrint then makes is checked against the plan.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import enum
import logging
import math
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from publish.compose import seam
from publish.compose.breaker import (
    GLUE,
    INFINITY,
    PENALTY,
    Constraints,
    Item,
    Line,
    Settings,
    break_lines,
    penalty,
    try_break_lines,
)
from publish.compose.measure import (
    HYPHEN_WIDTHS,
    NO_BREAK_SPACE,
    SOFT_HYPHEN,
    SPACE_KERNING,
    Paragraph,
    Unmeasurable,
    any_between,
    measure_paragraph,
)
from publish.compose.seam import Box, Context, SkipStack, Style, boxes
from publish.compose.spacing import EMERGENCY, LEVELS, NONE, RESCUE, SCALING, LineGive, line_give

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
SAFETY = 0.05  # px kept free on each line, for rounding in the shaper
KERNING_OFF = 2 / 1024  # px of word spacing: the least Pango applies, which cuts runs at spaces
# (for fonts that kern letters with the space; WeasyPrint then sets a line as it will draw it)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class LineSpacing:
    """How one line is spaced: letter and word spacing added to its boxes (px), the word
    space that results as drawn, in the font's normal spaces (for the report), and the factor
    the line is drawn scaled by, horizontally (see `scaled_lines`)."""

    letter: float
    word: float
    space: float
    scale: float = 1.0
    full: bool = False  # spaced to the measure exactly: WeasyPrint need not justify it


@dataclass
class ParagraphPlan:
    """How one paragraph was set: its lines, the width it was set at, what it looked like."""

    element: object
    measure: float
    paragraph: Paragraph
    settings: Settings
    lines: list[Line]
    justified: bool
    texts: list[str] = field(default_factory=list)  # each line's text as planned (plain spaces)
    spacing: list[LineSpacing] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # where each line starts in the paragraph's text
    first: list[Line] | None = None  # the lines before any page-end change
    originals: list[tuple[Box, list[Box]]] = field(default_factory=list)
    made: list[list[boxes.TextBox]] = field(default_factory=list)  # each text piece's boxes, a line's share each
    mismatches: int = 0

    def locate(self, line: boxes.LineBox) -> int | None:
        """The planned line (from 0) that WeasyPrint's `line` is: the line its first box was
        made for (each box knows where its line starts), if it holds that line's text; None
        when WeasyPrint set the line otherwise. (Not found by its text alone: a text that
        repeats itself has the same line twice.)"""
        start = next(
            (
                box.publish_line_start
                for box in line.descendants()
                if getattr(box, "publish_line_start", None) is not None
            ),
            None,
        )
        if start is None:
            return None
        number = bisect.bisect_left(self.starts, start)
        if number == len(self.starts) or self.starts[number] != start or self.texts[number] != line_text(line):
            return None
        return number


@dataclass
class Compositor:
    """Composes every paragraph of one layout and remembers the plans, in order."""

    limit_hyphens: bool = True  # at most two hyphenated line ends in a row
    plans: list[ParagraphPlan] = field(default_factory=list)
    skipped: int = 0
    following: dict[int, bool] = field(default_factory=dict)  # id(element) → whether anything follows it

    def read(self, root: Any) -> None:
        """Note of each element of the document whether another element follows it (after its
        own descendants), for `followed`."""
        seen = 0  # elements met so far, in document order
        end_of: dict[int, int] = {}  # id(element) → elements met by the end of its descendants
        stack = [(root, False)]  # (element, its descendants done): no recursion, however deep
        while stack:
            element, done = stack.pop()
            if done:
                end_of[id(element)] = seen
                continue
            seen += 1
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(list(element)))
        self.following = {key: end < seen for key, end in end_of.items()}

    def forget_the_making(self) -> None:
        """Once the document is laid out, keep of each plan only what the report reads (its
        lines, their texts, spacing and starts): the measured paragraph and the boxes made
        for WeasyPrint are freed before the PDF is written."""
        for plan in self.plans:
            plan.made, plan.originals, plan.first = [], [], None
            plan.paragraph = dataclasses.replace(plan.paragraph, pieces=[], items=[], letters=[], edges={})

    def plan(self, line_box: Box, containing_block: Box) -> ParagraphPlan | None:
        existing: ParagraphPlan | None = getattr(line_box, "publish_plan", None)
        measure = containing_block.width
        if existing is not None and abs(existing.measure - measure) < 0.01:
            if existing.first is not None:  # laid out again from its start: as first planned
                existing.lines = existing.first
                existing.first = None
                _apply(existing)
            return existing
        if existing is not None:
            _restore(existing)
        if (line_box.element_tag or "").endswith("marker"):
            return None  # a list item's number or bullet, set in its own little box
        style = line_box.style
        justified = style["text_align_all"] == "justify"
        indent = seam.percentage(style["text_indent"], style, measure) or 0.0
        try:
            paragraph = measure_paragraph(line_box, indent, ragged=not justified)
        except (Unmeasurable, seam.Unshaped) as reason:
            self.skipped += justified  # a contents line with its leader is no loss; a paragraph is
            log.debug("left to WeasyPrint (%s): %s", reason, containing_block.element_tag)
            return None
        settings = _settings(style, indent, justified, self.limit_hyphens)
        if _is_heading(containing_block):
            paragraph = _quotes_unbroken(paragraph, measure)
            lines = _balanced(paragraph, measure, settings)
        else:
            composed = _compose(paragraph, measure, settings, Constraints(), Effort.WHOLE)
            assert composed is not None, "the emergency give always sets a paragraph"
            lines = composed
        paragraph.forget_counts()
        plan = ParagraphPlan(containing_block.element, measure, paragraph, settings, lines, justified)
        _apply(plan)
        line_box.publish_plan = plan
        self.plans.append(plan)
        return plan

    def check(self, plan: ParagraphPlan, line: boxes.LineBox) -> None:
        """Compare a line WeasyPrint made with the planned one."""
        if plan.locate(line) is None:
            plan.mismatches += 1
            log.debug("a line set as %r, not as planned", line_text(line))

    def keep_off_page_end(self, plan: ParagraphPlan, start: int, number: int, effort: Effort) -> bool:
        """Break the paragraph again from line `start` (from 0) on, so that line `number`,
        which will end a page, ends at a space. Lines before `start` stay (they are set
        already); the same number of lines when possible, so that no page break moves; giving
        up as much as `effort` allows (see `_compose`). True when the lines changed."""
        lines = plan.lines
        # In a paragraph of pages, only a window of lines is broken again, up to a line a few
        # after the page's end that ends at a space, the lines after it staying as they were:
        # it is broken again page after page, and breaking all of its rest each time grew with
        # the square of its length (a 100 KB paragraph took minutes). A shorter rest is broken
        # again whole, which finds a page end without a hyphen more often.
        stop = _window_end(plan.paragraph, lines, number + WINDOW) if len(lines) - start > LONG_REST else len(lines)
        wanted = frozenset({number - start + 1})
        # The same number of lines, else any: the first way with no loose line more than it had
        # (the breaker is not asked for the second when the first is that); at a left-hand
        # page's foot, where a hyphen is allowed, none at all (a loose line is the worse fault).
        ways = []
        best = None
        for count in (stop - start, None):
            found = _rebreak(plan, start, stop, Constraints(no_hyphen_on=wanted, lines=count), effort)
            if found is None or (count is not None and len(found) != count):
                continue
            if len(found) > number - start and not found[number - start].hyphenated:
                ways.append(found)
                if _no_looser(found, lines[start:stop]):
                    best = found
                    break
        if best is None and effort >= Effort.TURN and ways:
            best = ways[0]
        if best is None:
            return False
        _replace_lines(plan, start, stop, best)
        return True

    def fill_the_page(self, plan: ParagraphPlan, number: int, fit: int, widows: int, orphans: int) -> bool:
        """Set the paragraph from line `number` (the first on this page, where `fit` lines fit)
        a line longer or shorter when, as it is, WeasyPrint would leave the page a line or two
        short: for a widow (too few of its lines left for the next page, so lines would be
        taken over with them) or for the next paragraph's orphan (too few lines left on this
        page after it for the next paragraph to begin). Of the two ways, the one whose worst
        line is the better; only within the comfortable give (a loose line is not worth a
        full page) or the paragraph's own worst line, and never ending the page in a hyphen. True when the lines changed."""
        count = len(plan.lines)
        if count - number > LONG_REST or not plan.justified:
            return False
        remaining = count - number - fit  # lines for the next page
        if 0 < remaining < widows:
            counts = (count + widows - remaining, count - remaining)
        elif remaining < 0 and -remaining < orphans and self.followed(plan):
            counts = (count - remaining, count - (orphans + remaining))
        else:
            return False
        best: list[Line] | None = None
        for wanted in counts:
            if wanted - number < (orphans if number == 0 else 1) or _strain_of(plan, wanted - number, number) is None:
                continue
            crossing = wanted - number > fit
            constraints = Constraints(no_hyphen_on=frozenset({fit} if crossing else ()), lines=wanted - number)
            found = _rebreak(plan, number, count, constraints, Effort.PAGE_END)
            if found is None or len(found) != wanted - number or not _no_looser(found, plan.lines[number:]):
                continue  # a full page is not worth a line looser than the comfortable give
            if best is None or _worst(found) < _worst(best):
                best = found
        if best is None:
            return False
        _replace_lines(plan, number, count, best)
        return True

    def refill(
        self, pages: list[Any], longer_only: bool = False, shorter_only: bool = False
    ) -> Iterator[tuple[int, Callable[[], Callable[[], None]]]]:
        """The ways to set one paragraph begun on `pages` a line longer or shorter within the
        comfortable give (or its own worst line), those on the last page first, the likeliest
        first (the paragraph whose other lines have the least to take up or in): so that the pages, made again, end full
        where a widow or an orphan kept a line off (publish.compose.spreads). Each is the page
        (of `pages`) the paragraph begins on, and the change: it makes the change when called
        and returns how to undo it. Found as they are asked for: the breaker is what costs.
        `longer_only`: only a line longer, for filling a page a heading left (each paragraph
        at most once)."""
        tries = []
        for page, plan in _plans_begun_on(pages):
            if len(plan.lines) <= LONG_REST and plan.justified:
                ways = (len(plan.lines) + 1, len(plan.lines) - 1)
                for wanted in ways[:1] if longer_only else ways[1:] if shorter_only else ways:
                    strain = _strain_of(plan, wanted)
                    if strain is not None:
                        tries.append((strain, page, plan, wanted))
        # The likeliest first, on the last page first: a change there makes one page again, not two.
        for _, page, plan, wanted in sorted(tries, key=lambda way: (-way[1], way[0])):
            count = len(plan.lines)
            found = _rebreak(plan, 0, count, Constraints(lines=wanted), Effort.PAGE_END)
            if found is not None and len(found) == wanted and _no_looser(found, plan.lines):
                yield page, _set_again(plan, found)

    def followed(self, plan: ParagraphPlan) -> bool:
        """Whether anything follows the paragraph in the document (an orphan's worth of lines
        left after the last paragraph is only the end of the text)."""
        return self.following.get(id(plan.element), True)


def _set_again(plan: ParagraphPlan, lines: list[Line]) -> Callable[[], Callable[[], None]]:
    """A change of the paragraph's lines to `lines`, kept however often it is laid out again."""

    def change() -> Callable[[], None]:
        saved = plan.lines, plan.first

        def undo() -> None:
            plan.lines, plan.first = saved
            _apply(plan)

        plan.lines, plan.first = lines, None
        _apply(plan)
        return undo

    return change


def _strain_of(plan: ParagraphPlan, wanted: int, start: int = 0) -> float | None:
    """How hard it would be to set the paragraph's lines from `start` on in `wanted` lines, a
    line more or less than they are, as a share of the measure each other line must take up (a
    line more: what its last line lacks) or take in (a line less: what its last line holds);
    None when it is more than about the comfortable give (a fourteenth or a twentieth of the
    measure), not worth asking the breaker."""
    count, measure = len(plan.lines) - start, plan.measure
    if wanted < 1 or count < 2:
        return None
    last = plan.lines[-1].natural_width
    if wanted > count:
        strain = (measure - last) / count / measure
        return strain if strain <= 1 / 14 else None
    strain = last / (count - 1) / measure
    return strain if strain <= 1 / 20 else None


def _plans_begun_on(pages: list[Any]) -> list[tuple[int, ParagraphPlan]]:
    """The composed paragraphs whose first line is on one of `pages`, in order, each with the
    page (its place in `pages`) it begins on."""
    found: dict[int, tuple[int, ParagraphPlan]] = {}
    for number, page in enumerate(pages):
        for box in page.descendants():
            plan = getattr(box, "publish_plan", None) if isinstance(box, boxes.LineBox) else None
            if plan is not None and id(plan) not in found and plan.locate(box) == 0:
                found[id(plan)] = (number, plan)
    return list(found.values())


def _no_looser(lines: list[Line], than: list[Line]) -> bool:
    """Whether `lines` have no more lines beyond the comfortable give than `than` has, and
    none further beyond it (a full page is not worth a loose line)."""
    return _strained(lines) <= _strained(than) and _worst(lines) <= max(1.0, _worst(than))


def _strained(lines: list[Line]) -> int:
    return sum(line.ratio > 1 for line in lines[:-1])


def _worst(lines: list[Line]) -> float:
    """How far the most strained of `lines` is stretched or shrunk (its ratio, either way)."""
    return max(abs(line.ratio) for line in lines[:-1]) if len(lines) > 1 else 0.0


def _rebreak(plan: ParagraphPlan, start: int, stop: int, constraints: Constraints, effort: Effort) -> list[Line] | None:
    """Lines [start, stop) of the paragraph broken again under `constraints` (numbered from
    `start`), or None; any short word's tie they break at is undone in the paragraph's items."""
    paragraph, lines = plan.paragraph, plan.lines
    position = lines[start].start if start else -1
    first_item = _first_item_after(paragraph, position)
    if first_item is None:
        return None
    end_item = lines[stop - 1].end if stop < len(lines) else len(paragraph.items)
    rest = dataclasses.replace(
        paragraph,
        items=paragraph.items[first_item:end_item],
        letters=paragraph.letters[first_item:end_item],
        indent=paragraph.indent if first_item == 0 else 0.0,
    )
    open_end = dataclasses.replace(constraints, open_end=stop < len(lines))
    found = _compose(rest, plan.measure, plan.settings, open_end, effort)
    if found is None:
        return None
    paragraph.items[first_item:end_item] = rest.items
    return [_offset(line, first_item, position, end_item) for line in found]


def _replace_lines(plan: ParagraphPlan, start: int, stop: int, found: list[Line]) -> None:
    if plan.first is None:
        plan.first = list(plan.lines)
    plan.lines = plan.lines[:start] + found + plan.lines[stop:]
    _apply(plan, start, len(found))


@contextlib.contextmanager
def composing(compositor: Compositor) -> Iterator[None]:
    """While active, WeasyPrint sets paragraphs in the lines `compositor` chooses."""
    original = seam.LINE_BOXES.now()
    original_line_size = seam.LINE_SIZE.now()
    original_split_text_box = seam.SPLIT_TEXT_BOX.now()
    original_text_align = seam.TEXT_ALIGN.now()
    original_avoid_collisions = seam.AVOID_COLLISIONS.now()

    def line_size(line: Any, style: Style) -> tuple[float, float]:
        """A letter-spaced line box ends at its last letter: WeasyPrint counts a letter space
        after it, which would leave the justified line's ink short of the measure by that
        much (or past it, when the spacing is negative). CSS Text 3 agrees: no letter
        spacing at the end of a line."""
        width, height = original_line_size(line, style)
        if getattr(style, "publish_letter_spaced", False):
            width -= style["letter_spacing"]
        return width, height

    def iter_line_boxes(
        context: Context,
        box: Box,
        position_y: float,
        bottom_space: float,
        skip_stack: SkipStack,
        containing_block: Box,
        *rest: Any,
    ) -> Iterator[tuple[Box, SkipStack]]:
        plan = compositor.plan(box, containing_block) if skip_stack is None else getattr(box, "publish_plan", None)
        if plan is None:
            yield from original(context, box, position_y, bottom_space, skip_stack, containing_block, *rest)
            return
        yield from _set_lines(
            compositor, plan, original, context, box, position_y, bottom_space, skip_stack, containing_block, rest
        )

    def split_text_box(
        context: Context, box: Box, available_width: float | None, skip: int | None, is_line_start: bool = True
    ) -> tuple[Box, int | None, bool]:
        """A box that ends a planned line ends WeasyPrint's line too (see the module's doc).

        A line's box is split the same way each time its page is made again (a spread evened,
        a page reference resolved): the first split is kept on the box, and a copy of it
        handed out after, which spares Pango shaping the line again (a tenth of a long
        book's layout). WeasyPrint places and justifies the copy it gets, never the kept one."""
        line_end = getattr(box, "publish_line_end", None)
        if line_end is None:  # not a planned line's box
            split: tuple[Box, int | None, bool] = original_split_text_box(
                context, box, available_width, skip, is_line_start
            )
            return split
        key = (available_width, skip, is_line_start, box.justification_spacing)
        kept = box.__dict__.get("publish_split")
        if kept is not None and kept[0] == key:
            kept_box, resume, preserved = kept[1]
            return (None if kept_box is None else kept_box.copy()), resume, preserved
        new_box, resume, preserved = original_split_text_box(context, box, available_width, skip, is_line_start)
        if resume is None and available_width is not None and line_end:
            resume, preserved = len(box.text.encode()), False
        box.publish_split = (key, (None if new_box is None else new_box.copy(), resume, preserved))
        return new_box, resume, preserved

    def avoid_collisions(
        context: Context, box: Box, containing_block: Box, outer: bool = True
    ) -> tuple[float, float, float]:
        """The width a composed paragraph's lines are laid out in: wider than its measure by
        what a line drawn narrower (see `scaled_lines`) takes before it is scaled, so that
        WeasyPrint never finds a planned line too long and looks for a break in it."""
        position_x, position_y, width = original_avoid_collisions(context, box, containing_block, outer)
        if _is_composed(box):
            width *= ROOM
        return position_x, position_y, width

    def text_align(context: Context, line: Box, available_width: float, last: bool) -> float:
        """A composed line is justified to the width it has before it is drawn scaled: its
        text's share of the measure divided by the scale."""
        if _is_composed(line):
            first = first_text(line)
            available_width /= ROOM
            scale = getattr(first, "publish_scale", 1.0)
            lead = line.children[0].position_x - line.position_x if line.children else 0.0
            if scale != 1.0:
                available_width = lead + (available_width - lead) / scale
            if getattr(first, "publish_justified", False) and line.width > lead:
                # Its word spacing fills the measure already (see _line_spacing); what the
                # shaper's rounding left over, a hundredth of a point or so, its drawing's scale
                # takes up (see scaled_lines), rather than WeasyPrint shaping it again to justify.
                line.publish_fit = (available_width - lead) / (line.width - lead)
                return 0
        offset: float = original_text_align(context, line, available_width, last)
        return offset

    hooks = {
        seam.LINE_BOXES: iter_line_boxes,
        seam.LINE_SIZE: line_size,
        seam.SPLIT_TEXT_BOX: split_text_box,
        seam.TEXT_ALIGN: text_align,
        seam.AVOID_COLLISIONS: avoid_collisions,
    }
    try:
        with seam.replaced(hooks):
            yield
    finally:
        HYPHEN_WIDTHS.clear()
        SPACE_KERNING.clear()


ROOM = 1 / (1 - SCALING) + 0.001  # see avoid_collisions in `composing`


def _is_composed(line: boxes.LineBox) -> bool:
    """Whether `line` (WeasyPrint's line box of a paragraph, or one of its lines) belongs to
    a justified paragraph the compositor set."""
    plan = getattr(line, "publish_plan", None)
    return plan is not None and plan.justified


def first_text(line: boxes.LineBox) -> boxes.TextBox | None:
    """The line's first text box (its glyphs' scale is on each of them)."""
    children = line.children
    if children and isinstance(children[0], boxes.TextBox):  # most lines
        return children[0]
    for box in line.descendants():
        if isinstance(box, boxes.TextBox):
            return box
    return None


def _set_lines(
    compositor: Compositor,
    plan: ParagraphPlan,
    original: Callable[..., Iterator[tuple[Box, SkipStack]]],
    context: Context,
    box: Box,
    position_y: float,
    bottom_space: float,
    skip_stack: SkipStack,
    containing_block: Box,
    rest: tuple[Any, ...],
) -> Iterator[tuple[Box, SkipStack]]:
    """WeasyPrint's lines of one paragraph, with the page end in view.

    When the paragraph starts (or goes on at the top of a new page), where this page will end
    is foreseen from the first line's height; if a line that would end the page ends in a
    hyphen, the lines from here on are broken again, with all of this page's lines free to
    move. Lines are also looked at a few ahead before WeasyPrint gets them, which catches
    what the forecast missed (a footnote that took room): then only the lines from the
    page's last on can change, and only within the normal spacing."""
    widows = containing_block.style["widows"]
    orphans = containing_block.style["orphans"]
    lines = original(context, box, position_y, bottom_space, skip_stack, containing_block, *rest)
    ahead: deque[tuple[Box, SkipStack]] = deque()
    resume_before = skip_stack  # where the line at the head of `ahead` starts
    on_page = 0  # lines of this paragraph already on this page
    tried: set[int] = set()
    foreseen = False
    while True:
        while len(ahead) < widows + 2:
            made = next(lines, None)
            if made is None:
                break
            ahead.append(made)
        if not ahead:
            return
        line, resume_at = ahead[0]
        number = plan.locate(line)
        right_hand = (context.current_page or 1) % 2 == 1
        if not foreseen and number is not None:
            foreseen = True
            fit = _lines_that_fit(context, bottom_space, line, len(plan.lines) - number + orphans)
            filled = compositor.fill_the_page(plan, number, fit, widows, orphans)
            last = _last_line_on_page(fit, number, len(plan.lines), widows, orphans)
            kept = (
                last is not None
                and plan.lines[last].hyphenated
                and compositor.keep_off_page_end(plan, number, last, Effort.TURN if right_hand else Effort.PAGE_END)
            )
            if filled or kept:
                ahead.clear()
                lines = original(context, box, position_y, bottom_space, skip_stack, containing_block, *rest)
                continue
        if (
            on_page
            and number is not None
            and number not in tried
            and plan.lines[number].hyphenated
            and _ends_page(context, bottom_space, ahead, number, len(plan.lines), widows, orphans, on_page)
        ):
            tried.add(number)
            if compositor.keep_off_page_end(plan, number, number, Effort.PAGE_END):
                ahead.clear()
                lines = original(
                    context, box, line.position_y, bottom_space, resume_before, containing_block, *rest[:2], None, None
                )
                continue
        ahead.popleft()
        compositor.check(plan, line)
        on_page += 1
        resume_before = resume_at
        yield line, resume_at


def _lines_that_fit(context: Context, bottom_space: float, first: Box, most: int) -> int:
    """How many lines as high as `first` fit on this page from it on (at most `most`)."""
    fit = 0
    while fit < most and not context.overflows_page(bottom_space, first.position_y + (fit + 1) * first.height):
        fit += 1
    return fit


def _last_line_on_page(fit: int, number: int, count: int, widows: int, orphans: int) -> int | None:
    """The line (from 0) that will end this page when `fit` lines fit on it from line `number`
    on, after WeasyPrint's widow and orphan rules; None when the paragraph ends on this page or
    moves to the next."""
    if fit >= count - number:
        return None
    last = min(number + fit - 1, count - 1 - widows)
    if last - number + 1 < (orphans if number == 0 else 1) or last < number:
        return None
    return last


def _ends_page(
    context: Context,
    bottom_space: float,
    ahead: deque[tuple[Box, SkipStack]],
    number: int,
    count: int,
    widows: int,
    orphans: int,
    on_page: int,
) -> bool:
    """Whether WeasyPrint will end the page after `ahead[0]` (line `number` of `count`): the
    first line ahead that overflows, moved back for widows, as WeasyPrint's own rules do."""
    for offset, (line, _) in enumerate(ahead):
        if context.overflows_page(bottom_space, line.position_y + line.height):
            last = number + offset - 1  # the last line that fits
            last = min(last, count - 1 - widows)  # enough lines left for the next page
            lines_here = on_page + (last - number) + 1
            return offset > 0 and last == number and lines_here >= orphans
    return False


def _is_heading(block: Box) -> bool:
    """Headings and title lines are balanced rather than filled."""
    element = block.element
    classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
    return block.element_tag in HEADINGS or "subtitle" in classes


def _settings(style: Style, indent: float, justified: bool, limit_hyphens: bool) -> Settings:
    """A last line shorter than twice the indent (or three ems) is a stub; ragged lines may
    fall three ems short of the measure before they count as bad."""
    size = style["font_size"]
    stub = max(2 * indent, 3 * size)
    ladders = 2 if limit_hyphens else None
    return Settings(runt_width=stub, line_stretch=0.0 if justified else 3 * size, max_hyphenated_in_row=ladders)


class Effort(enum.IntEnum):
    """How much of a paragraph's setting may be given up to find lines (see `_compose`)."""

    PAGE_END = 0  # a left-hand page's last line kept from ending in a hyphen: only if it costs little
    TURN = 1  # a right-hand page's: the reader would turn the leaf mid-word
    WHOLE = 2  # the paragraph set for the first time: it must be set


def _compose(
    paragraph: Paragraph, measure: float, settings: Settings, constraints: Constraints, effort: Effort
) -> list[Line] | None:
    """The paragraph's best lines, judged by the comfortable give (see spacing.py) and admitted
    if the lenient level sets them, a line needing more than the comfortable give costing as
    much as a press counts it. What a typesetter gives up next, in turn, when that fails: a
    third hyphenated line end in a row (book practice admits three; Russian, four); from the
    `TURN` effort on, a line ending in a short word such as "на" (typography binds it to the
    next word by preference), then letters tracked to the press's limit and spaces up to twice
    their width; for a `WHOLE` paragraph, spaces wider still, the looseness spread over the
    paragraph's lines rather than put into one, then the least bad lines whatever they are.
    Ragged text has no give but its rag."""
    if paragraph.ragged:
        if effort == Effort.WHOLE:
            return break_lines(paragraph.items, measure, settings, constraints)
        return try_break_lines(paragraph.items, measure, settings, constraints)
    unlimited = dataclasses.replace(settings, tolerance=math.inf)
    strict = dataclasses.replace(unlimited, strained_demerits=STRAINED_DEMERITS)
    comfortable, lenient = paragraph.give(LEVELS[0]), paragraph.give(LEVELS[-1])
    items = paragraph.items
    lines = try_break_lines(items, measure, strict, constraints, give=comfortable, limit=lenient)
    if lines is None and settings.max_hyphenated_in_row is not None:
        strict = dataclasses.replace(strict, max_hyphenated_in_row=settings.max_hyphenated_in_row + 1)
        lines = try_break_lines(items, measure, strict, constraints, give=comfortable, limit=lenient)
    if lines is None and effort >= Effort.TURN and paragraph.short_word_ties:
        untied = list(items)
        for index in paragraph.short_word_ties:
            untied[index] = penalty(0.0, SHORT_WORD_PENALTY, ref=items[index + 1].ref)  # breaks at the space
        lines = try_break_lines(untied, measure, strict, constraints, give=comfortable, limit=lenient)
        for line in lines or ():  # the ties the lines break at are undone in the paragraph itself
            if line.end < len(items) and untied[line.end] is not items[line.end]:
                items[line.end] = untied[line.end]
    if lines is None and effort >= Effort.TURN:
        lines = try_break_lines(items, measure, unlimited, constraints, give=comfortable, limit=paragraph.give(RESCUE))
    if lines is None and effort == Effort.WHOLE:
        most = paragraph.give(EMERGENCY)
        lines = try_break_lines(items, measure, unlimited, constraints, give=comfortable, limit=most)
        if lines is None:
            lines = try_break_lines(items, measure, unlimited, constraints, emergency=True, give=most)
    return lines


SHORT_WORD_PENALTY = 1500  # a line ending in "на": worse than two strained lines (see STRAINED_DEMERITS)
STRAINED_DEMERITS = 1e6  # as much as about ten hyphens, or two lines at the lenient level's loosest
WINDOW = 6  # lines after a page's end that a page-end change may move, in a long paragraph
LONG_REST = 60  # lines (two pages) of a paragraph's rest beyond which only a window is broken again


def _window_end(paragraph: Paragraph, lines: list[Line], wanted: int) -> int:
    """The line (from 0, exclusive) where a window of lines to break again ends: the first line
    from `wanted` on that ends at a space (a line ending in a hyphen would carry its hyphen
    into the window's last line); the paragraph's end when there is none."""
    for stop in range(max(wanted, 1), len(lines)):
        if paragraph.items[lines[stop - 1].end].kind == GLUE:
            return stop
    return len(lines)


def _first_item_after(paragraph: Paragraph, position: int) -> int | None:
    """The first box after the break at `position` (-1: the paragraph's start)."""
    for index in range(position + 1, len(paragraph.items)):
        if paragraph.items[index].kind not in (GLUE, PENALTY):
            return index
    return None


def _offset(line: Line, first_item: int, start: int, count: int) -> Line:
    """A line of the paragraph's rest, as a line of the whole paragraph."""
    begin = max(start, 0) if line.start == 0 else line.start + first_item
    end = count if line.end >= count - first_item else line.end + first_item
    return dataclasses.replace(line, start=begin, end=end)


QUOTED = re.compile(r"«[^«»]*»|„[^„“]*“|“[^“”]*”|\"[^\"]*\"")


def _quotes_unbroken(paragraph: Paragraph, measure: float) -> Paragraph:
    """A heading's paragraph with no break at a space inside quotes: a title does not break
    inside a quoted name («Южном / заводе»). A quotation too long for most of a line may still
    break."""
    spans = [match.span() for match in QUOTED.finditer(paragraph.text)]  # in order, not overlapping
    if not spans:
        return paragraph
    starts = [start for start, _ in spans]

    def span_of(index: int | None) -> int | None:
        found = bisect.bisect_right(starts, index) - 1 if index is not None else -1
        return found if found >= 0 and index is not None and index < spans[found][1] else None

    items: list[Item] = []
    letters: list[int] = []
    widths = [0.0] * len(spans)
    for item, count in zip(paragraph.items, paragraph.letters, strict=True):
        span = span_of(item.ref)
        if span is not None:
            widths[span] += item.width
            if item.kind == GLUE and item.ref != starts[span] and (not items or items[-1].kind != PENALTY):
                items.append(penalty(0.0, INFINITY))
                letters.append(0)
        items.append(item)
        letters.append(count)
    if len(items) == len(paragraph.items) or max(widths) > 0.8 * measure:
        return paragraph
    return dataclasses.replace(paragraph, items=items, letters=letters)


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


def _line_break(paragraph: Paragraph, line: Line) -> tuple[int, str]:
    """Where a line (not a paragraph's last) breaks in the text, and how: ' ' at a space,
    '-' at a soft hyphen (drawn as a hyphen), '|' before a character (after a dash)."""
    item = paragraph.items[line.end]
    index = item.ref
    assert isinstance(index, int)
    if item.kind == GLUE or paragraph.text[index] == NO_BREAK_SPACE:  # (the latter: a short word's tie undone)
        return index, " "
    return index, "-" if paragraph.text[index] == SOFT_HYPHEN else "|"


def _after(index: int, kind: str) -> int:
    """Where the line after a break at `index` starts."""
    return index if kind == "|" else index + 1


def _line_start(plan: ParagraphPlan, number: int) -> int:
    return 0 if number == 0 else _after(*_line_break(plan.paragraph, plan.lines[number - 1]))


def normalise(text: str) -> str:
    """A line's text for comparison: what a reader sees, spaces as spaces."""
    return text.replace(SOFT_HYPHEN, "").replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ").strip()


def line_text(line: boxes.LineBox) -> str:
    return normalise("".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)))


def _line_content(plan: ParagraphPlan, number: int) -> tuple[int, list[float]]:
    """Line `number`'s letter-spaced characters (its hyphen too) and its word spaces' widths."""
    paragraph, line = plan.paragraph, plan.lines[number]
    items = range(line.start + 1 if number else 0, line.end)
    spaces = [paragraph.items[index].width for index in items if paragraph.items[index].kind == GLUE]
    letters = sum(paragraph.letters[index] for index in items) + (1 if line.hyphenated else 0)
    return letters, spaces


def _natural_spacing(plan: ParagraphPlan, number: int) -> bool:
    """A paragraph's last line keeps its natural spacing (unless it is too long for that)."""
    last = number == len(plan.lines) - 1
    return not plan.justified or (last and plan.lines[number].natural_width <= plan.measure - SAFETY)


def _give(plan: ParagraphPlan, number: int, start: int, end: int, content: tuple[int, list[float]]) -> LineGive:
    """Line `number`'s letter spacing and glyph scaling: its share of the line's give (see
    spacing.py). A line with a ligature is not letter-spaced (letter spacing would undo the
    ligature): its glyphs and spaces take it."""
    if _natural_spacing(plan, number):
        return NONE
    letters, spaces = content
    ligatures = any_between(plan.paragraph.ligature_letters, start, end - 1)
    paragraph, line = plan.paragraph, plan.lines[number]
    extra = plan.measure - line.natural_width
    width = line.natural_width - _lead(plan, number)
    give = line_give(extra, 0 if ligatures else letters, sum(spaces), width, paragraph.space_em, paragraph.font_size)
    return dataclasses.replace(give, letter=0.0) if ligatures else give


def _lead(plan: ParagraphPlan, number: int) -> float:
    """What of line `number` is not drawn scaled: the first line's indent."""
    return plan.paragraph.indent if number == 0 else 0.0


def _line_spacing(
    plan: ParagraphPlan, number: int, give: LineGive, spaced_boxes: int, content: tuple[int, list[float]]
) -> LineSpacing:
    """The word spacing that makes line `number` exactly as wide as the measure, given its
    letter spacing and the scale it is drawn at, and the word space that results: WeasyPrint
    lays the line out at the measure it will have before it is scaled (see `composing`) and
    need not justify it (shaping every line again to do so). Each letter-spaced box of the
    line ends without a letter space."""
    if _natural_spacing(plan, number):
        return LineSpacing(0.0, 0.0, 1.0)
    paragraph, line = plan.paragraph, plan.lines[number]
    letters, spaces = content
    letter, scale = give.letter, give.scale
    lead = _lead(plan, number)
    measure = lead + (plan.measure - lead) / scale
    width = line.natural_width + letter * (letters - (spaced_boxes if letter < 0 else 0))
    kerning_off = KERNING_OFF if paragraph.kerns_at_spaces else 0.0
    if not spaces:  # nothing to justify: only kept from running over
        return LineSpacing(letter, -kerning_off, 1.0, scale)
    word = (measure - SAFETY - width) / len(spaces) - kerning_off
    normal = paragraph.space_em * paragraph.font_size
    gap = (sum(spaces) + (measure - width)) / len(spaces) + 2 * letter
    return LineSpacing(letter, word, gap * scale / normal, scale, full=True)


def _apply(plan: ParagraphPlan, first: int = 0, count: int | None = None) -> None:
    """Replace the paragraph's text boxes by boxes a line each, so that first-fit finds the
    planned breaks only, each with its line's spacing. Only lines [first, first + count) are
    new (all when `count` is None): the boxes of the others stay as they are, so that
    breaking a window of a long paragraph again costs the window, not the paragraph."""
    paragraph, lines = plan.paragraph, plan.lines
    if not plan.originals:
        parents = {id(piece.parent): piece.parent for piece in paragraph.pieces}
        plan.originals = [(parent, list(parent.children)) for parent in parents.values()]
        plan.made = [[] for _ in paragraph.pieces]
    stop = len(lines) if count is None else first + count
    previous = _line_break(paragraph, lines[first - 1]) if first else None  # the break before each line
    begin = _after(*previous) if previous else 0  # the characters whose lines are new: [begin, end)
    end = _line_start(plan, stop) if stop < len(lines) else len(paragraph.text) + 1
    old_first, old_stop = bisect.bisect_left(plan.starts, begin), bisect.bisect_left(plan.starts, end)
    texts: list[str] = []
    spacing: list[LineSpacing] = []
    starts: list[int] = []
    made: list[list[boxes.TextBox]] = [[] for _ in paragraph.pieces]
    start = begin
    for number in range(first, stop):
        line_break = _line_break(paragraph, lines[number]) if number < len(lines) - 1 else None
        after = _after(*line_break) if line_break else len(paragraph.text)
        shown = line_break[0] if line_break else len(paragraph.text)
        texts.append(normalise(paragraph.text[start:shown]) + ("-" if line_break and line_break[1] == "-" else ""))
        starts.append(start)
        content = _line_content(plan, number)
        give = _give(plan, number, start, after, content)
        joined = previous is not None and previous[1] == "|"
        segments = _segments(paragraph, start, after, line_break, start if joined else None)
        line_spacing = _line_spacing(plan, number, give, len(segments) if give.letter else 0, content)
        spacing.append(line_spacing)
        for position, (piece_index, text, closes, hyphen) in enumerate(segments):
            piece = _line_box_piece(paragraph.pieces[piece_index].box, text, line_spacing, plan.justified)
            piece.publish_hyphen = hyphen  # drawn, but extracts as nothing (see hyphens_as_nothing)
            piece.publish_line_start = start
            piece.publish_line_end = line_break is not None and position == len(segments) - 1 and not closes
            made[piece_index].append(piece)
        start, previous = after, line_break
    plan.texts[old_first:old_stop] = texts
    plan.spacing[old_first:old_stop] = spacing
    plan.starts[old_first:old_stop] = starts
    for piece_index, boxes_made in enumerate(made):
        kept = plan.made[piece_index]  # in line order: found by where their lines start
        low = bisect.bisect_left(kept, begin, key=_line_start_of)
        high = bisect.bisect_left(kept, end, key=_line_start_of)
        if boxes_made or low != high:
            kept[low:high] = boxes_made
    replacements = {id(piece.box): made or [piece.box] for piece, made in zip(paragraph.pieces, plan.made, strict=True)}
    for parent, children in plan.originals:
        new_children = []
        for child in children:
            new_children.extend(replacements.get(id(child), [child]))
        parent.children = type(children)(new_children) if not isinstance(children, list) else new_children


def _line_start_of(box: boxes.TextBox) -> int:
    start: int = box.publish_line_start
    return start


def _segments(
    paragraph: Paragraph, start: int, end: int, line_break: tuple[int, str] | None, joined_at: int | None
) -> list[tuple[int, str, bool, bool]]:
    """A line's share of each text box it runs through, [start, end) of the paragraph's text:
    (the box's piece, its text as drawn, whether an inline box with an edge closes after it,
    where WeasyPrint must find the line's end itself or it would lose that edge; whether it is
    the hyphen the line ends with, a box of its own so that it can extract as nothing)."""
    pieces = paragraph.pieces
    segments = []
    number = max(bisect.bisect_right(paragraph.piece_starts, start) - 1, 0)
    while number < len(pieces) and pieces[number].start < end:
        piece = pieces[number]
        piece_end = piece.start + len(piece.box.text)
        low, high = max(start, piece.start), min(end, piece_end)
        if low < high:
            hyphen = piece.box.style["hyphenate_character"]
            text = _drawn(paragraph, low, high, line_break, hyphen, joined_at)
            closes = high == piece_end and bool(paragraph.edges.get(piece_end))
            hyphenated = line_break is not None and line_break[1] == "-" and high == end and text.endswith(hyphen)
            if hyphenated and len(text) > len(hyphen):
                segments.append((number, text[: -len(hyphen)], False, False))
                segments.append((number, hyphen, closes, True))
            elif text:
                segments.append((number, text, closes, hyphenated))
        number += 1
    return segments


def _inside_a_line(text: str) -> str:
    """Spaces no-break, soft hyphens gone (two replaces: much faster than a translation table)."""
    return text.replace(" ", NO_BREAK_SPACE).replace(SOFT_HYPHEN, "")


def _drawn(
    paragraph: Paragraph, begin: int, end: int, line_break: tuple[int, str] | None, hyphen: str, joined_at: int | None
) -> str:
    """The text of `text[begin:end]` (one line's share of a box) as it is to be set: spaces
    no-break, soft hyphens gone, the break the line ends at (`line_break`) left out if a
    space and drawn if a soft hyphen, and a word joiner before each other place Pango could
    break (but `joined_at`, the line's start when the line before broke there)."""
    text, last = paragraph.text, end - 1
    at_break = line_break is not None and line_break[0] == last and line_break[1] in " -"
    drawn = _inside_a_line(text[begin : last if at_break else end])
    if at_break and line_break is not None and line_break[1] == "-":
        drawn += hyphen
    opportunities = paragraph.other_breaks
    inside = opportunities[bisect.bisect_left(opportunities, begin) : bisect.bisect_left(opportunities, end)]
    for index in reversed(inside):  # rare: after a dash, a slash or a compound's hyphen
        if index == joined_at:
            continue
        offset = len(_inside_a_line(text[begin:index]))
        drawn = drawn[:offset] + WORD_JOINER + drawn[offset:]
    return drawn


def _line_box_piece(original: Box, text: str, spacing: LineSpacing, justified: bool) -> Box:
    piece = original.copy_with_text(text)
    piece.publish_scale = spacing.scale
    piece.publish_justified = justified and spacing.full  # spaced to the measure already
    if justified and (spacing.word or spacing.letter):
        style = original.style.copy()
        style["word_spacing"] = style["word_spacing"] + spacing.word
        if spacing.letter:
            base = style["letter_spacing"]
            style["letter_spacing"] = (0.0 if base == "normal" else base) + spacing.letter
            style.publish_letter_spaced = True  # see line_size in composing()
        piece.style = style
    return piece


def _restore(plan: ParagraphPlan) -> None:
    for parent, children in plan.originals:
        parent.children = children
