"""Author names and the double-blind rule, through the permission table: reviewers see authors unless the
workshop is double-blind; authors and organizers always do; strangers and anonymous visitors never."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from confero import permissions
from confero.matching.models import Assignment
from confero.people.models import Role


@pytest.mark.parametrize("anonymity,sees", [("double-blind", False), ("single-blind", True), ("open", True)])
def test_assigned_reviewers_see_authors_unless_double_blind(submission, workshop, pc_member, anonymity, sees):
    workshop.anonymity = anonymity
    workshop.save()
    submission.workshop.refresh_from_db()
    Assignment.objects.create(
        workshop=workshop, submission=submission, reviewer=pc_member, label="A", origin="manual"
    )
    assert permissions.can(pc_member, "submission.view", submission)
    assert permissions.can(pc_member, "submission.view_authors", submission) is sees
    assert not permissions.can(pc_member, "submission.view_full", submission)


def test_authors_and_organizers_always_see_authors(submission, author, organizer, workshop):
    assert workshop.anonymity == "double-blind"
    for person in (author, organizer):
        assert permissions.can(person, "submission.view_authors", submission)


def test_an_author_who_is_also_pc_sees_own_authors(submission, author, workshop):
    Role.objects.create(workshop=workshop, user=author, kind=Role.Kind.PC)
    assert permissions.can(author, "submission.view_authors", submission)


def test_strangers_and_anonymous_see_nothing(submission, make_user, pc_member):
    for person in (make_user(), AnonymousUser(), pc_member):  # an unassigned PC member outside bidding too
        assert not permissions.can(person, "submission.view", submission)
        assert not permissions.can(person, "submission.view_authors", submission)
