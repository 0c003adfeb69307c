"""The print edition: the rendered HTML laid out by WeasyPrint with the print stylesheet.

The only module that imports WeasyPrint, and only when a PDF is asked for. Every file
WeasyPrint wants (fonts, images, stylesheets) is fetched through the resource gate.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.model import Document
from publish.render.html import render_html
from publish.themes import Theme, edition_css
from publish.writers.atomic import write_atomically
from publish.writers.fetcher import RefusedResource, ResourceGate

log = logging.getLogger(__name__)

PAGE_SIZES = ("A4", "A5", "A6", "letter")
# WeasyPrint's PDF variants (weasyprint.pdf.VARIANTS), named here so the CLI need not import it.
PDF_VARIANTS = (
    "none",
    *("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a"),
    *("pdf/a-4e", "pdf/a-4f", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g"),
)
_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|in|pt|px)$")


@dataclass(frozen=True)
class PdfOptions:
    created: datetime.datetime
    page_size: str | None = None  # None: what the stylesheets say (A5 in the default theme)
    pdf_variant: str | None = None  # None or "none": a plain, untagged PDF
    bleed: str | None = None  # a CSS length: "3mm"
    marks: bool = False
    limit_hyphens: bool = True  # at most two hyphenated lines in a row (see publish.compose.breaker)
    compose: bool = True  # whole-paragraph line breaking (publish.compose); False: WeasyPrint's own


def write_pdf(document: Document, theme: Theme, target: Path, gate: ResourceGate, options: PdfOptions) -> None:
    write_atomically(target, build_pdf(document, theme, gate, options))


def build_pdf(document: Document, theme: Theme, gate: ResourceGate, options: PdfOptions) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    _quiet_weasyprint()
    html = render_html(document, for_print=True)
    as_uri = gate.stylesheet_policy(lambda path: path.as_uri())
    css_text = edition_css(theme, "print", lambda face: face.path.resolve().as_uri(), as_uri) + page_css(options)
    fetcher = _gated_fetcher(weasyprint, gate, origin=document.source or "the document")
    font_config = FontConfiguration()
    base_url = (document.base_dir or Path.cwd()).resolve().as_uri() + "/"
    stylesheet = weasyprint.CSS(string=css_text, font_config=font_config, url_fetcher=fetcher, base_url=base_url)
    settings = {
        "stylesheets": [stylesheet],
        "pdf_variant": None if options.pdf_variant in (None, "none") else options.pdf_variant,
        "custom_metadata": True,
    }

    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    if not options.compose:
        laid_out = document.render(font_config=font_config, **settings)
    else:
        from publish.compose import Compositor, composing, composition_report, exact_glyph_positions

        compositor = Compositor(limit_hyphens=options.limit_hyphens)
        with composing(compositor):
            laid_out = document.render(font_config=font_config, **settings)
        _log_report(composition_report(compositor, laid_out.pages))
        with _source_date_epoch(options.created), exact_glyph_positions():
            return laid_out.write_pdf(**settings)
    with _source_date_epoch(options.created):
        return laid_out.write_pdf(**settings)


def _log_report(report) -> None:
    """Each flaw at -v (like TeX's underfull-box warnings), then the counts."""
    for note in report.notes:
        log.info("composition: %s", note)
    log.info("composition: %s", report.summary())


def page_css(options: PdfOptions) -> str:
    """What the command line says of the page, after every stylesheet, so that it wins."""
    rules = []
    if options.page_size:
        if options.page_size not in PAGE_SIZES:
            raise PublishError(f"unknown page size {options.page_size!r} (sizes: {', '.join(PAGE_SIZES)})")
        rules.append(f"size: {options.page_size};")
    if options.bleed:
        if not _LENGTH.match(options.bleed):
            raise PublishError(f"bleed must be a length such as 3mm, not {options.bleed!r}")
        rules.append(f"bleed: {options.bleed};")
    if options.marks:
        rules.append("marks: crop cross;")
    if options.pdf_variant not in (None, "none", *PDF_VARIANTS):
        raise PublishError(f"unknown PDF variant {options.pdf_variant!r} (variants: {', '.join(PDF_VARIANTS)})")
    return f"\n@page {{ {' '.join(rules)} }}\n" if rules else ""


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
