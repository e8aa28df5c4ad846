"""Run a function on untrusted input in a child process with a CPU-time and memory limit.

A PDF reader can be made to work for minutes or to allocate gigabytes by a small hostile file (a
compressed content stream shared by every page, arrays nested in a page dictionary, streams that
decompress to 75 MB each). Checking such a file in the web worker itself would block the worker; in a
forked child the kernel stops it: ``RLIMIT_CPU`` ends it after ``cpu_seconds`` of computing time
(not wall time, so a busy server does not make a good file fail), ``RLIMIT_AS`` makes allocations
beyond ``memory_bytes`` fail with MemoryError. The child shares the parent's memory copy-on-write,
so the input is not copied; only the (small) result is pickled back through a pipe.

Where ``os.fork`` is missing (Windows) or fails (no memory for a new process), the function runs in
the calling process without limits: the result is the same, only the protection is missing.
Pure Python; no Django.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["LimitExceeded", "run_limited"]

T = TypeVar("T")

# Write ends of the pipes of children still running, in this process. A child forked by another thread
# meanwhile inherits them and closes them first thing: a copy left open in a slow child (a background
# check at nice 19) would keep the parent of a quick child (a submit's PDF check) from ever seeing the
# end of its answer (measured in the deadline-rush bench: a submit refused after 60 s, "could not finish
# checking the PDF in time"). Answers are also framed by their length, so no parent waits for the end
# of a pipe once its child has answered.
_open_writers: set[int] = set()
_writers_lock = threading.Lock()  # a number is added and removed with its pipe's creation and closing
_LENGTH = struct.Struct("<Q")


class LimitExceeded(Exception):
    """The child went over a limit or died. ``kind`` is "cpu", "memory", "wall" or "crash"."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind} limit exceeded" + (f": {detail}" if detail else ""))
        self.kind = kind
        self.detail = detail


class _ChildFailed(RuntimeError):
    """An exception in the child that could not be sent back as it was (not picklable)."""


def _virtual_memory() -> int | None:
    """This process's current address-space size in bytes (Linux), or None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_child(cpu_seconds: int, memory_bytes: int | None, nice: int = 0) -> None:
    import faulthandler
    import resource

    if nice:
        os.nice(nice)  # background work yields the CPU to the server's requests
    if nice >= 19 and hasattr(os, "SCHED_IDLE"):
        # The lowest class there is (Linux): the child runs only on a core that would otherwise idle,
        # where nice 19 still takes a small share from every busy request.
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    faulthandler.disable()  # a child stopped on purpose is reported by the parent, not as a crash dump
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    # The parent's Python handlers (a gunicorn worker's: SIGTERM means "finish your requests") would
    # keep a child alive when the server stops; a child simply ends.
    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed child leaves no core file behind
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    current = _virtual_memory()
    if memory_bytes is not None and current is not None:
        resource.setrlimit(resource.RLIMIT_AS, (current + memory_bytes, current + memory_bytes))


def _child(
    write_fd: int, fn: Callable, args: tuple, kwargs: dict, cpu_seconds: int, memory_bytes, nice: int = 0
) -> None:
    status = 0
    for fd in list(_open_writers):  # other children's pipes (see _open_writers); no lock: one thread
        if fd != write_fd:
            with contextlib.suppress(OSError):
                os.close(fd)
    try:
        _limit_child(cpu_seconds, memory_bytes, nice)
        try:
            outcome = ("ok", fn(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", None)
        except BaseException as exc:  # sent to the parent, which raises it there
            outcome = ("raise", exc)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            detail = (
                "".join(traceback.format_exception(outcome[1]))
                if outcome[0] == "raise"
                else f"the result could not be sent back: {exc!r}"
            )
            payload = pickle.dumps(("raise", _ChildFailed(detail)))
        with os.fdopen(write_fd, "wb") as fh:
            fh.write(_LENGTH.pack(len(payload)) + payload)
    except MemoryError:
        status = 3
    except BaseException:
        status = 70
    finally:
        os._exit(status)  # never run the parent's atexit handlers, never touch its connections


def _read_all(fd: int, pid: int, wall_seconds: float) -> tuple[bytes, bool]:
    """The child's answer (without its length prefix; what was read when the child ended before
    answering in full), and whether the wall-clock limit cut it off. Reading stops as soon as the
    answer is complete, without waiting for the end of the pipe."""
    buf, deadline, need = bytearray(), time.monotonic() + wall_seconds, None
    while need is None or len(buf) < need:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            return bytes(buf[_LENGTH.size :]), True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        buf += chunk
        if need is None and len(buf) >= _LENGTH.size:
            need = _LENGTH.size + _LENGTH.unpack_from(buf)[0]
    return bytes(buf[_LENGTH.size :]), False


def run_limited(
    fn: Callable[..., T],
    *args: Any,
    cpu_seconds: int,
    memory_bytes: int | None = None,
    wall_seconds: float = 60.0,
    nice: int = 0,
    **kwargs: Any,
) -> T:
    """``fn(*args, **kwargs)`` computed in a forked child limited to ``cpu_seconds`` (whole seconds, at
    least 1) of CPU time and ``memory_bytes`` more address space than the parent has; its result or its
    exception comes back as if called here. Raises :class:`LimitExceeded` when the child goes over a
    limit, runs longer than ``wall_seconds`` or dies. ``fn``'s result and exceptions must be
    picklable; ``fn`` must not use the parent's database connections or open files for writing.
    ``nice`` > 0 lowers the child's scheduling priority (background work that must not slow requests);
    19 also puts it in Linux's idle scheduling class (it runs only when a core has nothing else to do)."""
    cpu_seconds = max(1, int(cpu_seconds))
    if not hasattr(os, "fork"):
        return fn(*args, **kwargs)
    with _writers_lock:
        read_fd, write_fd = os.pipe()
        _open_writers.add(write_fd)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        with _writers_lock:
            os.close(write_fd)
            _open_writers.discard(write_fd)
        return fn(*args, **kwargs)
    if pid == 0:  # pragma: no cover - runs in the child (coverage does not follow os._exit)
        os.close(read_fd)
        _child(write_fd, fn, args, kwargs, cpu_seconds, memory_bytes, nice)
    with _writers_lock:
        os.close(write_fd)
        _open_writers.discard(write_fd)
    try:
        payload, cut_off = _read_all(read_fd, pid, wall_seconds)
    finally:
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    if cut_off:
        raise LimitExceeded("wall", f"more than {wall_seconds:g} s")
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            raise LimitExceeded("cpu", f"more than {cpu_seconds} s of CPU time")
        raise LimitExceeded("crash", f"the child was stopped by signal {signal.Signals(sig).name}")
    if os.WEXITSTATUS(status) == 3:
        raise LimitExceeded("memory", f"more than {memory_bytes} bytes")
    try:
        kind, value = pickle.loads(payload)
    except Exception:
        raise LimitExceeded("crash", f"the child ended with status {os.WEXITSTATUS(status)}") from None
    if kind == "ok":
        return value
    if kind == "memory":
        raise LimitExceeded("memory", f"more than {memory_bytes} bytes")
    raise value
