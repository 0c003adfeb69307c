"""Exceptions to the dictionary: words whose break points a person has decided.

A list is plain text, one word a line, hyphens where the word may break (`марк-сизм`); a
word written without hyphens never breaks. publish ships a list per language for words the
patterns get wrong; a project's own `hyphenation.txt` is read after it and wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from publish.errors import PublishError

_BUNDLED = Path(__file__).parent / "exceptions"


@dataclass(frozen=True)
class Exceptions:
    """Break points by lower-cased word; hashable, so it can key the stage's caches."""

    entries: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @cached_property
    def _by_word(self) -> dict[str, tuple[int, ...]]:
        return dict(self.entries)

    @cached_property
    def _hash(self) -> int:
        return hash(self.entries)

    def __hash__(self) -> int:
        """Hashed once: the stage's token cache asks for it on every word of the book."""
        return self._hash

    def lookup(self, word: str) -> tuple[int, ...] | None:
        """The word's break points if a person decided them (empty: never break), else None."""
        return self._by_word.get(word.lower()) if self.entries else None


def parse_exceptions(text: str, path: Path | None = None) -> dict[str, tuple[int, ...]]:
    entries: dict[str, tuple[int, ...]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if " " in line or not line.replace("-", "").isalpha():
            raise PublishError(f"not a word with hyphens: {line!r}", path, number)
        parts = line.split("-")
        if any(not part for part in parts):
            raise PublishError(f"empty part in {line!r}", path, number)
        points, offset = [], 0
        for part in parts[:-1]:
            offset += len(part)
            points.append(offset)
        entries["".join(parts).lower()] = tuple(points)
    return entries


def load_exceptions(language: str, project_file: Path | None = None) -> Exceptions:
    """The bundled list for `language`, then the project's file (if it exists) over it."""
    entries: dict[str, tuple[int, ...]] = {}
    bundled = _BUNDLED / f"{language.split('-')[0].lower()}.txt"
    if bundled.is_file():
        entries.update(parse_exceptions(bundled.read_text(encoding="utf-8"), bundled))
    if project_file is not None and project_file.is_file():
        entries.update(parse_exceptions(project_file.read_text(encoding="utf-8"), project_file))
    return Exceptions(tuple(sorted(entries.items())))
