"""Fixtures for the organizer dashboard: submissions created directly through the ORM (so tests can set
page counts over the limit, withdrawn states and numbers freely; test_with_services.py uses the real
submission service)."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_submission(workshop, make_user):
    """Create a submission with the given authors [(name, email, affiliation)], topics and page counts."""
    from django.utils import timezone

    from confero.submissions.models import ArtifactLink, Submission, SubmissionAuthor

    state = {"number": 0, "creator": None}

    def make(
        title="A paper",
        *,
        abstract="We study open models.",
        category="short",
        topic="open-datasets",
        secondary=None,
        authors=None,
        status="submitted",
        main_pages=4,
        pages=6,
        artifacts=(),
        previously_published=False,
        ws=None,
    ):
        ws = ws or workshop
        if state["creator"] is None:
            state["creator"] = make_user(email="submitter@uni-z.edu", name="Sam Submitter")
        state["number"] += 1
        sub = Submission.objects.create(
            workshop=ws,
            number=state["number"],
            title=title,
            abstract=abstract,
            category=ws.categories.get(key=category),
            primary_topic=ws.topics.get(key=topic),
            secondary_topic=ws.topics.get(key=secondary) if secondary else None,
            status=status,
            withdrawn_at=timezone.now() if status == "withdrawn" else None,
            previously_published=previously_published,
            policies_agreed=True,
            pdf_pages=pages,
            pdf_main_pages=main_pages,
            pdf_references_page=main_pages + 1 if pages > main_pages else None,
            created_by=state["creator"],
        )
        for i, (name, email, affiliation) in enumerate(
            authors or [(f"Author {sub.number}", f"a{sub.number}@uni-x.edu", "Uni X")]
        ):
            SubmissionAuthor.objects.create(
                submission=sub, order=i, name=name, email=email, affiliation=affiliation
            )
        for kind, url in artifacts:
            ArtifactLink.objects.create(submission=sub, kind=kind, url=url)
        return sub

    return make


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do
