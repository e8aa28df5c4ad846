"""Whether new submissions are taken now — for the call for papers, the submit page and the service alike.

Open means: the running phase lets authors submit, submissions have opened, and the submission deadline
has not passed (the deadline second itself is still in time: 23:59:59 AoE is accepted, 00:00:00 is not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from confero.workshops import timezones

from .services import current


@dataclass(frozen=True)
class SubmissionWindow:
    is_open: bool
    reason: str  # why it is closed, in words ("" when open)
    not_yet: bool  # closed because submissions have not opened yet
    passed: bool  # closed because the submission deadline has passed
    opens: object | None  # the workshops.Deadline rows, when set
    closes: object | None


def submission_window(workshop, now: dt.datetime | None = None) -> SubmissionWindow:
    now = (now or timezone.now()).replace(microsecond=0)
    deadlines = {d.kind: d for d in workshop.deadlines.all()}
    opens, closes = deadlines.get("submission_open"), deadlines.get("submission")
    phase = current(workshop, now)

    def closed(reason: str, not_yet: bool = False, passed: bool = False) -> SubmissionWindow:
        return SubmissionWindow(False, reason, not_yet, passed, opens, closes)

    if not phase.authors_can_submit:
        return closed(
            f"Submissions to {workshop} are closed: the workshop is in its {phase.get_kind_display().lower()} phase."
        )
    if opens is not None and now < opens.at:
        return closed(
            f"Submissions to {workshop} open on {timezones.format_in(opens.at, opens.timezone)}.",
            not_yet=True,
        )
    if closes is not None and now > closes.at:
        return closed(
            f"Submissions to {workshop} closed on {timezones.format_in(closes.at, closes.timezone)}.",
            passed=True,
        )
    return SubmissionWindow(True, "", False, False, opens, closes)
