"""``confero send-review-reminders``: remind reviewers of unfinished reviews (run daily from cron)."""

from __future__ import annotations

from confero.reviews import services
from confero.workshops.management.reminder_command import ReminderCommand


class Command(ReminderCommand):
    help = (
        "Remind every reviewer with unfinished reviews (not started or draft) by e-mail, through the outbox. "
        "Each reviewer gets at most one reminder per day (UTC), however often this runs; workshops whose "
        "running phase does not let reviewers review are skipped. Run it once a day from cron."
    )
    phase_flag = "reviewers_can_review"

    def send(self, workshop):
        return services.send_reminders(workshop, actor=None)

    def summary(self, result) -> str:
        return f"reminded {len(result.sent)} reviewer(s); {len(result.recent)} already reminded today"
