"""Read-only queries other apps use: accepted papers, and the orals and awards picked."""

from __future__ import annotations

from confero.decisions.models import Decision
from confero.submissions.models import Submission

from .models import Kind, Pick


def accepted(workshop):
    """Accepted papers: a released decision whose outcome is "accept", not withdrawn."""
    return Submission.objects.filter(
        workshop=workshop,
        status=Submission.Status.SUBMITTED,
        decision__outcome=Decision.Outcome.ACCEPT,
        decision__released_at__isnull=False,
    ).order_by("number")


def picked(workshop, kind: str) -> list:
    """The submissions picked as ``kind`` ("oral" or "award"), in order (orals: their order in the block)."""
    rows = Pick.objects.filter(workshop=workshop, kind=kind).select_related("submission").order_by("position")
    return [p.submission for p in rows]


def marks(workshop) -> dict[int, set[str]]:
    """Submission id -> {"oral", "award"} for every picked paper."""
    out: dict[int, set[str]] = {}
    for submission_id, kind in Pick.objects.filter(workshop=workshop).values_list("submission_id", "kind"):
        out.setdefault(submission_id, set()).add(kind)
    return out


def limit(workshop, kind: str) -> int:
    return workshop.num_orals if kind == Kind.ORAL else workshop.num_awards
