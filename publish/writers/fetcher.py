"""The one gate every file an edition loads passes through.

Only files inside the allowed roots (the source's folder, the styles, the installed font
packages) may be read; the network, `file://` paths elsewhere, `../` escapes and oversized
`data:` URLs are refused with a warning that names who asked. The EPUB writer, the PDF
writer (as WeasyPrint's URL fetcher) and the stylesheet URL rewriting all ask here.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from publish.resources import image_problem
from publish.themes.css import UrlPolicy

log = logging.getLogger(__name__)

MAX_DATA_URL_BYTES = 512 * 1024
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")

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
            problem = image_problem(path) if path.suffix.lower() in _IMAGE_SUFFIXES else None
            if problem:
                raise RefusedResource(f"{url}: the image {problem}")
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


def media_type(path: Path) -> str:
    return _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
