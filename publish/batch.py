"""Many sources at once: the unchanged ones skipped, the rest built on every core, and what
each build said reported in the order of the sources, as if they had been built one by one.

Each source is built in its own process (a fork of this one: the pipeline's modules are
already loaded), its log records kept and handed back with its result; the parent says them,
source by source, in order. One job, or one source, builds in this process as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import traceback
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from publish.build import BuildOptions, build_source, stale_formats
from publish.errors import PublishError
from publish.themes import Theme

log = logging.getLogger("publish")


@dataclass
class Outcome:
    source: Path
    status: str  # "built", "unchanged" or "failed"
    written: int = 0
    error: str = ""
    records: list[tuple[int, str]] = field(default_factory=list)  # (level, message) the build logged


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_all(
    paths: list[Path],
    options: BuildOptions,
    theme: Theme,
    *,
    force: bool = False,
    jobs: int = 1,
    debug: bool = False,
    executor: str = "local",
) -> Iterator[Outcome]:
    """An outcome for each source, in the order of `paths`; `executor`: "local" (processes
    here) or dask://HOST:PORT (publish.cluster)."""
    # Each source with the formats to build: all with --force, else those not made yet or stale.
    plans = [
        replace(options, formats=options.formats if force else stale_formats(path, options, theme)) for path in paths
    ]
    unchanged = lambda path: Outcome(path, "unchanged", records=[(logging.INFO, f"{path}: unchanged, not rebuilt")])  # noqa: E731
    stale = sum(bool(plan.formats) for plan in plans)
    if executor != "local":
        from publish.cluster import build_on_cluster

        yield from build_on_cluster(paths, plans, theme, executor, debug, unchanged)
        return
    if jobs <= 1 or stale <= 1:
        for path, plan in zip(paths, plans, strict=True):
            yield _build(path, plan, theme, debug, capture=False) if plan.formats else unchanged(path)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        min(jobs, stale), mp_context=context, initializer=_die_with, initargs=(os.getpid(),)
    ) as pool:
        planned: list[Outcome | Future] = [
            pool.submit(_build, path, plan, theme, debug, True) if plan.formats else unchanged(path)
            for path, plan in zip(paths, plans, strict=True)
        ]
        for item in planned:
            yield item if isinstance(item, Outcome) else item.result()


def _die_with(parent: int) -> None:
    """In a worker, first: be killed when the build that started it dies (SIGKILL, SIGTERM), not
    left running for ever (Linux's PR_SET_PDEATHSIG; elsewhere the pool's own handling)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _build(path: Path, options: BuildOptions, theme: Theme, debug: bool, capture: bool) -> Outcome:
    keeping: contextlib.AbstractContextManager[list[tuple[int, str]]] = (
        captured_records() if capture else contextlib.nullcontext([])
    )
    with keeping as records:
        try:
            written = len(build_source(path, options, theme))
            return Outcome(path, "built", written, records=records)
        except Exception as error:  # noqa: BLE001 (a bug in publish or a library: still build the others)
            return failure(path, error, debug, records)


def failure(path: Path, error: Exception, debug: bool, records: list[tuple[int, str]]) -> Outcome:
    """A source that failed, as the command line says it: the user's problem, or publish's."""
    if isinstance(error, PublishError):
        if error.path is None:  # a writer's limit, say: still the source's failure
            error.path = path
        return Outcome(path, "failed", error=_said(str(error), debug), records=records)
    message = str(PublishError(f"failed: {type(error).__name__}: {error}", path))
    return Outcome(path, "failed", error=_said(message, debug), records=records)


@contextlib.contextmanager
def captured_records() -> Iterator[list[tuple[int, str]]]:
    """In a worker: what a build logs, kept to go back with its result and be said in order."""
    records: list[tuple[int, str]] = []
    logger = logging.getLogger("publish")
    saved = logger.handlers[:]
    logger.handlers[:] = [_Keeper(records)]
    try:
        yield records
    finally:
        logger.handlers[:] = saved


def _said(message: str, debug: bool) -> str:
    return f"{message}\n{traceback.format_exc()}" if debug else message


class _Keeper(logging.Handler):
    def __init__(self, records: list[tuple[int, str]]):
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))
