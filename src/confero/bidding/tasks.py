"""Background tasks of bidding. They take ids, so they run in a Celery worker or a thread alike."""

from __future__ import annotations

from celery import shared_task

from . import affinity


@shared_task
def compute_affinity(matrix_id: int) -> None:
    """Complete the COMPUTING affinity matrix ``matrix_id``."""
    affinity.run_computation(matrix_id)
