"""Page previews: PDF pages as PNG pictures, to look at a theme without a PDF viewer."""

from __future__ import annotations

import io
from pathlib import Path

from publish.errors import PublishError
from publish.limits import MAX_PDF_PAGES, MAX_PREVIEW_PIXELS
from publish.writers.atomic import write_atomically

DEFAULT_RESOLUTION = 100  # dots per inch


def parse_pages(spec: str) -> list[int]:
    """Page numbers from `1-3`, `2` or `1,4-5` (counted from 1), in order, without repeats."""
    pages: dict[int, None] = {}
    try:
        for part in spec.split(","):
            first, _, last = part.strip().partition("-")
            start, end = int(first), int(last or first)
            if start < 1 or end < start:
                raise ValueError
            if end > MAX_PDF_PAGES:
                raise PublishError(f"pages: {end} is past the last page any book of ours has ({MAX_PDF_PAGES})")
            pages.update(dict.fromkeys(range(start, end + 1)))
    except ValueError:
        raise PublishError(f"pages must look like 1-3 or 1,4, not {spec!r}") from None
    return list(pages)


def write_previews(
    pdf: bytes, pages: list[int], folder: Path, name: str, resolution: int = DEFAULT_RESOLUTION
) -> list[Path]:
    """Render the given pages (those the PDF has) to `folder/<name>-<page>.png`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    written = []
    try:
        past = [number for number in pages if number > len(document)]
        if past and len(past) == len(pages):
            shown = f"{past[0]}–{past[-1]}" if len(past) > 1 else str(past[0])
            raise PublishError(f"pages {shown} asked for, but the PDF has {len(document)}")
        for number in pages:
            if number > len(document):
                break
            page = document[number - 1]
            width, height = page.get_size()  # points
            pixels = round(width * resolution / 72) * round(height * resolution / 72)
            if pixels > MAX_PREVIEW_PIXELS:  # a stylesheet's @page size is a stranger's to set
                raise PublishError(
                    f"page {number} is {width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm: at {resolution} dpi,"
                    f" {pixels / 1e6:.0f} million pixels, over the {MAX_PREVIEW_PIXELS // 1_000_000} million a"
                    " preview may take (a lower --resolution, or a smaller page)"
                )
            image = page.render(scale=resolution / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            target = folder / f"{name}-{number}.png"
            write_atomically(target, buffer.getvalue())
            written.append(target)
    finally:
        document.close()
    return written
