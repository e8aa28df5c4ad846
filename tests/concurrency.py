"""Run callables in threads that start together — how the concurrency tests make two saves collide."""

from __future__ import annotations

import threading

from django.db import connection


def run_together(funcs, *, timeout: float = 120):
    """Call every function in its own thread (own database connection), all released at once by a
    barrier; return their results in order, with an exception in place of a result that raised."""
    results = [None] * len(funcs)
    barrier = threading.Barrier(len(funcs))

    def worker(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # collected for the assertions
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return results
