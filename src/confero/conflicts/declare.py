"""A PC member declares their own conflict of interest with a submission (e.g. from the bidding page).

The declaration is a confirmed conflict at once (``origin=reviewer``): it applies everywhere, like any
confirmed conflict. A potential or dismissed row for the same pair becomes confirmed (its evidence kept).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record

from .models import Conflict


@transaction.atomic
def declare(person, submission, *, reason: str = "") -> Conflict:
    """Record that ``person`` has a conflict with ``submission``; idempotent. Needs ``conflict.declare``."""
    permissions.require(person, "conflict.declare", submission)
    reason = (reason or "").strip()[:300]
    now = timezone.now()
    conflict, created = Conflict.objects.select_for_update().get_or_create(
        submission=submission,
        person=person,
        defaults={
            "workshop": submission.workshop,
            "origin": Conflict.Origin.REVIEWER,
            "status": Conflict.Status.CONFIRMED,
            "reason": reason,
            "decided_by": person,
            "decided_at": now,
        },
    )
    if not created:
        if conflict.status == Conflict.Status.CONFIRMED:
            return conflict
        conflict.status = Conflict.Status.CONFIRMED
        conflict.reason = reason or conflict.reason
        conflict.decided_by, conflict.decided_at = person, now
        conflict.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    record(
        "conflict.declared",
        actor=person,
        workshop=submission.workshop,
        obj=conflict,
        summary=f"conflict with #{submission.number} declared by the PC member",
        number=submission.number,
    )
    permissions.forget(person)
    return conflict
