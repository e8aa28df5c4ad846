"""The organizer's per-submission deadline extension form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse


@pytest.fixture
def sub(make_submission):
    return make_submission("Late paper")


def _url(sub):
    return reverse("dashboard:extension", args=["osfm", sub.number])


def test_form_shows_the_deadline_and_defaults_to_aoe(client, organizer, sub):
    client.force_login(organizer)
    html = client.get(_url(sub)).content.decode()
    assert "Late paper" in html
    assert 'value="AoE"' in html  # the zone as organizers type it
    assert 'type="datetime-local"' in html


def test_granting_an_extension_is_stored_audited_and_visible(client, organizer, sub):
    from confero.audit.models import AuditEvent

    client.force_login(organizer)
    until_local = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).replace(
        second=0, microsecond=0, tzinfo=None
    )
    response = client.post(
        _url(sub),
        {
            "until": until_local.strftime("%Y-%m-%dT%H:%M"),
            "timezone": "Etc/GMT+12",
            "reason": "hospital stay",
        },
        follow=True,
    )
    assert response.status_code == 200
    sub.refresh_from_db()
    # AoE is UTC-12: the wall-clock time entered is twelve hours behind UTC.
    assert sub.deadline_extension == (until_local + dt.timedelta(hours=12)).replace(tzinfo=dt.UTC)
    events = AuditEvent.objects.filter(workshop=sub.workshop, object_type="Submission", object_id=str(sub.pk))
    assert events.exists()
    event = events.first()
    assert event.actor == organizer
    assert "hospital stay" in (event.summary + str(event.data))
    html = response.content.decode()
    assert f"Submission #{sub.number} may now be edited until" in html  # the message
    assert "extended to" in html  # the dashboard row shows it
    html = client.get(_url(sub)).content.decode()
    assert event.action in html  # history on the extension page


def test_utc_and_named_time_zones(client, organizer, sub):
    client.force_login(organizer)
    client.post(_url(sub), {"until": "2099-06-01T09:30", "timezone": "Europe/Berlin", "reason": "visa"})
    sub.refresh_from_db()
    assert sub.deadline_extension == dt.datetime(2099, 6, 1, 7, 30, tzinfo=dt.UTC)  # CEST = UTC+2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"until": "2001-01-01T00:00", "timezone": "UTC", "reason": "late"}, "must be in the future"),
        ({"until": "2099-01-01T00:00", "timezone": "Mars/Olympus", "reason": "late"}, "unknown time zone"),
        ({"until": "2099-01-01T00:00", "timezone": "UTC", "reason": ""}, "This field is required"),
        ({"until": "not a date", "timezone": "UTC", "reason": "late"}, "Enter a valid date/time"),
    ],
)
def test_invalid_input_changes_nothing(client, organizer, sub, data, error):
    from confero.audit.models import AuditEvent

    client.force_login(organizer)
    response = client.post(_url(sub), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    sub.refresh_from_db()
    assert sub.deadline_extension is None
    assert not AuditEvent.objects.filter(object_type="Submission", object_id=str(sub.pk)).exists()


def test_other_workshops_submission_is_not_reachable(client, organizer, make_submission, other_workshop):
    theirs = make_submission("Theirs", ws=other_workshop)
    client.force_login(organizer)
    assert client.get(reverse("dashboard:extension", args=["other", theirs.number])).status_code == 403
    assert client.get(reverse("dashboard:extension", args=["osfm", theirs.number])).status_code == 404


def test_service_refusal_is_shown_on_the_field(client, organizer, sub):
    """An extension ending before the workshop's own deadline (10 days away) is refused by the service."""
    client.force_login(organizer)
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(_url(sub), {"until": soon, "timezone": "UTC", "reason": "early"})
    assert response.status_code == 200
    assert "submission deadline" in response.content.decode()
    sub.refresh_from_db()
    assert sub.deadline_extension is None


def test_removing_an_extension(client, organizer, sub):
    from confero.audit.models import AuditEvent

    client.force_login(organizer)
    client.post(_url(sub), {"until": "2099-06-01T09:30", "timezone": "UTC", "reason": "visa"})
    sub.refresh_from_db()
    assert sub.deadline_extension is not None
    assert "Remove the extension" in client.get(_url(sub)).content.decode()
    response = client.post(
        _url(sub), {"remove": "on", "until": "", "timezone": "UTC", "reason": "resolved"}, follow=True
    )
    assert f"The extension of submission #{sub.number} was removed." in response.content.decode()
    sub.refresh_from_db()
    assert sub.deadline_extension is None
    assert AuditEvent.objects.filter(object_type="Submission", object_id=str(sub.pk)).count() == 2


def test_missing_date_without_remove_is_an_error(client, organizer, sub):
    client.force_login(organizer)
    response = client.post(_url(sub), {"until": "", "timezone": "UTC", "reason": "x"})
    assert "Enter the date and time" in response.content.decode()


def test_an_extension_typed_in_aoe_is_shown_in_aoe_everywhere(client, organizer, sub):
    """'AoE' is accepted as typed, and 23:59 AoE stays 23:59 AoE (not '11:59 UTC the next day')."""
    client.force_login(organizer)
    response = client.post(
        _url(sub),
        {"until": "2099-02-05T23:59", "timezone": "AoE", "reason": "visa delay"},
        follow=True,
    )
    html = response.content.decode()
    sub.refresh_from_db()
    assert sub.deadline_extension == dt.datetime(2099, 2, 6, 11, 59, tzinfo=dt.UTC)
    assert "may now be edited until 5 Feb 2099, 23:59:00 AoE" in html  # the message
    assert "extended to 5 Feb 2099, 23:59:00 AoE" in html  # the dashboard row
    page = client.get(_url(sub)).content.decode()
    assert "5 Feb 2099, 23:59:00 AoE" in page and "UTC</time>" not in page


def test_an_unknown_zone_is_refused_next_to_the_field(client, organizer, sub):
    client.force_login(organizer)
    html = client.post(
        _url(sub), {"until": "2099-02-05T23:59", "timezone": "Mars/Olympus", "reason": "x"}
    ).content
    assert "unknown time zone &#x27;Mars/Olympus&#x27;" in html.decode()
    sub.refresh_from_db()
    assert sub.deadline_extension is None
