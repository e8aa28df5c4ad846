"""``confero serve``: serve Confero on 127.0.0.1:8000 (migrating first if needed).

A threaded development-grade server (Django's runserver without auto-reload) with static files served by
WhiteNoise, so it works with DEBUG off. For production use gunicorn behind a proxy (docs/operators.md).
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


class Command(BaseCommand):
    help = "Serve Confero (default http://127.0.0.1:8000/); applies pending migrations first."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations")

    def handle(self, *args, host, port, no_migrate, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
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
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        self.stdout.write(f"Confero is serving at http://{shown}:{port}/  (Ctrl+C to stop)")
        addr = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        call_command("runserver", addr, use_reloader=False, use_threading=True, skip_checks=True)
