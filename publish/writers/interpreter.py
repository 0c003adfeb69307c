"""How the interpreter runs a long layout: fewer garbage collections, and room on its frame stack.

WeasyPrint lays a book out in one deep recursion of Python calls that makes millions of small
objects which all live until the PDF is written. CPython, left to its defaults, spends a
large share of such a build on two kinds of housekeeping that achieve nothing here; both
are measured in bench/books.py (a 600-page collection) and explained below.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The garbage collector runs about a hundred times less often. Each of its full passes
    walks every live box and style again for nothing: on a 600-page book it ran 3 800 times
    and cost 14 % of the build. Nothing lives longer for it: the same is freed at the end."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], 50_000), max(previous[1], 20), max(previous[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*previous)


HEADROOM_SLOTS = 8_000  # 64 KB of frame slots: a 128 KB chunk, half of it free for the frames above


def _frame_with_headroom() -> Callable[[Callable[[], T]], T]:
    """A function whose frame is large (HEADROOM_SLOTS local variables, never set), made once.

    CPython (3.11 to 3.13 at least) keeps Python frames on a stack of memory chunks, maps a
    new chunk from the system when a call does not fit in the current one and unmaps it as
    soon as the call that opened it returns. A recursion as deep as WeasyPrint's, with our
    composition's hooks in it, put a call made for every line just across a chunk's edge:
    each such call mapped and unmapped a chunk and faulted its pages in again — 126 000
    times for a 60-page book, a fifth of its build spent in the kernel. Called through this
    frame, the layout starts in a chunk with 64 KB to spare, far more than its recursion needs."""
    names = [f"_slot{number}" for number in range(HEADROOM_SLOTS)]
    source = (
        "def call_with_headroom(function):\n"
        "    if function is None:  # never true: the assignment only makes the names local\n"
        f"        {' = '.join(names)} = None\n"
        "    return function()\n"
    )
    namespace: dict = {}
    exec(compile(source, "<publish.writers.interpreter>", "exec"), namespace)  # noqa: S102
    return namespace["call_with_headroom"]


def _call(function: Callable[[], T]) -> T:
    return function()


# CPython fixed the chunk churn upstream (gh-142183, gh-145789) for 3.15; tests/test_interpreter.py
# probes for it (it skips where plain recursions no longer fault) and docs/upstream.md says when
# this goes: when the oldest Python publish supports has the fix.
HEADROOM_NEEDED = sys.version_info < (3, 15)
call_with_headroom: Callable[[Callable[[], T]], T] = _frame_with_headroom() if HEADROOM_NEEDED else _call
