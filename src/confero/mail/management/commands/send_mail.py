"""``confero send-mail``: deliver what the outbox has due (for cron when no Celery broker runs)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from confero.mail import services


class Command(BaseCommand):
    help = (
        "Send mails that are due: queued ones whose delivery was lost, failed ones whose retry time has "
        "come, and ones a crashed attempt left half-way. Run it every minute from cron when "
        "CELERY_BROKER_URL is not set (with a broker, Celery beat does this)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many mails per run")

    def handle(self, *args, limit: int, **options):
        counts = services.send_due(limit=limit)
        self.stdout.write(
            f"sent {counts['sent']}, failed {counts['failed']} (retried later), "
            f"released {counts['released']} stale attempt(s)"
        )
