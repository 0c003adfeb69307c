"""Progress for a person watching: a bar over a build of many sources, and a line counting the
pages of a long PDF as WeasyPrint lays them out. Only on a terminal — never into a pipe or a
log file, never in CI, never with -q — so that what scripts read is the same as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

from publish.errors import shown


def watching(stream: Any, quiet: bool) -> bool:
    """Whether a person is watching `stream`: a terminal, outside CI, without -q."""
    return not quiet and not os.environ.get("CI") and hasattr(stream, "isatty") and stream.isatty()


def show_progress(stream: Any, quiet: bool, count: int) -> bool:
    """A bar for a build of several sources (one source's own messages say enough)."""
    return count > 1 and watching(stream, quiet)


@contextlib.contextmanager
def sources_bar(outcomes: Iterable[Any], count: int, quiet: bool) -> Iterator[Iterable[Any]]:
    """The outcomes as they come, under a progress bar on stderr when `show_progress` says so:
    one line that fits the terminal however narrow it is or long the names, cleared for each
    message the build logs and drawn again under it."""
    if not show_progress(sys.stderr, quiet, count):
        yield outcomes
        return
    bar = _Bar(count, sys.stderr)
    logger = logging.getLogger("publish")
    saved = logger.handlers[:]
    logger.handlers[:] = [_AboveTheBar(handler, bar) for handler in saved]
    try:
        yield bar.over(outcomes)
    finally:
        logger.handlers[:] = saved
        bar.clear()


class _Bar:
    def __init__(self, count: int, stream: IO[str]):
        self.count, self.stream = count, stream
        self.done, self.name, self.drawn = 0, "", False

    def over(self, outcomes: Iterable[Any]) -> Iterator[Any]:
        self.draw()
        for outcome in outcomes:
            self.done += 1
            self.name = shown(outcome.source.name)
            self.draw()
            yield outcome

    def line(self, columns: int) -> str:
        """The bar as it fits in `columns` (a character is left free: a full line wraps)."""
        counter = f"{self.done}/{self.count}"
        room = columns - 1 - len("Building  ") - len(counter)
        width = min(30, (room - 3) // 2)
        bar = ""
        if width >= 5:
            filled = width * self.done // max(self.count, 1)
            bar = "[" + "#" * filled + "-" * (width - filled) + "]"
        left = room - (len(bar) + 1 if bar else 0) - 2
        name = self.name if len(self.name) <= left else (self.name[: left - 1] + "…" if left > 1 else "")
        return "  ".join(filter(None, (" ".join(filter(None, ("Building", bar, counter))), name)))

    def draw(self) -> None:
        columns = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\033[K" + self.line(columns)[: max(columns - 1, 0)])
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


class _AboveTheBar(logging.Handler):
    """A handler of the `publish` logger that says its message where the bar was, and draws the
    bar again on the line after it."""

    def __init__(self, handler: logging.Handler, bar: _Bar):
        super().__init__(handler.level)
        self.handler, self.bar = handler, bar

    def handle(self, record: logging.LogRecord) -> bool:  # type: ignore[override]
        if record.levelno < self.handler.level:
            return False
        self.bar.clear()
        said = self.handler.handle(record)  # (its filters decide, once)
        self.bar.draw()
        return bool(said)

    def emit(self, record: logging.LogRecord) -> None:
        self.handle(record)


class _PageCounter(logging.Handler):
    """WeasyPrint's progress messages ("Step 5 - Creating layout - Page 12") as one line."""

    def __init__(self, stream: IO[str]):
        super().__init__()
        self.stream = stream
        self.shown = 0.0
        self.highest = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg)
        now = time.monotonic()
        if message.startswith("Step 5") and record.args:
            page = int(str(record.args[0]))  # type: ignore[index]
            again = page <= self.highest  # a second pass: page references (the contents) settle
            self.highest = max(self.highest, page)
            if now - self.shown > 0.2:
                self.show(f"laying out page {page} of {self.highest} again" if again else f"laying out page {page}")
        elif message.startswith("Step 6"):
            self.show("writing the PDF")

    def show(self, text: str) -> None:
        self.shown = time.monotonic()
        self.stream.write(f"\r\033[K{text}")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


@contextlib.contextmanager
def pages_line(quiet: bool) -> Iterator[None]:
    """While a PDF is laid out in this process, its page count on stderr (when watched)."""
    if not watching(sys.stderr, quiet):
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler = _PageCounter(sys.stderr)
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # publish quiets WeasyPrint's own loggers; these few lines it wants
    logger.propagate = False
    try:
        yield
    finally:
        handler.clear()
        logger.removeHandler(handler)
        logger.level, logger.propagate = saved
