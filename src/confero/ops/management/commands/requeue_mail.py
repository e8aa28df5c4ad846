"""``confero requeue-mail``: queue delivery again for mail a crash left undelivered."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from confero.ops.outbox import DEFAULT_OLDER_THAN, requeue, stale_mail


class Command(BaseCommand):
    help = (
        "Queue delivery again for outbox mail still 'queued' after a grace period (left by a crash of the "
        "web server or a Celery worker); with --failed also mail whose delivery failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=DEFAULT_OLDER_THAN,
            help=f"only mail stored at least this many seconds ago (default {DEFAULT_OLDER_THAN})",
        )
        parser.add_argument("--failed", action="store_true", help="also retry mail marked failed")
        parser.add_argument("--dry-run", action="store_true", help="only count")

    def handle(self, *args, older_than, failed, dry_run, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more seconds")
        ids = list(stale_mail(older_than=older_than, include_failed=failed).values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"would queue {len(ids)} mail(s) again")
            return
        report = requeue(ids)
        for mail_id, error in report.failed_to_queue:
            self.stderr.write(f"mail {mail_id}: could not be queued: {error}")
        self.stdout.write(f"queued {len(report.requeued)} mail(s) again")
        if report.failed_to_queue:
            raise CommandError(f"{len(report.failed_to_queue)} mail(s) could not be queued")
