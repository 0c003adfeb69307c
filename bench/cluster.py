"""Benchmark (not a test): building an archive on a Dask cluster, and what 10 000 texts cost.

    .venv/bin/python bench/cluster.py [TEXTS]     # default 100; needs publish-editions[dask]

Makes TEXTS texts of a realistic length (the sample's paragraphs, shuffled, with notes), builds
them with the default formats (EPUB, PDF, and so on) on this machine with one process, then on
a local Dask cluster of one and of two workers, and prints the throughput per worker and the
cluster's overhead per text. From the single-process run's cost per text it then models a
10 000-text rebuild for 1–64 workers: cost × texts ÷ workers, plus the scheduler's measured
overhead per task, which is what a real cluster adds beyond the work itself.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "source" / "kazakhstan-2022.txt"


def make_texts(folder: Path, count: int) -> None:
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:] if p.strip()]
    generator = random.Random(7)
    folder.mkdir(parents=True)
    for number in range(count):
        chosen = generator.sample(paragraphs, k=min(len(paragraphs), 8 + number % 8))
        body = "\n\n".join(f"{paragraph}[^{k + 1}]" if k % 3 == 0 else paragraph for k, paragraph in enumerate(chosen))
        notes = "\n".join(f"[^{k + 1}]: Примечание к абзацу {k + 1}." for k in range(0, len(chosen), 3))
        (folder / f"text-{number:04}.md").write_text(
            f'---\ntitle: "Текст {number + 1}"\nauthor: Редакция\ndate: 2024-01-01\n---\n\n{body}\n\n{notes}\n',
            encoding="utf-8",
        )


def build(project: Path, out: str, *options: str) -> float:
    started = time.perf_counter()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, "-m", "publish", "build", "-q", "-o", out, *options], cwd=project,
                   env=environment, check=True)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    from dask.distributed import LocalCluster

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        make_texts(project / "source", count)
        local = build(project, "one", "-j", "1")
        per_text = local / count
        print(f"{count} texts, one process here: {local:.1f} s, {per_text:.2f} s a text")
        rates = {}
        for workers in (1, 2):
            with LocalCluster(
                n_workers=workers, threads_per_worker=1, dashboard_address=None, silence_logs=50
            ) as cluster:
                address = cluster.scheduler_address.replace("tcp://", "dask://")
                seconds = build(project, f"dask{workers}", "--executor", address)
            rates[workers] = count / seconds
            overhead = seconds * workers / count - per_text
            print(f"Dask, {workers} worker(s): {seconds:.1f} s, {rates[workers] / workers:.2f} texts/s a worker, "
                  f"overhead {overhead * 1000:+.0f} ms a text")  # fmt: skip
        overhead = max(0.0, 1 / rates[1] - per_text)
        print("\nA 10 000-text rebuild, modelled from the run above:")
        for workers in (1, 2, 8, 16, 64):
            hours = 10_000 * (per_text + overhead) / workers / 3600
            print(f"  {workers:>2} workers: {hours:5.2f} h")
        print(f"(per text: {per_text:.2f} s of work + {overhead * 1000:.0f} ms of scheduling; median of one run)")


if __name__ == "__main__":
    main()
