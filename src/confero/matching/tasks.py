"""Background task of matching runs. It takes the run's id, so it runs in a Celery worker or a thread."""

from __future__ import annotations

from celery import shared_task

from . import pipeline


@shared_task(bind=True)
def run_matching(self, run_id: int) -> None:
    """Run the queued matching run ``run_id`` to its end (see :func:`pipeline.execute`)."""
    worker = f"celery task {self.request.id} on {self.request.hostname}" if self.request.id else None
    pipeline.execute(run_id, background=True, worker=worker)
