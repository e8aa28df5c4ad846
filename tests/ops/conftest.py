"""Fixtures for the operations tests: submissions with real PDFs, made through the services."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from confero.submissions.samplepdf import make_pdf


def paper(title: str, main: int = 3) -> ContentFile:
    pages = [f"{title}\nSection {i + 1}\nMain text on page {i + 1}." for i in range(main)]
    pages.append("References\n[1] A. Author. A paper. 2024.")
    return ContentFile(make_pdf(pages, title=title), name="paper.pdf")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def submit(workshop):
    """submit(user, title) -> a new submission (version 1) by ``user`` with a real PDF."""
    from confero.submissions.services import AuthorData, SubmissionData, create_submission

    def make(user, title: str = "Open data for open models", coauthor: str | None = None):
        authors = [AuthorData(user.name, user.email, "Uni C")]
        if coauthor:
            authors.append(AuthorData("Co Author", coauthor, "Uni D"))
        data = SubmissionData(
            title=title,
            abstract="We *study* openness.",
            category=workshop.categories.get(key="short"),
            primary_topic=workshop.topics.all()[0],
            secondary_topic=workshop.topics.all()[1],
            authors=authors,
            artifacts=[("code", "https://github.com/org/repo", "code")],
            conflicts=[],
            previously_published=False,
            policies_agreed=True,
        )
        return create_submission(workshop=workshop, user=user, data=data, pdf=paper(title))

    return make


def edit(sub, user, *, title: str, new_pdf: bool):
    """A new version of ``sub`` with another title (and a new PDF)."""
    from confero.submissions.services import AuthorData, SubmissionData, update_submission

    data = SubmissionData(
        title=title,
        abstract=sub.abstract,
        category=sub.category,
        primary_topic=sub.primary_topic,
        secondary_topic=sub.secondary_topic,
        authors=[AuthorData(a.name, a.email, a.affiliation) for a in sub.authors.all()],
        artifacts=[(a.kind, a.url, a.description) for a in sub.artifacts.all()],
        conflicts=[],
        previously_published=sub.previously_published,
        policies_agreed=True,
    )
    return update_submission(
        sub, user=user, data=data, pdf=paper(title, main=4) if new_pdf else None, expected_version=sub.version
    )
