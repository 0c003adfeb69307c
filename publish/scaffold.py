"""`publish init`: a new project that builds as it is, to be changed a file at a time.

What it writes comes from `publish/starter/`: an example text in `source/`, a collection of it,
a `publish.toml` that lists every setting with its default (made from publish.settings' table,
so it never falls behind), and a house theme in `styles/`
that extends a shipped one (`extends = "classic"`) with only its own rules — the shipped
themes stay available beside it. Nothing that is already there is overwritten.
"""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError
from publish.settings import commented_toml
from publish.writers.atomic import write_atomically

STARTER = Path(__file__).parent / "starter"
FILES = {  # the starter's file → where it goes in the project
    "example.md": "source/example.md",
    "collection.book.toml": "source/collection.book.toml",
    "publish.toml": "publish.toml",  # made by `starter_settings`
    "house.toml": "styles/themes/house.toml",
    "house.css": "styles/themes/house.css",
}


def make_project(folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the starter project into `folder`: the files written, and those left as they were."""
    if folder.exists() and not folder.is_dir():
        raise PublishError("is a file, not a folder for a project", folder)
    written, kept = [], []
    for name, target in FILES.items():
        path = folder / target
        if path.exists() or path.is_symlink():
            kept.append(path)
            continue
        write_atomically(path, starter_settings() if name == "publish.toml" else (STARTER / name).read_bytes())
        written.append(path)
    return written, kept


def starter_settings() -> bytes:
    """The starter's publish.toml: every setting, commented out at its default but the theme."""
    return (
        "# Settings of this project; the command line overrides them. Every key is optional:\n"
        "# what is commented out is the default.\n\n"
        + commented_toml({"style": '"house"'})
        + "\n[metadata]                          # what a source does not say itself\n"
        'publisher = "Издательство"\n'
        '# author = "…"                      # or a list: ["…", "…"]\n'
        '# rights = "…"\n'
    ).encode()
