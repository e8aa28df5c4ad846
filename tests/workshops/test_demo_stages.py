"""``confero demo --stage …``: the demo workshop at each stage of its review cycle, made by the services
(a smaller demo here: 12 papers instead of 60), with its phase set and the four printed logins working."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from confero import permissions
from confero.bidding.models import Bid
from confero.committee.models import CommitteeMember
from confero.conflicts.models import Conflict
from confero.decisions.models import Decision
from confero.matching.models import Assignment, MatchingRun
from confero.phases.services import current
from confero.program.models import Release
from confero.reviews.models import Comment, Review
from confero.workshops import demo
from confero.workshops.demo_stages import STAGES
from confero.workshops.models import Workshop
from tests.conftest import log_in

pytestmark = pytest.mark.django_db
PHASE = {"submission": "submission", "bidding": "bidding", "reviewing": "reviewing", "decision": "decision"}
PHASE["program"] = "released"


@pytest.fixture
def small_demo(monkeypatch):
    monkeypatch.setattr(demo, "N_SUBMISSIONS", 12)


def _run(stage, capsys):
    call_command("demo", "--no-serve", "--stage", stage, "--password", "stage-pass-1")
    out = capsys.readouterr().out
    return Workshop.objects.get(slug="os-fms-2025"), out


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_its_data_phase_and_logins(small_demo, stage, capsys, client):
    ws, out = _run(stage, capsys)
    step = STAGES.index(stage)
    assert current(ws).kind == PHASE[stage]
    assert ws.submissions.count() == 12
    # Later stages carry the earlier stages' data; earlier ones none of the later ones'.
    assert (CommitteeMember.objects.filter(workshop=ws, profile_confirmed_at__isnull=False).count() > 30) is (
        step >= 1
    )
    assert Bid.objects.filter(workshop=ws).exists() is (step >= 1)
    published = MatchingRun.objects.filter(workshop=ws, published_at__isnull=False)
    assert published.exists() is (step >= 2)
    assert Review.objects.filter(submission__workshop=ws, status="submitted").exists() is (step >= 2)
    assert Comment.objects.filter(submission__workshop=ws).exists() is (step >= 3)
    assert Decision.objects.filter(submission__workshop=ws).exists() is (step >= 3)
    assert Decision.objects.filter(submission__workshop=ws, released_at__isnull=False).exists() is (step >= 4)
    assert Release.objects.filter(workshop=ws).exists() is (step >= 4)
    # The program stage: orals and awards chosen, camera-ready in (so the public site lists papers), grants.
    from confero.awards.models import Pick
    from confero.camera.published import published_papers
    from confero.grants.models import GrantApplication

    picks = Pick.objects.filter(workshop=ws)
    assert picks.filter(kind="oral").exists() is (step >= 4)
    assert picks.filter(kind="award").exists() is (step >= 4)
    assert bool(published_papers(ws)) is (step >= 4)
    assert GrantApplication.objects.filter(workshop=ws).exists() is (step >= 4)
    if step >= 2:
        papers = ws.submissions.filter(status="submitted")
        assert all(p.assignments.count() >= 3 for p in papers)  # three reviewers per paper
        assert Review.objects.filter(submission__workshop=ws, status="draft").exists()  # some still drafts
        assert Assignment.objects.filter(workshop=ws, reviewer__email="pc@confero.example").count() >= 3
    # The printed logins: organizer, conflicted organizer, reviewer, author — each works.
    logins = [line.split() for line in out.splitlines() if "password: stage-pass-1" in line]
    emails = [next(w for w in words if "@" in w) for words in logins]
    assert emails == [
        "organizer@confero.example",
        "chair@confero.example",
        "pc@confero.example",
        "author@confero.example",
    ]
    assert "organizer, conflicted" in out
    for email in emails:
        client.logout()
        assert log_in(client, email, "stage-pass-1"), email


def test_the_conflicted_organizer_sees_nothing_of_the_demo_authors_reviews(small_demo, capsys, client):
    ws, _ = _run("decision", capsys)
    from confero.people.models import User

    chair = User.objects.get(email="chair@confero.example")
    mine = ws.submissions.filter(authors__email="author@confero.example").distinct()
    assert mine.count() == 3
    for sub in mine:
        assert Conflict.objects.filter(submission=sub, person=chair, status="confirmed").exists()
        assert not permissions.can(chair, "review.list", sub)
    assert log_in(client, "chair@confero.example", "stage-pass-1")
    sub = mine.first()
    page = client.get(reverse("decisions:paper", args=[ws.slug, sub.number]))
    assert page.status_code == 404


def test_released_decisions_reach_the_author(small_demo, capsys, client):
    ws, _ = _run("program", capsys)
    from confero.decisions.models import DecisionNotice

    assert DecisionNotice.objects.filter(recipient__contains="author@confero.example").count() == 3
    assert log_in(client, "author@confero.example", "stage-pass-1")
    sub = ws.submissions.filter(authors__email="author@confero.example").order_by("number").first()
    page = client.get(reverse("decisions:mine", args=[ws.slug, sub.number]))
    assert page.status_code == 200


def test_the_default_demo_stays_at_the_open_call(small_demo, capsys):
    call_command("demo", "--no-serve", "--password", "plain-pass-1")
    out = capsys.readouterr().out
    ws = Workshop.objects.get(slug="os-fms-2025")
    assert current(ws).kind == "submission" and not Bid.objects.exists() and not Review.objects.exists()
    assert "chair@confero.example" not in out and "organizer@confero.example" in out
