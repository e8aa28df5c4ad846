"""The shape every ``confero send-…-reminders`` command shares: the workshops to visit (one, or every
published one), skipping those whose running phase does not call for the reminders, one line per workshop.

A command sets ``phase_flag`` (the :class:`~confero.phases.models.Phase` flag that must be on) and
implements ``send(workshop)`` (the app's reminder service) and ``summary(result)``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from confero.phases.services import current
from confero.workshops.models import Workshop


class ReminderCommand(BaseCommand):
    phase_flag: str = ""

    def send(self, workshop):
        raise NotImplementedError

    def summary(self, result) -> str:
        raise NotImplementedError

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
            if not getattr(phase, self.phase_flag):
                self.stdout.write(
                    f"{ws.slug}: skipped (the {phase.get_kind_display().lower()} phase is running)"
                )
                continue
            try:
                result = self.send(ws)
            except ValidationError as exc:
                self.stdout.write(f"{ws.slug}: skipped ({' '.join(exc.messages)})")
                continue
            self.stdout.write(f"{ws.slug}: {self.summary(result)}")
