"""Matching runs through the service layer: to completion with every constraint, bids counted,
infeasibility diagnosed, cancelled, and a worker that died noticed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from confero.audit.models import AuditEvent
from confero.matching import pipeline, report, services
from confero.matching.models import MatchingRun, ProposedAssignment
from confero.matching.params import RunParams

pytestmark = pytest.mark.django_db


def test_a_run_assigns_every_paper_within_loads_areas_and_conflicts(
    workshop, organizer, papers, committee, run_now
):
    from confero.conflicts.models import Conflict
    from confero.submissions.models import DeclaredConflict, SubmissionAuthor

    subs = papers(12)
    members = committee(10, load=5)
    # three kinds of conflict: confirmed, declared by the authors, authorship
    Conflict.objects.create(
        workshop=workshop, submission=subs[0], person=members[0], origin="organizer", status="confirmed"
    )
    DeclaredConflict.objects.create(submission=subs[1], person=members[1], reason="advisor")
    SubmissionAuthor.objects.create(
        submission=subs[2], order=1, email=members[2].email, name="M2", user=members[2]
    )
    # the members closest to these papers are exactly the conflicted ones (their publication is the paper)
    run = run_now(organizer, per_paper=3, min_areas=2)
    assert run.status == MatchingRun.Status.DONE, run.message
    pairs = list(ProposedAssignment.objects.filter(run=run).values_list("submission_id", "reviewer_id"))
    assert len(pairs) == 36
    assert Counter(s for s, _ in pairs) == {s.pk: 3 for s in subs}
    assert max(Counter(r for _, r in pairs).values()) <= 5
    for sub, member in ((subs[0], members[0]), (subs[1], members[1]), (subs[2], members[2])):
        assert (sub.pk, member.pk) not in pairs
    areas = {m.pk: set(m.research_areas.values_list("pk", flat=True)) for m in members}
    for sub in subs:
        covered = set().union(*(areas[r] for s, r in pairs if s == sub.pk))
        assert len(covered) >= 2
    # member j wrote paper j's text: where allowed, the optimum gives paper j to member j
    assert (subs[5].pk, members[5].pk) in pairs
    assert run.report["assignments"] == 36 and run.report["papers_below_min_areas"] == 0
    assert set(run.report["timings"]) == {
        "reading",
        "conflicts",
        "affinity",
        "solving",
        "explaining",
        "saving",
    }
    pair = ProposedAssignment.objects.get(run=run, submission=subs[5], reviewer=members[5])
    assert pair.explanation["text"].startswith("closest: '") and "(2020, 1.00)" in pair.explanation["text"]
    assert pair.score == max(p.score for p in ProposedAssignment.objects.filter(run=run, reviewer=members[5]))
    assert run.affinity is not None and run.affinity.used == "tfidf" and not run.affinity.fell_back
    assert report.plot_file(run).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert AuditEvent.objects.filter(action="matching.run_started", object_id=str(run.pk)).exists()


def test_affinity_is_reused_when_nothing_changed_and_recomputed_when_a_paper_changes(
    workshop, organizer, papers, committee, run_now
):
    subs = papers(6)
    committee(5)
    first = run_now(organizer, per_paper=2, min_areas=0)
    second = run_now(organizer, per_paper=2, min_areas=0)
    assert second.affinity_id == first.affinity_id
    subs[0].title = "A completely different title about compilers"
    subs[0].save()
    third = run_now(organizer, per_paper=2, min_areas=0)
    assert third.affinity_id != first.affinity_id


def test_bids_move_pairs_and_a_conflict_bid_is_never_assigned(
    workshop, organizer, papers, committee, run_now
):
    from confero.bidding.models import Bid

    subs = papers(6)
    members = committee(6, load=3)
    # member 0 is far from paper 3 by expertise, but bids very high on it; member 3 (its author's twin) very low
    Bid.objects.create(workshop=workshop, submission=subs[3], reviewer=members[0], value=2)
    Bid.objects.create(workshop=workshop, submission=subs[3], reviewer=members[3], value=-2)
    without = run_now(organizer, per_paper=2, min_areas=0, bid_weight=0.0)
    with_bids = run_now(organizer, per_paper=2, min_areas=0, bid_weight=1.0)

    def pairs(run):
        return set(ProposedAssignment.objects.filter(run=run).values_list("submission_id", "reviewer_id"))

    assert (subs[3].pk, members[3].pk) in pairs(without)
    assert (subs[3].pk, members[0].pk) not in pairs(without)
    assert (subs[3].pk, members[0].pk) in pairs(with_bids)
    assert (subs[3].pk, members[3].pk) not in pairs(with_bids)
    assert with_bids.report["assigned_bids"]["very-high"] == 1


def test_an_impossible_run_fails_with_the_engines_diagnosis(workshop, organizer, papers, committee, run_now):
    papers(10)
    committee(4, load=2)  # 10 papers x 3 reviewers = 30 reviews, capacity 8
    run = run_now(organizer, per_paper=3, min_areas=0)
    assert run.status == MatchingRun.Status.FAILED
    assert run.report == {"infeasible": True}
    assert "No feasible assignment" in run.message and "capacity 8" in run.message
    assert not ProposedAssignment.objects.filter(run=run).exists()


def test_bad_parameters_are_refused_field_by_field(workshop, organizer):
    with pytest.raises(ValidationError) as err:
        services.start_run(
            organizer, workshop, RunParams(objective="best", per_paper=0, min_areas=5, bid_weight=3)
        )
    assert set(err.value.message_dict) == {"objective", "per_paper", "min_areas", "bid_weight"}
    assert not MatchingRun.objects.exists()


def test_a_run_without_research_areas_says_what_to_do(workshop, organizer, papers, committee, run_now):
    papers(3)
    committee(4, areas_per_member=0)
    run = run_now(organizer, per_paper=2, min_areas=2)
    assert run.status == "failed" and "no PC member has chosen research areas" in run.message


def test_only_organizers_start_runs(workshop, pc_member, papers, committee):
    from confero import permissions

    with pytest.raises(permissions.Denied):
        services.start_run(pc_member, workshop, RunParams())


def test_one_run_at_a_time(workshop, organizer, papers, committee):
    papers(2)
    committee(3)
    services.start_run(organizer, workshop, RunParams(per_paper=1, min_areas=0))
    with pytest.raises(ValidationError, match="already under way"):
        services.start_run(organizer, workshop, RunParams(per_paper=1, min_areas=0))


def test_cancelling_a_queued_run_means_it_never_runs(workshop, organizer, papers, committee):
    papers(3)
    committee(3)
    run = services.start_run(organizer, workshop, RunParams(per_paper=1, min_areas=0))
    services.cancel(organizer, run)
    pipeline.execute(run.pk)
    run.refresh_from_db()
    assert run.status == "cancelled" and run.started_at is None
    with pytest.raises(ValidationError, match="nothing to cancel"):
        services.cancel(organizer, run)


def test_cancelling_a_running_run_stops_it_at_its_next_step_without_saving(
    workshop, organizer, other_organizer, papers, committee, monkeypatch
):
    papers(4)
    committee(4)
    run = services.start_run(organizer, workshop, RunParams(per_paper=2, min_areas=0))
    real_solve = pipeline.Job.solve

    def solve_then_cancelled(job):
        real_solve(job)
        # another organizer presses "cancel" while the engine works
        services.cancel(organizer, MatchingRun.objects.get(pk=job.run.pk))

    monkeypatch.setattr(pipeline.Job, "solve", solve_then_cancelled)
    pipeline.execute(run.pk)
    run.refresh_from_db()
    assert run.status == "cancelled" and run.stage == "Cancelled"
    assert not ProposedAssignment.objects.filter(run=run).exists()


def test_a_run_whose_worker_stopped_beating_is_failed_when_looked_at(workshop, organizer, papers, committee):
    papers(2)
    committee(2)
    run = services.start_run(organizer, workshop, RunParams(per_paper=1, min_areas=0))
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    MatchingRun.objects.filter(pk=run.pk).update(status="running", heartbeat_at=long_ago, stage="Solving")
    run.refresh_from_db()
    assert services.looked_at(run).status == "failed"
    assert "worker is gone" in run.message
    # …and a fresh heartbeat is alive
    again = services.rerun(organizer, run)
    MatchingRun.objects.filter(pk=again.pk).update(status="running", heartbeat_at=timezone.now())
    assert services.looked_at(MatchingRun.objects.get(pk=again.pk)).status == "running"


def test_a_queued_run_no_worker_took_is_failed_after_a_while(
    workshop, organizer, papers, committee, settings
):
    settings.CONFERO_JOB_QUEUED_STALE_SECONDS = 60
    papers(2)
    committee(2)
    run = services.start_run(organizer, workshop, RunParams(per_paper=1, min_areas=0))
    MatchingRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=90))
    assert services.looked_at(MatchingRun.objects.get(pk=run.pk)).message == services.LOST_MESSAGE


def test_the_diagnosis_does_not_name_papers_hidden_from_the_organizer(
    workshop, organizer, papers, committee, run_now, make_user, client
):
    from django.urls import reverse

    from confero.conflicts.models import Conflict
    from confero.people.models import Role
    from confero.submissions.models import DeclaredConflict

    subs = papers(3)
    members = committee(3)
    Conflict.objects.create(
        workshop=workshop, submission=subs[0], person=members[0], origin="organizer", status="confirmed"
    )
    run = run_now(organizer, per_paper=3, min_areas=0)
    assert run.status == "failed" and "#1" in run.message  # paper #1 has 2 eligible reviewers, needs 3
    other = make_user(email="org3@uni-r.edu")
    Role.objects.create(workshop=workshop, user=other, kind="organizer")
    DeclaredConflict.objects.create(submission=subs[0], person=other, reason="former student")
    url = reverse("matching:run", args=[workshop.slug, run.pk])
    client.force_login(organizer)
    assert "#1 " in client.get(url).content.decode() or "#1:" in client.get(url).content.decode()
    client.force_login(other)
    page = client.get(url).content.decode()
    assert "#(hidden)" in page and "#1 " not in page and "#1:" not in page
