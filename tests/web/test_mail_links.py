"""Links in e-mails reach the server that sent them (hardening issue, finding 4): the address of the request
that caused the mail when CONFERO_BASE_URL is not set, CONFERO_BASE_URL when it is."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from confero.web import site

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def _sign_up(client, email, host):
    return client.post(
        reverse("people:signup"),
        {"email": email, "name": "Ada", "password": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=host,
    )


def test_links_follow_the_port_the_request_came_to(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "ada@example.org", "127.0.0.1:8123")
    assert _links(mailoutbox[-1].body)[0].startswith("http://127.0.0.1:8123/accounts/verify/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:password_reset"), {"email": "ada@example.org"}, HTTP_HOST="localhost:9000"
        )
    assert _links(mailoutbox[-1].body)[0].startswith("http://localhost:9000/accounts/password/reset/")


def test_configured_base_url_wins(client, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.BASE_URL = "https://review.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "bob@example.org", "127.0.0.1:8123")
    assert _links(mailoutbox[-1].body)[0].startswith("https://review.example.org/accounts/verify/")


def test_outside_a_request_the_fallback_is_used(settings):
    settings.BASE_URL = ""
    assert site.base_url() == site.FALLBACK


def test_submission_receipt_links_follow_the_request(
    client, settings, workshop, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.submissions.conftest import pdf_file

    settings.BASE_URL = ""
    author = make_user(email="author@uni-c.edu", name="Ada Author")
    client.force_login(author)
    form = {
        "title": "A paper",
        "abstract": "An abstract.",
        "category": workshop.categories.get(key="short").pk,
        "primary_topic": workshop.topics.first().pk,
        "authors": "Ada Author <author@uni-c.edu>\nNew Coauthor <new@uni-d.edu>",
        "previously_published": "no",
        "policies_agreed": "on",
        "pdf": pdf_file(3),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:create", args=[workshop.slug]), form, HTTP_HOST="127.0.0.1:8555"
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    links = [link for m in mailoutbox for link in _links(m.body)]
    assert len(mailoutbox) == 2 and links
    assert all(link.startswith("http://127.0.0.1:8555/") for link in links), links
    assert any("/claim/" in link for link in links)
