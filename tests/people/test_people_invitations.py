"""Roles and invitations: invite -> mail -> accept / decline, re-invite, revoke, the organizers' page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.people import services
from confero.people.models import Invitation, Role

from .conftest import link_in

pytestmark = pytest.mark.django_db


def test_invite_mail_accept_grants_role(client, workshop, organizer, make_user, deliver, mailoutbox):
    with deliver():
        invitation = services.invite(workshop, "Rev@Uni-B.edu", "Rita Reviewer", Role.Kind.PC, by=organizer)
    assert invitation.email == "rev@uni-b.edu" and invitation.status == Invitation.Status.PENDING
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rev@uni-b.edu"]
    assert "Program committee member of Open Science for Foundation Models" in mailoutbox[0].subject
    assert "Olga Organizer invites you" in mailoutbox[0].body
    path = link_in(mailoutbox[0].body)
    assert path == reverse("people:invitation", args=[invitation.token])

    anonymous = client.get(path)
    assert anonymous.status_code == 200
    body = anonymous.content.decode()
    assert "Program committee member" in body.replace("program committee member", "Program committee member")
    assert f"{reverse('people:login')}?next={path}" in body

    reviewer = make_user(email="rev@uni-b.edu", verified=False)
    client.force_login(reviewer)
    response = client.post(path, {"action": "accept"})
    assert response.status_code == 302
    assert Role.objects.filter(workshop=workshop, user=reviewer, kind=Role.Kind.PC).exists()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.user) == (Invitation.Status.ACCEPTED, reviewer)
    reviewer.refresh_from_db()
    assert reviewer.email_verified  # the invitation link proved the address
    event = AuditEvent.objects.get(action="invitation.accepted")
    assert event.data["email_matches"] is True and event.workshop == workshop
    again = client.post(path, {"action": "accept"})
    assert again.status_code == 409 and "accepted already" in again.content.decode()


def test_accept_requires_login(client, workshop, organizer):
    invitation = services.invite(workshop, "x@example.org", kind=Role.Kind.PC, by=organizer)
    response = client.post(reverse("people:invitation", args=[invitation.token]), {"action": "accept"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("people:login"))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_accept_with_another_address_is_recorded(client, workshop, organizer, make_user):
    invitation = services.invite(workshop, "work@uni-b.edu", kind=Role.Kind.PC, by=organizer)
    private = make_user(email="rita@gmail.example", verified=False)
    client.force_login(private)
    page = client.get(reverse("people:invitation", args=[invitation.token]))
    assert "not work@uni-b.edu" in page.content.decode()
    client.post(reverse("people:invitation", args=[invitation.token]), {"action": "accept"})
    assert Role.objects.filter(user=private, kind=Role.Kind.PC, workshop=workshop).exists()
    private.refresh_from_db()
    assert not private.email_verified  # another address was not proven by the link
    event = AuditEvent.objects.get(action="invitation.accepted")
    assert event.data == {
        "email": "work@uni-b.edu",
        "kind": "pc",
        "accepted_by": "rita@gmail.example",
        "email_matches": False,
    }


def test_decline_without_account(client, workshop, organizer):
    invitation = services.invite(workshop, "no@example.org", kind=Role.Kind.PC, by=organizer)
    response = client.post(
        reverse("people:invitation", args=[invitation.token]), {"action": "decline"}, follow=True
    )
    assert "declined" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED and invitation.user is None
    assert not Role.objects.filter(kind=Role.Kind.PC).exists()
    with pytest.raises(ValidationError, match="declined"):
        services.accept_invitation(invitation, organizer)


def test_reinvite_resends_instead_of_duplicating(workshop, organizer, deliver, mailoutbox):
    with deliver():
        first = services.invite(workshop, "rev@uni-b.edu", "", Role.Kind.PC, by=organizer)
        second = services.invite(workshop, "REV@uni-b.edu", "Rita", Role.Kind.PC, by=organizer)
    assert first.pk == second.pk and second.name == "Rita"
    assert Invitation.objects.count() == 1 and len(mailoutbox) == 2
    assert mailoutbox[0].body == mailoutbox[1].body.replace("Hello Rita,", "Hello,")
    assert AuditEvent.objects.filter(action="invitation.resent").count() == 1
    # a different role is a separate invitation
    services.invite(workshop, "rev@uni-b.edu", "", Role.Kind.ORGANIZER, by=organizer)
    assert Invitation.objects.count() == 2


def test_revoked_token_refused(client, workshop, organizer, make_user):
    invitation = services.invite(workshop, "rev@uni-b.edu", kind=Role.Kind.PC, by=organizer)
    services.revoke_invitation(invitation, by=organizer)
    assert invitation.status == Invitation.Status.REVOKED
    url = reverse("people:invitation", args=[invitation.token])
    assert client.get(url).status_code == 410
    client.force_login(make_user(email="rev@uni-b.edu"))
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 409 and "withdrew this invitation" in response.content.decode()
    assert not Role.objects.filter(kind=Role.Kind.PC).exists()
    with pytest.raises(ValidationError):
        services.revoke_invitation(invitation, by=organizer)
    # after revoking, the same address can be invited afresh (new token)
    fresh = services.invite(workshop, "rev@uni-b.edu", kind=Role.Kind.PC, by=organizer)
    assert fresh.pk != invitation.pk and fresh.token != invitation.token


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("people:invitation", args=["nope"])).status_code == 404


def test_invite_rules(workshop, organizer, pc_member, author, other_workshop):
    with pytest.raises(ValidationError, match="already Program committee member"):
        services.invite(workshop, pc_member.email, kind=Role.Kind.PC, by=organizer)
    with pytest.raises(ValidationError, match="authors join by submitting"):
        services.invite(workshop, "a@example.org", kind=Role.Kind.AUTHOR, by=organizer)
    with pytest.raises(ValidationError, match="not an e-mail address"):
        services.invite(workshop, "nonsense", by=organizer)
    with pytest.raises(PermissionDenied):
        services.invite(workshop, "a@example.org", by=pc_member)
    other_org = services.grant_role(other_workshop, author, Role.Kind.ORGANIZER).user
    with pytest.raises(PermissionDenied):
        services.invite(workshop, "a@example.org", by=other_org)


def test_grant_and_revoke_role_keeps_one_organizer(workshop, organizer, make_user):
    second = make_user()
    role = services.grant_role(workshop, second, Role.Kind.ORGANIZER, by=organizer)
    assert services.grant_role(workshop, second, Role.Kind.ORGANIZER, by=organizer).pk == role.pk
    assert AuditEvent.objects.filter(action="role.granted").count() == 1
    assert services.revoke_role(workshop, second, Role.Kind.ORGANIZER, by=organizer)
    assert not services.revoke_role(workshop, second, Role.Kind.ORGANIZER, by=organizer)
    with pytest.raises(ValidationError, match="at least one organizer"):
        services.revoke_role(workshop, organizer, Role.Kind.ORGANIZER, by=organizer)
    with pytest.raises(ValidationError, match="unknown role"):
        services.grant_role(workshop, second, "chair")


def test_parse_invite_lines():
    people, errors = services.parse_invite_lines(
        "ada@uni.edu, Ada Lovelace\n\n# comment\nAlan Turing <ALAN@lab.org>\ngrace@navy.mil\n"
        'Barbara Liskov, barbara@mit.edu\nada@uni.edu\nnot-an-address\n"x@y.org"\t"X Y"'
    )
    assert people == [
        ("ada@uni.edu", "Ada Lovelace"),
        ("alan@lab.org", "Alan Turing"),
        ("grace@navy.mil", ""),
        ("barbara@mit.edu", "Barbara Liskov"),
        ("x@y.org", "X Y"),
    ]
    assert errors == ["line 8: 'not-an-address' has no valid e-mail address"]


def _url(ws):
    return reverse("people_manage:index", args=[ws.slug])


def test_manage_people_permission_matrix(
    client, workshop, organizer, pc_member, author, other_workshop, make_user
):
    url = _url(workshop)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("people:login"))
    Role.objects.create(workshop=workshop, user=author, kind=Role.Kind.AUTHOR)
    other_org = make_user()
    Role.objects.create(workshop=other_workshop, user=other_org, kind=Role.Kind.ORGANIZER)
    for user in (author, pc_member, other_org):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, {"action": "invite", "people": "a@b.org", "kind": "pc"}).status_code == 403
    assert not Invitation.objects.exists()
    client.force_login(organizer)
    response = client.get(url)
    assert response.status_code == 200
    assert "Rita Reviewer" in response.content.decode()
    assert client.get(reverse("people_manage:index", args=["missing"])).status_code == 404


def test_manage_people_bulk_invite_revoke_resend(client, workshop, organizer, pc_member, deliver, mailoutbox):
    client.force_login(organizer)
    paste = "\n".join(f"pc{i}@uni{i}.edu, Person {i}" for i in range(40)) + f"\n{pc_member.email}"
    with deliver():
        response = client.post(
            _url(workshop), {"action": "invite", "people": paste, "kind": "pc"}, follow=True
        )
    body = response.content.decode()
    assert "40 invitation(s) sent." in body and "Not invited: reviewer@uni-b.edu" in body
    assert Invitation.objects.filter(status="pending").count() == 40 and len(mailoutbox) == 40
    bad = client.post(_url(workshop), {"action": "invite", "people": "ok@x.org\nbroken", "kind": "pc"})
    assert bad.status_code == 400 and "no valid e-mail address" in bad.content.decode()

    target = Invitation.objects.get(email="pc3@uni3.edu")
    with deliver():
        client.post(_url(workshop), {"action": "resend", "invitation": target.pk})
    assert len(mailoutbox) == 41 and mailoutbox[-1].to == ["pc3@uni3.edu"]
    client.post(_url(workshop), {"action": "revoke", "invitation": target.pk})
    target.refresh_from_db()
    assert target.status == Invitation.Status.REVOKED
    page = client.get(_url(workshop)).content.decode()
    assert "Revoked" in page and "39 pending invitation(s)" in page


def test_manage_people_remove_role(client, workshop, organizer, pc_member, other_workshop, make_user):
    client.force_login(organizer)
    role = Role.objects.get(user=pc_member)
    client.post(_url(workshop), {"action": "remove_role", "role": role.pk})
    assert not Role.objects.filter(pk=role.pk).exists()
    foreign = Role.objects.create(workshop=other_workshop, user=make_user(), kind=Role.Kind.PC)
    assert client.post(_url(workshop), {"action": "remove_role", "role": foreign.pk}).status_code == 404
    own = Role.objects.get(user=organizer)
    response = client.post(_url(workshop), {"action": "remove_role", "role": own.pk}, follow=True)
    assert "at least one organizer" in response.content.decode()


def test_switch_account_from_the_invitation_page(client, workshop, organizer, make_user):
    invitation = services.invite(workshop, "work@uni-b.edu", kind=Role.Kind.PC, by=organizer)
    url = reverse("people:invitation", args=[invitation.token])
    client.force_login(make_user(email="private@example.org"))
    response = client.post(reverse("people:logout"), {"next": f"{reverse('people:login')}?next={url}"})
    assert response["Location"] == f"{reverse('people:login')}?next={url}"
    assert not client.get(url).wsgi_request.user.is_authenticated
