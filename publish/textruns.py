"""Walking a document's prose for the text stages (typography, hyphenation).

A text stage works on one block at a time, as a list of runs: the text of every `Text`
inline in reading order, with `OPAQUE` standing for an inline the stage must not look
into (code, a note reference, a line break). The stage returns as many runs as it got;
markup is rebuilt around them, so no rule ever sees markup or can break it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from publish.model import (
    CONTAINERS,
    Block,
    Document,
    Heading,
    Inline,
    Lead,
    Paragraph,
    Span,
    Text,
    map_blocks,
)

OPAQUE = "\ue001"
"""Stands for an inline whose content no text rule may read or change."""

RunsFunction = Callable[[list[str], str], list[str]]
"""A text stage: the runs of a block (or of a span in another language), and their language."""


def map_runs(document: Document, function: RunsFunction, *, headings: bool = True) -> Document:
    """Apply `function` to the runs of every text block, in the body and in the notes, in the
    document's language; the words of a `Span` in its own language, as runs of their own (the
    block sees the span as one opaque inline)."""
    language = document.metadata.language

    def block(node: Block) -> Block:
        if isinstance(node, Paragraph | Lead) or (headings and isinstance(node, Heading)):
            return replace(node, children=_set(node.children, language, function))
        return node

    blocks = map_blocks(document.blocks, block)
    notes = tuple(replace(note, blocks=map_blocks(note.blocks, block)) for note in document.notes)
    return replace(document, blocks=blocks, notes=notes)


def _set(inlines: tuple[Inline, ...], language: str, function: RunsFunction) -> tuple[Inline, ...]:
    """`inlines` through `function` in `language`, each span's words through it in theirs."""
    runs = list(_runs(inlines))
    if runs:
        changed = function(runs, language)
        if len(changed) != len(runs):
            raise ValueError("a text stage must return one run for each run it is given")
        inlines = _rebuild(inlines, iter(changed))
    return _spans_set(inlines, function)


def _spans_set(inlines: tuple[Inline, ...], function: RunsFunction) -> tuple[Inline, ...]:
    return tuple(
        replace(inline, children=_set(inline.children, inline.language, function))
        if isinstance(inline, Span)
        else replace(inline, children=_spans_set(inline.children, function))
        if isinstance(inline, CONTAINERS)
        else inline
        for inline in inlines
    )


InlinesFunction = Callable[[tuple[Inline, ...]], tuple[Inline, ...]]


def map_inlines(document: Document, function: InlinesFunction) -> Document:
    """Apply `function` to every sequence of inlines (a text block's, and inside emphasis,
    strong text, links…), in the body and in the notes: for stages that move inlines."""

    def inlines(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        nested = tuple(
            replace(inline, children=inlines(inline.children)) if isinstance(inline, CONTAINERS) else inline
            for inline in children
        )
        return function(nested)

    def block(node: Block) -> Block:
        if isinstance(node, Paragraph | Lead | Heading):
            return replace(node, children=inlines(node.children))
        return node

    blocks = map_blocks(document.blocks, block)
    notes = tuple(replace(note, blocks=map_blocks(note.blocks, block)) for note in document.notes)
    return replace(document, blocks=blocks, notes=notes)


def _runs(inlines: tuple[Inline, ...]) -> Iterator[str]:
    for inline in inlines:
        if isinstance(inline, Text):
            yield inline.text
        elif isinstance(inline, CONTAINERS) and not isinstance(inline, Span):
            yield from _runs(inline.children)
        else:
            yield OPAQUE


def _rebuild(inlines: tuple[Inline, ...], runs: Iterator[str]) -> tuple[Inline, ...]:
    rebuilt: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            rebuilt.append(Text(next(runs)))
        elif isinstance(inline, CONTAINERS) and not isinstance(inline, Span):
            rebuilt.append(replace(inline, children=_rebuild(inline.children, runs)))
        else:
            next(runs)
            rebuilt.append(inline)
    return tuple(rebuilt)
