"""The handlers' side of travel grants: score, stage an award or a decline within the budget, take a
staged decision back, release the staged decisions (one mail per applicant and release).

Staging locks the settings row first, sums the committed awards on the locked state and refuses a total
above the budget, so two handlers awarding at once cannot overspend."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from confero import permissions
from confero.audit.services import record

from .. import notify
from ..models import GrantApplication, GrantRelease, GrantScore
from ..selectors import committed_total, pending
from .common import Outcome, fmt, locked_settings, money

# -- handling -----------------------------------------------------------------------------------------


@transaction.atomic
def score(app: GrantApplication, user, value: int) -> GrantScore:
    permissions.require(user, "grant.decide", app)
    if not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError({"score": "a score is a whole number from 1 to 5"})
    row, created = GrantScore.objects.update_or_create(
        application=app, handler=user, defaults={"score": value}
    )
    record(
        "grant.scored",
        actor=user,
        workshop=app.workshop,
        obj=app,
        summary=f"{app.label} scored {value}",
        number=app.number,
        score=value,
    )
    return row


@transaction.atomic
def stage(
    app: GrantApplication,
    user,
    *,
    outcome: str,
    amount=None,
    note: str = "",
    expected_version: int | None = None,
) -> GrantApplication:
    """Stage an award of ``amount`` or a decline. Refused when the awards staged and released would
    exceed the budget, above the maximum per grant or above the amount requested."""
    settings = locked_settings(app.workshop)  # first: every budget change queues here
    app = GrantApplication.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=app.pk)
    permissions.require(user, "grant.decide", app)
    if expected_version is not None and expected_version != app.version:
        raise ValidationError(
            f"{app.label} was changed meanwhile (now version {app.version}); look again and decide"
        )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "choose award or decline"})
    cur = settings.currency
    value = None
    if outcome == Outcome.AWARD:
        value = money(amount if amount not in (None, "") else "", field="amount", what="The award")
        if value <= 0:
            raise ValidationError({"amount": "an award must be above zero (or decline instead)"})
        if settings.max_per_grant and value > settings.max_per_grant:
            raise ValidationError({"amount": f"at most {fmt(settings.max_per_grant, cur)} per grant"})
        if value > app.requested_amount:
            raise ValidationError(
                {"amount": f"{app.label} asked for {fmt(app.requested_amount, cur)}; award at most that"}
            )
        others = committed_total(app.workshop, exclude=app)
        if others + value > settings.budget:
            left = settings.budget - others
            raise ValidationError(
                {
                    "amount": f"over budget: {fmt(others, cur)} of {fmt(settings.budget, cur)} is already awarded, "
                    f"{fmt(left, cur)} remains, and {app.label} would need {fmt(value, cur)}"
                }
            )
    before = (app.outcome, app.awarded_amount)
    app.outcome, app.awarded_amount, app.note = outcome, value, (note or "").strip()
    app.decided_by, app.decided_at = user, timezone.now()
    app.version += 1
    app.save()
    record(
        "grant.staged",
        actor=user,
        workshop=app.workshop,
        obj=app,
        summary=f"{app.label}: {'award ' + fmt(value, cur) if value else 'decline'} staged",
        number=app.number,
        outcome=outcome,
        amount=str(value) if value is not None else None,
        before=[before[0], str(before[1]) if before[1] is not None else None],
    )
    return app


@transaction.atomic
def unstage(app: GrantApplication, user) -> GrantApplication:
    locked_settings(app.workshop)
    app = GrantApplication.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=app.pk)
    permissions.require(user, "grant.decide", app)
    if not app.outcome:
        return app
    app.outcome, app.awarded_amount, app.decided_by, app.decided_at = "", None, None, None
    app.version += 1
    app.save()
    record(
        "grant.unstaged",
        actor=user,
        workshop=app.workshop,
        obj=app,
        summary=f"{app.label}: staged decision taken back",
        number=app.number,
    )
    return app


@transaction.atomic
def release(workshop, user) -> GrantRelease | None:
    """Release every staged decision ``user`` may decide (applications they are in conflict with wait
    for another handler): each applicant gets exactly one mail for this release. None if nothing is staged."""
    permissions.require(user, "grant.release", workshop)
    settings = locked_settings(workshop)  # one release at a time
    apps = pending(user, workshop)
    if not apps:
        return None
    now = timezone.now()
    number = (GrantRelease.objects.filter(workshop=workshop).aggregate(m=Max("number"))["m"] or 0) + 1
    rel = GrantRelease.objects.create(workshop=workshop, number=number, released_by=user, released_at=now)
    for app in apps:
        app.released_at = now
        app.version += 1
        app.save(update_fields=["released_at", "version", "updated_at"])
        notify.send(rel, app, settings)
        record(
            "grant.released",
            actor=user,
            workshop=workshop,
            obj=app,
            summary=f"{app.label}: {app.get_outcome_display().lower()} released (release {number})",
            number=app.number,
            release=number,
            outcome=app.outcome,
            amount=str(app.awarded_amount) if app.awarded_amount is not None else None,
        )
    return rel
