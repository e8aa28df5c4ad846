"""Bids and the bidding settings: every change goes through here (pages, API and CLI alike)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.conflicts.models import Conflict
from confero.conflicts.services import declare_conflicts

from .models import Bid, BiddingSettings

NEUTRAL = Bid.Value.NEUTRAL


def min_bids(workshop) -> int:
    """How many bids each PC member is asked for (0: no minimum)."""
    return BiddingSettings.objects.filter(workshop=workshop).values_list("min_bids", flat=True).first() or 0


@transaction.atomic
def place_bid(user, submission, value: int) -> Bid | None:
    """``user``'s bid on ``submission``: -2 (very low) … 2 (very high). Neutral (0) removes the bid."""
    permissions.require(user, "bid.place", submission)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in Bid.Value.values:
        raise ValidationError({"value": f"a bid is one of {', '.join(Bid.Value.labels)}"})
    before = Bid.objects.filter(submission=submission, reviewer=user).values_list("value", flat=True).first()
    if before == value or (before is None and value == NEUTRAL):
        return Bid.objects.filter(submission=submission, reviewer=user).first()
    if value == NEUTRAL:
        Bid.objects.filter(submission=submission, reviewer=user).delete()
        bid = None
    else:
        bid, _ = Bid.objects.update_or_create(
            submission=submission, reviewer=user, defaults={"workshop": submission.workshop, "value": value}
        )
    record(
        "bid.placed",
        actor=user,
        workshop=submission.workshop,
        obj=submission,
        summary=f"bid on #{submission.number}: {Bid.Value(value).label.lower()}",
        number=submission.number,
        value=value,
        before=before,
    )
    return bid


DECLARED_WHILE_BIDDING = "declared while bidding"


@transaction.atomic
def declare_conflict(user, submission, *, reason: str = "") -> Conflict:
    """``user`` declares a conflict of interest with a paper they were shown for bidding: the conflict is
    confirmed at once (they will never be assigned it, nor see it again) and their bid on it goes.

    The conflict itself is recorded by the one service for declarations,
    :func:`confero.conflicts.services.declare_conflicts` (limited to this paper, so the member's other
    declarations stay; the onboarding step "conflicts declared" is left as it was)."""
    permissions.require(user, "bid.place", submission)
    reason = " ".join((reason or "").split())
    if not reason:  # the bidding page makes the reason optional; keep an earlier declaration's words
        earlier = Conflict.objects.filter(
            submission=submission, person=user, origin=Conflict.Origin.REVIEWER
        ).values_list("reason", flat=True)
        reason = next(iter(earlier), "") or DECLARED_WHILE_BIDDING
    declare_conflicts(
        submission.workshop, user, {submission.pk: reason}, among=[submission.pk], onboarding_step=False
    )
    Bid.objects.filter(submission=submission, reviewer=user).delete()
    return Conflict.objects.get(submission=submission, person=user)


@transaction.atomic
def set_min_bids(actor, workshop, value: int) -> BiddingSettings:
    """Ask each PC member for at least ``value`` bids (0: no minimum)."""
    permissions.require(actor, "workshop.manage", workshop)
    if not isinstance(value, int) or not 0 <= value <= 1000:
        raise ValidationError({"min_bids": "the minimum number of bids must be between 0 and 1000"})
    settings, _ = BiddingSettings.objects.select_for_update().get_or_create(workshop=workshop)
    if settings.min_bids != value:
        before = settings.min_bids
        settings.min_bids = value
        settings.save(update_fields=["min_bids"])
        record(
            "bidding.settings_changed",
            actor=actor,
            workshop=workshop,
            obj=settings,
            summary=f"minimum number of bids per PC member: {value} (was {before})",
            min_bids=value,
            before=before,
        )
    return settings
