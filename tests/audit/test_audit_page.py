"""The organizers' audit-log page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.audit.services import record

URL = "/osfm/manage/audit/"


def test_url_name():
    assert reverse("audit:index", args=["osfm"]) == URL


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, workshop):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


@pytest.mark.parametrize("who", ["author", "pc_member", "other_organizer"])
def test_non_organizers_are_refused(request, client, workshop, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_organizer_sees_only_this_workshops_events_newest_first(client, workshop, organizer, other_workshop):
    older = record("settings.changed", actor=organizer, workshop=workshop, summary="older event")
    AuditEvent.objects.filter(pk=older.pk).update(created_at=older.created_at - dt.timedelta(hours=1))
    record("submission.created", actor=organizer, workshop=workshop, summary="newer event", number=7)
    record("settings.changed", workshop=other_workshop, summary="someone else's event")
    client.force_login(organizer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "someone else" not in html
    assert html.index("newer event") < html.index("older event")
    assert "Olga Organizer" in html
    assert "&quot;number&quot;: 7" in html  # event data shown (escaped JSON)
    assert response.context["actions"] == ["settings.changed", "submission.created"]


def test_filter_by_action_and_object(client, workshop, organizer):
    record("a.one", actor=organizer, workshop=workshop, summary="first kind")
    record("a.two", workshop=workshop, summary="second kind")
    client.force_login(organizer)
    html = client.get(URL, {"action": "a.two"}).content.decode()
    assert "second kind" in html and "first kind" not in html
    assert "system" in html  # no actor
    record("b.x", workshop=workshop, obj=organizer, summary="about a user")
    html = client.get(URL, {"object_type": "User", "object_id": str(organizer.pk)}).content.decode()
    assert "about a user" in html and "first kind" not in html


def test_paginated_by_50_with_filters_kept(client, workshop, organizer, django_assert_max_num_queries):
    for i in range(60):
        record("bulk.event", actor=organizer, workshop=workshop, summary=f"event {i}")
    record("other.event", workshop=workshop, summary="not bulk")
    client.force_login(organizer)
    with django_assert_max_num_queries(10):
        first = client.get(URL, {"action": "bulk.event"})
    assert len(first.context["rows"]) == 50
    html = first.content.decode()
    assert "action=bulk.event&amp;page=2" in html
    second = client.get(URL, {"action": "bulk.event", "page": 2})
    assert len(second.context["rows"]) == 10
    assert "not bulk" not in second.content.decode()


def test_submission_events_link_to_the_submission_by_number(client, workshop, organizer):
    from confero.submissions.models import Submission

    sub = Submission.objects.create(
        workshop=workshop,
        number=42,
        title="T",
        abstract="A",
        category=workshop.categories.first(),
        primary_topic=workshop.topics.first(),
        previously_published=False,
        policies_agreed=True,
        created_by=organizer,
    )
    record("submission.created", actor=organizer, workshop=workshop, obj=sub, summary="made")
    client.force_login(organizer)
    html = client.get(URL).content.decode()
    assert reverse("submissions:detail", args=["osfm", 42]) in html
    assert f"object_id={sub.pk}" in html
