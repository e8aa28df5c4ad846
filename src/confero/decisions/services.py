"""Every change to decisions and paper managers: stage, discard, release, set a manager.

Rules (the permission table says who; these functions ask it, so pages, imports and commands agree):
- accept / reject are staged by an organizer who oversees the paper (not an author, no conflict) and is
  its manager when it has one, while the phase lets organizers decide (``decision.set``);
- desk reject: the same people, in any phase once submissions have closed, for an active paper
  (``decision.desk_reject``);
- staged decisions reach authors only when released (``decision.release``; each decision only by an
  organizer who oversees its paper). A release is numbered, kept for good, audited and mailed; a decision
  changed after its release is released again as a new release and mailed again;
- concurrency: each change names the version it was based on; a change based on an older version is
  refused (:class:`StaleDecision`) instead of silently overwriting another organizer's decision.

The audit log (read by every organizer, conflicted or not) names the paper and who did what, never the
outcome; outcomes are on the paper's decision page for those who may see it.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.people.models import Role
from confero.submissions.models import Submission

from . import notify
from .models import Decision, DecisionRelease

OUTCOMES = {value for value, _ in Decision.Outcome.choices}


class StaleDecision(ValidationError):
    """Another organizer changed this decision since the version the change was based on."""


def action_for(outcome: str) -> str:
    """The permission an outcome needs: desk rejections have their own rule."""
    return "decision.desk_reject" if outcome == Decision.Outcome.DESK_REJECT else "decision.set"


def _lock(submission) -> tuple[Submission, Decision | None]:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    return locked, Decision.objects.select_for_update().filter(submission=locked).first()


def _check_version(decision: Decision | None, expected: int | None, number: int) -> None:
    current = decision.version if decision else 0
    if expected is None or expected == current:
        return
    if decision is None:
        raise StaleDecision(
            f"The decision on #{number} was discarded meanwhile by another organizer. Nothing was "
            "saved: reload the page."
        )
    who = decision.staged_by.name if decision.staged_by else "another organizer"
    raise StaleDecision(
        f"The decision on #{number} was changed meanwhile by {who} (it is now "
        f"“{decision.get_outcome_display()}”, version {decision.version}; your change was based on "
        f"version {expected}). Nothing was saved: reload the page and decide again."
    )


@transaction.atomic
def stage(submission, *, outcome: str, note: str = "", actor, expected_version: int | None = None):
    """Stage ``outcome`` (accept, reject, desk_reject) with a ``note`` to the authors. Returns the
    decision (unchanged when it already said exactly this). ``expected_version``: the version the
    organizer saw (0: no decision yet); None skips the check (imports)."""
    if outcome not in OUTCOMES:
        raise ValidationError(
            {"outcome": f"unknown outcome {outcome!r}; outcomes are {', '.join(sorted(OUTCOMES))}"}
        )
    note = (note or "").strip()
    submission, decision = _lock(submission)
    permissions.require(actor, action_for(outcome), submission)
    if decision is not None and decision.outcome != outcome:
        permissions.require(actor, action_for(decision.outcome), submission)
    if submission.is_withdrawn:
        raise ValidationError(f"#{submission.number} was withdrawn; withdrawn papers get no decision")
    _check_version(decision, expected_version, submission.number)
    if decision is not None and (decision.outcome, decision.note) == (outcome, note):
        return decision
    now = timezone.now()
    if decision is None:
        decision = Decision.objects.create(
            submission=submission, outcome=outcome, note=note, staged_by=actor, staged_at=now
        )
    else:
        decision.outcome, decision.note = outcome, note
        decision.staged_by, decision.staged_at = actor, now
        decision.version += 1
        decision.save(update_fields=["outcome", "note", "staged_by", "staged_at", "version"])
    record(
        "decision.staged",
        actor=actor,
        workshop=submission.workshop,
        obj=submission,
        summary=f"decision on #{submission.number} staged (version {decision.version}, {decision.state})",
        number=submission.number,
        version=decision.version,
        state=decision.state,
    )
    return decision


@transaction.atomic
def discard(submission, *, actor, expected_version: int | None = None) -> Decision | None:
    """Drop what is staged: a never-released decision disappears; a released one goes back to what
    authors were given. Returns the decision afterwards (None when it disappeared)."""
    submission, decision = _lock(submission)
    if decision is None:
        raise ValidationError(f"#{submission.number} has no staged decision")
    permissions.require(actor, action_for(decision.outcome), submission)
    _check_version(decision, expected_version, submission.number)
    if not decision.is_pending:
        raise ValidationError(
            f"the decision on #{submission.number} is released as it stands; to change it, stage "
            "another outcome and release it again"
        )
    if decision.released_outcome:
        decision.outcome, decision.note = decision.released_outcome, decision.released_note
        decision.version += 1
        decision.save(update_fields=["outcome", "note", "version"])
        summary = f"staged change to the decision on #{submission.number} discarded"
    else:
        decision.delete()
        decision = None
        summary = f"staged decision on #{submission.number} discarded"
    record(
        "decision.discarded",
        actor=actor,
        workshop=submission.workshop,
        obj=submission,
        summary=summary,
        number=submission.number,
    )
    return decision


def pending(workshop, actor):
    """Decisions ``actor`` may release now: staged and not yet given to authors as they stand, of
    active papers the actor oversees."""
    rows = (
        Decision.objects.filter(submission__workshop=workshop, submission__status=Submission.Status.SUBMITTED)
        .select_related("submission", "staged_by")
        .order_by("submission__number")
    )
    for d in rows:
        d.submission.workshop = workshop  # one workshop object: its phase is looked up once
    return [d for d in rows if d.is_pending and permissions.can(actor, "decision.view_staged", d.submission)]


@transaction.atomic
def release(workshop, *, actor, numbers=None) -> list[DecisionRelease]:
    """Release staged decisions to their authors: all the actor may release, or only papers
    ``numbers``. Each becomes a numbered release, audited, and its authors are mailed (after commit).
    Releasing again what is already released changes and mails nothing."""
    permissions.require(actor, "decision.release", workshop)
    # Lock the workshop's decisions first: a decision staged or released by someone else meanwhile is
    # either in this release as it stands after their change, or not in it.
    list(
        Decision.objects.select_for_update(of=("self",))
        .filter(submission__workshop=workshop)
        .values_list("pk")
    )
    candidates = {d.submission.number: d for d in pending(workshop, actor)}
    if numbers is not None:
        wanted = sorted({int(n) for n in numbers})
        missing = [n for n in wanted if n not in candidates]
        if missing:
            raise ValidationError(
                "nothing to release for "
                + ", ".join(f"#{n}" for n in missing)
                + " (no staged change, withdrawn, or a paper you may not see)"
            )
        candidates = {n: candidates[n] for n in wanted}
    if not candidates:
        return []
    now, batch = timezone.now(), uuid.uuid4().hex
    last = dict(
        DecisionRelease.objects.filter(decision__in=candidates.values())
        .values("decision")
        .annotate(last=Max("number"))
        .values_list("decision", "last")
    )
    releases = []
    for number, decision in sorted(candidates.items()):
        rel = DecisionRelease.objects.create(
            decision=decision,
            number=last.get(decision.pk, 0) + 1,
            outcome=decision.outcome,
            note=decision.note,
            batch=batch,
            released_at=now,
            released_by=actor,
        )
        decision.released_outcome, decision.released_note = decision.outcome, decision.note
        decision.released_at, decision.released_by = now, actor
        decision.version += 1
        decision.save(
            update_fields=["released_outcome", "released_note", "released_at", "released_by", "version"]
        )
        record(
            "decision.released",
            actor=actor,
            workshop=workshop,
            obj=decision.submission,
            summary=f"decision on #{number} released (release {rel.number})",
            number=number,
            release=rel.number,
            batch=batch,
        )
        releases.append(rel)
    record(
        "decisions.released",
        actor=actor,
        workshop=workshop,
        summary=f"{len(releases)} decision(s) released: " + ", ".join(f"#{n}" for n in sorted(candidates)),
        batch=batch,
        numbers=sorted(candidates),
    )
    notify.send(releases, actor=actor)
    return releases


def manager_candidates(submission) -> list:
    """The workshop's organizers who may manage ``submission`` (neither its authors nor conflicted)."""
    from confero.people.models import User

    users = User.objects.filter(
        roles__workshop=submission.workshop, roles__kind=Role.Kind.ORGANIZER, is_active=True
    ).order_by("name", "email")
    return [u for u in users if permissions.can(u, "decision.view_staged", submission)]


@transaction.atomic
def set_manager(submission, manager, *, actor):
    """Make ``manager`` (an organizer without a conflict; None: nobody) the paper's manager: only they
    then take its decision. Audited."""
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("manager").get(pk=submission.pk)
    )
    permissions.require(actor, "submission.set_manager", submission)
    old = submission.manager
    if manager is not None and manager.pk not in {u.pk for u in manager_candidates(submission)}:
        who = manager.name or manager.email
        raise ValidationError(
            {
                "manager": f"{who} cannot manage #{submission.number}: only organizers of this "
                "workshop who are neither its authors nor in conflict with it"
            }
        )
    if (old.pk if old else None) == (manager.pk if manager else None):
        return submission
    submission.manager = manager
    submission.save(update_fields=["manager"])
    name = (manager.name or manager.email) if manager else "nobody (any organizer without a conflict)"
    record(
        "submission.manager_set",
        actor=actor,
        workshop=submission.workshop,
        obj=submission,
        summary=f"manager of #{submission.number}: {name}",
        number=submission.number,
        manager=manager.email if manager else None,
        previous=old.email if old else None,
    )
    permissions.forget(old, manager, actor)
    return submission
