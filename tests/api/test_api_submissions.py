"""The REST API: token authentication with scopes, the OpenAPI schema, and the permission table through the
API (the same answers as the web app, roles of the ``cast``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from confero.api import tokens
from confero.api.models import ApiToken
from tests.cast import ROLES
from tests.submissions.conftest import pdf_file

pytestmark = pytest.mark.django_db
AUTHORS = {"author", "coauthor", "org_author"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}


def _token_client(user, scopes=("read",), workshop=None):
    _, key = tokens.create_token(user, name="test", scopes=scopes, workshop=workshop)
    return Client(HTTP_AUTHORIZATION=f"Token {key}"), key


def test_the_schema_is_served_and_names_the_token_scheme(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi" in body and "tokenAuth" in body and "/api/v1/workshops/{slug}/submissions/" in body


@pytest.mark.parametrize("role", ROLES[1:])
def test_submissions_through_the_api_follow_the_table(cast, role):
    people, paper = cast
    api, _ = _token_client(people[role])
    listing = api.get(reverse("api:submissions", args=[paper.workshop.slug]))
    detail = api.get(reverse("api:submission", args=[paper.workshop.slug, paper.number]))
    sees = role in AUTHORS | ORGS | {"reviewer_done", "reviewer_draft"}
    if role == "other_org":
        assert listing.status_code == 200 and listing.json() == []
    else:
        assert listing.status_code == 200
        assert [s["number"] for s in listing.json()] == ([paper.number] if sees else [])
    assert detail.status_code == (200 if sees else 404)
    if sees:
        names = [a["name"] for a in detail.json()["authors"]]
        # double-blind: reviewers get the paper without its authors
        assert bool(names) is (role in AUTHORS | ORGS)
        assert "Quillfeather" not in detail.content.decode() or role in AUTHORS | ORGS


def test_bad_revoked_and_expired_tokens_are_refused(cast):
    people, paper = cast
    url = reverse("api:submissions", args=[paper.workshop.slug])
    assert Client(HTTP_AUTHORIZATION="Token cft_nonsense").get(url).status_code == 401
    api, key = _token_client(people["author"])
    assert api.get(url).status_code == 200
    token = ApiToken.objects.get(prefix=key[:12])
    tokens.revoke(token, by=people["author"])
    assert api.get(url).status_code == 401
    api, key = _token_client(people["author"])
    ApiToken.objects.filter(prefix=key[:12]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get(url).status_code == 401
    assert Client().get(url).status_code in (401, 403)  # no credentials


def test_scopes_and_workshop_limits(cast, other_workshop):
    people, paper = cast
    url = reverse("api:submissions", args=[paper.workshop.slug])
    read_only, _ = _token_client(people["author"], scopes=["read"])
    response = read_only.post(url, {})
    assert response.status_code == 403 and "lacks the 'submissions' scope" in response.json()["detail"]
    elsewhere, _ = _token_client(people["other_org"], workshop=other_workshop)
    assert elsewhere.get(url).status_code == 404
    with pytest.raises(Exception, match="Choose scopes"):
        tokens.create_token(people["author"], name="x", scopes=["everything"])


def test_submit_through_the_api(workshop, make_user, mailoutbox):
    author = make_user(email="api@uni-c.edu", name="Api Author")
    api, _ = _token_client(author, scopes=["read", "submissions"])
    form = {
        "title": "Submitted by script",
        "abstract": "An abstract.",
        "category": "short",
        "primary_topic": workshop.topics.first().key,
        "authors": "Api Author <api@uni-c.edu>, Uni C",
        "previously_published": "false",
        "policies_agreed": "true",
        "pdf": pdf_file(3),
    }
    response = api.post(reverse("api:submissions", args=[workshop.slug]), form)
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1 and response.json()["pdf_main_pages"] == 3
    bad = dict(form, pdf=pdf_file(8), title="Too long")
    response = api.post(reverse("api:submissions", args=[workshop.slug]), bad)
    assert response.status_code == 400 and "pdf" in response.json()
    from confero.phases import services as phases

    phases.switch_to(workshop, "bidding", actor=None)
    response = api.post(reverse("api:submissions", args=[workshop.slug]), dict(form, pdf=pdf_file(3)))
    assert response.status_code == 403 and "submissions are closed" in response.json()["detail"]


def test_token_page_shows_the_secret_once(client, make_user):
    user = make_user()
    client.force_login(user)
    page = client.post(reverse("api_tokens"), {"name": "exports", "scopes": ["read"], "days": 30})
    body = page.content.decode()
    token = ApiToken.objects.get(user=user)
    assert "cft_" in body and token.prefix in body
    assert "cft_" not in client.get(reverse("api_tokens")).content.decode().replace(token.prefix, "")
