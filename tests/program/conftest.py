"""Accepted papers with reviews, written straight to the database (the review and decision pages are
other slices'): six accepted papers, one rejected, one accepted but not yet released.

People: Ana Lee is an author of #1 and #2, Bo Chen of #2 and #3 — so #1/#2 and #2/#3 must be in
different poster sessions. The organizer ``org_conflicted`` has a conflict with #1 (declared by its
authors). Reviews (overall, confidence, recommendation) rank #3 first, then #1, #2, #5, #4, #6.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

REVIEWS = {  # number -> [(overall, confidence, recommendation)]
    1: [(8, 4, "oral"), (7, 2, "none")],
    2: [(7, 3, "award"), (6, 3, "none")],
    3: [(9, 5, "oral"), (8, 4, "award"), (7, 1, "none")],
    4: [(5, 3, "none")],
    5: [(6, 2, "none"), (6, 4, "oral")],
    6: [(4, 5, "none")],
}
AUTHORS = {
    1: [("Ana Lee", "ana@uni-a.edu"), ("Cy Diaz", "cy@uni-c.edu")],
    2: [("Ana Lee", "ana@uni-a.edu"), ("Bo Chen", "bo@uni-b.edu")],
    3: [("Bo Chen", "bo@uni-b.edu")],
    4: [("Dee Ford", "dee@uni-d.edu")],
    5: [("Eve Gold", "eve@uni-e.edu")],
    6: [("Fay Hart", "fay@uni-f.edu")],
    7: [("Gus Ives", "gus@uni-g.edu")],
    8: [("Hal Jones", "hal@uni-h.edu")],
}
TOPICS = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 2, 7: 0, 8: 1}


def make_paper(workshop, number, creator, *, authors, topic, outcome="accept", released=True):
    from confero.decisions.models import Decision
    from confero.submissions.models import Submission, SubmissionAuthor

    paper = Submission.objects.create(
        workshop=workshop,
        number=number,
        title=f"Paper {number} on open models",
        abstract="An abstract.",
        category=workshop.categories.get(key="short"),
        primary_topic=workshop.topics.order_by("order")[topic],
        previously_published=False,
        policies_agreed=True,
        created_by=creator,
    )
    for i, (name, email) in enumerate(authors):
        SubmissionAuthor.objects.create(submission=paper, order=i, name=name, email=email)
    now = timezone.now()
    Decision.objects.create(
        submission=paper, outcome=outcome, staged_at=now, released_at=now if released else None
    )
    return paper


def add_review(paper, reviewer, label, overall, confidence, recommendation):
    from confero.matching.models import Assignment
    from confero.reviews.models import Review

    assignment = Assignment.objects.create(
        workshop=paper.workshop, submission=paper, reviewer=reviewer, label=label, origin="manual"
    )
    return Review.objects.create(
        assignment=assignment,
        submission=paper,
        reviewer=reviewer,
        status="submitted",
        submitted_at=timezone.now(),
        answers={"recommend": recommendation},
        overall=overall,
        confidence=confidence,
    )


@pytest.fixture
def accepted(workshop, organizer, make_user):
    """{number: Submission} for #1-#8 (#7 rejected, #8 accepted but not released) and the people."""
    from confero.people.models import Role
    from confero.reviews.models import ReviewQuestion
    from confero.submissions.models import DeclaredConflict

    ReviewQuestion.objects.create(
        workshop=workshop,
        key="recommend",
        label="Recommend for an oral or an award?",
        kind="choice",
        choices=[["none", "No"], ["oral", "Oral"], ["award", "Award"]],
        role="recommendation",
    )
    reviewers = [make_user(email=f"rev{i}@pc.example.org", name=f"Reviewer {i}") for i in range(3)]
    for r in reviewers:
        Role.objects.create(workshop=workshop, user=r, kind=Role.Kind.PC)
    papers = {}
    for number, authors in AUTHORS.items():
        outcome = "reject" if number == 7 else "accept"
        papers[number] = make_paper(
            workshop,
            number,
            organizer,
            authors=authors,
            topic=TOPICS[number],
            outcome=outcome,
            released=number != 8,
        )
        for (overall, confidence, rec), reviewer, label in zip(
            REVIEWS.get(number, []), reviewers, "ABC", strict=False
        ):
            add_review(papers[number], reviewer, label, overall, confidence, rec)
    conflicted = make_user(email="conflicted@org.example.org", name="Connie Conflicted")
    Role.objects.create(workshop=workshop, user=conflicted, kind=Role.Kind.ORGANIZER)
    DeclaredConflict.objects.create(submission=papers[1], person=conflicted, reason="same lab")
    second = make_user(email="second@org.example.org", name="Sam Second")
    Role.objects.create(workshop=workshop, user=second, kind=Role.Kind.ORGANIZER)
    return {"papers": papers, "organizer": organizer, "conflicted": conflicted, "second": second}
