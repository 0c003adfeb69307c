"""The one gate every file an edition loads passes through.

Only files inside the allowed roots (the source's folder, the styles, the installed font
packages) may be read; the network, `file://` paths elsewhere and `../` escapes are refused
with a warning that names who asked. Both the EPUB and the PDF writer ask here.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

log = logging.getLogger(__name__)

MAX_DATA_URL_BYTES = 512 * 1024


class RefusedResource(Exception):
    """A resource the build will not load; the message says why."""


@dataclass
class ResourceGate:
    roots: tuple[Path, ...]
    refused: list[str] = field(default_factory=list)

    def allows(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(root.resolve()) for root in self.roots)

    def local_path(self, url: str) -> Path:
        """The file a `file:` URL names, if it lies inside the roots."""
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise RefusedResource(f"{url}: only local files are loaded, never the network")
        path = Path(url2pathname(unquote(parts.path)))
        if not self.allows(path):
            raise RefusedResource(f"{path}: outside the project; not loaded")
        if not path.is_file():
            raise RefusedResource(f"{path}: no such file")
        return path

    def read(self, url: str) -> tuple[bytes, str]:
        """The bytes of `url` and their media type; raises RefusedResource, logging why."""
        try:
            if url.startswith("data:"):
                return _read_data_url(url)
            path = self.local_path(url)
            return path.read_bytes(), media_type(path)
        except RefusedResource as refusal:
            self.refused.append(str(refusal))
            log.warning("refused to load %s", refusal)
            raise


def _read_data_url(url: str) -> tuple[bytes, str]:
    header, _, payload = url[5:].partition(",")
    if len(payload) > MAX_DATA_URL_BYTES * 4 // 3 + 4:
        raise RefusedResource(f"a data: URL of {len(payload)} bytes is over the {MAX_DATA_URL_BYTES}-byte limit")
    media_type = header.split(";")[0] or "text/plain"
    data = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
    return data, media_type


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


def media_type(path: Path) -> str:
    return _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
