"""Sign-up, e-mail verification, log-in and password reset through the web client."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from confero.audit.models import AuditEvent
from confero.mail.models import OutboxMail
from confero.people import accounts, services
from confero.people.models import User
from tests.conftest import log_in

from .conftest import link_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


def _signup(client, email="Ada@Example.org", name="Ada Lovelace", password=PASSWORD, password2=None, **extra):
    return client.post(
        reverse("people:signup"),
        {"email": email, "name": name, "password": password, "password2": password2 or password, **extra},
    )


def test_signup_mails_a_link_that_verifies_once_and_logs_in(client, deliver, mailoutbox):
    with deliver():
        response = _signup(client)
    assert response.status_code == 302 and response["Location"] == reverse("people:signup_sent")
    user = User.objects.get()
    assert user.email == "ada@example.org" and not user.email_verified
    assert not response.wsgi_request.user.is_authenticated  # signing up logs nobody in
    assert "ada@example.org" in client.get(response["Location"]).content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ada@example.org"]
    path = link_in(mailoutbox[0].body)
    assert path.startswith("/accounts/verify/")

    first = client.get(path)
    assert first.status_code == 200 and "is verified" in first.content.decode()
    assert first.wsgi_request.user == user  # the link logs its owner in
    user.refresh_from_db()
    assert user.email_verified
    again = client.get(path)
    assert "has been used" in again.content.decode()
    assert AuditEvent.objects.filter(action="account.email_verified", object_id=str(user.pk)).count() == 1


def test_signup_answers_the_same_for_an_address_with_a_verified_account(
    client, make_user, deliver, mailoutbox
):
    owner = make_user(email="taken@example.org", name="Real Owner")
    hash_before = owner.password
    with deliver():
        response = _signup(client, email="TAKEN@example.org", name="Intruder")
    assert response.status_code == 302 and response["Location"] == reverse("people:signup_sent")
    owner.refresh_from_db()
    assert owner.password == hash_before and owner.name == "Real Owner"  # nothing changed
    assert User.objects.count() == 1
    assert len(mailoutbox) == 1 and "already have" in mailoutbox[0].subject
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_signup_takes_over_an_unverified_squatter(client, deliver, mailoutbox):
    from django.test import Client

    with deliver():
        _signup(Client(), email="victim@uni.edu", name="Squatter", password="squatters-pass-99")
    squatter_link = link_in(mailoutbox[-1].body)  # (the squatter cannot read this mailbox, but suppose)
    mailoutbox.clear()
    OutboxMail.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))  # squatted long ago
    with deliver():
        _signup(client, email="victim@uni.edu", name="Victor Tim", password=PASSWORD)
    user = User.objects.get(email="victim@uni.edu")
    assert user.name == "Victor Tim" and user.check_password(PASSWORD) and not user.email_verified
    assert not log_in(Client(), "victim@uni.edu", "squatters-pass-99")
    # A link made for the squatter's password cannot verify (nor log into) the account any more.
    stale = Client().get(squatter_link)
    assert stale.status_code == 400 and "replaced" in stale.content.decode()
    user.refresh_from_db()
    assert not user.email_verified
    ok = client.get(link_in(mailoutbox[-1].body))
    assert ok.status_code == 200 and ok.wsgi_request.user == user
    assert AuditEvent.objects.filter(action="account.signup_replaced_unverified").count() == 1


def test_signup_mails_an_address_at_most_once_a_minute(client, deliver, mailoutbox):
    with deliver():
        for _ in range(3):
            _signup(client.__class__(), email="spam-target@example.org")
    assert len(mailoutbox) == 1


def test_signup_errors_are_shown_next_to_fields(client, make_user):
    response = _signup(client, email="new@example.org", password2="something-else-7")
    assert "The two passwords differ." in response.content.decode()
    response = _signup(client, email="new@example.org", password="123")
    assert "too short" in response.content.decode()
    response = _signup(client, email="new@example.org", name="  ")
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_signup_returns_to_next_after_verification(client, deliver, mailoutbox):
    with deliver():
        _signup(client, next="/accounts/profile/")
    response = client.get(link_in(mailoutbox[-1].body))
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    with deliver():
        _signup(client.__class__(), email="x@example.org", next="https://evil.example/")
    response = client.__class__().get(link_in(mailoutbox[-1].body))
    assert response.status_code == 200  # an outside address is never a redirect target


def test_tampered_token_gets_clear_page(make_user):
    from django.test import Client

    user = make_user(verified=False)
    token = services.make_verification_token(user)
    response = Client().get(reverse("people:verify", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


def test_expired_token_refused(client, make_user, monkeypatch):
    user = make_user(verified=False)
    old = int(time.time()) - accounts.VERIFY_MAX_AGE - 60
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(old))
    token = services.make_verification_token(user)
    monkeypatch.undo()
    response = client.get(reverse("people:verify", args=[token]))
    assert response.status_code == 400 and "expired" in response.content.decode()
    with pytest.raises(services.TokenProblem) as exc:
        services.verify_email(token)
    assert exc.value.reason == "expired"


def test_token_of_changed_address_refused(make_user):
    user = make_user(verified=False)
    token = services.make_verification_token(user)
    user.email = "new@example.org"
    user.save()
    with pytest.raises(services.TokenProblem, match="e-mail address changed"):
        services.verify_email(token)


def test_require_verified(make_user):
    with pytest.raises(ValidationError, match="(?i)verify your e-mail address first"):
        services.require_verified(make_user(verified=False))
    services.require_verified(make_user(verified=True))


def test_login_is_case_insensitive_and_reminds_unverified(client, make_user):
    make_user(email="ada@example.org", password=PASSWORD, verified=False)
    response = client.post(
        reverse("people:login"), {"username": "  ADA@Example.ORG ", "password": PASSWORD}, follow=True
    )
    assert response.wsgi_request.user.is_authenticated
    assert "is not verified yet" in response.content.decode()


def test_login_wrong_password(client, make_user):
    make_user(email="ada@example.org", password=PASSWORD)
    response = client.post(reverse("people:login"), {"username": "ada@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "do not match an account" in response.content.decode()


def test_logout_is_post(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("people:logout"))
    assert response.status_code == 302
    assert not client.get(reverse("people:login")).wsgi_request.user.is_authenticated


def test_password_reset_end_to_end(client, make_user, deliver, mailoutbox):
    make_user(email="ada@example.org", password=PASSWORD)
    with deliver():
        response = client.post(reverse("people:password_reset"), {"email": "Ada@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "Reset your Confero password" in mailoutbox[0].subject
    path = link_in(mailoutbox[0].body)
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "brand-new-secret-55", "new_password2": "brand-new-secret-55"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("people:password_reset_complete")
    assert log_in(client.__class__(), "ada@example.org", "brand-new-secret-55")
    assert not log_in(client.__class__(), "ada@example.org", PASSWORD)
    reused = client.get(path, follow=True)
    assert not reused.context["validlink"]
    assert "not valid" in reused.content.decode()


def test_password_reset_unknown_address_sends_nothing(client, deliver, mailoutbox, db):
    with deliver():
        response = client.post(reverse("people:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and mailoutbox == []


def test_resend_verification_logged_in_and_throttled(client, make_user, deliver, mailoutbox):
    user = make_user(verified=False)
    client.force_login(user)
    with deliver():
        client.post(reverse("people:resend_verification"))
        second = client.post(reverse("people:resend_verification"), follow=True)
    assert len(mailoutbox) == 1
    assert "less than a minute ago" in second.content.decode()
    services.verify_email(link_in(mailoutbox[0].body).split("/")[-2])
    user.refresh_from_db()
    assert user.email_verified


def test_resend_verification_anonymous_does_not_reveal_accounts(client, make_user, deliver, mailoutbox):
    make_user(email="ada@example.org", verified=False)
    with deliver():
        known = client.post(reverse("people:resend_verification"), {"email": "ada@example.org"}, follow=True)
        unknown = client.post(
            reverse("people:resend_verification"), {"email": "zed@example.org"}, follow=True
        )
    assert [m.to for m in mailoutbox] == [["ada@example.org"]]
    assert "If an unverified account uses that address" in unknown.content.decode()
    assert known.status_code == unknown.status_code == 200


def test_verification_lifetime_from_environment(make_user, monkeypatch):
    user = make_user(verified=False)
    token = services.make_verification_token(user)
    monkeypatch.setenv("CONFERO_VERIFY_MAX_AGE", "3600")
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 3700)
    with pytest.raises(services.TokenProblem, match="expired"):
        services.verify_email(token)
    monkeypatch.setattr(signing.time, "time", lambda: now + 3500)
    assert services.verify_email(token).user == user
