"""visible_authors: double-blind hides authors from PC members, never from the authors themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from confero.people.models import Role
from confero.submissions.visibility import can_view, visible_authors


@pytest.mark.parametrize(
    "anonymity,pc_sees", [("double-blind", False), ("single-blind", True), ("open", True)]
)
def test_pc_members_see_authors_unless_double_blind(submission, workshop, pc_member, anonymity, pc_sees):
    workshop.anonymity = anonymity
    workshop.save()
    submission.workshop.refresh_from_db()
    assert bool(visible_authors(submission, pc_member)) is pc_sees


def test_authors_and_organizers_always_see_authors(submission, author, organizer, workshop):
    assert workshop.anonymity == "double-blind"
    assert [a.email for a in visible_authors(submission, author)] == [author.email]
    assert [a.email for a in visible_authors(submission, organizer)] == [author.email]


def test_an_author_who_is_also_pc_sees_own_authors(submission, author, workshop):
    Role.objects.create(workshop=workshop, user=author, kind=Role.Kind.PC)
    assert visible_authors(submission, author)


def test_strangers_and_anonymous_see_nothing(submission, make_user):
    assert visible_authors(submission, make_user()) == []
    assert visible_authors(submission, AnonymousUser()) == []
    assert not can_view(AnonymousUser(), submission)
