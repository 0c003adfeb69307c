"""A small disk cache for pure, costly results (font subsets, covers) across builds.

Rebuilding a book after a one-word change should not subset eight fonts again. Entries are
keyed by a hash of everything the result depends on, written atomically, and simply
recomputed when the cache folder cannot be used. `PUBLISH_CACHE_DIR` moves it (default:
`$XDG_CACHE_HOME/publish` or `~/.cache/publish`); `PUBLISH_CACHE_DIR=off` turns it off.

An entry is trusted only as what this machine wrote: each is sealed with a key only this
machine has (`machine-key` in the cache folder, also the key of the build stamps), bound to
its kind and name, and read without following links, from a regular file in its kind's own
folder. Anything else found under an entry's name (a link to a private key, a stylesheet or
a cover planted there, a copy from another machine, a pipe) is discarded and computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path
from stat import S_ISREG

SEAL = b"publish cache entry 1\n"
SEAL_LENGTH = len(SEAL) + hashlib.sha256().digest_size
LARGEST_ENTRY = 512 * 1024 * 1024  # bytes: a font subset or a cover is far smaller
_RUN_KEY = secrets.token_bytes(32)  # made at import, so a build's worker processes share it
_NO_LINKS = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


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
    digest = hashlib.sha256(tool_digest().encode())
    for part in key:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    name = digest.hexdigest()
    found = _read(folder, kind, name)
    if found is not None:
        return found
    result = compute()
    _write(folder, kind, name, result)
    return result


@cache
def machine_key() -> bytes:
    """This machine's key, made on first use (a key for this process alone without a cache):
    what seals the cache's entries and signs build stamps."""
    folder = cache_dir()
    if folder is None:
        return _RUN_KEY
    path = folder / "machine-key"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINKS, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(32))
        key = _regular_file_bytes(os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NO_LINKS), 64)
    except OSError:
        return _RUN_KEY
    return key if key is not None and len(key) == 32 else _RUN_KEY


def _seal(kind: str, name: str, content: bytes) -> bytes:
    return hmac.new(machine_key(), f"{kind}\0{name}\0".encode() + content, hashlib.sha256).digest()


@contextlib.contextmanager
def _kind_folder(folder: Path, kind: str, create: bool) -> Iterator[int]:
    """The kind's folder, opened as itself (a link there is not followed out of the cache)."""
    path = folder / kind
    if create:
        path.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | _NO_LINKS)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _read(folder: Path, kind: str, name: str) -> bytes | None:
    """The entry's content if this machine wrote it; anything else there is removed."""
    try:
        with _kind_folder(folder, kind, create=False) as kind_folder:
            try:
                descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NO_LINKS, dir_fd=kind_folder)
            except FileNotFoundError:
                return None
            except OSError:  # a link (ELOOP), or unreadable
                blob = None
            else:
                blob = _regular_file_bytes(descriptor, LARGEST_ENTRY + SEAL_LENGTH)
            if blob is not None and blob[: len(SEAL)] == SEAL:
                seal, content = blob[len(SEAL) : SEAL_LENGTH], blob[SEAL_LENGTH:]
                if hmac.compare_digest(seal, _seal(kind, name, content)):
                    return content
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=kind_folder)  # not ours: the name alone goes, never what it points to
    except OSError:
        pass
    return None


def regular_file_bytes(path: Path, largest: int) -> bytes | None:
    """The bytes of the file at `path` if it is a regular file (not a link, a pipe or a
    device, which would hang the read) of at most `largest` bytes; None otherwise."""
    try:
        return _regular_file_bytes(os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NO_LINKS), largest)
    except OSError:
        return None


def _regular_file_bytes(descriptor: int, largest: int) -> bytes | None:
    """The bytes of an opened file, if it is a regular file of at most `largest` bytes."""
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not S_ISREG(status.st_mode) or status.st_size > largest:
            return None
        return file.read(largest + 1)


def _write(folder: Path, kind: str, name: str, content: bytes) -> None:
    if len(content) > LARGEST_ENTRY:
        return
    try:
        with _kind_folder(folder, kind, create=True) as kind_folder:
            temp = f".tmp-{secrets.token_hex(8)}"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINKS
            descriptor = os.open(temp, flags, 0o600, dir_fd=kind_folder)
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(SEAL + _seal(kind, name, content) + content)
                os.replace(temp, name, src_dir_fd=kind_folder, dst_dir_fd=kind_folder)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp, dir_fd=kind_folder)
                raise
    except OSError:
        pass  # a read-only home, a full disk or a kind folder linked away cost speed, never the build


_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pyphen", "ebooklib", "lxml", "markdown-it-py", "tinycss2")


@cache
def tool_digest() -> str:
    """publish's own code and styles, and the versions of the libraries that set the text: what
    a cached result and a build stamp were made by (a change to any of them makes them afresh)."""
    hasher = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.txt"), *(package.parent / "styles").rglob("*")]):
        if path.is_file():
            hasher.update(str(path.relative_to(package.parent)).encode() + path.read_bytes())
    for library in _LIBRARIES:
        try:
            hasher.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(library.encode())
    return hasher.hexdigest()
