"""Booklet imposition for home printing: a finished PDF's pages, two to a sheet side.

Pages are padded with blanks to a multiple of four and placed in saddle-stitch order on
sheets of the next size up (A5 pages on A4 landscape, exactly 297 × 210 mm), centred on the
fold, so that printing both sides ("flip on short edge"), folding the stack once and
stapling the fold gives the pages in order.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from publish.writers.atomic import newest, write_atomically


def write_booklet(pdf: Path, target: Path) -> None:
    write_atomically(target, impose_booklet(newest(pdf).read_bytes()))


def saddle_stitch_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """Page pairs (left, right) for each sheet side in printing order; None is a blank page.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5), numbered from 1.
    """
    padded = -(-page_count // 4) * 4
    sides: list[tuple[int, int]] = []
    for sheet in range(padded // 4):
        outer_left, outer_right = padded - 2 * sheet, 1 + 2 * sheet
        inner_left, inner_right = 2 + 2 * sheet, padded - 1 - 2 * sheet
        sides.append((outer_left, outer_right))
        sides.append((inner_left, inner_right))
    return [(left if left <= page_count else None, right if right <= page_count else None) for left, right in sides]


MM = 72 / 25.4
# Paper a home printer takes, landscape (width, height) in points, smallest first.
SHEETS = (
    ("A5", 210 * MM, 148 * MM),
    ("letter", 11 * 72, 8.5 * 72),
    ("A4", 297 * MM, 210 * MM),
    ("tabloid", 17 * 72, 11 * 72),
    ("A3", 420 * MM, 297 * MM),
)


def _clipped_to_trim(page: PageObject) -> PageObject:
    """`page` drawing nothing outside its trim box (its bleed and marks would fall on the
    facing page); unchanged when it has no bleed."""
    trim, media = page.trimbox, page.mediabox
    if [float(value) for value in trim] == [float(value) for value in media]:
        return page
    clip = DecodedStreamObject()
    left, bottom = float(trim.left), float(trim.bottom)
    clip.set_data(f"q {left:.3f} {bottom:.3f} {float(trim.width):.3f} {float(trim.height):.3f} re W n\n".encode())
    end = DecodedStreamObject()
    end.set_data(b"\nQ\n")
    content = page.get_contents()
    page[NameObject("/Contents")] = ArrayObject([clip, *([content] if content is not None else []), end])
    return page


def sheet_size(page_width: float, page_height: float) -> tuple[float, float]:
    """The smallest standard sheet two pages fit on side by side (a point of slack for
    rounding: A5 is 419.5 pt wide, A4 841.9); an exact fit when none does."""
    for _, width, height in SHEETS:
        if 2 * page_width <= width + 1 and page_height <= height + 1 and 2 * page_width >= 0.9 * width:
            return width, height
    return 2 * page_width, page_height


def impose_booklet(pdf: bytes) -> bytes:
    """The booklet of a finished PDF. Each page is placed by its trim box (the page as it will
    be cut: a print shop's PDF has bleed and crop marks around it), clipped to it, so that a
    PDF made with --bleed --marks still gives A5 pages on exact A4 sheets."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    width = float(pages[0].trimbox.width)
    height = float(pages[0].trimbox.height)
    sheet_width, sheet_height = sheet_size(width, height)
    fold, top = sheet_width / 2, (sheet_height - height) / 2
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for number, offset in ((left, fold - width), (right, fold)):
            if number is not None:
                page = _clipped_to_trim(pages[number - 1])
                trim = page.trimbox
                move = Transformation().translate(tx=offset - float(trim.left), ty=top - float(trim.bottom))
                sheet.merge_transformed_page(page, move)
        writer.add_page(sheet)
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items() if isinstance(value, str)})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
