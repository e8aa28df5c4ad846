"""The two checks every assignment change makes — conflict of interest and load — for whole runs
(all pairs at once) and for one pair (hand edits, emergency reviewers).

A pair (submission, person) is a conflict when the person wrote the paper, the authors declared the
conflict, or a conflict row is confirmed (and, if asked, when one awaits an organizer's decision) — the
same facts the permission table uses.
"""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError


def conflict_pairs(workshop, *, potential: bool) -> tuple[np.ndarray, np.ndarray]:
    """(submission pks, user pks) of every conflicted pair of the workshop (duplicates possible)."""
    from confero.conflicts.models import Conflict
    from confero.submissions.models import DeclaredConflict, SubmissionAuthor

    statuses = [Conflict.Status.CONFIRMED] + ([Conflict.Status.POTENTIAL] if potential else [])
    parts = [
        Conflict.objects.filter(workshop=workshop, status__in=statuses).values_list(
            "submission_id", "person_id"
        ),
        DeclaredConflict.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "person_id"
        ),
        SubmissionAuthor.objects.filter(submission__workshop=workshop, user__isnull=False).values_list(
            "submission_id", "user_id"
        ),
    ]
    rows = [pair for part in parts for pair in part]
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.asarray(rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def conflict_reason(submission, user, *, potential: bool = True) -> str | None:
    """Why ``user`` may not review ``submission`` because of a conflict (None: no conflict)."""
    from confero.conflicts.models import Conflict
    from confero.submissions.models import DeclaredConflict, SubmissionAuthor

    if SubmissionAuthor.objects.filter(submission=submission, user=user).exists():
        return f"{user} is an author of #{submission.number}"
    if DeclaredConflict.objects.filter(submission=submission, person=user).exists():
        return f"the authors of #{submission.number} declared a conflict with {user}"
    status = (
        Conflict.objects.filter(submission=submission, person=user).values_list("status", flat=True).first()
    )
    if status == Conflict.Status.CONFIRMED:
        return f"{user} has a confirmed conflict with #{submission.number}"
    if status == Conflict.Status.POTENTIAL and potential:
        return f"{user} has a potential conflict with #{submission.number} awaiting an organizer's decision"
    return None


def require_pc(workshop, user) -> None:
    from confero.people.models import Role

    if not Role.objects.filter(workshop=workshop, user=user, kind=Role.Kind.PC).exists():
        raise ValidationError({"reviewer": f"{user} is not on the program committee of {workshop}"})


def max_load(workshop, user, default: int) -> int:
    from confero.committee.models import CommitteeMember

    value = (
        CommitteeMember.objects.filter(workshop=workshop, user=user)
        .values_list("max_load", flat=True)
        .first()
    )
    return default if value is None else int(value)


def require_no_conflict(submission, user, *, potential: bool = True) -> None:
    reason = conflict_reason(submission, user, potential=potential)
    if reason:
        raise ValidationError({"reviewer": f"conflict of interest: {reason}"})


def require_load(user, current: int, maximum: int, *, over_load_ok: bool = False) -> None:
    if current >= maximum and not over_load_ok:
        raise ValidationError(
            {
                "reviewer": f"{user} already has {current} paper(s), their maximum is {maximum} (assign anyway: "
                "tick “over the maximum load”)"
            }
        )
