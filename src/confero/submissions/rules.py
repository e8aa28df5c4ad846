"""Whether a person may change a submission now — and if not, why (HotCRP's "why not").

The services raise what these functions return; views ask them before showing a form, so a page never
offers an edit that saving would refuse.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from confero import permissions
from confero.phases.services import current as current_phase

from .deadlines import DeadlinePassed, SubmissionClosed, check_deadline, deadline_info


def edits_as_organizer(user, submission) -> bool:
    """Organizers edit any time — except their own submissions, where they are authors like the others."""
    return permissions.can(user, "submission.edit_anytime", submission)


def edit_refusal(submission, user, now: dt.datetime | None = None) -> Exception | None:
    """None when ``user`` may edit ``submission`` at ``now``; otherwise the error saving would raise. Who
    may edit at all is the permission table's ``submission.edit``; this adds the time rules."""
    if submission.is_withdrawn:
        return ValidationError("A withdrawn submission cannot be edited.")
    reason = permissions.why_not(user, "submission.edit", submission)
    if reason:
        return PermissionDenied(reason)
    organizer = edits_as_organizer(user, submission)
    if organizer:
        return None
    if not getattr(user, "email_verified", False):
        return ValidationError(
            "Verify your e-mail address first: open the link we e-mailed you, or ask for a new one on "
            "your profile page.",
            code="unverified",
        )
    info = deadline_info(submission)
    running = current_phase(submission.workshop, now)
    if not running.authors_can_submit and not (info and info.extended):
        return SubmissionClosed(
            "This submission can no longer be changed: the workshop is in its "
            f"{running.get_kind_display().lower()} phase."
        )
    try:
        check_deadline(submission, now)
    except DeadlinePassed as exc:
        return exc
    return None
