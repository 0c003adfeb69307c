"""Real documents nobody here wrote, built as a publisher would feed them in (not a test).

    .venv/bin/python bench/corpus.py SET_DIR... [--tree PATH] [--out bench/corpus.md]

Each SET_DIR holds Word (.docx) and LibreOffice (.odt) files, or Readability-style web pages
(folders with `source.html` and `expected.html`). Every document is built into EPUB and FB2
by `publish build` in a process of its own, with 2 GB of address space and 30 s at most; the
table says how many finished within 10 s and 500 MB (or were refused cleanly, with their
limit named), how many words of the anchor text the reader kept in order (recall) and how
many of its words are the anchor's (precision), and whether every EPUB passes epubcheck and
every FB2 FictionBook 2.1's schema.

The anchor of a web page is Readability's expected article; of a document, Pandoc's plain text
(`pandoc -t html`, read as text; made once and kept beside the file as `NAME.anchor.html`; documents Pandoc
cannot read are left out of the recall columns). `--tree` measures another checkout of
publish (the table before a change). Where the corpora came from and their licences:
bench/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import difflib
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SECONDS, MEGABYTES = 10.0, 500  # the budget a document must finish in
HARD_SECONDS, HARD_BYTES = 30.0, 2 << 30  # where a run is stopped
# A word; in Chinese and Japanese, which do not space their words, each character is one.
WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+"
)


def normal_words(text: str) -> list[str]:
    """Words to compare: compatibility forms (² is 2), no soft hyphens, ё as е, lower case."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", "")).lower().replace("ё", "е")
    return WORD.findall(text)


# --- one document, in a process of its own ------------------------------------------------


def _texts(node: object, headings: tuple[tuple[int, str], ...] = ()) -> list[str]:
    """The text of each block in a document model's node, whatever version of the model it is
    (`headings`: the text's headings, level and words, which a contents the source set lists)."""
    if isinstance(node, tuple):
        return [text for child in node for text in _texts(child, headings)]
    if type(node).__name__ == "Contents":  # (every edition lists the headings there, to its levels)
        levels = int(getattr(node, "levels", 0)) or 6
        top = min((level for level, _ in headings), default=1)
        return [str(getattr(node, "title", "")), *(words for level, words in headings if level - top + 1 <= levels)]
    texts = [_inline_text(getattr(node, name)) for name in ("caption", "children") if hasattr(node, name)]
    for name in ("blocks", "rows"):
        texts += _texts(getattr(node, name, ()), headings)
    labels = getattr(node, "labels", ())  # (a list's own labels, "а)", held apart from its items' text)
    for index, item in enumerate(getattr(node, "items", ())):
        texts += [labels[index] if index < len(labels) else "", *_texts(item, headings)]
    if not texts and hasattr(node, "text"):  # a code block
        texts.append(str(node.text))
    if hasattr(node, "alt") and not getattr(node, "decorative", False):  # a picture: its alt text, as Pandoc's
        texts.append(_alt_words(str(node.alt)))
        caption = str(getattr(node, "title", ""))  # (a figure's caption: every edition shows it)
        texts.append(caption if caption != node.alt else "")  # (once, where it is also the alt text)
    return texts


def _inline_text(inlines: tuple[object, ...]) -> str:
    """Inlines' words run together as a reader reads them (H, ₂, O is one word)."""
    return "".join(
        _inline_text(inline.children)
        if hasattr(inline, "children")
        else _formula_tokens(inline.mathml)  # type: ignore[attr-defined]
        if hasattr(inline, "mathml")
        else f" {'' if inline.image.decorative else _alt_words(inline.image.alt)} "  # type: ignore[attr-defined]
        if hasattr(inline, "image")  # a picture among the words: its alt text, as Pandoc's
        else ""
        if type(inline).__name__ == "NoteRef"  # (the anchors' note calls are left out, no space in their place)
        else str(getattr(inline, "text", " "))  # (a line break parts words)
        for inline in inlines
    )


_SAID_ERROR = re.compile(r"error: (?!\d+ of \d+ sources? failed)")  # (not the closing count)
_CRASH = re.compile(r"\bfailed: [A-Za-z_.]*(?:Error|Exception|Interrupt|Exit)\b")


def measure_one(source: Path, out: Path) -> dict[str, object]:
    """Build `source` into EPUB and FB2 with the `publish` on sys.path; its words as read."""
    from publish.cli import cli

    started = time.perf_counter()
    status, message = "built", ""
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            cli.main(["build", str(source), "-f", "epub", "-f", "fb2", "-o", str(out)], standalone_mode=False)
    except SystemExit as exit_:
        status = "built" if not exit_.code else "refused"
    except Exception as error:  # a refusal is a PublishError through Click; anything else a crash
        status, message = (
            ("refused" if type(error).__name__ in ("PublishError", "ClickException") else "crashed"),
            str(error),
        )
    seconds = time.perf_counter() - started
    errors = [line for line in said.getvalue().splitlines() if _SAID_ERROR.match(line)]
    message = message or (errors[0][len("error: ") :] if errors else "")
    if _CRASH.search(message):
        status = "crashed"  # (the command line says a bug in publish or a library as "failed: KeyError: …")
    if status == "built" and not list(out.glob("*.epub")):
        status = "refused"
    words: list[str] = []
    title: list[str] = []
    if status == "built":
        from publish.readers import read_source

        document = read_source(source)
        title = normal_words(document.metadata.title)
        body = [*document.blocks, *(block for note in document.notes for block in note.blocks)]
        headings = tuple((b.level, _inline_text(b.children)) for b in document.blocks if type(b).__name__ == "Heading")
        words = normal_words(" ".join(text for block in body for text in _texts(block, headings)))
    return {
        "status": status,
        "message": message[:200],
        "seconds": seconds,
        "megabytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "title": title,
        "words": words,
    }


# --- the corpus -----------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    kind: str  # "document" or "page"
    status: str = "built"
    message: str = ""
    seconds: float = 0.0
    megabytes: float = 0.0
    recall: float | None = None
    precision: float | None = None
    epubcheck: bool | None = None
    fb2: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def in_budget(self) -> bool:
        return self.status in ("built", "refused") and self.seconds <= SECONDS and self.megabytes <= MEGABYTES


def documents(folder: Path) -> list[tuple[str, Path, Path | None]]:
    """(name, source, expected article or None) for each document of a set."""
    found: list[tuple[str, Path, Path | None]] = []
    for path in sorted(folder.rglob("*")):
        if path.name == "source.html" and (path.parent / "expected.html").is_file():
            found.append((path.parent.name, path, path.parent / "expected.html"))
        elif path.suffix in (".docx", ".odt", ".epub", ".fb2") and not path.name.startswith("~$"):
            found.append((path.name, path, None))
    return found


_BLOCKS = {
    "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "br", "dt", "dd",
    "figcaption", "caption", "section", "article", "header", "footer", "aside", "table", "ul", "ol", "hr", "img",
}  # fmt: skip


_FILE_NAME = re.compile(r"[\w.-]{6,}")
_FILE_NAME_PART = re.compile(r"[_-]\w+[_-]|\.(?:jpe?g|png|gif|webp|svg|wmf|emf|tiff?|bmp|pict)$", re.I)


def _alt_words(alt: str) -> str:
    """A picture's alt text as words, on both sides alike: none when it is a file's name
    (IMG_2041.jpg, santa.wmf)."""
    return "" if _FILE_NAME.fullmatch(alt.strip()) and _FILE_NAME_PART.search(alt.strip()) else alt


_MATH_TOKENS = {"mi", "mn", "mo", "mtext", "ms"}  # a formula's words, each apart on both sides…
_MATH_SCRIPTS = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}  # …but c² one word, as text reads it


def _formula_tokens(mathml: str) -> str:
    """A formula's words as the anchors read them: each token apart, a script with its base
    (x² + 1 is x2, +, 1)."""
    from lxml import etree

    def words(element: etree._Element) -> list[str]:
        name = etree.QName(element).localname
        if name in _MATH_SCRIPTS:
            return ["".join(t.text or "" for t in element.iter() if etree.QName(t).localname in _MATH_TOKENS)]
        if name in _MATH_TOKENS:
            return [element.text or ""]
        return [word for child in element for word in words(child)]

    return " " + " ".join(words(etree.fromstring(mathml))) + " "


_TEX_PICTURE = re.compile(r"/math/render/(?:svg|png)/")  # Wikimedia's drawing of a formula (its alt is TeX)


def _as_formula(element: etree._Element, tex: str) -> None:
    """A formula written as TeX — a picture's alt text, Pandoc's `<span class="math">` — as
    its tokens in its place, as a formula is counted on both sides (the reader sees the formula)."""
    from latex2mathml.converter import convert

    try:
        tokens = _formula_tokens(convert(tex))
    except Exception:  # (TeX latex2mathml cannot read: its words)
        tokens = tex
    element.tail = f" {tokens} {element.tail or ''}"
    element.drop_tree()


def _tex_of(element: etree._Element) -> str | None:
    """The TeX a formula's picture (Wikimedia's) or Pandoc's math span holds, or None."""
    if element.tag == "img" and _TEX_PICTURE.search(element.get("src", "")):
        return re.sub(r"^\{\\displaystyle\s*(.*)\}$", r"\1", element.get("alt", "").strip(), flags=re.S)
    if element.tag == "span" and element.get("class", "").split()[:1] == ["math"] and not len(element):
        # (a simple formula Pandoc writes as HTML, <em>x</em><sub>1</sub>, is read as it stands)
        text = element.text_content().strip()  # Pandoc's HTML writes a formula's TeX: $x^2$, \(x^2\)
        for opening, closing in (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$")):
            if text.startswith(opening) and text.endswith(closing) and len(text) > len(opening + closing):
                return text[len(opening) : -len(closing)]
        return text
    return None


def page_text(markup: bytes) -> str:
    """The text of HTML as a reader reads it: blocks apart (`<p>a</p><p>b</p>` is two words,
    not "ab"), a picture its alt text, Pandoc's note calls and back links left out (the
    editions number notes themselves)."""
    from lxml import html

    root = html.fromstring(markup.decode("utf-8", errors="replace"))  # (both anchors are UTF-8, said or not)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        classes = element.get("class", "")
        tex = _tex_of(element)
        if tex is not None:
            _as_formula(element, tex)  # (Wikipedia's formula as a picture, Pandoc's as TeX: the formula)
            continue
        hidden = element.get("aria-hidden") == "true"  # (Pandoc's figcaption repeating the picture's alt)
        if (
            element.tag in ("script", "style", "noscript")
            or hidden
            or "footnote-ref" in classes
            or "footnote-back" in classes
        ):
            element.drop_tree()
            continue
        parent = element.getparent()
        in_formula = parent is not None and parent.tag == "span" and "math" in parent.get("class", "").split()
        if in_formula and element.tag not in ("sub", "sup"):  # (Pandoc's simple formula as HTML: a
            element.text = " " + (element.text or "")  # token a child, a script on its base)
        in_script = any(ancestor.tag in _MATH_SCRIPTS for ancestor in element.iterancestors())
        if in_script:  # (a script is one word with its base: the page's indentation inside it is not a space)
            element.text, element.tail = (element.text or "").strip(), ""
        elif element.tag in _MATH_SCRIPTS:
            element.text = ""
        if element.tag in _BLOCKS or element.tag in _MATH_SCRIPTS or element.tag in _MATH_TOKENS and not in_script:
            alt = _alt_words(element.get("alt", "")) if element.tag == "img" else ""
            element.text = " " + alt + " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return root.text_content()


def anchor_words(source: Path, expected: Path | None) -> list[str] | None:
    if expected is not None:
        return normal_words(page_text(expected.read_bytes()))
    kept = source.with_name(source.name + ".anchor.html")
    if not kept.is_file():
        if shutil.which("pandoc") is None:
            return None
        try:
            made = subprocess.run(["pandoc", str(source), "-t", "html"], capture_output=True, timeout=60, check=False)
        except subprocess.TimeoutExpired:
            kept.write_bytes(b"\0")  # (no anchor: Pandoc could not read it in a minute)
        else:
            kept.write_bytes(made.stdout if made.returncode == 0 else b"\0")
    data = kept.read_bytes()
    if data == b"\0":
        return None
    return normal_words(page_text(data)) if data.strip() else []


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (HARD_BYTES, HARD_BYTES))


def run_one(tree: Path, name: str, source: Path, out: Path) -> dict[str, object]:
    """`measure_one` in a fresh Python on `tree`, stopped at the hard limits."""
    # a web page is built under its set's own name (Readability's are all "source.html")
    if source.name == "source.html":
        copy = out.parent / f"{name}.html"
        shutil.copy(source, copy)
        source = copy
    code = (
        f"import sys, json; sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(ROOT / 'bench')!r});"
        f"from corpus import measure_one; from pathlib import Path;"
        f"print('RESULT' + json.dumps(measure_one(Path({str(source)!r}), Path({str(out)!r}))))"
    )
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=HARD_SECONDS, preexec_fn=_limit,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": time.perf_counter() - started, "message": f"over {HARD_SECONDS:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT"):
            return json.loads(line[6:])
    error = (done.stderr.strip().splitlines() or ["no output"])[-1]
    status = "memory" if "MemoryError" in done.stderr else "crashed"
    return {"status": status, "seconds": time.perf_counter() - started, "message": error[:200]}


def run_batch(items: list[tuple[str, Path, Path]], seconds: float) -> list[dict[str, object]]:
    """`measure_one` for each (name, source, out) in one fresh Python on this tree, under the
    hard memory limit: one start for many documents (the tests' corpus). The process's peak
    memory after each is that document's (the peak so far)."""
    code = (
        f"import sys, json; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(1, {str(ROOT / 'bench')!r});"
        "from corpus import measure_one; from pathlib import Path;"
        "[print('RESULT' + json.dumps(measure_one(Path(s), Path(o))), flush=True) for s, o in json.load(sys.stdin)]"
    )
    sources = []
    for name, source, out in items:
        if source.name == "source.html":  # a web page under its own name (Readability's are all "source.html")
            copy = out.parent / f"{name}.html"
            shutil.copy(source, copy)
            source = copy
        sources.append((str(source), str(out)))
    done = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(sources), capture_output=True, text=True, timeout=seconds,
        preexec_fn=_limit, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}, check=False,
    )  # fmt: skip
    results = [json.loads(line[6:]) for line in done.stdout.splitlines() if line.startswith("RESULT")]
    if len(results) != len(items):
        raise RuntimeError(f"the batch stopped after {len(results)} of {len(items)}: {done.stderr[-400:]}")
    return results


def _times_near_start(words: list[str], title: list[str], within: int = 100) -> int:
    """How often `title`'s words stand together among the first `within` words of `words`."""
    size = len(title)
    return sum(words[i : i + size] == title for i in range(min(within, len(words)))) if size else 0


def score(anchor: list[str], title: list[str], words: list[str]) -> tuple[float, float]:
    """Recall (the anchor's words found in order) and precision (ours that are the anchor's);
    the title (which every edition shows above the text) counts where the anchor has it among
    its first hundred words more often than our text does (a page whose first words are its
    title's has them once; "Title!" over "Title too!" twice)."""
    shown = _times_near_start(anchor, title) > _times_near_start(words, title)
    ours = (title + words) if shown else words
    if not anchor or not ours:
        return (1.0 if not anchor else 0.0), (1.0 if not ours else 0.0)
    matched = _matched(anchor, ours)
    return matched / len(anchor), matched / len(ours)


LARGE = 10_000 * 10_000  # past this, difflib alone takes hours (a book: 150 000 words each side)


def _matched(anchor: list[str], ours: list[str]) -> int:
    """How many of the anchor's words stand in ours in order (difflib's matching blocks); a
    large pair is first cut where a word found once on each side stands in both in the same
    order (the longest such run, as "patience diff" does), and each stretch between matched
    alone."""
    if len(anchor) * len(ours) <= LARGE:
        matcher = difflib.SequenceMatcher(None, anchor, ours, autojunk=False)
        return sum(block.size for block in matcher.get_matching_blocks())
    cuts = _unique_in_order(anchor, ours)
    if not cuts:
        matcher = difflib.SequenceMatcher(None, anchor, ours, autojunk=True)  # (no common word once each side)
        return sum(block.size for block in matcher.get_matching_blocks())
    matched, i, j = 0, 0, 0
    for a, b in [*cuts, (len(anchor), len(ours))]:
        matched += _matched(anchor[i:a], ours[j:b]) + (a < len(anchor))
        i, j = a + 1, b + 1
    return matched


def _unique_in_order(anchor: list[str], ours: list[str]) -> list[tuple[int, int]]:
    """(index in anchor, index in ours) of the words found once on each side, the longest run
    of them increasing on both sides."""
    once_a = _once(anchor)
    pairs = sorted((i, j) for word, j in _once(ours).items() if (i := once_a.get(word)) is not None)
    tails: list[int] = []  # the least ours-index ending an increasing run of each length
    ends: list[int] = []  # which pair that is
    before: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        before[k] = ends[at - 1] if at else -1
        tails[at : at + 1], ends[at : at + 1] = [j], [k]
    run, k = [], ends[-1] if ends else -1
    while k >= 0:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]


def _once(words: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for index, word in enumerate(words):
        seen[word] = -1 if word in seen else index
    return {word: index for word, index in seen.items() if index >= 0}


def check_editions(results: dict[str, Result], outs: dict[str, Path]) -> None:
    """epubcheck every EPUB (in one Java process) and the schema every FB2."""
    sys.path.insert(0, str(ROOT / "tests"))
    from lxml import etree

    from conftest import _Epubcheck, problems  # the suite's runner: one JVM for all the books

    checker = _Epubcheck()
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "schemas" / "fictionbook-2.1" / "FictionBook.xsd")))
    for name, result in results.items():
        if result.status != "built":
            continue
        for epub in outs[name].glob("*.epub"):
            _, messages = checker.check(epub)
            found = problems(messages)
            result.epubcheck = not found
            result.notes += found[:2]
        for fb2 in outs[name].glob("*.fb2"):
            result.fb2 = schema.validate(etree.parse(str(fb2)))
            if not result.fb2:
                result.notes.append(str(schema.error_log.last_error)[:160])


def measure(sets: list[Path], tree: Path, jobs: int) -> dict[str, list[Result]]:
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    table: dict[str, list[Result]] = {}
    for folder in sets:
        items = documents(folder)
        # (numbered: "a-b.odt" and "a_b.odt" are two documents)
        outs = {name: work / folder.name / (str(i) + "_" + re.sub(r"\W", "_", name)) / "out"
                for i, (name, _, _) in enumerate(items)}  # fmt: skip
        for out in outs.values():
            out.mkdir(parents=True)
        with ThreadPoolExecutor(jobs) as pool:
            runs = list(pool.map(run_one, [tree] * len(items), [n for n, _, _ in items], [s for _, s, _ in items],
                                 [outs[n] for n, _, _ in items]))  # fmt: skip
        results: dict[str, Result] = {}
        for (name, source, expected), run in zip(items, runs, strict=True):
            result = Result(name, "page" if expected else "document")
            for key in ("status", "message", "seconds", "megabytes"):
                setattr(result, key, run.get(key, getattr(result, key)))
            if result.status == "refused" and result.megabytes > HARD_BYTES / 2**20 * 0.8:
                result.status = "memory"  # (refused by its MemoryError at the hard limit, not by a check)
            anchor = anchor_words(source, expected)
            if result.status == "built" and anchor is not None:
                result.recall, result.precision = score(anchor, list(run["title"]), list(run["words"]))  # type: ignore[call-overload]
            results[name] = result
            print(f"{folder.name}/{name}: {result.status} {result.seconds:.1f} s", file=sys.stderr, flush=True)
        check_editions(results, outs)
        table[folder.name] = list(results.values())
    shutil.rmtree(work, ignore_errors=True)
    return table


def _percent(values: list[float]) -> str:
    return f"{100 * statistics.median(values):.1f} % / {100 * min(values):.1f} %" if values else "–"


def markdown(table: dict[str, list[Result]], label: str) -> str:
    lines = [
        f"### {label}",
        "",
        "| set | documents | within 10 s, 500 MB | refused (clean) | over a limit / crashed | recall median / least"
        " | precision median / least | EPUB epubcheck clean | FB2 valid | slowest |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, results in table.items():
        recalls = [r.recall for r in results if r.recall is not None]
        precisions = [r.precision for r in results if r.precision is not None and r.kind == "page"]
        built = [r for r in results if r.status == "built"]
        lines.append(
            f"| {name} | {len(results)} | {sum(r.in_budget for r in results)} | "
            f"{sum(r.status == 'refused' for r in results)} | "
            f"{sum(r.status in ('timeout', 'memory', 'crashed') for r in results)} | {_percent(recalls)} | "  # type: ignore[arg-type]
            f"{_percent(precisions) if precisions else '–'} | "  # type: ignore[arg-type]
            f"{sum(bool(r.epubcheck) for r in built)}/{len(built)} | {sum(bool(r.fb2) for r in built)}/{len(built)} | "
            f"{max((r.seconds for r in results), default=0):.1f} s |"
        )
    lines += ["", "Below the mark (recall or precision under 95 %, a limit, a crash, an invalid edition):", ""]
    for name, results in table.items():
        for r in results:
            low = [v for v in (r.recall, r.precision if r.kind == "page" else None) if v is not None and v < 0.95]
            if low or not r.in_budget or r.epubcheck is False or r.fb2 is False or r.status == "crashed":
                recall = f"{100 * r.recall:.1f}" if r.recall is not None else "–"
                precision = f"{100 * r.precision:.1f}" if r.precision is not None else "–"
                why = "; ".join([r.message, *r.notes]).strip("; ")[:160]
                lines.append(
                    f"- {name}/{r.name}: {r.status}, {r.seconds:.1f} s, {r.megabytes:.0f} MB, recall {recall} %,"
                    f" precision {precision} %{', ' + why if why else ''}"
                )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the publish checkout to measure")
    parser.add_argument("--label", default="publish as it is")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="also keep every result here")
    arguments = parser.parse_args()
    table = measure(arguments.sets, arguments.tree.resolve(), arguments.jobs)
    if arguments.json:
        arguments.json.write_text(
            json.dumps({k: [r.__dict__ for r in v] for k, v in table.items()}, ensure_ascii=False, indent=1), "utf-8"
        )
    print(markdown(table, arguments.label))


if __name__ == "__main__":
    main()
