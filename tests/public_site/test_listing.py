"""An organizer or PC member chooses how the public site lists them; nobody else can."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.people import listing
from confero.people.models import Role


def test_a_pc_member_hides_themself_and_it_is_audited(client, workshop, pc_member):
    url = reverse("site:listing", args=["osfm"])
    client.force_login(pc_member)
    assert "Rita Reviewer" in client.get(reverse("site:people", args=["osfm"])).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "pc", "listing": "hidden"})
    assert response.status_code == 302
    assert Role.objects.get(user=pc_member, workshop=workshop).listing == "hidden"
    client.logout()
    assert "Rita Reviewer" not in client.get(reverse("site:people", args=["osfm"])).content.decode()
    event = AuditEvent.objects.get(action="people.listing_set")
    assert event.actor == pc_member and event.data == {"before": "name", "after": "hidden"}


def test_others_cannot(client, workshop, author, other_organizer, pc_member):
    url = reverse("site:listing", args=["osfm"])
    assert client.get(url).status_code == 302  # anonymous: log in first
    for user in (author, other_organizer):
        client.force_login(user)
        assert client.post(url, {"kind": "pc", "listing": "hidden"}).status_code == 403
    assert Role.objects.get(user=pc_member).listing == ""


def test_bad_choices_change_nothing(workshop, pc_member, organizer):
    with pytest.raises(ValidationError):
        listing.set_listing(pc_member, workshop, "pc", "everything")
    with pytest.raises(ValidationError):
        listing.set_listing(pc_member, workshop, "organizer", "hidden")  # not an organizer
    with pytest.raises(ValidationError):
        listing.set_listing(organizer, workshop, "author", "hidden")
    assert set(Role.objects.values_list("listing", flat=True)) == {""}
    assert not AuditEvent.objects.filter(action="people.listing_set").exists()
