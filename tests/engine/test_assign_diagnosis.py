"""Infeasible problems get a truthful, structured diagnosis; problem validation and the registry."""

from __future__ import annotations

import numpy as np
import pytest
from test_assign_optimal import brute_force

from confero.engine.assign import Assignment, AssignmentProblem, check_assignment, get_solver, known_solvers
from confero.engine.assign.diagnosis import diagnose
from confero.engine.errors import InfeasibleError, InputError


def _infeasible(pr):
    with pytest.raises(InfeasibleError) as exc:
        get_solver("optimal").solve(pr)
    assert brute_force(pr) is None  # the diagnosis is only ever given for truly infeasible problems
    return exc.value.diagnosis


def test_capacity_shortage():
    pr = AssignmentProblem(np.ones((3, 2)), demand=np.full(3, 2), max_load=np.array([2, 2]))
    d = _infeasible(pr)
    assert d.binding == "capacity" and d.demand == 6 and d.capacity == 4
    assert "short by 2" in d.text


def test_paper_without_enough_eligible_reviewers_is_named():
    pr = AssignmentProblem(
        np.ones((2, 3)),
        demand=np.full(2, 2),
        max_load=np.full(3, 2),
        conflicts=(np.array([1, 1]), np.array([0, 1])),
        paper_ids=["alpha", "beta"],
    )
    d = _infeasible(pr)
    assert d.binding == "eligibility" and d.papers_short == [1]
    assert "beta" in d.text and "1 eligible" in d.text


def test_area_requirement_impossible():
    pr = AssignmentProblem(
        np.ones((1, 3)),
        demand=np.array([2]),
        max_load=np.full(3, 1),
        reviewer_areas=np.array([0, 0, 1]),
        min_areas=2,
        conflicts=(np.array([0]), np.array([2])),
    )
    d = _infeasible(pr)
    assert d.binding == "areas" and d.papers_short == [0]


def test_hall_violator_found_by_the_cut():
    # papers 0 and 1 may only use reviewer 0 or 1 (load 1 each) but need 3 reviews in total
    S = np.ones((3, 4))
    conf = (np.array([0, 0, 1, 1]), np.array([2, 3, 2, 3]))
    pr = AssignmentProblem(S, demand=np.array([2, 1, 1]), max_load=np.array([1, 1, 2, 2]), conflicts=conf)
    assert diagnose(pr).feasible_by_counting  # counting alone cannot see it
    d = _infeasible(pr)
    assert d.binding == "hall" and d.cut_papers == [0, 1]
    assert "need 3 reviews" in d.text


def test_min_load_too_high():
    pr = AssignmentProblem(
        np.ones((2, 3)), demand=np.full(2, 1), max_load=np.full(3, 2), min_load=np.array([1, 1, 1])
    )
    d = _infeasible(pr)
    assert d.binding == "min_load"


def test_min_load_conflict_only_visible_to_the_flow():
    # each reviewer must review a paper, papers need 1 each, but reviewer 2 conflicts with both
    pr = AssignmentProblem(
        np.ones((2, 3)),
        demand=np.full(2, 1),
        max_load=np.full(3, 1),
        min_load=np.array([0, 0, 1]),
        conflicts=(np.array([0, 1]), np.array([2, 2])),
    )
    d = _infeasible(pr)
    assert d.binding == "min_load" and d.reviewers_short == [2]


def test_forced_pair_that_is_a_conflict():
    pr = AssignmentProblem(
        np.ones((1, 2)),
        demand=np.array([1]),
        max_load=np.full(2, 1),
        conflicts=(np.array([0]), np.array([1])),
        forced=(np.array([0]), np.array([1])),
    )
    d = _infeasible(pr)
    assert d.binding == "forced"


def test_feasible_problem_diagnosis_says_so():
    d = diagnose(AssignmentProblem(np.ones((2, 2)), demand=np.full(2, 1), max_load=np.full(2, 1)))
    assert d.feasible_by_counting and d.binding == "none" and d.messages == []


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"scores": np.ones((2, 2, 2))}, "scores"),
        ({"demand": np.ones(3, dtype=int)}, "demand"),
        ({"max_load": np.array([1.5, 2.0])}, "max_load"),
        ({"min_load": np.array([3, 0])}, "min_load"),
        ({"conflicts": (np.array([5]), np.array([0]))}, "conflicts"),
        ({"min_areas": 2}, "reviewer_areas"),
        ({"scores": np.array([[np.nan, 1.0], [1.0, 1.0]])}, "scores"),
    ],
)
def test_validation_errors_name_the_field(kwargs, field):
    base = {"scores": np.ones((2, 2)), "demand": np.ones(2, dtype=int), "max_load": np.full(2, 2)}
    base.update(kwargs)
    with pytest.raises(InputError) as exc:
        AssignmentProblem(**base).validate()
    assert exc.value.field == field


def test_unknown_solver_lists_the_known_ones():
    with pytest.raises(InputError) as exc:
        get_solver("nope")
    assert "optimal" in str(exc.value)
    assert "optimal" in known_solvers()


def test_check_assignment_reports_each_violation():
    pr = AssignmentProblem(
        np.ones((2, 2)),
        demand=np.array([1, 1]),
        max_load=np.array([1, 1]),
        conflicts=(np.array([0]), np.array([0])),
        forced=(np.array([1]), np.array([1])),
    )
    bad = Assignment(np.array([0, 1]), np.array([0, 0]), 2.0, "test")
    msgs = check_assignment(pr, bad)
    assert any("load 2 > max 1" in m for m in msgs)
    assert any("conflict" in m for m in msgs)
    assert any("forced" in m for m in msgs)
    fine = AssignmentProblem(np.ones((2, 2)), demand=np.array([1, 1]), max_load=np.array([1, 1]))
    assert check_assignment(fine, Assignment(np.array([0, 1]), np.array([1, 0]), 2.0, "test")) == []


def test_forced_pairs_that_break_the_area_rule():
    pr = AssignmentProblem(
        np.ones((1, 4)),
        demand=np.array([3]),
        max_load=np.full(4, 1),
        reviewer_areas=np.array([0, 0, 0, 1]),
        min_areas=2,
        forced=(np.array([0, 0, 0]), np.array([0, 1, 2])),
    )
    d = _infeasible(pr)
    assert d.binding == "forced"
