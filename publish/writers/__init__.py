"""Writers: the editions, each from the set text. A format's module offers one function,
`write_edition(edition) -> [files written]`; `for_format(name)` finds it, and loads its module
only when that format is asked for (the EPUB never loads WeasyPrint).

    epub.py, kepub.py   EPUB 3 (and Kobo's KEPUB) from the rendered pages
    pdf.py              the print edition (compose/ sets it; booklet.py imposes it; press.py for a press)
    html.py             the web page: one file, pictures and fonts inside it
    fb2.py              FictionBook 2.1 (and .fb2.zip), from the Document itself
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publish.model import Document
    from publish.render.folios import PageStart
    from publish.resources import ResourceGate
    from publish.settings import BuildOptions
    from publish.themes import Theme

FORMAT_MODULES = {"epub": "epub", "kepub": "kepub", "pdf": "pdf", "html": "html", "fb2": "fb2", "fb2.zip": "fb2"}


@dataclass(frozen=True)
class Edition:
    """One edition to write: its format and file, the text as set (without and with soft
    hyphens), how it looks, what it may read, the settings and the date it is made with."""

    format: str
    target: Path
    typographed: Document
    hyphenated: Document
    theme: Theme
    gate: ResourceGate
    options: BuildOptions
    created: datetime.datetime
    # where each page of this source's PDF begins: filled by the PDF's writer, which runs
    # first, for the EPUB and KEPUB's page lists (empty when no PDF is made with them)
    print_pages: list[PageStart] = field(default_factory=list)

    @property
    def on_screen(self) -> Document:
        """The text an e-reader or browser shows: with soft hyphens unless asked not to."""
        return self.hyphenated if self.options.soft_hyphens else self.typographed


def for_format(name: str) -> Callable[[Edition], list[Path]]:
    """The writer of format `name` (one of publish.editions.FORMATS)."""
    module = importlib.import_module(f"publish.writers.{FORMAT_MODULES[name]}")
    writer: Callable[[Edition], list[Path]] = module.write_edition
    return writer
