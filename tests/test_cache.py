"""The disk cache gives back what was computed, keyed by everything it depends on."""

from __future__ import annotations

from publish.cache import cached_bytes


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
