"""Changes to published assignments — for the matching pages and the reviews pages alike.

    add_reviewer(actor, submission, reviewer, origin="emergency")   # new label after the paper's others
    remove_assignment(actor, assignment)    # refused once the review is submitted; a draft goes with it
    move_assignment(actor, assignment, reviewer)                    # remove + add, one transaction
    candidates_for(submission)              # PC members with affinity, bid, load, conflict, for a picker
    loads(workshop)                         # reviewer id -> number of assignments

Each checks ``assignment.edit`` on the paper, conflicts (confirmed, declared by the authors, authorship,
and potential ones awaiting a decision) and the member's maximum load (``over_load_ok`` to go beyond it),
is audited with the paper's number, mails the reviewer concerned and refreshes their permissions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.bidding.inputs import DEFAULT_MAX_LOAD

from . import checks, notify
from .candidates import Candidate, candidates
from .labels import next_labels
from .models import Assignment, MatchingRun
from .params import RunParams


def loads(workshop) -> dict[int, int]:
    return dict(
        Assignment.objects.filter(workshop=workshop)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )


def default_max_load(workshop) -> int:
    """The default maximum load of the published run (the workshop default before any)."""
    run = MatchingRun.objects.filter(workshop=workshop, published_at__isnull=False).first()
    return RunParams.from_json(run.params).default_max_load if run else DEFAULT_MAX_LOAD


def candidates_for(submission) -> list[Candidate]:
    """Every PC member for ``submission`` given the published assignments, eligible and best first."""
    assigned = set(Assignment.objects.filter(submission=submission).values_list("reviewer_id", flat=True))
    run = MatchingRun.objects.filter(workshop_id=submission.workshop_id, published_at__isnull=False).first()
    return candidates(
        submission,
        loads=loads(submission.workshop),
        assigned=assigned,
        default_max_load=default_max_load(submission.workshop),
        run=run,
    )


@transaction.atomic
def add_reviewer(
    actor,
    submission,
    reviewer,
    *,
    origin: str = Assignment.Origin.EMERGENCY,
    over_load_ok: bool = False,
    notify_reviewer: bool = True,
) -> Assignment:
    """Assign ``reviewer`` to ``submission`` now (an emergency reviewer, or a hand-made assignment)."""
    from confero.submissions.models import Submission

    permissions.require(actor, "assignment.edit", submission)
    submission = Submission.objects.select_for_update().select_related("workshop").get(pk=submission.pk)
    workshop = submission.workshop
    if submission.is_withdrawn:
        raise ValidationError(f"#{submission.number} was withdrawn")
    if origin not in (Assignment.Origin.EMERGENCY, Assignment.Origin.MANUAL):
        raise ValidationError({"origin": "an assignment added by hand is 'emergency' or 'manual'"})
    checks.require_pc(workshop, reviewer)
    labels = set(Assignment.objects.filter(submission=submission).values_list("label", flat=True))
    if Assignment.objects.filter(submission=submission, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer} already reviews #{submission.number}"})
    checks.require_no_conflict(submission, reviewer, potential=True)
    current = Assignment.objects.filter(workshop=workshop, reviewer=reviewer).count()
    maximum = checks.max_load(workshop, reviewer, default_max_load(workshop))
    checks.require_load(reviewer, current, maximum, over_load_ok=over_load_ok)
    assignment = Assignment.objects.create(
        workshop=workshop,
        submission=submission,
        reviewer=reviewer,
        label=next_labels(labels, 1)[0],
        origin=origin,
        created_by=actor,
        notified_at=timezone.now() if notify_reviewer else None,
    )
    record(
        "assignment.added",
        actor=actor,
        workshop=workshop,
        obj=assignment,
        summary=f"{reviewer} assigned to #{submission.number} as Reviewer {assignment.label} ({origin})",
        number=submission.number,
        reviewer=reviewer.pk,
        label=assignment.label,
        origin=origin,
        over_load=current >= maximum,
    )
    if notify_reviewer:
        notify.assigned(reviewer, workshop, [submission], kind="assignment.added")
    permissions.forget(reviewer)
    return assignment


@transaction.atomic
def remove_assignment(actor, assignment: Assignment, *, notify_reviewer: bool = True) -> None:
    """Take a reviewer off a paper. Refused when their review is submitted; a draft review is deleted
    with the assignment (the audit log says so)."""
    from confero.reviews.models import Review

    permissions.require(actor, "assignment.edit", assignment.submission)
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("submission", "reviewer", "workshop")
        .get(pk=assignment.pk)
    )
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.status == Review.Status.SUBMITTED:
        raise ValidationError(
            f"Reviewer {assignment.label} has submitted their review of #{assignment.submission.number}: "
            "the assignment cannot be removed"
        )
    if review is not None:
        review.delete()
    number, reviewer = assignment.submission.number, assignment.reviewer
    assignment.delete()
    record(
        "assignment.removed",
        actor=actor,
        workshop=assignment.workshop,
        obj=assignment.submission,
        summary=f"{reviewer} (Reviewer {assignment.label}) removed from #{number}"
        + (" with their draft review" if review is not None else ""),
        number=number,
        reviewer=reviewer.pk,
        label=assignment.label,
        draft_deleted=review is not None,
    )
    if notify_reviewer:
        notify.removed(reviewer, assignment.workshop, assignment.submission)
    permissions.forget(reviewer)


@transaction.atomic
def move_assignment(
    actor, assignment: Assignment, reviewer, *, over_load_ok: bool = False, notify_reviewer: bool = True
) -> Assignment:
    """Give ``assignment``'s paper to ``reviewer`` instead (the old reviewer is removed, both notified)."""
    if reviewer.pk == assignment.reviewer_id:
        raise ValidationError({"reviewer": f"{reviewer} already reviews #{assignment.submission.number}"})
    remove_assignment(actor, assignment, notify_reviewer=notify_reviewer)
    return add_reviewer(
        actor,
        assignment.submission,
        reviewer,
        origin=Assignment.Origin.MANUAL,
        over_load_ok=over_load_ok,
        notify_reviewer=notify_reviewer,
    )
