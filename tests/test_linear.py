"""Every reader and `publish check` take time in proportion to a hostile line's length.

A pattern that backtracks, or a scan that starts again from every unclosed `<!--`, `](` or
backtick, takes four times as long on twice the text: a 480 KB page kept `check` busy for
minutes. Each case here reads and checks a source holding one long line of something a
hostile or a broken file has, at two lengths, and sees the longer take at most ~2.2 times
as long (the best of three runs each in CPU time, with 30 ms for the clock's noise; measured
again up to twice where a loaded machine slowed one). Quadratic cases
measured 3.8× before they were mended; linear ones 1.4–2.1×. Not a speed measure: bench/
has those.
"""

from __future__ import annotations

import gc
import itertools
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from publish.check import check_source

LINES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "а" + " " * n + "б",
    "brackets": lambda n: "(" * n,
    "letters": lambda n: "я" * n,
    "quote marks": lambda n: '"„«' * (n // 3),
    "unclosed tags": lambda n: "<a " * (n // 3),
    "unclosed comments": lambda n: "<!--" * (n // 4),
    "unclosed link targets": lambda n: "[a](" * (n // 4),
    "unclosed code spans": lambda n: "``a`" * (n // 4),
    "dollars": lambda n: "$a" * (n // 2),
    "stops": lambda n: ". " * (n // 2),
    "single quotes": lambda n: ("'" + "я'" * 40 + " ") * (n // 82),  # (each opens a pair that never closes)
    "grid table borders": lambda n: "\n".join(["+-" * (n // 6) + "+", "|a" * (n // 6) + "|", "+-" * (n // 6) + "+"]),
    "lines of verse": lambda n: "\n".join(["| Строка стиха", "  и её перенос"] * (n // 30)),  # (a line block)
}
_COUNT = itertools.count()


def _text(folder: Path, line: str) -> Path:
    return _write(folder, "txt", f"Издательство\n\n2024\nЗаголовок\n\n{line}\n\nКонец.\n")


def _markdown(folder: Path, line: str) -> Path:
    return _write(folder, "md", f"# Заголовок\n\n{line}\n\nКонец.\n")


def _page(folder: Path, line: str) -> Path:  # the line as raw markup: the page's own tags and comments
    return _write(folder, "html", f"<html lang='ru'><body><article><h1>Заголовок</h1><p>{line}</p><p>Конец.</p></article></body></html>")  # fmt: skip


def _fictionbook(folder: Path, line: str) -> Path:
    return _write(
        folder,
        "fb2",
        '<?xml version="1.0" encoding="utf-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
        "<description><title-info><book-title>Заголовок</book-title><lang>ru</lang></title-info></description>"
        f"<body><section><p>{escape(line)}</p><p>Конец.</p></section></body></FictionBook>",
    )


def _opendocument(folder: Path, line: str) -> Path:
    path = folder / f"source{next(_COUNT)}.odt"
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f'<text:h text:outline-level="1">Заголовок</text:h><text:p>{escape(line)}</text:p><text:p>Конец.</text:p>'
        "</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as packed:
        packed.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        packed.writestr("content.xml", content)
    return path


def _word(folder: Path, line: str) -> Path:
    import docx

    path = folder / f"source{next(_COUNT)}.docx"
    document = docx.Document()
    document.add_paragraph("Заголовок", style="Title")
    document.add_paragraph(line)
    document.add_paragraph("Конец.")
    document.save(path)
    return path


def _write(folder: Path, suffix: str, text: str) -> Path:
    path = folder / f"source{next(_COUNT)}.{suffix}"  # a new file each time: no reading is remembered
    path.write_text(text, encoding="utf-8")
    return path


SOURCES = {
    "txt": _text,
    "md": _markdown,
    "html": _page,
    "fb2": _fictionbook,
    "odt": _opendocument,
    "docx": _word,
}


def _seconds(make: Callable[[Path, str], Path], folder: Path, line: str) -> float:
    """The best of three runs, in this process's CPU time (the other test workers' load does
    not count), each after a full collection and without the collector while it runs: in a
    test process holding a large heap, one more full collection falling in the longer run
    cost it a third more (0.13 s, then 0.35 s; 0.26 s in a fresh process)."""
    best = float("inf")
    for _ in range(3):
        path = make(folder, line)
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            check_source(path)  # reads the source as the build does, then checks it
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("kind", LINES)
@pytest.mark.parametrize("source", SOURCES)
def test_a_hostile_line_twice_as_long_takes_at_most_twice_as_long(tmp_path, source, kind):
    make, line = SOURCES[source], LINES[kind]
    _seconds(make, tmp_path, line(1000))  # warm: dictionaries, parsers, the first formula
    measured = []
    for _ in range(3):  # (a loaded machine may slow one run; a quadratic case fails every time)
        short = _seconds(make, tmp_path, line(40_000))
        long = _seconds(make, tmp_path, line(80_000))
        measured.append(f"{short:.3f} s, then {long:.3f} s")
        if long <= 2.2 * short + 0.03:
            return
    pytest.fail(f"twice the text took more than 2.2 times as long each time: {'; '.join(measured)}")
