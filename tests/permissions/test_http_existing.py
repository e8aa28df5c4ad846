"""The permission matrix through HTTP for the pages that existed before reviewing: every role × page, the
status it gets, and that a refused page says nothing about the paper (no title, no author name).

Later slices (bidding, matching, reviews, decisions, API) add their own HTTP matrices beside this one.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import ROLES

AUTHORS = {"author", "coauthor", "org_author"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
# The paper's title and its authors' names as listed on it (the cast's own account names differ).
SECRET_WORDS = ["Open data for open models", "Quillfeather", "Inkwright", "Penhallow"]


def _client(people, role):
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def _paper_pages(paper):
    kw = {"slug": paper.workshop.slug, "number": paper.number}
    return {
        "detail": reverse("submissions:detail", kwargs=kw),
        "edit": reverse("submissions:edit", kwargs=kw),
        "withdraw": reverse("submissions:withdraw", kwargs=kw),
        "pdf": reverse("submissions:pdf", kwargs=kw),
        "extension": reverse("dashboard:extension", args=[paper.workshop.slug, paper.number]),
    }


def _organizer_pages(slug):
    return {
        "dashboard": reverse("dashboard:index", args=[slug]),
        "export-csv": reverse("dashboard:export", args=[slug, "csv"]),
        "export-json": reverse("dashboard:export", args=[slug, "json"]),
        "audit": reverse("audit:index", args=[slug]),
        "settings": reverse("workshops:settings", args=[slug]),
        "deadlines": reverse("workshops:settings_deadlines", args=[slug]),
        "people": reverse("people_manage:index", args=[slug]),
        "phases": reverse("phases:index", args=[slug]),
    }


def _expected_paper_status(role, page):
    if role == "anonymous":
        return 404 if page == "pdf" else 302  # log in first (the same for any number, existing or not)
    if page == "extension":  # an organizer page (403 with the reason) about one paper (404 if not theirs)
        if role not in ORGS:
            return 403
        return 404 if role == "org_author" else 200
    return 200 if role in AUTHORS | ORGS else 404


@pytest.mark.parametrize("role", ROLES)
def test_paper_pages(cast, role):
    people, paper = cast
    client = _client(people, role)
    for page, url in _paper_pages(paper).items():
        response = client.get(url)
        expected = _expected_paper_status(role, page)
        assert response.status_code == expected, (role, page, response.status_code)
        if expected in (403, 404):
            body = response.content.decode()
            leaked = [w for w in SECRET_WORDS if w in body]
            assert not leaked, (role, page, leaked)


@pytest.mark.parametrize("role", ROLES)
def test_organizer_pages(cast, role):
    people, paper = cast
    client = _client(people, role)
    for page, url in _organizer_pages(paper.workshop.slug).items():
        response = client.get(url)
        if role == "anonymous":
            expected = 302
        elif role in ORGS:
            expected = 200
        else:
            expected = 403
        assert response.status_code == expected, (role, page, response.status_code)
        if expected != 200:
            body = response.content.decode() if not response.streaming else ""
            assert not [w for w in SECRET_WORDS if w in body], (role, page)


def test_my_submissions_lists_authors_only(cast):
    people, paper = cast
    url = reverse("submissions:mine", args=[paper.workshop.slug])
    for role in ROLES[1:]:
        body = _client(people, role).get(url).content.decode()
        assert (paper.title in body) is (role in AUTHORS), role


def test_other_workshops_organizer_sees_nothing_of_this_workshop(cast):
    people, paper = cast
    client = _client(people, "other_org")
    for url in list(_paper_pages(paper).values()) + list(_organizer_pages(paper.workshop.slug).values()):
        assert client.get(url).status_code in (403, 404), url
