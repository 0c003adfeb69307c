"""What a command loads: only what it does (#18). Measured in bench/, proved here by imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, SAMPLE

HEAVY = ("weasyprint", "PIL", "fontTools.subset", "fontTools.ttLib")

_LOADED = """
import json, sys
from publish.cli import cli
try:
    cli(sys.argv[1:], prog_name="publish")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded(*arguments: str, cache: str, stdin: str = "") -> set[str]:
    environment = {**os.environ, "PUBLISH_CACHE_DIR": cache}
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *arguments],
        input=stdin, capture_output=True, text=True, cwd=ROOT, env=environment, check=True,
    )  # fmt: skip
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.startswith(HEAVY)}


def test_version_help_and_typo_load_no_pipeline(tmp_path):
    for arguments in (["--version"], ["--help"], ["build", "--help"]):
        modules = loaded(*arguments, cache=str(tmp_path))
        assert not {name for name in modules if name.startswith(("publish.build", "publish.readers"))}
        assert not heavy(modules)
    modules = loaded("typo", "-", cache=str(tmp_path), stdin='"Цитата" - текст')
    assert not heavy(modules) and "markdown_it" not in modules and "yaml" not in modules


def test_an_epub_rebuilt_from_the_cache_loads_no_pdf_image_or_font_machinery(tmp_path):
    out = tmp_path / "out"
    arguments = ["build", "-q", "-f", "epub", "-o", str(out), str(SAMPLE)]
    first = loaded(*arguments, cache=str(tmp_path / "cache"))
    assert "weasyprint" not in first  # the EPUB never needs the PDF writer
    assert {"PIL", "fontTools.subset"} <= first  # the cover and the font subsets, made once
    assert not heavy(loaded(*arguments, cache=str(tmp_path / "cache")))
    assert (out / "kazakhstan-2022.epub").exists()
