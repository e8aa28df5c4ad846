"""Two saves of the same submission at once never lose one silently.

The thread tests run on every database (SQLite serialises writers with BEGIN IMMEDIATE, PostgreSQL with
row locks). The guard test simulates a writer slipping in between the version check and the write.
"""

from __future__ import annotations

import time

import pytest

from confero.submissions import services
from confero.submissions.models import Submission
from tests.concurrency import run_together


def test_conditional_update_catches_a_writer_that_slipped_in(submission, author, make_data, monkeypatch):
    real = services.snapshot_of_data

    def sneaky(*args, **kwargs):
        # Another process writes version 2 after our version check but before our UPDATE.
        Submission.objects.filter(pk=submission.pk).update(version=2, title="Their edit")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "snapshot_of_data", sneaky)
    with pytest.raises(services.StaleVersion):
        services.update_submission(
            submission, user=author, data=make_data(author, title="Our edit"), expected_version=1
        )


@pytest.mark.django_db(transaction=True)
def test_two_threads_save_the_same_version(workshop, author, make_data, upload, monkeypatch):
    sub = services.create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())
    real = services._write_people

    def slow_write(*args, **kwargs):
        time.sleep(0.3)  # hold the row lock long enough for the other save to queue behind it
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_people", slow_write)
    titles = ["Edit from laptop", "Edit from phone"]
    results = run_together(
        [
            lambda t=t: services.update_submission(
                Submission.objects.get(pk=sub.pk),
                user=author,
                data=make_data(author, title=t),
                expected_version=1,
            )
            for t in titles
        ]
    )
    stale = [r for r in results if isinstance(r, services.StaleVersion)]
    saved = [r for r in results if isinstance(r, Submission)]
    assert len(stale) == 1 and len(saved) == 1, results
    fresh = Submission.objects.get(pk=sub.pk)
    assert fresh.version == 2 and fresh.title == saved[0].title
    assert list(fresh.versions.values_list("number", flat=True).order_by("number")) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_parallel_creates_get_distinct_numbers(workshop, author, make_data, upload):
    pdfs = [upload() for _ in range(3)]
    results = run_together(
        [
            lambda p=p, i=i: services.create_submission(
                workshop=workshop, user=author, data=make_data(author, title=f"Paper {i}"), pdf=p
            )
            for i, p in enumerate(pdfs)
        ]
    )
    assert all(isinstance(r, Submission) for r in results), results
    assert sorted(r.number for r in results) == [1, 2, 3]
