"""Hyphenation: soft hyphens (U+00AD) at the break points every edition then shares.

The PDF engine and e-readers without a Russian dictionary both honour soft hyphens, so
one stage decides every break for every edition. Policy (which words) and dictionary
(where in a word) are kept apart in their own modules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from publish.hyphenation.dictionary import break_points, has_dictionary
from publish.hyphenation.exceptions import Exceptions, load_exceptions
from publish.hyphenation.policy import TOKEN, breakable_words
from publish.model import Document
from publish.textruns import map_runs

SOFT_HYPHEN = "\u00ad"


NO_EXCEPTIONS = Exceptions()


def hyphenate_text(text: str, language: str, exceptions: Exceptions = NO_EXCEPTIONS) -> str:
    """Insert soft hyphens into every breakable word of `text`."""
    return TOKEN.sub(lambda match: _hyphenate_token(match.group(), language, exceptions), text)


@lru_cache(maxsize=200_000)
def _hyphenate_token(token: str, language: str, exceptions: Exceptions) -> str:
    pieces: list[str] = []
    last = 0
    for start, word in breakable_words(token):
        points = exceptions.lookup(word)
        if points is None:
            points = break_points(word, language)
        if not points:
            continue
        pieces.append(token[last:start])
        previous = 0
        for point in points:
            pieces.append(word[previous:point] + SOFT_HYPHEN)
            previous = point
        pieces.append(word[previous:])
        last = start + len(word)
    pieces.append(token[last:])
    return "".join(pieces)


def clear_caches() -> None:
    """Forget every word and token seen (for benchmarks that measure a cold start)."""
    _hyphenate_token.cache_clear()
    break_points.cache_clear()


def hyphenate_document(
    document: Document,
    *,
    headings: bool = False,
    exceptions_file: Path | None = None,
) -> Document:
    """The hyphenation stage: body text (and headings only if asked) gets soft hyphens, by
    the rules of its language (a span in another language by its own, where there are some)."""
    exceptions: dict[str, Exceptions] = {}

    def hyphenate(runs: list[str], language: str) -> list[str]:
        if not has_dictionary(language):
            return runs
        if language not in exceptions:
            exceptions[language] = load_exceptions(language, exceptions_file)
        return [hyphenate_text(run, language, exceptions[language]) for run in runs]

    return map_runs(document, hyphenate, headings=headings)


__all__ = ["SOFT_HYPHEN", "Exceptions", "hyphenate_document", "hyphenate_text", "load_exceptions"]
