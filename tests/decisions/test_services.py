"""Staging, discarding, releasing and managers: the rules, the audit trail, and mails once per release."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.decisions import notify, services
from confero.decisions.models import Decision, DecisionNotice, DecisionRelease

pytestmark = pytest.mark.django_db

AUTHOR_ADDRESSES = {
    "author@author.example.org",
    "coauthor@coauthor.example.org",
    "org_author@org-author.example.org",
}


def _release(workshop, actor, capture, **kw):
    with capture(execute=True):
        return services.release(workshop, actor=actor, **kw)


def test_the_manager_stages_and_the_audit_log_names_no_outcome(reviewed, workshop, phase):
    people, paper = reviewed
    phase("decision")
    d = services.stage(
        paper, outcome="accept", note="Well done.", actor=people["manager"], expected_version=0
    )
    assert (d.outcome, d.note, d.version, d.state) == ("accept", "Well done.", 1, "staged")
    event = AuditEvent.objects.get(action="decision.staged")
    assert event.data["number"] == paper.number and event.actor == people["manager"]
    assert "accept" not in (event.summary + str(event.data)).lower()
    # the same decision again changes nothing
    again = services.stage(
        paper, outcome="accept", note="Well done.", actor=people["manager"], expected_version=1
    )
    assert again.version == 1 and AuditEvent.objects.filter(action="decision.staged").count() == 1


@pytest.mark.parametrize(
    "role, reason",
    [
        ("organizer", "another organizer manages this submission"),
        ("org_conflicted", "conflict of interest"),
        ("org_author", "you are an author"),
        ("reviewer_done", "only the workshop's organizers"),
        ("author", "only the workshop's organizers"),
    ],
)
def test_only_the_manager_without_conflict_decides(reviewed, phase, role, reason):
    people, paper = reviewed
    phase("decision")
    with pytest.raises(permissions.Denied, match=reason):
        services.stage(paper, outcome="reject", actor=people[role])
    assert not Decision.objects.exists()


def test_accept_and_reject_wait_for_a_deciding_phase_desk_rejects_for_the_end_of_submissions(reviewed, phase):
    people, paper = reviewed
    manager = people["manager"]
    phase("submission")
    with pytest.raises(permissions.Denied, match="desk rejections are made once submissions have closed"):
        services.stage(paper, outcome="desk_reject", actor=manager)
    phase("reviewing")
    with pytest.raises(permissions.Denied, match="decisions are not taken in the reviewing phase"):
        services.stage(paper, outcome="accept", actor=manager)
    d = services.stage(paper, outcome="desk_reject", note="Not anonymous.", actor=manager)
    assert d.outcome == "desk_reject"
    # turning a desk rejection into an acceptance needs the deciding phase again
    with pytest.raises(permissions.Denied, match="decisions are not taken"):
        services.stage(paper, outcome="accept", actor=manager)


def test_a_stale_version_is_refused_and_nothing_changes(reviewed, phase):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", actor=people["manager"], expected_version=0)
    with pytest.raises(services.StaleDecision, match="changed meanwhile by Manager"):
        services.stage(paper, outcome="reject", actor=people["manager"], expected_version=0)
    assert Decision.objects.get().outcome == "accept"


def test_withdrawn_papers_get_no_decision(reviewed, phase):
    people, paper = reviewed
    phase("decision")
    paper.status, paper.withdrawn_at = "withdrawn", paper.created_at
    paper.save(update_fields=["status", "withdrawn_at"])
    with pytest.raises(ValidationError, match="withdrawn"):
        services.stage(paper, outcome="accept", actor=people["manager"])


def test_release_once_mails_each_author_once(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", note="Congratulations.", actor=people["manager"])
    releases = _release(workshop, people["organizer"], django_capture_on_commit_callbacks)
    assert [r.number for r in releases] == [1]
    d = Decision.objects.get()
    assert (d.state, d.released_outcome, d.released_note, d.released_by) == (
        "released", "accept", "Congratulations.", people["organizer"],
    )  # fmt: skip
    assert {m.to[0] for m in mail.outbox} == AUTHOR_ADDRESSES and len(mail.outbox) == 3
    assert DecisionNotice.objects.count() == 3
    assert AuditEvent.objects.filter(action="decision.released", data__number=paper.number).count() == 1
    assert AuditEvent.objects.filter(action="decision.mailed").count() == 1
    # releasing or mailing again: nothing new
    assert _release(workshop, people["organizer"], django_capture_on_commit_callbacks) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notify.send_missing(workshop, actor=people["manager"]) == 0
        assert notify.send(releases, actor=people["manager"]) == 0
    assert len(mail.outbox) == 3 and DecisionRelease.objects.count() == 1


def test_a_change_after_release_is_a_new_release_and_mails_again(
    reviewed, workshop, phase, django_capture_on_commit_callbacks
):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", actor=people["manager"])
    _release(workshop, people["manager"], django_capture_on_commit_callbacks)
    d = services.stage(paper, outcome="reject", note="We erred.", actor=people["manager"])
    assert d.state == "changed" and d.released_outcome == "accept"
    assert services.pending(workshop, people["manager"]) == [d]
    (second,) = _release(workshop, people["manager"], django_capture_on_commit_callbacks)
    assert (second.number, second.outcome) == (2, "reject")
    assert list(DecisionRelease.objects.values_list("number", "outcome")) == [(1, "accept"), (2, "reject")]
    assert len(mail.outbox) == 6
    assert all("not accepted" in m.body for m in mail.outbox[3:])
    assert DecisionNotice.objects.count() == 6


def test_discarding_before_and_after_release(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", actor=people["manager"])
    assert services.discard(paper, actor=people["manager"], expected_version=1) is None
    assert not Decision.objects.exists()
    services.stage(paper, outcome="accept", actor=people["manager"])
    _release(workshop, people["manager"], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="released as it stands"):
        services.discard(paper, actor=people["manager"])
    services.stage(paper, outcome="reject", actor=people["manager"])
    back = services.discard(paper, actor=people["manager"])
    assert (back.outcome, back.state) == ("accept", "released")
    assert DecisionRelease.objects.count() == 1  # releases are never taken back


def test_release_a_chosen_subset(
    workshop, organizer, author, make_data, upload, phase, django_capture_on_commit_callbacks
):
    from confero.submissions.services import create_submission

    papers = [
        create_submission(
            workshop=workshop, user=author, data=make_data(author, title=f"Paper {i}"), pdf=upload()
        )
        for i in range(3)
    ]
    phase("decision")
    for p, outcome in zip(papers, ["accept", "reject", "accept"], strict=True):
        services.stage(p, outcome=outcome, actor=organizer)
    with pytest.raises(ValidationError, match="nothing to release for #9"):
        _release(workshop, organizer, django_capture_on_commit_callbacks, numbers=[2, 9])
    released = _release(workshop, organizer, django_capture_on_commit_callbacks, numbers=[2])
    assert [r.decision.submission.number for r in released] == [2]
    assert [d.submission.number for d in services.pending(workshop, organizer)] == [1, 3]
    assert len(mail.outbox) == 1


def test_conflicted_organizers_cannot_release_what_they_may_not_see(
    reviewed, workshop, phase, django_capture_on_commit_callbacks
):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", actor=people["manager"])
    for role in ("org_conflicted", "org_author"):
        assert services.pending(workshop, people[role]) == []
        assert _release(workshop, people[role], django_capture_on_commit_callbacks) == []
        with pytest.raises(ValidationError, match="nothing to release for #1"):
            _release(workshop, people[role], django_capture_on_commit_callbacks, numbers=[1])
    with pytest.raises(permissions.Denied):
        services.release(workshop, actor=people["reviewer_done"])
    assert Decision.objects.get().state == "staged" and mail.outbox == []


def test_managers_are_organizers_without_a_conflict(reviewed, workshop, phase):
    people, paper = reviewed
    phase("decision")
    names = {u.email for u in services.manager_candidates(paper)}
    assert names == {people["organizer"].email, people["manager"].email}
    with pytest.raises(ValidationError, match="cannot manage #1"):
        services.set_manager(paper, people["org_conflicted"], actor=people["organizer"])
    with pytest.raises(permissions.Denied, match="conflict of interest"):
        services.set_manager(paper, people["organizer"], actor=people["org_conflicted"])
    services.set_manager(paper, people["organizer"], actor=people["manager"])
    paper.refresh_from_db()
    assert paper.manager == people["organizer"]
    assert permissions.can(people["organizer"], "decision.set", paper)
    assert not permissions.can(people["manager"], "decision.set", paper)
    event = AuditEvent.objects.get(action="submission.manager_set")
    assert event.data["manager"] == people["organizer"].email and event.data["number"] == 1
    services.set_manager(paper, None, actor=people["organizer"])
    paper.refresh_from_db()
    assert paper.manager is None and permissions.can(people["manager"], "decision.set", paper)
