"""The vectorised local repair of ``fair``: valid, within the loss budget, and the same steps as the
sequential reference implementation (tests/engine/fair_repair_reference.py, the code it replaced)."""

from __future__ import annotations

import numpy as np
import pytest
from assign_cases import paper_sums, small_problems
from fair_repair_reference import raise_minimum as reference_raise_minimum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confero.engine.assign import AssignmentProblem, check_assignment, get_solver
from confero.engine.assign.fair_repair import raise_minimum
from confero.engine.assign.problem import Assignment, pair_scores
from confero.engine.errors import InfeasibleError


def _start(problem):
    try:
        return get_solver("optimal").solve(problem)
    except InfeasibleError:
        return None


def _tie_free(problem) -> AssignmentProblem:
    """Same constraints, scores with no exact ties between sums (continuous random values): the
    reference and the vectorised scan then agree step by step (ties may be broken in another order)."""
    rng = np.random.default_rng(problem.shape[0] * 1000 + problem.shape[1])
    S = problem.scores
    if problem.is_sparse:
        S = S.tocsr(copy=True)
        S.data = S.data + rng.random(S.data.size) * 1e-3
    else:
        S = np.asarray(S, dtype=np.float64) + rng.random(S.shape) * 1e-3
    import dataclasses

    return dataclasses.replace(problem, scores=S)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(max_papers=9, max_reviewers=8), st.floats(0.0, 0.3), st.floats(0.0, 0.5))
def test_same_steps_as_the_reference(problem, max_loss, weak):
    problem = _tie_free(problem)
    opt = _start(problem)
    if opt is None:
        return
    budget = opt.total - max_loss * abs(opt.total)
    new = raise_minimum(problem, opt.rows, opt.cols, budget, weak=weak)
    ref = reference_raise_minimum(problem, opt.rows, opt.cols, budget, weak=weak)
    assert new[2] == ref[2]
    np.testing.assert_array_equal(new[0], ref[0])
    np.testing.assert_array_equal(new[1], ref[1])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(max_papers=9, max_reviewers=8), st.floats(0.0, 0.3), st.integers(0, 40))
def test_steps_keep_validity_and_the_budget(problem, max_loss, max_steps):
    opt = _start(problem)
    if opt is None:
        return
    budget = opt.total - max_loss * abs(opt.total)
    rows, cols, steps = raise_minimum(problem, opt.rows, opt.cols, budget, max_steps=max_steps)
    assert steps <= max_steps
    total = float(pair_scores(problem.scores, rows, cols).sum())
    a = Assignment(rows, cols, total, "fair", None, {})
    assert check_assignment(problem, a) == []
    assert total >= budget - 1e-9
    assert paper_sums(problem, a).min() >= paper_sums(problem, opt).min() - 1e-12
    if steps == 0:
        np.testing.assert_array_equal(rows, opt.rows)
        np.testing.assert_array_equal(cols, opt.cols)


def test_a_swap_raises_the_worst_paper_within_the_budget():
    # start: p0-r0 (0.9) and p1-r1 (0.1), total 1.0; the swap gives p0-r1 (0.6) and p1-r0 (0.5):
    # min 0.1 -> 0.5, total 1.1
    scores = np.array([[0.9, 0.6], [0.5, 0.1]])
    problem = AssignmentProblem(scores, np.array([1, 1]), np.array([1, 1]))
    rows, cols, steps = raise_minimum(problem, np.array([0, 1]), np.array([0, 1]), budget=1.0)
    assert steps == 1
    assert cols.tolist() == [1, 0]
    # a budget the swap would break: nothing changes
    rows, cols, steps = raise_minimum(problem, np.array([0, 1]), np.array([0, 1]), budget=1.15)
    assert steps == 0 and cols.tolist() == [0, 1]


def test_areas_are_kept_by_swaps():
    # p1 needs two areas; taking r2 (area 0, like its r0) instead of r3 would break that
    scores = np.array([[0.1, 0.1, 0.1, 0.9], [0.5, 0.1, 0.9, 0.5]])
    problem = AssignmentProblem(
        scores, np.array([2, 2]), np.array([1, 1, 1, 1]), reviewer_areas=np.array([0, 1, 0, 1]), min_areas=2
    )
    opt = get_solver("optimal").solve(problem)
    rows, cols, _ = raise_minimum(problem, opt.rows, opt.cols, budget=0.0)
    a = Assignment(rows, cols, float(pair_scores(scores, rows, cols).sum()), "fair", None, {})
    assert check_assignment(problem, a) == []


@pytest.mark.parametrize("sparse", [False, True])
def test_forced_and_blocked_pairs_are_respected(sparse):
    import scipy.sparse as sp

    rng = np.random.default_rng(3)
    scores = np.round(rng.random((6, 5)), 3) + 0.01
    problem = AssignmentProblem(
        sp.csr_matrix(scores) if sparse else scores,
        np.full(6, 2),
        np.full(5, 3),
        conflicts=(np.array([0, 1, 2]), np.array([1, 2, 3])),
        forced=(np.array([5]), np.array([0])),
    )
    opt = get_solver("optimal").solve(problem)
    rows, cols, _ = raise_minimum(problem, opt.rows, opt.cols, budget=0.5 * opt.total)
    a = Assignment(rows, cols, float(pair_scores(problem.scores, rows, cols).sum()), "fair", None, {})
    assert check_assignment(problem, a) == []
    assert (5, 0) in set(zip(rows.tolist(), cols.tolist(), strict=True))


def test_blocked_pairs_bit_set_agrees_with_the_sorted_list(monkeypatch):
    from confero.engine.assign import fair_repair

    rng = np.random.default_rng(5)
    P, R = 37, 23
    cp, cr = rng.integers(0, P, 80), rng.integers(0, R, 80)
    problem = AssignmentProblem(
        scores=rng.random((P, R)),
        demand=np.full(P, 2),
        max_load=np.full(R, 6),
        conflicts=(cp, cr),
    )
    rows, cols = rng.integers(0, P, 500), rng.integers(0, R, 500)
    rows[:80], cols[:80] = cp, cr  # every blocked pair is asked for
    with_bits = fair_repair._Scores(problem)
    monkeypatch.setattr(fair_repair, "BITSET_MAX_CELLS", 0)
    without = fair_repair._Scores(problem)
    assert with_bits.bits is not None and without.bits is None
    got = with_bits.pairs(rows, cols)
    assert np.array_equal(got, without.pairs(rows, cols))
    assert np.isneginf(got[:80]).all() and np.isfinite(got).sum() > 300
