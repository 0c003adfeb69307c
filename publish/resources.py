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


def check_inside(path: Path, roots: Iterable[Path], what: str) -> Path:
    """`path` with its links followed, if it lies inside one of `roots` (also followed)."""
    resolved = path.resolve()
    if not any(resolved.is_relative_to(root.resolve()) for root in roots):
        raise PublishError(f"refused: the {what} is a link to {resolved}, outside the project", path)
    return resolved
