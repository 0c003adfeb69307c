"""The disk cache gives back what was computed, keyed by everything it depends on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from publish.cache import SEAL, cached_bytes

from conftest import SAMPLE


def test_cached_results_come_back_and_keys_separate_them(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(tmp_path))
    calls = []

    def compute(value: bytes):
        def run() -> bytes:
            calls.append(value)
            return value

        return run

    assert cached_bytes("kind", ["a", b"1"], compute(b"first")) == b"first"
    assert cached_bytes("kind", ["a", b"1"], compute(b"other")) == b"first"  # from the disk
    assert cached_bytes("kind", ["a1", b""], compute(b"second")) == b"second"  # ("a","1") ≠ ("a1","")
    assert calls == [b"first", b"second"]


def test_an_unusable_cache_folder_costs_only_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(blocker / "cache"))
    assert cached_bytes("kind", ["x"], lambda: b"value") == b"value"
    monkeypatch.setenv("PUBLISH_CACHE_DIR", "off")
    assert cached_bytes("kind", ["x"], lambda: b"fresh") == b"fresh"


def test_poisoned_entries_are_discarded_and_never_read(tmp_path):
    """Whatever is planted under an entry's name (a link to a private key, a file of other
    content, a pipe) or in place of a kind's folder (a link out of the cache) is not used: the
    editions come out byte for byte as from a clean cache, with nothing of the planted files,
    and the entries read are written anew as this machine's own. (Before: the key went into
    the EPUB's colophon, and the pipe hung the build.)"""
    cache = tmp_path / "cache"
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY----- secret-key-material\n")
    environment = {**os.environ, "PUBLISH_CACHE_DIR": str(cache)}

    def built(out: Path) -> dict[str, bytes]:
        command = [sys.executable, "-m", "publish", "build", str(SAMPLE), "-o", str(out)]
        command += ["-f", "epub", "-f", "pdf", "-f", "fb2", "-f", "kepub"]
        result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}

    clean = built(tmp_path / "clean")
    kinds = {folder.name: sorted(folder.iterdir()) for folder in cache.iterdir() if folder.is_dir()}
    assert {"covers", "fonts", "font-licences"} <= kinds.keys()
    planted: list[Path] = []
    for kind, entries in kinds.items():
        if kind == "covers":
            outside = tmp_path / "elsewhere"  # the whole folder linked out, with a cover of its own
            outside.mkdir()
            for entry in entries:
                (outside / entry.name).write_bytes(b"planted cover")
            shutil.rmtree(cache / kind)
            (cache / kind).symlink_to(outside)
            continue
        for entry, poison in zip(entries, ("link", "file", "pipe"), strict=False):
            entry.unlink()
            if poison == "link":
                entry.symlink_to(secret)
            elif poison == "file":
                entry.write_bytes(b"p { background: url(http://example.org/x.png) }")
            else:
                os.mkfifo(entry)
            planted.append(entry)
    poisoned = built(tmp_path / "poisoned")
    assert poisoned == clean
    assert not any(b"secret-key-material" in data or b"example.org" in data for data in poisoned.values())
    assert secret.read_text().startswith("-----BEGIN")  # the link's target untouched
    read = [entry for entry in planted if entry.parent.name in ("fonts", "font-licences")]  # (others are read
    assert len(read) >= 4  # only to make these)
    assert [entry for entry in read if entry.is_symlink() or not entry.read_bytes().startswith(SEAL)] == []
    assert {path.read_bytes() for path in (tmp_path / "elsewhere").iterdir()} == {b"planted cover"}
