"""The one seam to WeasyPrint: every hook declared there, probed, put back, and tried on every
WeasyPrint version publish supports."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.cli import cli
from publish.compose import seam

from conftest import ROOT, SAMPLE

PACKAGE = ROOT / "publish"
# what reaches into WeasyPrint, pydyf or Pango: their imports, cffi, the FFI's objects
REACHING_IN = re.compile(
    r"^\s*(?:from|import)\s+(?:weasyprint|pydyf|cffi)\b"  # their imports
    r"|\b(?:ffi|pango)\.\w"  # cffi, the FFI's objects
    r"|^[^#\n]*?(?<![.\w])(?!self\b|cls\b|seam\b|os\b)[a-z_]\w*\._[a-z]\w*",  # a private name of another's
    re.MULTILINE,
)
ALLOWED = {"publish/writers/fonts.py": ["from fontTools.ttLib.tables._g_l_y_f"]}  # fontTools names its tables so
VERSIONS = Path(sys.prefix) / "weasyprints"  # each tested version but the installed one (see the Makefile)


def test_only_the_seam_reaches_into_weasyprint():
    found = {
        str(path.relative_to(ROOT)): [
            hit.strip()
            for hit in REACHING_IN.findall(path.read_text(encoding="utf-8"))
            if not any(hit.strip().startswith(allowed) for allowed in ALLOWED.get(str(path.relative_to(ROOT)), []))
        ]
        for path in PACKAGE.rglob("*.py")
        if path.name != "seam.py"
    }
    assert {path: hits for path, hits in found.items() if hits} == {}
    assert REACHING_IN.search((PACKAGE / "compose" / "seam.py").read_text(encoding="utf-8"))  # the test can see one


def test_the_seam_knows_the_installed_weasyprint():
    seam.probe()
    assert seam.VERSION in seam.TESTED
    assert all(part.why for part in seam.PARTS) and len(seam.HOOKS) >= 15


def _built_pdf(tmp_path: Path) -> tuple[int, str, list[Path]]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "-q", "-f", "pdf", "-o", str(out), str(SAMPLE)])
    return result.exit_code, result.output, sorted(out.glob("*.pdf")) if out.exists() else []


def test_a_hook_whose_signature_changed_is_refused_by_name_and_no_pdf_is_written(monkeypatch, tmp_path):
    def linebox_layout(context, box, index, child, new_children):  # a WeasyPrint that dropped parameters
        raise AssertionError("never called: the probe refuses first")

    monkeypatch.setattr(seam.LINEBOX_LAYOUT.owner, "_linebox_layout", linebox_layout)
    code, said, written = _built_pdf(tmp_path)
    assert code != 0 and written == []
    assert "weasyprint.layout.block._linebox_layout takes (context, box, index, child, new_children)" in said
    assert "Traceback" not in said


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.delattr(seam._block, "_break_line"), "it has no weasyprint.layout.block._break_line"),
        (  # a function that stopped looking the hook up: a replacement would be silently missed
            lambda m: m.setattr(seam._inline, "get_next_linebox", lambda *arguments: None),
            "its weasyprint.layout.inline.get_next_linebox no longer looks up text_align",
        ),
        (  # the drawing's glyph offsets: `int` no longer what draw_first_line calls
            lambda m: m.setattr(seam._draw_text, "draw_first_line", lambda *arguments: round(1.5)),
            "its weasyprint.draw.text.draw_first_line no longer looks up int",
        ),
        (
            lambda m: m.setattr(seam._page, "make_all_pages", lambda context, root_box, html, pages: None),
            "content_changed",
        ),
    ],
)
def test_the_probe_names_what_changed(monkeypatch, change, message):
    change(monkeypatch)
    with pytest.raises(seam.SeamBroken, match=re.escape(message)):
        seam.probe()


def test_every_hook_is_put_back_after_a_pdf(tmp_path):
    before = {hook: hook.owner.__dict__.get(hook.name) for hook in seam.HOOKS}
    code, said, written = _built_pdf(tmp_path)
    assert code == 0 and len(written) == 1, said
    assert {hook: hook.owner.__dict__.get(hook.name) for hook in seam.HOOKS} == before
    assert "int" not in vars(seam._draw_text) and "page_bottom" not in vars(seam.LayoutContext)


def test_a_hook_is_put_back_when_the_layout_fails():
    original = seam.LINE_BOXES.now()
    with pytest.raises(ZeroDivisionError), seam.replaced({seam.LINE_BOXES: None, seam.GLYPH_OFFSET_ROUNDING: round}):
        assert seam.LINE_BOXES.now() is None
        1 / 0  # noqa: B018
    assert seam.LINE_BOXES.now() is original and "int" not in vars(seam._draw_text)


def test_rounded_glyph_offsets_draw_an_ellipsis_as_before(tmp_path):
    """The `int` the drawing hook rounds with is also WeasyPrint's for an ellipsis's width: a
    line cut with an ellipsis is drawn the same, pixel for pixel, with the hook as without."""
    html = '<p style="width: 30mm; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">' + "слово " * 30
    pages = []
    for hooked in (False, True):
        with seam.replaced({seam.GLYPH_OFFSET_ROUNDING: round}) if hooked else contextlib.nullcontext():
            (tmp_path / f"{hooked}.pdf").write_bytes(seam.HTML(string=html).write_pdf())
        picture = subprocess.run(
            ["pdftoppm", "-r", "150", "-gray", str(tmp_path / f"{hooked}.pdf")], capture_output=True, check=True
        ).stdout
        pages.append(picture)
    assert pages[0] == pages[1]
    text = subprocess.run(["pdftotext", str(tmp_path / "True.pdf"), "-"], capture_output=True, text=True, check=True)
    assert 0 < text.stdout.count("слово") < 5  # cut short, where the ellipsis is drawn


def test_the_tested_versions_span_the_pinned_range():
    """pyproject's `weasyprint>=A,<B`: A is the oldest version tested, and one of each major below B is."""
    pin = next(
        line for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines() if '"weasyprint>=' in line
    )
    lowest, below = re.search(r">=([\d.]+),<(\d+)", pin).groups()
    assert seam.TESTED[0] == lowest
    majors = {int(version.split(".")[0]) for version in seam.TESTED}
    assert majors == set(range(int(lowest.split(".")[0]), int(below)))


def _pdf_text(weasyprint_dir: Path | None, out: Path) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    paths = [str(weasyprint_dir)] if weasyprint_dir else []
    environment["PYTHONPATH"] = os.pathsep.join([*paths, str(ROOT)])
    environment["PUBLISH_CACHE_DIR"] = str(out / "cache")
    script = "import sys, weasyprint; print(weasyprint.__version__); from publish.cli import main; main()"
    arguments = ["build", "-q", "-f", "pdf", "-o", str(out), str(SAMPLE), str(ROOT / "tests/fixtures/article.md")]
    run = subprocess.run(
        [sys.executable, "-c", script, *arguments], capture_output=True, text=True, env=environment, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    texts = [
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for pdf in sorted(out.glob("*.pdf"))
    ]
    return run.stdout.split()[0] + "\n" + "\f".join(texts)


@pytest.mark.parametrize("version", [version for version in seam.TESTED if version != seam.VERSION])
def test_each_supported_weasyprint_probes_clean_and_sets_the_same_pages(version, tmp_path):
    """Each WeasyPrint the pin allows is installed beside the venv's (`make test` does it) and
    lays out the sample and an article with notes: the same text on the same pages."""
    where = VERSIONS / version
    assert (where / "weasyprint").is_dir(), f"WeasyPrint {version} is not installed in {where}: run make test"
    theirs = _pdf_text(where, tmp_path / version)
    ours = _pdf_text(None, tmp_path / "installed")
    assert theirs.split("\n", 1)[0] == version
    assert theirs.split("\n", 1)[1] == ours.split("\n", 1)[1]
