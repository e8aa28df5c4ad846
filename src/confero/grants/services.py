"""Every change to travel grants: one function per change, each checking the permission table, running
in one transaction and recorded in the audit log. Audit entries name the application (G-n) and amounts,
never the motivation or the under-represented-group answer; the audit page shows grant events only to
handlers who may see that application.

Budget: staging an award locks the workshop's :class:`GrantSettings` row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``), sums the committed awards on the locked
state and refuses a total above the budget — so two handlers awarding at once cannot overspend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.people.models import Role
from confero.workshops import timezones

from . import notify
from .models import GrantApplication, GrantHandler, GrantRelease, GrantScore, GrantSettings
from .selectors import committed_total, own_submissions, pending

Status, Outcome = GrantApplication.Status, GrantApplication.Outcome
CENT = Decimal("0.01")


def money(value, *, field: str, what: str) -> Decimal:
    """A non-negative amount with at most two decimals, or a ValidationError naming the field."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{what}: enter an amount such as 450 or 450.50"}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: f"{what} must be zero or more"})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: f"{what}: at most two decimals"})
    if amount >= Decimal("1e10"):
        raise ValidationError({field: f"{what} is too large"})
    return amount.quantize(CENT)


def _locked_settings(workshop) -> GrantSettings:
    """The workshop's settings row, locked until the transaction ends (one budget change at a time)."""
    row = GrantSettings.objects.select_for_update().filter(workshop=workshop).first()
    if row is None:
        row, _ = GrantSettings.objects.get_or_create(workshop=workshop)
        row = GrantSettings.objects.select_for_update().get(pk=row.pk)
    return row


def fmt(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else f"{amount:,.2f} {currency}"


# -- handlers -----------------------------------------------------------------------------------------


@transaction.atomic
def appoint(workshop, user, *, actor) -> GrantHandler:
    """Name ``user`` (an organizer of the workshop) a grant handler."""
    permissions.require(actor, "grant.appoint", workshop)
    _locked_settings(workshop)
    if not Role.objects.filter(workshop=workshop, user=user, kind=Role.Kind.ORGANIZER).exists():
        raise ValidationError({"user": f"{user} is not an organizer of {workshop.acronym}"})
    row, created = GrantHandler.objects.get_or_create(
        workshop=workshop, user=user, defaults={"appointed_by": actor}
    )
    if created:
        record(
            "grant.handler_added",
            actor=actor,
            workshop=workshop,
            obj=row,
            summary=f"{user} handles travel grants",
            user=user.pk,
        )
    return row


@transaction.atomic
def dismiss(workshop, user, *, actor) -> bool:
    """Remove ``user`` from the grant handlers. The last handler stays (otherwise any organizer could
    name themselves and read the answers); the installation's superuser may remove anyone."""
    permissions.require(actor, "grant.appoint", workshop)
    _locked_settings(workshop)
    rows = GrantHandler.objects.filter(workshop=workshop)
    if not rows.filter(user=user).exists():
        return False
    if rows.count() == 1 and not actor.is_superuser:
        raise ValidationError("the last grant handler cannot be removed; add another handler first")
    rows.filter(user=user).delete()
    permissions.forget()
    record(
        "grant.handler_removed",
        actor=actor,
        workshop=workshop,
        summary=f"{user} no longer handles travel grants",
        user=user.pk,
    )
    return True


# -- settings -----------------------------------------------------------------------------------------


@dataclass
class SettingsData:
    enabled: bool
    opens_local: dt.datetime | None  # wall-clock in ``tz``
    closes_local: dt.datetime | None
    tz: str
    budget: object
    currency: str
    max_per_grant: object
    eligibility: str
    ask_career_stage: bool = True
    ask_country: bool = True
    ask_travel_costs: bool = True
    ask_underrepresented: bool = True
    ask_submission: bool = True


@transaction.atomic
def configure(workshop, data: SettingsData, *, actor) -> GrantSettings:
    """Save the call: dates (to the second, in their zone), budget, currency, maximum, who may apply,
    which questions are asked. The budget cannot go below what is already awarded."""
    permissions.require(actor, "grant.handle", workshop)
    row = _locked_settings(workshop)
    errors: dict[str, list[str]] = {}
    try:
        tz = timezones.normalize(data.tz)
    except ValidationError as exc:
        errors["tz"] = exc.messages
        tz = row.timezone
    opens = timezones.local_to_utc(data.opens_local, tz) if data.opens_local and "tz" not in errors else None
    closes = (
        timezones.local_to_utc(data.closes_local, tz) if data.closes_local and "tz" not in errors else None
    )
    if data.enabled and (opens is None or closes is None) and "tz" not in errors:
        errors.setdefault("closes_local", []).append("an open call needs an opening and a closing time")
    if opens and closes and closes <= opens:
        errors.setdefault("closes_local", []).append("the call must close after it opens")
    amounts = {}
    for name, what in (("budget", "The budget"), ("max_per_grant", "The maximum per grant")):
        try:
            amounts[name] = money(data.__dict__[name], field=name, what=what)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    currency = (data.currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = ["use a three-letter currency code such as EUR or USD"]
    if data.eligibility not in GrantSettings.Eligibility.values:
        errors["eligibility"] = [f"unknown choice {data.eligibility!r}"]
    committed = committed_total(workshop)
    if "budget" in amounts and amounts["budget"] < committed:
        errors["budget"] = [f"{fmt(committed, row.currency)} is already awarded; the budget cannot be less"]
    if errors:
        raise ValidationError(errors)
    fields = {
        "enabled": data.enabled,
        "opens_at": opens,
        "closes_at": closes,
        "timezone": tz,
        "budget": amounts["budget"],
        "currency": currency,
        "max_per_grant": amounts["max_per_grant"],
        "eligibility": data.eligibility,
        **{
            k: bool(getattr(data, k))
            for k in (
                "ask_career_stage",
                "ask_country",
                "ask_travel_costs",
                "ask_underrepresented",
                "ask_submission",
            )
        },
    }
    changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
    for k, v in fields.items():
        setattr(row, k, v)
    row.save()
    if changed:
        record(
            "grant.settings_changed",
            actor=actor,
            workshop=workshop,
            obj=row,
            summary="travel grants: " + ", ".join(sorted(changed)) + " changed",
            **{k: (v.isoformat() if isinstance(v, dt.datetime) else str(v)) for k, v in changed.items()},
        )
    return row


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
    from .models import CareerStage

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
    settings = _locked_settings(workshop)
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
    settings = _locked_settings(app.workshop)
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
    _locked_settings(app.workshop)
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
    settings = _locked_settings(app.workshop)  # first: every budget change queues here
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
    _locked_settings(app.workshop)
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
    settings = _locked_settings(workshop)  # one release at a time
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
