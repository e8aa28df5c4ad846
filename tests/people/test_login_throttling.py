"""Brute-force protection on log-in (hardening issue, finding 3): lockout per account and per client
address with a clear message, an audit record, organizer-visible state, and ways back in."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.people import lockout
from confero.people.models import Role
from tests.conftest import log_in

from .conftest import link_in

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-9"


def _attempt(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("people:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_after_the_limit_even_for_the_right_password(settings, make_user):
    settings.AXES_FAILURE_LIMIT = 5
    make_user(email="ada@uni.edu")
    client = Client()
    answers = [_attempt(client, "ada@uni.edu", f"wrong-{i}", ip=f"10.0.0.{i}").status_code for i in range(8)]
    assert answers[:4] == [200] * 4  # the form again, with "do not match"
    assert set(answers[4:]) == {429}
    refused = _attempt(client, "ADA@uni.edu", RIGHT, ip="10.9.9.9")  # other address, other case
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Log-in paused" in body and "15 minutes" in body and "Reset your password" in body
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="account.locked_out")
    assert "ada@uni.edu" in event.summary


def test_one_address_is_locked_after_the_limit_whatever_the_accounts(settings, make_user):
    settings.AXES_FAILURE_LIMIT = 5
    make_user(email="victim@uni.edu")
    client = Client()
    for i in range(5):
        _attempt(client, f"guess{i}@uni.edu", "nope", ip="203.0.113.7")
    assert _attempt(Client(), "victim@uni.edu", RIGHT, ip="203.0.113.7").status_code == 429
    ok = _attempt(Client(), "victim@uni.edu", RIGHT, ip="198.51.100.1")
    assert ok.status_code == 302


def test_a_successful_log_in_resets_the_account_count(settings, make_user):
    settings.AXES_FAILURE_LIMIT = 3
    make_user(email="ada@uni.edu")
    for _ in range(2):
        _attempt(Client(), "ada@uni.edu", "wrong", ip="10.0.0.1")
    assert _attempt(Client(), "ada@uni.edu", RIGHT, ip="10.0.0.2").status_code == 302
    for _ in range(2):
        _attempt(Client(), "ada@uni.edu", "wrong", ip="10.0.0.3")
    assert _attempt(Client(), "ada@uni.edu", RIGHT, ip="10.0.0.4").status_code == 302


def test_organizer_sees_a_locked_member_and_unlocks(settings, client, workshop, make_user):
    settings.AXES_FAILURE_LIMIT = 3
    organizer = make_user(email="chair@uni.edu")
    member = make_user(email="pc@uni.edu", name="Pat PC")
    Role.objects.create(workshop=workshop, user=organizer, kind=Role.Kind.ORGANIZER)
    Role.objects.create(workshop=workshop, user=member, kind=Role.Kind.PC)
    for i in range(3):
        _attempt(Client(), "pc@uni.edu", "wrong", ip=f"10.1.0.{i}")
    client.force_login(organizer)
    page = client.get(reverse("people_manage:index", args=[workshop.slug])).content.decode()
    assert "log-in locked" in page and "Unlock log-in" in page
    role = Role.objects.get(user=member)
    client.post(reverse("people_manage:index", args=[workshop.slug]), {"action": "unlock", "role": role.pk})
    assert (
        "log-in locked"
        not in client.get(reverse("people_manage:index", args=[workshop.slug])).content.decode()
    )
    assert _attempt(Client(), "pc@uni.edu", RIGHT, ip="10.1.0.9").status_code == 302
    assert AuditEvent.objects.filter(action="account.unlocked", workshop=workshop).count() == 1


def test_organizer_of_another_workshop_cannot_unlock(settings, client, workshop, other_organizer, make_user):
    member = make_user(email="pc@uni.edu")
    role = Role.objects.create(workshop=workshop, user=member, kind=Role.Kind.PC)
    client.force_login(other_organizer)
    response = client.post(
        reverse("people_manage:index", args=[workshop.slug]), {"action": "unlock", "role": role.pk}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="account.unlocked").exists()


def test_password_reset_unlocks_the_account(settings, make_user, deliver, mailoutbox):
    settings.AXES_FAILURE_LIMIT = 3
    make_user(email="ada@uni.edu")
    for i in range(3):
        _attempt(Client(), "ada@uni.edu", "wrong", ip=f"10.2.0.{i}")
    assert _attempt(Client(), "ada@uni.edu", RIGHT, ip="10.2.0.9").status_code == 429
    client = Client()
    with deliver():
        client.post(reverse("people:password_reset"), {"email": "ada@uni.edu"})
    page = client.get(link_in(mailoutbox[-1].body), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": "a-new-pass-77", "new_password2": "a-new-pass-77"}
    )
    assert log_in(Client(), "ada@uni.edu", "a-new-pass-77")


def test_client_address_behind_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    settings.CONFERO_PROXY_COUNT = 0
    assert lockout.client_ip(request) == "127.0.0.1"  # a client cannot choose its address by a header
    settings.CONFERO_PROXY_COUNT = 1
    assert lockout.client_ip(request) == "1.2.3.4"  # the address our one proxy saw, not the spoofed one
