"""The applicant's side of travel grants: apply (or again after withdrawing), edit until the call
closes, withdraw. Audit entries name the application (G-n) and amounts, never the answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from confero import permissions
from confero.audit.services import record

from ..models import CareerStage, GrantApplication, GrantSettings
from ..selectors import own_submissions
from .common import Status, fmt, locked_settings, money

# -- applications -------------------------------------------------------------------------------------


@dataclass
class ApplicationData:
    motivation: str
    requested_amount: object
    career_stage: str = ""
    country: str = ""
    travel_costs: object = None
    underrepresented: str = ""
    underrepresented_prefer_not: bool = False
    submission_id: int | None = None


def _clean(workshop, user, settings: GrantSettings, data: ApplicationData) -> dict:
    errors: dict[str, list[str]] = {}
    motivation = (data.motivation or "").strip()
    if not motivation:
        errors["motivation"] = ["tell the committee why the grant would help you"]
    elif len(motivation) > 5000:
        errors["motivation"] = [f"at most 5,000 characters (this has {len(motivation):,})"]
    out = {"motivation": motivation}
    try:
        amount = money(data.requested_amount, field="requested_amount", what="The requested amount")
        if amount <= 0:
            errors["requested_amount"] = ["request an amount above zero"]
        elif settings.max_per_grant and amount > settings.max_per_grant:
            errors["requested_amount"] = [
                f"at most {fmt(settings.max_per_grant, settings.currency)} per grant (you asked for {fmt(amount, settings.currency)})"
            ]
        out["requested_amount"] = amount
    except ValidationError as exc:
        errors.update(exc.message_dict)
    stage = data.career_stage if settings.ask_career_stage else ""
    if stage and stage not in CareerStage.values:
        errors["career_stage"] = [f"unknown career stage {stage!r}"]
    if settings.ask_career_stage and not stage:
        errors["career_stage"] = ["choose your career stage"]
    out["career_stage"] = stage
    country = (data.country or "").strip() if settings.ask_country else ""
    if settings.ask_country and not country:
        errors["country"] = ["say which country you travel from"]
    out["country"] = country[:100]
    out["travel_costs"] = None
    if settings.ask_travel_costs and data.travel_costs not in (None, ""):
        try:
            out["travel_costs"] = money(data.travel_costs, field="travel_costs", what="The travel costs")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    group = (data.underrepresented or "").strip() if settings.ask_underrepresented else ""
    prefer_not = bool(data.underrepresented_prefer_not) and settings.ask_underrepresented
    if group and prefer_not:
        errors["underrepresented"] = ["either describe the group or choose “prefer not to say”, not both"]
    out["underrepresented"], out["underrepresented_prefer_not"] = group[:1000], prefer_not
    out["submission"] = None
    if settings.ask_submission and data.submission_id:
        paper = own_submissions(user, workshop).filter(pk=data.submission_id).first()
        if paper is None:
            errors["submission_id"] = ["choose one of your own submissions to this workshop"]
        out["submission"] = paper
    if errors:
        raise ValidationError(errors)
    return out


def _next_number(workshop) -> int:
    return (GrantApplication.objects.filter(workshop=workshop).aggregate(m=Max("number"))["m"] or 0) + 1


@transaction.atomic
def apply(workshop, user, data: ApplicationData, *, now: dt.datetime | None = None) -> GrantApplication:
    """Apply (or apply again after withdrawing). One application per person and workshop."""
    permissions.require(user, "grant.apply", workshop, now=now)
    settings = locked_settings(workshop)
    fields = _clean(workshop, user, settings, data)
    app = GrantApplication.objects.select_for_update().filter(workshop=workshop, applicant=user).first()
    if app is not None and not app.is_withdrawn:
        raise ValidationError(f"you have already applied ({app.label}); edit that application instead")
    if app is not None and app.is_released:
        raise ValidationError(f"the decision on your application {app.label} was already sent")
    if app is None:
        app = GrantApplication(workshop=workshop, applicant=user, number=_next_number(workshop), **fields)
        app.save()
        action, summary = "grant.applied", f"{app.label} submitted"
    else:
        for k, v in fields.items():
            setattr(app, k, v)
        app.status, app.withdrawn_at, app.outcome, app.awarded_amount = Status.SUBMITTED, None, "", None
        app.version += 1
        app.save()
        action, summary = "grant.reapplied", f"{app.label} submitted again after withdrawal"
    record(
        action,
        actor=user,
        workshop=workshop,
        obj=app,
        summary=summary,
        number=app.number,
        requested=str(app.requested_amount),
    )
    return app


@transaction.atomic
def edit(
    app: GrantApplication, user, data: ApplicationData, *, now: dt.datetime | None = None
) -> GrantApplication:
    """The applicant changes their application until the call closes (to the second). A decision staged
    meanwhile is taken back (handlers decide on what the applicant wrote last)."""
    app = GrantApplication.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=app.pk)
    permissions.require(user, "grant.edit", app, now=now)
    settings = locked_settings(app.workshop)
    fields = _clean(app.workshop, user, settings, data)
    changed = sorted(k for k, v in fields.items() if getattr(app, k) != v)
    if not changed:
        return app
    for k, v in fields.items():
        setattr(app, k, v)
    reset = bool(app.outcome)
    app.outcome, app.awarded_amount, app.decided_by, app.decided_at = "", None, None, None
    app.version += 1
    app.save()
    record(
        "grant.edited",
        actor=user,
        workshop=app.workshop,
        obj=app,
        summary=f"{app.label} edited" + (" (its staged decision was taken back)" if reset else ""),
        number=app.number,
        fields=changed,  # names only: never the answers
        decision_reset=reset,
    )
    return app


@transaction.atomic
def withdraw(app: GrantApplication, user) -> GrantApplication:
    """The applicant withdraws (any time before their decision is released). A staged award is freed."""
    app = GrantApplication.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=app.pk)
    permissions.require(user, "grant.withdraw", app)
    locked_settings(app.workshop)
    freed = app.awarded_amount
    app.status, app.withdrawn_at = Status.WITHDRAWN, timezone.now()
    app.outcome, app.awarded_amount = "", None
    app.version += 1
    app.save()
    record(
        "grant.withdrawn",
        actor=user,
        workshop=app.workshop,
        obj=app,
        summary=f"{app.label} withdrawn",
        number=app.number,
        freed=str(freed or 0),
    )
    return app
