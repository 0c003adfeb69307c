"""publish build --executor dask://…: 24 sources built by a local Dask cluster of two workers,
the same editions byte for byte as a local build, and a worker killed mid-build loses nothing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.cli import cli

distributed = pytest.importorskip("dask.distributed", reason="the cluster tests need publish-editions[dask]")

FORMATS = ["-f", "epub", "-f", "html", "-f", "fb2"]
TOPICS = ["стачка", "профсоюз", "зарплата", "аренда", "пенсия", "смена"]


def _sources(folder: Path, count: int = 24) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        paragraphs = "\n\n".join(
            f"Абзац {k + 1} заметки номер {number + 1}: рабочие обсуждают, что такое «{topic}» сегодня — и что"
            f" делать дальше, если {topic} снова станет предметом торга.[^{k + 1}]"
            for k in range(3 + number % 4)
        )
        notes = "\n".join(f"[^{k + 1}]: Примечание {k + 1} к заметке {number + 1}." for k in range(3 + number % 4))
        (folder / f"note-{number:02}.md").write_text(
            f'---\ntitle: "Заметка {number + 1}: {topic}"\nauthor: Редакция\ndate: 2024-0{1 + number % 9}-1{number % 10}\n---\n\n'
            f"{paragraphs}\n\n## Итог\n\nКоротко о главном.\n\n{notes}\n",
            encoding="utf-8",
        )


def _editions(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as running:
        yield running


def test_a_cluster_builds_the_same_editions_as_this_machine_and_survives_a_killed_worker(
    cluster, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _sources(tmp_path / "source")
    runner = CliRunner()
    local = runner.invoke(cli, ["build", "-q", "-j", "2", "-o", "local", *FORMATS])
    assert local.exit_code == 0, local.output
    address = cluster.scheduler_address.replace("tcp://", "dask://")

    with distributed.Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
        killer = threading.Thread(target=_kill_one_when_building, args=(tmp_path / "remote", list(pids.values())[0]))
        killer.start()
        remote = runner.invoke(cli, ["build", "--executor", address, "-o", "remote", *FORMATS])
        killer.join()
        client.wait_for_workers(2, timeout=60)
        assert set(client.run(os.getpid).values()) != set(pids.values())  # a worker did die, and came back
    assert remote.exit_code == 0, remote.output
    assert "72 editions of 24 sources built" in remote.output
    assert _editions(tmp_path / "remote") == _editions(tmp_path / "local")  # byte for byte, nothing half written
    again = runner.invoke(cli, ["build", "--executor", address, "-o", "remote", *FORMATS])
    assert "24 unchanged" in again.output  # stamped as a local build stamps


def _kill_one_when_building(out: Path, pid: int) -> None:
    """Kill a worker once the first source's editions are in: the others are mid-build."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and any(out.glob("*.epub"))):
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def test_a_cluster_that_cannot_be_reached_or_named_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _sources(tmp_path / "source", 2)
    runner = CliRunner()
    wrong = runner.invoke(cli, ["build", "--executor", "dask://nowhere"])
    assert wrong.exit_code == 1 and "is not local or dask://HOST:PORT" in wrong.output
    monkeypatch.setattr("publish.cluster.CONNECT_SECONDS", 2)
    down = runner.invoke(cli, ["build", "--executor", "dask://127.0.0.1:9", *FORMATS])
    assert down.exit_code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in down.output
    assert "Traceback" not in down.output and not (tmp_path / "dist").exists()
