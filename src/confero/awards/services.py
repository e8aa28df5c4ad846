"""Every change to votes and picks. Each checks the permission table, runs in one transaction and is
audited (with the paper's number)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from confero import permissions
from confero.audit.services import record
from confero.workshops.models import Workshop

from .models import Kind, Pick, Vote
from .selectors import limit


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise ValidationError(f"unknown kind {kind!r}; use {' or '.join(Kind.values)}")
    return kind


@transaction.atomic
def vote(user, submission, kind: str, *, on: bool = True) -> bool:
    """Vote for (``on``) or withdraw the vote for ``submission`` as ``kind``. True when something changed."""
    permissions.require(user, "award.vote", submission)
    kind = _kind(kind)
    if on:
        _, changed = Vote.objects.get_or_create(
            workshop=submission.workshop, submission=submission, voter=user, kind=kind
        )
    else:
        changed = Vote.objects.filter(submission=submission, voter=user, kind=kind).delete()[0] > 0
    if changed:
        record(
            "award.voted" if on else "award.vote_withdrawn",
            actor=user,
            workshop=submission.workshop,
            obj=submission,
            summary=f"#{submission.number}: {'vote' if on else 'vote withdrawn'} ({Kind(kind).label.lower()})",
            number=submission.number,
            kind=kind,
        )
    return changed


@transaction.atomic
def pick(user, submission, kind: str) -> Pick:
    """Choose ``submission`` as an oral or for an award (orals go to the end of the oral block). Refused
    beyond the workshop's number of orals / awards."""
    permissions.require(user, "award.choose", submission)
    kind = _kind(kind)
    workshop = Workshop.objects.select_for_update().get(pk=submission.workshop_id)  # one pick at a time
    existing = Pick.objects.filter(submission=submission, kind=kind).first()
    if existing is not None:
        return existing
    rows = Pick.objects.filter(workshop=workshop, kind=kind)
    allowed = limit(workshop, kind)
    if rows.count() >= allowed:
        what = "orals" if kind == Kind.ORAL else "awards"
        raise ValidationError(
            f"{workshop.acronym} has {allowed} {what} and {allowed} {'is' if allowed == 1 else 'are'} "
            f"already chosen; remove one first"
        )
    position = (rows.aggregate(m=Max("position"))["m"] or 0) + 1
    chosen = Pick.objects.create(
        workshop=workshop, submission=submission, kind=kind, position=position, picked_by=user
    )
    record(
        "award.picked",
        actor=user,
        workshop=workshop,
        obj=submission,
        summary=f"#{submission.number} chosen: {Kind(kind).label.lower()}",
        number=submission.number,
        kind=kind,
        position=position,
    )
    return chosen


@transaction.atomic
def unpick(user, submission, kind: str) -> bool:
    permissions.require(user, "award.choose", submission)
    kind = _kind(kind)
    Workshop.objects.select_for_update().get(pk=submission.workshop_id)
    row = Pick.objects.filter(submission=submission, kind=kind).first()
    if row is None:
        return False
    row.delete()
    Pick.objects.filter(workshop=submission.workshop, kind=kind, position__gt=row.position).update(
        position=F("position") - 1
    )
    record(
        "award.unpicked",
        actor=user,
        workshop=submission.workshop,
        obj=submission,
        summary=f"#{submission.number} no longer chosen: {Kind(kind).label.lower()}",
        number=submission.number,
        kind=kind,
    )
    return True


@transaction.atomic
def move(user, submission, kind: str, offset: int) -> None:
    """Move a picked paper ``offset`` places (−1: earlier in the oral block) by swapping with its neighbour."""
    permissions.require(user, "award.choose", submission)
    kind = _kind(kind)
    Workshop.objects.select_for_update().get(pk=submission.workshop_id)
    row = Pick.objects.filter(submission=submission, kind=kind).first()
    if row is None:
        raise ValidationError(f"#{submission.number} is not chosen as {Kind(kind).label.lower()}")
    other = Pick.objects.filter(
        workshop=submission.workshop, kind=kind, position=row.position + offset
    ).first()
    if other is None or offset == 0:
        return
    row.position, other.position = other.position, row.position
    Pick.objects.bulk_update([row, other], ["position"])
    record(
        "award.reordered",
        actor=user,
        workshop=submission.workshop,
        obj=submission,
        summary=f"#{submission.number} moved to place {row.position} ({Kind(kind).label.lower()})",
        number=submission.number,
        kind=kind,
        position=row.position,
    )
