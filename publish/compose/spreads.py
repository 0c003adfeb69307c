"""Facing pages that end on the same line: a spread runs short (or a line long) together.

A page of running text comes out a line or two short when WeasyPrint keeps a widow or an
orphan off it, or moves a heading over with the lines that follow it. The compositor first
avoids it where it can (`Compositor.fill_the_page` sets a paragraph a line longer or shorter);
where it cannot, a left-hand page that ends short would face a full right-hand page, and the
eye sees the step across the spread. Book make-up then lets the spread run short together:
the right-hand page is made to end where its facing page ended (the text and its footnotes
end higher, the page number stays where it is).

While `facing_pages_level()` is active, each right-hand page that follows its left-hand page
in the same run of text (no forced page break between them) is laid out with its bottom
raised by as much as the left-hand page fell short, when that is a line or more. A
right-hand page that still ends short of its facing page is made again, with the spread's
paragraphs set a line longer or shorter, or with the whole spread a line long (where no
footnotes are in the way; book make-up allows a spread one line long or short, never its
two pages apart) or short together.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from publish.compose import seam
from publish.compose.seam import Box, Context, SkipStack, boxes
from publish.errors import PublishError
from publish.limits import MAX_PDF_PAGES

# (pages, longer only) → the changes worth trying, likeliest first: for each, the page (of those
# given) it changes from, and the change, which makes itself and returns how to undo it
Refill = Callable[..., Iterator[tuple[int, Callable[[], Callable[[], None]]]]]
SHORT_SPREAD = 4  # lines a spread may run short together, at most
# What of the layout's state a page changes (see _state_of): footnotes waiting, carried over,
# boxes broken across the page, notes split over it.
State = tuple[list[Box], list[Box], dict[Any, Any], dict[int, Any]]
TRIES = 1  # changes tried on a page (each costs making the page, or the spread, again)


@dataclass(frozen=True)
class PageEnd:
    """Where a page's text ended: the bottom of its last line, how far that is above the foot
    of its page area (px), and the height of its text lines."""

    last: float
    short: float
    line_height: float
    goes_on: bool = True  # the text goes on overleaf (no forced page break after the page)
    raised: float = 0.0  # how far its bottom was raised to end level with its facing page (below 0: lowered)
    notes: bool = False  # it has footnotes at its foot

    @property
    def is_short(self) -> bool:
        """Whether the page ends a line or more above its foot."""
        return self.short >= 0.9 * self.line_height


@contextlib.contextmanager
def facing_pages_level(refill: Refill, most_pages: int = MAX_PDF_PAGES) -> Iterator[dict[int, PageEnd]]:  # noqa: C901 (closures over one layout's pages)
    """While active, pages that would end a line short are made again with a paragraph set a
    line longer or shorter (`refill`), and right-hand pages end level with the left-hand pages
    they face (see the module's doc). Yields the page ends, by page number. A layout that
    reaches page `most_pages` is stopped with a PublishError."""
    ends: dict[int, PageEnd] = {}
    raise_by: dict[int, float] = {}  # page number → how far to raise its bottom when it is next made
    started: dict[int, State] = {}  # page index → the layout's state as the page was begun
    made: dict[int, object] = {}  # page index → the page last made (the object WeasyPrint has)
    last_made = [-1]  # the index of the page WeasyPrint last asked for
    original_make_page = seam.MAKE_PAGE.now()
    original_remake_page = seam.REMAKE_PAGE.now()

    # The page's bottom as WeasyPrint reads it is the page area's foot raised by `publish_raised`:
    # its first setting on a page is the foot itself; later ones (a footnote area growing or
    # shrinking) are relative to the raised bottom they read, and kept relative to the foot.
    def get_bottom(context: Context) -> float | None:
        bottom = context.__dict__.get("publish_page_bottom")
        return None if bottom is None else bottom - context.__dict__.get("publish_raised", 0.0)

    def set_bottom(context: Context, value: float | None) -> None:
        fresh = context.__dict__.pop("publish_fresh_page", False)
        raised = 0.0 if fresh or value is None else context.__dict__.get("publish_raised", 0.0)
        context.__dict__["publish_page_bottom"] = None if value is None else value + raised

    def make_page(
        context: Context, root_box: Box, page_type: Any, resume_at: SkipStack, page_number: int, page_state: Any
    ) -> tuple[Any, SkipStack, Any]:
        if page_number > most_pages:
            raise PublishError(
                f"the PDF runs past {most_pages} pages, more than its text could fill (a stylesheet that"
                " breaks the page too often?); stopped"
            )
        facing = ends.get(page_number - 1)
        raised = raise_by.pop(page_number, 0.0)
        if page_number % 2 == 1 and facing is not None and facing.goes_on and _follows(facing):
            raised = facing.short - 0.01  # the right-hand page follows its facing page, short or long
        context.__dict__["publish_raised"] = raised
        context.__dict__["publish_fresh_page"] = True  # see set_bottom
        try:
            made: tuple[Any, SkipStack, Any] = original_make_page(
                context, root_box, page_type, resume_at, page_number, page_state
            )
        finally:
            context.__dict__["publish_raised"] = 0.0
        page, next_resume_at, next_page = made
        end = page_end(page)
        ends[page_number] = dataclasses.replace(
            end, goes_on=next_resume_at is not None and not _forced(next_page), raised=raised
        )
        return made

    def remake(
        indices: list[int], context: Context, root_box: Box, html: Any, level_first: bool = False
    ) -> tuple[Any, SkipStack] | None:
        """Make pages `indices` (in order, from the first's beginning) again; the ones already
        handed over to WeasyPrint change in place. `level_first`: stop (returning None) when
        the first page does not end where its bottom was moved to."""
        _restore(context, started[indices[0]])
        for index in indices:
            started[index] = _state_of(context)
            page, resume_at = original_remake_page(index, context, root_box, html)
            if index in made and made[index] is not page and index != indices[-1]:
                made[index].__dict__.clear()
                made[index].__dict__.update(page.__dict__)
            else:
                made[index] = page
            if level_first and index == indices[0] and _lost(ends[index + 1]) > 0:
                return None
        return page, resume_at

    def remake_page(index: int, context: Context, root_box: Box, html: Any) -> tuple[Any, SkipStack]:
        """Make page `index` (from 0), level with its facing page (`make_level`), from the
        layout's state as the page before left it. WeasyPrint lays a document out again when
        a page reference resolves, making again only the pages whose beginning changed, and
        knows a page's beginning by where its text resumes, not by the notes carried over to
        it: a page asked for out of turn is begun from its own state, and the page after is
        made again, not reused, when the notes carried over to it changed (else a note
        continued onto it is lost or printed twice)."""
        if index - 1 != last_made[0] and index in started:
            _restore(context, started[index])
        last_made[0] = index
        page, resume_at = make_level(index, context, root_box, html)
        following = index + 1
        if (
            following in started
            and following < len(context.page_maker)
            and _carried(context.reported_footnotes) != _carried(started[following][1])
        ):
            context.page_maker[following][-1]["content_changed"] = True  # (its remake_state)
        return page, resume_at

    def make_level(index: int, context: Context, root_box: Box, html: Any) -> tuple[Any, SkipStack]:
        """Make page `index`. A right-hand page that ends short of the page it faces,
        where the text goes on, is made again: a line short (a widow or an orphan kept off),
        with a paragraph of the spread a line longer or shorter, when one can be; a few lines
        short (a heading moved over with its lines), with as many paragraphs a line longer,
        or one or two a line shorter to bring the heading back, or as many longer as there
        are (kept if better); failing that, with the spread a line long together, if that
        makes it level, or its facing page ending as short. Whatever is no better is put
        back as it was."""
        started[index] = _state_of(context)
        page, resume_at = original_remake_page(index, context, root_box, html)
        made[index] = page
        number = index + 1
        end, facing = ends[number], ends.get(number - 1)
        if (
            number % 2 == 0  # a left-hand page short: its right-hand page will follow it (make_page)
            or facing is None
            or not facing.goes_on
            or index - 1 not in made
            or not 0.9 * end.line_height <= _lost(end) <= SHORT_SPREAD * end.line_height
        ):
            return page, resume_at
        spread = [index - 1, index]
        before = sum(_lost(ends[i + 1]) for i in spread)
        kept = _Kept.of(context, spread, made, ends, started, resume_at)
        pages = [made[i] for i in spread]
        lines = round(_lost(end) / end.line_height)
        if lines == 1:  # a widow or an orphan kept off: one paragraph a line longer or shorter
            attempts = [[change] for change in itertools.islice(refill(pages), TRIES)]
        else:  # a heading moved over with its lines: as many paragraphs a line longer, if there are;
            # else one or two a line shorter to bring it back; else as many as there are
            longer = list(itertools.islice(refill(pages, longer_only=True), lines))
            shorter = list(itertools.islice(refill(pages, shorter_only=True), 2))
            attempts = [longer] if len(longer) == lines else []
            attempts += [shorter[:count] for count in range(1, len(shorter) + 1)]
            attempts += [longer] if 0 < len(longer) < lines else []
        for attempt in attempts:
            undoes = [change() for _, change in attempt]
            begins_on = min(begins for begins, _ in attempt)
            remade = remake(spread[begins_on:], context, root_box, html)  # from where it changed
            assert remade is not None  # (only a remake that must level its first page gives up)
            page, resume_at = remade
            now = sum(_lost(ends[i + 1]) for i in spread)
            if now < 0.9 * end.line_height:
                return page, resume_at
            if now < before - 0.9 * end.line_height:  # better, not level: kept, and the spread run short
                kept = _Kept.of(context, spread, made, ends, started, resume_at)
                before = now
                break
            for undo in reversed(undoes):
                undo()
            kept.restore(context, made, ends, started)
        # the spread runs a line long together (where no notes are in the way), if that makes it
        # level; else short together, if that is better than it was
        long = not any(ends[i + 1].notes for i in spread) and _lost(ends[number]) < 1.5 * end.line_height
        for raise_left in ([-end.line_height] if long else []) + [ends[number].short - 0.01]:
            raise_by[number - 1] = raise_left
            remade = remake(spread, context, root_box, html, level_first=raise_left < 0)
            now = sum(_lost(ends[i + 1]) for i in spread)
            if remade is not None and (now < 0.9 * end.line_height if raise_left < 0 else now < before):
                return remade
            kept.restore(context, made, ends, started)
        return made[index], kept.resume_at

    hooks = {
        seam.MAKE_PAGE: make_page,
        seam.REMAKE_PAGE: remake_page,
        seam.PAGE_BOTTOM: property(get_bottom, set_bottom),
    }
    with seam.replaced(hooks):
        yield ends


@dataclass
class _Kept:
    """Pages as first made and the layout's state after them, put back when no change made
    them better: cheaper than making them again (a paragraph changed back has the same lines,
    so what WeasyPrint goes on from is the same)."""

    pages: dict[int, tuple[Any, dict[str, Any]]]  # index → the page object and what it held
    ends: dict[int, PageEnd]
    maker: dict[int, tuple[Any, ...]]  # index → WeasyPrint's entry for making that page
    started: dict[int, State]
    state: State
    resume_at: SkipStack

    @classmethod
    def of(
        cls,
        context: Context,
        spread: list[int],
        made: dict[int, Any],
        ends: dict[int, PageEnd],
        started: dict[int, State],
        resume_at: SkipStack,
    ) -> _Kept:
        return cls(
            {index: (made[index], dict(made[index].__dict__)) for index in spread},
            {index + 1: ends[index + 1] for index in spread},
            {index + 1: context.page_maker[index + 1] for index in spread},
            {index: started[index] for index in spread},
            _state_of(context),
            resume_at,
        )

    def restore(
        self, context: Context, made: dict[int, Any], ends: dict[int, PageEnd], started: dict[int, State]
    ) -> None:
        for index, (page, held) in self.pages.items():
            page.__dict__.clear()
            page.__dict__.update(held)
            made[index] = page
        ends.update(self.ends)
        started.update(self.started)
        for index, item in self.maker.items():
            context.page_maker[index] = item
        _restore(context, self.state)


def _follows(facing: PageEnd) -> bool:
    """Whether a right-hand page ends where its left-hand page `facing` did: when that ran a
    line long, or a few lines short (more than SHORT_SPREAD lines short is a page that a
    block kept whole left short, not a spread to run short)."""
    return facing.raised < 0 or (facing.is_short and facing.short <= (SHORT_SPREAD + 1) * facing.line_height)


def _lost(end: PageEnd) -> float:
    """How much of a page a widow or an orphan left empty (px): its shortfall beyond the raise
    (or lowering) that made it end level with its facing page, a line or more, when the text
    goes on."""
    lost = end.short - end.raised
    return lost if end.goes_on and lost >= 0.9 * end.line_height else 0.0


def _forced(next_page: dict[str, Any]) -> bool:
    """Whether the page after is begun by a forced break (a new part, the colophon)."""
    return next_page["break"] != "any" or bool(next_page["page"])


def _carried(notes: list[Box]) -> list[tuple[object, str]]:
    """The notes carried over to a page, as what they print (a split note's rest is a new box
    each time it is split)."""
    return [
        (note.element, "".join(box.text for box in note.descendants() if isinstance(box, boxes.TextBox)))
        for note in notes
    ]


def _state_of(context: Context) -> State:
    """What of the layout's state a page changes: the footnotes waiting, those carried over
    to the next page, boxes broken across it, and notes split over it (see notes.py)."""
    return (
        list(context.footnotes),
        list(context.reported_footnotes),
        dict(context.broken_out_of_flow),
        dict(getattr(context, "publish_split_notes", {})),
    )


def _restore(context: Context, state: State) -> None:
    footnotes, reported, broken, split = state
    context.footnotes = list(footnotes)
    context.reported_footnotes = list(reported)
    context.broken_out_of_flow = dict(broken)
    context.publish_split_notes = dict(split)


def page_end(page: Box) -> PageEnd:
    """Where `page`'s text ends: its last line of running text, or the foot of the page when
    it has footnotes (they are set at the foot)."""
    foot = page.content_box_y() + page.height
    bottoms, heights = [], []
    for box in _flow_boxes(page):
        bottom = box.position_y + box.margin_height()
        bottoms.append(bottom)
        if isinstance(box, boxes.LineBox):
            heights.append(box.height)
    notes = any(isinstance(child, boxes.FootnoteAreaBox) and child.children for child in page.children)
    last = foot if notes or not bottoms else max(bottoms)
    line_height = statistics.median(heights) if heights else 0.0
    return PageEnd(last, foot - last, line_height, notes=notes)


def _flow_boxes(box: Box) -> Iterator[Box]:
    """The page's lines and pictures of running text (not its footnotes or margin boxes)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.FootnoteAreaBox | boxes.MarginBox):
            continue
        if isinstance(child, boxes.LineBox | boxes.ReplacedBox):
            yield child
        else:
            yield from _flow_boxes(child)
