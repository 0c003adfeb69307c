"""Benchmarks (not tests): where a build's time goes, on this machine.

    make bench            # or: .venv/bin/python bench/run.py

Prints the build time of the sample per edition; the sample's EPUB from the command line with
the cache warm and cold beside Pandoc, and how fast `--version` and `typo` start; the PDF's
composition against WeasyPrint alone on the same HTML and CSS; the typography engine's
throughput on Russian text; and the hyphenation stage's and PDF tagging's share of a build for
the sample and a text 50 times longer. In-process figures are the best of several runs (font
subsets and dictionaries are warm after the first); command-line ones are medians.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from publish.build import BuildOptions, build_source, resolve_theme  # noqa: E402
from publish.hyphenation import clear_caches, hyphenate_document  # noqa: E402
from publish.readers import read_source  # noqa: E402
from publish.typography import typograph_document, typograph_text  # noqa: E402

SAMPLE = ROOT / "source" / "kazakhstan-2022.txt"


def best(function: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    out = Path(tempfile.mkdtemp())
    for formats in (("epub",), ("pdf",), ("epub", "pdf")):
        options = BuildOptions(formats=formats, out_dir=out, project=ROOT)
        theme = resolve_theme(options)
        seconds = best(lambda options=options, theme=theme: build_source(SAMPLE, options, theme), runs=3)
        print(f"build sample, {'+'.join(formats):9}: {seconds * 1000:7.0f} ms")

    notes_bench()
    long_paragraph_bench(out)
    startup_bench(out)
    overhead = pdf_overhead(out)
    print(f"PDF composition costs at most {overhead:+.1%} over WeasyPrint alone on the same HTML and CSS")

    text = SAMPLE.read_text(encoding="utf-8")
    big = (text + "\n\n") * 120
    megabytes = len(big.encode("utf-8")) / 1e6
    seconds = best(lambda: typograph_text(big, "ru"), runs=3)
    print(f"typography: {megabytes:.1f} MB of Russian in {seconds:.2f} s = {megabytes / seconds:.1f} MB/s")

    for factor in (1, 50):
        source = SAMPLE
        if factor > 1:  # the sample's body repeated: a long pamphlet of the same prose
            header, body = text.split("\n\n", 2)[:2], text.split("\n\n", 2)[2]
            source = out / f"long-x{factor}.txt"
            source.write_text("\n\n".join(header) + "\n\n" + "\n\n".join([body.strip()] * factor) + "\n")
        typographed = typograph_document(read_source(source))

        def cold(typographed=typographed):
            clear_caches()
            hyphenate_document(typographed)

        hyphenation = best(cold, runs=3)
        for formats in (("epub",), ("pdf",)):
            options = BuildOptions(formats=formats, out_dir=out, project=ROOT)
            theme = resolve_theme(options)
            with _timed_tagging() as tagging:
                whole = best(
                    lambda options=options, theme=theme, source=source: build_source(source, options, theme),
                    runs=1 if factor > 1 else 3,
                )
            tagged = f", PDF/UA tagging {tagging[-1] * 1000:.0f} ms = {tagging[-1] / whole:.1%}" if tagging else ""
            print(
                f"sample x{factor:<2} {formats[0]:4}: build {whole * 1000:7.0f} ms, hyphenation (cold caches)"
                f" {hyphenation * 1000:6.1f} ms = {hyphenation / whole:5.1%}{tagged}"
            )


@contextlib.contextmanager
def _timed_tagging() -> Iterator[list[float]]:
    """The seconds WeasyPrint spends tagging each PDF it writes (it was quadratic: #18)."""
    import weasyprint.pdf

    spent: list[float] = []
    original = weasyprint.pdf.add_tags

    def timed(*arguments, **keywords):
        started = time.perf_counter()
        try:
            return original(*arguments, **keywords)
        finally:
            spent.append(time.perf_counter() - started)

    weasyprint.pdf.add_tags = timed
    try:
        yield spent
    finally:
        weasyprint.pdf.add_tags = original


def _median_seconds(command: list[str], runs: int, before: Callable[[], object] = lambda: None, **kwargs) -> float:
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def startup_bench(out: Path) -> None:
    """One article from the command line, as an editor rebuilds it (#18): the sample's EPUB with
    the disk cache warm and cold, beside Pandoc making an EPUB of the same text; and how fast
    the commands that do little start."""
    publish = [sys.executable, "-m", "publish"]
    cache = out / "bench-cache"
    environment = {**os.environ, "PUBLISH_CACHE_DIR": str(cache)}
    epub = [*publish, "build", "-q", "-f", "epub", "-o", str(out / "cli"), str(SAMPLE)]
    subprocess.run(epub, check=True, env=environment, cwd=ROOT)  # warm the cache
    warm = _median_seconds(epub, 5, env=environment, cwd=ROOT)
    cold = _median_seconds(epub, 5, lambda: shutil.rmtree(cache, ignore_errors=True), env=environment, cwd=ROOT)

    def forget_this_text() -> None:  # a new article: the theme's shared font cuts are cached, its own subsets not
        for kind in ("fonts", "covers"):
            shutil.rmtree(cache / kind, ignore_errors=True)

    subprocess.run(epub, check=True, env=environment, cwd=ROOT)
    new_text = _median_seconds(epub, 5, forget_this_text, env=environment, cwd=ROOT)
    pandoc = shutil.which("pandoc")
    beside = ""
    if pandoc:
        command = [pandoc, "-f", "markdown", str(SAMPLE), "-o", str(out / "pandoc.epub")]
        beside = f"; Pandoc {_median_seconds(command, 5) * 1000:.0f} ms"
    print(
        f"sample EPUB from the command line: warm cache {warm * 1000:.0f} ms, a new text {new_text * 1000:.0f} ms,"
        f" no cache at all {cold * 1000:.0f} ms{beside}"
    )
    for arguments in (["--version"], ["typo", str(SAMPLE)]):
        seconds = _median_seconds([*publish, *arguments], 5, env=environment, cwd=ROOT)
        print(f"publish {' '.join(arguments[:1])}: {seconds * 1000:.0f} ms")


def long_paragraph_bench(out: Path) -> None:
    """One paragraph of 25 and 50 KB as a PDF: the time should double, not quadruple (#14: page
    ends in a paragraph of pages are mended in a window of lines; a 99 KB one took 225 s)."""
    body = " ".join(part.replace("\n", " ") for part in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:])
    options = BuildOptions(formats=("pdf",), out_dir=out, project=ROOT)
    theme = resolve_theme(options)
    for kilobytes in (25, 50):
        source = out / f"paragraph-{kilobytes}k.txt"
        text = ((body + " ") * (kilobytes * 1000 // len(body) + 1))[: kilobytes * 1000].rsplit(" ", 1)[0]
        source.write_text(f"Один абзац\n\n{text}.\n", encoding="utf-8")
        seconds = best(lambda source=source: build_source(source, options, theme), runs=1)
        print(f"one paragraph of {kilobytes} KB as a PDF: {seconds:.1f} s")


def notes_bench() -> None:
    """Rendering text with many note references grows linearly (it was quadratic: #12)."""
    from lxml import etree

    from publish.render.html import append_text

    def fill(count: int) -> None:
        element = etree.Element("p")
        for number in range(count):
            etree.SubElement(element, "a").text = str(number)
            append_text(element, " текст")

    for count in (2_000, 20_000):
        print(f"{count} note references appended to: {best(lambda count=count: fill(count), runs=3) * 1000:.0f} ms")


def pdf_overhead(out: Path) -> float:
    """(our PDF − WeasyPrint alone setting the same HTML and CSS) / WeasyPrint alone, for the
    sample and a 60-page text, with the composition report's counts for each. WeasyPrint alone
    is timed as it comes and as our writer runs it (fewer collections, room on the frame
    stack: publish.writers.interpreter), and the faster of the two is the baseline. The three builds
    (WeasyPrint alone, our writer without composition, with it) take turns, so that a noisy
    machine slows each alike; each figure is the least CPU time of its runs."""
    long = out / "long-composed.md"
    text = SAMPLE.read_text(encoding="utf-8")
    body = [p for p in text.split("\n\n")[3:] if p.strip()]
    sections = [f"## Часть {n}\n\n" + "\n\n".join(body[n % 3 :] + body[: n % 3]) for n in range(1, 11)]
    long.write_text("---\ntitle: Сборник\nauthor: Редакция\n---\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    overheads = []
    for source in (SAMPLE, long):
        times, summary = _pdf_timings(source, out, runs=8 if source == SAMPLE else 5)
        alone = min(times["WeasyPrint alone"], times["WeasyPrint alone, tuned"])
        plain, ours = times["without composition"], times["composed"]
        overheads.append((ours - alone) / alone)
        print(
            f"PDF of {source.name}: WeasyPrint alone {times['WeasyPrint alone'] * 1000:.0f} ms (run as ours is"
            f" {times['WeasyPrint alone, tuned'] * 1000:.0f} ms), our writer without composition"
            f" {plain * 1000:.0f} ms, composed {ours * 1000:.0f} ms ({overheads[-1]:+.1%} over the faster)\n    {summary}"
        )
    return max(overheads)


def _pdf_timings(source: Path, out: Path, runs: int) -> tuple[dict[str, float], str]:
    """CPU seconds of WeasyPrint alone on our HTML and CSS, and of our PDF writer without and
    with composition; and the composition report."""
    import logging

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from publish.build import allowed_roots, build_time, prepare
    from publish.render.html import render_html
    from publish.resources import ResourceGate
    from publish.themes import edition_css
    from publish.writers.interpreter import call_with_headroom, fewer_collections
    from publish.writers.pdf import PdfOptions, build_pdf, page_css

    options = BuildOptions(formats=("pdf",), out_dir=out, project=ROOT)
    theme = resolve_theme(options)
    _, hyphenated = prepare(source, options)
    gate = ResourceGate(roots=allowed_roots(source, theme, options))
    pdf_options = PdfOptions(created=build_time(source))
    html = render_html(hyphenated, for_print=True)
    fonts = lambda face: face.path.resolve().as_uri()  # noqa: E731
    css = edition_css(theme, "print", fonts, gate.stylesheet_policy(lambda path: path.as_uri())) + page_css(pdf_options)
    base_url = (hyphenated.base_dir or Path.cwd()).resolve().as_uri() + "/"
    summaries: list[str] = []

    class Summary(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "lines composed" in record.getMessage():
                summaries.append(record.getMessage())

    writer_log = logging.getLogger("publish.writers.pdf")
    writer_log.addHandler(Summary())
    writer_log.setLevel(logging.INFO)

    def alone() -> None:
        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(string=css, font_config=font_config)
        page = weasyprint.HTML(string=html, base_url=base_url)
        page.write_pdf(stylesheets=[stylesheet], font_config=font_config, custom_metadata=True)

    def alone_tuned() -> None:  # as our writer runs it (publish.writers.interpreter): the fairer baseline
        with fewer_collections():
            call_with_headroom(alone)

    builds: dict[str, Callable[[], object]] = {
        "WeasyPrint alone": alone,
        "WeasyPrint alone, tuned": alone_tuned,
        "without composition": lambda: build_pdf(
            hyphenated, theme, gate, dataclasses.replace(pdf_options, compose=False)
        ),
        "composed": lambda: build_pdf(hyphenated, theme, gate, pdf_options),
    }
    times: dict[str, list[float]] = {name: [] for name in builds}
    for build in builds.values():  # once each to warm up
        build()
    for _ in range(runs):
        for name, build in builds.items():
            started = time.process_time()
            build()
            times[name].append(time.process_time() - started)
    return {name: min(values) for name, values in times.items()}, summaries[-1] if summaries else ""


if __name__ == "__main__":
    main()
