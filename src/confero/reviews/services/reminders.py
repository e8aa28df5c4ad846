"""Reminding reviewers of unfinished reviews, by an organizer's click or by ``confero
send-review-reminders`` from cron.

A reviewer is reminded at most once a day (per UTC calendar day, so a daily cron job is never skipped for
a few seconds' jitter), through the outbox, with an audit record. Unfinished = assigned to an active paper,
not in conflict with it, and the review not submitted (not started or a draft). Reminders go out only
while the running phase lets reviewers review.

When an organizer sends them, only reviewers with unfinished reviews of papers *that organizer oversees*
are chosen (so what they see — who was reminded — says nothing about papers they are in conflict with);
the mail lists all of the reviewer's unfinished papers. The audit record names the reviewer, not papers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.conflicts.models import Conflict
from confero.mail.services import queue_template
from confero.matching.models import Assignment
from confero.phases.services import current as current_phase
from confero.submissions.models import DeclaredConflict, Submission

from ..models import Review, ReviewReminder
from .writing import review_deadline


@dataclass
class ReminderResult:
    sent: list = field(default_factory=list)  # users reminded now
    recent: list = field(default_factory=list)  # users already reminded today


def unfinished(workshop):
    """Assignments whose review is not submitted, on active papers, without a conflict (a queryset)."""
    confirmed = Conflict.objects.filter(
        workshop=workshop,
        person=OuterRef("reviewer"),
        submission=OuterRef("submission"),
        status=Conflict.Status.CONFIRMED,
    )
    declared = DeclaredConflict.objects.filter(person=OuterRef("reviewer"), submission=OuterRef("submission"))
    return (
        Assignment.objects.filter(workshop=workshop, submission__status=Submission.Status.SUBMITTED)
        .exclude(review__status=Review.Status.SUBMITTED)
        .annotate(confirmed=Exists(confirmed), declared=Exists(declared))
        .filter(confirmed=False, declared=False)
        .select_related("submission", "reviewer", "review")
        .order_by("reviewer_id", "submission__number")
    )


def _start_of_day(now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time.min, tzinfo=dt.UTC)


def _claim(workshop, reviewer, now: dt.datetime) -> bool:
    """Take today's reminder slot of ``reviewer`` (False when they were reminded today already)."""
    taken = ReviewReminder.objects.filter(
        workshop=workshop, reviewer=reviewer, last_sent_at__lt=_start_of_day(now)
    ).update(last_sent_at=now, sent_count=F("sent_count") + 1)
    if taken:
        return True
    if ReviewReminder.objects.filter(workshop=workshop, reviewer=reviewer).exists():
        return False
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(workshop=workshop, reviewer=reviewer, last_sent_at=now)
    except IntegrityError:  # another run created it a moment ago
        return False
    return True


def reminder_times(workshop) -> dict[int, dt.datetime]:
    """reviewer id -> when they were last reminded."""
    return dict(ReviewReminder.objects.filter(workshop=workshop).values_list("reviewer_id", "last_sent_at"))


def send_reminders(workshop, *, actor=None, reviewers=None, now=None) -> ReminderResult:
    """Remind reviewers (all with unfinished reviews, or those of ``reviewers`` — user ids). ``actor`` is
    the organizer who asked (None for the cron command)."""
    now = now or timezone.now()
    if actor is not None:
        permissions.require(actor, "review.remind", workshop, now=now)
    phase = current_phase(workshop, now)
    if not phase.reviewers_can_review:
        raise ValidationError(
            f"Reviewers cannot write reviews in the {phase.get_kind_display().lower()} phase, so no reminders "
            "are sent (open reviewing in the phase settings first)."
        )
    rows = unfinished(workshop)
    if reviewers is not None:
        rows = rows.filter(reviewer_id__in=list(reviewers))
    by_reviewer: dict[int, list[Assignment]] = defaultdict(list)
    for a in rows:
        by_reviewer[a.reviewer_id].append(a)
    if actor is not None:
        seen = {a.submission_id: a.submission for items in by_reviewer.values() for a in items}
        for s in seen.values():
            s.workshop = workshop
        overseen = {s.pk for s in permissions.allowed(actor, "assignment.view", seen.values(), now=now)}
        by_reviewer = {
            r: items for r, items in by_reviewer.items() if any(a.submission_id in overseen for a in items)
        }
    deadline = review_deadline(workshop)
    result = ReminderResult()
    for items in by_reviewer.values():
        reviewer = items[0].reviewer
        with transaction.atomic():
            if not _claim(workshop, reviewer, now):
                result.recent.append(reviewer)
                continue
            papers = [
                {"number": a.submission.number, "title": a.submission.title, "status": _status(a)}
                for a in items
            ]
            queue_template(
                reviewer.email,
                "reviews/mail/reminder.txt",
                {
                    "workshop": workshop,
                    "reviewer": reviewer,
                    "papers": papers,
                    "deadline": deadline,
                    "late": deadline is not None and deadline.has_passed(now),
                    "path": reverse("reviews:mine", args=[workshop.slug]),
                },
                kind="review_reminder",
                workshop=workshop,
            )
            record(
                "review.reminded",
                actor=actor,
                workshop=workshop,
                obj=reviewer,
                summary=f"reminded {reviewer.email} of unfinished reviews"
                + (" (daily reminder)" if actor is None else ""),
            )
        result.sent.append(reviewer)
    return result


def _status(assignment: Assignment) -> str:
    review = getattr(assignment, "review", None)
    return "draft saved, not submitted" if review is not None else "not started"
