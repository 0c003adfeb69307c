"""A small disk cache for pure, costly results (font subsets, covers) across builds.

Rebuilding a book after a one-word change should not subset eight fonts again. Entries are
keyed by a hash of everything the result depends on, written atomically, and simply
recomputed when the cache folder cannot be used. `PUBLISH_CACHE_DIR` moves it (default:
`$XDG_CACHE_HOME/publish` or `~/.cache/publish`); `PUBLISH_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from publish import __version__


def cache_dir() -> Path | None:
    configured = os.environ.get("PUBLISH_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publish"


def cached_bytes(kind: str, key: list[bytes | str], compute: Callable[[], bytes]) -> bytes:
    """`compute()`, or what it returned before for the same `kind` and `key`."""
    folder = cache_dir()
    if folder is None:
        return compute()
    digest = hashlib.sha256(__version__.encode())
    for part in key:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    path = folder / kind / digest.hexdigest()
    try:
        return path.read_bytes()
    except OSError:
        pass
    result = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(descriptor, "wb") as file:
            file.write(result)
        os.replace(temp, path)
    except OSError:
        pass  # a read-only home or a full disk costs speed, never the build
    return result
