"""``confero send-review-reminders``: remind reviewers of unfinished reviews (run daily from cron)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from confero.phases.services import current
from confero.reviews import services
from confero.workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Remind every reviewer with unfinished reviews (not started or draft) by e-mail, through the outbox. "
        "Each reviewer gets at most one reminder per day (UTC), however often this runs; workshops whose "
        "running phase does not let reviewers review are skipped. Run it once a day from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workshop", metavar="SLUG", help="only this workshop (default: every published one)"
        )

    def handle(self, *args, workshop: str | None, **options):
        if workshop:
            workshops = list(Workshop.objects.filter(slug=workshop))
            if not workshops:
                raise CommandError(f"no workshop with slug {workshop!r}")
        else:
            workshops = list(Workshop.objects.filter(is_published=True).order_by("slug"))
        for ws in workshops:
            phase = current(ws)
            if not phase.reviewers_can_review:
                self.stdout.write(
                    f"{ws.slug}: skipped (the {phase.get_kind_display().lower()} phase is running)"
                )
                continue
            try:
                result = services.send_reminders(ws, actor=None)
            except ValidationError as exc:
                self.stdout.write(f"{ws.slug}: skipped ({' '.join(exc.messages)})")
                continue
            self.stdout.write(
                f"{ws.slug}: reminded {len(result.sent)} reviewer(s); "
                f"{len(result.recent)} already reminded today"
            )
