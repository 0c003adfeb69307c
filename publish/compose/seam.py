"""Every place publish reaches into WeasyPrint, pydyf and Pango: this module, and no other.

WeasyPrint has no API for what the print edition needs — setting the lines the compositor
chose, each footnote on its call's page, facing pages ending level, lines drawn scaled — so
while it lays out and draws a book, publish replaces a few of its functions (`Hook`) and
calls or reads a few more (`Part`). Each is declared here once: where it lives, the
parameters it must take, the functions that must look it up by name when they run (a
function set on a module is seen only by code that reads the module's global at call time),
and why publish needs it.

`probe()` checks every one against the installed WeasyPrint when this module is imported and
again before each layout; a WeasyPrint that changed any of them is refused with `SeamBroken`,
which names the part — never a wrong PDF. `replaced()` is the only code in publish that sets
anything on WeasyPrint or pydyf. WeasyPrint 68.1 to 70.0 are probed and built with by the
tests (`TESTED`); docs/upstream.md has the reports that would make hooks unnecessary.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import datetime
import inspect
import io
import logging
import os
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from publish.errors import PublishError

log = logging.getLogger(__name__)

TESTED = ("68.1", "69.0", "70.0")  # each is installed by `make test` and built with (tests/test_seam.py)


# -- loading WeasyPrint --------------------------------------------------------------------


def _linker_cache_lookup() -> Callable[[str], str | None] | None:
    """ctypes' own search of `ldconfig -p` (glibc Linux), or None where it has none."""
    if not sys.platform.startswith("linux"):
        return None  # find_library is quick elsewhere (no compiler runs)
    return getattr(ctypes.util, "_findSoname_ldconfig", None)


def _import_quickly() -> None:
    """WeasyPrint imported without a fifth of a second spent looking for libraries by names
    that are not there.

    WeasyPrint loads GObject, Pango, HarfBuzz and fontconfig by trying each one's Windows,
    Linux and macOS names in turn, and cffi asks `ctypes.util.find_library` about every name
    it cannot open as it stands: on Linux each miss runs ldconfig, gcc and ld (10–14 ms), 16
    misses an import, 190 ms of 490, paid by every build. While WeasyPrint is imported here a
    name is looked up in the dynamic linker's cache alone; each library's Linux file name
    (`libpango-1.0.so.0`) is still opened by the linker directly. If a library cannot be
    loaded that way, WeasyPrint is imported again the usual way. Needed while WeasyPrint
    tries other platforms' names first (docs/upstream.md, "library names")."""
    if "weasyprint" in sys.modules:
        return
    lookup = _linker_cache_lookup()
    if lookup is None:
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lookup  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401 (loaded for sys.modules)
    except OSError:  # a library outside the linker's cache: forget the half-made import
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = original


_import_quickly()

import pydyf  # noqa: E402 (after the quick import above)
import pypdf  # noqa: E402
import weasyprint  # noqa: E402
from weasyprint import CSS, HTML, URLFetcher  # noqa: E402  (its public face, for writers/pdf.py)
from weasyprint import document as _document  # noqa: E402
from weasyprint import draw as _draw  # noqa: E402
from weasyprint import matrix as _matrix  # noqa: E402
from weasyprint import pdf as _pdf  # noqa: E402
from weasyprint.css.counters import CounterStyle  # noqa: E402
from weasyprint.draw import text as _draw_text  # noqa: E402
from weasyprint.formatting_structure import boxes  # noqa: E402  (the layout's tree, read by compose/)
from weasyprint.formatting_structure import build as _build  # noqa: E402
from weasyprint.layout import LayoutContext  # noqa: E402
from weasyprint.layout import block as _block  # noqa: E402
from weasyprint.layout import column as _column  # noqa: E402
from weasyprint.layout import inline as _inline  # noqa: E402
from weasyprint.layout import page as _page  # noqa: E402
from weasyprint.layout import percent as _percent  # noqa: E402
from weasyprint.pdf import metadata as _metadata  # noqa: E402
from weasyprint.text import line_break as _line_break  # noqa: E402
from weasyprint.text.ffi import ffi as _ffi  # noqa: E402
from weasyprint.text.ffi import pango as _pango  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcherResponse  # noqa: E402

# WeasyPrint ships no type information: its objects are Any to mypy, named here for the reader.
Box = Any  # a box of its layout tree (`boxes`)
Context = Any  # its layout context (LayoutContext): the pages, footnotes and page bottom being laid out
SkipStack = dict[int, Any] | None  # where a layout resumes inside a box: child index → the skip stack within
Style = Any  # a box's computed style
Stream = Any  # the PDF content stream being drawn

VERSION: str = weasyprint.__version__
Matrix = _matrix.Matrix  # a transformation, as its drawing takes one (a composed line's text matrix)
__all__ = ["CSS", "HTML", "URLFetcher", "URLFetcherResponse", "CounterStyle", "FontConfiguration", "boxes"]


class SeamBroken(PublishError):
    """The installed WeasyPrint no longer has, takes or looks up what publish relies on."""


# -- what publish relies on ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Part:
    """A function (or attribute) of WeasyPrint's that publish calls or reads."""

    owner: Any  # the module or class that has it
    name: str
    parameters: tuple[str, ...] | None  # what it must take, in order; None: not a function
    why: str
    looked_up_by: tuple[tuple[Any, str], ...] = ()  # (owner, function): must read `name` at call time

    @property
    def label(self) -> str:
        return f"{getattr(self.owner, '__name__', self.owner)}.{self.name}"

    def now(self) -> Any:
        """What the owner has under this name now (a replacement while one is installed)."""
        return getattr(self.owner, self.name)

    def problem(self) -> str | None:
        """What is wrong with it in the installed WeasyPrint, in words; None if nothing."""
        if not hasattr(self.owner, self.name):
            return f"it has no {self.label}"
        if self.parameters is not None:
            found = tuple(inspect.signature(self.now()).parameters)
            if found != self.parameters:
                return f"its {self.label} takes ({', '.join(found)}), not ({', '.join(self.parameters)})"
        return self.unused()

    def unused(self) -> str | None:
        for owner, function in self.looked_up_by:
            if self.name not in getattr(owner, function).__code__.co_names:
                return f"its {getattr(owner, '__name__', owner)}.{function} no longer looks up {self.name}"
        return None


@dataclass(frozen=True, eq=False)
class Hook(Part):
    """A function (or attribute) of WeasyPrint's or pydyf's that publish replaces while active."""

    added: bool = False  # a name publish adds (a module global shadowing a builtin): only its users matter

    def problem(self) -> str | None:
        return self.unused() if self.added else super().problem()


_BOXES = ("context", "box", "position_y", "bottom_space", "skip_stack", "containing_block")
_LINES = (*_BOXES, "absolute_boxes", "fixed_boxes", "first_letter_style", "first_line_style")
_LINEBOX_LAYOUT = (
    *("context", "box", "index", "child", "new_children", "page_is_empty", "absolute_boxes", "fixed_boxes"),
    *("adjoining_margins", "bottom_space", "position_y", "skip_stack", "first_letter_style", "first_line_style"),
    *("draw_bottom_decoration", "max_lines"),
)
_COLUMNS = (
    *("context", "box", "bottom_space", "skip_stack", "containing_block", "page_is_empty", "absolute_boxes"),
    *("fixed_boxes", "adjoining_margins", "first_letter_style", "first_line_style"),
)

# Replaced while the compositor sets lines (compose/setter.py).
LINE_BOXES = Hook(
    _block, "iter_line_boxes", _LINES, "a paragraph's lines are the ones the compositor chose",
    looked_up_by=((_block, "_linebox_layout"),),
)  # fmt: skip
LINE_SIZE = Hook(
    _line_break, "line_size", ("line", "style"), "a letter-spaced line ends at its last letter",
    looked_up_by=((_line_break, "first_line_metrics"),),
)  # fmt: skip
SPLIT_TEXT_BOX = Hook(
    _inline, "split_text_box", ("context", "box", "available_width", "skip", "is_line_start"),
    "a box that ends a chosen line ends WeasyPrint's line", looked_up_by=((_inline, "split_inline_level"),),
)  # fmt: skip
TEXT_ALIGN = Hook(
    _inline, "text_align", ("context", "line", "available_width", "last"),
    "a composed line is justified at the width it is drawn scaled from", looked_up_by=((_inline, "get_next_linebox"),),
)  # fmt: skip
AVOID_COLLISIONS = Hook(
    _inline, "avoid_collisions", ("context", "box", "containing_block", "outer"),
    "a composed paragraph is laid out wide enough for its lines drawn narrower",
    looked_up_by=((_inline, "get_next_linebox"),),
)  # fmt: skip
# Replaced while the PDF is drawn (compose/drawing.py).
DRAW_LINE = Hook(
    _draw, "draw_inline_level", ("stream", "page", "box", "offset_x", "text_overflow", "block_ellipsis"),
    "a composed line is drawn scaled by its glyph scaling", looked_up_by=((_draw, "draw_stacking_context"),),
)  # fmt: skip
DRAW_TEXT = Hook(
    _draw, "draw_text", ("stream", "textbox", "offset_x", "text_overflow", "block_ellipsis"),
    "a line-end hyphen is drawn with an empty ActualText", looked_up_by=((_draw, "draw_inline_level"),),
)  # fmt: skip
DRAW_FIRST_LINE = Hook(
    _draw_text, "draw_first_line", ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix"),
    "a composed line's text is drawn scaled by its text matrix", looked_up_by=((_draw_text, "draw_text"),),
)  # fmt: skip
GLYPH_OFFSET_ROUNDING = Hook(
    _draw_text, "int", None,
    "glyph offsets rounded, not truncated (a module global shadowing the builtin `int`; "
    "it also rounds the ellipsis width WeasyPrint gives Pango, by under a 1024th of a pixel)",
    looked_up_by=((_draw_text, "draw_first_line"),), added=True,
)  # fmt: skip
# Replaced while notes are placed (compose/notes.py).
LINEBOX_LAYOUT = Hook(
    _block, "_linebox_layout", _LINEBOX_LAYOUT, "each line goes to its page with its notes",
    looked_up_by=((_block, "block_container_layout"),),
)  # fmt: skip
UNLAYOUT_FOOTNOTE = Hook(
    LayoutContext, "unlayout_footnote", ("self", "footnote"), "a note split over two pages is taken back whole"
)
COLUMNS_LAYOUT = Hook(
    _block, "columns_layout", _COLUMNS, "columns laid out again shorter rather than report their notes overleaf",
    looked_up_by=((_block, "block_box_layout"),),
)  # fmt: skip
REPORT_FOOTNOTES = Hook(
    _column, "_report_footnotes", ("context", "footnotes_height"),
    "notes left on their page while columns are tried shorter", looked_up_by=((_column, "columns_layout"),),
)  # fmt: skip
# Replaced while facing pages are levelled (compose/spreads.py).
MAKE_PAGE = Hook(
    _page, "make_page", ("context", "root_box", "page_type", "resume_at", "page_number", "page_state"),
    "a page made again with a paragraph a line longer or shorter", looked_up_by=((_page, "remake_page"),),
)  # fmt: skip
REMAKE_PAGE = Hook(
    _page, "remake_page", ("index", "context", "root_box", "html"),
    "a right-hand page made again to end level with its facing page", looked_up_by=((_page, "make_all_pages"),),
)  # fmt: skip
PAGE_BOTTOM = Hook(
    LayoutContext, "page_bottom", None, "a page's bottom raised or lowered to end level with its facing page",
    looked_up_by=((LayoutContext, "__init__"),), added=True,
)  # fmt: skip
# Replaced while the PDF is written (writers/pdf.py).
FONTS_DICTIONARY = Hook(
    _pdf, "build_fonts_dictionary", ("pdf", "fonts", "compress", "subset", "options"),
    "a no-break space extracts as a plain space", looked_up_by=((_pdf, "generate_pdf"),),
)  # fmt: skip
DOCUMENT_ID = Hook(
    _metadata, "uuid4", None, "a PDF/X's XMP DocumentID is the book's own, not a new random one each build",
    looked_up_by=((_metadata.DocumentMetadata, "generate_rdf_metadata"),),
)  # fmt: skip
PAGE_REFERENCES = Hook(
    pydyf.PDF, "page_references", None, "page references built once, not once per tagged element (docs/upstream.md)"
)

# Called or read (compose/notes.py, compose/setter.py, compose/measure.py).
_CALLED = (
    Part(_inline, "iter_line_boxes", _LINES, "WeasyPrint's own lines, to find where a long note splits"),
    Part(_block, "_break_line", (
        *("context", "box", "line", "new_children", "needed", "page_is_empty", "index", "skip_stack"),
        *("resume_at", "absolute_boxes", "fixed_boxes"),
    ), "a page ended before a line, widows kept"),  # fmt: skip
    Part(_block, "remove_placeholders", ("context", "box_list", "absolute_boxes", "fixed_boxes"), "lines given up"),
    Part(_block, "collapse_margin", ("adjoining_margins",), "a paragraph's top margin"),
    Part(_block, "block_level_layout", (
        *("context", "box", "bottom_space", "skip_stack", "containing_block", "page_is_empty", "absolute_boxes"),
        *("fixed_boxes", "adjoining_margins", "first_letter_style", "first_line_style", "discard", "max_lines"),
    ), "notes laid out alone to find where they split"),  # fmt: skip
    Part(_build, "create_anonymous_boxes", ("box",), "a note's copy made ready for layout"),
    Part(LayoutContext, "layout_footnote", ("self", "footnote"), "a line's notes placed"),
    Part(LayoutContext, "overflows_page", ("self", "bottom_space", "position_y"), "whether a line fits"),
    Part(LayoutContext, "_update_footnote_area", ("self",), "the notes' area after a note is split"),
    Part(_page, "make_all_pages", ("context", "root_box", "html", "pages"), "pages whose content changed remade"),
    Part(_matrix, "Matrix", ("a", "b", "c", "d", "e", "f", "matrix"), "a composed line's text matrix, scaled"),
    Part(_percent, "percentage", ("value", "computed", "refer_to"), "a paragraph's indent"),
    Part(_line_break, "create_layout", ("text", "style", "context", "max_width", "justification_spacing"),
         "text shaped by Pango as WeasyPrint will draw it"),
    Part(_line_break, "get_log_attrs", ("text", "lang"), "Pango's break opportunities"),
    Part(_pango, "pango_layout_get_line_readonly", None, "a shaped line's glyph runs"),
    Part(pypdf.PdfWriter, "_add_object", ("self", "obj"), "the press's sRGB profile added to the PDF (writers/press.py)"),
)  # fmt: skip
HOOKS: tuple[Hook, ...] = tuple(value for value in list(globals().values()) if isinstance(value, Hook))
PARTS: tuple[Part, ...] = (*HOOKS, *_CALLED)
_FACTS: tuple[tuple[str, Callable[[], bool]], ...] = (  # what publish relies on that no signature shows
    ("its make_all_pages remakes a page whose content_changed", lambda: "content_changed" in _page.make_all_pages.__code__.co_consts),
    ("its Pango declarations have pango_layout_get_line_readonly", lambda: hasattr(_pango, "pango_layout_get_line_readonly")),
    ("a laid-out Page keeps its page box as _page_box", lambda: "_page_box" in _document.Page.__init__.__code__.co_names),
    ("its draw_first_line sets the text matrix it is given", lambda: "set_text_matrix" in _draw_text.draw_first_line.__code__.co_names),
    ("a pydyf Stream keeps its operators in a list, `stream`", lambda: isinstance(pydyf.Stream().stream, list)),
)  # fmt: skip


def probe() -> None:
    """Raise SeamBroken, naming the part, if the installed WeasyPrint differs from what publish
    relies on; a version publish was not tested with but whose parts all match is used."""
    problems = [problem for part in PARTS if (problem := part.problem()) is not None]
    problems += [f"not so: {fact}" for fact, holds in _FACTS if not holds()]
    if problems:
        raise SeamBroken(
            f"WeasyPrint {VERSION} cannot lay out publish's print edition: {'; '.join(problems)} "
            f"(publish is tested with WeasyPrint {', '.join(TESTED)}: pip install 'weasyprint>={TESTED[0]},<71')"
        )


@contextlib.contextmanager
def replaced(replacements: Mapping[Hook, Any]) -> Iterator[None]:
    """While active, each hook's name on its owner is its replacement; the originals are put
    back after, even on an error. The only place publish sets anything on WeasyPrint (which
    `probe()`, run once a PDF, has found as publish expects it)."""
    missing = object()
    originals = [(hook, hook.owner.__dict__.get(hook.name, missing)) for hook in replacements]
    try:
        for hook, replacement in replacements.items():
            setattr(hook.owner, hook.name, replacement)
        yield
    finally:
        for hook, original in originals:
            if original is missing:
                with contextlib.suppress(AttributeError):
                    delattr(hook.owner, hook.name)
            else:
                setattr(hook.owner, hook.name, original)


# -- what compose/ calls: WeasyPrint's functions, under names of our own ----------------------


def lines_of(*arguments: Any) -> Iterator[tuple[Any, Any]]:
    """A paragraph's lines as the block layout makes them now (the compositor's while it sets)."""
    return _block.iter_line_boxes(*arguments)  # type: ignore[no-any-return]


weasyprints_lines: Callable[..., Iterator[tuple[Any, Any]]] = _inline.iter_line_boxes  # WeasyPrint's own
break_line: Callable[..., tuple[Any, Any, Any]] = _block._break_line
remove_placeholders: Callable[..., None] = _block.remove_placeholders
collapse_margin: Callable[[list[float]], float] = _block.collapse_margin
block_level_layout: Callable[..., tuple[Any, ...]] = _block.block_level_layout
create_anonymous_boxes: Callable[[Any], Any] = _build.create_anonymous_boxes
percentage: Callable[[Any, Any, float], float | None] = _percent.percentage


def update_footnote_area(context: Context) -> None:
    """The page's notes area made again after its notes changed."""
    context._update_footnote_area()


def page_box(page: Any) -> Box:
    """The box tree of one laid-out page (a weasyprint.Page), which the report reads."""
    return page._page_box


def add_object(writer: pypdf.PdfWriter, value: Any) -> Any:
    """`value` added to the PDF `writer` is writing, as an indirect object (pypdf has no public way)."""
    return writer._add_object(value)


def url_fetcher(fetch: Callable[[str], tuple[bytes, str]]) -> Any:
    """A WeasyPrint URL fetcher that answers each URL with `fetch(url)`: (body, media type). An
    error `fetch` raises is WeasyPrint's to report, and what the URL named is left out."""

    class Fetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint's class has no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, media_type = fetch(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": media_type})

    return Fetcher()


# -- Pango: text shaped as WeasyPrint will draw it -------------------------------------------

_UNDECLARED = {  # functions WeasyPrint's declarations lack, declared once for its FFI
    "pango_glyph_string_get_logical_widths": "void pango_glyph_string_get_logical_widths (PangoGlyphString *glyphs,"
    " const char *text, int length, int embedding_level, int *logical_widths);",
    "pango_layout_get_line_count": "int pango_layout_get_line_count (PangoLayout *layout);",
}
for _name, _declaration in _UNDECLARED.items():
    if not hasattr(_pango, _name):
        _ffi.cdef(_declaration)

PANGO_SCALE = 1024
PARAGRAPH_SEPARATOR = "\u2029"


class Unshaped(Exception):
    """Text Pango did not set as one line in logical order: the breaker leaves it to WeasyPrint."""


def shape_line(text: str, style: Any) -> tuple[list[float], set[int]]:
    """Pango's advance (px) of each character of `text` set on one line in `style`, and the
    characters drawn by one glyph with another. Pango gives a run's advances per character in
    one call (a ligature's width shared among its characters); only a run with fewer glyphs
    than characters is looked at glyph by glyph, to find the ligature."""
    layout = _line_break.create_layout(text, style, None, None, 0)
    encoded = text.encode()
    buffer = _ffi.new("char[]", encoded)
    widths, ligatures = _line_advances(_pango.pango_layout_get_line_readonly(layout.layout, 0), encoded, buffer)
    if len(widths) != len(text):
        raise Unshaped("text not all on one line")
    return widths, ligatures


def shape_apart(texts: list[str], style: Any) -> list[float]:
    """The width (px) of each of `texts` set alone in `style`: all in one layout, a paragraph
    each (Pango shapes each paragraph apart, so no kerning spans two), which is much cheaper
    than a layout each. (Paragraphs are parted by U+2029: WeasyPrint cuts text at a newline.)"""
    joined = PARAGRAPH_SEPARATOR.join(texts)
    layout = _line_break.create_layout(joined, style, None, None, 0)
    encoded = joined.encode()
    buffer = _ffi.new("char[]", encoded)
    if _pango.pango_layout_get_line_count(layout.layout) != len(texts):
        raise Unshaped("a text broken into lines")
    return [
        sum(_line_advances(_pango.pango_layout_get_line_readonly(layout.layout, number), encoded, buffer)[0])
        for number in range(len(texts))
    ]


def _line_advances(line: Any, encoded: bytes, buffer: Any) -> tuple[list[float], set[int]]:
    """Each character's advance (px) in one laid-out line, and the characters drawn as part
    of a ligature (indices from the line's start)."""
    widths: list[int] = []
    ligatures: set[int] = set()
    run = line.runs
    expected = line.start_index  # runs in logical order, as left-to-right text is: each starts where the last ended
    while run != _ffi.NULL:
        glyph_item = _ffi.cast("PangoGlyphItem *", run.data)
        item = glyph_item.item
        if item.offset != expected:
            raise Unshaped("text set out of logical order")
        expected += item.length
        count = item.num_chars
        out = _ffi.new("int[]", count)
        _pango.pango_glyph_string_get_logical_widths(
            glyph_item.glyphs, buffer + item.offset, item.length, item.analysis.level, out
        )
        if glyph_item.glyphs.num_glyphs < count:
            run_text = encoded[item.offset : item.offset + item.length].decode()
            ligatures |= _ligatures_in_run(glyph_item.glyphs, run_text, len(widths))
        widths += _ffi.unpack(out, count)
        run = run.next
    return [width / PANGO_SCALE for width in widths], ligatures


def _ligatures_in_run(glyphs: Any, run_text: str, first_char: int) -> set[int]:
    """Characters of a run (indices in the whole text) drawn by one glyph with another."""
    starts = {glyphs.log_clusters[i] for i in range(glyphs.num_glyphs)}  # byte offsets in the run
    found: set[int] = set()
    position = 0
    for index, char in enumerate(run_text):
        if index and position not in starts:
            found.update({first_char + index - 1, first_char + index})
        position += len(char.encode())
    return found


def break_opportunities(text: str, language: str | None) -> set[int]:
    """Indices of the characters before which Pango allows a line break.

    Pango answers with a C struct of bit fields for each character, and reading a field
    through cffi costs far more than the rest of the measuring: the flag (the first bit
    field, the lowest bit of the struct's first byte on the machines we run on — checked
    once, else read field by field) is taken from all the structs' bytes at once."""
    attributes = _line_break.get_log_attrs(text, language)
    if not _FLAG_IN_LOW_BIT:
        return {index for index in range(1, len(text)) if attributes[index].is_line_break}
    flags = bytes(_ffi.buffer(attributes))[:: _ffi.sizeof("PangoLogAttr")].translate(_LOW_BIT)
    return {match.start() for match in _SET.finditer(flags, 1, len(text))}


_LOW_BIT = bytes(value & 1 for value in range(256))
_SET = re.compile(b"\x01")


def _flag_in_low_bit() -> bool:
    """Whether `is_line_break` is the lowest bit of each PangoLogAttr's first byte here."""
    probe = "a b-c/d e\u2014f"
    attributes = _line_break.get_log_attrs(probe, "en")
    low = bytes(_ffi.buffer(attributes))[:: _ffi.sizeof("PangoLogAttr")]
    return all(bool(low[index] & 1) == bool(attributes[index].is_line_break) for index in range(len(probe) + 1))


_FLAG_IN_LOW_BIT = _flag_in_low_bit()


# -- writing the PDF ---------------------------------------------------------------------------


def marked_span(stream: Any, actual_text: str) -> contextlib.AbstractContextManager[None]:
    """Content drawn inside a marked span whose ActualText is `actual_text`."""

    @contextlib.contextmanager
    def span() -> Iterator[None]:
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual_text)}))
        try:
            yield
        finally:
            stream.end_marked_content()

    return span()


def character_spacing(stream: Any, spacing: float) -> None:
    """Set the character spacing (PDF's `Tc`, in text space units: WeasyPrint's text matrix
    makes them its pixels) of the text `stream` draws next: pydyf has no method for it."""
    stream.stream.append(b"%s Tc" % f"{spacing:.6f}".rstrip("0").rstrip(".").encode())


def page_references_rebuilt() -> bool:
    """Whether pydyf still builds `PDF.page_references` anew on every read (the reason for
    `linear_page_references`; the hook goes when pydyf caches it)."""
    document = pydyf.PDF()
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return isinstance(pydyf.PDF.__dict__.get("page_references"), property) and (
        document.page_references is not document.page_references
    )


def linear_page_references() -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint writes the PDF, `pydyf.PDF.page_references` is built once per page
    count, not once per use: tagging (PDF/UA) reads it for every tagged element, and it was
    rebuilt from the list of all pages each time, which made tagging grow with the square of
    the pages (9 s of a 567-page book's build; docs/upstream.md, "page references")."""
    if not page_references_rebuilt():
        return contextlib.nullcontext()
    original = pydyf.PDF.page_references

    def cached(pdf: Any) -> tuple[bytes, ...]:
        kids = len(pdf.pages["Kids"])
        known = pdf.__dict__.get("publish_page_references")
        if known is None or known[0] != kids:
            known = pdf.__dict__["publish_page_references"] = (kids, original.fget(pdf))
        return known[1]  # type: ignore[no-any-return]

    return replaced({PAGE_REFERENCES: property(cached)})


def plain_word_spaces() -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint writes the PDF, a glyph it drew for a no-break space is mapped back to
    the plain space in the fonts' ToUnicode tables. The composer sets every word space inside
    a line as a no-break space (so that WeasyPrint cannot break there), and typography puts
    them after short words; pdfium (Chrome's viewer) and pypdf then extracted U+00A0 between
    all words, and a search or a copied phrase typed with plain spaces found nothing. (Poppler
    turns U+00A0 into a space itself.) The glyph drawn is the same."""
    original = FONTS_DICTIONARY.now()

    def build_fonts_dictionary(pdf: Any, fonts: Any, *rest: Any) -> Any:
        for font in fonts.values():
            for glyph, text in font.to_unicode.items():
                if text == "\u00a0":
                    font.to_unicode[glyph] = " "
        return original(pdf, fonts, *rest)

    return replaced({FONTS_DICTIONARY: build_fonts_dictionary})


def document_id(identifier: str) -> contextlib.AbstractContextManager[None]:
    """While WeasyPrint writes the PDF, the XMP DocumentID a PDF/X carries is made from the
    book's identifier: WeasyPrint draws a random one (uuid4) each time, so the same book gave a
    different file on every build (and, through the file's /ID, a different hash)."""
    fixed = uuid.uuid5(uuid.NAMESPACE_URL, identifier)
    return replaced({DOCUMENT_ID: lambda: fixed})


@contextlib.contextmanager
def fonts_dated(created: datetime.datetime) -> Iterator[None]:
    """While WeasyPrint writes the PDF, the fonts it subsets (fontTools) are dated `created`,
    not the time of the build: fontTools reads SOURCE_DATE_EPOCH, and nothing else sets it."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


probe()
if VERSION not in TESTED:
    log.info("WeasyPrint %s: not among the versions publish is tested with (%s)", VERSION, ", ".join(TESTED))
