"""Hand mail that was stored but never delivered back to delivery (after a crash).

Every mail is a row in the outbox first (confero.mail); delivery is queued when the transaction commits.
A web process killed between the commit and the hand-over to Celery, a worker killed while sending (its
task was already taken off the queue), or a broker that lost its queue, leave rows in "queued" for good.
This finds them (older than a grace period, so mail still on its way is not sent twice) and queues them
again through the normal delivery task, which skips mail already sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from confero.mail.models import OutboxMail

DEFAULT_OLDER_THAN = 600  # seconds


@dataclass
class RequeueReport:
    requeued: list[int] = field(default_factory=list)
    failed_to_queue: list[tuple[int, str]] = field(default_factory=list)


def stale_mail(*, older_than: float = DEFAULT_OLDER_THAN, include_failed: bool = False, now=None):
    now = now or timezone.now()
    statuses = [OutboxMail.Status.QUEUED] + ([OutboxMail.Status.FAILED] if include_failed else [])
    return OutboxMail.objects.filter(
        status__in=statuses, created_at__lte=now - dt.timedelta(seconds=older_than)
    ).order_by("pk")


def requeue(ids: list[int]) -> RequeueReport:
    """Queue delivery of these mails again (a Celery task when a broker is set, otherwise at once)."""
    from django.conf import settings

    from confero.mail.services import deliver_now
    from confero.mail.tasks import deliver

    if settings.CELERY_TASK_ALWAYS_EAGER:
        send = deliver_now
    else:
        from confero.web.celery import app  # the configured Celery app (broker, serializer, ...)

        send = lambda mail_id: app.send_task(deliver.name, args=[mail_id])  # noqa: E731
    report = RequeueReport()
    for mail_id in ids:
        try:
            send(mail_id)
        except Exception as exc:  # noqa: BLE001 - one broken mail or broker hiccup must not stop the rest
            report.failed_to_queue.append((mail_id, f"{type(exc).__name__}: {exc}"))
        else:
            report.requeued.append(mail_id)
    return report
