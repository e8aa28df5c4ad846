"""Co-authors without an account claim their authorship with the link from the receipt."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero.people.models import Role
from confero.submissions import services
from confero.submissions.services import AuthorData


@pytest.fixture
def with_nora(submission, author, make_data):
    data = make_data(author, authors=[AuthorData("Ada", author.email), AuthorData("Nora", "nora@uni-e.edu")])
    sub = services.update_submission(submission, user=author, data=data, expected_version=1)
    return sub, sub.authors.get(email="nora@uni-e.edu")


def test_any_verified_account_with_the_token_claims_once(with_nora, make_user, workshop):
    sub, row = with_nora
    nora = make_user(email="nora.private@gmail.com", name="Nora")  # a different address than the listed one
    token = row.claim_token
    claimed = services.claim_authorship(token, user=nora)
    assert claimed.user == nora and claimed.email == "nora@uni-e.edu"
    assert claimed.claim_token != token  # used up
    assert Role.objects.filter(workshop=workshop, user=nora, kind="author").exists()
    with pytest.raises(ValidationError, match="not valid or was already used"):
        services.claim_authorship(token, user=make_user())


def test_claim_requires_verified_account(with_nora, make_user):
    _, row = with_nora
    with pytest.raises(ValidationError, match="Verify"):
        services.claim_authorship(row.claim_token, user=make_user(verified=False))
    row.refresh_from_db()
    assert row.user is None


def test_cannot_claim_twice_or_as_another_author(with_nora, author, make_user):
    _, row = with_nora
    with pytest.raises(ValidationError, match="already linked to another author"):
        services.claim_authorship(row.claim_token, user=author)
    ada_row = row.submission.authors.get(email=author.email)
    with pytest.raises(ValidationError, match="already claimed"):
        services.claim_authorship(ada_row.claim_token, user=make_user())


def test_claim_is_idempotent_for_the_same_user(with_nora, make_user):
    _, row = with_nora
    nora = make_user(email="nora@uni-e.edu")
    claimed = services.claim_authorship(row.claim_token, user=nora)
    again = services.claim_authorship(claimed.claim_token, user=nora)  # e.g. the form posted twice
    assert (again.pk, again.user, again.claim_token) == (claimed.pk, nora, claimed.claim_token)


def test_link_by_email_after_verification(with_nora, make_user):
    _, row = with_nora
    nora = make_user(email="NORA@uni-e.edu")
    assert services.link_user_to_authorships(nora) == 1
    row.refresh_from_db()
    assert row.user == nora
    assert services.link_user_to_authorships(make_user(email="nobody@uni-e.edu")) == 0
    assert services.link_user_to_authorships(make_user(email="x@y.org", verified=False)) == 0


def test_edit_links_authors_who_have_accounts_now(with_nora, author, make_user, make_data):
    sub, _ = with_nora
    nora = make_user(email="nora@uni-e.edu")
    data = make_data(
        author, title="New", authors=[AuthorData("Ada", author.email), AuthorData("Nora", nora.email)]
    )
    sub = services.update_submission(sub, user=author, data=data, expected_version=2)
    assert sub.authors.get(email=nora.email).user == nora


def test_verifying_the_email_links_the_authorship(with_nora, client, django_capture_on_commit_callbacks):
    """A co-author who signs up with the listed address is linked when they open the verification link."""
    import re

    from django.core import mail

    from confero.people import services as people_services

    sub, row = with_nora
    with django_capture_on_commit_callbacks(execute=True):
        nora = people_services.sign_up("nora@uni-e.edu", "Nora N", "a-long-passphrase-42").user
    row.refresh_from_db()
    assert row.user is None
    link = re.search(r"/accounts/verify/[^\s]+/", mail.outbox[-1].body).group(0)
    assert client.get(link).status_code in (200, 302)
    row.refresh_from_db()
    assert row.user == nora
    assert Role.objects.filter(workshop=sub.workshop, user=nora, kind=Role.Kind.AUTHOR).exists()
