"""Whole-paragraph line breaking: Knuth and Plass's total-fit algorithm (1981), our own code.

A paragraph is a sequence of items — boxes (text that does not stretch), glue (space that
stretches and shrinks) and penalties (places to break, with a cost) — and the breaker
chooses all of its line ends together, so that the sum of the lines' demerits is least.
Where a browser fills each line as full as it can and leaves what does not fit to the next
(so one line can come out three times looser than the rest), this looks at every feasible
set of breaks, as TeX does.

Beyond TeX's own demerits (badness, hyphens, two hyphenated lines in a row, a hyphen on the
last full line, a line much looser than the one before), this breaker knows book rules TeX
leaves to macros: at most two hyphenated line ends in a row, no last line shorter than a
stub or made of a broken word's rest alone, and, for the page-end rules, lines that must not
end in a hyphen and an exact number of lines. Ragged text (headings, footnotes, ragged-right themes) is broken by the same code with
fixed spaces and a stretchable line end, which evens out the rag.

The module is pure: it knows nothing of fonts, HTML or WeasyPrint.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from dataclasses import dataclass, field
from itertools import accumulate

INFINITY = 10_000  # a penalty at least this large forbids a break; at most -INFINITY forces one

BOX, GLUE, PENALTY = 0, 1, 2
EXACT_LINES_DEMERITS = 1e12  # a paragraph that cannot keep the number of lines asked for
INF = math.inf


@dataclass(slots=True)  # not frozen: a paragraph makes tens of thousands, and frozen ones are slow to make
class Item:
    """One item of a paragraph. `width` in points; glue has `stretch` and `shrink`; a
    penalty has a `cost` and is `flagged` when breaking there leaves a hyphen at the line end.
    `ref` is the caller's note of where the item came from, such as the index of the character
    it stands for (the breaker never reads it)."""

    kind: int
    width: float
    stretch: float = 0.0
    shrink: float = 0.0
    cost: float = 0.0
    flagged: bool = False
    ref: int | None = None


def box(width: float, ref: int | None = None, stretch: float = 0.0, shrink: float = 0.0) -> Item:
    return Item(BOX, width, stretch, shrink, ref=ref)


def glue(width: float, stretch: float, shrink: float, ref: int | None = None) -> Item:
    return Item(GLUE, width, stretch, shrink, ref=ref)


def penalty(width: float, cost: float, flagged: bool = False, ref: int | None = None) -> Item:
    return Item(PENALTY, width, cost=cost, flagged=flagged, ref=ref)


@dataclass(frozen=True)
class Settings:
    """The weights of the demerits, after TeX's plain format where TeX has one."""

    tolerance: float = 200  # the worst badness allowed before the emergency pass
    line_penalty: float = 10
    hyphen_penalty: float = 50
    double_hyphen_demerits: float = 10_000
    max_hyphenated_in_row: int | None = 2  # None: hyphen ladders of any height
    final_hyphen_demerits: float = 5_000  # a hyphen on the paragraph's last full line
    adjacent_demerits: float = 10_000  # a line two fitness classes away from the one before
    runt_demerits: float = 50_000  # a last line shorter than `runt_width`
    runt_width: float = 0.0  # points; 0: no such rule
    line_stretch: float = 0.0  # ragged text: how much each line end may fall short, in points
    strained_demerits: float = 0.0  # a line needing more stretch than it is judged by (ratio over 1)


@dataclass(frozen=True)
class Line:
    """One chosen line: items [start, end) and the break at `end` (an index into the items,
    or len(items) for the paragraph's end); `ratio` is how much its glue was stretched (> 0)
    or shrunk (< 0), as a fraction of what it can give."""

    start: int
    end: int
    ratio: float
    hyphenated: bool
    natural_width: float


@dataclass(frozen=True)
class Constraints:
    """What the page asks of a paragraph: line numbers (from 1) that must not end in a
    hyphen, and, when given, the number of lines it must keep. `open_end`: the items are a
    stretch of a paragraph that goes on, so their last line is set full like any other (no
    last line's short end, no last line's rules)."""

    no_hyphen_on: frozenset[int] = field(default_factory=frozenset)
    lines: int | None = None
    open_end: bool = False


@dataclass(slots=True)
class _Node:
    position: int  # index of the break item; -1 for the paragraph's start
    line: int  # number of lines before this break
    fitness: int
    run: int  # hyphenated line ends in a row, ending here
    width: float  # sums of the items after the break, for the next line's measure
    stretch: float
    shrink: float
    demerits: float
    previous: _Node | None
    ratio: float = 0.0
    natural: float = 0.0
    limit_stretch: float = 0.0  # sums of the more lenient give, when there is one
    limit_shrink: float = 0.0


# Sums of the stretch and of the shrink of the items before each item (penalties count
# nothing), the paragraph's three closing items included (`closed_sums`): a caller whose give
# is not the items' own (publish.compose.measure.Paragraph.give) hands these over directly.
Give = tuple[list[float], list[float]]


def break_lines(
    items: list[Item],
    measure: float,
    settings: Settings = Settings(),
    constraints: Constraints = Constraints(),
    give: Give | None = None,
    limit: Give | None = None,
) -> list[Line]:
    """The best lines for `items` set `measure` points wide.

    A paragraph that cannot be set within the tolerance is set anyway (the emergency pass
    admits any looseness, and an overfull line where a box is wider than the measure).
    """
    lines = try_break_lines(items, measure, settings, constraints, give=give, limit=limit)
    if lines is not None:
        return lines
    lines = try_break_lines(items, measure, settings, constraints, emergency=True, give=give)
    assert lines is not None, "the emergency pass always finds a way"
    return lines


def try_break_lines(
    items: list[Item],
    measure: float,
    settings: Settings = Settings(),
    constraints: Constraints = Constraints(),
    emergency: bool = False,
    give: Give | None = None,
    limit: Give | None = None,
) -> list[Line] | None:
    """The best lines within the tolerance, or None when there are none (a caller with more
    give to offer tries again); with `emergency`, the least bad lines whatever they are.

    `give`, when given, is the running sums of the items' stretch and shrink (see `Give`) in
    place of the items' own. `limit`, when given, is more give still: a line is admitted when
    it can be set within `limit` (whatever its badness), and judged by `give` (a line that
    needs more than `give` has its ratio beyond ±1, and a badness to match). Without it,
    `give` is both."""
    if give is None:  # the items' own
        content = [(0.0, 0.0) if item.kind == PENALTY else (item.stretch, item.shrink) for item in items]
        give = closed_sums([stretch for stretch, _ in content], [shrink for _, shrink in content])
    if constraints.open_end:  # the closing glue stretches no more than nothing
        give = _closed_rigidly(give)
        limit = _closed_rigidly(limit) if limit is not None else None
    items = [*items, penalty(0, INFINITY), glue(0, math.inf, 0), penalty(0, -INFINITY)]
    end = _best_end(items, measure, settings, constraints, emergency, give, limit)
    return None if end is None else _lines(end, len(items) - 3)


def _closed_rigidly(give: Give) -> Give:
    stretch, shrink = give
    return [*stretch[:-1], stretch[-2]], shrink


def closed_sums(stretch: list[float], shrink: list[float]) -> Give:
    """The running sums of each item's `stretch` and `shrink`, with the paragraph's closing
    items: the last of which, an infinitely stretchable glue, lets the last line end short."""
    stretches = [0.0, *accumulate(stretch)]
    shrinks = [0.0, *accumulate(shrink)]
    return [*stretches, stretches[-1], math.inf], [*shrinks, shrinks[-1], shrinks[-1]]


def _best_end(  # noqa: C901 (the breaker's inner loop, one function: its locals stay fast; bench/)
    items: list[Item],
    measure: float,
    settings: Settings,
    constraints: Constraints,
    emergency: bool,
    give: Give,
    limit: Give | None,
) -> _Node | None:
    tolerance = math.inf if emergency else settings.tolerance
    # Badness grows as the cube of the ratio: lines looser than this are out before any sums.
    loosest = math.inf if math.isinf(tolerance) else (tolerance / 100) ** (1 / 3) + 1e-9
    widths = _running_widths(items)
    stretches, shrinks = give
    limited = limit is not None
    limit_stretches, limit_shrinks = limit if limit is not None else give
    start = _Node(-1, 0, 1, 0, 0.0, 0.0, 0.0, 0.0, None)
    active: list[_Node] = [start]
    # A node waits until a line from it could be long enough (its reach: the sums are monotone,
    # so a bisection finds the first break that can end it); most lines from a node are too
    # short, and skipping them is most of the speed. Not in the emergency, where any line goes.
    waiting: list[tuple[int, int, _Node]] = []  # (reach, order made: ties go first come, first served, node)
    order = itertools.count()
    windows = not emergency and (limited or math.isfinite(loosest))
    if windows:
        scale, grows = (1.0, limit_stretches) if limited else (loosest, stretches)
        reach = [width + scale * grow for width, grow in zip(widths, grows, strict=True)]
        widest_break = max((item.width for item in items if item.kind == PENALTY), default=0.0)
    exact_lines = constraints.lines is not None
    open_end = constraints.open_end
    no_hyphen_on = constraints.no_hyphen_on
    line_penalty, line_stretch = settings.line_penalty, settings.line_stretch
    max_run = math.inf if settings.max_hyphenated_in_row is None else settings.max_hyphenated_in_row
    double_hyphen, adjacent = settings.double_hyphen_demerits, settings.adjacent_demerits
    final_hyphen, runt, runt_width = settings.final_hyphen_demerits, settings.runt_demerits, settings.runt_width
    strained = settings.strained_demerits
    last_item = len(items) - 1
    # the last word space before the closing items: a last line that starts after it holds
    # nothing but the rest of a broken word ("то-" / "варищ.")
    last_space = next((index for index in range(len(items) - 4, -1, -1) if items[index].kind == GLUE), -1)
    for b, item in enumerate(items):
        kind = item.kind
        if kind == BOX:
            continue
        if kind == GLUE:
            if b == 0 or items[b - 1].kind != BOX:
                continue
            forced, break_width, flagged, cost = False, 0.0, False, 0.0
        else:
            cost = item.cost
            if cost >= INFINITY:
                continue
            forced, break_width, flagged = cost <= -INFINITY, item.width, item.flagged
        while waiting and waiting[0][0] <= b:
            active.append(heapq.heappop(waiting)[2])
        if not active:  # no line can end here: most breaks, between one line's reach and the next
            if not waiting:
                return None
            continue
        # the break's own share of the demerits (TeX: + p² for a penalty, − p² for a bonus)
        extra = cost * cost if cost > 0 else (-cost * cost if cost > -INFINITY else 0.0)
        width_b, stretch_b, shrink_b = widths[b] + break_width, stretches[b] + line_stretch, shrinks[b]
        limit_stretch_b, limit_shrink_b = limit_stretches[b] + line_stretch, limit_shrinks[b]
        best: dict[tuple[int, int, int], _Node] = {}
        survivors: list[_Node] = []
        fallback: _Node | None = None
        for node in active:
            natural = width_b - node.width
            if natural < measure:
                available = stretch_b - node.stretch
                ratio = (measure - natural) / available if available > 0 else INF
                if limited and measure - natural > limit_stretch_b - node.limit_stretch:
                    ratio = INF  # not even the most give sets it
            elif natural > measure:
                available = shrink_b - node.shrink
                ratio = (measure - natural) / available if available > 0 else -INF
                if ratio < -1 and (not limited or natural - measure > limit_shrink_b - node.limit_shrink):
                    ratio = -INF  # overfull
            else:
                ratio = 0.0
            if ratio == -INF:
                if emergency and (fallback is None or node.demerits < fallback.demerits):
                    fallback = node
                continue
            if not forced:
                survivors.append(node)
            if ratio > loosest or (limited and ratio == INF):
                continue
            line = node.line + 1
            if flagged:
                if line in no_hyphen_on:
                    continue
                run = node.run + 1
                if run > max_run:
                    continue
            else:
                run = 0
            if ratio == INF:
                badness = 10_000.0
            else:
                cube = ratio * ratio * (ratio if ratio > 0 else -ratio)
                badness = 100 * cube if cube < 100 else 10_000.0
            if badness > tolerance:
                continue
            demerits = (line_penalty + badness) ** 2 + extra
            if ratio > 1:
                demerits += strained
            fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
            if flagged and node.run:
                demerits += double_hyphen
            if fitness - node.fitness > 1 or node.fitness - fitness > 1:
                demerits += adjacent
            if b == last_item:
                if not open_end:
                    if node.run and line > 1 and (natural < runt_width or -1 < last_space < node.position):
                        if not emergency:
                            continue  # a hyphenated word's rest alone on the last line: never,
                        demerits += 1e9  # unless nothing else sets it ("Con-"/"tainer" in a narrow cell)
                    if node.run:
                        demerits += final_hyphen
                    if line > 1 and natural < runt_width:
                        demerits += runt
                if exact_lines and line != constraints.lines:
                    demerits += EXACT_LINES_DEMERITS
            total = node.demerits + demerits
            key = (fitness, run if run < 3 else 3, line if exact_lines else 0)
            found = best.get(key)
            if found is None or total < found.demerits:
                best[key] = _Node(b, line, fitness, run, 0, 0, 0, total, node, ratio, natural)
        if len(best) > 1:
            # As TeX does: a node more than the adjacent-lines demerits worse than the best of its
            # kind here can never be on the best path (a fitness class saves at most that much).
            least: dict[tuple[int, int], float] = {}
            for (_, run_class, line_key), node in best.items():
                group = (run_class, line_key)
                least[group] = min(least.get(group, math.inf), node.demerits)
            best = {key: node for key, node in best.items() if node.demerits <= least[key[1:]] + adjacent}
        if not best and fallback is not None and not survivors:
            # Nothing fits: an overfull line, the least bad one, rather than no paragraph.
            natural = width_b - fallback.width
            best[(0, 0, 0)] = _Node(
                b, fallback.line + 1, 0, 0, 0, 0, 0, fallback.demerits + 1e9, fallback, -1.0, natural
            )
        active = survivors
        if best:
            after = (
                b + 1 if b < last_item and items[b + 1].kind == BOX else _after_break(items, b)
            )  # mostly a word follows
            for node in best.values():
                node.width, node.stretch, node.shrink = widths[after], stretches[after], shrinks[after]
                node.limit_stretch, node.limit_shrink = limit_stretches[after], limit_shrinks[after]
                if windows and b != last_item:
                    grow = node.limit_stretch if limited else node.stretch
                    needed = measure + node.width - widest_break + scale * (grow - line_stretch)
                    heapq.heappush(waiting, (bisect.bisect_left(reach, needed, b + 1), next(order), node))
                else:
                    active.append(node)
        if not active and not waiting:
            return None
    finals = [node for node in active if node.position == last_item]
    return min(finals, key=lambda node: node.demerits) if finals else None


def _running_widths(items: list[Item]) -> list[float]:
    """Sums of the widths of the boxes and glue before each item."""
    return [0.0, *accumulate([0.0 if item.kind == PENALTY else item.width for item in items[:-1]])]


def _after_break(items: list[Item], b: int) -> int:
    """Where the next line starts, as an index into the running sums: glue and penalties
    after a break vanish."""
    index = b
    while index < len(items) and (index == b or items[index].kind != BOX):
        if items[index].kind == PENALTY and items[index].cost <= -INFINITY and index > b:
            break
        index += 1
    return min(index, len(items) - 1)


def _badness(ratio: float) -> float:
    if ratio == math.inf:
        return 10_000.0
    return min(100 * abs(ratio) ** 3, 10_000.0)


def _demerits(badness: float, item: Item, settings: Settings) -> float:
    demerits = (settings.line_penalty + badness) ** 2
    cost = item.cost if item.kind == PENALTY else 0.0
    if cost > 0:
        demerits += cost**2
    elif cost > -INFINITY:
        demerits -= cost**2
    return demerits


def _fitness(ratio: float) -> int:
    """0 tight, 1 decent, 2 loose, 3 very loose: TeX's classes."""
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1:
        return 2
    return 3


def _lines(end: _Node, content_end: int) -> list[Line]:
    nodes = []
    node: _Node | None = end
    while node is not None and node.previous is not None:
        nodes.append(node)
        node = node.previous
    nodes.reverse()
    lines = []
    start = 0
    for node in nodes:
        position = min(node.position, content_end)
        hyphenated = node.run > 0
        lines.append(Line(start, position, node.ratio, hyphenated, node.natural))
        start = node.position
    return lines
