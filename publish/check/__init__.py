"""`publish check`: what an editor should look at, that no typographic rule may silently change.

The typography stage sets quotes, dashes and spaces because their meaning is not in doubt; a
doubled word, "кое как", a Latin K in a Cyrillic word or a note never referenced are the
author's to fix, and a linter says where (and S000 what the build would refuse). Each finding has a code (T: text, S: structure),
a place (file:line:column in the source as written), the excerpt, and a suggested fix. The
linter reads the source text, never the editions, and changes nothing.

    text.py       checks of the prose, word by word and paragraph by paragraph
    structure.py  checks of the document: notes, images, headings
    source.py     the source as the checks see it: code, URLs and markup blanked out
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publish.model import Document

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # ERROR or WARNING
    path: str
    line: int
    column: int
    message: str
    excerpt: str
    suggestion: str = ""

    def __str__(self) -> str:
        fix = f" → {self.suggestion}" if self.suggestion else ""
        excerpt = f": {self.excerpt}" if self.excerpt else ""
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.severity}: {self.message}{excerpt}{fix}"


def check_source(path: Path, language: str | None = None, read: Document | None = None) -> list[Finding]:
    """Every finding in one source, in the order of the text; `read`: the source as the
    build already read it (with `language`), not read again."""
    from publish.check.source import load
    from publish.check.structure import structure_findings
    from publish.check.text import text_findings
    from publish.collection import is_collection, read_plan

    if is_collection(path):  # a collection: each of its texts, in its order
        return [finding for text in read_plan(path).sources for finding in check_source(text, language)]
    source = load(path, language, read)
    document, refusals = (read, []) if read is not None else _read(path, language)
    findings = [*text_findings(source), *structure_findings(source, document), *refusals]
    return sorted(findings, key=lambda finding: (finding.line, finding.column, finding.code))


def _read(path: Path, language: str | None) -> tuple[Document | None, list[Finding]]:
    """The source as the build reads it (the structure checks look at what the build keeps),
    or S000: what makes `build` refuse it — broken front matter, a date or language that is
    not one, a missing picture or cover — so that a source `check` passes is one `build` takes."""
    from publish.errors import PublishError
    from publish.readers import read_source

    reader_log = logging.getLogger("publish.readers")
    level = reader_log.level
    reader_log.setLevel(logging.ERROR)  # the reader's warnings are the build's to say
    try:
        return read_source(path, language), []
    except PublishError as error:
        message = f"build refuses the source: {error.message}"
        return None, [Finding("S000", ERROR, str(path), error.line or 1, 1, message, "")]
    finally:
        reader_log.setLevel(level)


def as_json(findings: Iterable[Finding]) -> str:
    return json.dumps([asdict(finding) for finding in findings], ensure_ascii=False, indent=2)


__all__ = ["ERROR", "WARNING", "Finding", "as_json", "check_source"]
