"""The print edition: the rendered HTML laid out by WeasyPrint with the print stylesheet.

The only module that imports WeasyPrint, and only when a PDF is asked for. Every file
WeasyPrint wants (fonts, images, stylesheets) is fetched through the resource gate.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from publish.model import Document
from publish.render.html import render_html
from publish.themes import Theme, edition_css
from publish.writers.atomic import write_atomically
from publish.writers.fetcher import RefusedResource, ResourceGate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfOptions:
    created: datetime.datetime
    pdf_variant: str | None = None


def write_pdf(document: Document, theme: Theme, target: Path, gate: ResourceGate, options: PdfOptions) -> None:
    write_atomically(target, build_pdf(document, theme, gate, options))


def build_pdf(document: Document, theme: Theme, gate: ResourceGate, options: PdfOptions) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    _quiet_weasyprint()
    html = render_html(document)
    as_uri = gate.stylesheet_policy(lambda path: path.as_uri())
    css_text = edition_css(theme, "print", lambda face: face.path.resolve().as_uri(), as_uri)
    fetcher = _gated_fetcher(weasyprint, gate, origin=document.source or "the document")
    font_config = FontConfiguration()
    base_url = (document.base_dir or Path.cwd()).resolve().as_uri() + "/"
    stylesheet = weasyprint.CSS(string=css_text, font_config=font_config, url_fetcher=fetcher, base_url=base_url)
    page = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    with _source_date_epoch(options.created):
        return page.write_pdf(
            stylesheets=[stylesheet],
            font_config=font_config,
            pdf_variant=options.pdf_variant,
        )


@contextlib.contextmanager
def _source_date_epoch(created: datetime.datetime) -> Iterator[None]:
    """Font subsetting stamps fonts with the current time unless SOURCE_DATE_EPOCH says otherwise."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _gated_fetcher(weasyprint, gate: ResourceGate, origin: object):
    class GatedFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            try:
                data, media_type = gate.read(url, origin)
            except RefusedResource as refusal:
                raise ValueError(str(refusal)) from None
            return weasyprint.urls.URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})

    return GatedFetcher()


def _quiet_weasyprint() -> None:
    """WeasyPrint logs every refused URL itself; our gate has already said it better."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
