"""Every change to a PC member's committee settings: load, profile confirmation, the conflicts step, and
the organizers' reminders. Each function checks the permission table, runs in one transaction and is
audited. (Publications: :mod:`.publications`.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.mail.services import queue_template
from confero.people.models import Role
from confero.web.site import absolute

from . import selectors
from .models import CommitteeMember

MAX_LOAD = 100


def member_for(workshop, user) -> CommitteeMember:
    """The committee row of a PC member (made if missing); ValidationError if ``user`` is not on the PC."""
    if not Role.objects.filter(workshop=workshop, user=user, kind=Role.Kind.PC).exists():
        raise ValidationError(f"{user} is not on the program committee of {workshop}.")
    member, _ = CommitteeMember.objects.get_or_create(workshop=workshop, user=user)
    return member


def _check_load(value) -> int:
    try:
        load = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"max_load": f"the maximum load must be a whole number, got {value!r}"}
        ) from None
    if not 0 <= load <= MAX_LOAD:
        raise ValidationError({"max_load": f"the maximum load must be between 0 and {MAX_LOAD}, got {load}"})
    return load


def set_own_load(workshop, user, max_load) -> CommitteeMember:
    """A PC member sets how many papers they will review at most."""
    permissions.require(user, "committee.onboard", workshop)
    load = _check_load(max_load)
    with transaction.atomic():
        member = member_for(workshop, user)
        old = member.max_load
        if old != load:
            member.max_load = load
            member.save(update_fields=["max_load"])
            record(
                "committee.load_set",
                actor=user,
                workshop=workshop,
                obj=member,
                summary=f"{user.email} set their maximum load to {load} (was {old})",
                user=user.email,
                old=old,
                new=load,
            )
    return member


def set_loads(workshop, loads: dict, *, actor) -> list[CommitteeMember]:
    """Organizers set members' maximum loads: ``{user id: load}``. All or nothing; returns the changed rows."""
    permissions.require(actor, "workshop.manage", workshop)
    errors, clean = {}, {}
    for user_id, value in loads.items():
        try:
            clean[int(user_id)] = _check_load(value)
        except ValidationError as exc:
            errors[f"load-{user_id}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    changed = []
    with transaction.atomic():
        pc = set(
            Role.objects.filter(workshop=workshop, kind=Role.Kind.PC, user_id__in=clean).values_list(
                "user_id", flat=True
            )
        )
        unknown = sorted(set(clean) - pc)
        if unknown:
            raise ValidationError(f"not on the program committee: user ids {', '.join(map(str, unknown))}")
        existing = {
            m.user_id: m
            for m in CommitteeMember.objects.select_for_update().filter(workshop=workshop, user_id__in=clean)
        }
        for user_id, load in sorted(clean.items()):
            member = existing.get(user_id) or CommitteeMember.objects.create(
                workshop=workshop, user_id=user_id
            )
            if member.max_load == load:
                continue
            old, member.max_load = member.max_load, load
            member.save(update_fields=["max_load"])
            record(
                "committee.load_set",
                actor=actor,
                workshop=workshop,
                obj=member,
                summary=f"maximum load of {member.user.email} set to {load} (was {old})",
                user=member.user.email,
                old=old,
                new=load,
            )
            changed.append(member)
    return changed


def confirm_profile(workshop, user) -> CommitteeMember:
    """The member confirms their profile (affiliations, areas, publications, load) is complete."""
    permissions.require(user, "committee.onboard", workshop)
    status = selectors.status_of(workshop, user)
    if status is None:
        raise ValidationError(f"{user} is not on the program committee of {workshop}.")
    if not status.profile_ready:
        missing = [
            selectors.STEP_LABELS[k] for k in ("affiliations", "areas", "publications") if not status.done[k]
        ]
        raise ValidationError(f"Your profile is not complete yet: add {', '.join(missing).lower()} first.")
    with transaction.atomic():
        member = member_for(workshop, user)
        member.profile_confirmed_at = timezone.now()
        member.save(update_fields=["profile_confirmed_at"])
        record(
            "committee.profile_confirmed",
            actor=user,
            workshop=workshop,
            obj=member,
            summary=f"{user.email} confirmed their committee profile (load {member.max_load})",
            user=user.email,
            max_load=member.max_load,
            publications=status.publications,
        )
    return member


def mark_conflicts_declared(workshop, user, *, at: dt.datetime | None = None) -> CommitteeMember:
    """Record that the member went through the submissions (called by the conflicts declaration service,
    inside its transaction)."""
    permissions.require(user, "committee.onboard", workshop)
    member = member_for(workshop, user)
    member.conflicts_declared_at = at or timezone.now()
    member.save(update_fields=["conflicts_declared_at"])
    return member


# --- reminders ----------------------------------------------------------------------------------------


def _remind_one(workshop, status: selectors.MemberStatus, actor, now: dt.datetime):
    member = status.member if status.member.pk else member_for(workshop, status.user)
    cutoff = now - selectors.REMIND_INTERVAL
    # A conditional update: two organizers pressing "remind" at once send one mail.
    claimed = (
        CommitteeMember.objects.filter(pk=member.pk)
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=cutoff))
        .update(last_reminded_at=now)
    )
    if not claimed:
        member.refresh_from_db(fields=["last_reminded_at"])
        when = timezone.localtime(member.last_reminded_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(
            f"{status.user} was reminded at {when}; at most one reminder a day goes to each member."
        )
    url = absolute(reverse("committee:onboarding", args=[workshop.slug]))
    mail = queue_template(
        status.user.email,
        "committee/mail/reminder.txt",
        {"workshop": workshop, "user": status.user, "steps": status.missing_labels, "url": url},
        kind="committee.reminder",
        workshop=workshop,
    )
    record(
        "committee.reminded",
        actor=actor,
        workshop=workshop,
        obj=member,
        summary=f"{status.user.email} reminded of: {', '.join(status.missing_labels).lower()}",
        user=status.user.email,
        steps=status.missing,
        mail=mail.pk,
    )
    return mail


def remind(workshop, user, *, actor, now: dt.datetime | None = None):
    """Mail one PC member the steps they have not done (at most once a day per member). Returns the mail."""
    permissions.require(actor, "workshop.manage", workshop)
    status = selectors.status_of(workshop, user)
    if status is None:
        raise ValidationError(f"{user} is not on the program committee of {workshop}.")
    if status.complete:
        raise ValidationError(f"{user} has done every step; there is nothing to remind them of.")
    with transaction.atomic():
        return _remind_one(workshop, status, actor, now or timezone.now())


@dataclass
class RemindReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def remind_incomplete(workshop, *, actor, now: dt.datetime | None = None) -> RemindReport:
    """Remind every member who has a step left and was not reminded in the last day."""
    permissions.require(actor, "workshop.manage", workshop)
    now = now or timezone.now()
    report = RemindReport()
    for status in selectors.committee(workshop):
        if status.complete:
            continue
        try:
            with transaction.atomic():
                _remind_one(workshop, status, actor, now)
        except ValidationError as exc:
            report.skipped.append(" ".join(exc.messages))
        else:
            report.sent.append(status.user.email)
    return report
