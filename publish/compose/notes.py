"""Footnotes on the page of their call, as books set them.

WeasyPrint places a footnote as it lays out the line that calls it; when the note does not fit,
it "reports" the note to the next page and leaves the call where it was (or, to make room for a
line that widows and orphans would otherwise push over, reports notes already placed). A note so
reported is printed a page late, out of order with the notes of the next page, and is lost when
the paragraph that called it is later pushed over whole (its notes are taken back from the page
they were reported to). On a 15-page A5 text with 19 notes: one lost, four a page late.

While `notes_with_their_calls()` is active a paragraph's lines are placed by `place_lines`
instead: a line whose notes do not fit on its page goes to the next page with them (CSS's
`footnote-policy: line`, for every note), and no note already placed ever moves. A line that is
the first of its page keeps its notes there even when they do not fit: then the last note is
split where the page ends and goes on at the foot of the next page, before that page's own notes
(a note longer than a page, or a long note called at a page's top). A note that would take over
a third of the page is split the same way rather than pushing its line over.

In columns (the pamphlet theme) a line also goes to the next column or page with notes that would
not fit under it. The notes of every column share the page's foot, so a note called in the second
column shortens the first, already laid out: WeasyPrint then "reports" the notes that overrun the
room its column balancing planned, a page late. `columns_under_their_notes` lays the columns out
again a little shorter instead, until the columns end above all the notes they call.

Everything here leans on WeasyPrint's block layout (`_linebox_layout`'s signature and results,
`_break_line`, `remove_placeholders`, the layout context's footnote lists), reached through
publish.compose.seam, which refuses a WeasyPrint that changed them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import Any

from publish.compose import seam
from publish.compose.seam import Box, Context, SkipStack, Style, boxes

# What WeasyPrint's _linebox_layout returns: abort, stop, resume_at, position_y, notes placed, max_lines.
LineboxResult = tuple[bool, bool, SkipStack, float, list[Box], int | None]
COLUMN_TRIES = 6  # column layouts a page, each a little shorter, before notes may go overleaf
LINE_OF_WHITE = 16.0  # CSS px: columns ending this far above their page's notes are made taller


@contextlib.contextmanager
def notes_with_their_calls() -> Iterator[None]:
    """While active, WeasyPrint places each paragraph's lines with `place_lines`."""
    original = seam.LINEBOX_LAYOUT.now()

    def linebox_layout(
        context: Context, box: Box, index: int, child: Box, new_children: list[Box], page_is_empty: bool, *rest: Any
    ) -> LineboxResult:
        bottom_space, max_lines = rest[3], rest[-1]
        if max_lines is not None or bottom_space == -math.inf:
            # line-clamp, and the notes' own lines laid out in their area: WeasyPrint's way
            laid_out: LineboxResult = original(context, box, index, child, new_children, page_is_empty, *rest)
            return laid_out
        return place_lines(context, box, index, child, new_children, page_is_empty, *rest)

    original_unlayout = seam.UNLAYOUT_FOOTNOTE.now()

    def unlayout_footnote(context: Context, footnote: Box) -> None:
        """A note split over two pages is taken back whole: its head from this page, its
        tail from the next page's waiting list."""
        split = getattr(context, "publish_split_notes", {}).pop(id(footnote), None)
        if split is not None and split[0] is footnote:
            _, head, tail = split
            if head in context.current_page_footnotes:
                context.current_page_footnotes.remove(head)
            if tail in context.reported_footnotes:
                context.reported_footnotes.remove(tail)
            context.current_page_footnotes.append(footnote)  # so that WeasyPrint takes it back
        original_unlayout(context, footnote)

    hooks = {
        seam.LINEBOX_LAYOUT: linebox_layout,
        seam.UNLAYOUT_FOOTNOTE: unlayout_footnote,
        seam.COLUMNS_LAYOUT: columns_under_their_notes(seam.COLUMNS_LAYOUT.now(), seam.REPORT_FOOTNOTES.now()),
    }
    with seam.replaced(hooks):
        yield


def columns_under_their_notes(
    columns_layout: Callable[..., tuple[Any, ...]], report_footnotes: Callable[[Context, float], None]
) -> Callable[..., tuple[Any, ...]]:
    """WeasyPrint's `columns_layout`, laid out again shorter while its columns run into the notes
    they call, and then (bisecting) as tall as the notes let them be, so that a page does not end
    with white above its notes; only the last try lets WeasyPrint report notes to the next page."""

    def layout(
        context: Context,
        box: Box,
        bottom_space: float,
        skip_stack: SkipStack,
        containing_block: Box,
        page_is_empty: bool,
        absolute_boxes: list[Box],
        fixed_boxes: list[Box],
        *rest: Any,
    ) -> tuple[Any, ...]:
        def attempt(shorter: float, last: bool) -> tuple[tuple[Any, ...], float, float]:
            with seam.replaced({seam.REPORT_FOOTNOTES: report_footnotes if last else _keep_notes}):
                result = columns_layout(
                    context,
                    box,
                    bottom_space + shorter,
                    skip_stack,
                    containing_block,
                    page_is_empty,
                    absolute_boxes,
                    fixed_boxes,
                    *rest,
                )
            if result[0] is None:
                return result, 0.0, 0.0
            below = context.page_bottom - bottom_space - _columns_bottom(result[0])  # notes are above page_bottom now
            return result, -below, below if result[1] is not None else 0.0

        known = getattr(context, "publish_column_heights", None)
        if known is None:
            known = context.publish_column_heights = {}
        key = (box.element, repr(skip_stack), context.current_page, round(bottom_space, 2))
        too_tall, fitting, shorter = None, None, known.get(key, 0.0)  # the page laid out again: as found before
        for _ in range(COLUMN_TRIES - 1):
            result, overrun, white = attempt(shorter, last=False)
            fits = overrun <= 0.01
            if fits and (white < LINE_OF_WHITE or too_tall is None):
                known[key] = shorter
                return result
            seam.remove_placeholders(context, [result[0]], absolute_boxes, fixed_boxes)
            if fits:
                fitting = shorter
            else:
                too_tall = shorter
            assert too_tall is not None  # (columns that fitted with room to spare, tried first, returned above)
            if fitting is not None and fitting - too_tall < LINE_OF_WHITE:
                break
            shorter = too_tall + max(overrun, 1.0) if fitting is None else (too_tall + fitting) / 2
        # the tallest columns that fitted, or (none did) WeasyPrint's way: notes that overrun go overleaf
        known[key] = shorter if fitting is None else fitting
        return attempt(known[key], last=fitting is None)[0]

    return layout


def _keep_notes(context: Context, footnotes_height: float) -> None:
    """Instead of WeasyPrint's `_report_footnotes`: leave the notes on their page (the columns are
    laid out again if they run into them)."""


def _columns_bottom(box: Box) -> float:
    """Where the lowest column's content ends (without its last margin, as WeasyPrint measures)."""
    bottom: float = box.content_box_y()
    for column in box.children:
        in_flow = [child for child in column.children if child.is_in_normal_flow()] if column.is_column else [column]
        if in_flow:
            last = in_flow[-1]
            bottom = max(bottom, last.position_y + last.margin_height() - last.margin_bottom)
    return bottom


def place_lines(
    context: Context,
    box: Box,
    index: int,
    child: Box,
    new_children: list[Box],
    page_is_empty: bool,
    absolute_boxes: list[Box],
    fixed_boxes: list[Box],
    adjoining_margins: list[float],
    bottom_space: float,
    position_y: float,
    skip_stack: SkipStack,
    first_letter_style: Style,
    first_line_style: Style,
    draw_bottom_decoration: bool,
    max_lines: int | None,
) -> LineboxResult:
    """The lines of `box` that fit on this page, each with its notes at the foot of the page.

    Returns what WeasyPrint's `_linebox_layout` returns: (abort, stop, resume_at, position_y,
    notes placed, max_lines). `abort` asks WeasyPrint to push the whole box to the next page
    (fewer lines here than `orphans` allows)."""
    placed_notes: list[Box] = []
    if adjoining_margins:
        position_y += seam.collapse_margin(adjoining_margins)
    lines = seam.lines_of(
        context,
        child,
        position_y,
        bottom_space,
        skip_stack,
        box,
        absolute_boxes,
        fixed_boxes,
        first_letter_style,
        first_line_style,
    )
    something_above = bool(new_children) or not page_is_empty
    may_split = not context.in_column and not getattr(context, "publish_splitting_notes", False)
    for line, resume_at in lines:
        line.resume_at = resume_at
        bottom = line.position_y + line.height
        last = resume_at is None
        decoration = box.border_bottom_width + box.padding_bottom if (draw_bottom_decoration or last) else 0
        if something_above and context.overflows_page(bottom_space, bottom + decoration):
            abort, resume = _break_before(
                context, box, index, line, lines, new_children, page_is_empty, skip_stack, absolute_boxes, fixed_boxes
            )
            return abort, True, resume, position_y, placed_notes, max_lines
        if not something_above and context.overflows_page(bottom_space, bottom):
            # A first line taller than the page: no top margin above it (as WeasyPrint does).
            bottom -= box.margin_top
            line.translate(0, -box.margin_top)
            box.margin_top = 0
        called = _new_notes(context, line)
        if called:
            area_before = _area_height(context)
            overflow = False
            for note in called:
                overflow |= bool(context.layout_footnote(note))
            overflow = overflow or context.overflows_page(bottom_space, bottom + decoration)
            if context.in_column:  # a column's foot is not raised by its notes: the page's is
                overflow = overflow or context.overflows(
                    context.page_bottom - context.current_footnote_area.margin_height(), bottom + decoration
                )
            if overflow and something_above and may_split and _long_notes(context, area_before):
                _continue_notes_overleaf(context, bottom + decoration, first_line=False)  # as books do: split, not push
                overflow = context.overflows(context.page_bottom, bottom + decoration)
            if overflow and something_above:
                for note in called:
                    context.unlayout_footnote(note)
                abort, resume = _break_before(
                    context,
                    box,
                    index,
                    line,
                    lines,
                    new_children,
                    page_is_empty,
                    skip_stack,
                    absolute_boxes,
                    fixed_boxes,
                )
                return abort, True, resume, position_y, placed_notes, max_lines
            placed_notes.extend(called)
        new_children.append(line)
        if not something_above and may_split and context.overflows(context.page_bottom, bottom):
            _continue_notes_overleaf(context, bottom)  # the notes of the page's first line are too long
        something_above = True
        position_y = bottom
        skip_stack = resume_at
        draw_bottom_decoration = draw_bottom_decoration or last
    resume = {index: new_children[-1].resume_at} if new_children else None
    return False, False, resume, position_y, placed_notes, max_lines


def _new_notes(context: Context, line: Box) -> list[Box]:
    """The notes `line` calls that are not placed yet, in call order."""
    if not context.footnotes:
        return []
    waiting = context.footnotes
    return [box.footnote for box in line.descendants() if box.footnote is not None and box.footnote in waiting]


def _break_before(
    context: Context,
    box: Box,
    index: int,
    line: Box,
    lines: Iterator[tuple[Box, SkipStack]],
    new_children: list[Box],
    page_is_empty: bool,
    skip_stack: SkipStack,
    absolute_boxes: list[Box],
    fixed_boxes: list[Box],
) -> tuple[bool, SkipStack]:
    """End the page before `line`, taking lines back from this page if the next one would start
    with fewer than `widows` (WeasyPrint's `_break_line` does that, and gives up the whole box
    when `orphans` would be broken here). Returns (abort, resume_at)."""
    needed = box.style["widows"] - 1  # lines the next page needs besides this one
    for following, _ in lines:
        seam.remove_placeholders(context, following.children, absolute_boxes, fixed_boxes)
        needed -= 1
        if needed <= 0:
            break
    abort, _, resume = seam.break_line(
        context,
        box,
        line,
        new_children,
        max(0, needed),
        page_is_empty,
        index,
        skip_stack,
        None,
        absolute_boxes,
        fixed_boxes,
    )
    if not abort and new_children:  # lines taken back: the next page starts after the last one kept
        resume = {index: new_children[-1].resume_at}
    return abort, resume


def _continue_notes_overleaf(context: Context, line_bottom: float, *, first_line: bool = True) -> None:
    """Split the page's notes where the page ends, under `line_bottom`: what does not fit goes
    on at the foot of the next page, first. Where to split is found by laying the notes out in
    WeasyPrint's own lines (composed lines may differ by a word, so one line less is tried
    while the notes still overrun)."""
    area = context.current_footnote_area
    if area.height == "auto" or not context.current_page_footnotes:
        return  # no notes on this page: the line itself is taller than the page
    page_end = context.page_bottom + area.margin_height()
    for spare_lines in range(3):
        notes = list(context.current_page_footnotes)
        split = _where_notes_end(context, line_bottom, page_end, spare_lines)
        if split is None:
            return
        index, rest = split
        note = notes[index]
        if rest is not None:  # the skip stack counts the line boxes WeasyPrint wraps inline content in
            whole = seam.create_anonymous_boxes(note.deepcopy())
            rest = _at_word_start(whole, rest)
            head, tail = _box_before(whole, rest), _unwrapped(_box_after(whole, rest))
            head = _unwrapped(head) if head is not None else None
        else:
            head, tail = None, note
        if head is None and (index == 0 or not first_line):
            return  # a whole note would leave its call's page: leave the page as it is
        kept = notes[:index] + ([head] if head is not None else [])
        context.reported_footnotes[:0] = [tail, *notes[index + 1 :]]
        if head is not None:
            context.publish_split_notes = {**getattr(context, "publish_split_notes", {}), id(note): (note, head, tail)}
        context.current_page_footnotes = kept
        seam.update_footnote_area(context)
        if not context.overflows(context.page_bottom, line_bottom):
            return
        # composed lines took more room than WeasyPrint's: put the note back whole, try shorter
        context.reported_footnotes[: len(notes) - index] = []
        context.publish_split_notes.pop(id(note), None)
        context.current_page_footnotes = notes
        seam.update_footnote_area(context)


def _where_notes_end(context: Context, top: float, bottom: float, spare_lines: int) -> tuple[int, SkipStack] | None:
    """(index of the note that does not fit, where it goes on: a skip stack or None for the
    whole note), laid out between `top` and `bottom` less `spare_lines` lines; None if all fit."""
    area = seam.create_anonymous_boxes(context.current_footnote_area.deepcopy())
    area.position_y = top
    line_height = max((note.style["font_size"] * 1.3 for note in area.children), default=0.0)
    limit = bottom - spare_lines * line_height
    context.publish_splitting_notes = True
    try:
        with seam.replaced({seam.LINE_BOXES: seam.weasyprints_lines}):  # WeasyPrint's own lines
            laid_out = seam.block_level_layout(
                context, area, context.page_bottom - limit, None, area.page, page_is_empty=False
            )
    finally:
        context.publish_splitting_notes = False
    resume_at = laid_out[1]
    if not resume_at:
        return None
    ((index, rest),) = resume_at.items()
    return index, rest


def _box_before(box: Box, skip: dict[int, Any]) -> Box | None:
    """`box` up to where the skip stack `skip` resumes: None when that is its very start."""
    ((index, rest),) = skip.items()
    if isinstance(box, boxes.TextBox):
        text = box.text.encode()[:index].decode(errors="ignore")
        return box.copy_with_text(text) if text.strip() else None
    children = list(box.children[:index])
    if rest is not None:
        part = _box_before(box.children[index], rest)
        if part is not None:
            children.append(part)
    return box.copy_with_children(children) if children else None


def _box_after(box: Box, skip: dict[int, Any]) -> Box:
    """`box` from where the skip stack `skip` resumes, as a box of its own."""
    ((index, rest),) = skip.items()
    if isinstance(box, boxes.TextBox):
        return box.copy_with_text(box.text.encode()[index:].decode(errors="ignore") or " ")
    first = box.children[index] if rest is None else _box_after(box.children[index], rest)
    return box.copy_with_children([first, *box.children[index + 1 :]])


def _unwrapped(box: Box) -> Box:
    """`box` without the line boxes WeasyPrint wrapped its inline content in (it wraps again)."""
    if not isinstance(box, boxes.ParentBox) or isinstance(box, boxes.LineBox):
        return box
    children: list[Box] = []
    for child in box.children:
        children.extend(child.children if isinstance(child, boxes.LineBox) else [_unwrapped(child)])
    return box.copy_with_children(children)


def _at_word_start(box: Box, skip: dict[int, Any]) -> dict[int, Any]:
    """The skip stack `skip` into `box` moved back to the start of the word it resumes in:
    WeasyPrint's lines may end at a soft hyphen, and a word is not split across pages."""
    ((index, rest),) = skip.items()
    if isinstance(box, boxes.TextBox):
        before = box.text.encode()[:index]
        space = before.rfind(b" ")
        return {space + 1: None} if space > 0 else skip
    if rest is None:
        return skip
    return {index: _at_word_start(box.children[index], rest)}


def _area_height(context: Context) -> float:
    area = context.current_footnote_area
    height: float = 0.0 if area.height == "auto" else area.margin_height()
    return height


def _long_notes(context: Context, area_before: float) -> bool:
    """Whether the notes a line has just added take over a third of the page: such notes are
    split at the page's end rather than pushing their line (and the page's rest) over."""
    area = context.current_footnote_area
    page_height: float = context.page_bottom + _area_height(context) - area.page.content_box_y()
    return _area_height(context) - area_before > page_height / 3
