"""Orals and awards: the ranking, conflict-aware votes, picks within the workshop's numbers, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.awards import services
from confero.awards.models import Pick, Vote
from confero.awards.ranking import ranking
from confero.awards.selectors import picked


def test_the_ranking_orders_accepted_papers_by_confidence_weighted_score(accepted, workshop):
    rows = ranking(accepted["organizer"], workshop)
    assert [r.paper.number for r in rows] == [3, 1, 2, 5, 4, 6]  # #7 rejected, #8 not released
    top = rows[0]
    assert top.reviews == 3 and top.weighted == pytest.approx(8.4) and top.mean == pytest.approx(8.0)
    assert top.recommended == 2 and top.answers == {"Oral": 1, "Award": 1, "No": 1}
    assert rows[1].weighted == pytest.approx(46 / 6) and rows[1].confidence == pytest.approx(3.0)


def test_a_conflicted_organizer_neither_sees_nor_votes(accepted, workshop):
    conflicted, paper = accepted["conflicted"], accepted["papers"][1]
    assert 1 not in [r.paper.number for r in ranking(conflicted, workshop)]
    with pytest.raises(permissions.Denied, match="conflict of interest"):
        services.vote(conflicted, paper, "oral")
    with pytest.raises(permissions.Denied, match="conflict of interest"):
        services.pick(conflicted, paper, "award")
    assert not Vote.objects.exists() and not Pick.objects.exists()


def test_votes_are_counted_per_organizer_and_audited(accepted, workshop):
    paper = accepted["papers"][3]
    assert services.vote(accepted["organizer"], paper, "oral") is True
    assert services.vote(accepted["organizer"], paper, "oral") is False  # once per person
    services.vote(accepted["second"], paper, "oral")
    services.vote(accepted["second"], paper, "award")
    row = next(r for r in ranking(accepted["organizer"], workshop) if r.paper.number == 3)
    assert row.voters["oral"] == ["Olga Organizer", "Sam Second"] and row.voters["award"] == ["Sam Second"]
    assert row.mine == {"oral"}
    services.vote(accepted["second"], paper, "award", on=False)
    events = AuditEvent.objects.filter(action__startswith="award.vote").order_by("id")
    assert [(e.action, e.data["number"], e.data["kind"]) for e in events] == [
        ("award.voted", 3, "oral"),
        ("award.voted", 3, "oral"),
        ("award.voted", 3, "award"),
        ("award.vote_withdrawn", 3, "award"),
    ]


def test_only_accepted_and_released_papers_can_get_votes(accepted):
    for number in (7, 8):
        with pytest.raises(permissions.Denied, match="not accepted"):
            services.vote(accepted["organizer"], accepted["papers"][number], "oral")


def test_picks_respect_the_numbers_of_orals_and_awards(accepted, workshop):
    org, papers = accepted["organizer"], accepted["papers"]
    for number in (3, 1, 2):
        services.pick(org, papers[number], "oral")
    with pytest.raises(ValidationError, match="OS-FMs has 3 orals and 3 are already chosen"):
        services.pick(org, papers[5], "oral")
    services.pick(org, papers[3], "award")
    services.pick(org, papers[1], "award")
    with pytest.raises(ValidationError, match="2 awards"):
        services.pick(org, papers[2], "award")
    assert [p.number for p in picked(workshop, "oral")] == [3, 1, 2]
    services.move(org, papers[2], "oral", -1)
    assert [p.number for p in picked(workshop, "oral")] == [3, 2, 1]
    services.unpick(org, papers[3], "oral")
    assert [p.number for p in picked(workshop, "oral")] == [2, 1]
    assert list(Pick.objects.filter(kind="oral").order_by("position").values_list("position", flat=True)) == [
        1,
        2,
    ]
    actions = list(AuditEvent.objects.filter(action__startswith="award.").values_list("action", flat=True))
    assert actions.count("award.picked") == 5 and "award.unpicked" in actions and "award.reordered" in actions


def test_unknown_kind(accepted):
    with pytest.raises(ValidationError, match="unknown kind"):
        services.vote(accepted["organizer"], accepted["papers"][3], "best-talk")
