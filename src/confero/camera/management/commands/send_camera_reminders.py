"""``confero send-camera-reminders``: remind authors of accepted papers of missing camera-ready items."""

from __future__ import annotations

from confero.camera import reminders
from confero.workshops.management.reminder_command import ReminderCommand


class Command(ReminderCommand):
    help = (
        "Remind the authors of every accepted paper whose camera-ready lacks something (final PDF, licence, "
        "consent, presenter, attendance, poster, video of remote presenters, slides of orals), through the "
        "outbox. Each paper's authors get at most one reminder per day (UTC); papers past their deadline and "
        "workshops whose camera-ready step is not open are skipped. Run it once a day from cron."
    )
    phase_flag = "camera_ready_open"

    def send(self, workshop):
        return reminders.send_reminders(workshop, actor=None)

    def summary(self, result) -> str:
        return (
            f"reminded the authors of {len(result.sent)} paper(s); {len(result.recent)} already reminded "
            f"today; {len(result.closed)} past their deadline; {result.complete} complete"
        )
