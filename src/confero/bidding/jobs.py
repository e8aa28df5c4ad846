"""Background jobs (affinity computations, matching runs): a Celery task when a broker is configured,
otherwise a thread of the web process, started after the transaction that asked for it commits.

A job proves it is alive with a heartbeat (a timestamp on its row, written every
:data:`HEARTBEAT_SECONDS` by a small thread while the job works). A job whose heartbeat is older than
:func:`stale_after` died with its process (server restart, killed worker): whoever looks at it next marks
it failed, and the organizer re-runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0


def setting(name: str, default):
    """A Django setting, else the environment variable of the same name, else ``default``."""
    return getattr(settings, name, None) or os.environ.get(name) or default


def stale_after() -> dt.timedelta:
    """A running job silent for this long is dead (``CONFERO_JOB_STALE_SECONDS``, default 60)."""
    return dt.timedelta(seconds=float(setting("CONFERO_JOB_STALE_SECONDS", 60)))


def queued_stale_after() -> dt.timedelta:
    """A job nobody started for this long is lost (``CONFERO_JOB_QUEUED_STALE_SECONDS``, default 900)."""
    return dt.timedelta(seconds=float(setting("CONFERO_JOB_QUEUED_STALE_SECONDS", 900)))


def uses_celery() -> bool:
    return bool(settings.CELERY_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def this_thread() -> str:
    return f"thread {socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def start(task_path: str, *args) -> None:
    """Run the Celery task at ``task_path`` (dotted, e.g. ``confero.matching.tasks.run``) with ``args`` in
    the background once the current transaction commits. Tasks take ids."""

    def go() -> None:
        task = import_string(task_path)
        if uses_celery():
            import confero.web.celery  # noqa: F401  (the project's Celery app, configured from the settings)

            try:
                task.delay(*args)
                return
            except Exception as exc:  # broker down: do the work here rather than not at all
                log.warning("task broker unreachable (%s): running %s in a thread", exc, task.name)
        threading.Thread(
            target=_in_thread, args=(task, args), daemon=True, name=f"confero {task.name}"
        ).start()

    transaction.on_commit(go)


def _in_thread(task, args) -> None:
    close_old_connections()
    try:
        task.run(*args)
    except Exception:  # the job records its own failure; this is for the server log
        log.exception("background job %s%r failed", task.name, args)
    finally:
        connection.close()


class Heartbeat:
    """``with Heartbeat(beat):`` calls ``beat()`` every few seconds from a thread until the block ends
    (or ``beat`` returns False: the job was cancelled or marked dead). Only for jobs running in the
    background: the beat writes from its own database connection."""

    def __init__(self, beat, every: float | None = None):
        self.beat, self.every = beat, every or HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    if not self.beat():
                        return
                except Exception:
                    log.exception("heartbeat failed")
        finally:
            connection.close()

    def __enter__(self) -> Heartbeat:
        self._thread = threading.Thread(target=self._loop, daemon=True, name="confero heartbeat")
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every * 4)
