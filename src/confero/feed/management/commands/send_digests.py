"""``confero send-digests``: queue the paper-feed digests that are due (for cron without Celery)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from confero.feed import digests


class Command(BaseCommand):
    help = (
        "Mail each confirmed digest subscriber whose daily or weekly digest is due the new papers of their "
        "topics (never a paper twice). Run it hourly from cron when CELERY_BROKER_URL is not set."
    )

    def handle(self, *args, **options):
        counts = digests.send_digests()
        self.stdout.write(
            f"checked {counts['checked']} subscriber(s), mailed {counts['mailed']} digest(s) "
            f"with {counts['papers']} paper(s)"
        )
