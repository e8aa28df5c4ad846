"""Writing a review: drafts (saved by hand or every few seconds by the page), submitting, revising.

- A draft may be incomplete; submitting needs every required answer.
- After submitting, the reviewer may revise until the review deadline: changes are kept apart
  (``Review.revision``) while others keep seeing the submitted text, until the revision is submitted as the
  next version (every submitted version is kept in ``ReviewVersion``). A review not submitted by the
  deadline may still be submitted while the phase lets reviewers review — it is counted as late.
- Concurrency as for submissions: each save names the version it was based on (0 before the first
  save); the assignment row is locked and the review written with ``UPDATE … WHERE version = expected``,
  so of two tabs saving at once one gets :class:`StaleReview` — never a silent overwrite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.matching.models import Assignment
from confero.workshops import timezones

from .. import answers as answer_rules
from ..models import Review, ReviewVersion
from .questions import questions_of


class StaleReview(ValidationError):
    """The review was saved elsewhere (another tab, another device) since the version this save is based on."""

    def __init__(self, current: int, expected: int):
        self.current = current
        super().__init__(
            f"This review was saved from another window or tab meanwhile (it is now at version {current}; "
            f"this page had version {expected}). Nothing was saved: your text is still in this form — "
            "compare it with the saved version shown below, then save again to keep yours."
        )


class ReviewClosed(ValidationError):
    """The review deadline has passed for a review that was already submitted."""


def review_deadline(workshop):
    """The workshop's review deadline (a :class:`~confero.workshops.models.Deadline`) or None."""
    return workshop.deadline("review")


def is_late(workshop, at: dt.datetime | None) -> bool:
    deadline = review_deadline(workshop)
    return deadline is not None and at is not None and at > deadline.at


def revision_closed(
    review: Review | None, workshop, now: dt.datetime | None = None, *, deadline=None
) -> str | None:
    """Why ``review`` cannot be changed any more (a submitted review after the deadline), or None. Pages
    ask this to say so at once (passing ``deadline`` when they ask for many reviews); the services check it
    again when saving."""
    try:
        _check_revisable(review, workshop, now or timezone.now(), deadline=deadline)
    except ReviewClosed as exc:
        return exc.messages[0].rstrip(".")  # pages add their own full stop, as after the table's reasons
    return None


def _check_revisable(review: Review | None, workshop, now: dt.datetime, *, deadline=None) -> None:
    if review is None or review.status != Review.Status.SUBMITTED:
        return
    deadline = deadline or review_deadline(workshop)
    if deadline is not None and deadline.has_passed(now):
        raise ReviewClosed(
            f"The review deadline passed on {timezones.format_in(deadline.at, deadline.timezone)}: a submitted "
            "review can no longer be revised. Write to the organizers if something must change."
        )


def _lock(submission, user) -> tuple[Assignment, Review | None]:
    assignment = Assignment.objects.select_for_update().filter(submission=submission, reviewer=user).first()
    if assignment is None:  # removed since the permission facts were loaded
        raise permissions.Denied("review.write", "you are not assigned to review this submission")
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    return assignment, review


def _check_version(review: Review | None, expected: int) -> None:
    current = review.version if review is not None else 0
    if current != expected:
        raise StaleReview(current, expected)


def _write(review: Review, expected: int, now: dt.datetime, **fields) -> Review:
    rows = Review.objects.filter(pk=review.pk, version=expected).update(
        version=F("version") + 1, updated_at=now, **fields
    )
    if rows != 1:  # a writer slipped in between the check and the write
        raise StaleReview(expected + 1, expected)
    review.refresh_from_db()
    return review


def _prepare(submission, user, raw: Mapping, *, complete: bool, now: dt.datetime):
    permissions.require(user, "review.write", submission, now=now)
    questions = questions_of(submission.workshop)
    return questions, answer_rules.clean(questions, raw, complete=complete)


def save_draft(submission, *, user, answers: Mapping, expected_version: int, now=None) -> Review:
    """Save what the reviewer wrote so far. For a submitted review this is an unsubmitted revision."""
    now = now or timezone.now()
    questions, cleaned = _prepare(submission, user, answers, complete=False, now=now)
    with transaction.atomic():
        assignment, review = _lock(submission, user)
        _check_version(review, expected_version)
        if review is None:
            review = Review.objects.create(
                assignment=assignment,
                submission=submission,
                reviewer=user,
                answers=cleaned,
                **answer_rules.columns(questions, cleaned),
            )
            record(
                "review.started",
                actor=user,
                workshop=submission.workshop,
                obj=review,
                summary=f"#{submission.number}: Reviewer {assignment.label} saved a first draft",
                number=submission.number,
                label=assignment.label,
            )
            return review
        _check_revisable(review, submission.workshop, now)
        if review.status == Review.Status.DRAFT:
            if cleaned == review.answers:
                return review
            return _write(
                review, expected_version, now, answers=cleaned, **answer_rules.columns(questions, cleaned)
            )
        revision = None if cleaned == review.answers else cleaned
        if revision == review.revision:
            return review
        if review.revision is None:
            record(
                "review.revision_started",
                actor=user,
                workshop=submission.workshop,
                obj=review,
                summary=f"#{submission.number}: Reviewer {assignment.label} started revising the review",
                number=submission.number,
                label=assignment.label,
            )
        return _write(review, expected_version, now, revision=revision)


def submit_review(submission, *, user, answers: Mapping, expected_version: int, now=None) -> Review:
    """Submit the review (first time) or a revision of it (until the deadline) as its next version."""
    now = now or timezone.now()
    questions, cleaned = _prepare(submission, user, answers, complete=True, now=now)
    workshop = submission.workshop
    columns = answer_rules.columns(questions, cleaned)
    with transaction.atomic():
        assignment, review = _lock(submission, user)
        _check_version(review, expected_version)
        _check_revisable(review, workshop, now)
        first = review is None or review.status == Review.Status.DRAFT
        if review is None:
            review = Review.objects.create(
                assignment=assignment,
                submission=submission,
                reviewer=user,
                status=Review.Status.SUBMITTED,
                submitted_at=now,
                answers=cleaned,
                **columns,
            )
        elif not first and cleaned == review.answers:
            # Nothing differs from the submitted version: just drop the unsubmitted changes, if any.
            return (
                _write(review, expected_version, now, revision=None)
                if review.revision is not None
                else review
            )
        else:
            review = _write(
                review,
                expected_version,
                now,
                status=Review.Status.SUBMITTED,
                submitted_at=review.submitted_at or now,
                answers=cleaned,
                revision=None,
                **columns,
            )
        number = review.versions.count() + 1
        ReviewVersion.objects.create(
            review=review, number=number, answers=cleaned, submitted_at=now, **columns
        )
        late = is_late(workshop, now)
        record(
            "review.submitted" if first else "review.revised",
            actor=user,
            workshop=workshop,
            obj=review,
            summary=f"#{submission.number}: Reviewer {assignment.label} "
            + ("submitted the review" if first else f"submitted version {number} of the review")
            + (" (after the deadline)" if late else ""),
            number=submission.number,
            label=assignment.label,
            version=number,
            late=late,
        )
    permissions.forget(user)
    return review


def discard_revision(submission, *, user, expected_version: int, now=None) -> Review:
    """Drop the unsubmitted changes to a submitted review (the submitted version stays as it is)."""
    now = now or timezone.now()
    permissions.require(user, "review.write", submission, now=now)
    with transaction.atomic():
        assignment, review = _lock(submission, user)
        _check_version(review, expected_version)
        if review is None or review.revision is None:
            return review
        review = _write(review, expected_version, now, revision=None)
        record(
            "review.revision_discarded",
            actor=user,
            workshop=submission.workshop,
            obj=review,
            summary=f"#{submission.number}: Reviewer {assignment.label} discarded unsubmitted changes",
            number=submission.number,
            label=assignment.label,
        )
    return review
