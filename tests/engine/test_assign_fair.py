"""The ``fair`` objective: valid, never less fair than ``optimal``, loses at most ``max_loss``."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from assign_cases import paper_sums, small_problems
from hypothesis import HealthCheck, given, settings

from confero.engine.assign import AssignmentProblem, check_assignment, get_solver
from confero.engine.errors import InfeasibleError, InputError


def _solve_both(problem, max_loss=0.05):
    try:
        opt = get_solver("optimal").solve(problem)
    except InfeasibleError:
        with pytest.raises(InfeasibleError):
            get_solver("fair", max_loss=max_loss, iterations=4).solve(problem)
        return None, None
    fair = get_solver("fair", max_loss=max_loss, iterations=4).solve(problem)
    return opt, fair


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_fair_is_valid_fairer_and_within_loss(problem):
    opt, fair = _solve_both(problem, max_loss=0.1)
    if opt is None:
        return
    assert check_assignment(problem, fair) == []
    assert fair.objective == "fair"
    assert paper_sums(problem, fair).min() >= paper_sums(problem, opt).min() - 1e-9
    assert fair.total >= (1 - 0.1) * opt.total - 1e-9
    assert fair.total <= opt.total + 1e-9
    # the reported upper bound is never below what was achieved
    assert fair.stats["min_paper_upper_bound"] >= fair.stats["min_paper"] - 1e-9


def _brute_force_maxmin(problem, budget):
    """Best min paper sum over every valid assignment with total >= budget (tiny problems only)."""
    P, R = problem.shape
    S = np.asarray(problem.scores, dtype=np.float64)
    k = int(problem.demand[0])
    best = -np.inf
    for combo in itertools.product(itertools.combinations(range(R), k), repeat=P):
        rows = np.repeat(np.arange(P), k)
        cols = np.array([r for c in combo for r in c])
        load = np.bincount(cols, minlength=R)
        if (load > problem.max_load).any():
            continue
        sums = np.bincount(rows, weights=S[rows, cols], minlength=P)
        if sums.sum() >= budget - 1e-12:
            best = max(best, sums.min())
    return best


@settings(max_examples=25, deadline=None)
@given(small_problems(max_papers=3, max_reviewers=4, areas=False, extras=False))
def test_upper_bound_is_valid_against_brute_force(problem):
    problem = AssignmentProblem(problem.scores, problem.demand, problem.max_load)  # no conflicts/min loads
    try:
        opt = get_solver("optimal").solve(problem)
    except InfeasibleError:
        return
    fair = get_solver("fair", max_loss=0.2, iterations=6).solve(problem)
    true_best = _brute_force_maxmin(problem, opt.total - 0.2 * abs(opt.total))
    assert fair.stats["min_paper"] <= true_best + 1e-9
    assert fair.stats["min_paper_upper_bound"] >= true_best - 1e-6


def test_fair_trades_a_bounded_loss_for_the_worst_paper():
    # optimal: A-r1 + B-r2 = 1.0 (B gets 0.0); fair: A-r2 + B-r1 = 0.96 (B gets 0.46), a 4 % loss
    scores = np.array([[1.0, 0.5], [0.46, 0.0]])
    problem = AssignmentProblem(scores, np.array([1, 1]), np.array([1, 1]))
    opt = get_solver("optimal").solve(problem)
    assert opt.total == pytest.approx(1.0)
    fair = get_solver("fair", max_loss=0.05).solve(problem)
    assert sorted(zip(fair.rows.tolist(), fair.cols.tolist(), strict=True)) == [(0, 1), (1, 0)]
    assert fair.stats["min_paper"] == pytest.approx(0.46)
    assert fair.stats["loss"] == pytest.approx(0.04)
    # a 1 % budget does not allow that trade
    strict = get_solver("fair", max_loss=0.01).solve(problem)
    assert strict.total == pytest.approx(1.0)


def test_fair_does_not_mutate_the_input_and_rejects_bad_parameters():
    rng = np.random.default_rng(3)
    scores = rng.random((6, 4)).astype(np.float32)
    copy = scores.copy()
    problem = AssignmentProblem(scores, np.full(6, 2), np.full(4, 3))
    a = get_solver("fair").solve(problem)
    assert check_assignment(problem, a) == []
    assert np.array_equal(scores, copy)
    with pytest.raises(InputError):
        get_solver("fair", max_loss=1.5)


def test_fair_on_sparse_scores():
    import scipy.sparse as sp

    rng = np.random.default_rng(5)
    dense = rng.random((8, 6))
    dense[dense < 0.3] = 0
    problem = AssignmentProblem(sp.csr_matrix(dense), np.full(8, 2), np.full(6, 4))
    a = get_solver("fair").solve(problem)
    assert check_assignment(problem, a) == []


def test_repair_swaps_to_raise_the_worst_paper_but_never_adds_weak_matches():
    from confero.engine.assign.fair_repair import raise_minimum

    # paper 0 needs 1 reviewer, paper 1 needs 2; every reviewer takes one paper
    scores = np.array([[0.9, 0.2, 0.0], [0.6, 0.05, 0.6]])
    problem = AssignmentProblem(scores, np.array([1, 2]), np.array([1, 1, 1]))
    rows, cols = np.array([0, 1, 1]), np.array([1, 0, 2])  # paper 0 has 0.2, paper 1 has 1.2
    # the swap (paper 0 takes reviewer 0, paper 1 takes reviewer 1 at 0.05) raises the min to 0.65 ...
    r2, c2, steps = raise_minimum(problem, rows, cols, budget=0.0, weak=0.0)
    assert steps == 1 and sorted(zip(r2.tolist(), c2.tolist(), strict=True)) == [(0, 0), (1, 1), (1, 2)]
    # ... but hands paper 1 a weak match (0.05 < 0.1), so with the default guard it is not taken
    r3, c3, steps = raise_minimum(problem, rows, cols, budget=0.0, weak=0.1)
    assert steps == 0 and sorted(zip(r3.tolist(), c3.tolist(), strict=True)) == [(0, 1), (1, 0), (1, 2)]
    # and it respects the total budget: after the swap the total is 1.55, so a budget of 1.6 blocks it
    _, _, steps = raise_minimum(problem, rows, cols, budget=1.6, weak=0.0)
    assert steps == 0


def test_row_scaled_view_prices_exactly_like_the_weighted_copy(monkeypatch):
    from confero.engine.assign import candidates as cand
    from confero.engine.assign.fair import RowScaled, row_extremes, weighted_scores

    monkeypatch.setattr(cand, "CHUNK_CELLS", 64)  # many chunks
    rng = np.random.default_rng(3)
    P, R = 60, 16
    S = np.round(rng.random((P, R)), 2).astype(np.float32)
    S[5] = -0.5  # a negative row: the minimum matters
    w = np.maximum(rng.random(P), 1e-4)
    view = RowScaled(S, w, row_extremes(S))
    copy = weighted_scores(S, w)
    for s, e in [(0, 4), (4, 9), (55, 60)]:
        out = np.empty((e - s, R), dtype=np.float32)
        view.rows_into(s, e, out)
        assert np.array_equal(out, copy[s:e])
        assert view.row_range(s, e) == (copy[s:e].max(initial=0), copy[s:e].min(initial=0))
    tail, rev = rng.random((P, 1)) * 0.5, rng.random(R) * 0.2 - 0.3
    blocked = np.array([3, 17, 100], dtype=np.int64)
    candidates = np.array([0, 5, 250], dtype=np.int64)
    for exact in (False, True):
        a = cand.price(view, tail, rev, None, candidates, blocked, 1e-9, 2, 1, exact=exact)
        b = cand.price(copy, tail, rev, None, candidates, blocked, 1e-9, 2, 1, exact=exact)
        assert a.n_violators == b.n_violators > 0
        assert a.excess == b.excess
        assert np.array_equal(a.rows, b.rows) and np.array_equal(a.cols, b.cols)
