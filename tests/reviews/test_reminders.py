"""Reminders of unfinished reviews: who gets one, at most once a day, through the outbox, audited; the
organizer's button and the cron command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from confero.audit.models import AuditEvent
from confero.conflicts.models import Conflict
from confero.mail.models import OutboxMail
from confero.reviews import services
from confero.reviews.models import ReviewReminder

from .conftest import submit, switch


def _send(capture, workshop, **kwargs):
    with capture(execute=True):
        return services.send_reminders(workshop, **kwargs)


def test_reviewers_with_unfinished_reviews_are_reminded_once_a_day(team, django_capture_on_commit_callbacks):
    submit(team, "A")
    services.save_draft(team.paper, user=team.reviewers["B"], answers={"summary": "x"}, expected_version=0)
    result = _send(django_capture_on_commit_callbacks, team.workshop, actor=team.organizer)
    assert sorted(u.email for u in result.sent) == sorted(
        [team.reviewers["B"].email, team.reviewers["C"].email]
    )
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "#1 Open data for open models (draft saved, not submitted)" in bodies[team.reviewers["B"].email]
    assert "(not started)" in bodies[team.reviewers["C"].email]
    assert "Ada Author" not in "".join(bodies.values())
    assert OutboxMail.objects.filter(kind="review_reminder").count() == 2
    assert AuditEvent.objects.filter(action="review.reminded", actor=team.organizer).count() == 2
    again = _send(django_capture_on_commit_callbacks, team.workshop, actor=None)
    assert again.sent == [] and len(again.recent) == 2
    tomorrow = timezone.now() + dt.timedelta(days=1)
    later = _send(django_capture_on_commit_callbacks, team.workshop, actor=None, now=tomorrow)
    assert len(later.sent) == 2
    assert ReviewReminder.objects.get(reviewer=team.reviewers["C"]).sent_count == 2


def test_one_reviewer_on_request(team, django_capture_on_commit_callbacks):
    c = team.reviewers["C"]
    result = _send(django_capture_on_commit_callbacks, team.workshop, actor=team.organizer, reviewers=[c.pk])
    assert result.sent == [c] and [m.to for m in mail.outbox] == [[c.email]]


def test_conflicted_assignments_and_closed_phases(team, django_capture_on_commit_callbacks):
    Conflict.objects.create(
        workshop=team.workshop, submission=team.paper, person=team.reviewers["C"], origin="organizer",
        status="confirmed",
    )  # fmt: skip
    result = _send(django_capture_on_commit_callbacks, team.workshop, actor=None)
    assert team.reviewers["C"] not in result.sent and len(result.sent) == 2
    switch(team.workshop, "decision")
    with pytest.raises(ValidationError, match="cannot write reviews in the decision phase"):
        services.send_reminders(team.workshop, actor=team.organizer)


def test_a_conflicted_organizer_reminds_only_about_papers_they_oversee(
    team, make_user, django_capture_on_commit_callbacks
):
    from confero.people.models import Role

    other = make_user(email="other-org@org.example.org", name="Other Org")
    Role.objects.create(workshop=team.workshop, user=other, kind=Role.Kind.ORGANIZER)
    Conflict.objects.create(
        workshop=team.workshop, submission=team.paper, person=other, origin="organizer", status="confirmed"
    )
    result = _send(django_capture_on_commit_callbacks, team.workshop, actor=other)
    assert result.sent == [] and result.recent == [] and mail.outbox == []


def test_only_organizers_send_reminders(team, pc_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.send_reminders(team.workshop, actor=pc_member)


def test_the_cron_command(team, other_workshop, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", stdout=out)
    text = out.getvalue()
    assert "osfm: reminded 3 reviewer(s); 0 already reminded today" in text
    assert "other: skipped (the submission phase is running)" in text
    out = io.StringIO()
    call_command("send_review_reminders", "--workshop", "osfm", stdout=out)
    assert "reminded 0 reviewer(s); 3 already reminded today" in out.getvalue()
    assert len(mail.outbox) == 3
