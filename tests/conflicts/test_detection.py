"""Detection over the database: what is found, how it is merged, and that re-runs keep every decision."""

from __future__ import annotations

import pytest

from confero import permissions
from confero.audit.models import AuditEvent
from confero.conflicts import detection, services
from confero.conflicts.models import Conflict
from confero.matching.models import Assignment
from confero.people.models import Affiliation

from .conftest import YEAR, pairs

pytestmark = pytest.mark.django_db
CONFIRMED, POTENTIAL, DISMISSED = "confirmed", "potential", "dismissed"


def run(workshop, actor, **kw):
    return detection.run_detection(workshop, actor=actor, reference_year=YEAR, **kw)


def test_finds_each_kind_of_evidence(workshop, committee):
    report = run(workshop, committee["olga"])
    assert pairs(workshop) == {
        (1, "rita@uni-b.edu"): CONFIRMED,
        (2, "rita@uni-b.edu"): CONFIRMED,
        (3, "paul@paul-home.example"): POTENTIAL,
        (5, "organizer@uni-a.edu"): CONFIRMED,
    }  # Gina (gmail.com) and Wendy (gmail.com) are no conflict: webmail is no institution
    assert (report.people, report.submissions, report.pairs_found) == (4, 5, 4)
    assert (report.new_confirmed, report.new_potential, report.kept, report.removed) == (3, 1, 0, 0)
    coauthor = Conflict.objects.get(submission__number=2)
    assert coauthor.origin == Conflict.Origin.DETECTED and coauthor.kinds == ["co-author"]
    assert coauthor.evidence == ["co-author: Carl Coauthor on 'Open weights at scale' (2024)"]
    assert coauthor.details[0]["publication_id"] == str(committee["rita"].publications.get().pk)
    former = Conflict.objects.get(submission__number=3)
    assert former.kinds == ["former-institution"] and "uni-d.edu (until 2023)" in former.evidence[0]
    event = AuditEvent.objects.get(action="conflicts.detected")
    assert event.actor == committee["olga"] and event.data["pairs_found"] == 4
    assert event.data["coauthor_years"] == 3 and event.data["reference_year"] == YEAR


def test_coauthor_window_decides_certainty(workshop, committee):
    run(workshop, committee["olga"], coauthor_years=0)
    assert pairs(workshop)[(2, "rita@uni-b.edu")] == POTENTIAL  # 2024 is older than 0 years before 2025
    with pytest.raises(Exception, match="0 to 50 years"):
        run(workshop, committee["olga"], coauthor_years=51)


def test_rerun_is_idempotent(workshop, committee):
    run(workshop, committee["olga"])
    before = list(Conflict.objects.order_by("pk").values("pk", "status", "kinds", "evidence", "details"))
    report = run(workshop, committee["olga"])
    after = list(Conflict.objects.order_by("pk").values("pk", "status", "kinds", "evidence", "details"))
    assert before == after
    assert (report.new_confirmed, report.new_potential, report.upgraded, report.removed) == (0, 0, 0, 0)
    assert (report.refreshed, report.kept) == (1, 3)


def test_rerun_keeps_decisions(workshop, committee, make_user):
    from confero.people.models import Role

    other = make_user(email="second@uni-z.edu", name="Second Organizer")
    Role.objects.create(workshop=workshop, user=other, kind=Role.Kind.ORGANIZER)
    run(workshop, committee["olga"])
    potential = Conflict.objects.get(submission__number=3)
    services.decide(potential, DISMISSED, actor=committee["olga"])
    certain = Conflict.objects.get(submission__number=1)
    services.decide(certain, DISMISSED, actor=other)  # e.g. Bob left University B long ago
    report = run(workshop, committee["olga"])
    assert pairs(workshop)[(3, "paul@paul-home.example")] == DISMISSED
    assert pairs(workshop)[(1, "rita@uni-b.edu")] == DISMISSED
    assert report.kept == 4 and report.new_confirmed == report.new_potential == 0


def test_potential_becomes_confirmed_when_the_evidence_becomes_certain(workshop, committee):
    run(workshop, committee["olga"])
    Affiliation.objects.filter(user=committee["paul"]).update(end_year=None)  # Paul is still there
    report = run(workshop, committee["olga"])
    assert report.upgraded == 1
    row = Conflict.objects.get(submission__number=3)
    assert (row.status, row.kinds) == (CONFIRMED, ["same-institution"])


def test_potential_no_longer_found_is_removed_but_decisions_stay(workshop, committee):
    run(workshop, committee["olga"])
    Affiliation.objects.filter(user=committee["paul"]).delete()
    Affiliation.objects.filter(user=committee["rita"]).delete()
    report = run(workshop, committee["olga"])
    assert report.removed == 1
    found = pairs(workshop)
    assert (3, "paul@paul-home.example") not in found
    assert found[(1, "rita@uni-b.edu")] == CONFIRMED  # confirmed stays; an organizer may dismiss it


def test_declarations_and_manual_conflicts_are_untouched(workshop, committee):
    paper = committee["papers"][3]  # no evidence for anyone
    services.declare_conflicts(workshop, committee["gina"], {paper.pk: "my former student"})
    run(workshop, committee["olga"])
    row = Conflict.objects.get(submission=paper, person=committee["gina"])
    assert (row.origin, row.status, row.reason) == (Conflict.Origin.REVIEWER, CONFIRMED, "my former student")


def test_withdrawn_papers_are_left_out(workshop, committee):
    from django.utils import timezone

    paper = committee["papers"][0]
    paper.status, paper.withdrawn_at = "withdrawn", timezone.now()
    paper.save()
    report = run(workshop, committee["olga"])
    assert report.submissions == 4 and (1, "rita@uni-b.edu") not in pairs(workshop)


def test_only_organizers_run_detection(workshop, committee):
    with pytest.raises(permissions.Denied, match="organizers"):
        run(workshop, committee["rita"])
    assert not Conflict.objects.exists()


def test_a_confirmed_conflict_applies_at_once(workshop, committee):
    """Rita is assigned #1 before detection; once the conflict is confirmed she loses the paper."""
    paper = committee["papers"][0]
    Assignment.objects.create(
        workshop=workshop, submission=paper, reviewer=committee["rita"], label="A", origin="manual"
    )
    rita = committee["rita"]
    assert permissions.can(rita, "submission.view", paper)
    olga = committee["olga"]
    assert permissions.can(olga, "conflict.decide", committee["papers"][4])
    run(workshop, olga)
    permissions.forget(rita)
    assert not permissions.can(rita, "submission.view", paper)
    assert not permissions.can(olga, "conflict.decide", committee["papers"][4])  # Olga's own institution


def test_potential_evidence_is_renewed(workshop, committee):
    run(workshop, committee["olga"])
    Affiliation.objects.filter(user=committee["paul"]).update(end_year=2022)
    report = run(workshop, committee["olga"])
    row = Conflict.objects.get(submission__number=3)
    assert report.refreshed == 1 and row.status == POTENTIAL
    assert row.evidence == [
        "former institution: uni-d.edu (until 2022)",
        "former institution: university d (until 2022)",
    ]
