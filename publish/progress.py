"""Progress for a person watching: a bar over a build of many sources, and a line counting the
pages of a long PDF as WeasyPrint lays them out. Only on a terminal — never into a pipe or a
log file, never in CI, never with -q — so that what scripts read is the same as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from publish.errors import shown


def watching(stream: Any, quiet: bool) -> bool:
    """Whether a person is watching `stream`: a terminal, outside CI, without -q."""
    return not quiet and not os.environ.get("CI") and hasattr(stream, "isatty") and stream.isatty()


def show_progress(stream: Any, quiet: bool, count: int) -> bool:
    """A bar for a build of several sources (one source's own messages say enough)."""
    return count > 1 and watching(stream, quiet)


def sources_bar(outcomes: Iterable[Any], count: int, quiet: bool) -> contextlib.AbstractContextManager[Iterable[Any]]:
    """The outcomes as they come, under a progress bar on stderr when `show_progress` says so."""
    if not show_progress(sys.stderr, quiet, count):
        return contextlib.nullcontext(outcomes)
    return click.progressbar(
        outcomes,
        length=count,
        label="Building",
        file=sys.stderr,
        show_pos=True,
        item_show_func=lambda outcome: shown(outcome.source.name) if outcome else None,
    )


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
