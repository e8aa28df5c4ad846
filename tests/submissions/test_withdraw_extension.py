"""Withdrawal (any time), per-submission extensions (audited) and the deadline that applies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from confero.audit.models import AuditEvent
from confero.submissions import services
from confero.submissions.deadlines import deadline_info
from confero.submissions.services import submission_deadline_for


def test_withdraw_after_deadline_is_allowed(
    submission, author, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    late = workshop.deadlines.get(kind="submission").at + dt.timedelta(days=3)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.withdraw_submission(submission, user=author, expected_version=1, now=late)
    assert (sub.status, sub.version, sub.withdrawn_at) == ("withdrawn", 2, late)
    assert sub.versions.get(number=2).action == "withdrawn"
    assert AuditEvent.objects.filter(action="submission.withdrawn").count() == 1
    assert [m.subject for m in mailoutbox] == ["[OS-FMs] Submission #1 withdrawn"]


def test_withdrawn_cannot_be_edited_or_withdrawn_again(submission, author, make_data):
    services.withdraw_submission(submission, user=author, expected_version=1)
    with pytest.raises(ValidationError, match="withdrawn submission cannot be edited"):
        services.update_submission(
            submission, user=author, data=make_data(author, title="x"), expected_version=2
        )
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdraw_submission(submission, user=author, expected_version=2)


def test_withdraw_checks_version_and_permission(submission, author, make_data, pc_member):
    services.update_submission(
        submission, user=author, data=make_data(author, title="Edited"), expected_version=1
    )
    with pytest.raises(services.StaleVersion):
        services.withdraw_submission(submission, user=author, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(submission, user=pc_member, expected_version=2)
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_extension_lets_authors_edit_after_the_deadline(
    submission, author, organizer, workshop, make_data, mailoutbox, django_capture_on_commit_callbacks
):
    deadline = workshop.deadlines.get(kind="submission").at
    until = deadline + dt.timedelta(days=2)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.grant_extension(submission, organizer=organizer, until=until, reason="visa trouble")
    assert sub.deadline_extension == until and sub.version == 1  # not a content change
    assert submission_deadline_for(sub) == until
    assert submission_deadline_for(workshop) == deadline
    assert deadline_info(sub).extended
    event = AuditEvent.objects.get(action="submission.extension")
    assert event.actor == organizer and event.data["reason"] == "visa trouble"
    assert "extended" in mailoutbox[0].subject and "visa trouble" in mailoutbox[0].body
    sub = services.update_submission(
        sub,
        user=author,
        data=make_data(author, title="Late but allowed"),
        expected_version=1,
        now=deadline + dt.timedelta(days=1),
    )
    assert sub.version == 2
    with pytest.raises(services.DeadlinePassed, match="extended deadline"):
        services.update_submission(
            sub,
            user=author,
            data=make_data(author, title="Too late"),
            expected_version=2,
            now=until + dt.timedelta(seconds=1),
        )


def test_extension_removed(submission, organizer, workshop):
    until = workshop.deadlines.get(kind="submission").at + dt.timedelta(days=1)
    services.grant_extension(submission, organizer=organizer, until=until, reason="r")
    sub = services.grant_extension(submission, organizer=organizer, until=None, reason="granted by mistake")
    assert sub.deadline_extension is None
    assert submission_deadline_for(sub) == workshop.deadlines.get(kind="submission").at


def test_extension_rules(submission, author, pc_member, organizer, workshop):
    deadline = workshop.deadlines.get(kind="submission").at
    for user in (author, pc_member):
        with pytest.raises(PermissionDenied):
            services.grant_extension(
                submission, organizer=user, until=deadline + dt.timedelta(days=1), reason="r"
            )
    with pytest.raises(ValidationError, match="after the workshop"):
        services.grant_extension(submission, organizer=organizer, until=deadline, reason="r")
    with pytest.raises(ValidationError, match="reason"):
        services.grant_extension(
            submission, organizer=organizer, until=deadline + dt.timedelta(days=1), reason=""
        )
    with pytest.raises(ValidationError, match="time zone"):
        services.grant_extension(submission, organizer=organizer, until=dt.datetime(2030, 1, 1), reason="r")
    assert not AuditEvent.objects.filter(action="submission.extension").exists()


def test_deadline_is_shown_in_its_zone(workshop):
    info = deadline_info(workshop)
    d = workshop.deadlines.get(kind="submission")
    assert info.timezone == d.timezone and info.display().endswith(" AoE")
    local = d.at.astimezone(dt.timezone(dt.timedelta(hours=-12)))
    assert info.display() == f"{local.day} {local:%b %Y, %H:%M:%S} AoE"


def test_no_deadline_configured_means_open(workshop, author, make_data, upload):
    workshop.deadlines.filter(kind="submission").delete()
    assert deadline_info(workshop) is None
    sub = services.create_submission(
        workshop=workshop,
        user=author,
        data=make_data(author),
        pdf=upload(),
        now=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    )
    assert sub.number == 1
