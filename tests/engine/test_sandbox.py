"""The child process that runs untrusted parsing: results and exceptions come back, limits hold."""

from __future__ import annotations

import os
import time

import pytest

from confero.engine.sandbox import LimitExceeded, run_limited


def _add(a, b, *, c=0):
    return {"sum": a + b + c, "pid": os.getpid()}


def test_result_comes_back_from_another_process():
    out = run_limited(_add, 1, 2, c=3, cpu_seconds=1)
    assert out["sum"] == 6 and out["pid"] != os.getpid()


def test_exceptions_come_back_as_they_were():
    def fail():
        raise ValueError("bad input at line 3")

    with pytest.raises(ValueError, match="bad input at line 3"):
        run_limited(fail, cpu_seconds=1)


def test_an_endless_computation_is_stopped_by_the_cpu_limit():
    def spin():
        while True:
            pass

    t0 = time.monotonic()
    with pytest.raises(LimitExceeded) as exc:
        run_limited(spin, cpu_seconds=1)
    assert exc.value.kind == "cpu"
    assert time.monotonic() - t0 < 30


def test_allocating_too_much_is_stopped_by_the_memory_limit():
    def hog():
        return len(bytearray(2_000_000_000))

    with pytest.raises(LimitExceeded) as exc:
        run_limited(hog, cpu_seconds=5, memory_bytes=200_000_000)
    assert exc.value.kind == "memory"


def test_a_child_that_dies_is_reported_as_a_crash():
    with pytest.raises(LimitExceeded) as exc:
        run_limited(os.abort, cpu_seconds=1)
    assert exc.value.kind == "crash" and "SIGABRT" in exc.value.detail


def test_waiting_is_bounded_by_the_wall_clock():
    with pytest.raises(LimitExceeded) as exc:
        run_limited(time.sleep, 30, cpu_seconds=1, wall_seconds=0.5)
    assert exc.value.kind == "wall"


def test_a_result_that_cannot_be_sent_back_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="could not be sent back"):
        run_limited(lambda: lambda: None, cpu_seconds=1)


def test_a_niced_child_runs_at_lower_priority_and_the_parent_keeps_its_own():
    import os

    from confero.engine.sandbox import run_limited

    before = os.nice(0)
    assert run_limited(os.nice, 0, cpu_seconds=5, nice=7) == before + 7
    assert os.nice(0) == before
