"""Onboarding: the committee row made on acceptance, the steps, loads, confirmation and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from confero import permissions
from confero.audit.models import AuditEvent
from confero.committee import selectors, services
from confero.committee.models import CommitteeMember
from confero.mail.models import OutboxMail
from confero.people import invitations
from confero.people.models import Role

from .conftest import complete_profile

pytestmark = pytest.mark.django_db


def test_accepting_a_pc_invitation_makes_the_committee_row(workshop, organizer, make_user):
    pc = invitations.invite(workshop, "new@uni-x.edu", kind=Role.Kind.PC, by=organizer)
    org = invitations.invite(workshop, "co@uni-x.edu", kind=Role.Kind.ORGANIZER, by=organizer)
    person, co = make_user(email="new@uni-x.edu"), make_user(email="co@uni-x.edu")
    assert not CommitteeMember.objects.filter(user=person).exists()
    invitations.accept_invitation(pc, person)
    invitations.accept_invitation(org, co)
    member = CommitteeMember.objects.get(workshop=workshop, user=person)
    assert member.max_load == 6 and member.profile_confirmed_at is None
    assert not CommitteeMember.objects.filter(user=co).exists()  # organizers are not on the committee
    invitations.grant_role(workshop, person, Role.Kind.PC, by=organizer)  # held already: still one row
    assert CommitteeMember.objects.filter(user=person).count() == 1


def test_steps_of_a_new_member(workshop, member, paper):
    status = selectors.status_of(workshop, member)
    assert status.missing == ["affiliations", "areas", "publications", "profile", "conflicts"]
    assert not status.profile_ready and not status.complete
    complete_profile(member, workshop)
    status = selectors.status_of(workshop, member)
    assert status.missing == ["profile", "conflicts"] and status.profile_ready


def test_conflicts_step_waits_for_submissions(workshop, member):
    assert "conflicts" not in selectors.status_of(workshop, member).missing


def test_an_affiliation_without_domain_is_not_enough(workshop, member):
    from confero.people.models import Affiliation

    Affiliation.objects.create(user=member, institution="Somewhere")
    status = selectors.status_of(workshop, member)
    assert status.affiliations == 1 and "affiliations" in status.missing


def test_confirm_profile(workshop, member):
    with pytest.raises(
        ValidationError, match="add affiliations with e-mail domains, research areas, publications"
    ):
        services.confirm_profile(workshop, member)
    complete_profile(member, workshop)
    services.confirm_profile(workshop, member)
    assert CommitteeMember.objects.get(user=member).profile_confirmed_at
    assert AuditEvent.objects.get(action="committee.profile_confirmed").data["publications"] == 1


def test_loads(workshop, member, organizer, author):
    services.set_own_load(workshop, member, 4)
    assert CommitteeMember.objects.get(user=member).max_load == 4
    for bad in (-1, 101, "many"):
        with pytest.raises(ValidationError) as err:
            services.set_own_load(workshop, member, bad)
        assert "max_load" in err.value.message_dict
    with pytest.raises(permissions.Denied):
        services.set_own_load(workshop, author, 3)
    changed = services.set_loads(workshop, {member.pk: 2}, actor=organizer)
    assert [m.max_load for m in changed] == [2]
    assert services.set_loads(workshop, {member.pk: 2}, actor=organizer) == []  # no change, no event
    assert AuditEvent.objects.filter(action="committee.load_set").count() == 2
    with pytest.raises(ValidationError, match="not on the program committee"):
        services.set_loads(workshop, {author.pk: 2}, actor=organizer)
    with pytest.raises(ValidationError) as err:
        services.set_loads(workshop, {member.pk: 200}, actor=organizer)
    assert f"load-{member.pk}" in err.value.message_dict
    with pytest.raises(permissions.Denied):
        services.set_loads(workshop, {member.pk: 1}, actor=member)
    assert CommitteeMember.objects.get(user=member).max_load == 2


def test_remind_once_a_day(
    workshop, member, organizer, paper, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.remind(workshop, member, actor=organizer)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member.email] and "[OS-FMs]" in mail.subject
    for label in ("Affiliations with e-mail domains", "Research areas", "Publications", "Conflicts declared"):
        assert f"- {label}" in mail.body
    assert "/osfm/review/onboarding/" in mail.body
    event = AuditEvent.objects.get(action="committee.reminded")
    assert event.actor == organizer and event.data["steps"][0] == "affiliations"
    with pytest.raises(ValidationError, match="at most one reminder a day"):
        services.remind(workshop, member, actor=organizer)
    later = timezone.now() + dt.timedelta(hours=25)
    services.remind(workshop, member, actor=organizer, now=later)
    assert OutboxMail.objects.filter(kind="committee.reminder").count() == 2
    with pytest.raises(permissions.Denied):
        services.remind(workshop, member, actor=member)


def test_complete_members_are_not_reminded(workshop, member, organizer, make_user):
    complete_profile(member, workshop)
    services.confirm_profile(workshop, member)  # no submissions yet: the conflicts step is not due
    with pytest.raises(ValidationError, match="nothing to remind"):
        services.remind(workshop, member, actor=organizer)
    other = make_user(email="late@uni-z.edu", name="Late Larry")
    Role.objects.create(workshop=workshop, user=other, kind=Role.Kind.PC)
    report = services.remind_incomplete(workshop, actor=organizer)
    assert report.sent == ["late@uni-z.edu"] and report.skipped == []
    report = services.remind_incomplete(workshop, actor=organizer)
    assert report.sent == [] and len(report.skipped) == 1 and "Late Larry was reminded" in report.skipped[0]


def test_committee_status_reads_few_queries(workshop, organizer, make_user, django_assert_max_num_queries):
    for i in range(30):
        user = make_user(email=f"pc{i}@uni-z.edu")
        Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
        complete_profile(user, workshop)
    with django_assert_max_num_queries(10):
        statuses = selectors.committee(workshop)
    assert len(statuses) == 30 and all(s.profile_ready for s in statuses)


def test_migration_gives_existing_pc_roles_their_row(workshop, member):
    import importlib

    from django.apps import apps

    CommitteeMember.objects.all().delete()
    migration = importlib.import_module("confero.committee.migrations.0002_members_for_existing_pc")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # idempotent
    assert list(CommitteeMember.objects.values_list("user_id", flat=True)) == [member.pk]
