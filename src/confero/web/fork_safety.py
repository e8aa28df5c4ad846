"""Database connections and ``fork()``: a child never closes the connections of its parent's threads.

Confero forks short-lived children from its web workers (the limited PDF check of every upload, the
open-science checks at idle priority: :mod:`confero.engine.sandbox`), and a gunicorn worker has several
threads, each with its own connection. In the child only the forking thread survives; Python drops the
other threads' thread-local storage, and the child's next garbage collection finalizes their connection
objects. For SQLite that is ``sqlite3_close`` in the child: a transaction another thread has open in
the parent is rolled back there, in the WAL index both processes share (measured: one acknowledged
submission of 505 lost in the deadline-rush bench). PostgreSQL's driver checks the process id and
does not close a parent's connection, but keeping it alive is harmless there too.

The guard (installed once, by the web app's ``ready``): every connection Django opens is remembered
weakly (its wrapper); just before any fork in this process the live ones are referenced from a module global, which
the child inherits and never releases (the sandbox's children leave with ``os._exit``, finalizing
nothing); the parent lets go right after the fork.
"""

from __future__ import annotations

import os
import threading
import weakref

_connections: weakref.WeakSet = weakref.WeakSet()
_lock = threading.Lock()
_pinned: list = []
_installed = False


def _remember(sender, connection, **kwargs) -> None:
    # Django's wrapper (the driver's object, e.g. sqlite3.Connection, cannot be referenced weakly); the
    # wrapper keeps the driver's connection alive as long as it lives.
    _connections.add(connection)


def _before_fork() -> None:
    _pinned[:] = list(_connections)


def _after_fork_in_parent() -> None:
    _pinned.clear()


def install() -> None:
    """Remember every new connection and pin them all across forks (idempotent)."""
    global _installed
    from django.db.backends.signals import connection_created

    with _lock:
        if _installed:
            return
        connection_created.connect(_remember, dispatch_uid="confero.web.fork_safety")
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent)
        _installed = True


def installed() -> bool:
    return _installed


def pinned_count() -> int:
    """How many connections this process keeps referenced right now (0 in a parent between forks)."""
    return len(_pinned)
