"""Hand edits of a proposal, publishing (labels, one mail per reviewer, idempotent), and the changes to
published assignments that the reviews pages use (remove, move, emergency reviewer)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.mail.models import OutboxMail
from confero.matching import assignments, edits, publish, report
from confero.matching.models import Assignment, MatchingRun, ProposedAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(workshop, organizer, papers, committee, run_now):
    subs = papers(6)
    members = committee(6, load=4)
    run = run_now(organizer, per_paper=2, min_areas=0)
    assert run.status == "done", run.message
    return run, subs, members


def _pairs(run):
    return set(ProposedAssignment.objects.filter(run=run).values_list("submission_id", "reviewer_id"))


def test_hand_edits_check_conflicts_and_loads_and_change_the_report(workshop, organizer, done):
    from confero.conflicts.models import Conflict

    run, subs, members = done
    sub = subs[0]
    on_paper = {r for s, r in _pairs(run) if s == sub.pk}
    free = next(m for m in members if m.pk not in on_paper)
    Conflict.objects.create(
        workshop=workshop, submission=sub, person=free, origin="detected", status="potential"
    )
    with pytest.raises(ValidationError, match="potential conflict"):
        edits.add_pair(organizer, run, sub, free)
    other = next(m for m in members if m.pk not in on_paper and m != free)
    ProposedAssignment.objects.filter(run=run, reviewer=other).count()
    before = report.report(run)
    pair = edits.add_pair(organizer, run, sub, other, over_load_ok=True)
    assert pair.edited and pair.explanation["text"].startswith("closest:")
    with pytest.raises(ValidationError, match="already proposed"):
        edits.add_pair(organizer, run, sub, other)
    run.refresh_from_db()
    assert run.revision == 1
    after = report.report(run)
    assert after["assignments"] == before["assignments"] + 1 and after["revision"] == 1
    edits.remove_pair(organizer, pair)
    run.refresh_from_db()
    assert run.revision == 2 and report.report(run)["assignments"] == before["assignments"]
    assert AuditEvent.objects.filter(action="matching.pair_added", data__number=sub.number).exists()


def test_a_member_at_their_maximum_load_needs_the_explicit_override(workshop, organizer, done):
    run, subs, members = done
    loads = Counter(ProposedAssignment.objects.filter(run=run).values_list("reviewer_id", flat=True))
    busiest = max(members, key=lambda m: loads[m.pk])
    from confero.committee.models import CommitteeMember

    CommitteeMember.objects.filter(user=busiest).update(max_load=loads[busiest.pk])
    target = next(s for s in subs if (s.pk, busiest.pk) not in _pairs(run))
    with pytest.raises(ValidationError, match="their maximum is"):
        edits.add_pair(organizer, run, target, busiest)
    assert edits.add_pair(organizer, run, target, busiest, over_load_ok=True).edited


def test_moving_a_pair_keeps_the_paper_covered(organizer, done):
    run, subs, members = done
    pair = ProposedAssignment.objects.filter(run=run, submission=subs[1]).first()
    newcomer = next(m for m in members if (subs[1].pk, m.pk) not in _pairs(run))
    moved = edits.move_pair(organizer, pair, newcomer, over_load_ok=True)
    assert moved.reviewer == newcomer
    assert ProposedAssignment.objects.filter(run=run, submission=subs[1]).count() == 2


def test_publishing_labels_each_paper_and_mails_each_reviewer_once(workshop, organizer, done):
    run, subs, members = done
    result = publish.publish(organizer, run)
    assert result.created == 12 and not result.already
    labels = Counter(Assignment.objects.values_list("submission_id", "label"))
    assert set(labels.values()) == {1}
    assert {lab for _, lab in labels} == {"A", "B"}
    reviewers = set(Assignment.objects.values_list("reviewer_id", flat=True))
    mails = OutboxMail.objects.filter(kind="assignment.published")
    assert mails.count() == len(reviewers) == result.reviewers
    assert Counter(mails.values_list("to", flat=True)).most_common(1)[0][1] == 1
    body = mails.first().body
    assert "#" in body and "Author Number" not in body  # double-blind: no author names
    assert "do not try to find out who the authors are" in body
    # the permission table sees the new reviewers at once
    a = Assignment.objects.first()
    permissions.forget(a.reviewer)
    assert permissions.can(a.reviewer, "submission.view", a.submission)
    # again: nothing new, nothing sent
    again = publish.publish(organizer, MatchingRun.objects.get(pk=run.pk))
    assert again.already and Assignment.objects.count() == 12
    assert OutboxMail.objects.filter(kind="assignment.published").count() == len(reviewers)


def test_open_workshops_list_author_names_in_the_mail(workshop, organizer, done):
    workshop.anonymity = "open"
    workshop.save()
    run, subs, members = done
    publish.publish(organizer, run)
    assert "Author Number" in OutboxMail.objects.filter(kind="assignment.published").first().body


def test_a_second_run_cannot_be_published_and_edits_stop(workshop, organizer, done, run_now):
    run, subs, members = done
    publish.publish(organizer, run)
    other = run_now(organizer, per_paper=1, min_areas=0)
    with pytest.raises(ValidationError, match="already published"):
        publish.publish(organizer, other)
    with pytest.raises(ValidationError, match="published"):
        edits.remove_pair(organizer, ProposedAssignment.objects.filter(run=run).first())


def test_a_conflict_found_after_the_run_blocks_publishing_until_edited(workshop, organizer, done):
    from confero.conflicts.models import Conflict

    run, subs, members = done
    pair = ProposedAssignment.objects.filter(run=run).select_related("submission", "reviewer").first()
    Conflict.objects.create(
        workshop=workshop,
        submission=pair.submission,
        person=pair.reviewer,
        origin="organizer",
        status="confirmed",
    )
    with pytest.raises(ValidationError, match="conflict of interest with it now"):
        publish.publish(organizer, run)
    assert not Assignment.objects.exists()
    edits.remove_pair(organizer, pair)
    assert publish.publish(organizer, run).created == 11


def test_after_publishing_reassign_and_emergency_reviewers(
    workshop, organizer, done, django_capture_on_commit_callbacks
):
    from confero.reviews.models import Review

    run, subs, members = done
    publish.publish(organizer, run)
    sub = subs[2]
    a, b = Assignment.objects.filter(submission=sub).order_by("label")
    # an emergency reviewer gets the next label and one mail
    outsider = next(m for m in members if not Assignment.objects.filter(submission=sub, reviewer=m).exists())
    with django_capture_on_commit_callbacks(execute=True):
        added = assignments.add_reviewer(organizer, sub, outsider, over_load_ok=True)
    assert added.label == "C" and added.origin == "emergency" and added.notified_at
    assert mail.outbox[-1].to == [outsider.email] and "one more paper" in mail.outbox[-1].body
    # a submitted review pins its reviewer
    Review.objects.create(
        assignment=a,
        submission=sub,
        reviewer=a.reviewer,
        status="submitted",
        submitted_at=a.created_at,
        answers={},
    )
    with pytest.raises(ValidationError, match="has submitted their review"):
        assignments.remove_assignment(organizer, a)
    # a draft goes with its assignment; the reviewer is told and loses access
    Review.objects.create(assignment=b, submission=sub, reviewer=b.reviewer, status="draft", answers={})
    assignments.remove_assignment(organizer, b)
    assert (
        not Assignment.objects.filter(pk=b.pk).exists()
        and not Review.objects.filter(assignment_id=b.pk).exists()
    )
    assert OutboxMail.objects.filter(kind="assignment.removed", to=b.reviewer.email).exists()
    assert not permissions.can(b.reviewer, "review.write", sub)
    event = AuditEvent.objects.get(action="assignment.removed")
    assert event.data["number"] == sub.number and event.data["draft_deleted"] is True
    # move: C's place goes to another member; the new label follows the highest one still in use (A):
    # no two people ever hold a label at once, and nobody who was removed had a submitted review
    moved = assignments.move_assignment(organizer, added, b.reviewer, over_load_ok=True)
    assert moved.label == "B" and moved.origin == "manual"
    assert sorted(Assignment.objects.filter(submission=sub).values_list("label", flat=True)) == ["A", "B"]


def test_emergency_reviewers_are_checked_for_conflicts_membership_and_load(
    workshop, organizer, done, make_user
):
    from confero.submissions.models import DeclaredConflict

    run, subs, members = done
    publish.publish(organizer, run)
    sub = subs[0]
    free = [m for m in members if not Assignment.objects.filter(submission=sub, reviewer=m).exists()]
    DeclaredConflict.objects.create(submission=sub, person=free[0], reason="student")
    with pytest.raises(ValidationError, match="declared a conflict"):
        assignments.add_reviewer(organizer, sub, free[0])
    with pytest.raises(ValidationError, match="not on the program committee"):
        assignments.add_reviewer(organizer, sub, make_user())
    from confero.committee.models import CommitteeMember

    CommitteeMember.objects.filter(user=free[1]).update(max_load=0)
    with pytest.raises(ValidationError, match="maximum is 0"):
        assignments.add_reviewer(organizer, sub, free[1])
    cands = assignments.candidates_for(sub)
    by_user = {c.user.pk: c for c in cands}
    assert by_user[free[0].pk].conflict and not by_user[free[0].pk].eligible
    assert by_user[free[1].pk].max_load == 0 and not by_user[free[1].pk].free
    assert cands[0].eligible and cands[0].affinity >= cands[1].affinity or not cands[1].eligible


def test_a_conflicted_organizer_may_not_touch_the_assignments_of_that_paper(workshop, done, make_user):
    from confero.people.models import Role
    from confero.submissions.models import DeclaredConflict

    run, subs, members = done
    conflicted = make_user(email="org2@uni-q.edu")
    Role.objects.create(workshop=workshop, user=conflicted, kind="organizer")
    DeclaredConflict.objects.create(submission=subs[0], person=conflicted, reason="colleague")
    pair = ProposedAssignment.objects.filter(run=run, submission=subs[0]).first()
    with pytest.raises(permissions.Denied):
        edits.remove_pair(conflicted, pair)
    assert report.hidden_submissions(conflicted, workshop) == {subs[0].pk}
    assert report.report(run, frozenset({subs[0].pk}))["papers"] == 5
