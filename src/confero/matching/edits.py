"""Organizers' hand edits of a finished run's proposal (before it is published): add a reviewer to a
paper, remove one, move one to another member — each with the conflict and load checks. Every edit
bumps the run's revision (its report and plot are computed again) and is audited."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from confero import permissions
from confero.audit.services import record

from . import checks, store
from .models import MatchingRun, ProposedAssignment
from .params import RunParams


def _lock(actor, run: MatchingRun, submission) -> MatchingRun:
    permissions.require(actor, "assignment.edit", submission)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if submission.workshop_id != run.workshop_id:
        raise ValidationError("this submission is not in the run's workshop")
    if run.status != MatchingRun.Status.DONE:
        raise ValidationError(
            f"only a finished run can be edited (this one is {run.get_status_display().lower()})"
        )
    if run.published_at is not None:
        raise ValidationError("this run is published: change the published assignments instead")
    return run


def explain_one(submission, reviewer) -> dict:
    """The engine's explanation of one pair, from the database (for pairs added by hand)."""
    from confero.bidding.models import Bid
    from confero.committee.models import Publication
    from confero.engine.assign.explain import explain_pairs
    from confero.engine.records import Publication as PubRecord
    from confero.engine.records import Reviewer, Submission

    pubs = tuple(
        PubRecord(id=str(pk), title=t, abstract=a or "", year=y)
        for pk, t, a, y in Publication.objects.filter(user=reviewer).values_list(
            "pk", "title", "abstract", "year"
        )
    )
    areas = tuple(
        reviewer.research_areas.filter(workshop_id=submission.workshop_id).values_list("name", flat=True)
    )
    value = (
        Bid.objects.filter(submission=submission, reviewer=reviewer).values_list("value", flat=True).first()
    )
    bids = {(0, 0): store.BID_LEVEL[value]} if value else {}
    text = explain_pairs(
        np.zeros(1, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        [Submission(id=str(submission.pk), title=submission.title, abstract=submission.abstract)],
        [Reviewer(id=str(reviewer.pk), publications=pubs, research_areas=areas)],
        bids=bids,
        k=3,
    )[0]
    return {"text": text}


def _score(run: MatchingRun, submission, reviewer) -> float:
    data = store.load(run)
    i = store.indices(data.submission_pks, [submission.pk])[0]
    j = store.indices(data.reviewer_pks, [reviewer.pk])[0]
    return float(data.affinity[i, j]) if i >= 0 and j >= 0 else 0.0


def _bump(run: MatchingRun) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(revision=F("revision") + 1)


def _add(run: MatchingRun, submission, reviewer, *, over_load_ok: bool) -> tuple[ProposedAssignment, bool]:
    """Checks and creates the pair; returns it and whether the member goes over their maximum load."""
    params = RunParams.from_json(run.params)
    checks.require_pc(run.workshop, reviewer)
    if ProposedAssignment.objects.filter(run=run, submission=submission, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer} is already proposed for #{submission.number}"})
    checks.require_no_conflict(submission, reviewer, potential=params.avoid_potential)
    load = ProposedAssignment.objects.filter(run=run, reviewer=reviewer).count()
    maximum = checks.max_load(run.workshop, reviewer, params.default_max_load)
    checks.require_load(reviewer, load, maximum, over_load_ok=over_load_ok)
    pair = ProposedAssignment.objects.create(
        run=run,
        submission=submission,
        reviewer=reviewer,
        score=_score(run, submission, reviewer),
        explanation=explain_one(submission, reviewer),
        edited=True,
    )
    return pair, load >= maximum


@transaction.atomic
def add_pair(
    actor, run: MatchingRun, submission, reviewer, *, over_load_ok: bool = False
) -> ProposedAssignment:
    """Add ``reviewer`` to ``submission`` in ``run``'s proposal."""
    run = _lock(actor, run, submission)
    pair, over = _add(run, submission, reviewer, over_load_ok=over_load_ok)
    _bump(run)
    record(
        "matching.pair_added",
        actor=actor,
        workshop=run.workshop,
        obj=run,
        summary=f"run {run.pk}: {reviewer} added to #{submission.number}",
        number=submission.number,
        reviewer=reviewer.pk,
        over_load=over,
    )
    return pair


@transaction.atomic
def remove_pair(actor, pair: ProposedAssignment) -> None:
    """Take a reviewer off a paper in a run's proposal (the paper may then be short of reviewers)."""
    run = _lock(actor, pair.run, pair.submission)
    ProposedAssignment.objects.filter(pk=pair.pk).delete()
    _bump(run)
    record(
        "matching.pair_removed",
        actor=actor,
        workshop=run.workshop,
        obj=run,
        summary=f"run {run.pk}: {pair.reviewer} removed from #{pair.submission.number}",
        number=pair.submission.number,
        reviewer=pair.reviewer_id,
    )


@transaction.atomic
def move_pair(actor, pair: ProposedAssignment, reviewer, *, over_load_ok: bool = False) -> ProposedAssignment:
    """Give ``pair``'s paper to ``reviewer`` instead of its current reviewer (one edit, both checks)."""
    run = _lock(actor, pair.run, pair.submission)
    ProposedAssignment.objects.filter(pk=pair.pk).delete()
    new, over = _add(run, pair.submission, reviewer, over_load_ok=over_load_ok)
    _bump(run)
    record(
        "matching.pair_moved",
        actor=actor,
        workshop=run.workshop,
        obj=run,
        summary=f"run {run.pk}: #{pair.submission.number} goes to {reviewer} instead of {pair.reviewer}",
        number=pair.submission.number,
        reviewer=reviewer.pk,
        instead_of=pair.reviewer_id,
        over_load=over,
    )
    return new
