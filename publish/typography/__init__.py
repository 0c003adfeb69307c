"""Typography: quotes, dashes, no-break spaces and ellipses, by the document's language.

The stage sees prose only (see `publish.textruns`), so it can never touch markup, code,
URLs or e-mail addresses. `typograph_text` is the same engine for one plain string, used
by `publish typo`.
"""

from __future__ import annotations

from dataclasses import replace

from publish.model import Document
from publish.textruns import map_runs
from publish.typography.engine import BOUNDARY, apply_rules, join_runs, split_runs
from publish.typography.notes import place_note_marks
from publish.typography.rules import rules_for


def typograph_text(text: str, language: str) -> str:
    """Typeset one string: the rules of `language`, line breaks kept."""
    return apply_rules(text, rules_for(language))


def typograph_runs(runs: list[str], language: str) -> list[str]:
    """Typeset one block given as runs, seeing across the boundaries between them."""
    if not runs:
        return []
    cleaned = [run.replace(BOUNDARY, "") for run in runs]  # a private-use character; never prose
    joined = apply_rules(join_runs(cleaned), rules_for(language))
    return split_runs(joined, len(runs))


def typograph_document(document: Document) -> Document:
    """The typography stage: every text block and the displayed metadata; note marks placed
    against punctuation as the language sets them."""
    language = document.metadata.language
    typographed = place_note_marks(map_runs(document, typograph_runs), language)
    meta = document.metadata
    metadata = replace(
        meta,
        title=typograph_text(meta.title, language),
        subtitle=typograph_text(meta.subtitle, language),
        description=typograph_text(meta.description, language),
    )
    return replace(typographed, metadata=metadata)


__all__ = ["BOUNDARY", "typograph_document", "typograph_runs", "typograph_text"]
