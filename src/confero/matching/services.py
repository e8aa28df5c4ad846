"""Matching runs: start one, cancel it, re-run it, and notice runs whose worker died.

Editing a run's proposal is in :mod:`.edits`, publishing in :mod:`.publish`, changes to published
assignments (reassign, emergency reviewers) in :mod:`.assignments`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.bidding import jobs

from .models import MatchingRun
from .params import RunParams

Status = MatchingRun.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)
DEAD_MESSAGE = (
    "The run stopped: its worker is gone (the server restarted, or the worker was killed). Re-run it."
)
LOST_MESSAGE = "No worker started the run (is the Celery worker running?). Re-run it."


@transaction.atomic
def start_run(actor, workshop, params: RunParams) -> MatchingRun:
    """Queue a matching run with ``params``; it starts in the background once this transaction commits."""
    permissions.require(actor, "assignment.run", workshop)
    params.validate()
    if MatchingRun.objects.filter(workshop=workshop, status__in=ACTIVE).exists():
        mark_dead(workshop)
        if MatchingRun.objects.filter(workshop=workshop, status__in=ACTIVE).exists():
            raise ValidationError("a matching run is already under way: wait for it, or cancel it")
    run = MatchingRun.objects.create(
        workshop=workshop,
        created_by=actor,
        params=params.to_json(),
        heartbeat_at=timezone.now(),
        stage="Queued",
    )
    record(
        "matching.run_started",
        actor=actor,
        workshop=workshop,
        obj=run,
        summary=f"matching run {run.pk} started ({params.summary()})",
        params=params.to_json(),
    )
    jobs.start("confero.matching.tasks.run_matching", run.pk)
    return run


@transaction.atomic
def rerun(actor, run: MatchingRun) -> MatchingRun:
    """A new run with the parameters of ``run`` (e.g. after it failed or was cancelled)."""
    return start_run(actor, run.workshop, RunParams.from_json(run.params))


@transaction.atomic
def cancel(actor, run: MatchingRun) -> MatchingRun:
    """Stop a queued or running run. It is CANCELLED at once; the worker notices at its next step and
    stops without saving anything."""
    permissions.require(actor, "assignment.run", run.workshop)
    changed = MatchingRun.objects.filter(pk=run.pk, status__in=ACTIVE).update(
        status=Status.CANCELLED,
        cancel_requested=True,
        stage="Cancelled",
        message=f"Cancelled by {actor}.",
        finished_at=timezone.now(),
    )
    if not changed:
        run.refresh_from_db()
        raise ValidationError(f"the run is {run.get_status_display().lower()}: there is nothing to cancel")
    record(
        "matching.run_cancelled",
        actor=actor,
        workshop=run.workshop,
        obj=run,
        summary=f"matching run {run.pk} cancelled",
    )
    run.refresh_from_db()
    return run


def mark_dead(workshop) -> int:
    """Fail the runs of ``workshop`` whose worker stopped beating (running) or never started (queued).
    Called whenever runs are looked at; returns how many were marked."""
    if not MatchingRun.objects.filter(workshop=workshop, status__in=ACTIVE).exists():
        return 0  # (no write on every page view)
    now = timezone.now()
    dead = MatchingRun.objects.filter(
        workshop=workshop, status=Status.RUNNING, heartbeat_at__lt=now - jobs.stale_after()
    ).update(status=Status.FAILED, message=DEAD_MESSAGE, stage="Failed", finished_at=now)
    lost = MatchingRun.objects.filter(
        workshop=workshop, status=Status.QUEUED, heartbeat_at__lt=now - jobs.queued_stale_after()
    ).update(status=Status.FAILED, message=LOST_MESSAGE, stage="Failed", finished_at=now)
    return dead + lost


def looked_at(run: MatchingRun) -> MatchingRun:
    """``run`` as it is now, after the dead-worker check."""
    if run.status in ACTIVE:
        mark_dead(run.workshop)
        run.refresh_from_db()
    return run


def published_run(workshop) -> MatchingRun | None:
    return MatchingRun.objects.filter(workshop=workshop, published_at__isnull=False).first()
