"""The standalone HTML edition: one file with the EPUB stylesheet inlined, for the web."""

from __future__ import annotations

from pathlib import Path

from publish.model import Document
from publish.render.html import render_html
from publish.themes import Theme, edition_css
from publish.writers.atomic import write_atomically
from publish.writers.fetcher import ResourceGate


def write_html(document: Document, theme: Theme, target: Path, gate: ResourceGate) -> None:
    policy = gate.stylesheet_policy(lambda path: path.as_uri())
    css = edition_css(theme, "epub", None, policy)  # a web page asks for the fonts by name
    write_atomically(target, render_html(document, inline_css=css).encode("utf-8"))
