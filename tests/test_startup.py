"""What a command loads: only what it does (#18). Measured in bench/, proved here by imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from publish.compose import seam

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


_IMPORT_WEASYPRINT = """
import contextlib, ctypes.util, json, subprocess, sys
import cffi
refused = []
if sys.argv[1] == "outside-the-cache":  # as if the quick way could load none of the libraries
    original_dlopen = cffi.FFI.dlopen
    def refuse(self, name, *rest):
        if ctypes.util.find_library.__name__ == "find_library":  # the usual way: as it comes
            return original_dlopen(self, name, *rest)
        refused.append(name)
        raise OSError(f"cannot load library {name!r}")
    cffi.FFI.dlopen = refuse
commands = []
original_popen = subprocess.Popen.__init__
def noted(self, arguments, *rest, **keywords):
    commands.append(arguments[0])
    original_popen(self, arguments, *rest, **keywords)
subprocess.Popen.__init__ = noted
import publish.compose.seam
import weasyprint.text.ffi as ffi
print(json.dumps({"commands": commands, "pango": ffi.pango is not None, "refused": len(refused),
                  "find_library_restored": ctypes.util.find_library.__module__ == "ctypes.util"
                  and ctypes.util.find_library.__name__ == "find_library"}))
"""


def _import_weasyprint(how: str) -> tuple[dict, str]:
    result = subprocess.run([sys.executable, "-c", _IMPORT_WEASYPRINT, how], capture_output=True, text=True, check=True)
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[:-1])


def test_weasyprint_is_loaded_without_running_a_compiler_for_names_of_other_platforms():
    """On Linux each library name WeasyPrint tries that is not there cost a run of ldconfig, gcc and ld."""
    if seam._linker_cache_lookup() is None:
        pytest.skip("no glibc linker cache helper in this Python's ctypes: WeasyPrint is imported as it comes")
    found, said = _import_weasyprint("quick")
    assert found["pango"] and found["find_library_restored"] and not said
    assert sorted(set(found["commands"])) == ["/sbin/ldconfig"]


def test_weasyprint_is_loaded_the_slow_way_when_the_quick_way_cannot_load_its_libraries():
    found, said = _import_weasyprint("outside-the-cache")
    assert found["refused"] >= 6  # every name of GObject's was tried, and failed, the quick way
    assert found["pango"] and found["find_library_restored"]
    assert not said  # WeasyPrint's "could not import some external libraries" of the first try is not shown


def test_every_format_has_one_writer_loaded_only_when_asked_for():
    """publish.writers.for_format: a module a format, one `write_edition(edition)` each."""
    script = (
        "import inspect, json, sys\n"
        "from publish.editions import FORMATS\n"
        "from publish.writers import for_format\n"
        "epub = for_format('epub')\n"
        "before = 'weasyprint' in sys.modules\n"
        "writers = {name: for_format(name) for name in FORMATS}\n"
        "print(json.dumps([before, sorted(writers), sorted({str(inspect.signature(w)) for w in writers.values()})]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    before, names, signatures = json.loads(result.stdout)
    assert before is False  # the EPUB's writer does not load the PDF's
    assert names == sorted(("epub", "pdf", "html", "fb2", "fb2.zip", "kepub"))
    assert signatures == ["(edition: 'Edition') -> 'list[Path]'"]


def test_every_source_suffix_has_one_reader_loaded_only_when_asked_for():
    """publish.readers.for_path: a module a format, one `read(path, language)` each."""
    script = (
        "import inspect, json, sys\n"
        "from pathlib import Path\n"
        "from publish.readers import SOURCE_SUFFIXES, for_path, read_source\n"
        f"read_source(Path({str(SAMPLE)!r}))\n"
        "plain = sorted(name for name in ('markdown_it', 'yaml', 'publish.readers.html') if name in sys.modules)\n"
        "readers = {suffix: for_path(Path('x' + suffix)) for suffix in SOURCE_SUFFIXES}\n"
        "print(json.dumps([plain, sorted({str(inspect.signature(r)) for r in readers.values()})]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    plain, signatures = json.loads(result.stdout)
    assert plain == []  # a plain text is read without Markdown's or HTML's machinery
    assert signatures == ["(path: 'Path', language: 'str | None' = None) -> 'Document'"]
