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
    for path in sorted({path.resolve() for path in files}):  # the same file, however it was named
        hasher.update(str(path).encode() + b"\0" + _file_digest(path).encode())
    return hasher.hexdigest()


def _recorded(out_dir: Path, source: Path) -> dict | None:
    """The stamp's body, if it is there and was made by this machine (else nothing it says is
    trusted)."""
    try:
        data = regular_file_bytes(stamp_path(out_dir, source), LARGEST_STAMP)  # a pipe planted there would hang
        if data is None:
            return None
        stamp = json.loads(data.decode("utf-8"))
        body, signature = stamp["stamp"], stamp["signature"]
        if not hmac.compare_digest(signature, _sign(body)):
            return None  # not made here: trust nothing it says
        recorded = json.loads(body)
        if not isinstance(recorded.get("editions"), dict) or not isinstance(recorded.get("loaded"), list):
            return None
        return recorded
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def current(out_dir: Path, source: Path, targets: list[Path], parts: list[str], files: list[Path]) -> set[Path]:
    """Which of `targets` exist as built, each made from exactly these inputs (and its own
    name) by this machine: switching formats builds only the editions not made yet."""
    recorded = _recorded(out_dir, source)
    if recorded is None:
        return set()
    loaded = [Path(str(name)) for name in recorded["loaded"]]
    inputs = digest(parts, [*files, *loaded])
    found = set()
    for target in targets:
        entry = recorded["editions"].get(target.name)
        if isinstance(entry, dict) and entry.get("file") == _file_digest(target) and entry.get("inputs") == inputs:
            found.add(target)
    return found


def record(
    out_dir: Path, source: Path, targets: list[Path], parts: list[str], files: list[Path], loaded: set[Path]
) -> None:
    """Write the stamp of a successful build of `targets` (a failure to write it costs a
    rebuild, nothing more); the entries of the source's other editions are kept while their
    files are as the stamp saw them and were made from what these were."""
    earlier = _recorded(out_dir, source) or {"editions": {}, "loaded": []}
    all_loaded = loaded | {Path(str(name)) for name in earlier["loaded"]}
    inputs = digest(parts, [*files, *all_loaded])
    editions = {  # (each named as it is in out_dir, where the stamp is: wherever publish was run from)
        name: entry
        for name, entry in earlier["editions"].items()
        if isinstance(entry, dict)
        and Path(name).name == name
        and entry.get("inputs") == inputs
        and entry.get("file") == _file_digest(out_dir / name)
    }
    editions.update({target.name: {"file": _file_digest(target), "inputs": inputs} for target in targets})
    body = json.dumps({"loaded": sorted(str(path) for path in all_loaded), "editions": editions}, sort_keys=True)
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
