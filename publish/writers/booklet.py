"""Booklet imposition for home printing: a finished PDF's pages, two to a sheet side.

Pages are padded with blanks to a multiple of four and placed in saddle-stitch order on
sheets of the next size up (A5 pages on A4 landscape), so that printing both sides ("flip
on short edge"), folding the stack once and stapling the fold gives the pages in order.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from publish.writers.atomic import write_atomically


def write_booklet(pdf: Path, target: Path) -> None:
    write_atomically(target, impose_booklet(pdf.read_bytes()))


def saddle_stitch_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """Page pairs (left, right) for each sheet side in printing order; None is a blank page.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5), numbered from 1.
    """
    padded = -(-page_count // 4) * 4
    sides = []
    for sheet in range(padded // 4):
        outer_left, outer_right = padded - 2 * sheet, 1 + 2 * sheet
        inner_left, inner_right = 2 + 2 * sheet, padded - 1 - 2 * sheet
        sides.append((outer_left, outer_right))
        sides.append((inner_left, inner_right))
    return [tuple(number if number <= page_count else None for number in side) for side in sides]


def impose_booklet(pdf: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for number, offset in ((left, 0.0), (right, width)):
            if number is not None:
                sheet.merge_transformed_page(pages[number - 1], Transformation().translate(tx=offset, ty=0))
        writer.add_page(sheet)
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items() if isinstance(value, str)})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
