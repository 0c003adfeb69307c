"""Ace by DAISY, the accessibility checker publishers use, finds no violation at all.

Runs only under `make check-a11y` (pytest -m a11y), which installs Ace from npm and needs
Debian's chromium: Ace drives a headless browser through each content document.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ARTICLE, FIXTURES, ROOT, SAMPLE, build

pytestmark = pytest.mark.a11y

ACE = ROOT / "node_modules" / "@daisy" / "ace-cli" / "bin" / "ace.js"


def ace_violations(epub: Path, report_folder: Path) -> list[str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not ACE.is_file() or chromium is None or shutil.which("node") is None:
        pytest.fail("Ace needs `make check-a11y` (npm install) and Debian's chromium (apt-get install chromium)")
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "ACE_TIMEOUT_INITIAL": "60000"}
    result = subprocess.run(
        ["node", str(ACE), "-s", "-f", "-o", str(report_folder), str(epub)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    report_file = report_folder / "report.json"
    assert report_file.is_file(), result.stdout + result.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    violations = []
    for document in report.get("assertions", []):
        for assertion in document.get("assertions", []):
            outcome = assertion.get("earl:result", {})
            if outcome.get("earl:outcome") != "pass":
                test = assertion.get("earl:test", {})
                violations.append(
                    f"{test.get('earl:impact')} {test.get('dct:title')}: {outcome.get('dct:description')}"
                    f" ({document.get('earl:testSubject', {}).get('url')})"
                )
    if report.get("earl:result", {}).get("earl:outcome") != "pass" and not violations:
        violations.append("Ace's overall result is not a pass")
    return violations


COLLECTION = ROOT / "tests" / "fixtures" / "collection" / "issue-5.book.toml"


@pytest.mark.parametrize(
    "source",
    [
        SAMPLE,
        ARTICLE,
        COLLECTION,
        FIXTURES / "tables.md",
        FIXTURES / "agitator.md",
        FIXTURES / "stachka-spravochnik.md",
    ],
    ids=[
        "sample",
        "markdown-with-headings-notes-image",
        "collection-of-four-texts-in-two-languages",
        "tables",
        "a-picture-among-words",
        "a-contents-in-the-text-and-a-sidebar",
    ],
)
def test_ace_finds_no_violations(source, tmp_path):
    epub = build(source, tmp_path / "book", "epub", "pdf")["epub"]  # with its PDF: its page list too
    assert b'epub:type="page-list"' in zipfile.ZipFile(epub).read("EPUB/nav.xhtml")
    assert ace_violations(epub, tmp_path / "ace") == []
