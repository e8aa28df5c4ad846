"""Who sees what of a paper's checks, through the real pages, for every role of the cast: authors their
own flags, overseeing organizers everything, assigned reviewers only the openness summary, the others
nothing (404, the same answer as for a paper that does not exist)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from confero.checks import runner
from confero.checks.models import CheckRun
from tests.conftest import log_in

from .conftest import leaky_pdf

pytestmark = pytest.mark.django_db

OWN = {"author", "coauthor", "org_author"}
ALL = {"organizer", "manager", "superuser"}
REVIEWERS = {"reviewer_done", "reviewer_draft"}
SECRET = "Alice Quillfeather"  # the first author's name, planted in the PDF and its metadata


@pytest.fixture
def checked(cast, checks_on):
    people, paper = cast
    version = paper.versions.get()
    name = default_storage.save(
        "leaky.pdf", ContentFile(leaky_pdf(SECRET, "author@author.example.org", "quillfeather"))
    )
    version.pdf = name
    version.save(update_fields=["pdf"])
    run = CheckRun.objects.create(submission=paper, version=version, reason="upload")
    runner.execute(run.pk)
    run.refresh_from_db()
    assert run.status == "done", run.message
    assert run.findings.filter(identifying=True).exists()
    return people, paper, run


def _get(client, user, url):
    if getattr(user, "is_authenticated", False):
        assert log_in(client, user.email, "correct-horse-9")
    return client.get(url)


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "author",
        "coauthor",
        "organizer",
        "org_conflicted",
        "org_author",
        "manager",
        "reviewer_done",
        "reviewer_draft",
        "pc_unassigned",
        "pc_conflicted",
        "superuser",
        "other_org",
    ],
)
def test_the_checks_page_of_a_paper(client, checked, workshop, role):
    people, paper, run = checked
    url = reverse("checks:paper", args=[workshop.slug, paper.number])
    response = _get(client, people[role], url)
    if role == "anonymous":
        assert response.status_code == 302
        return
    if role not in OWN | ALL:
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "name-in-metadata" in html and SECRET in html  # authors see their own leaks, to fix them
    assert "github.com/quillfeather" in html
    assert "Openness" in html and "promised, not provided" in html
    if role in ALL:
        assert "Scope" in html and "Re-run the checks" in html
    else:
        assert "Scope" not in html and "Re-run the checks" not in html


@pytest.mark.parametrize("role", ["reviewer_done", "reviewer_draft"])
def test_reviewers_see_the_openness_summary_and_nothing_identifying(client, checked, workshop, role):
    people, paper, run = checked
    response = _get(client, people[role], reverse("reviews:paper", args=[workshop.slug, paper.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="openness"' in html and "promised, not provided" in html
    assert "huggingface.co/datasets/open-data" in html  # a non-identifying link is evidence they may see
    for secret in (SECRET, "quillfeather", "name-in-metadata", "de-anonymising", "anonymity", "Scope"):
        assert secret not in html, secret


@pytest.mark.parametrize("role,panel", [("author", True), ("organizer", True), ("org_conflicted", False)])
def test_the_panel_on_the_submission_page(client, checked, workshop, role, panel):
    people, paper, run = checked
    response = _get(client, people[role], reverse("submissions:detail", args=[workshop.slug, paper.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Open-science and integrity checks" in html) is panel
    assert ("error" in html.split("Open-science and integrity checks")[-1]) is panel


@pytest.mark.parametrize(
    "role,status",
    [
        ("organizer", 200),
        ("superuser", 200),
        ("org_conflicted", 200),
        ("author", 403),
        ("reviewer_done", 403),
        ("other_org", 403),
    ],
)
def test_the_overview_lists_only_papers_the_organizer_oversees(client, checked, workshop, role, status):
    people, paper, run = checked
    response = _get(client, people[role], reverse("checks:overview", args=[workshop.slug]))
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    listed = paper.title[:40] in html
    assert listed is (role != "org_conflicted")
    assert ("name-in-metadata" in html) is (role != "org_conflicted")
    response = client.get(
        reverse("checks:overview", args=[workshop.slug]) + "?check=anonymity&severity=error"
    )
    assert response.status_code == 200
    assert ("name-in-metadata" in response.content.decode()) is (role != "org_conflicted")
    assert (
        "margin" not in response.content.decode().split("<h2>Findings</h2>")[-1].split("<h2>Papers</h2>")[0]
    )
