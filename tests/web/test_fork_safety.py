"""A process forked from a multi-threaded web worker (the PDF check of an upload, the open-science checks)
must never close the database connections of the worker's other threads.

Found by the deadline-rush bench on SQLite: one acknowledged submission of 505 was missing from the
database (its PDF stored, its row gone). In a forked child, Python drops the thread-local storage of
every thread but the forking one, and the next garbage collection there finalizes those threads'
connection objects: ``sqlite3_close`` in the child, which rolls back a transaction another thread has
open in the parent, in the WAL index that both processes share. The guard keeps every connection
referenced across a fork, so a child never finalizes one."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from django.db import connection, connections, transaction

from confero.engine.sandbox import run_limited
from confero.web import fork_safety

pytestmark = pytest.mark.django_db(transaction=True)


def _live(refs) -> int:
    gc.collect()  # what the child's next allocation-heavy work would do anyway
    return sum(1 for r in refs if r() is not None)


def test_a_forked_child_does_not_finalize_another_threads_open_connection():
    assert fork_safety.installed()
    refs, in_txn, release = [], threading.Event(), threading.Event()

    def other_thread():  # a request of the same worker, in the middle of a transaction
        try:
            with transaction.atomic():
                connection.cursor().execute("SELECT 1")
                refs.append(weakref.ref(connections[connection.alias]))  # this thread's wrapper
                in_txn.set()
                release.wait(30)
        finally:
            connections.close_all()

    t = threading.Thread(target=other_thread)
    t.start()
    try:
        assert in_txn.wait(30)
        assert run_limited(_live, refs, cpu_seconds=5) == 1  # in the child: still there, never closed
    finally:
        release.set()
        t.join()


def test_nothing_stays_pinned_in_the_parent_after_a_fork():
    run_limited(int, "1", cpu_seconds=5)
    assert fork_safety.pinned_count() == 0
