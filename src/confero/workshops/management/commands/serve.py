"""``confero serve``: serve Confero with gunicorn on 127.0.0.1:8000 (migrating first if needed).

Static files are served by WhiteNoise, so it works with DEBUG off and without a separate web server;
behind a reverse proxy for HTTPS in production (docs/operators.md). ``--dev`` runs Django's development
server with auto-reload instead (for working on Confero itself).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def pending_migrations() -> bool:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _positive(name: str, value: int, upper: int) -> None:
    if not 0 < value <= upper:
        raise CommandError(f"--{name} must be between 1 and {upper}, not {value}")


class Command(BaseCommand):
    help = "Serve Confero with gunicorn (default http://127.0.0.1:8000/); applies pending migrations first."

    def add_arguments(self, parser):
        from confero.ops.server import DEFAULT_THREADS, DEFAULT_TIMEOUT, default_workers

        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help=f"worker processes (default 2 per CPU core, here {default_workers()})",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=DEFAULT_THREADS,
            help=f"threads per worker (default {DEFAULT_THREADS})",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=DEFAULT_TIMEOUT,
            help=f"seconds one request may take before its worker is restarted (default {DEFAULT_TIMEOUT})",
        )
        parser.add_argument("--access-log", action="store_true", help="print one line per request")
        parser.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations")
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Django's development server with auto-reload (one process; not for real use)",
        )

    def handle(self, *args, host, port, no_migrate, dev=False, **options):
        from confero.ops.server import ServerOptions, port_problem, serve_forever

        _positive("port", port, 65535)
        workers, threads, timeout = options["workers"], options["threads"], options["timeout"]
        _positive("workers", workers, 64)
        _positive("threads", threads, 64)
        _positive("timeout", timeout, 3600)
        if not no_migrate and pending_migrations():
            self.stdout.write("Applying database migrations ...")
            call_command("migrate", interactive=False, verbosity=0)
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing
        if "whitenoise.middleware.WhiteNoiseMiddleware" not in settings.MIDDLEWARE:
            self.stderr.write("warning: WhiteNoise is not in MIDDLEWARE; static files will not be served")
        allowed = settings.ALLOWED_HOSTS
        if host not in ("127.0.0.1", "localhost", "::1") and "*" not in allowed and host not in allowed:
            self.stderr.write(
                f"note: requests must use a host name in ALLOWED_HOSTS ({', '.join(allowed)}); "
                "set the ALLOWED_HOSTS environment variable to serve other names"
            )
        problem = port_problem(host, port)
        if problem:
            raise CommandError(f"{problem} (another server running? choose another --port)")
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        server = ServerOptions(
            host=host,
            port=port,
            workers=workers,
            threads=threads,
            timeout=timeout,
            access_log=bool(options.get("access_log")),
        )
        if dev:
            self.stdout.write(f"Confero (development server) at http://{shown}:{port}/  (Ctrl+C to stop)")
            call_command("runserver", server.bind, use_reloader=True, use_threading=True, skip_checks=True)
            return
        gun = server.gunicorn_settings()
        self.stdout.write(
            f"Confero is serving at http://{shown}:{port}/  (gunicorn, {gun['workers']} workers x "
            f"{gun['threads']} threads; Ctrl+C to stop)"
        )
        self.stdout.flush()
        serve_forever(server)
