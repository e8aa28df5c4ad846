"""Who could review one paper: every PC member with their affinity for it, bid, load against their
maximum, research areas and — when they may not — the conflict. The hand-edit page of a run and the
emergency-reviewer page of published assignments list these (the reviews pages may too)."""

from __future__ import annotations

from dataclasses import dataclass

from confero.bidding import affinity as affinity_service
from confero.bidding.inputs import DEFAULT_MAX_LOAD, pc_member_ids

from . import checks, store

BID_LABELS = {2: "very high", 1: "high", 0: "neutral", -1: "low", -2: "very low"}


@dataclass
class Candidate:
    user: object
    affinity: float | None
    bid: str
    load: int
    max_load: int
    areas: list[str]
    conflict: str  # empty: none
    assigned: bool

    @property
    def free(self) -> bool:
        return self.load < self.max_load

    @property
    def eligible(self) -> bool:
        return not self.conflict and not self.assigned


def _affinity_column(submission, run) -> dict[int, float]:
    """PC member id -> affinity for ``submission``: from the run's inputs, else the latest matrix."""
    if run is not None and store.exists(run):
        data = store.load(run)
        i = store.indices(data.submission_pks, [submission.pk])[0]
        if i >= 0:
            return dict(zip(data.reviewer_pks.tolist(), data.affinity[i].tolist(), strict=True))
    matrix = affinity_service.latest(submission.workshop)
    if matrix is None:
        return {}
    scores = affinity_service.load(matrix)
    i = store.indices(scores.submission_pks, [submission.pk])[0]
    return dict(zip(scores.reviewer_pks.tolist(), scores.values[i].tolist(), strict=True)) if i >= 0 else {}


def candidates(
    submission,
    *,
    loads: dict[int, int],
    assigned: set[int],
    default_max_load: int = DEFAULT_MAX_LOAD,
    run=None,
    potential: bool = True,
) -> list[Candidate]:
    """Every PC member for ``submission``, best affinity first (eligible ones before the others).
    ``loads``: member id -> papers they have (in the run's proposal, or published); ``assigned``: member
    ids already on this paper."""
    from confero.bidding.models import Bid
    from confero.committee.models import CommitteeMember
    from confero.people.models import User

    workshop = submission.workshop
    members = pc_member_ids(workshop)
    users = {u.pk: u for u in User.objects.filter(pk__in=members).only("pk", "name", "email")}
    column = _affinity_column(submission, run)
    bids = dict(Bid.objects.filter(submission=submission).values_list("reviewer_id", "value"))
    maxima = dict(CommitteeMember.objects.filter(workshop=workshop).values_list("user_id", "max_load"))
    areas: dict[int, list[str]] = {}
    for user_id, name in User.research_areas.through.objects.filter(
        user_id__in=members, researcharea__workshop=workshop
    ).values_list("user_id", "researcharea__name"):
        areas.setdefault(user_id, []).append(name)
    sub_pks, user_pks = checks.conflict_pairs(workshop, potential=potential)
    conflicted = set(user_pks[sub_pks == submission.pk].tolist())
    out = [
        Candidate(
            user=users[pk],
            affinity=column.get(pk),
            bid=BID_LABELS.get(bids.get(pk), ""),
            load=loads.get(pk, 0),
            max_load=maxima.get(pk, default_max_load),
            areas=areas.get(pk, []),
            conflict="conflict of interest" if pk in conflicted else "",
            assigned=pk in assigned,
        )
        for pk in members
    ]
    out.sort(key=lambda c: (not c.eligible, -(c.affinity or 0.0), c.user.name))
    return out
