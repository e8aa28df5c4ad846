"""Setting up travel grants: who handles them (appoint, dismiss) and the call itself (configure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.people.models import Role
from confero.workshops import timezones

from ..models import GrantHandler, GrantSettings
from ..selectors import committed_total
from .common import fmt, locked_settings, money

# -- handlers -----------------------------------------------------------------------------------------


@transaction.atomic
def appoint(workshop, user, *, actor) -> GrantHandler:
    """Name ``user`` (an organizer of the workshop) a grant handler."""
    permissions.require(actor, "grant.appoint", workshop)
    locked_settings(workshop)
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
    locked_settings(workshop)
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
    row = locked_settings(workshop)
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
