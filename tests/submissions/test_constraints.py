"""Database constraints hold the submission invariants even for code that bypasses the services."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from confero.submissions.models import DeclaredConflict, Submission, SubmissionAuthor, SubmissionVersion


@pytest.mark.parametrize(
    "update",
    [
        {"number": 0},
        {"version": 0},
        {"title": ""},
        {"policies_agreed": False},
        {"pdf_references_page": 99},
        {"pdf_appendix_page": 0},
        {"status": "withdrawn"},
    ],
)
def test_submission_constraints(submission, update):
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(**update)


def test_topics_must_differ(submission):
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(secondary_topic=submission.primary_topic)


def test_number_unique_per_workshop(submission, make_data, author, upload):
    from confero.submissions import services

    other = services.create_submission(
        workshop=submission.workshop, user=author, data=make_data(author), pdf=upload()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=other.pk).update(number=submission.number)


def test_related_rows(submission, pc_member):
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionAuthor.objects.create(submission=submission, order=5, email="", name="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionAuthor.objects.create(
            submission=submission, order=1, email="z@y.org", name="Z"
        )  # order taken
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclaredConflict.objects.create(submission=submission, person=pc_member, reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionVersion.objects.create(submission=submission, number=1, action="edited")  # exists
