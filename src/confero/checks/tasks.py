"""Celery task of the checks. It takes an id, so it runs in a worker or a thread alike."""

from __future__ import annotations

from celery import shared_task


@shared_task
def run_checks(run_id: int) -> None:
    """Execute the queued check run ``run_id`` (see :func:`confero.checks.runner.execute`)."""
    from .runner import execute

    execute(run_id)
