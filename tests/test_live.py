"""publish preview --live, as an editor uses it: a real server, a real browser, files saved."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from browser import Browser
from conftest import ROOT, SAMPLE

FRAME_TEXT = "(document.getElementById('web').contentDocument?.body?.innerText ?? '').replaceAll('\\u00ad', '')"


@contextmanager
def live_preview(project: Path, source: str, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`publish preview --live` serving `source` of `project`; its address."""
    scratch = project.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    server = subprocess.Popen(
        [sys.executable, "-m", "publish", "preview", "--live", "--port", "0", *options, source],
        cwd=project, env=environment, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = server.stderr.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address, line + server.stderr.read()
        yield address.group(), server
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        assert not list(scratch.iterdir())  # the preview's own folder is gone with it


def fetched(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read()


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "shown.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_saved_change_shows_in_the_page_within_two_seconds_and_in_the_pdf_after_its_build(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    source = project / "source" / SAMPLE.name
    shutil.copy(SAMPLE, source)
    browser = Browser(tmp_path / "chromium")
    try:
        with live_preview(project, f"source/{SAMPLE.name}") as (address, _):
            browser.open(address)
            browser.wait_for(f"{FRAME_TEXT}.includes('Казахстан') && document.body.dataset.pdf === '1'", 60)
            browser.wait_for("[...document.images].every(picture => picture.complete && picture.naturalWidth > 0)", 30)
            first_page = fetched(address + "page?n=1")

            text = source.read_text(encoding="utf-8")
            title = text.splitlines()[3]
            source.write_text(text.replace(title, "Правленый заголовок статьи", 1), encoding="utf-8")
            seconds = browser.wait_for(f"{FRAME_TEXT}.includes('Правленый заголовок')", 10)
            print(f"the web page showed the change after {seconds:.2f} s")
            assert seconds < 2, f"the web page showed the change after {seconds:.2f} s"
            assert browser.evaluate("document.body.dataset.web") == "2"  # rebuilt once, for one save

            browser.wait_for("document.body.dataset.pdf === '2'", 60)
            browser.wait_for("[...document.images].every(picture => picture.complete && picture.naturalWidth > 0)", 30)
            assert "Правленый заголовок" in pdf_text(fetched(address + "edition.pdf"), tmp_path)
            assert fetched(address + "page?n=1") != first_page  # the title is on page 1
            assert browser.evaluate("document.images.length") >= 3  # every page is shown
            report = browser.evaluate("document.getElementById('report').innerText")
            assert "lines composed" in report  # the composition report beside the pages
            assert all(url.startswith((address, "data:")) for url in browser.requested()), browser.requested()
    finally:
        browser.close()


def test_a_failed_build_shows_its_error_in_the_page_and_other_files_rebuild_nothing(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    source = project / "source" / "note.md"
    good = "---\ntitle: Заметка\n---\n\nПервый вариант текста заметки.\n"
    source.write_text(good, encoding="utf-8")
    (project / "source" / "other.md").write_text("# Другая\n\nДругой текст.\n", encoding="utf-8")
    browser = Browser(tmp_path / "chromium", width=390)
    try:
        with live_preview(project, "source/note.md") as (address, _):
            browser.open(address)
            browser.wait_for("document.body.dataset.pdf === '1'", 60)

            source.write_text(good.replace("title: Заметка", "date: 31 февраля"), encoding="utf-8")
            browser.wait_for("!document.getElementById('problem').hidden", 10)
            problem = browser.evaluate("document.getElementById('problem').innerText")
            assert "note.md" in problem and "date" in problem, problem
            assert "Первый вариант" in browser.evaluate(FRAME_TEXT)  # the last good page stays on show

            source.write_text(good.replace("Первый", "Второй"), encoding="utf-8")
            browser.wait_for(f"{FRAME_TEXT}.includes('Второй вариант')", 10)
            browser.wait_for("document.getElementById('problem').hidden", 10)
            browser.wait_for("document.body.dataset.pdf === '2'", 60)

            (project / "source" / "other.md").write_text("# Другая\n\nИзменённый текст.\n", encoding="utf-8")
            time.sleep(1.5)  # time enough for a rebuild, were one made
            assert fetched(address + "state").count(b'"web": 2') == 1  # the other text is not this one's

            try:  # another site's page, its name pointed at 127.0.0.1, gets nothing
                urllib.request.urlopen(urllib.request.Request(address + "web", headers={"Host": "evil.example"}))
                raise AssertionError("served to another host")
            except urllib.error.HTTPError as error:
                assert error.code == 403
    finally:
        browser.close()


def test_a_live_preview_refuses_a_folder_and_a_bad_setting(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Текст.\n", encoding="utf-8")
    run = [sys.executable, "-m", "publish", "preview", "--live", "--port", "0"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    folder = subprocess.run([*run, "source"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert folder.returncode == 1 and "one source file" in folder.stderr and "Traceback" not in folder.stderr
    (tmp_path / "publish.toml").write_text('page_size = "A4"\n', encoding="utf-8")
    setting = subprocess.run([*run, "source/a.md"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert setting.returncode == 2 and "page-size" in setting.stderr
