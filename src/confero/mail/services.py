"""Queue and deliver mail. Call :func:`queue_mail` inside the transaction that caused the mail: the
message is stored at once and handed to delivery only after the transaction commits."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from confero.web.site import base_url

from .models import OutboxMail

log = logging.getLogger(__name__)


def queue_mail(to: str, subject: str, body: str, *, kind: str = "", workshop=None) -> OutboxMail:
    mail = OutboxMail.objects.create(to=to, subject=subject, body=body, kind=kind, workshop=workshop)
    transaction.on_commit(lambda: _dispatch(mail.pk))
    return mail


def queue_template(to: str, template: str, context: dict, *, kind: str = "", workshop=None) -> OutboxMail:
    """Render ``template`` (first line ``Subject: ...``, then a blank line, then the body) and queue it."""
    text = render_to_string(template, {"base_url": base_url(), **context}).lstrip()
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"mail template {template} must start with 'Subject: '")
    return queue_mail(
        to, first.removeprefix("Subject:").strip(), body.lstrip("\n"), kind=kind, workshop=workshop
    )


def _dispatch(mail_id: int) -> None:
    from .tasks import deliver

    if settings.CELERY_TASK_ALWAYS_EAGER:
        deliver_now(mail_id)
    else:
        deliver.delay(mail_id)


def deliver_now(mail_id: int) -> str:
    mail = OutboxMail.objects.get(pk=mail_id)
    if mail.status == OutboxMail.Status.SENT:
        return mail.status
    mail.attempts += 1
    try:
        EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to]).send()
    except Exception as exc:  # delivery problems are recorded on the row, never lost
        log.warning("mail %s to %s failed: %s", mail.pk, mail.to, exc)
        mail.status, mail.error = OutboxMail.Status.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        mail.status, mail.error, mail.sent_at = OutboxMail.Status.SENT, "", timezone.now()
    mail.save(update_fields=["status", "error", "sent_at", "attempts"])
    return mail.status
