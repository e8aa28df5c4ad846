"""``confero send-camera-reminders``: remind authors of accepted papers of missing camera-ready items."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from confero.camera import reminders
from confero.phases.services import current
from confero.workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Remind the authors of every accepted paper whose camera-ready lacks something (final PDF, licence, "
        "consent, presenter, attendance, poster, video of remote presenters, slides of orals), through the "
        "outbox. Each paper's authors get at most one reminder per day (UTC); papers past their deadline and "
        "workshops whose camera-ready step is not open are skipped. Run it once a day from cron."
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
            if not phase.camera_ready_open:
                self.stdout.write(
                    f"{ws.slug}: skipped (the {phase.get_kind_display().lower()} phase is running)"
                )
                continue
            try:
                result = reminders.send_reminders(ws, actor=None)
            except ValidationError as exc:
                self.stdout.write(f"{ws.slug}: skipped ({' '.join(exc.messages)})")
                continue
            self.stdout.write(
                f"{ws.slug}: reminded the authors of {len(result.sent)} paper(s); "
                f"{len(result.recent)} already reminded today; {len(result.closed)} past their deadline; "
                f"{result.complete} complete"
            )
