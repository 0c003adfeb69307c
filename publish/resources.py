"""Which files on this computer a build may read at all.

A project is often someone else's git repository, and git keeps symbolic links: a source, a
stylesheet or a word list in it may be a link to a file elsewhere (`~/.ssh/id_rsa`,
`/etc/passwd`), which must never be carried into a book. Every file the project names is
checked here with its links followed; what the editions load later (images, fonts, url()s
in stylesheets) passes the writers' gate (publish.writers.fetcher), which does the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from publish.errors import PublishError

MAX_IMAGE_PIXELS = 50_000_000  # a 7000 × 7000 photograph; past this, a typo or a bomb
MAX_IMAGE_BYTES = 50 * 1024 * 1024


def check_inside(path: Path, roots: Iterable[Path], what: str) -> Path:
    """`path` with its links followed, if it lies inside one of `roots` (also followed)."""
    resolved = path.resolve()
    if not any(resolved.is_relative_to(root.resolve()) for root in roots):
        raise PublishError(f"refused: the {what} is a link to {resolved}, outside the project", path)
    return resolved


def image_problem(path: Path) -> str | None:
    """Why the image at `path` cannot go into a book, judged by its content; None when it can.

    A file named `.png` may be text or a JPEG; a small file may claim a billion pixels; an
    SVG is a document that can load other documents, run scripts and expand entities, so
    one that tries is refused rather than cleaned."""
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return f"is over {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
        data = path.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if path.suffix.lower() == ".svg":
        return _svg_problem(data)
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"is {width} × {height} pixels, over the {MAX_IMAGE_PIXELS // 1_000_000} million allowed"
            image.verify()
            kind = (image.format or "").lower()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "is not a picture publish can read (PNG, JPEG, GIF, WebP or SVG)"
    expected = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp"}.get(path.suffix.lower())
    if expected != kind:
        return f"is a {kind.upper() or 'different'} file under a {path.suffix} name (rename it)"
    return None


def _svg_problem(data: bytes) -> str | None:
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "has a DOCTYPE (entities can reach files and expand without end)"
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is not well-formed SVG ({error.msg})"
    for element in root.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag in ("script", "foreignObject"):
            return f"holds a <{tag}>"
        if tag == "style" and "@import" in (element.text or ""):
            return "imports a stylesheet"
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local == "href" and not value.startswith(("#", "data:")):
                return f"refers to {value} (an SVG in a book must stand alone)"
            if local.startswith("on"):
                return f"has a script in {local}"
            if local == "style" and ("url(" in value and "url(#" not in value or "@import" in value):
                return "refers to another file in a style"
    return None
