"""Review phases as data: created with each workshop, the current one from one function, switches audited,
and what authors may do follows the phase (deadlines still hold to the second)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from confero.audit.models import AuditEvent
from confero.phases import services as phases
from confero.phases.models import Phase
from confero.phases.window import submission_window
from confero.submissions import services
from confero.submissions.rules import edit_refusal

pytestmark = pytest.mark.django_db


def test_every_workshop_has_seven_phases_with_the_defaults(workshop):
    rows = phases.phases(workshop)
    assert [p.kind for p in rows] == list(Phase.Kind)
    assert phases.current(workshop).kind == "submission"
    by_kind = {p.kind: p for p in rows}
    assert by_kind["submission"].authors_can_submit and not by_kind["bidding"].authors_can_submit
    assert by_kind["bidding"].pc_can_bid and by_kind["reviewing"].reviewers_can_review
    assert by_kind["released"].authors_see_decisions and by_kind["camera_ready"].camera_ready_open


def test_the_current_phase_follows_the_starts(workshop, organizer):
    now = timezone.now()
    phases.switch_to(workshop, "reviewing", actor=organizer, at=now + dt.timedelta(days=2))
    assert phases.current(workshop).kind == "submission"
    assert phases.current(workshop, now + dt.timedelta(days=3)).kind == "reviewing"
    phases.switch_to(workshop, "bidding", actor=organizer)  # now; the later reviewing start is cleared
    assert phases.current(workshop).kind == "bidding"
    assert phases.current(workshop, now + dt.timedelta(days=3)).kind == "bidding"
    event = AuditEvent.objects.filter(action="phase.switched").first()
    assert event.actor == organizer and "Bidding" in event.summary and event.data["previous"] == "submission"


def test_a_switch_cannot_start_before_an_earlier_phase(workshop, organizer):
    later = timezone.now() + dt.timedelta(days=5)
    phases.switch_to(workshop, "bidding", actor=organizer, at=later)
    with pytest.raises(ValidationError, match="Bidding phase is set to start later"):
        phases.switch_to(workshop, "reviewing", actor=organizer, at=later - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="unknown phase"):
        phases.switch_to(workshop, "party", actor=organizer)


def test_flags_are_data_organizers_change(workshop, organizer):
    phases.set_flags(workshop, "reviewing", actor=organizer, reviewers_see_reviews="always")
    assert phases.get(workshop, "reviewing").reviewers_see_reviews == "always"
    with pytest.raises(ValidationError, match="unknown phase settings"):
        phases.set_flags(workshop, "reviewing", actor=organizer, everyone_is_admin=True)
    with pytest.raises(ValidationError):
        phases.set_flags(workshop, "reviewing", actor=organizer, reviewers_see_reviews="sometimes")
    assert AuditEvent.objects.filter(action="phase.settings_changed").count() == 1


def test_submissions_close_with_the_phase_even_before_the_deadline(
    workshop, organizer, author, make_data, upload
):
    assert submission_window(workshop).is_open
    phases.switch_to(workshop, "bidding", actor=organizer)
    window = submission_window(workshop)
    assert not window.is_open and "bidding phase" in window.reason
    with pytest.raises(services.SubmissionClosed, match="bidding phase"):
        services.create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())


def test_authors_edit_in_the_submission_phase_or_with_an_extension(
    workshop, organizer, author, make_data, upload
):
    sub = services.create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())
    assert edit_refusal(sub, author) is None
    phases.switch_to(workshop, "reviewing", actor=organizer)
    assert "reviewing phase" in str(edit_refusal(sub, author))
    assert edit_refusal(sub, organizer) is None  # organizers edit any time
    services.grant_extension(
        sub, organizer=organizer, until=timezone.now() + dt.timedelta(days=20), reason="late camera"
    )
    sub.refresh_from_db()
    assert edit_refusal(sub, author) is None


def test_the_phase_page_switches_and_saves_flags(client, workshop, organizer, pc_member):
    from django.urls import reverse

    url = reverse("phases:index", args=[workshop.slug])
    client.force_login(pc_member)
    assert client.get(url).status_code == 403
    client.force_login(organizer)
    page = client.get(url).content.decode()
    assert "Running now: <strong>Submission</strong>" in page
    response = client.post(
        url, {"action": "switch", "kind": "bidding", "at": "", "timezone": "AoE"}, follow=True
    )
    assert "Running now: <strong>Bidding</strong>" in response.content.decode()
    response = client.post(
        url,
        {"action": "switch", "kind": "reviewing", "at": "2099-01-10T12:00", "timezone": "AoE"},
        follow=True,
    )
    assert phases.get(workshop, "reviewing").starts_at == dt.datetime(2099, 1, 11, 0, 0, tzinfo=dt.UTC)
    data = {f"reviewing-{f}": "on" for f in ("reviewers_can_review", "reviewers_can_discuss")}
    data.update({"action": "flags", "kind": "reviewing", "reviewing-reviewers_see_reviews": "always"})
    client.post(url, data)
    phase = phases.get(workshop, "reviewing")
    phases.forget(workshop)
    phase = phases.get(workshop, "reviewing")
    assert phase.reviewers_see_reviews == "always" and phase.reviewers_can_discuss and not phase.pc_can_bid
