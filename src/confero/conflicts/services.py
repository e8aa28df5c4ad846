"""Every change to conflicts of interest, except detection (:mod:`.detection`):

- a PC member declares their conflicts with submissions (confirmed at once: they know best);
- an organizer confirms or dismisses a pair (one at a time or in bulk), or adds one by hand.

Confirmed conflicts count everywhere at once (the permission table reads them). Only organizers who
oversee a paper (not its authors, not in conflict with it) decide its conflicts, and nobody decides a
conflict that concerns themselves: another organizer does. Two organizers deciding the same pair at once:
the first decision stands, the second is told (a conditional update, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.committee.services import mark_conflicts_declared
from confero.people.models import Role
from confero.submissions.models import Submission

from .models import Conflict

REASON_MAX = 300
DECISIONS = (Conflict.Status.CONFIRMED, Conflict.Status.DISMISSED)


class AlreadyDecided(ValidationError):
    """Another organizer decided this pair first."""


def _not_own(actor, conflict: Conflict) -> None:
    if conflict.person_id == getattr(actor, "pk", None):
        raise permissions.Denied(
            "conflict.decide", "this conflict concerns you: another organizer decides it"
        )


def _event(action: str, conflict: Conflict, actor, summary: str, **data) -> None:
    record(
        action,
        actor=actor,
        workshop=conflict.workshop,
        obj=conflict,
        summary=summary,
        number=conflict.submission.number,
        person=conflict.person.email,
        **data,
    )


# --- declared by the PC member ------------------------------------------------------------------------


@dataclass
class DeclareReport:
    added: list[int] = field(default_factory=list)  # submission numbers
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


def declare_conflicts(
    workshop, user, declarations: dict, *, among=None, onboarding_step: bool = True
) -> DeclareReport:
    """Make ``user``'s own declarations exactly ``declarations`` (``{submission id: reason}``) among the
    submissions ``among`` (ids shown on the page; default: all of the workshop's). Declarations of
    papers outside ``among`` stay; conflicts recorded by organizers or found by Confero stay. Marks the
    member's "conflicts declared" onboarding step (unless ``onboarding_step=False``: one conflict
    declared on the bidding page does not mean the member went through all submissions).

    The one service for a PC member's declarations: the declaration page and the bidding page
    (:func:`confero.bidding.services.declare_conflict`) both call it."""
    permissions.require(user, "committee.onboard", workshop)
    clean, errors = {}, {}
    for sid, reason in declarations.items():
        reason = " ".join((reason or "").split())
        if not reason:
            errors[f"reason-{sid}"] = "give the reason for this conflict (e.g. same lab, former advisor)"
        elif len(reason) > REASON_MAX:
            errors[f"reason-{sid}"] = f"the reason has {len(reason)} characters; at most {REASON_MAX}"
        clean[int(sid)] = reason
    if errors:
        raise ValidationError(errors)
    papers = Submission.objects.filter(workshop=workshop).exclude(status=Submission.Status.WITHDRAWN)
    scope = set(papers.values_list("pk", flat=True)) if among is None else {int(i) for i in among}
    report = DeclareReport()
    with transaction.atomic():
        subs = {s.pk: s for s in papers.filter(pk__in=set(clean) | scope).select_related("workshop")}
        unknown = sorted(set(clean) - set(subs))
        if unknown:
            raise ValidationError(f"no such submission in {workshop}: {', '.join(map(str, unknown))}")
        for sid in clean:
            permissions.require(user, "conflict.declare", subs[sid])
        rows = {
            c.submission_id: c
            for c in Conflict.objects.select_for_update().filter(
                workshop=workshop, person=user, submission_id__in=set(clean) | scope
            )
        }
        for sid, reason in sorted(clean.items()):
            row, sub = rows.get(sid), subs[sid]
            if row is None:
                row = Conflict.objects.create(
                    workshop=workshop,
                    submission=sub,
                    person=user,
                    origin=Conflict.Origin.REVIEWER,
                    status=Conflict.Status.CONFIRMED,
                    kinds=["declared"],
                    reason=reason,
                    decided_by=user,
                    decided_at=timezone.now(),
                )
                report.added.append(sub.number)
                _event("conflict.declared", row, user, f"{user.email} declared a conflict with #{sub.number}")
            elif row.origin == Conflict.Origin.REVIEWER and row.reason != reason:
                row.reason = reason
                row.save(update_fields=["reason"])
                report.changed.append(sub.number)
            elif row.status != Conflict.Status.CONFIRMED:
                # Found by Confero (potential) or dismissed by an organizer: the member's word confirms it.
                row.origin, row.status, row.reason = (
                    Conflict.Origin.REVIEWER,
                    Conflict.Status.CONFIRMED,
                    reason,
                )
                row.kinds = list(dict.fromkeys([*row.kinds, "declared"]))
                row.decided_by, row.decided_at = user, timezone.now()
                row.save(update_fields=["origin", "status", "reason", "kinds", "decided_by", "decided_at"])
                report.added.append(sub.number)
                _event("conflict.declared", row, user, f"{user.email} declared a conflict with #{sub.number}")
        for sid, row in rows.items():
            if sid in scope and sid not in clean and row.origin == Conflict.Origin.REVIEWER:
                number = subs[sid].number
                row.delete()
                report.removed.append(number)
                record(
                    "conflict.undeclared",
                    actor=user,
                    workshop=workshop,
                    obj=subs[sid],
                    summary=f"{user.email} withdrew their conflict declaration with #{number}",
                    number=number,
                    person=user.email,
                )
        if onboarding_step:
            mark_conflicts_declared(workshop, user)
    permissions.forget(user)
    return report


# --- decided by organizers ----------------------------------------------------------------------------


def decide(
    conflict: Conflict, status: str, *, actor, expected: str | None = None, note: str = ""
) -> Conflict:
    """Confirm or dismiss one pair. ``expected`` is the status the organizer saw: if another organizer
    changed it meanwhile, :class:`AlreadyDecided` says who and nothing changes."""
    if status not in DECISIONS:
        raise ValidationError({"status": f"decide 'confirmed' or 'dismissed', not {status!r}"})
    permissions.require(actor, "conflict.decide", conflict)
    _not_own(actor, conflict)
    expected = expected or conflict.status
    if expected == status:
        raise ValidationError(f"this conflict is {status} already")
    note = " ".join((note or "").split())[:REASON_MAX]
    with transaction.atomic():
        now = timezone.now()
        won = Conflict.objects.filter(pk=conflict.pk, status=expected).update(
            status=status, decided_by=actor, decided_at=now
        )
        if not won:
            fresh = Conflict.objects.select_related("decided_by").get(pk=conflict.pk)
            who = fresh.decided_by.name if fresh.decided_by else "someone"
            raise AlreadyDecided(
                f"#{conflict.submission.number} × {conflict.person}: {who} already marked it "
                f"{fresh.get_status_display().lower()}; nothing changed."
            )
        if note and not conflict.reason:
            Conflict.objects.filter(pk=conflict.pk).update(reason=note)
        conflict.refresh_from_db()
        # A conditional update sends no signal: every cached fact is stale, now and once committed.
        permissions.forget()
        transaction.on_commit(permissions.forget)
        _event(
            f"conflict.{status}",
            conflict,
            actor,
            f"conflict of {conflict.person.email} with #{conflict.submission.number} {status} (was {expected})",
            was=expected,
            note=note,
        )
    return conflict


@dataclass
class BulkReport:
    decided: list[Conflict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def decide_many(workshop, items: dict, status: str, *, actor) -> BulkReport:
    """Confirm or dismiss several pairs: ``{conflict id: status the organizer saw}``. Pairs the organizer
    may not decide, or that someone else decided meanwhile, are skipped with the reason."""
    permissions.require(actor, "conflict.queue", workshop)
    seen = {int(pk): expected for pk, expected in items.items()}
    report = BulkReport()
    rows = Conflict.objects.filter(workshop=workshop, pk__in=list(seen)).select_related(
        "submission", "person", "workshop"
    )
    for conflict in rows.order_by("submission__number", "person__name"):
        try:
            with transaction.atomic():
                report.decided.append(decide(conflict, status, actor=actor, expected=seen[conflict.pk]))
        except (ValidationError, permissions.Denied) as exc:
            reason = getattr(exc, "reason", None) or " ".join(getattr(exc, "messages", [str(exc)]))
            report.skipped.append(f"#{conflict.submission.number} × {conflict.person}: {reason}")
    return report


def add_conflict(workshop, submission: Submission, person, reason: str, *, actor) -> Conflict:
    """An organizer records a conflict by hand (confirmed). ``person`` is a PC member or organizer."""
    permissions.require(actor, "conflict.decide", submission)
    if submission.workshop_id != workshop.pk:
        raise ValidationError({"submission": f"#{submission.number} is not a submission of {workshop}"})
    if not Role.objects.filter(
        workshop=workshop, user=person, kind__in=[Role.Kind.PC, Role.Kind.ORGANIZER]
    ).exists():
        raise ValidationError({"person": f"{person} is neither on the program committee nor an organizer"})
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "say why (e.g. former advisor, same lab)"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"the reason has {len(reason)} characters; at most {REASON_MAX}"})
    with transaction.atomic():
        row = Conflict.objects.select_for_update().filter(submission=submission, person=person).first()
        if row is not None and row.status == Conflict.Status.CONFIRMED:
            raise ValidationError(f"{person} has a confirmed conflict with #{submission.number} already")
        if row is None:
            row = Conflict(workshop=workshop, submission=submission, person=person, kinds=["organizer"])
        was = row.status or "none"
        row.origin, row.status, row.reason = Conflict.Origin.ORGANIZER, Conflict.Status.CONFIRMED, reason
        row.decided_by, row.decided_at = actor, timezone.now()
        row.save()
        _event(
            "conflict.added",
            row,
            actor,
            f"{actor.email} recorded a conflict of {person.email} with #{submission.number}",
            was=was,
            reason=reason,
        )
    permissions.forget(actor, person)
    return row
