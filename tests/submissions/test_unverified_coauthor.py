"""Security regression (hardening issue, finding 1): an account whose address is not verified is never
linked to an author row by a matching address — in either order — so it cannot list, open, download or
withdraw the paper. It gets the authorship when it proves the address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from confero.people import services as people_services
from confero.people.models import Role
from confero.submissions import services
from confero.submissions.models import Submission
from confero.submissions.services import AuthorData

pytestmark = pytest.mark.django_db

VICTIM = "victim@uni-v.edu"


def _listing(author, make_data, **over):
    authors = [AuthorData(author.name, author.email, "Uni C"), AuthorData("Vic Tim", VICTIM)]
    return make_data(author, authors=authors, **over)


def _urls(sub):
    kw = {"slug": sub.workshop.slug, "number": sub.number}
    return {
        "detail": reverse("submissions:detail", kwargs=kw),
        "pdf": reverse("submissions:pdf", kwargs=kw),
        "edit": reverse("submissions:edit", kwargs=kw),
        "withdraw": reverse("submissions:withdraw", kwargs=kw),
    }


def _assert_locked_out(squatter, sub):
    client = Client()
    client.force_login(squatter)
    mine = client.get(reverse("submissions:mine", kwargs={"slug": sub.workshop.slug}))
    assert mine.status_code == 200 and sub.title not in mine.content.decode()
    for name, url in _urls(sub).items():
        assert client.get(url).status_code == 404, name
    response = client.post(_urls(sub)["withdraw"], {"version": sub.version, "confirm": "on"})
    assert response.status_code == 404
    sub.refresh_from_db()
    assert not sub.is_withdrawn
    assert not Role.objects.filter(user=squatter, kind=Role.Kind.AUTHOR).exists()


def test_unverified_account_first_then_listed(workshop, author, make_data, upload, make_user):
    squatter = make_user(email=VICTIM, verified=False)
    sub = services.create_submission(
        workshop=workshop, user=author, data=_listing(author, make_data), pdf=upload()
    )
    assert sub.authors.get(email=VICTIM).user is None
    _assert_locked_out(squatter, sub)


def test_listed_first_then_unverified_sign_up_then_edit(workshop, author, make_data, upload):
    sub = services.create_submission(
        workshop=workshop, user=author, data=_listing(author, make_data), pdf=upload()
    )
    squatter = people_services.sign_up(VICTIM, "Squatter", "squatters-pass-99").user
    sub = services.update_submission(
        sub, user=author, data=_listing(author, make_data, title="A new title"), expected_version=1
    )
    assert sub.version == 2 and sub.authors.get(email=VICTIM).user is None
    _assert_locked_out(squatter, sub)


def test_the_owner_gets_the_authorship_by_verifying(
    workshop, author, make_data, upload, mailoutbox, django_capture_on_commit_callbacks
):
    sub = services.create_submission(
        workshop=workshop, user=author, data=_listing(author, make_data), pdf=upload()
    )
    with django_capture_on_commit_callbacks(execute=True):
        owner = people_services.sign_up(VICTIM, "Vic Tim", "owners-pass-phrase-1").user
    token = mailoutbox[-1].body.split("/accounts/verify/")[1].split("/")[0]
    client = Client()
    assert client.get(reverse("people:verify", args=[token])).status_code == 200
    assert sub.authors.get(email=VICTIM).user == owner
    assert client.get(_urls(sub)["detail"]).status_code == 200
    assert Submission.objects.filter(authors__user=owner).count() == 1
