"""Nothing built twice: what a source's editions were made from, so an unchanged one is skipped.

After a build, `dist/.publish/<name>.json` records a digest of everything the editions depend
on — the source's bytes, every file the build loaded through the resource gate (images, the
stylesheets' files, fonts), the theme's stylesheets and fonts, the hyphenation exceptions, the
settings, the build time the editions carry, and publish itself (its code and styles, and the
libraries that set the text) — and the list of loaded files. The next build hashes the same
things again; when nothing changed and every edition is there, it is not rebuilt. A stamp is
only a hint: a missing, unreadable or foreign one means "build".

Projects come from other people's repositories, so a stamp is signed with a key only this
machine has (`machine-key` in publish's cache folder, see publish.cache; a key for this run alone when there is
none): a stamp committed beside a doctored edition is foreign, and the files it lists are
never read. The editions' own digests are in the stamp too, so an edition changed since it
was built is built again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from functools import cache
from pathlib import Path
from stat import S_ISREG

from publish.cache import machine_key, regular_file_bytes, tool_digest
from publish.editions import edition_name
from publish.errors import PublishError
from publish.writers.atomic import write_atomically

log = logging.getLogger(__name__)

STAMP_FOLDER = ".publish"
LARGEST_STAMP = 16 * 1024 * 1024  # a collection of 2 000 texts lists some 200 KB


def stamp_path(out_dir: Path, source: Path) -> Path:
    return out_dir / STAMP_FOLDER / f"{edition_name(source.name)}.json"


def digest(parts: list[str], files: list[Path]) -> str:
    """One digest of `parts` (settings, names) and the bytes of `files`, and publish itself."""
    hasher = hashlib.sha256(tool_digest().encode())
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big") + part.encode())
    for path in sorted(set(files)):
        hasher.update(str(path).encode() + b"\0" + _file_digest(path).encode())
    return hasher.hexdigest()


def is_current(out_dir: Path, source: Path, targets: list[Path], parts: list[str], files: list[Path]) -> bool:
    """Whether every target exists as built, made from exactly these inputs, by this machine."""
    try:
        data = regular_file_bytes(stamp_path(out_dir, source), LARGEST_STAMP)  # a pipe planted there would hang
        if data is None:
            return False
        stamp = json.loads(data.decode("utf-8"))
        body, signature = stamp["stamp"], stamp["signature"]
        if not hmac.compare_digest(signature, _sign(body)):
            return False  # not made here: trust nothing it says
        recorded = json.loads(body)
        loaded = [Path(name) for name in recorded["loaded"]]
        editions = recorded["editions"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if editions != {str(target): _file_digest(target) for target in targets}:
        return False
    return recorded["digest"] == digest(parts, [*files, *loaded])


def record(
    out_dir: Path, source: Path, targets: list[Path], parts: list[str], files: list[Path], loaded: set[Path]
) -> None:
    """Write the stamp of a successful build (a failure to write it costs a rebuild, nothing more)."""
    body = json.dumps(
        {
            "digest": digest(parts, [*files, *loaded]),
            "loaded": sorted(str(path) for path in loaded),
            "editions": {str(target): _file_digest(target) for target in targets},
        }
    )
    stamp = {"stamp": body, "signature": _sign(body)}
    path = stamp_path(out_dir, source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(stamp, indent=1).encode("utf-8"))
    except (OSError, PublishError) as error:
        log.debug("no stamp written for %s: %s", source, error)


def _sign(body: str) -> str:
    return hmac.new(machine_key(), body.encode(), hashlib.sha256).hexdigest()


def _file_digest(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    if not S_ISREG(stat.st_mode):
        return "not a file"  # a device or a pipe is never read
    return _content_digest(path, stat.st_size, stat.st_mtime_ns)


@cache
def _content_digest(path: Path, size: int, mtime: int) -> str:
    """A file's content digest, computed once a process for each version of it (the fonts of a
    theme are hashed once however many sources a build has)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
