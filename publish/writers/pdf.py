"""The print edition: the rendered HTML laid out by WeasyPrint with the print stylesheet.

The only writer that uses WeasyPrint (through publish.compose.seam, which alone reaches into
it), and only when a PDF is asked for. Every file WeasyPrint wants (fonts, images,
stylesheets) is fetched through the resource gate.
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from publish.limits import most_pages
from publish.model import Document, Image
from publish.render.html import render_html
from publish.resources import RefusedResource, ResourceGate
from publish.settings import length_points
from publish.themes import Theme, edition_css
from publish.writers import press
from publish.writers.atomic import write_atomically
from publish.writers.fonts import complete_font
from publish.writers.interpreter import call_with_headroom, fewer_collections
from publish.writers.pictures import images, picture_data

if TYPE_CHECKING:
    from publish.compose.report import CompositionReport
    from publish.render.folios import PageStart
    from publish.settings import BuildOptions
    from publish.writers import Edition

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfOptions:
    created: datetime.datetime
    page_size: str | None = None  # None: what the stylesheets say (A5 in the default theme)
    pdf_variant: str | None = None  # None or "none": a plain, untagged PDF
    bleed: str | None = None  # a CSS length: "3mm"
    marks: bool = False
    limit_hyphens: bool = True  # at most two hyphenated lines in a row (see publish.compose.breaker)
    compose: bool = True  # whole-paragraph line breaking (publish.compose); False: WeasyPrint's own


def write_edition(edition: Edition) -> list[Path]:
    """The PDF, with its soft hyphens always, and its booklet when one is asked for; where its
    pages begin is left in the edition for the e-books built after it."""
    pdf, starts = build_print_edition(
        edition.hyphenated, edition.theme, edition.gate, pdf_options(edition.options, edition.created)
    )
    write_atomically(edition.target, pdf)
    edition.print_pages[:] = starts
    if not edition.options.booklet:
        return [edition.target]
    from publish.writers.booklet import write_booklet

    booklet = edition.target.with_suffix(".booklet.pdf")
    write_booklet(edition.target, booklet)
    return [edition.target, booklet]


def pdf_options(options: BuildOptions, created: datetime.datetime) -> PdfOptions:
    return PdfOptions(
        created=created,
        page_size=options.page_size,
        pdf_variant=options.pdf_variant,
        bleed=options.bleed,
        marks=options.marks,
        limit_hyphens=options.limit_hyphens,
    )


def write_pdf(document: Document, theme: Theme, target: Path, gate: ResourceGate, options: PdfOptions) -> None:
    write_atomically(target, build_pdf(document, theme, gate, options))


def build_pdf(document: Document, theme: Theme, gate: ResourceGate, options: PdfOptions) -> bytes:
    return build_print_edition(document, theme, gate, options)[0]


def build_print_edition(
    document: Document, theme: Theme, gate: ResourceGate, options: PdfOptions
) -> tuple[bytes, tuple[PageStart, ...]]:
    """The PDF, and where each of its pages begins in the text (for the e-books' page lists)."""
    from publish.compose import seam

    seam.probe()
    _quiet_weasyprint()
    embedded = {EMBEDDED + image.src: image for image in images(document) if image.data}
    html = render_html(
        document,
        for_print=True,
        image_url=lambda src: EMBEDDED + src if EMBEDDED + src in embedded else src,
        fonts=theme.font_licences(),
    )
    as_uri = gate.stylesheet_policy(lambda path: path.as_uri())
    font_url = lambda face: face.path.resolve().as_uri()  # noqa: E731
    css_text = edition_css(theme, "print", font_url, as_uri, print_shop_css(options)) + page_css(options)
    for_press = options.pdf_variant == "pdf/x-4"
    profile = press.cmyk_profile() if for_press else None
    if profile is not None:  # every colour for the press's four inks, the press named
        css_text = press.OUTPUT_INTENT_CSS + press.cmyk_css(css_text, profile)
    fetcher = _gated_fetcher(seam, gate, document, embedded, profile)
    font_config = seam.FontConfiguration()
    color_profiles: dict[str, Any] = {}
    counter_style = seam.CounterStyle()  # the stylesheets' @counter-style rules ("1)" lists), for the layout
    base_url = (document.base_dir or Path.cwd()).resolve().as_uri() + "/"
    stylesheet = seam.CSS(
        string=css_text,
        font_config=font_config,
        url_fetcher=fetcher,
        base_url=base_url,
        color_profiles=color_profiles,
        counter_style=counter_style,
    )
    settings = {
        "stylesheets": [stylesheet],
        "pdf_variant": None if options.pdf_variant in (None, "none") else options.pdf_variant,
        "custom_metadata": True,
    }

    page = seam.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    with fewer_collections():
        pdf, starts = call_with_headroom(
            lambda: _laid_out_and_written(
                page,
                font_config,
                color_profiles,
                counter_style,
                settings,
                options,
                most_pages(len(html)),
                document.metadata.identifier or document.metadata.title,
            )
        )
    if for_press or options.bleed or options.marks:
        pdf = for_the_print_shop(pdf, options, for_press)
    return pdf, starts


def _laid_out_and_written(
    page: Any,
    font_config: Any,
    color_profiles: dict[str, Any],
    counter_style: Any,
    settings: dict[str, Any],
    options: PdfOptions,
    most: int,
    identifier: str,
) -> tuple[bytes, tuple[PageStart, ...]]:
    """The PDF of `page`, laid out in at most `most` pages, and where each page begins;
    `identifier`: the book's."""
    from publish.compose.folios import page_starts
    from publish.compose.notes import notes_with_their_calls
    from publish.compose.seam import document_id, fonts_dated, linear_page_references, plain_word_spaces

    if not options.compose:
        with notes_with_their_calls():
            laid_out = page.render(
                font_config=font_config, counter_style=counter_style, color_profiles=color_profiles, **settings
            )
        _dated(laid_out, options)
        with fonts_dated(options.created), document_id(identifier), linear_page_references(), plain_word_spaces():
            pdf: bytes = laid_out.write_pdf(**settings)
    else:
        from publish.compose import (
            Compositor,
            composing,
            composition_report,
            exact_glyph_positions,
            hyphens_as_nothing,
            letters_spaced_in_the_pdf,
            scaled_lines,
        )
        from publish.compose.spreads import facing_pages_level

        compositor = Compositor(limit_hyphens=options.limit_hyphens)
        compositor.read(page.etree_element)
        with composing(compositor), notes_with_their_calls(), facing_pages_level(compositor.refill, most) as page_ends:
            laid_out = page.render(
                font_config=font_config, counter_style=counter_style, color_profiles=color_profiles, **settings
            )
        compositor.forget_the_making()
        _log_report(composition_report(compositor, laid_out.pages, page_ends))
        _dated(laid_out, options)
        with (
            fonts_dated(options.created),
            document_id(identifier),
            exact_glyph_positions(),
            hyphens_as_nothing(),
            letters_spaced_in_the_pdf(),
            scaled_lines(),
            linear_page_references(),
            plain_word_spaces(),
        ):
            pdf = laid_out.write_pdf(**settings)
    return pdf, page_starts(laid_out.pages)


def _dated(laid_out: Any, options: PdfOptions) -> None:
    """A PDF/X is dated (its XMP says when it was made): dated as the build is, not now, which
    WeasyPrint takes when the page says nothing — the same book gave a new file every second."""
    if options.pdf_variant == "pdf/x-4":
        stamp = options.created.isoformat(timespec="seconds")
        laid_out.metadata.created = laid_out.metadata.created or stamp
        laid_out.metadata.modified = laid_out.metadata.modified or stamp


def _log_report(report: CompositionReport) -> None:
    """Each flaw at -v (like TeX's underfull-box warnings), then the counts."""
    for note in report.notes:
        log.info("composition: %s", note)
    log.info("composition: %s", report.summary())


def page_css(options: PdfOptions) -> str:
    """What the command line says of the page, after every stylesheet, so that it wins (the
    values were checked as the options were made: publish.settings).

    For a print shop (a bleed or crop marks asked for): the marks get a slug of their own
    outside the bleed (WeasyPrint draws them in the outer half of its bleed area, so that
    area is the bleed plus the slug; `for_the_print_shop` then sets the PDF's BleedBox to the
    real bleed). Its colours are in `print_shop_css`."""
    rules = []
    if options.page_size:
        rules.append(f"size: {options.page_size};")
    if options.marks:
        rules.append(f"bleed: {bleed_points(options) + SLUG}pt;")
        rules.append("marks: crop cross;")
    elif options.bleed:
        rules.append(f"bleed: {options.bleed};")
    return f"\n@page {{ {' '.join(rules)} }}\n" if rules else ""


def print_shop_css(options: PdfOptions) -> str:
    """For a print shop, text in black ink only (K), not the RGB near-black a screen wants,
    which a press would print in four inks; grey in a tint of black."""
    if not (options.bleed or options.marks):
        return ""
    return "/* for the press */\n:root { --text-color: device-cmyk(0 0 0 1); --muted-color: device-cmyk(0 0 0 0.67); }"


SLUG = 28.35  # points (10 mm) outside the bleed, for the crop marks


def bleed_points(options: PdfOptions) -> float:
    return length_points(options.bleed) if options.bleed else 0.0


def for_the_print_shop(pdf: bytes, options: PdfOptions, for_press: bool) -> bytes:
    """The PDF rewritten once for the shop: each page's BleedBox exactly the bleed asked for
    around its TrimBox (WeasyPrint puts it anywhere up to 10 pt out, and with marks its bleed
    area holds the slug too); for PDF/X-4, no RGB left (see `press.registration_marks`). The
    version in the header stays WeasyPrint's (pypdf would write 1.3)."""

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    if for_press:
        press.registration_marks(writer)
    if options.bleed or options.marks:
        bleed = bleed_points(options)
        for page in writer.pages:
            left, bottom, right, top = (float(value) for value in page.trimbox)
            page.bleedbox = RectangleObject((left - bleed, bottom - bleed, right + bleed, top + bleed))
    writer.compress_identical_objects()  # pypdf's copy made some twice
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


EMBEDDED = "publish-picture:"  # the address of a picture the source carries (a Word document's)


def _gated_fetcher(
    seam: ModuleType, gate: ResourceGate, document: Document, embedded: dict[str, Image], profile: bytes | None
) -> Any:
    origin = document.source or "the document"

    def fetch(url: str) -> tuple[bytes, str]:
        if url == press.PROFILE_URL and profile is not None:  # the output intent, read by publish
            return profile, "application/vnd.iccprofile"
        try:
            if url in embedded:
                data, media_type = picture_data(embedded[url], document, gate)
            else:
                data, media_type = gate.read(url, origin)
        except RefusedResource as refusal:
            raise ValueError(str(refusal)) from None
        if media_type in ("font/ttf", "font/otf"):
            data = complete_font(data)  # the thin spaces typography writes, from this font
        return data, media_type

    return seam.url_fetcher(fetch)


def _quiet_weasyprint() -> None:
    """WeasyPrint logs every refused URL itself; our gate has already said it better. pypdf
    warns that WeasyPrint's PDF/X trailer counts its objects short, which is harmless."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
