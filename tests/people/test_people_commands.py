"""``confero createorganizer`` (via call_command and via confero.cli.main) and the Django admin."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from confero import cli
from confero.people import services
from confero.people.models import Invitation, Role, User
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


def test_createorganizer_creates_verified_organizer(workshop, client):
    out = io.StringIO()
    call_command(
        "createorganizer",
        "--email",
        "Chair@Uni.edu",
        "--name",
        "Chris Chair",
        "--workshop",
        "osfm",
        "--password",
        PASSWORD,
        stdout=out,
    )
    user = User.objects.get(email="chair@uni.edu")
    assert user.email_verified and not user.is_superuser
    assert Role.objects.filter(workshop=workshop, user=user, kind=Role.Kind.ORGANIZER).exists()
    assert "chair@uni.edu (created) is organizer of osfm." in out.getvalue()
    assert log_in(client, "chair@uni.edu", PASSWORD)
    assert client.get(reverse("people_manage:index", args=["osfm"])).status_code == 200


def test_createorganizer_reuses_account_and_superuser(workshop, make_user):
    existing = make_user(email="ada@example.org", verified=False)
    call_command(
        "createorganizer",
        "--email",
        "ADA@example.org",
        "--workshop",
        "osfm",
        "--superuser",
        stdout=io.StringIO(),
    )
    existing.refresh_from_db()
    assert existing.email_verified and existing.is_staff and existing.is_superuser
    assert existing.check_password("correct-horse-9")  # password untouched
    call_command("createorganizer", "--email", "ada@example.org", "--workshop", "osfm", stdout=io.StringIO())
    assert Role.objects.filter(user=existing, kind=Role.Kind.ORGANIZER).count() == 1


def test_createorganizer_password_from_environment(workshop, monkeypatch):
    monkeypatch.setenv("CONFERO_ORGANIZER_PASSWORD", PASSWORD)
    call_command(
        "createorganizer", "--email", "e@x.org", "--name", "E", "--workshop", "osfm", stdout=io.StringIO()
    )
    assert User.objects.get(email="e@x.org").check_password(PASSWORD)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--workshop", "nope", "--name", "N"], "no workshop with slug 'nope'; existing: osfm"),
        (["--workshop", "osfm"], "--name is required"),
        (["--workshop", "osfm", "--name", "N", "--password", "123"], "password from --password rejected"),
        (["--workshop", "osfm", "--name", "N"], "no password: pass --password"),
    ],
)
def test_createorganizer_errors(workshop, monkeypatch, args, message):
    monkeypatch.delenv("CONFERO_ORGANIZER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    with pytest.raises(CommandError, match=message):
        call_command("createorganizer", "--email", "new@x.org", *args)
    assert not User.objects.filter(email="new@x.org").exists()


def test_createorganizer_prompts_on_a_terminal(workshop, monkeypatch):
    monkeypatch.delenv("CONFERO_ORGANIZER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command(
        "createorganizer", "--email", "t@x.org", "--name", "T", "--workshop", "osfm", stdout=io.StringIO()
    )
    assert User.objects.get(email="t@x.org").check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)  # the CLI closes DB connections when a command ends
def test_createorganizer_through_cli_main(workshop, capsys):
    assert (
        cli.main(
            [
                "createorganizer",
                "--email",
                "cli@x.org",
                "--name",
                "Cli User",
                "--workshop",
                "osfm",
                "--password",
                PASSWORD,
            ]
        )
        == 0
    )
    assert "cli@x.org (created) is organizer of osfm." in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        cli.main(
            [
                "createorganizer",
                "--email",
                "cli2@x.org",
                "--name",
                "C",
                "--workshop",
                "zzz",
                "--password",
                PASSWORD,
            ]
        )
    assert exc.value.code == 1
    assert "no workshop with slug 'zzz'; existing: osfm" in capsys.readouterr().err


def test_admin_pages_and_actions(client, workshop, organizer, make_user, deliver, mailoutbox):
    admin = make_user(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in [
        "admin:people_user_changelist",
        "admin:people_role_changelist",
        "admin:people_invitation_changelist",
        "admin:people_invitation_add",
        "admin:people_user_add",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("admin:people_user_change", args=[organizer.pk])).status_code == 200
    with deliver():
        response = client.post(
            reverse("admin:people_invitation_add"),
            {"workshop": workshop.pk, "email": "Pc@X.org", "name": "P", "kind": "pc"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "pc@x.org" and invitation.invited_by == admin and len(mailoutbox) == 1
    client.post(
        reverse("admin:people_invitation_changelist"),
        {"action": "revoke_selected", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    client.post(
        reverse("admin:people_role_changelist"),
        {"action": "revoke_selected", "_selected_action": [Role.objects.get(user=organizer).pk]},
    )
    assert Role.objects.filter(user=organizer).exists()  # the last organizer stays


def test_invitation_flow_for_a_new_person(client, workshop, organizer, deliver, mailoutbox):
    """Anonymous invitee: invitation page -> sign up -> back on the page -> accept."""
    with deliver():
        invitation = services.invite(workshop, "new@uni.edu", "Nina New", Role.Kind.PC, by=organizer)
    url = reverse("people:invitation", args=[invitation.token])
    signup = client.get(f"{reverse('people:signup')}?next={url}&email=new@uni.edu")
    assert 'value="new@uni.edu"' in signup.content.decode()
    response = client.post(
        f"{reverse('people:signup')}?next={url}",
        {
            "email": "new@uni.edu",
            "name": "Nina New",
            "password": PASSWORD,
            "password2": PASSWORD,
            "next": url,
        },
    )
    assert response["Location"] == url
    client.post(url, {"action": "accept"})
    user = User.objects.get(email="new@uni.edu")
    assert user.email_verified and Role.objects.filter(user=user, kind=Role.Kind.PC).exists()


def test_admin_adds_an_email_user(client, make_user):
    client.force_login(make_user(email="root@example.org", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:people_user_add"),
        {
            "email": "New@Example.org",
            "name": "New Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new@example.org")
    assert user.name == "New Person" and user.check_password(PASSWORD)
