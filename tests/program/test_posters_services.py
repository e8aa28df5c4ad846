"""Poster sessions in the web app: solve, moves with clash warnings, presenters, publish — audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.engine.posters import PosterInfeasible
from confero.program import posters
from confero.program.models import PosterPlan, PosterSpot
from confero.submissions.models import SubmissionAuthor

from .conftest import make_paper


def sessions(workshop):
    return {s.submission.number: s.session for s in PosterSpot.objects.filter(workshop=workshop)}


def test_solve_splits_every_accepted_paper_without_clashes(accepted, workshop):
    result = posters.solve(accepted["organizer"], workshop)
    placed = sessions(workshop)
    assert sorted(placed) == [1, 2, 3, 4, 5, 6]
    assert placed[1] != placed[2] and placed[2] != placed[3]  # Ana Lee; Bo Chen
    assert sorted(result.sizes) == [3, 3] and result.status == "optimal"
    assert posters.warnings(workshop) == []
    for n in (1, 2):
        boards = sorted(s.board for s in PosterSpot.objects.filter(workshop=workshop, session=n))
        assert boards == [1, 2, 3]
    event = AuditEvent.objects.get(action="posters.solved")
    assert event.data["sizes"] == [3, 3]


def test_a_move_by_hand_warns_of_a_clash_and_stays_when_solving_again(accepted, workshop):
    org, papers = accepted["organizer"], accepted["papers"]
    posters.solve(org, workshop)
    target = sessions(workshop)[1]
    clashes = posters.move(org, papers[2], target)  # #2 next to #1 (Ana Lee) and #3 (Bo Chen)
    assert clashes == [
        f"Ana Lee presents #1 and #2 in session {target} at once",
        f"Bo Chen presents #2 and #3 in session {target} at once",
    ]
    spot = PosterSpot.objects.get(submission=papers[2])
    assert spot.pinned and spot.session == target
    event = AuditEvent.objects.get(action="posters.moved")
    assert event.data["number"] == 2 and event.data["session"] == target
    posters.move(org, papers[1], target)  # now both pinned together: the solver says so
    with pytest.raises(PosterInfeasible, match=f"Ana Lee presents #1 and #2, all pinned to session {target}"):
        posters.solve(org, workshop)
    posters.unpin(org, papers[1])
    posters.solve(org, workshop)  # #2 stays (pinned); #1 and #3 go to the other session
    placed = sessions(workshop)
    assert placed[2] == target and placed[1] != target and placed[3] != target


def test_infeasible_names_the_person_and_changes_nothing(accepted, workshop, organizer):
    posters.solve(organizer, workshop)
    before = sessions(workshop)
    extra = make_paper(workshop, 9, organizer, authors=[("Ana Lee", "ana@uni-a.edu")], topic=3)
    with pytest.raises(PosterInfeasible) as exc:
        posters.solve(organizer, workshop)
    assert exc.value.reasons == ["Ana Lee presents #1, #2 and #9 but there are 2 sessions"]
    assert sessions(workshop) == before
    # Choosing Cy Diaz to present #1 frees Ana Lee from it: now a split exists.
    posters.choose_presenter(
        organizer, accepted["papers"][1], SubmissionAuthor.objects.get(submission__number=1, name="Cy Diaz")
    )
    posters.solve(organizer, workshop)
    placed = sessions(workshop)
    assert placed[9] != placed[2] and placed[1] is not None
    assert AuditEvent.objects.filter(action="posters.presenter_chosen", data__number=1).exists()
    assert extra.pk in set(PosterSpot.objects.values_list("submission_id", flat=True))


def test_publish_refuses_while_a_clash_remains(accepted, workshop, organizer):
    posters.solve(organizer, workshop)
    posters.move(organizer, accepted["papers"][2], sessions(workshop)[1])
    with pytest.raises(ValidationError, match="Ana Lee presents #1 and #2"):
        posters.publish(organizer, workshop)
    posters.move(organizer, accepted["papers"][2], 3 - sessions(workshop)[1])
    posters.move(organizer, accepted["papers"][3], sessions(workshop)[1])
    plan = posters.publish(organizer, workshop)
    assert plan.published_at is not None and not PosterPlan.objects.get().changed_since_publish


def test_three_sessions_and_bad_numbers(accepted, workshop, organizer):
    result = posters.solve(organizer, workshop, sessions=3)
    assert result.sizes == [2, 2, 2]
    with pytest.raises(ValidationError, match="between 1 and 6"):
        posters.solve(organizer, workshop, sessions=9)
    with pytest.raises(ValidationError, match="from 1 to 3"):
        posters.move(organizer, accepted["papers"][1], 4)
    with pytest.raises(ValidationError, match="#7 is not an accepted paper"):
        posters.move(organizer, accepted["papers"][7], 1)


def test_only_organizers(accepted, workshop, pc_member):
    with pytest.raises(permissions.Denied):
        posters.solve(pc_member, workshop)
    with pytest.raises(permissions.Denied):
        posters.move(pc_member, accepted["papers"][1], 1)
