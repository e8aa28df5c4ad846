"""Periodic job of the paper feed (Celery beat, hourly; ``confero send-digests`` from cron otherwise)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_digests() -> dict:
    from . import digests

    return digests.send_digests()
