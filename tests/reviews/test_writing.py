"""Writing reviews: drafts, submitting, revising until the deadline (every submitted version kept), late
first submissions, phases and conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from confero import permissions
from confero.audit.models import AuditEvent
from confero.conflicts.models import Conflict
from confero.reviews import selectors, services
from confero.reviews.models import Review

from .conftest import FULL, review_deadline, submit, switch


def test_a_first_draft_creates_the_review_and_later_saves_bump_the_version(team):
    rita = team.reviewers["A"]
    review = services.save_draft(team.paper, user=rita, answers={"summary": "Half"}, expected_version=0)
    assert (review.status, review.version, review.answers) == ("draft", 1, {"summary": "Half"})
    review = services.save_draft(
        team.paper, user=rita, answers={"summary": "Whole", "overall": "6"}, expected_version=1
    )
    assert (review.version, review.overall, review.answers["overall"]) == (2, 6, 6)
    same = services.save_draft(
        team.paper, user=rita, answers={"summary": "Whole", "overall": 6}, expected_version=2
    )
    assert same.version == 2  # nothing changed, nothing written
    assert AuditEvent.objects.filter(action="review.started", data__number=1).count() == 1


def test_a_save_based_on_an_old_version_is_refused_and_keeps_the_newer_text(team):
    rita = team.reviewers["A"]
    services.save_draft(team.paper, user=rita, answers={"summary": "tab one"}, expected_version=0)
    with pytest.raises(services.StaleReview) as caught:
        services.save_draft(team.paper, user=rita, answers={"summary": "tab two"}, expected_version=0)
    assert caught.value.current == 1 and "another window or tab" in caught.value.messages[0]
    assert Review.objects.get().answers == {"summary": "tab one"}


def test_submitting_needs_every_required_answer_and_keeps_version_one(team):
    rita = team.reviewers["A"]
    services.save_draft(team.paper, user=rita, answers={"summary": "Half"}, expected_version=0)
    with pytest.raises(ValidationError) as caught:
        services.submit_review(team.paper, user=rita, answers={"summary": "Half"}, expected_version=1)
    assert "overall" in caught.value.message_dict
    assert Review.objects.get().status == "draft"
    review = services.submit_review(team.paper, user=rita, answers=FULL, expected_version=1)
    assert review.status == "submitted" and review.submitted_at is not None
    assert (review.overall, review.confidence) == (7, 4)
    assert list(review.versions.values_list("number", "overall")) == [(1, 7)]
    assert permissions.can(rita, "review.list", team.paper)  # the permission facts were refreshed
    assert AuditEvent.objects.get(action="review.submitted").data == {
        "number": 1, "label": "A", "version": 1, "late": False,
    }  # fmt: skip


def test_a_revision_stays_private_until_submitted_and_every_version_is_kept(team):
    submit(team, "A")
    submit(team, "B")
    rita, bob = team.reviewers["A"], team.reviewers["B"]
    review = Review.objects.get(reviewer=rita)
    draft = services.save_draft(
        team.paper, user=rita, answers={**FULL, "overall": "3"}, expected_version=review.version
    )
    assert draft.revision["overall"] == 3 and draft.answers["overall"] == 7 and draft.overall == 7
    seen_by_bob = next(r for r in selectors.readable_reviews(bob, team.paper) if r.label == "Reviewer A")
    assert {a.question.key: a.value for a in seen_by_bob.answers}["overall"] == 7
    revised = services.submit_review(
        team.paper, user=rita, answers={**FULL, "overall": "3"}, expected_version=draft.version
    )
    assert (revised.overall, revised.revision) == (3, None)
    assert list(revised.versions.values_list("number", "overall")) == [(1, 7), (2, 3)]
    assert revised.submitted_at == review.submitted_at  # first submission time stays
    assert AuditEvent.objects.filter(action="review.revised", data__version=2).exists()


def test_discarding_a_revision(team):
    submit(team, "A")
    rita = team.reviewers["A"]
    review = Review.objects.get()
    draft = services.save_draft(
        team.paper, user=rita, answers={**FULL, "summary": "x"}, expected_version=review.version
    )
    kept = services.discard_revision(team.paper, user=rita, expected_version=draft.version)
    assert kept.revision is None and kept.answers["summary"] == FULL["summary"]


def test_no_revision_after_the_deadline_but_a_late_first_submission_counts_as_late(team):
    submit(team, "A")
    review_deadline(team.workshop, days=-1)
    rita, bob = team.reviewers["A"], team.reviewers["B"]
    review = Review.objects.get(reviewer=rita)
    with pytest.raises(services.ReviewClosed, match="can no longer be revised"):
        services.save_draft(
            team.paper, user=rita, answers={**FULL, "overall": "2"}, expected_version=review.version
        )
    late = services.submit_review(team.paper, user=bob, answers=FULL, expected_version=0)
    assert late.status == "submitted"
    event = AuditEvent.objects.get(action="review.submitted", data__label="B")
    assert event.data["late"] is True and "after the deadline" in event.summary


def test_reviewing_closed_by_the_phase(team):
    switch(team.workshop, "decision", *team.reviewers.values())
    with pytest.raises(PermissionDenied, match="reviewing is closed in the decision phase"):
        services.save_draft(
            team.paper, user=team.reviewers["A"], answers={"summary": "x"}, expected_version=0
        )


def test_a_conflict_found_after_assignment_takes_the_review_away(team):
    rita = team.reviewers["A"]
    Conflict.objects.create(
        workshop=team.workshop, submission=team.paper, person=rita, origin="organizer", status="confirmed"
    )
    permissions.forget(rita)
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        services.submit_review(team.paper, user=rita, answers=FULL, expected_version=0)


def test_people_who_are_not_assigned_cannot_write(team, pc_member, organizer):
    for person in (pc_member, organizer, team.author):
        with pytest.raises(PermissionDenied):
            services.save_draft(team.paper, user=person, answers={"summary": "x"}, expected_version=0)
    assert not Review.objects.exists()


def test_withdrawn_papers_take_no_reviews(team):
    from confero.submissions.services import withdraw_submission

    withdraw_submission(team.paper, user=team.author, expected_version=team.paper.version)
    team.paper.refresh_from_db()
    with pytest.raises(PermissionDenied, match="withdrawn"):
        services.save_draft(
            team.paper, user=team.reviewers["A"], answers={"summary": "x"}, expected_version=0
        )


def test_the_deadline_is_read_to_the_second(team):
    rita = team.reviewers["A"]
    submit(team, "A")
    deadline = team.workshop.deadline("review").at
    review = Review.objects.get()
    ok = services.save_draft(
        team.paper, user=rita, answers={**FULL, "overall": "5"}, expected_version=review.version,
        now=deadline,
    )  # fmt: skip
    with pytest.raises(services.ReviewClosed):
        services.save_draft(
            team.paper, user=rita, answers={**FULL, "overall": "4"}, expected_version=ok.version,
            now=deadline + dt.timedelta(seconds=1),
        )  # fmt: skip
    assert timezone.now() < deadline
