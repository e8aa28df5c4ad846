"""The decision pages and exports cost the same number of queries for 2 papers as for 5: permission
facts are loaded once, rows are fetched in bulk (no query per paper)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from confero.decisions import services
from confero.matching.models import Assignment
from confero.reviews.models import Review

pytestmark = pytest.mark.django_db

URLS = [
    "/osfm/manage/decisions/",
    "/osfm/manage/decisions/release/",
    "/osfm/manage/decisions/notices/",
    "/osfm/manage/decisions/exports/reviews.csv",
    "/osfm/manage/decisions/exports/scores.json",
    "/osfm/manage/decisions/exports/decisions.csv",
    "/osfm/manage/decisions/exports/assignments.csv",
    "/osfm/manage/decisions/exports/submissions.openreview",
    "/osfm/manage/decisions/exports/submissions.hotcrp",
]


def _add_papers(n, start, workshop, organizer, author, reviewers, make_data, upload, phase):
    from confero.submissions.services import create_submission

    phase("submission")  # papers are submitted in the submission phase, decided in the decision phase
    papers = [
        create_submission(
            workshop=workshop, user=author, data=make_data(author, title=f"Paper {i}"), pdf=upload()
        )
        for i in range(start, start + n)
    ]
    phase("decision")
    for i, paper in enumerate(papers, start=start):
        for label, reviewer in zip("AB", reviewers, strict=True):
            a = Assignment.objects.create(
                workshop=workshop, submission=paper, reviewer=reviewer, label=label, origin="manual"
            )
            Review.objects.create(
                assignment=a, submission=paper, reviewer=reviewer, status="submitted",
                submitted_at=timezone.now(), answers={"summary": "ok"}, overall=5, confidence=3,
            )  # fmt: skip
        services.stage(paper, outcome="accept" if i % 2 else "reject", note="n", actor=organizer)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_papers(
    client,
    workshop,
    organizer,
    author,
    make_user,
    make_data,
    upload,
    questions,
    phase,
    django_capture_on_commit_callbacks,
):
    reviewers = [make_user(email=f"r{i}@uni-r.org") for i in range(2)]
    _add_papers(2, 0, workshop, organizer, author, reviewers, make_data, upload, phase)
    with django_capture_on_commit_callbacks(execute=True):
        services.release(workshop, actor=organizer, numbers=[1])
    client.force_login(organizer)
    small = {url: _count(client, url) for url in URLS}
    _add_papers(3, 2, workshop, organizer, author, reviewers, make_data, upload, phase)
    with django_capture_on_commit_callbacks(execute=True):
        services.release(workshop, actor=organizer, numbers=[3, 4])
    large = {url: _count(client, url) for url in URLS}
    assert large == small
