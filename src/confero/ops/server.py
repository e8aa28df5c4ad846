"""Serving Confero with gunicorn, in the process of ``confero serve`` (no second program to install).

Sizing: the work of a request is mostly CPU (password hashing ~0.25 s for a login, PDF checks for an
upload), so processes, not threads, bring throughput; threads (gthread workers) keep a slow upload from
blocking a whole worker. The defaults are 2 processes per CPU core (at least 2, at most 8) with 4 threads
each, on SQLite and PostgreSQL alike: SQLite queues concurrent writers (BEGIN IMMEDIATE with a busy
timeout, settings.py), PostgreSQL takes one connection per busy thread. See docs/operators.md.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


DEFAULT_THREADS = 4
DEFAULT_TIMEOUT = 60  # seconds a worker may spend on one request before it is restarted


@dataclass(frozen=True)
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0  # 0: default_workers()
    threads: int = DEFAULT_THREADS
    timeout: int = DEFAULT_TIMEOUT
    access_log: bool = False

    @property
    def bind(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def gunicorn_settings(self) -> dict:
        return {
            "bind": [self.bind],
            "workers": self.workers or default_workers(),
            "worker_class": "gthread" if self.threads > 1 else "sync",
            "threads": self.threads,
            "timeout": self.timeout,
            "graceful_timeout": 10,
            # Idle HTTP/1.1 connections stay open 5 s (gunicorn's default is 2): a client whose next
            # request is late would otherwise send it into a connection the server just closed.
            "keepalive": 5,
            "accesslog": "-" if self.access_log else None,
            # One line per request with the time the worker spent on it (ms) and its process id.
            "access_log_format": '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s',
            "errorlog": "-",
            "loglevel": "info",
            "preload_app": True,  # Django is set up once in the master; workers fork with it loaded
            "proc_name": "confero",
            # Several servers may run on one machine (tests, benchmarks): no shared control socket.
            "control_socket_disable": True,
            "worker_exit": _worker_exit,
        }


def _worker_exit(server, worker) -> None:
    """gunicorn's hook in a worker that has finished: leave at once with the worker's exit status.

    The worker has answered its last request and closed its sockets; what is left is the interpreter's
    own teardown of the whole preloaded application, which takes seconds on a busy machine and delays
    every stop and restart. Database connections are closed properly first."""
    exc = sys.exc_info()[1]
    if isinstance(exc, SystemExit):
        code = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)
    else:
        code = 0 if exc is None else 1
    try:
        from django.db import connections

        connections.close_all()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def port_problem(host: str, port: int) -> str:
    """A sentence if ``host:port`` cannot be bound (in use, no permission), else ''."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return ""


class _Gunicorn(BaseApplication):
    def __init__(self, application, settings: dict):
        self._application = application
        self._settings = settings
        super().__init__()

    def load_config(self):
        for key, value in self._settings.items():
            if key in self.cfg.settings and value is not None:  # older gunicorns lack some settings
                self.cfg.set(key, value)

    def load(self):
        return self._application


def _warm_up_checks() -> None:
    """With checks after upload running in this server (no Celery), load what they use once in the
    master: every worker, and every check child a worker forks, then starts with it."""
    from confero.bidding.jobs import uses_celery
    from confero.checks import jobs, runner

    if jobs.on_upload() and not uses_celery():
        runner.warm_up()


def serve_forever(options: ServerOptions) -> None:
    """Run gunicorn with Confero's WSGI application until Ctrl+C / SIGTERM (then workers finish their
    requests for up to 10 s). Exits the process when gunicorn stops (gunicorn calls sys.exit)."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    application = get_wsgi_application()
    _warm_up_checks()
    connections.close_all()  # never share a database connection with the forked workers
    _Gunicorn(application, options.gunicorn_settings()).run()
