"""Decisions tests: the permission cast with a review form whose answers
carry markers, so a test can tell which audience's text reached a page, mail or export."""

from __future__ import annotations

import pytest
from django.utils import timezone

try:  # on main the cast lives in tests/cast.py and tests/conftest.py offers it to every directory
    from tests.cast import ROLES
except ImportError:  # before that move: reuse the permission tests' fixture (remove after the merge)
    from tests.permissions.conftest import ROLES, cast  # noqa: F401

# Marker texts: one per audience, plus the reviewers' names (which must never reach authors).
FOR_AUTHORS = "Solid open-data study AUTHORSEE"
FOR_REVIEWERS = "Between us reviewers REVIEWERSEE"
FOR_ORGANIZERS = "Confidential to chairs ORGSEE"


@pytest.fixture
def questions(workshop):
    from confero.reviews.models import ReviewQuestion as Q

    rows = [
        Q(workshop=workshop, key="summary", label="Summary", kind="text", audience="authors", position=0),
        Q(
            workshop=workshop, key="overall", label="Overall", kind="score", min_value=1, max_value=10,
            audience="authors", role="overall", position=1,
        ),
        Q(
            workshop=workshop, key="confidence", label="Confidence", kind="score", min_value=1, max_value=5,
            audience="authors", role="confidence", position=2,
        ),
        Q(workshop=workshop, key="to_reviewers", label="Note to co-reviewers", kind="text", audience="reviewers", position=3),
        Q(workshop=workshop, key="confidential", label="Confidential comments", kind="text", audience="organizers", position=4),
    ]  # fmt: skip
    Q.objects.bulk_create(rows)
    return rows


def answers_for(label: str) -> dict:
    return {
        "summary": f"{FOR_AUTHORS} {label}",
        "overall": 7,
        "confidence": 4,
        "to_reviewers": FOR_REVIEWERS,
        "confidential": FOR_ORGANIZERS,
    }


@pytest.fixture
def reviewed(cast, questions):  # noqa: F811 - the fixture imported above
    """The cast, its reviews answering every question (reviewer_done's is submitted)."""
    people, paper = cast
    for review in paper.reviews.select_related("assignment"):
        review.answers = answers_for(review.assignment.label)
        review.overall, review.confidence = 7, 4
        review.save(update_fields=["answers", "overall", "confidence"])
    return people, paper


@pytest.fixture
def phase(workshop):
    """phase("decision") switches the workshop's running phase (and forgets cached phases)."""
    from confero.phases import services as phases

    def switch(kind: str):
        phases.switch_to(workshop, kind, actor=None)
        phases.forget(workshop)

    return switch


def fresh(user):
    """The user with forgotten permission facts (after roles, managers… changed)."""
    from confero import permissions

    permissions.forget(user)
    return user


def now():
    return timezone.now()
