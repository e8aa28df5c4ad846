"""Whether a person may change a submission now — and if not, why (HotCRP's "why not").

The services raise what these functions return; views ask them before showing a form, so a page never
offers an edit that saving would refuse.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from confero.people.permissions import is_organizer
from confero.phases.services import current as current_phase

from .deadlines import DeadlinePassed, SubmissionClosed, check_deadline, deadline_info


def is_author(user, submission) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return submission.authors.filter(user=user).exists()


def edits_as_organizer(user, submission) -> bool:
    """Organizers edit any time — except their own submissions, where they are authors like the others."""
    organizer = bool(getattr(user, "is_superuser", False)) or is_organizer(user, submission.workshop)
    return organizer and not is_author(user, submission)


def edit_refusal(submission, user, now: dt.datetime | None = None) -> Exception | None:
    """None when ``user`` may edit ``submission`` at ``now``; otherwise the error saving would raise."""
    organizer = edits_as_organizer(user, submission)
    if not organizer and not is_author(user, submission):
        return PermissionDenied("only the submission's authors and the workshop's organizers may edit it")
    if submission.is_withdrawn:
        return ValidationError("A withdrawn submission cannot be edited.")
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
