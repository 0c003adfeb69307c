"""Editions reach their names whole or not at all, even when a build is killed."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publish.errors import PublishError
from publish.writers.atomic import TEMP_PREFIX, remove_leftovers, write_atomically

from conftest import ROOT, SAMPLE


def test_write_replaces_the_target_whole(tmp_path):
    target = tmp_path / "book.epub"
    target.write_bytes(b"old")
    write_atomically(target, b"new edition")
    assert target.read_bytes() == b"new edition"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_a_failed_write_leaves_the_previous_edition_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "book.epub"
    target.write_bytes(b"old")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PublishError, match="book.epub: cannot write the edition: disk full"):
        write_atomically(target, b"new")  # said for its editor, not as an OSError
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path):
    leftover = tmp_path / f"{TEMP_PREFIX}book.epub.x1y2.part"
    leftover.write_bytes(b"half")
    (tmp_path / "keep.epub").write_bytes(b"x")
    assert remove_leftovers(tmp_path) == [leftover]
    assert [p.name for p in tmp_path.iterdir()] == ["keep.epub"]


def test_a_build_running_beside_keeps_its_temporary_file(tmp_path):
    """Two builds into one folder: the second sweeps only what dead builds left."""
    import subprocess
    import sys

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        in_flight = tmp_path / f"{TEMP_PREFIX}book.epub.{other.pid}.ab12cd.part"
        in_flight.write_bytes(b"being written")
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        abandoned = tmp_path / f"{TEMP_PREFIX}book.pdf.{dead.stdout.strip()}.ef34gh.part"
        abandoned.write_bytes(b"half")
        assert remove_leftovers(tmp_path) == [abandoned]
        assert in_flight.exists()
    finally:
        other.kill()
        other.wait()
    assert remove_leftovers(tmp_path) == [in_flight]


def test_builds_killed_midway_never_leave_a_partial_edition(tmp_path):
    """SIGKILL builds at several moments; dist/ only ever holds complete editions."""
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "publish", "build", str(SAMPLE), "-o", str(out), "-q"]
    complete = subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    assert complete.returncode == 0
    editions = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    for delay in (0.3, 0.8, 1.2):
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in (path for path in out.iterdir() if path.is_file()):
            if path.name.startswith(TEMP_PREFIX):
                continue
            assert path.read_bytes() == editions[path.name], f"{path.name} changed after a kill at {delay}s"
    subprocess.run(command, cwd=ROOT, check=True)
    assert sorted(path.name for path in out.iterdir() if path.is_file()) == sorted(editions)


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_build_leaves_no_worker_running(tmp_path):
    """A build of several sources on two cores, killed (SIGKILL, then SIGTERM): its worker
    processes go with it (before: each kill left them running for ever)."""
    sources = tmp_path / "source"
    sources.mkdir()
    for number in range(6):
        (sources / f"text-{number}.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for kill in (signal.SIGKILL, signal.SIGTERM):
        command = [sys.executable, "-m", "publish", "build", str(sources), "-o", str(tmp_path / "dist"), "-j", "2"]
        process = subprocess.Popen(
            command + ["--force"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        workers: set[int] = set()
        for _ in range(100):  # until both workers run
            workers = _children(process.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert len(workers) >= 2
        process.send_signal(kill)
        process.wait()
        for _ in range(100):
            if not any(_alive(pid) for pid in workers):
                break
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), f"workers left running after {kill.name}"
