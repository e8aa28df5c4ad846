"""Where a check run executes: a Celery worker when ``CELERY_BROKER_URL`` is set, otherwise one background
thread of the web process that takes runs one at a time (so fifty uploads at the deadline do not start
fifty engines on a two-core server), or right away in the committing thread when
``CONFERO_CHECKS_INLINE`` is on. Always after the transaction that queued the run commits; the job takes
the run's id (see :func:`confero.bidding.jobs.start`, which this follows).

Settings (Django setting or environment variable):

* ``CONFERO_CHECKS_ON_UPLOAD`` (default on): queue a run for every new version of a submission;
* ``CONFERO_CHECKS_INLINE`` (default off): without a broker, run in the request after commit instead of
  the background thread;
* ``CONFERO_CHECKS_STALE_SECONDS`` (default 900): a run queued or running for longer died with its
  process; whoever looks at it next marks it failed, and an organizer re-runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connection, transaction

from confero.bidding.jobs import setting, uses_celery

log = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def flag(name: str, default: bool) -> bool:
    """A yes/no setting: the Django setting (False counts), else the environment variable, else ``default``."""
    from django.conf import settings

    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def on_upload() -> bool:
    return flag("CONFERO_CHECKS_ON_UPLOAD", True)


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(setting("CONFERO_CHECKS_STALE_SECONDS", 900)))


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="confero-checks")
        return _pool


def _in_thread(run_id: int) -> None:
    from .runner import execute

    close_old_connections()
    try:
        execute(run_id)
    except Exception:  # execute records failures on the run; this is for the server log
        log.exception("check run %s failed", run_id)
    finally:
        connection.close()


def start(run_id: int) -> None:
    """Execute check run ``run_id`` in the background once the current transaction commits."""

    def go() -> None:
        if uses_celery():
            import confero.web.celery  # noqa: F401  (the configured Celery app)

            from .tasks import run_checks

            try:
                run_checks.delay(run_id)
                return
            except Exception as exc:  # broker down: do the work here rather than not at all
                log.warning("task broker unreachable (%s): checking in a thread", exc)
        if flag("CONFERO_CHECKS_INLINE", False):
            from .runner import execute

            execute(run_id)
            return
        _executor().submit(_in_thread, run_id)

    transaction.on_commit(go)
