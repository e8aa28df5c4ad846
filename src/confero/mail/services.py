"""Queue and deliver mail. Call :func:`queue_mail` inside the transaction that caused the mail: the
message is stored at once and handed to delivery only after the transaction commits.

Delivery is at-least-once and never loses a message:
- an attempt first *claims* the row (QUEUED/FAILED → SENDING, a conditional UPDATE, so two workers never
  send the same message at once, and no database lock is held while the SMTP server is talked to);
- success → SENT; failure → FAILED with the error and ``next_attempt_at`` after an exponential backoff
  (1, 2, 4, 8, 16 min … capped at 6 h) until :data:`MAX_ATTEMPTS`, then FAILED for good (an organizer
  retries from the admin);
- a worker killed mid-attempt leaves SENDING; :func:`send_due` makes such rows due again after
  :data:`STALE_CLAIM` and sends everything due. It runs from Celery beat every minute when a broker is
  configured, and from ``confero send-mail`` (cron) otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from confero.web.site import base_url

from .models import OutboxMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(hours=6)
STALE_CLAIM = dt.timedelta(minutes=10)
Status = OutboxMail.Status


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failed ones (1 → 1 min, 2 → 2 min, 3 → 4 min …)."""
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


ALLOWED_HEADERS = {"List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "Reply-To"}


def queue_mail(
    to: str, subject: str, body: str, *, kind: str = "", workshop=None, headers: dict | None = None
) -> OutboxMail:
    """Store a mail and deliver it after commit. ``headers``: extra headers among ALLOWED_HEADERS."""
    headers = dict(headers or {})
    unknown = set(headers) - ALLOWED_HEADERS
    if unknown:
        raise ValueError(f"mail header(s) not allowed: {', '.join(sorted(unknown))}")
    if any("\n" in str(v) or "\r" in str(v) for v in headers.values()):
        raise ValueError("a mail header value must be one line")
    mail = OutboxMail.objects.create(
        to=to, subject=subject, body=body, kind=kind, workshop=workshop, headers=headers
    )
    transaction.on_commit(lambda: dispatch(mail.pk))
    return mail


def queue_template(
    to: str, template: str, context: dict, *, kind: str = "", workshop=None, headers: dict | None = None
) -> OutboxMail:
    """Render ``template`` (first line ``Subject: ...``, then a blank line, then the body) and queue it."""
    text = render_to_string(template, {"base_url": base_url(), **context}).lstrip()
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"mail template {template} must start with 'Subject: '")
    return queue_mail(
        to,
        first.removeprefix("Subject:").strip(),
        body.lstrip("\n"),
        kind=kind,
        workshop=workshop,
        headers=headers,
    )


def dispatch(mail_id: int) -> None:
    """Hand a stored mail to delivery: a Celery worker when a broker is configured, else right now. Runs
    after commit, so an error here cannot undo what caused the mail; an unreachable broker leaves the
    mail QUEUED for :func:`send_due`."""
    from .tasks import deliver

    if settings.CELERY_TASK_ALWAYS_EAGER:
        deliver_now(mail_id)
        return
    try:
        deliver.delay(mail_id)
    except Exception as exc:  # broker down: the row stays QUEUED and send_due picks it up
        log.warning("mail %s stays queued: the task broker is unreachable (%s)", mail_id, exc)


def _claim(mail_id: int, now: dt.datetime) -> bool:
    return bool(
        OutboxMail.objects.filter(pk=mail_id, status__in=[Status.QUEUED, Status.FAILED]).update(
            status=Status.SENDING, claimed_at=now
        )
    )


def deliver_now(mail_id: int) -> str:
    """One delivery attempt, now (also for a mail that was given up: the admin's "retry" action). Returns
    the status afterwards. A sent mail is never sent again; a mail another attempt is sending is left to
    it."""
    now = timezone.now()
    if not _claim(mail_id, now):
        return OutboxMail.objects.filter(pk=mail_id).values_list("status", flat=True).first() or ""
    mail = OutboxMail.objects.get(pk=mail_id)
    attempts = mail.attempts + 1
    try:
        EmailMessage(
            mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], headers=mail.headers or None
        ).send()
    except Exception as exc:  # delivery problems are recorded on the row, never lost
        log.warning("mail %s to %s failed (attempt %s): %s", mail.pk, mail.to, attempts, exc)
        retry_at = now + backoff(attempts) if attempts < MAX_ATTEMPTS else None
        fields = {
            "status": Status.FAILED,
            "error": f"{type(exc).__name__}: {exc}",
            "next_attempt_at": retry_at,
        }
    else:
        fields = {"status": Status.SENT, "error": "", "sent_at": timezone.now(), "next_attempt_at": None}
    OutboxMail.objects.filter(pk=mail_id, status=Status.SENDING).update(
        attempts=attempts, claimed_at=None, **fields
    )
    return fields["status"]


def release_stale_claims(now: dt.datetime | None = None) -> int:
    """Mails left SENDING by an attempt that died (worker killed, server restarted) are due again at once
    (whether the server took the message before the attempt died is unknown: at-least-once)."""
    now = now or timezone.now()
    return OutboxMail.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Status.FAILED,
        claimed_at=None,
        next_attempt_at=now,
        error="the delivery attempt was interrupted",
    )


def due(now: dt.datetime | None = None):
    """Mails to (re)send now: queued for more than a minute (their dispatch was lost) or failed and due."""
    now = now or timezone.now()
    return OutboxMail.objects.filter(
        Q(status=Status.QUEUED, created_at__lt=now - dt.timedelta(minutes=1))
        | Q(status=Status.FAILED, next_attempt_at__lte=now)
    ).order_by("created_at")


def send_due(*, limit: int = 500) -> dict[str, int]:
    """Release stale claims and deliver what is due, oldest first. Returns counts by resulting status."""
    released = release_stale_claims()
    counts = {"released": released, Status.SENT: 0, Status.FAILED: 0}
    for mail_id in due().values_list("pk", flat=True)[:limit]:
        status = deliver_now(mail_id)
        if status in counts:
            counts[status] += 1
    return counts
