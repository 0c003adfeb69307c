"""Benchmark (not a test): collections of 1, 10 and 100 articles made from the sample, and
the sample as one text 1, 10 and 100 times over, and one paragraph of a million characters.

    .venv/bin/python bench/books.py [--sizes 1,10,100] [--paragraph-kb 1000] [--runs 3] [--only x100]

For each size, the wall time and peak memory (the process's own, from wait4) of building
the EPUB and PDF from the command line, of WeasyPrint alone laying out the same HTML and CSS
our PDF writer gives it — as it comes, and run as our writer runs it (loaded the quick way:
publish.compose.seam; fewer garbage collections, room on the frame stack:
publish.writers.interpreter); the ratio is ours to the faster of the two — and of Pandoc
turning the same texts into an EPUB where Pandoc is installed. Each figure is the least of
--runs runs of a fresh process (of eleven at least for a command under five seconds); our PDF
and WeasyPrint alone take turns, round after round, so that the machine's slow spells (it is
shared) fall on both.

The cost per PDF page is given twice: the build's whole time over its pages, and what each
page beyond the first costs — the build less a build of the sample's first page alone (the
same process start, imports, fonts, stylesheets and dictionaries, and one page), over the
pages beyond the first. The first is what a reader of the table expects; the second is
whether the cost grows with the text, which the first hides in short books under the fixed
0.7 s or so any PDF build takes to start.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PUBLISH = [sys.executable, "-m", "publish"]
SAMPLE = ROOT / "source" / "kazakhstan-2022.txt"


def make_collection(folder: Path, size: int) -> Path:
    """`size` articles: the sample's text under its own numbered title, and a collection file."""
    text = SAMPLE.read_text(encoding="utf-8")
    header, rest = text.split("\n\n", 1)
    year, _title = rest.split("\n", 2)[:2]
    body = rest.split("\n\n", 1)[1]
    names = []
    for number in range(1, size + 1):
        name = f"article-{number:03d}.txt"
        (folder / name).write_text(f"{header}\n\n{year}\nСтатья {number}: уроки Казахстана\n\n{body}", encoding="utf-8")
        names.append(name)
    book = folder / f"issue-{size}.book.toml"
    listed = ", ".join(f'"{name}"' for name in names)
    book.write_text(f'title = "Сборник из {size} статей"\nnumber = {size}\nsources = [{listed}]\n', encoding="utf-8")
    return book


RUNS = 1  # runs of each command: the least time is reported (--runs)
SHORT = 5.0  # seconds: a command quicker than this is run at least SHORT_RUNS times
SHORT_RUNS = 11  # (a second's build is at the mercy of whatever else the machine does)


Command = tuple[list[str], dict | None]  # the command and its environment (None: this one's)


def measured(command: list[str], cwd: Path, environment: dict | None = None) -> tuple[float, float]:
    """Wall seconds (the least of RUNS runs, more for a short command: this machine is
    shared and noisy) and peak resident megabytes of `command`."""
    return measured_together([(command, environment)], cwd)[0]


def measured_together(commands: list[Command], cwd: Path) -> list[tuple[float, float]]:
    """`measured` for commands to be compared: run in turn, round after round, so that a
    slow spell of the machine falls on all of them alike."""
    rounds = [[_measured_once(command, environment, cwd) for command, environment in commands]]
    wanted = max(RUNS, SHORT_RUNS) if max(seconds for seconds, _ in rounds[0]) < SHORT else RUNS
    rounds += [
        [_measured_once(command, environment, cwd) for command, environment in commands] for _ in range(wanted - 1)
    ]
    return [
        (min(runs[number][0] for runs in rounds), max(runs[number][1] for runs in rounds))
        for number in range(len(commands))
    ]


def _measured_once(command: list[str], environment: dict | None, cwd: Path) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


WEASYPRINT_ALONE = """
import sys
html, css, base, out, tuned = sys.argv[1:]
if tuned == "tuned":
    import publish.compose.seam  # noqa: F401 (WeasyPrint loaded the quick way)
import weasyprint
from weasyprint.text.fonts import FontConfiguration
def write():
    fonts = FontConfiguration()
    sheet = weasyprint.CSS(filename=css, font_config=fonts)
    weasyprint.HTML(filename=html, base_url=base).write_pdf(out, stylesheets=[sheet], font_config=fonts)
if tuned == "tuned":
    from publish.writers.interpreter import call_with_headroom, fewer_collections
    with fewer_collections():
        call_with_headroom(write)
else:
    write()
"""


def make_long_text(folder: Path, factor: int) -> Path:
    """The sample with its body `factor` times over: one long text of the same prose."""
    header, _, body = SAMPLE.read_text(encoding="utf-8").split("\n\n", 2)
    text = folder / f"sample-x{factor}.txt"
    text.write_text(header + "\n\n" + _ + "\n\n" + "\n\n".join([body.strip()] * factor) + "\n", encoding="utf-8")
    return text


def make_paragraph(folder: Path, kilobytes: int) -> Path:
    """One paragraph of `kilobytes` KB of the sample's prose under a title."""
    body = " ".join(part.replace("\n", " ") for part in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:])
    text = ((body + " ") * (kilobytes * 1000 // len(body) + 1))[: kilobytes * 1000 - 1].rsplit(" ", 1)[0]
    source = folder / f"paragraph-{kilobytes}k.txt"
    source.write_text(f"Один абзац\n\n{text}.\n", encoding="utf-8")
    return source


def make_first_page(folder: Path) -> Path:
    """The sample's header, title and lead alone: a one-page PDF, to time what every build pays."""
    header, title, body = SAMPLE.read_text(encoding="utf-8").split("\n\n", 2)
    source = folder / "first-page.txt"
    lead = body.split("\n\n", 1)[0]
    source.write_text(f"{header}\n\n{title}\n\n{lead}\n", encoding="utf-8")
    return source


def weasyprint_alone(source: Path, folder: Path) -> list[Command]:
    """WeasyPrint alone on our HTML and CSS for `source`: as it comes, and run as our writer
    runs it."""
    # made in a process of its own: this one must stay small, or the processes it starts
    # (forked from it) would report its memory as theirs
    subprocess.run([sys.executable, __file__, "--inputs-for", str(source)], check=True, cwd=folder)
    html_file, css_file = folder / f"{source.stem}.html", folder / f"{source.stem}.css"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return [
        (
            [
                sys.executable,
                "-c",
                WEASYPRINT_ALONE,
                str(html_file),
                str(css_file),
                folder.as_uri() + "/",
                str(folder / "alone.pdf"),
                how,
            ],
            environment,
        )  # fmt: skip
        for how in ("plain", "tuned")
    ]


def weasyprint_input(book: Path, folder: Path) -> tuple[Path, Path]:
    """The HTML and CSS our PDF writer hands WeasyPrint for `book`, as files."""
    from publish.build import BuildOptions, allowed_roots, build_time, prepare, resolve_theme
    from publish.render.html import render_html
    from publish.resources import ResourceGate
    from publish.themes import edition_css
    from publish.writers.pdf import PdfOptions, page_css

    options = BuildOptions(formats=("pdf",), out_dir=folder / "dist", project=folder)
    theme = resolve_theme(options)
    _, hyphenated = prepare(book, options)
    gate = ResourceGate(roots=allowed_roots(book, theme, options))
    policy = gate.stylesheet_policy(lambda path: path.as_uri())
    css = edition_css(theme, "print", lambda face: face.path.resolve().as_uri(), policy)
    css += page_css(PdfOptions(created=build_time(book)))
    html_file, css_file = folder / f"{book.stem}.html", folder / f"{book.stem}.css"
    html_file.write_text(render_html(hyphenated, for_print=True), encoding="utf-8")
    css_file.write_text(css, encoding="utf-8")
    return html_file, css_file


def pages(pdf: Path) -> int:
    """The PDF's pages, counted in a process of its own (see weasyprint_alone)."""
    count = "import sys; from pypdf import PdfReader; print(len(PdfReader(sys.argv[1]).pages))"
    return int(subprocess.run([sys.executable, "-c", count, str(pdf)], check=True, capture_output=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--paragraph-kb", type=int, default=1000, help="0: no long paragraph")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command; the least time counts")
    parser.add_argument("--only", default="", help="only the rows whose label holds this, such as x100")
    parser.add_argument("--no-alone", action="store_true", help="skip WeasyPrint alone (minutes on a long paragraph)")
    parser.add_argument("--inputs-for", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    global RUNS
    RUNS = arguments.runs
    if arguments.inputs_for:
        weasyprint_input(arguments.inputs_for.resolve(), arguments.inputs_for.resolve().parent)
        return
    sizes = [int(size) for size in arguments.sizes.split(",")]
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "styles", folder / "styles")
    environment_note = "Pandoc: " + (shutil.which("pandoc") or "not installed")
    print(f"sources in {folder}; {environment_note}")
    first_page = make_first_page(folder)
    one_page: Command = ([*PUBLISH, "build", first_page.name, "-f", "pdf", "-o", "dist", "--force", "-q"], None)
    _measured_once(*one_page, cwd=folder)
    assert pages(folder / "dist" / "first-page.pdf") == 1, "the first page alone must be one page"
    print(f"{'source':>14} {'pages':>6} | {'EPUB s':>7} {'MB':>6} | {'PDF s':>7} {'MB':>6} {'ms/page':>8} {'beyond':>7} | "
          f"{'WeasyPrint s':>12} {'tuned s':>8} {'MB':>6} {'ratio':>6} | {'Pandoc EPUB s':>13} | {'1-page s':>8}")  # fmt: skip
    sources = [(f"{size} articles", make_collection(folder, size)) for size in sizes]
    sources += [(f"sample x{size}", make_long_text(folder, size)) for size in sizes]
    if arguments.paragraph_kb:
        sources.append((f"{arguments.paragraph_kb} KB para", make_paragraph(folder, arguments.paragraph_kb)))
    for label, source in sources:
        if arguments.only not in label:
            continue
        epub = measured([*PUBLISH, "build", source.name, "-f", "epub", "-o", "dist", "--force", "-q"], folder)
        ours: Command = ([*PUBLISH, "build", source.name, "-f", "pdf", "-o", "dist", "--force", "-q"], None)
        # the one-page PDF (for "beyond") and WeasyPrint alone take turns with ours
        if arguments.no_alone:
            pdf, (start, _) = measured_together([ours, one_page], folder)
            alone = tuned = (math.nan, math.nan)
        else:
            pdf, (start, _), alone, tuned = measured_together(
                [ours, one_page, *weasyprint_alone(source, folder)], folder
            )
        count = pages(folder / "dist" / f"{source.name.split('.')[0]}.pdf")
        pandoc = "-"
        if shutil.which("pandoc") and source.suffix == ".toml":
            texts = sorted(folder.glob("article-*.txt"))[: int(label.split()[0])]
            seconds, _ = measured(["pandoc", "-f", "markdown", "-o", "pandoc.epub", *map(str, texts)], folder)
            pandoc = f"{seconds:.1f}"
        faster = min(alone[0], tuned[0])
        print(
            f"{label:>14} {count:>6} | {epub[0]:>7.1f} {epub[1]:>6.0f} | {pdf[0]:>7.1f} {pdf[1]:>6.0f}"
            f" {pdf[0] / count * 1000:>8.0f} {(pdf[0] - start) / max(count - 1, 1) * 1000:>7.0f} | {alone[0]:>12.1f} {tuned[0]:>8.1f} {alone[1]:>6.0f}"
            f" {pdf[0] / faster:>6.2f} | {pandoc:>13} | {start:>8.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
