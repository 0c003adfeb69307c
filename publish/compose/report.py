"""The composition report: what a typesetter would flag, like TeX's underfull-box warnings.

It reads the plans (how loose or tight each line was set, where hyphens fell) and the pages
WeasyPrint made (which line ends each page), so that `publish build -v` can say
"page 4, line 12: loose" and a benchmark can print the shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from publish.compose import seam
from publish.compose.seam import Box, boxes
from publish.compose.setter import Compositor, ParagraphPlan, line_text
from publish.compose.spacing import NEIGHBOURS, TRACKING

if TYPE_CHECKING:
    from publish.compose.spreads import PageEnd

LOOSE = 1.6  # a word space wider than this many of the font's normal spaces is loose
TIGHT = 0.6  # narrower than this, tight


@dataclass
class CompositionReport:
    lines: int = 0  # lines set by the breaker
    justified: int = 0  # of them, lines of justified text other than a paragraph's last
    loose: int = 0
    tight: int = 0
    ladders: int = 0  # hyphenated line ends beyond the second in a row
    stubs: int = 0  # last lines shorter than the stub width after a hyphen
    page_end_hyphens: int = 0
    widows: int = 0  # a paragraph's last line alone at the top of a page
    orphans: int = 0  # its first line alone at the foot of a page
    mismatches: int = 0  # lines WeasyPrint set otherwise than planned
    left_to_weasyprint: int = 0  # paragraphs the breaker does not set (an image in a line…)
    tracked: int = 0  # lines whose letters are spaced or tightened more than spacing.TRACKING
    jumps: int = 0  # lines tracked more than spacing.NEIGHBOURS apart from the line above
    most_tracking: float = 0.0  # ems, either way
    most_scaling: float = 0.0  # how much a line's glyphs were widened or narrowed at most, a fraction
    notes_off_page: int = 0  # footnotes not begun on the page that calls them
    notes_continued: int = 0  # footnotes too long for their page, continued overleaf
    spreads: int = 0  # facing pages in one run of text
    uneven_spreads: int = 0  # of them, pages that end at different heights
    split_lists: int = 0  # lists that leave their first or last item alone on a page
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.lines} lines composed: {self.loose} loose and {self.tight} tight of {self.justified} justified, "
            f"{self.ladders} hyphen ladders, {self.stubs} stubs, {self.page_end_hyphens} hyphens at a page end, "
            f"{self.widows} widows, {self.orphans} orphans, "
            f"tracking at most {self.most_tracking:.4f} em ({self.tracked} lines over {TRACKING} em, "
            f"{self.jumps} over {NEIGHBOURS} em from the line above), "
            f"glyphs scaled {self.most_scaling * 100:.2f} % at most, "
            f"{self.mismatches} lines not as planned, {self.left_to_weasyprint} paragraphs left to WeasyPrint, "
            f"{self.notes_off_page} footnotes off their call's page, {self.notes_continued} continued overleaf, "
            f"{self.uneven_spreads} of {self.spreads} spreads ending apart, {self.split_lists} lists split "
            "leaving an item alone"
        )


def composition_report(
    compositor: Compositor, pages: list[Any], page_ends: dict[int, PageEnd] | None = None
) -> CompositionReport:
    """What a typesetter would flag in the laid-out `pages`; `page_ends`, where each page's
    text ended (publish.compose.spreads), for the spreads."""
    report = CompositionReport(left_to_weasyprint=compositor.skipped)
    where = _page_of_lines(compositor.plans, pages)
    for plan in compositor.plans:
        report.lines += len(plan.lines)
        report.mismatches += plan.mismatches
        _widows_and_orphans(plan, where, report)
        run = 0
        for number, line in enumerate(plan.lines, start=1):
            page, line_on_page = where.get((id(plan), number), (0, 0))
            place = f"page {page}, line {line_on_page}" if page else "page ?"
            last = number == len(plan.lines)
            run = run + 1 if line.hyphenated else 0
            if run > 2:
                report.ladders += 1
                report.notes.append(f"{place}: third hyphenated line in a row: {plan.texts[number - 1]!r}")
            if plan.justified and number <= len(plan.spacing):
                _tracking(plan, number, place, report)
            if plan.justified and not last:
                report.justified += 1
                space = plan.spacing[number - 1].space
                if space > LOOSE:
                    report.loose += 1
                    report.notes.append(f"{place}: loose line (spaces {space:.2f}×): {plan.texts[number - 1]!r}")
                elif space < TIGHT:
                    report.tight += 1
                    report.notes.append(f"{place}: tight line (spaces {space:.2f}×): {plan.texts[number - 1]!r}")
            if last and number > 1 and plan.lines[-2].hyphenated and len(plan.texts[-1]) <= 4:
                report.stubs += 1
                report.notes.append(f"{place}: the paragraph ends in a stub: {plan.texts[-1]!r}")
    for page_number, text in _page_end_hyphens(pages):
        report.page_end_hyphens += 1
        side = "right" if page_number % 2 else "left"
        report.notes.append(f"page {page_number} ({side}-hand): ends in a hyphen: {text!r}")
    _footnote_places(pages, report)
    _spreads(page_ends or {}, report)
    _split_lists(pages, report)
    return report


def _spreads(ends: dict[int, PageEnd], report: CompositionReport) -> None:
    """Facing pages of one run of text (the left-hand page's text goes on overleaf) against
    each other: ending more than a point apart is what the eye sees across the spread."""
    for left in sorted(number for number in ends if number % 2 == 0):
        right = ends.get(left + 1)
        if right is None or not ends[left].goes_on or not right.goes_on:
            continue
        report.spreads += 1
        apart = right.last - ends[left].last
        if abs(apart) > 1:
            report.uneven_spreads += 1
            lines = apart / (right.line_height or 1)
            report.notes.append(f"pages {left}–{left + 1}: the right-hand page ends {lines:+.1f} lines from the left")


def _split_lists(pages: list[Any], report: CompositionReport) -> None:
    """Lists of more than one item with their first or last item alone on a page."""
    items: dict[int, list[int]] = {}  # the list's element → its items on each page, in order
    for page in pages:
        for box in seam.page_box(page).descendants():
            if isinstance(box, boxes.BlockBox) and box.element_tag in ("ul", "ol") and box.element is not None:
                count = sum(1 for child in box.children if child.element_tag == "li")
                items.setdefault(id(box.element), []).append(count)
    for counts in items.values():
        if len(counts) > 1 and sum(counts) > 1 and (counts[0] == 1 or counts[-1] == 1):
            report.split_lists += 1
            report.notes.append(f"a list of {sum(counts)} items split {'/'.join(map(str, counts))} over pages")


def _footnote_places(pages: list[Any], report: CompositionReport) -> None:
    """Each footnote against its call: begun on the call's page, or where it went. A note is
    known by its element (WeasyPrint lays out copies of it; a continued note is two)."""
    called: dict[int, int] = {}  # the note's element → the page of its call
    printed: dict[int, list[int]] = {}  # → the pages it is printed on
    for page_number, page in enumerate(pages, start=1):
        for box in seam.page_box(page).descendants():
            if isinstance(box, boxes.FootnoteAreaBox):
                for note in box.children:
                    printed.setdefault(id(note.element), []).append(page_number)
            elif getattr(box, "footnote", None) is not None:
                called.setdefault(id(box.footnote.element), page_number)
    for number, (element, page) in enumerate(called.items(), start=1):
        where = printed.get(element, [])
        if not where or where[0] != page:
            report.notes_off_page += 1
            report.notes.append(f"page {page}: footnote {number} is printed on pages {where or 'none'}")
        elif len(where) > 1:
            report.notes_continued += 1
            report.notes.append(f"page {page}: footnote {number} continues on pages {where[1:]}")


def _tracking(plan: ParagraphPlan, number: int, place: str, report: CompositionReport) -> None:
    """Line `number` (from 1) against the press's limits on letter spacing (and how far its
    glyphs were scaled, which spacing.py keeps within its own limit)."""
    size = plan.paragraph.font_size
    report.most_scaling = max(report.most_scaling, abs(plan.spacing[number - 1].scale - 1))
    letter = plan.spacing[number - 1].letter / size
    report.most_tracking = max(report.most_tracking, abs(letter))
    if abs(letter) > TRACKING + 1e-6:
        report.tracked += 1
        report.notes.append(f"{place}: letters spaced {letter:+.3f} em: {plan.texts[number - 1]!r}")
    above = plan.spacing[number - 2].letter / size if number > 1 else 0.0
    if letter and above and abs(letter - above) > NEIGHBOURS + 1e-6:
        report.jumps += 1
        report.notes.append(f"{place}: letter spacing {letter:+.3f} em, {above:+.3f} in the line above")


def _widows_and_orphans(
    plan: ParagraphPlan, where: dict[tuple[int, int], tuple[int, int]], report: CompositionReport
) -> None:
    pages = [where.get((id(plan), number), (0, 0))[0] for number in range(1, len(plan.lines) + 1)]
    if len(pages) < 3 or 0 in pages:
        return
    if pages[-1] != pages[-2]:
        report.widows += 1
        report.notes.append(f"page {pages[-1]}: a widow (a paragraph's last line alone): {plan.texts[-1]!r}")
    if pages[0] != pages[1]:
        report.orphans += 1
        report.notes.append(f"page {pages[0]}: an orphan (a paragraph's first line alone): {plan.texts[0]!r}")


def _page_of_lines(plans: list[ParagraphPlan], pages: list[Any]) -> dict[tuple[int, int], tuple[int, int]]:
    """(plan, line number) → (page, line on the page), from the line boxes laid out."""
    by_element = {id(plan.element): plan for plan in plans}
    where: dict[tuple[int, int], tuple[int, int]] = {}
    for page_number, page in enumerate(pages, start=1):
        for line_number, line in enumerate(_main_lines(seam.page_box(page)), start=1):
            plan = by_element.get(id(line.element))
            if plan is None:
                continue
            number = plan.locate(line)
            if number is not None:
                where[(id(plan), number + 1)] = (page_number, line_number)
    return where


def _page_end_hyphens(pages: list[Any]) -> Iterator[tuple[int, str]]:
    """Pages whose last line of running text ends in a hyphen (a word broken over the turn)."""
    for page_number, page in enumerate(pages, start=1):
        lines = list(_main_lines(seam.page_box(page)))
        if lines and line_text(lines[-1]).endswith("-") and _is_broken_word(lines[-1]):
            yield page_number, line_text(lines[-1])


def _main_lines(box: Box) -> Iterator[Box]:
    """The page's line boxes in reading order, footnotes aside."""
    if isinstance(box, boxes.FootnoteAreaBox | boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _main_lines(child)


def _is_broken_word(line: Box) -> bool:
    text = "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))  # the hyphen: a box
    before = text.rstrip("-")[-1:]
    return before == "\u00ad" or (before.isalpha() and before.islower())
