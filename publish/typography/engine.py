"""The rule engine: protect what must not change, apply a language's rules, restore.

A rule is data: a compiled pattern and its replacement. Rules run in order over one
block's text, with run boundaries marked by `BOUNDARY` so a rule can see across inline
markup without ever seeing the markup itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from publish.links import prose_address
from publish.textruns import OPAQUE

BOUNDARY = "\ue000"
"""Marks where one text run ends and the next begins (an inline tag was there)."""

NBSP = "\u00a0"

# Spans no rule may change: URLs, e-mail addresses, and inlines hidden from text stages.
_PROTECTED = re.compile(prose_address(ending="\ue000") + "|" + OPAQUE)
# Each protected span is replaced by one private-use character of plane 15.
_SLOT_BASE = 0xF0000
_SLOT = re.compile("[\U000f0000-\U000ffffd]")


@dataclass(frozen=True)
class Rule:
    """One typographic rule: where it applies and what it writes there; `needs`, when given,
    are strings one of which the text must hold for the rule to apply at all (a substring
    test costs a fraction of a regex scan).

    Speed: Python's regex engine skips quickly to the places a pattern can start only when
    the pattern starts with a character or a class of them; a pattern that starts with a
    lookbehind is tried at every character. So rules start with what they consume (the
    space, the digit, the dot) and look behind from there (see `after_one_of`)."""

    name: str
    source: str  # the pattern, compiled when the rule first applies (most commands need few)
    replacement: str | Callable[[re.Match[str]], str]
    flags: int = 0
    needs: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags)

    def apply(self, text: str) -> str:
        if self.needs and not any(needed in text for needed in self.needs):
            return text
        return self.pattern.sub(self.replacement, text)


def rule(
    name: str,
    pattern: str,
    replacement: str | Callable[[re.Match[str]], str],
    flags: int = 0,
    needs: tuple[str, ...] = (),
) -> Rule:
    return Rule(name, pattern, replacement, flags, needs)


def after_one_of(words: str, tail: str, alone: str = r"(?<![\w.])", flags: str = "") -> str:
    """A lookbehind for "one of `words` (a|b|c), standing alone, then `tail`", where `tail`
    (fixed width) is what the pattern has just consumed: Python's lookbehinds must be of one
    width, so the words are grouped by length."""
    by_length: dict[int, list[str]] = {}
    for word in words.split("|"):
        by_length.setdefault(len(word), []).append(word)
    scoped = f"(?{flags}:" if flags else "(?:"
    alternatives = [f"(?<={alone}{scoped}{'|'.join(group)}){tail})" for group in by_length.values()]
    return "(?:" + "|".join(alternatives) + ")"


TextFunction = Callable[[str], str]


def apply_rules(text: str, steps: list[Rule | TextFunction]) -> str:
    """Run `steps` (rules, or plain functions such as the quote pass) over `text`."""
    protected, saved = _protect(text)
    for step in steps:
        protected = step.apply(protected) if isinstance(step, Rule) else step(protected)
    return _restore(protected, saved)


def _protect(text: str) -> tuple[str, list[str]]:
    saved: list[str] = []

    def slot(match: re.Match[str]) -> str:
        saved.append(match.group())
        return chr(_SLOT_BASE + len(saved) - 1)

    if OPAQUE not in text and "@" not in text and "://" not in text and "www." not in text and not _SLOT.search(text):
        return text, saved
    return _PROTECTED.sub(slot, text), saved


def _restore(text: str, saved: list[str]) -> str:
    if not saved:
        return text
    return _SLOT.sub(lambda match: saved[ord(match.group()) - _SLOT_BASE], text)


def join_runs(runs: list[str]) -> str:
    return BOUNDARY.join(runs)


def split_runs(text: str, count: int) -> list[str]:
    runs = text.split(BOUNDARY)
    if len(runs) != count:
        raise AssertionError("a typography rule lost or added a run boundary")
    return runs
