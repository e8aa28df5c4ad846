"""Publishing a run: its proposal becomes the workshop's assignments, and each reviewer gets one mail.

One run per workshop is published; publishing it again changes nothing and sends nothing (two
organizers pressing the button at once included: the workshop row is locked, and a database constraint
allows one published run). After that, assignments change through :mod:`.assignments`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record

from . import checks, notify
from .labels import next_labels
from .models import Assignment, MatchingRun
from .params import RunParams
from .report import hidden_submissions


@dataclass
class Published:
    run: MatchingRun
    created: int = 0
    reviewers: int = 0
    already: bool = False
    skipped: list[str] = field(default_factory=list)  # why some pairs were not published


def _blocked(run, params, actor) -> list[str]:
    """Pairs of the proposal that may not be published now (conflict found since, member left the PC)."""
    from confero.people.models import Role

    workshop = run.workshop
    sub_pks, user_pks = checks.conflict_pairs(workshop, potential=params.avoid_potential)
    conflicted = set(zip(sub_pks.tolist(), user_pks.tolist(), strict=True))
    members = set(Role.objects.filter(workshop=workshop, kind=Role.Kind.PC).values_list("user_id", flat=True))
    hidden = hidden_submissions(actor, workshop)
    problems, hidden_problems = [], 0
    for sub_pk, number, user_pk, name in run.proposals.values_list(
        "submission_id", "submission__number", "reviewer_id", "reviewer__name"
    ):
        why = ""
        if (sub_pk, user_pk) in conflicted:
            why = f"#{number}: {name} has a conflict of interest with it now"
        elif user_pk not in members:
            why = f"#{number}: {name} is no longer on the program committee"
        if why and sub_pk in hidden:
            hidden_problems += 1
        elif why:
            problems.append(why)
    if hidden_problems:
        problems.append(
            f"{hidden_problems} pair(s) of papers hidden from you (another organizer must edit them)"
        )
    return problems


@transaction.atomic
def publish(actor, run: MatchingRun) -> Published:
    """Turn ``run``'s proposal into assignments (labels A, B, C… per paper) and notify each reviewer once.
    Withdrawn papers are left out. Idempotent."""
    from confero.people.models import User
    from confero.workshops.models import Workshop

    permissions.require(actor, "assignment.run", run.workshop)
    workshop = Workshop.objects.select_for_update().get(pk=run.workshop_id)  # one publisher at a time
    run = MatchingRun.objects.select_for_update().select_related("workshop").get(pk=run.pk)
    if run.published_at is not None:
        return Published(run, already=True)
    other = MatchingRun.objects.filter(workshop=workshop, published_at__isnull=False).first()
    if other is not None:
        raise ValidationError(
            f"run {other.pk} is already published: change the published assignments instead of publishing another run"
        )
    if run.status != MatchingRun.Status.DONE:
        raise ValidationError(
            f"only a finished run can be published (this one is {run.get_status_display().lower()})"
        )
    params = RunParams.from_json(run.params)
    problems = _blocked(run, params, actor)
    if problems:
        raise ValidationError(["Edit these pairs before publishing:"] + problems)

    pairs = list(
        run.proposals.filter(submission__status="submitted")
        .order_by("submission_id", "-score", "reviewer_id")
        .values_list("submission_id", "reviewer_id")
    )
    skipped = run.proposals.exclude(submission__status="submitted").count()
    existing = defaultdict(set)
    taken = set()
    for sub_pk, user_pk, label in Assignment.objects.filter(workshop=workshop).values_list(
        "submission_id", "reviewer_id", "label"
    ):
        existing[sub_pk].add(label)
        taken.add((sub_pk, user_pk))
    by_paper = defaultdict(list)
    for sub_pk, user_pk in pairs:
        if (sub_pk, user_pk) not in taken:
            by_paper[sub_pk].append(user_pk)
    now = timezone.now()
    rows = []
    for sub_pk, users in by_paper.items():
        for user_pk, label in zip(users, next_labels(existing[sub_pk], len(users)), strict=True):
            rows.append(
                Assignment(
                    workshop=workshop,
                    submission_id=sub_pk,
                    reviewer_id=user_pk,
                    label=label,
                    origin=Assignment.Origin.MATCHING,
                    run=run,
                    created_by=actor,
                    notified_at=now,
                )
            )
    Assignment.objects.bulk_create(rows, batch_size=1000)
    MatchingRun.objects.filter(pk=run.pk).update(published_at=now, published_by=actor)
    run.published_at, run.published_by = now, actor

    papers_of = defaultdict(list)
    for row in rows:
        papers_of[row.reviewer_id].append(row.submission_id)
    from confero.submissions.models import Submission

    subs = {s.pk: s for s in Submission.objects.filter(pk__in={r.submission_id for r in rows})}
    for reviewer in User.objects.filter(pk__in=papers_of):
        notify.assigned(reviewer, workshop, [subs[pk] for pk in papers_of[reviewer.pk]])
    record(
        "matching.published",
        actor=actor,
        workshop=workshop,
        obj=run,
        summary=f"run {run.pk} published: {len(rows)} assignments, {len(papers_of)} reviewers notified",
        assignments=len(rows),
        reviewers=len(papers_of),
        withdrawn_skipped=skipped,
    )
    permissions.forget(actor)
    result = Published(run, created=len(rows), reviewers=len(papers_of))
    if skipped:
        result.skipped.append(f"{skipped} pair(s) of papers withdrawn since the run were left out")
    return result
