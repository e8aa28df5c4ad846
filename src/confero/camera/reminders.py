"""Reminding authors of accepted papers of what their camera-ready still lacks, by an organizer's click
or by ``confero send-camera-reminders`` from cron.

A paper's authors are reminded at most once a day (per UTC calendar day), through the outbox, with an
audit record; only while the camera-ready step is open, only papers with something missing, and not
after the paper's deadline (with its extension) has passed. An organizer's reminders go only to papers
that organizer oversees (not an author of it, no conflict).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.mail.services import queue_template
from confero.phases.services import current as current_phase

from .deadlines import deadline_info
from .models import CameraReminder
from .selectors import accepted, camera_of
from .status import ITEMS, missing, oral_ids


@dataclass
class ReminderResult:
    sent: list = field(default_factory=list)  # submissions whose authors were reminded now
    recent: list = field(default_factory=list)  # reminded today already
    closed: list = field(default_factory=list)  # their deadline has passed
    complete: int = 0  # nothing missing


def _start_of_day(now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time.min, tzinfo=dt.UTC)


def _claim(submission, now: dt.datetime) -> bool:
    """Take today's reminder slot of ``submission`` (False when its authors were reminded today)."""
    taken = CameraReminder.objects.filter(submission=submission, last_sent_at__lt=_start_of_day(now)).update(
        last_sent_at=now, sent_count=F("sent_count") + 1
    )
    if taken:
        return True
    if CameraReminder.objects.filter(submission=submission).exists():
        return False
    try:
        with transaction.atomic():
            CameraReminder.objects.create(submission=submission, last_sent_at=now)
    except IntegrityError:
        return False
    return True


def reminder_times(workshop) -> dict[int, dt.datetime]:
    """submission id -> when its authors were last reminded."""
    return dict(
        CameraReminder.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "last_sent_at"
        )
    )


def send_reminders(workshop, *, actor=None, numbers=None, now: dt.datetime | None = None) -> ReminderResult:
    """Remind the authors of every accepted paper with missing items (or of the papers ``numbers``).
    ``actor`` is the organizer who asked (None for the cron command)."""
    now = now or timezone.now()
    if actor is not None:
        permissions.require(actor, "camera.manage", workshop, now=now)
    phase = current_phase(workshop, now)
    if not phase.camera_ready_open:
        raise ValidationError(
            f"The camera-ready step is not open in the {phase.get_kind_display().lower()} phase, so no reminders "
            "are sent (open it in the phase settings first)."
        )
    subs = accepted(workshop).select_related("camera").prefetch_related("authors")
    if numbers is not None:
        subs = subs.filter(number__in=list(numbers))
    orals = oral_ids(workshop)
    result = ReminderResult()
    for sub in subs:
        sub.workshop = workshop
        if actor is not None and not permissions.can(actor, "camera.oversee", sub, now=now):
            continue
        camera = camera_of(sub)
        lacking = missing(camera, oral=sub.pk in orals)
        if not lacking:
            result.complete += 1
            continue
        deadline = deadline_info(workshop, camera)
        if deadline is not None and deadline.has_passed(now):
            result.closed.append(sub)
            continue
        with transaction.atomic():
            if not _claim(sub, now):
                result.recent.append(sub)
                continue
            for author in sub.authors.all():
                queue_template(
                    author.email,
                    "camera/mail/reminder.txt",
                    {
                        "workshop": workshop,
                        "author": author,
                        "submission": sub,
                        "title": camera.title if camera else sub.title,
                        "items": [ITEMS[k] for k in lacking],
                        "deadline": deadline,
                        "path": reverse("camera:edit", args=[workshop.slug, sub.number]),
                    },
                    kind="camera_reminder",
                    workshop=workshop,
                )
            record(
                "camera.reminded",
                actor=actor,
                workshop=workshop,
                obj=sub,
                summary=f"#{sub.number} authors reminded of the camera-ready ({', '.join(lacking)})"
                + (" (daily reminder)" if actor is None else ""),
                number=sub.number,
                missing=lacking,
            )
        result.sent.append(sub)
    return result
