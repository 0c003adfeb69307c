"""Every edition reaches its name complete or not at all, and a source's editions together.

An edition is written to a hidden temporary file beside its target, flushed to disk, and
renamed over the target in one step, so an interrupted build leaves the previous edition
as it was and never a truncated one. Inside `all_or_none()` the renames wait until the block
ends without an error: a source whose FB2 fails leaves its EPUB and web page as they were,
not a mixed set. The next build sweeps up what a killed one left.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from publish.errors import PublishError

TEMP_PREFIX = ".publish-"
TEMP_SUFFIX = ".part"


_pending: contextvars.ContextVar[dict[Path, Path] | None] = contextvars.ContextVar("pending", default=None)


@contextlib.contextmanager
def all_or_none() -> Iterator[None]:
    """Editions written inside reach their names only when the block ends without an error."""
    pending: dict[Path, Path] = {}  # target → its complete temporary file
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        for temp in pending.values():
            temp.unlink(missing_ok=True)
        raise
    finally:
        _pending.reset(token)
    in_the_way = [target for target in pending if target.is_dir()]
    if in_the_way:  # found before any is renamed: the set stays whole
        for temp in pending.values():
            temp.unlink(missing_ok=True)
        raise PublishError("a folder of that name is in the edition's way; nothing was replaced", in_the_way[0])
    for target, temp in pending.items():
        os.replace(temp, target)


def newest(target: Path) -> Path:
    """Where `target`'s newest content is: its temporary file while it waits (see all_or_none)."""
    pending = _pending.get()
    return pending.get(target, target) if pending is not None else target


def write_atomically(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temp_name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise PublishError(f"cannot write here: {error.strerror or error}", target.parent) from None
    if target.is_dir():
        os.close(descriptor)
        Path(temp_name).unlink()
        raise PublishError("a folder of that name is in the edition's way", target)
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, 0o644)
        pending = _pending.get()
        if pending is None:
            os.replace(temp, target)
        else:
            earlier = pending.pop(target, None)
            if earlier is not None:
                earlier.unlink(missing_ok=True)
            pending[target] = temp
    except OSError as error:  # the disk full, say
        temp.unlink(missing_ok=True)
        raise PublishError(f"cannot write the edition: {error.strerror or error}", target) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files that an interrupted build left in `folder`: those of builds
    no longer running (each file names its process), never those of a build running beside."""
    if not folder.is_dir():
        return []
    leftovers = sorted(path for path in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}") if not _owner_running(path))
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers


def _owner_running(path: Path) -> bool:
    """Whether the build that is writing `path` still runs (its process id is in the name)."""
    parts = path.name.removesuffix(TEMP_SUFFIX).split(".")
    pid = next((int(part) for part in reversed(parts[:-1]) if part.isdigit()), None)
    if pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
