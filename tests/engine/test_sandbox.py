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


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux's idle scheduling class")
def test_a_nice_19_child_runs_in_the_idle_class_and_the_parent_does_not():
    def policy():
        return os.sched_getscheduler(0)

    assert run_limited(policy, cpu_seconds=5, nice=19) == os.SCHED_IDLE
    assert run_limited(policy, cpu_seconds=5, nice=7) == os.SCHED_OTHER
    assert os.sched_getscheduler(0) == os.SCHED_OTHER


def test_a_slow_child_forked_by_another_thread_does_not_hold_up_a_quick_one(monkeypatch):
    """Found by the deadline-rush bench: a submit's PDF check (a quick child) waited 60 s and was refused
    "could not finish in time" because a background check child (slow, nice 19), forked by another
    thread of the same worker while the quick child's pipe was open, had inherited the pipe's write end,
    so the quick call's read never saw the end of its child's answer. Here the slow child is forked in
    exactly that window."""
    import threading

    from confero.engine import sandbox

    real_fork = os.fork
    slow_forked = threading.Event()
    state = {"first": True}
    slow_result = {}

    def slow():
        time.sleep(15)
        return "slow"

    def slow_thread():
        slow_result["value"] = run_limited(slow, cpu_seconds=5, wall_seconds=60)

    def fork_and_let_another_thread_fork():
        pid = real_fork()
        if pid and state.pop("first", False):  # the quick call, in the parent: its pipe is open here
            threading.Thread(target=slow_thread, daemon=True).start()
            assert slow_forked.wait(10)
        elif pid and not slow_forked.is_set():
            slow_forked.set()
        return pid

    monkeypatch.setattr(sandbox.os, "fork", fork_and_let_another_thread_fork)
    assert run_limited(_add, 1, 2, cpu_seconds=2, wall_seconds=8)["sum"] == 3


def test_a_child_ends_on_sigterm_even_when_the_parent_handles_it(monkeypatch):
    import signal

    def handler(signum, frame):  # like a gunicorn worker: finish what you are doing
        pass

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        assert run_limited(signal.getsignal, signal.SIGTERM, cpu_seconds=5) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, previous)
