"""The ``perturbed`` objective (perturbed maximization, PM-Q): exact piecewise-linear program, valid samples."""

from __future__ import annotations

import numpy as np
import pytest
from assign_cases import small_problems
from hypothesis import HealthCheck, given, settings

from confero.engine.assign import AssignmentProblem, check_assignment, get_solver
from confero.engine.errors import InfeasibleError, InputError


def _problem(seed=0, P=30, R=20, k=2, load=4):
    rng = np.random.default_rng(seed)
    return AssignmentProblem(
        scores=np.round(rng.random((P, R)), 3),
        demand=np.full(P, k, dtype=np.int64),
        max_load=np.full(R, load, dtype=np.int64),
    )


def _pl_optimum(problem, beta, grid, q):
    """Independent check with scipy's HiGHS: one variable per (pair, grid step), no areas."""
    from scipy.optimize import linprog

    P, R = problem.shape
    S = np.asarray(problem.scores, dtype=np.float64)
    a = int(np.floor(q * grid + 1e-9))
    k = np.arange(1, a + 1)
    gains = np.maximum(1.0 - beta * (2 * k - 1) / grid, 1e-3)
    c = -(
        S.ravel()[:, None] * gains[None, :] / grid
    ).ravel()  # variables (pair, step) in [0, 1/grid]... scaled
    n = P * R * a
    pair_of = np.repeat(np.arange(P * R), a)
    a_eq = np.zeros((P, n))
    a_eq[pair_of // R, np.arange(n)] = 1.0 / grid
    a_ub = np.zeros((R, n))
    a_ub[pair_of % R, np.arange(n)] = 1.0 / grid
    res = linprog(
        c, A_ub=a_ub, b_ub=problem.max_load, A_eq=a_eq, b_eq=problem.demand, bounds=(0, 1), method="highs"
    )
    return -res.fun


def test_perturbed_solves_the_piecewise_linear_program_exactly():
    problem = _problem(P=8, R=6, k=2, load=3)
    a = get_solver("perturbed", perturbation=0.5, grid=10).solve(problem, seed=1)
    assert check_assignment(problem, a) == []
    assert a.stats["perturbed_objective"] == pytest.approx(
        _pl_optimum(problem, 0.5, 10, 1.0), rel=1e-9, abs=1e-9
    )
    rows, cols, x = a.stats["marginals"]
    assert np.bincount(rows, weights=x, minlength=8) == pytest.approx(problem.demand)


def test_perturbation_spreads_probability_at_a_small_cost():
    problem = _problem()
    opt = get_solver("optimal").solve(problem)
    plain = get_solver("perturbed", perturbation=0.0).solve(problem, seed=0)
    pm = get_solver("perturbed", perturbation=0.5).solve(problem, seed=0)
    assert plain.stats["expected_total"] == pytest.approx(opt.total, rel=1e-9)  # beta 0, cap 1: the optimum
    assert pm.stats["expected_total"] < opt.total
    assert pm.stats["expected_total"] > 0.9 * opt.total
    support = lambda a: a.stats["marginals"][2].size  # noqa: E731
    assert support(pm) > support(plain)
    assert pm.stats["max_pair_probability"] <= 1.0


def test_beta_zero_with_a_cap_is_the_randomized_lp():
    problem = _problem(seed=4)
    pm = get_solver("perturbed", perturbation=0.0, max_probability=0.5).solve(problem, seed=3)
    rnd = get_solver("randomized", max_probability=0.5).solve(problem, seed=3)
    assert pm.stats["expected_total"] == pytest.approx(rnd.stats["expected_total"], rel=1e-9)


def test_same_seed_same_sample_and_marginals_hold_in_expectation():
    problem = _problem(seed=2, P=6, R=5, k=2, load=3)
    solver = get_solver("perturbed", perturbation=0.8)
    first = solver.solve(problem, seed=11)
    again = solver.solve(problem, seed=11)
    assert np.array_equal(first.rows, again.rows) and np.array_equal(first.cols, again.cols)
    rows, cols, x = first.stats["marginals"]
    counts = np.zeros(problem.shape)
    n = 400
    for seed in range(n):
        a = solver.solve(problem, seed=seed)
        counts[a.rows, a.cols] += 1
    expected = np.zeros(problem.shape)
    expected[rows, cols] = x
    # 400 samples: a pair's frequency is within 4.5 binomial standard deviations of its marginal
    sd = np.sqrt(np.maximum(expected * (1 - expected), 1e-12) / n)
    assert (np.abs(counts / n - expected) <= 4.5 * sd + 1e-9).all()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_perturbed_is_valid_or_explains(problem):
    try:
        a = get_solver("perturbed").solve(problem, seed=0)
    except InfeasibleError as exc:
        assert exc.diagnosis is not None
        return
    except InputError as exc:
        assert exc.field == "min_areas"
        return
    assert check_assignment(problem, a) == []
