"""Fixtures for reviewing: a paper with three assigned PC members in the reviewing phase (``team``), and
helpers to switch phases and fill in reviews (the 13-role ``cast`` comes from tests/cast.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from confero import permissions
from tests.cast import ROLES  # noqa: F401 - the cast fixture itself comes from tests/conftest.py

FULL = {
    "summary": "It merges open checkpoints.",
    "strengths": "Clear **ablations**.",
    "weaknesses": "One dataset only.",
    "openness": "Code and weights are released.",
    "overall": "7",
    "confidence": "4",
    "recommendation": "oral",
    "confidential": "The authors may know reviewer B.",
}


def switch(workshop, kind, *people):
    """Make ``kind`` the running phase and forget what was cached about it and about ``people``."""
    from confero.phases import services as phases

    phases.switch_to(workshop, kind, actor=None)
    phases.forget(workshop)
    for user in people:
        permissions.forget(user)


def review_deadline(workshop, *, days: float):
    from confero.workshops.models import Deadline

    Deadline.objects.update_or_create(
        workshop=workshop, kind="review", defaults={"at": timezone.now() + dt.timedelta(days=days)}
    )
    workshop.refresh_from_db()


@dataclass
class Team:
    workshop: object
    paper: object
    author: object
    organizer: object
    reviewers: dict  # label -> user
    assignments: dict  # label -> Assignment


@pytest.fixture
def team(workshop, make_user, make_data, upload, organizer, django_capture_on_commit_callbacks):
    """Paper #1 by Ada Author, reviewed by three PC members as Reviewer A, B and C; reviewing phase, review
    deadline in a week."""
    from confero.matching.models import Assignment
    from confero.people.models import Role
    from confero.submissions.services import create_submission

    author = make_user(email="ada@authors.example.org", name="Ada Author")
    with django_capture_on_commit_callbacks(execute=True):
        paper = create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())
    reviewers, assignments = {}, {}
    for label, name in (("A", "Rita Reviewer"), ("B", "Bob Reviewer"), ("C", "Cleo Reviewer")):
        user = make_user(email=f"{name.split()[0].lower()}@pc.example.org", name=name)
        Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
        reviewers[label] = user
        assignments[label] = Assignment.objects.create(
            workshop=workshop, submission=paper, reviewer=user, label=label, origin="manual"
        )
    switch(workshop, "reviewing")
    review_deadline(workshop, days=7)
    mail.outbox.clear()  # the submission receipt
    return Team(workshop, paper, author, organizer, reviewers, assignments)


def submit(team, label, **answers):
    """Reviewer ``label`` submits a complete review (FULL overridden by ``answers``)."""
    from confero.reviews import services

    user = team.reviewers[label]
    review = user.reviews.filter(submission=team.paper).first()
    result = services.submit_review(
        team.paper, user=user, answers={**FULL, **answers}, expected_version=review.version if review else 0
    )
    permissions.forget(user)
    return result
