"""Many machines: each source's build sent to a Dask cluster (`publish build --executor
dask://HOST:PORT`), for an archive of thousands of texts rebuilt after a theme change.

A worker builds one source into a scratch folder of its own and hands back the editions'
bytes, what the build said and which files it read; this process writes a source's editions
into the folder of editions (all of them or none, as a local build does) and stamps them. So
nothing is ever half written, and a worker lost mid-build (killed, its machine gone) costs
only time: Dask gives its sources to another worker, and nothing had been written for them.

Workers read the sources at the paths this machine gives: every worker must see the project
at the same path (a shared folder, or the same repository checked out at the same place) and
run the same publish, libraries and fonts. A worker whose publish differs from this one's is
refused by its digest (publish.cache.tool_digest), since its editions would differ from a
local build's. Dask is an optional extra (`pip install 'publish-editions[dask]'`), imported
only here, only when asked for.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from publish.batch import Outcome, captured_records, failure
from publish.build import BuildOptions, build_unstamped, stamp
from publish.errors import PublishError
from publish.themes import Theme
from publish.writers.atomic import all_or_none, remove_leftovers, write_atomically

log = logging.getLogger("publish")
SCHEME = "dask://"
CONNECT_SECONDS = 20
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)  # what a build reads from its environment, sent with each task


@dataclass
class Built:
    """What a worker hands back for one source."""

    outcome: Outcome
    editions: dict[str, bytes] = field(default_factory=dict)  # file name → its bytes
    loaded: set[Path] = field(default_factory=set)
    tool: str = ""  # the worker's publish and libraries (publish.cache.tool_digest)


def scheduler_address(executor: str) -> str:
    """`dask://HOST:PORT` as Dask names it (tcp://HOST:PORT); a PublishError if it is not one."""
    rest = executor.removeprefix(SCHEME)
    host, _, port = rest.rpartition(":")
    if not executor.startswith(SCHEME) or not host or not port.isdigit():
        raise PublishError(f"--executor: {executor!r} is not local or dask://HOST:PORT")
    return f"tcp://{rest}"


_ONE_AT_A_TIME = threading.Lock()  # a build runs in the folder it was asked from (below)


def asked_environment() -> dict[str, str]:
    """The environment a build reads (publish.build.build_time), as this machine has it."""
    return {name: os.environ[name] for name in ENVIRONMENT if name in os.environ}


def build_on_worker(
    path: Path, options: BuildOptions, theme: Theme, debug: bool, folder: str, environment: dict[str, str]
) -> Built:
    """On a worker: build one source into a scratch folder; its editions as bytes. The build
    runs in `folder`, the one publish was run in, so that every relative path (the source, the
    project, the theme's files) means what it meant there, and with the `environment` it was
    asked with (SOURCE_DATE_EPOCH dates the editions); one build at a time in a worker process
    (a build holds the interpreter anyway: run workers with one thread each)."""
    with _ONE_AT_A_TIME:
        before, saved = os.getcwd(), {name: os.environ.get(name) for name in ENVIRONMENT}
        try:
            os.chdir(folder)
        except OSError as error:
            message = f"this worker cannot see the project's folder {folder} ({error.strerror}): share it"
            return Built(Outcome(path, "failed", error=str(PublishError(message, path))))
        for name in ENVIRONMENT:
            os.environ.pop(name, None)
        os.environ.update(environment)
        try:
            return _built_here(path, options, theme, debug)
        finally:
            os.chdir(before)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _built_here(path: Path, options: BuildOptions, theme: Theme, debug: bool) -> Built:
    from publish.cache import tool_digest

    with tempfile.TemporaryDirectory(prefix="publish-worker-") as scratch, captured_records() as records:
        try:
            written, loaded = build_unstamped(path, replace(options, out_dir=Path(scratch)), theme)
            editions = {file.name: file.read_bytes() for file in written}
            return Built(Outcome(path, "built", len(written), records=records), editions, loaded, tool_digest())
        except Exception as error:  # noqa: BLE001 (said as the source's failure, as a local build says it)
            return Built(failure(path, error, debug, records), tool=tool_digest())


def build_on_cluster(
    paths: list[Path],
    plans: list[BuildOptions],
    theme: Theme,
    executor: str,
    debug: bool,
    unchanged: Callable[[Path], Outcome],
) -> Iterator[Outcome]:
    """An outcome for each source, in order, each stale one built on the cluster."""
    address = scheduler_address(executor)
    try:
        from dask.distributed import Client
    except ImportError:
        raise PublishError("--executor dask:// needs Dask: pip install 'publish-editions[dask]'") from None
    from publish.cache import tool_digest

    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise PublishError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    ours, asked = tool_digest(), asked_environment()
    with client:
        futures: list[Any] = [
            client.submit(build_on_worker, path, plan, theme, debug, os.getcwd(), asked, pure=False)
            if plan.formats
            else None
            for path, plan in zip(paths, plans, strict=True)
        ]
        for path, plan, future in zip(paths, plans, futures, strict=True):
            if future is None:
                yield unchanged(path)
                continue
            built: Built = future.result()
            if built.tool != ours:
                yield Outcome(path, "failed", error=str(PublishError(
                    "a worker runs another publish, libraries or fonts than this machine: its editions would"
                    " differ from a local build (install the same on every worker)", path)))  # fmt: skip
            elif built.outcome.status == "built":
                yield _written(path, plan, theme, built)
            else:
                yield built.outcome


def _written(path: Path, options: BuildOptions, theme: Theme, built: Built) -> Outcome:
    """A worker's editions written here, all or none, and stamped as a local build stamps them."""
    out = options.out_dir
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        if any(Path(name).name != name or name.startswith(".") for name in built.editions):
            raise PublishError("a worker sent back a file name that is not an edition's")
        with all_or_none():
            for name, data in sorted(built.editions.items()):
                write_atomically(out / name, data)
    except (OSError, PublishError) as error:
        return Outcome(path, "failed", error=str(PublishError(f"cannot write its editions: {error}", path)))
    stamp(path, options, theme, built.loaded)
    built.outcome.records += [(logging.INFO, f"wrote {out / name}") for name in sorted(built.editions)]
    return built.outcome
