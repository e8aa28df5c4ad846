"""Who may open the organizer dashboard, the exports and the extension form."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _urls(number: int) -> list[str]:
    return [
        reverse("dashboard:index", args=["osfm"]),
        reverse("dashboard:export", args=["osfm", "csv"]),
        reverse("dashboard:export", args=["osfm", "json"]),
        reverse("dashboard:extension", args=["osfm", number]),
    ]


@pytest.fixture
def sub(make_submission):
    return make_submission("Permission test paper")


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, sub):
    for url in _urls(sub.number):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("people:login")), url
        assert "next=" in response["Location"]


@pytest.mark.parametrize("who", ["author", "pc_member", "other_organizer", "submitter"])
def test_non_organizers_are_refused(request, client, sub, who):
    user = sub.created_by if who == "submitter" else request.getfixturevalue(who)
    client.force_login(user)
    for url in _urls(sub.number):
        assert client.get(url).status_code == 403, (who, url)
    response = client.post(
        reverse("dashboard:extension", args=["osfm", sub.number]),
        {"until": "2099-01-01T12:00", "timezone": "UTC", "reason": "x"},
    )
    assert response.status_code == 403
    from confero.audit.models import AuditEvent

    assert not AuditEvent.objects.filter(action__icontains="extension").exists()


def test_organizer_may_open_everything(client, organizer, sub):
    client.force_login(organizer)
    for url in _urls(sub.number):
        response = client.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


def test_unknown_workshop_or_submission_is_404(client, organizer, sub):
    client.force_login(organizer)
    assert client.get("/nope/manage/").status_code == 404
    assert client.get(reverse("dashboard:extension", args=["osfm", 999])).status_code == 404
    assert client.get(reverse("dashboard:export", args=["osfm", "xlsx"])).status_code == 404


def test_organizer_of_other_workshop_cannot_see_this_one_but_own(client, other_organizer, sub):
    client.force_login(other_organizer)
    assert client.get(reverse("dashboard:index", args=["osfm"])).status_code == 403
    assert client.get(reverse("dashboard:index", args=["other"])).status_code == 200
