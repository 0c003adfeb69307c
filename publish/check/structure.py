"""Checks of the document's structure, read from the Markdown as written (plain text has
no notes, images or headings of its own).

S001 a note referenced but never written     S003 an image without alt text
S002 a note written but never referenced     S004 a heading level skipped
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.check import ERROR, WARNING, Finding
from publish.check.source import Source, blank_code

_NOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:", re.M)
_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+\S", re.M)


def structure_findings(source: Source) -> list[Finding]:
    if not source.markdown:
        return []
    code_free = blank_code(source.text)  # notes and images are markup: only code is blanked
    return [*notes(source, code_free), *images(source, code_free), *headings(source, code_free)]


def notes(source: Source, text: str) -> Iterator[Finding]:
    defined = {match.group(1): match for match in _NOTE_DEFINITION.finditer(text)}
    referenced: dict[str, re.Match[str]] = {}
    for match in _NOTE_REFERENCE.finditer(text):
        referenced.setdefault(match.group(1), match)
    for label, match in referenced.items():
        if label not in defined:
            message = f"note [^{label}] is referenced but never written"
            yield source.finding("S001", ERROR, match.start(), match.end(), message, f"add [^{label}]: …")
    for label, match in defined.items():
        if label not in referenced:
            message = f"note [^{label}] is written but never referenced: no edition shows it"
            yield source.finding("S002", WARNING, match.start(), match.end(), message, f"reference it with [^{label}]")


def images(source: Source, text: str) -> Iterator[Finding]:
    for match in _IMAGE.finditer(text):
        if not match.group(1).strip():
            message = "an image without alt text: a reader who cannot see it learns nothing"
            yield source.finding("S003", ERROR, match.start(), match.end(), message, "![what the image shows](…)")


def headings(source: Source, text: str) -> Iterator[Finding]:
    previous = 0
    for match in _HEADING.finditer(text):
        level = len(match.group(1))
        if previous and level > previous + 1:
            message = f"a level-{level} heading after a level-{previous} one: a level is skipped"
            yield source.finding("S004", WARNING, match.start(), match.end(), message, "#" * (previous + 1))
        previous = level
