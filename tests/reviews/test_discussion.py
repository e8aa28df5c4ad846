"""The discussion: who may post when, labels instead of names, organizer-only posts, and the mail that
goes to the paper's other participants — never to conflicted people, never naming anybody."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.conflicts.models import Conflict
from confero.people.models import Role
from confero.reviews import selectors, services

from .conftest import submit, switch


@pytest.fixture
def discussing(team, django_capture_on_commit_callbacks):
    """A and B submitted, C has not; discussion phase; the organizer manages the paper."""
    submit(team, "A")
    submit(team, "B")
    team.paper.manager = team.organizer
    team.paper.save(update_fields=["manager"])
    switch(team.workshop, "discussion", *team.reviewers.values(), team.organizer)
    mail.outbox.clear()
    return team


def _post(team, user, body, capture, **kwargs):
    with capture(execute=True):
        return services.post_comment(team.paper, user=user, body=body, **kwargs)


def test_reviewers_post_under_their_label_and_others_are_mailed(
    discussing, django_capture_on_commit_callbacks
):
    t = discussing
    comment = _post(t, t.reviewers["A"], "I think **B** is too harsh.", django_capture_on_commit_callbacks)
    assert comment.author_label == "Reviewer A"
    recipients = sorted(m.to[0] for m in mail.outbox)
    # B (submitted) and the manager; not A (the poster), not C (no review submitted: cannot read it).
    assert recipients == sorted([t.reviewers["B"].email, t.organizer.email])
    for message in mail.outbox:
        assert "Reviewer A wrote" in message.body and "I think **B** is too harsh." in message.body
        for person in (*t.reviewers.values(), t.author):
            assert person.name not in message.body + message.subject
    assert AuditEvent.objects.get(action="discussion.posted").data["number"] == 1


def test_replies_thread_and_organizers_appear_as_organizer(discussing, django_capture_on_commit_callbacks):
    t = discussing
    first = _post(t, t.reviewers["A"], "Question for all.", django_capture_on_commit_callbacks)
    reply = _post(t, t.organizer, "Answer.", django_capture_on_commit_callbacks, parent=first)
    assert reply.author_label == "Organizer"
    posts = selectors.thread(t.reviewers["B"], t.paper)
    assert [p.label for p in posts] == ["Reviewer A"] and [p.label for p in posts[0].replies] == ["Organizer"]
    assert posts[0].identity == ""  # reviewers never learn who is behind a label
    organizer_view = selectors.thread(t.organizer, t.paper)
    assert organizer_view[0].identity == "Rita Reviewer"


def test_organizer_only_posts(discussing, django_capture_on_commit_callbacks):
    t = discussing
    secret = _post(
        t,
        t.organizer,
        "Reviewer B is new; weigh lightly.",
        django_capture_on_commit_callbacks,
        organizers_only=True,
    )
    assert secret.audience == "organizers"
    assert mail.outbox == []  # only the poster oversees this paper so far
    for label in "AB":
        assert selectors.thread(t.reviewers[label], t.paper) == []
    with pytest.raises(PermissionDenied):
        services.post_comment(t.paper, user=t.reviewers["A"], body="x", organizers_only=True)
    with pytest.raises(
        ValidationError, match="does not exist"
    ):  # reviewers cannot reply to what they cannot read
        services.post_comment(t.paper, user=t.reviewers["A"], body="x", parent=secret)
    other = Role.objects.create(workshop=t.workshop, user=t.reviewers["C"], kind="organizer").user
    permissions.forget(other)
    reply = _post(t, other, "Agreed.", django_capture_on_commit_callbacks, parent=secret)
    assert reply.audience == "organizers"  # a reply to a confidential post stays confidential


def test_who_may_post_when(team):
    with pytest.raises(PermissionDenied, match="submit your own review"):
        services.post_comment(team.paper, user=team.reviewers["A"], body="hello")
    submit(team, "A")
    with pytest.raises(PermissionDenied, match="discussion is closed in the reviewing phase"):
        services.post_comment(team.paper, user=team.reviewers["A"], body="hello")
    switch(team.workshop, "discussion", team.reviewers["A"])
    with pytest.raises(ValidationError, match="write something"):
        services.post_comment(team.paper, user=team.reviewers["A"], body="   ")
    with pytest.raises(PermissionDenied):
        services.post_comment(team.paper, user=team.author, body="Please accept")


def test_conflicted_people_get_no_mail(discussing, django_capture_on_commit_callbacks):
    t = discussing
    Conflict.objects.create(
        workshop=t.workshop,
        submission=t.paper,
        person=t.reviewers["B"],
        origin="organizer",
        status="confirmed",
    )
    Conflict.objects.create(
        workshop=t.workshop, submission=t.paper, person=t.organizer, origin="organizer", status="confirmed"
    )
    _post(t, t.reviewers["A"], "Anyone?", django_capture_on_commit_callbacks)
    assert mail.outbox == []
