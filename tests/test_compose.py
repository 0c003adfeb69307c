"""Composition: the breaker on its own, then what it makes of real texts in real PDFs."""

from __future__ import annotations

import itertools
import logging
import math
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from pdflines import body_lines, drawn_lines, printed_lines, right_edges, spacing_ratios, uneven_spreads

from publish.compose.breaker import (
    BOX,
    GLUE,
    INFINITY,
    PENALTY,
    Constraints,
    Settings,
    box,
    break_lines,
    glue,
    penalty,
)
from publish.readers import read_source

from conftest import FIXTURES, SAMPLE, build, pdf_body_text, words

NORMAL_SPACE = 10.5 * 0.243  # PT Serif's space at the classic theme's 10.5 pt
LEAFLETS = FIXTURES / "leaflets.md"
TARIFRUNDE = FIXTURES / "tarifrunde.md"  # German: long compounds, few spaces a line


def paragraph(word_widths: list[float], hyphen_after: set[int] = frozenset()) -> list:
    items = []
    for index, width in enumerate(word_widths):
        if index in hyphen_after:
            items += [box(width / 2), penalty(5, 50, flagged=True), box(width / 2)]
        else:
            items.append(box(width))
        items.append(glue(4, 2, 1.5))
    return items[:-1]


def demerits_of(items, breaks, measure, settings, fragments: bool = False) -> float:
    """Total demerits of one way of breaking, computed the slow way, for checking the fast one
    (`fragments`: a broken word's rest may stand alone on the last line, as TeX allows)."""
    from publish.compose import breaker

    full = [*items, penalty(0, INFINITY), glue(0, math.inf, 0), penalty(0, -INFINITY)]
    total, start, fitness, run = 0.0, 0, 1, 0
    for count, end in enumerate(breaks, start=1):
        line = full[start:end]
        while start and line and line[0].kind != BOX:
            line = line[1:]
        width = sum(item.width for item in line if item.kind != PENALTY) + (
            full[end].width if full[end].kind == PENALTY else 0
        )
        stretch = sum(item.stretch for item in line if item.kind == GLUE)
        shrink = sum(item.shrink for item in line if item.kind == GLUE)
        give = stretch if width < measure else shrink
        ratio = (
            (measure - width) / give
            if give
            else (0.0 if width == measure else math.copysign(math.inf, measure - width))
        )
        badness = breaker._badness(ratio)
        flagged = full[end].kind == PENALTY and full[end].flagged
        if ratio < -1 or badness > settings.tolerance or (flagged and run == 2):
            return math.inf
        cost = breaker._demerits(badness, full[end], settings)
        cost += settings.double_hyphen_demerits if flagged and run else 0
        cost += settings.adjacent_demerits if abs(breaker._fitness(ratio) - fitness) > 1 else 0
        if count == len(breaks):
            alone = not any(item.kind == GLUE for item in line[:-2]) and any(item.kind == GLUE for item in items)
            if run and count > 1 and (width < settings.runt_width or (alone and not fragments)):
                return math.inf  # a hyphenated word's stub, or its rest, alone on the last line
            cost += settings.final_hyphen_demerits if run else 0
            cost += settings.runt_demerits if count > 1 and width < settings.runt_width else 0
        total += cost
        fitness, run, start = breaker._fitness(ratio), (run + 1 if flagged else 0), end
    return total


def test_the_breaker_finds_the_best_breaks_that_exist():
    """Against every possible way of breaking small random paragraphs."""
    generator = random.Random(11)
    settings = Settings(runt_width=25)
    checked = 0
    for _ in range(200):
        widths = [generator.uniform(8, 50) for _ in range(generator.randint(4, 8))]
        items = paragraph(widths, {i for i in range(len(widths)) if generator.random() < 0.4})
        measure = generator.uniform(70, 150)
        legal = [
            i
            for i, item in enumerate(items)
            if (item.kind == GLUE and items[i - 1].kind == BOX) or item.kind == PENALTY
        ]
        final = len(items) + 2
        best = min(
            demerits_of(items, [*chosen, final], measure, settings)
            for size in range(len(legal) + 1)
            for chosen in itertools.combinations(legal, size)
        )
        if best == math.inf:
            continue
        lines = break_lines(items, measure, settings)
        assert demerits_of(items, [line.end for line in lines[:-1]] + [final], measure, settings) == pytest.approx(best)
        checked += 1
    assert checked > 50


def test_a_paragraph_never_ends_in_a_broken_words_rest_alone():
    """ "то-" / "варищ." is a fragment for a last line, however long: the breaker takes a
    better way (found in random paragraphs where the best way without the rule is that one)."""
    generator = random.Random(26)
    settings = Settings(runt_width=25)
    found = 0
    for _ in range(400):
        widths = [generator.uniform(8, 50) for _ in range(generator.randint(4, 8))]
        widths[-1] = generator.uniform(40, 70)  # a long last word, hyphenated
        items = paragraph(widths, {len(widths) - 1})
        measure = generator.uniform(70, 150)
        lines = break_lines(items, measure, settings)
        last = items[lines[-1].start : lines[-1].end] if len(lines) > 1 else []
        assert not (len(lines) > 1 and lines[-2].hyphenated and not any(item.kind == GLUE for item in last))
        legal = [
            i
            for i, item in enumerate(items)
            if (item.kind == GLUE and items[i - 1].kind == BOX) or item.kind == PENALTY
        ]
        final = len(items) + 2
        ways = [[*chosen, final] for size in range(len(legal) + 1) for chosen in itertools.combinations(legal, size)]
        loose = min(ways, key=lambda way: demerits_of(items, way, measure, settings, fragments=True))
        if (
            len(loose) > 1
            and items[loose[-2]].kind == PENALTY
            and demerits_of(items, loose, measure, settings) == math.inf
        ):
            found += 1
    assert found > 5


def test_never_three_hyphenated_line_ends_in_a_row():
    items = paragraph([30.0] * 40, set(range(40)))

    def longest_run(lines) -> int:
        return max(
            (len(list(group)) for key, group in itertools.groupby(line.hyphenated for line in lines) if key), default=0
        )

    unlimited = Settings(max_hyphenated_in_row=None, double_hyphen_demerits=0)
    assert max(longest_run(break_lines(items, measure, unlimited)) for measure in range(45, 100)) > 2
    assert max(longest_run(break_lines(items, measure)) for measure in range(45, 100)) == 2


def test_a_line_can_be_kept_from_ending_in_a_hyphen_with_the_same_number_of_lines():
    items = paragraph([22.0, 31.0, 18.0, 40.0, 27.0, 35.0, 19.0, 44.0, 25.0, 30.0], set(range(10)))
    lines = break_lines(items, 100)
    hyphenated = [number for number, line in enumerate(lines, start=1) if line.hyphenated and number < len(lines)]
    assert hyphenated
    kept = break_lines(items, 100, constraints=Constraints(no_hyphen_on=frozenset(hyphenated[:1]), lines=len(lines)))
    assert not kept[hyphenated[0] - 1].hyphenated
    assert len(kept) == len(lines)


def test_a_word_wider_than_the_measure_still_gets_a_line():
    lines = break_lines([box(20), glue(4, 2, 1), box(500), glue(4, 2, 1), box(20)], 100)
    assert len(lines) >= 2


def test_a_word_that_only_fits_broken_is_broken_even_leaving_its_rest_alone():
    """A table's narrow column held one word, "Con-tai-ner", 44 pt wide: every way of setting it
    either ended in a broken word's rest alone (never, by the rule above) or ran over the
    measure, and the emergency pass found none — a real page (Ceph's API tables) failed to
    build with "the emergency pass always finds a way". The rule yields when nothing else sets."""
    items = [box(22.26), penalty(5.35, 50, True), box(22.31), penalty(5.35, 50, True), box(11.18)]
    lines = break_lines(items, 43.65, Settings(runt_width=37.8, line_stretch=37.8))  # (as the page had them)
    assert len(lines) >= 2 and lines[0].hyphenated


@pytest.fixture(scope="module")
def composed(tmp_path_factory) -> dict[str, Path]:
    """The sample, the leaflet text (English, ligatures) and a long text made of several, set."""
    folder = tmp_path_factory.mktemp("composed")
    texts = [FIXTURES / name for name in ("zabastovka.md", "zbory.md", "leaflets.md")]
    body = []
    sample_paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:] if p.strip()]
    for round_ in range(1, 8):
        body.append(f"## Выпуск {round_}: статьи и заметки о рабочем движении")
        body += sample_paragraphs
        for text in texts[:2]:
            body += [p for p in text.read_text(encoding="utf-8").split("---", 2)[2].split("\n\n") if p.strip()]
    long = folder / "long.md"
    long.write_text("---\ntitle: Сборник\nauthor: Редакция\n---\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    built = {}
    for source in (SAMPLE, long, LEAFLETS, TARIFRUNDE):
        built[source.stem] = build(source, folder / source.stem, "pdf")["pdf"]
    return built


def test_weasyprint_sets_exactly_the_lines_that_were_chosen(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="publish.writers.pdf")
    for source in (SAMPLE, LEAFLETS):
        build(source, tmp_path, "pdf")
    summaries = [record.getMessage() for record in caplog.records if "lines composed" in record.getMessage()]
    assert len(summaries) == 2
    for summary in summaries:
        assert " 0 lines not as planned" in summary
        assert int(re.search(r"(\d+) lines composed", summary).group(1)) > 30


def test_weasyprint_never_tries_a_lines_text_on_the_line_before(tmp_path, monkeypatch):
    """Each composed line ends WeasyPrint's line: it does not shape the next line's text to
    find that it does not fit (that trial doubled its work). Only the few boxes composition
    leaves to WeasyPrint (a contents line, a list marker) may still be tried and refused."""
    from weasyprint.layout import inline

    tried = {"fits": 0, "refused": 0}
    original = inline.split_first_line

    def counting(text, style, context, max_width, *rest, **keywords):
        result = original(text, style, context, max_width, *rest, **keywords)
        if max_width is not None:
            tried["refused" if result[3] > max_width else "fits"] += 1
        return result

    monkeypatch.setattr(inline, "split_first_line", counting)
    build(SAMPLE, tmp_path, "pdf")
    assert tried["fits"] > 150
    assert tried["refused"] < tried["fits"] / 10


def test_every_line_is_found_as_the_line_it_was_planned_as_though_lines_repeat(tmp_path, monkeypatch):
    """A paragraph of one short word over and over has every line alike: each line WeasyPrint
    set is still matched to its own planned line, in order, page after page (matching by
    text took every such line for the first, and broke the paragraph again from there)."""
    import publish.compose
    from publish.compose.report import _main_lines

    found: list[list[int | None]] = []
    report = publish.compose.composition_report

    def checking(compositor, pages, *rest):
        for plan in compositor.plans:
            if len(plan.lines) > 40:
                lines = [line for page in pages for line in _main_lines(page._page_box) if line.element is plan.element]
                found.append([plan.locate(line) for line in lines])
        return report(compositor, pages, *rest)

    monkeypatch.setattr(publish.compose, "composition_report", checking)
    source = tmp_path / "repeats.txt"
    source.write_text("Издатель\n\n2024\nПовтор\n\nВступление.\n\n" + "дом " * 1500 + "\n", encoding="utf-8")
    build(source, tmp_path / "out", "pdf")
    assert len(found) == 1 and len(found[0]) > 80  # a paragraph of pages
    assert found[0] == list(range(len(found[0])))


def test_a_long_text_runs_to_fifty_pages_with_every_line_within_the_measure(composed):
    lines = printed_lines(composed["long"])
    assert lines[-1].page >= 50
    for source in ("kazakhstan-2022", "long", "leaflets"):
        lines = body_lines(printed_lines(composed[source]))
        edges = right_edges(lines)
        # 0.6 pt: a hyphenated line can still overshoot by a hyphen's kerning (WeasyPrint alone
        # overshoots on half the sample's lines, by up to 2.2 pt, with the kerning it forgets).
        too_wide = [line.text for line in lines if line.right > edges[line.page] + 0.6]
        assert too_wide == [], source


def test_justified_lines_end_on_the_measure(composed):
    """A full line ends where the measure does, to a tenth of a point or so (the shaper's own
    rounding): letter spacing written as an offset beside each glyph, rounded to whole
    thousandths of an em, drifted line ends up to 0.27 pt off."""
    for source in ("kazakhstan-2022", "long", "leaflets", "tarifrunde"):
        lines = body_lines(printed_lines(composed[source]))
        edges = right_edges(lines)
        full = [line for line in lines if abs(line.right - edges[line.page]) < 1.0]
        assert len(full) > 15, source
        off = [(line.text, round(line.right - edges[line.page], 3)) for line in full]
        assert all(abs(distance) <= 0.15 for _, distance in off), (source, max(off, key=lambda o: abs(o[1])))


def test_word_spaces_are_even_and_no_ladder_no_stub(composed):
    loose = justified = 0
    for source in ("kazakhstan-2022", "long", "leaflets", "tarifrunde"):
        lines = printed_lines(composed[source])
        ratios = spacing_ratios(lines, NORMAL_SPACE)
        assert len(ratios) >= 15
        # the press's bar: 3 % of lines over 1.6× (TeX on the same texts: 8–14 %, up to 2.6×),
        # none over 2×, met with letters tracked no more than a press allows (see the test
        # below); a short text's share moves by a line (the sample's: 0.7 % a line)
        assert sum(ratio > 1.6 for ratio in ratios) <= 0.04 * len(ratios), source
        assert max(ratios) < 2.0, source
        loose += sum(ratio > 1.6 for ratio in ratios)
        justified += len(ratios)
        body = [line for line in body_lines(lines, one_word=True) if not line.text.isdigit()]
        run = longest = ladders = 0
        for line in body:
            run = run + 1 if line.text.endswith("-") else 0
            longest = max(longest, run)
            ladders += run == 3
        # three in a row only where a paragraph has no other way within the spacing (book
        # practice admits three; Russian, four)
        assert longest <= 3 and ladders <= len(body) / 60, source
        edges = right_edges(body)
        for before, line in zip(body, body[1:], strict=False):
            short = line.right < edges[line.page] - 20
            assert not (short and before.text.endswith("-") and len(line.text) <= 4), (source, line.text)
    assert loose <= 0.03 * justified


def test_letters_are_tracked_no_more_than_a_press_allows_and_glyphs_scaled_at_most_two_percent(composed):
    """Read from the glyph positions the PDF draws: no line of running text tracked more than
    ±0.01 em, neighbouring lines within 0.005 em of each other (so the colour does not
    stripe), and the give found instead in glyphs scaled by at most 2 %, as pdfTeX's font
    expansion does."""
    for source in ("kazakhstan-2022", "long", "leaflets", "tarifrunde"):
        drawn = drawn_lines(composed[source])
        body_size = Counter(line.size for line in drawn).most_common(1)[0][0]
        body = [line for line in drawn if line.size == body_size and line.glyphs > 20]
        assert len(body) > 20, source
        assert max(abs(line.tracking) for line in body) <= 0.0105, source
        for above, line in zip(body, body[1:], strict=False):
            if above.page == line.page:
                assert abs(line.tracking - above.tracking) <= 0.0055, (source, line.page, line.baseline)
        scales = [line.scale for line in body]
        assert all(0.98 - 1e-4 <= scale <= 1.02 + 1e-4 for scale in scales), source
        assert sum(scale != 1.0 for scale in scales) > len(scales) / 2, source  # the give is there


def test_no_word_is_broken_over_the_turn_to_a_left_hand_page(composed):
    """The foot of a right-hand (odd) page does not end in a hyphen: the reader turns the leaf
    mid-word. (At the foot of a left-hand page it is allowed where nothing else works.) The
    exception: a paragraph whose every other way needs word spaces over twice their width or
    letters tracked beyond a press's limit keeps the hyphen (the sample's "Различные детали"
    paragraph, at two places of the long text's 56 pages; the composition report names it)."""
    for source in ("kazakhstan-2022", "long"):
        body = [line for line in body_lines(printed_lines(composed[source]), one_word=True) if not line.text.isdigit()]
        page_ends = [line for line, after in zip(body, body[1:], strict=False) if after.page != line.page]
        on_right = [line.text for line in page_ends if line.page % 2 == 1 and line.text.endswith("-")]
        assert len(on_right) <= len(page_ends) // 25, (source, on_right)
        # allowed where the alternative is a loose line, the worse fault
        on_left = [line.text for line in page_ends if line.page % 2 == 0 and line.text.endswith("-")]
        assert len(on_left) <= max(1, len(page_ends) // 10), source
        assert len(page_ends) > (40 if source == "long" else 4)


def test_facing_pages_end_level(composed):
    """Both pages of a spread end on the same line: a page a widow, an orphan or a heading
    would leave short is filled by setting a paragraph a line longer or shorter, or the spread
    runs a line long or short together. The long text (56 pages, headings, short Ukrainian
    paragraphs): without this, 16 of 27 spreads ended a line or more apart; with the spread
    short only, 2."""
    for source, most in (("kazakhstan-2022", 0), ("long", 0)):
        uneven, spreads = uneven_spreads(composed[source])
        assert spreads >= (20 if source == "long" else 2)
        assert len(uneven) <= most, (source, uneven)


def test_no_widows_or_orphans(composed):
    """No paragraph leaves its first line alone at a page's foot or its last alone at the top."""
    from collections import Counter

    body = [line for line in body_lines(printed_lines(composed["long"])) if not line.text.isdigit()]
    edges = right_edges(body)
    lefts = {
        page: Counter(round(line.left) for line in body if line.page == page).most_common(1)[0][0] for page in edges
    }
    checked = 0
    for line, after in zip(body, body[1:], strict=False):
        if line.page == after.page:
            continue
        checked += 1
        first_of_paragraph = line.left > lefts[line.page] + 3
        goes_on = line.right > edges[line.page] - 1
        assert not (first_of_paragraph and goes_on), f"an orphan on page {line.page}: {line.text}"
        last_of_paragraph = after.right < edges[after.page] - 20
        starts_paragraph = after.left > lefts[after.page] + 3
        assert not (last_of_paragraph and not starts_paragraph), f"a widow on page {after.page}: {after.text}"
    assert checked > 40


def test_spacing_is_better_than_weasyprint_alone(composed, tmp_path):
    from publish.build import BuildOptions, allowed_roots, build_time, prepare, resolve_theme
    from publish.resources import ResourceGate
    from publish.writers.pdf import PdfOptions, build_pdf

    options = BuildOptions(project=SAMPLE.parents[1])
    theme = resolve_theme(options)
    _, hyphenated = prepare(SAMPLE, options)
    plain = tmp_path / "plain.pdf"
    gate = ResourceGate(roots=allowed_roots(SAMPLE, theme, options))
    plain.write_bytes(build_pdf(hyphenated, theme, gate, PdfOptions(created=build_time(SAMPLE), compose=False)))
    ours = spacing_ratios(printed_lines(composed["kazakhstan-2022"]), NORMAL_SPACE)
    theirs = spacing_ratios(printed_lines(plain), NORMAL_SPACE)

    def share(ratios, limit):
        return sum(ratio > limit for ratio in ratios) / len(ratios)

    assert share(ours, 1.6) < share(theirs, 1.6)
    assert share(ours, 2.0) < share(theirs, 2.0)
    assert max(ours) < max(theirs)


def test_every_word_extracts_as_written_ligatures_included(composed):
    for source, path in (("kazakhstan-2022", SAMPLE), ("tarifrunde", TARIFRUNDE), ("leaflets", LEAFLETS)):
        meta = read_source(path).metadata
        text = pdf_body_text(composed[source], meta.title, *meta.authors, meta.publisher or "")
        # a word broken at a line end, whole again (a compound keeps its hyphen either way)
        printed = set(words(re.sub(r"-\n(?=\w)", "", text))) | set(words(text))
        body = path.read_text(encoding="utf-8")
        body = body.split("---")[-1] if path.suffix == ".md" else body.split("\n\n", 1)[1]  # the publisher heads pages
        missing = [word for word in words(body) if word not in printed]
        assert missing == [], source
    assert {"leaflets", "reflect", "fluffy", "affirms", "officialese", "flinch"} <= printed


def test_nothing_of_the_composition_reaches_the_epub_or_html(tmp_path):
    built = build(SAMPLE, tmp_path, "epub", "html")
    html = built["html"].read_text(encoding="utf-8")
    assert "\u2060" not in html
    assert "word-spacing" not in html


HEADINGS = [
    "Забастовка на «Южном заводе»: уроки одной недели и что из них следует для всех",
    "Почему профсоюзные бюрократы снова подписали соглашение за спиной рабочих",
    "Що вирішили збори робітників заводу після тижня страйку",
    "Why the first line of a leaflet matters more than all the rest of it",
]


def heading_blocks(pdf) -> list[list]:
    """The lines of each heading: lines in a larger size than the text, one after another."""
    lines = printed_lines(pdf)
    body = {round(line.height, 1) for line in body_lines(lines)}
    blocks: list[list] = []
    previous = None
    for line in lines:
        large = round(line.height, 1) not in body and line.height > max(body) + 1 and not line.text.isdigit()
        if large and previous is not None and blocks and previous in blocks[-1] and line.page == previous.page:
            blocks[-1].append(line)
        elif large:
            blocks.append([line])
        previous = line if large else None
    return blocks


def test_headings_are_balanced_with_no_word_alone(tmp_path):
    body = (FIXTURES / "zabastovka.md").read_text(encoding="utf-8").split("---", 2)[2].split("\n\n")
    paragraphs = [p for p in body if p.strip() and not p.startswith("#")]
    text = "---\ntitle: Заголовки\n---\n\n" + "\n\n".join(
        f"## {h}\n\n{paragraphs[n % len(paragraphs)]}" for n, h in enumerate(HEADINGS)
    )
    source = tmp_path / "headings.md"
    source.write_text(text + "\n", encoding="utf-8")
    pdf = build(source, tmp_path / "out", "pdf")["pdf"]
    broken = [block for block in heading_blocks(pdf) if len(block) > 1 and block[0].text != "Заголовки"]
    assert len(broken) >= 3  # the headings are long enough to take two lines or more
    for block in broken:
        widths = [line.right - line.left for line in block]
        assert min(widths) > 0.6 * max(widths), [line.text for line in block]
        assert len(block[-1].words) > 1, [line.text for line in block]


def test_a_paragraph_of_many_pages_is_set_whole_and_every_word_stays(tmp_path):
    """A paragraph longer than two pages is broken again at each page end only in a window of
    lines (it was broken again whole, which grew with the square of its length)."""
    from conftest import SAMPLE, build, pdf_body_text, words

    body = " ".join(part.replace("\n", " ") for part in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:])
    source = tmp_path / "one.txt"
    source.write_text("Один абзац\n\n" + (body + " ") * 2 + "\n", encoding="utf-8")
    pdf = build(source, tmp_path / "out", "pdf")["pdf"]
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) >= 8
    text = re.sub(r"-\n?", "", pdf_body_text(pdf, "Один абзац"))  # words hyphenated at line ends, whole again
    assert words(text) == words(source.read_text(encoding="utf-8").replace("-", ""))


def test_headings_do_not_break_inside_a_quoted_name(tmp_path):
    """«Южном / заводе» is a name cut in two; a heading is balanced around it instead."""
    source = tmp_path / "headings.md"
    source.write_text(
        "---\ntitle: Итоги года\nlang: ru\n---\n\n"
        "## Стачка на «Южном заводе» и уроки для всех\n\nТекст первой части статьи.\n\n"
        "## Что сказал «Профсоюз металлургов» о забастовке\n\nТекст второй части статьи.\n\n"
        "## Ответ администрации «Южного машзавода» на требования\n\nТекст третьей части.\n",
        encoding="utf-8",
    )
    for size in ("A5", "A6"):
        text = pdf_body_text(build(source, tmp_path / size, "pdf", page_size=size)["pdf"]).replace("\u00a0", " ")
        lines = [line.strip() for line in text.splitlines()]
        for name in ("«Южном заводе»", "«Профсоюз металлургов»", "«Южного машзавода»"):
            assert any(name in line for line in lines), (size, name)


def test_the_report_measures_every_line_against_the_press_limits_on_tracking(tmp_path, caplog):
    """The composition report names each line tracked over ±0.01 em, or 0.005 em unlike the line
    above, and gives the most: on the sample, none, and the most within the limit."""
    caplog.set_level(logging.INFO, logger="publish.writers.pdf")
    build(SAMPLE, tmp_path, "pdf")
    messages = [record.getMessage() for record in caplog.records]
    summary = next(message for message in messages if "lines composed" in message)
    most, over, steps = re.search(
        r"tracking at most ([\d.]+) em \((\d+) lines over 0.01 em, (\d+) over", summary
    ).groups()
    assert (int(over), int(steps)) == (0, 0)
    assert 0.002 < float(most) <= 0.01
    assert not [message for message in messages if "letters spaced" in message or "in the line above" in message]
    scaled = re.search(r"glyphs scaled ([\d.]+) % at most", summary)
    assert scaled and 1.0 < float(scaled.group(1)) <= 2.0


def test_the_report_counts_the_spreads_as_printed(tmp_path, caplog):
    """The composition report's spreads that end apart are the ones the printed PDF shows."""
    body = [part for part in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:] if part.strip()]
    items = "\n".join(f"- пункт {number} списка требований" for number in range(1, 8))
    text = "\n\n".join([*body, "## Требования", items, *body[:6], "## Итоги", *body])
    source = tmp_path / "spreads.md"
    source.write_text("---\ntitle: Развороты\nlang: ru\n---\n\n" + text + "\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="publish.writers.pdf"):
        pdf = build(source, tmp_path / "out", "pdf")["pdf"]
    summary = next(record.message for record in caplog.records if "lines composed" in record.message)
    apart, spreads, split = map(
        int, re.search(r"(\d+) of (\d+) spreads ending apart, (\d+) lists split", summary).groups()
    )
    uneven, compared = uneven_spreads(pdf)
    assert spreads >= 4 and spreads <= compared
    assert apart == len(uneven) <= 1
    assert split == 0


def _rules(pdf: Path) -> list[tuple[int, float, float, float]]:
    """Every straight horizontal line the PDF strokes: (page from 1, left, right, height from
    the page's top), in points, through whatever transformation it was drawn under."""
    from pypdf import PdfReader

    found: list[tuple[int, float, float, float]] = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        height = float(page.mediabox.height)
        start: list[tuple[float, float]] = []

        def visit(operator, operands, cm, tm, number=number, height=height, start=start):
            if operator in (b"m", b"l"):
                a, b, c, d, e, f = cm
                x, y = float(operands[0]), float(operands[1])
                point = (a * x + c * y + e, b * x + d * y + f)
                if operator == b"m":
                    start[:] = [point]
                elif start and abs(point[1] - start[0][1]) < 0.01:
                    left, right = sorted((start[0][0], point[0]))
                    found.append((number, left, right, height - point[1]))

        page.extract_text(visitor_operand_before=visit)
    return found


def test_a_line_drawn_with_a_rule_is_scaled_with_its_rule(tmp_path):
    """A justified line's glyphs are drawn scaled (up to 2 %) with the text's own horizontal
    scaling; a line that also draws a rule (a struck word's) is drawn transformed whole, so
    that the rule still runs from the struck word's first letter to its last, wherever the
    word stands in the line."""
    rng = random.Random(4)
    vocabulary = [
        "рабочие",
        "завод",
        "стачка",
        "профсоюз",
        "требования",
        "зарплата",
        "смена",
        "цех",
        "мастер",
        "директор",
        "собрание",
        "решение",
        "газета",
        "листовка",
        "товарищи",
        "поддержка",
        "город",
        "область",
        "власть",
        "полиция",
        "суд",
    ]
    paragraphs = []
    for _ in range(8):
        words_ = [rng.choice(vocabulary) for _ in range(70)]
        for _ in range(3):
            at = rng.randrange(len(words_))
            words_[at] = f"~~{words_[at]}~~"
        paragraphs.append(" ".join(words_).capitalize() + ".")
    source = tmp_path / "struck.md"
    source.write_text("---\ntitle: Зачёркнутое\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    pdf = build(source, tmp_path / "out", "pdf")["pdf"]
    rules: list[tuple[int, float, float, float]] = []
    for rule in sorted(
        _rules(pdf), key=lambda rule: (rule[0], rule[3], rule[1])
    ):  # a struck word broken at a line's end: its hyphen's rule is its own
        page, left, right, height = rule
        if rules and rules[-1][0] == page and abs(rules[-1][3] - height) < 0.01 and abs(rules[-1][2] - left) < 0.2:
            rules[-1] = (page, rules[-1][1], right, height)
        else:
            rules.append(rule)
    words_drawn = [(line.page, word) for line in printed_lines(pdf) for word in line.words]
    assert len(rules) >= 20
    for page, left, right, height in rules:
        word = min(
            (word for on, word in words_drawn if on == page and word.top <= height <= word.bottom),
            key=lambda word: abs(word.left - left) + abs(word.right - right),
        )
        assert abs(word.left - left) < 0.2 and abs(word.right - right) < 0.2, (word, left, right)
    scales = [line.scale for line in drawn_lines(pdf) if line.glyphs > 20]
    assert sum(abs(scale - 1) > 0.002 for scale in scales) > len(scales) / 2  # the give is there


def test_a_range_of_numbers_is_never_split_at_its_dash(tmp_path):
    """ "1941–/1945", "XV–/XVI", "с. 14–/17": book rules keep a range on one line. Pango may
    break after an en dash, and the breaker took it as any other dash (at least one line in
    ten of this text ended so); a dash between words still breaks."""
    nouns = [
        "рабочие",
        "заводы",
        "стачки",
        "требования",
        "комитеты",
        "профсоюзы",
        "собрания",
        "города",
        "губернии",
        "фабрики",
    ]
    ranges = ["1905–1907", "XV–XVI", "с. 14–17", "1917–1921", "XIX–XX", "1941–1945"]
    paragraphs = []
    for number in range(8):
        picked = [f"{nouns[(number * 7 + i) % 10]} {ranges[(number + i) % 6]}" for i in range(40)]
        paragraphs.append("Так " + " ".join(picked) + " — и ещё слова — в конце.")
    source = tmp_path / "ranges.md"
    source.write_text("---\ntitle: Диапазоны\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    text = pdf_body_text(build(source, tmp_path / "out", "pdf")["pdf"], "Диапазоны")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 60
    assert [line for line in lines if re.search(r"[0-9IVXLCDM]–$", line)] == []
