"""Delivery task. Takes an id, so it can run in a Celery worker or inline."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def deliver(self, mail_id: int) -> str:
    from .services import deliver_now

    return deliver_now(mail_id)
