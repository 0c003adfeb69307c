"""How a long layout is run: room on the frame stack, fewer garbage collections."""

from __future__ import annotations

import gc
import resource

import pytest

from publish.writers.interpreter import call_with_headroom, fewer_collections


def _deep(depth: int) -> int:
    return _deep(depth - 1) + 1 if depth else 0


def _recursions_of_every_depth() -> None:
    for _ in range(200):
        for depth in range(300):
            _deep(depth)


def _page_faults(function) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_recursion_through_the_headroom_frame_maps_no_memory_again_and_again():
    """Without the headroom, calls that cross the edge of a frame-stack chunk map and unmap
    it each time (a page fault each); with it, recursions of every depth up to 300 stay in
    one chunk."""
    plain = _page_faults(_recursions_of_every_depth)
    if plain < 1_000:
        pytest.skip(f"this Python keeps its frame chunks ({plain} page faults without the headroom)")
    assert _page_faults(lambda: call_with_headroom(_recursions_of_every_depth)) < plain / 10


def test_the_headroom_frame_returns_what_it_calls_and_lets_errors_through():
    assert call_with_headroom(lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        call_with_headroom(lambda: 1 / 0)


def test_collections_are_rarer_inside_and_as_before_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= 50_000
    assert gc.get_threshold() == before
