"""The one gate every file a build reads passes through.

A project is often someone else's git repository, and git keeps symbolic links: a source, a
stylesheet or a word list in it may be a link to a file elsewhere (`~/.ssh/id_rsa`,
`/etc/passwd`), which must never be carried into a book. Every file the project names is
checked here with its links followed (`check_inside`); images are judged by their content
(`image_problem`); and what the editions load (images, fonts, url()s in stylesheets) asks the
`ResourceGate`, which allows only the allowed roots (the project, the source's folder, the
styles, the installed font packages) and refuses the network, `file://` paths elsewhere, `../`
escapes and oversized `data:` URLs with a warning that names who asked. The EPUB writer, the
PDF writer (as WeasyPrint's URL fetcher) and the stylesheet URL rewriting all ask here.
"""

from __future__ import annotations

import base64
import io
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from publish.errors import PublishError
from publish.limits import MAX_DATA_URL_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from publish.markup import local_name, untrusted_xml

if TYPE_CHECKING:
    from publish.themes.css import UrlPolicy

log = logging.getLogger(__name__)


def check_inside(path: Path, roots: Iterable[Path], what: str, project: Path | None = None) -> Path:
    """`path` with its links followed, if it lies inside one of `roots` (also followed); with
    `project`, no folder on the way to it inside the project may be a link out of the project
    (a `source -> ~/private` committed to the repository would make every file it points at a
    root of its own)."""
    if project is not None:
        _no_folder_linked_out(path, project, what)
    resolved = path.resolve()
    if not any(resolved.is_relative_to(root.resolve()) for root in roots):
        if resolved != Path(os.path.normpath(path.absolute())):
            raise PublishError(f"refused: the {what} is a link to {resolved}, outside the project", path)
        raise PublishError(f"refused: the {what} is outside the project", path)
    return resolved


def _no_folder_linked_out(path: Path, project: Path, what: str) -> None:
    written = Path(os.path.normpath(path.absolute()))
    base = Path(os.path.normpath(project.absolute()))
    if not written.is_relative_to(base):
        return  # given from elsewhere: not the project's to vouch for
    inside = project.resolve()
    folder = base
    for part in written.relative_to(base).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() and not folder.resolve().is_relative_to(inside):
            raise PublishError(
                f"refused: the {what} is in {folder.relative_to(base)}, a link to {folder.resolve()}, outside the project",
                path,
            )


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
    return picture_problem(data, path.suffix)


def picture_problem(data: bytes, suffix: str) -> str | None:
    """Why the picture `data`, named with `suffix`, cannot go into a book (see image_problem)."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"is over {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
    if suffix.lower() == ".svg":
        return _svg_problem(data)
    from PIL import Image

    try:
        # Only the readers of the formats a book takes: Pillow's others (EMF, WMF, PSD…) parse
        # what no book needs, and a crafted 104-byte EMF divides by zero in its header reader.
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "GIF", "WEBP")) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"is {width} × {height} pixels, over the {MAX_IMAGE_PIXELS // 1_000_000} million allowed"
            image.verify()
            kind = (image.format or "").lower()
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 (whatever a malformed file makes a reader raise, it is not a picture)
        return "is not a picture publish can read (PNG, JPEG, GIF, WebP or SVG)"
    expected = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp"}.get(suffix.lower())
    if expected != kind:
        return f"is a {kind.upper() or 'different'} file under a {suffix} name (rename it)"
    return None


def _svg_problem(data: bytes) -> str | None:
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "has a DOCTYPE (entities can reach files and expand without end)"
    try:
        root = untrusted_xml(data)
    except etree.XMLSyntaxError as error:
        return f"is not well-formed SVG ({error.msg})"
    for element in root.iter():
        tag = local_name(element)
        if tag in ("script", "foreignObject"):
            return f"holds a <{tag}>"
        if tag == "style" and _outside_references(element.text or "", stylesheet=True):
            return "refers to another file in its stylesheet"
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local == "href" and not value.startswith(("#", "data:")):
                return f"refers to {value} (an SVG in a book must stand alone)"
            if local.startswith("on"):
                return f"has a script in {local}"
            if "(" in value and _outside_references(value, stylesheet=False):  # style, fill, filter, mask…
                return f"refers to another file in its {local} attribute"
    return None


def _outside_references(css: str, stylesheet: bool) -> list[str]:
    """The URLs in `css` that are not the SVG's own (`#id`) or inline (`data:`)."""
    from publish.themes.css import referenced_urls

    return [url for url in referenced_urls(css, stylesheet) if not url.strip().startswith(("#", "data:"))]


_MEDIA_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


class RefusedResource(Exception):
    """A resource the build will not load; the message says why."""


@dataclass
class ResourceGate:
    roots: tuple[Path, ...]
    warnings: list[str] = field(default_factory=list)
    loaded: set[Path] = field(default_factory=set)  # every file handed out: what an edition depends on

    def allows(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(root.resolve()) for root in self.roots)

    def resolve(self, url: str, base: Path) -> Path:
        """The local file `url` names (relative to the folder `base`), if it may be loaded."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(url2pathname(unquote(parts.path)))
        elif parts.scheme or url.startswith("//"):
            raise RefusedResource(f"{url}: the network is never reached")
        else:
            path = base / unquote(parts.path)
        if not self.allows(path):
            raise RefusedResource(f"{url}: outside the project")
        if not path.is_file():
            raise RefusedResource(f"{url}: no such file")
        return path.resolve()

    def warn(self, origin: object, message: str) -> None:
        """Warn once per build, however many editions run into the same thing."""
        line = f"{origin}: {message}"
        if line not in self.warnings:
            self.warnings.append(line)
            log.warning("%s", line)

    def refuse(self, reason: str, origin: object) -> None:
        self.warn(origin, f"refused {reason}; not loaded")

    def read(self, url: str, origin: object) -> tuple[bytes, str]:
        """The bytes of an absolute `url` and their media type; refusals are logged, then raised."""
        try:
            if url.startswith("data:"):
                return read_data_url(url)
            path = self.resolve(url, Path("/"))
            self.loaded.add(path)
            return path.read_bytes(), media_type(path)
        except RefusedResource as refusal:
            self.refuse(str(refusal), origin)
            raise

    def stylesheet_policy(self, package: Callable[[Path], str]) -> UrlPolicy:
        """A url() policy: small data: URLs stay, allowed files become `package(path)`."""
        return _StylesheetPolicy(self, package)


@dataclass
class _StylesheetPolicy:
    gate: ResourceGate
    package: Callable[[Path], str]

    def __call__(self, url: str, stylesheet: Path, line: int) -> str | None:
        try:
            if url.startswith("data:"):
                read_data_url(url)
                return url
            path = self.gate.resolve(url, stylesheet.parent)
            problem = image_problem(path) if media_type(path).startswith("image/") else None
            if problem:
                raise RefusedResource(f"{url}: the image {problem}")
            self.gate.loaded.add(path)
            return self.package(path)
        except RefusedResource as refusal:
            self.gate.refuse(str(refusal), f"{stylesheet}:{line}")
            return None

    def warn(self, origin: str, message: str) -> None:
        self.gate.warn(origin, message)


def read_data_url(url: str) -> tuple[bytes, str]:
    header, _, payload = url[5:].partition(",")
    if len(payload) > MAX_DATA_URL_BYTES * 4 // 3 + 4:
        raise RefusedResource(f"a data: URL of {len(payload)} bytes, over the {MAX_DATA_URL_BYTES}-byte limit")
    kind = header.split(";")[0] or "text/plain"
    try:
        data = base64.b64decode(payload, validate=True) if header.endswith(";base64") else unquote(payload).encode()
    except ValueError:
        raise RefusedResource("a data: URL that is not valid base64") from None
    return data, kind


def suffix_for(kind: str) -> str:
    """The usual file suffix for a media type (the first one listed), `.bin` when unknown."""
    return next((suffix for suffix, listed in _MEDIA_TYPES.items() if listed == kind), ".bin")


def media_type(path: Path) -> str:
    return _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
