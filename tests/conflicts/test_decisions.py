"""Organizers confirm, dismiss and add conflicts; PC members declare theirs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.committee.models import CommitteeMember
from confero.conflicts import services
from confero.conflicts.models import Conflict
from confero.people.models import Role

from .conftest import pairs

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(workshop, make_user):
    user = make_user(email="second@uni-z.edu", name="Second Organizer")
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.ORGANIZER)
    return user


def potential(workshop, paper, person, **kw):
    return Conflict.objects.create(
        workshop=workshop,
        submission=paper,
        person=person,
        origin=Conflict.Origin.DETECTED,
        status=Conflict.Status.POTENTIAL,
        kinds=["same-name"],
        evidence=["same name: X"],
        **kw,
    )


def test_confirm_is_audited_and_applies_at_once(workshop, committee):
    paper, paul, olga = committee["papers"][2], committee["paul"], committee["olga"]
    row = potential(workshop, paper, paul)
    assert paper.pk not in permissions.facts.facts(paul, workshop).conflicted
    services.decide(row, "confirmed", actor=olga)
    row.refresh_from_db()
    assert (row.status, row.decided_by) == ("confirmed", olga) and row.decided_at
    event = AuditEvent.objects.get(action="conflict.confirmed")
    assert (
        event.data["number"] == 3 and event.data["person"] == paul.email and event.data["was"] == "potential"
    )
    permissions.forget(paul)
    assert paper.pk in permissions.facts.facts(paul, workshop).conflicted


def test_a_stale_decision_is_refused(workshop, committee, second):
    row = potential(workshop, committee["papers"][2], committee["paul"])
    services.decide(row, "dismissed", actor=second)
    with pytest.raises(services.AlreadyDecided, match="Second Organizer already marked it dismissed"):
        services.decide(row, "confirmed", actor=committee["olga"], expected="potential")
    assert Conflict.objects.get(pk=row.pk).status == "dismissed"
    assert AuditEvent.objects.filter(action__startswith="conflict.").count() == 1


def test_nobody_decides_their_own_conflict(workshop, committee, second):
    row = potential(workshop, committee["papers"][0], second)
    with pytest.raises(permissions.Denied, match="another organizer decides it"):
        services.decide(row, "dismissed", actor=second)
    services.decide(row, "dismissed", actor=committee["olga"])


def test_a_conflicted_organizer_cannot_decide(workshop, committee, second):
    paper = committee["papers"][4]
    services.add_conflict(workshop, paper, committee["olga"], "my own institution", actor=second)
    row = potential(workshop, paper, committee["paul"])
    with pytest.raises(permissions.Denied, match="conflict of interest"):
        services.decide(row, "confirmed", actor=committee["olga"])
    with pytest.raises(permissions.Denied):
        services.add_conflict(workshop, paper, committee["gina"], "x", actor=committee["olga"])
    assert Conflict.objects.get(pk=row.pk).status == "potential"


def test_bulk_decisions_skip_what_may_not_be_decided(workshop, committee, second):
    olga = committee["olga"]
    services.add_conflict(workshop, committee["papers"][4], olga, "my institution", actor=second)
    a = potential(workshop, committee["papers"][0], committee["paul"])
    b = potential(workshop, committee["papers"][1], committee["gina"])
    c = potential(workshop, committee["papers"][4], committee["gina"])  # Olga is conflicted with #5
    own = potential(workshop, committee["papers"][2], olga)
    report = services.decide_many(
        workshop,
        {a.pk: "potential", b.pk: "potential", c.pk: "potential", own.pk: "potential"},
        "dismissed",
        actor=olga,
    )
    assert sorted(r.pk for r in report.decided) == [a.pk, b.pk]
    assert len(report.skipped) == 2 and any("another organizer decides it" in s for s in report.skipped)
    assert {r.status for r in Conflict.objects.filter(pk__in=[c.pk, own.pk])} == {"potential"}


def test_add_by_hand(workshop, committee, author, second):
    olga, paper = committee["olga"], committee["papers"][1]
    with pytest.raises(ValidationError, match="neither on the program committee"):
        services.add_conflict(workshop, paper, author, "friend", actor=olga)
    with pytest.raises(ValidationError, match="say why"):
        services.add_conflict(workshop, paper, committee["gina"], "  ", actor=olga)
    row = potential(workshop, paper, committee["gina"])
    added = services.add_conflict(workshop, paper, committee["gina"], "her former student", actor=olga)
    assert added.pk == row.pk and (added.status, added.origin) == ("confirmed", "organizer")
    with pytest.raises(ValidationError, match="confirmed conflict with #2 already"):
        services.add_conflict(workshop, paper, committee["gina"], "again", actor=second)
    with pytest.raises(permissions.Denied):
        services.add_conflict(workshop, paper, committee["paul"], "x", actor=committee["rita"])
    assert AuditEvent.objects.get(action="conflict.added").data["number"] == 2


def test_pc_member_declares_and_withdraws(workshop, committee):
    rita, (_, p2, p3, p4, _) = committee["rita"], committee["papers"]
    potential(workshop, p3, rita)
    report = services.declare_conflicts(workshop, rita, {p2.pk: "co-author", p3.pk: "my old lab"})
    assert (report.added, report.removed) == ([2, 3], [])
    assert pairs(workshop) == {(2, rita.email): "confirmed", (3, rita.email): "confirmed"}
    row = Conflict.objects.get(submission=p3, person=rita)
    assert row.origin == "reviewer" and row.kinds == ["same-name", "declared"] and row.reason == "my old lab"
    assert CommitteeMember.objects.get(workshop=workshop, user=rita).conflicts_declared_at
    # Unticking p2 on a page that showed only p2 and p4: p3 stays.
    report = services.declare_conflicts(workshop, rita, {p4.pk: "friend"}, among=[p2.pk, p4.pk])
    assert (report.added, report.removed) == ([4], [2])
    assert pairs(workshop) == {(3, rita.email): "confirmed", (4, rita.email): "confirmed"}
    assert AuditEvent.objects.filter(action="conflict.undeclared", data__number=2).exists()


def test_declarations_need_reasons_and_leave_others_alone(workshop, committee, second):
    rita, (p1, p2, *_) = committee["rita"], committee["papers"]
    with pytest.raises(ValidationError) as err:
        services.declare_conflicts(workshop, rita, {p1.pk: " ", p2.pk: "x" * 301})
    assert set(err.value.message_dict) == {f"reason-{p1.pk}", f"reason-{p2.pk}"}
    assert not Conflict.objects.exists()
    services.add_conflict(workshop, p1, rita, "organizer knows", actor=second)
    services.declare_conflicts(workshop, rita, {})  # unticking everything keeps the organizer's conflict
    assert pairs(workshop) == {(1, rita.email): "confirmed"}


def test_only_pc_members_declare_and_not_on_their_own_paper(workshop, committee, author, make_paper):
    with pytest.raises(permissions.Denied, match="program committee"):
        services.declare_conflicts(workshop, author, {committee["papers"][0].pk: "x"})
    from confero.submissions.models import SubmissionAuthor

    mine = make_paper("Rita's paper", [("Rita Reviewer", "rita@uni-b.edu", "University B")])
    SubmissionAuthor.objects.filter(submission=mine).update(user=committee["rita"])
    permissions.forget(committee["rita"])
    with pytest.raises(permissions.Denied, match="you are an author"):
        services.declare_conflicts(workshop, committee["rita"], {mine.pk: "mine"})
