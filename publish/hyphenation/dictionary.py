"""Where a word may break, by the language's pattern dictionary (pyphen, TeX patterns).

Only the dictionary lives here; which words may break at all is the policy's business.
Lookups are cached: running prose repeats its words, so most lookups are hits.
"""

from __future__ import annotations

from functools import lru_cache

import pyphen

MIN_LEFT = 2
MIN_RIGHT = 2


@lru_cache(maxsize=32)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    tag = language.replace("-", "_")
    found = pyphen.language_fallback(tag) or pyphen.language_fallback(tag.split("_")[0])
    if found is None:
        return None
    return pyphen.Pyphen(lang=found, left=MIN_LEFT, right=MIN_RIGHT)


def has_dictionary(language: str) -> bool:
    return _dictionary(language) is not None


@lru_cache(maxsize=200_000)
def break_points(word: str, language: str) -> tuple[int, ...]:
    """Offsets inside `word` where a line may break, at least two letters from each end."""
    dictionary = _dictionary(language)
    if dictionary is None:
        return ()
    return tuple(dictionary.positions(word))
