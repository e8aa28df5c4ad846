"""Delivery tasks. They take ids, so they run in a Celery worker or inline alike."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS - 1, acks_late=True, reject_on_worker_lost=True)
def deliver(self, mail_id: int) -> str:
    """One attempt; on failure Celery retries with the outbox's backoff. ``acks_late`` +
    ``reject_on_worker_lost``: a worker killed mid-attempt hands the message back to the broker (and the
    claim on the row is released by :func:`services.send_due` if the broker lost it too)."""
    status = services.deliver_now(mail_id)
    if status == services.Status.FAILED and self.request.retries < self.max_retries:
        delay = services.backoff(self.request.retries + 1)
        raise self.retry(countdown=delay.total_seconds())
    return status


@shared_task
def send_due() -> dict:
    """Periodic (Celery beat, every minute): stale claims released, due and lost mails sent."""
    return services.send_due()
