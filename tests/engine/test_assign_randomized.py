"""The ``randomized`` objective: exact capped LP, valid samples, marginals equal to the LP solution."""

from __future__ import annotations

import numpy as np
import pytest
from assign_cases import small_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confero.engine.assign import AssignmentProblem, check_assignment, get_solver
from confero.engine.assign.rounding import round_flow
from confero.engine.errors import InfeasibleError, InputError


def _lp_optimum(problem, q):
    """Independent check: the capped LP with scipy's HiGHS (dense, no areas)."""
    from scipy.optimize import linprog

    P, R = problem.shape
    ub = np.full(P * R, q)
    if problem.is_sparse:
        S = problem.scores.toarray()
        ub[problem.scores.toarray().ravel() == 0] = 0.0  # not stored: not a candidate (all scores > 0)
    else:
        S = np.asarray(problem.scores, dtype=np.float64)
    lb = np.zeros(P * R)
    fp, fr = problem.pairs("forced")
    lb[fp * R + fr] = 1.0  # forced pairs: probability 1, the cap does not apply
    ub[fp * R + fr] = 1.0
    cp, cr = problem.pairs("conflicts")
    ub[cp * R + cr] = 0.0
    a_eq = np.kron(np.eye(P), np.ones((1, R)))
    col = np.kron(np.ones((1, P)), np.eye(R))
    a_ub = np.vstack([col, -col])
    b_ub = np.concatenate([problem.max_load, -problem.min_load_array()])
    res = linprog(
        -S.ravel(),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=problem.demand,
        bounds=list(zip(lb, ub, strict=True)),
        method="highs",
    )
    return None if res.status != 0 else -res.fun


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(), st.sampled_from([0.34, 0.5, 0.75, 1.0]), st.integers(0, 10**6))
def test_randomized_is_valid_and_its_lp_is_exact(problem, q, seed):
    solver = get_solver("randomized", max_probability=q)
    try:
        a = solver.solve(problem, seed=seed)
    except InfeasibleError:
        if problem.min_areas == 0:
            assert _lp_optimum(problem, solver.fraction()[0] / solver.fraction()[1]) is None
        return
    assert check_assignment(problem, a) == []
    rows, cols, x = a.stats["marginals"]
    assert x.size == 0 or x.max() <= q + 1e-12
    P, R = problem.shape
    fp, fr = problem.pairs("forced")
    n_forced = np.bincount(np.unique(fp * R + fr) // R, minlength=P)  # forced pairs: probability 1
    assert np.allclose(np.bincount(rows, weights=x, minlength=P) + n_forced, problem.demand)
    if problem.min_areas == 0:
        num, den = solver.fraction()
        assert a.stats["expected_total"] == pytest.approx(_lp_optimum(problem, num / den), abs=1e-6)
    # same seed, same assignment
    b = solver.solve(problem, seed=seed)
    assert np.array_equal(a.rows, b.rows) and np.array_equal(a.cols, b.cols)


def test_empirical_marginals_match_the_lp_and_respect_the_cap():
    rng = np.random.default_rng(0)
    scores = rng.random((4, 5))
    problem = AssignmentProblem(
        scores, np.full(4, 2), np.full(5, 2), reviewer_areas=np.array([0, 0, 1, 1, 2]), min_areas=2
    )
    solver = get_solver("randomized", max_probability=0.5)
    n = 400
    counts = np.zeros((4, 5))
    first = solver.solve(problem, seed=0)
    rows, cols, x = first.stats["marginals"]
    target = np.zeros((4, 5))
    target[rows, cols] = x
    assert ((target > 0) & (target < 1)).sum() > 0  # the LP solution is fractional: sampling matters
    realised = []
    for seed in range(n):
        a = solver.solve(problem, seed=seed)
        assert check_assignment(problem, a) == []
        counts[a.rows, a.cols] += 1
        realised.append(a.total)
    freq = counts / n
    sigma = np.sqrt(np.maximum(target * (1 - target), 1e-12) / n)
    assert np.all(np.abs(freq - target) <= 4.5 * sigma + 1e-9)
    assert freq.max() <= 0.5 + 4.5 * np.sqrt(0.25 / n)
    assert np.mean(realised) == pytest.approx(
        first.stats["expected_total"], abs=4.5 * np.std(realised) / np.sqrt(n)
    )
    assert len({tuple(solver.solve(problem, seed=s).cols) for s in range(10)}) > 1


def test_round_flow_keeps_conservation_and_marginals():
    # circulation: source 0 -> papers 1,2 (integral 2 units each) -> reviewers 3,4,5 -> sink 6 -> source
    unit = 4
    tails = np.array([0, 0, 1, 1, 1, 2, 2, 2, 3, 4, 5, 6])
    heads = np.array([1, 2, 3, 4, 5, 3, 4, 5, 6, 6, 6, 0])
    flow = np.array([8, 8, 3, 2, 3, 1, 4, 3, 4, 6, 6, 16])
    n = 4000
    acc = np.zeros(tails.size)
    rng = np.random.default_rng(1)
    for _ in range(n):
        f = round_flow(tails, heads, flow, unit, rng)
        assert (f % unit == 0).all()
        net = np.bincount(tails, weights=f, minlength=7) - np.bincount(heads, weights=f, minlength=7)
        assert np.allclose(net, 0)
        assert np.all(f >= (flow // unit) * unit) and np.all(f <= -(-flow // unit) * unit)
        acc += f
    mean = acc / n
    sigma = unit * np.sqrt(0.25 / n)
    assert np.all(np.abs(mean - flow) <= 4.5 * sigma)


def test_forced_pairs_exceed_the_cap_and_bad_parameters_are_rejected():
    scores = np.array([[0.9, 0.1, 0.2], [0.8, 0.7, 0.1]])
    problem = AssignmentProblem(
        scores, np.array([1, 1]), np.array([2, 2, 2]), forced=(np.array([0]), np.array([0]))
    )
    for seed in range(5):
        a = get_solver("randomized", max_probability=0.5).solve(problem, seed=seed)
        assert (0, 0) in set(zip(a.rows.tolist(), a.cols.tolist(), strict=True))
    with pytest.raises(InputError):
        get_solver("randomized", max_probability=0)
    with pytest.raises(InputError):
        get_solver("randomized", max_probability=1.5)


def test_cap_can_make_a_problem_infeasible():
    # 1 paper needs 2 reviewers, 2 reviewers: each must be assigned with probability 1 > 0.5
    problem = AssignmentProblem(np.array([[0.5, 0.4]]), np.array([2]), np.array([1, 1]))
    with pytest.raises(InfeasibleError, match="probability"):
        get_solver("randomized", max_probability=0.5).solve(problem)


def test_pricing_path_matches_the_full_lp():
    rng = np.random.default_rng(2)
    scores = rng.random((60, 40)).astype(np.float32)
    problem = AssignmentProblem(scores, np.full(60, 3), np.full(40, 6))
    full = get_solver("randomized", max_probability=0.5).solve(problem, seed=3)
    priced = get_solver("randomized", max_probability=0.5, full_cells=0, k_paper=6, k_reviewer=4).solve(
        problem, seed=3
    )
    assert priced.stats["initial_candidates"] < 60 * 40
    assert priced.stats["expected_total"] == pytest.approx(full.stats["expected_total"], rel=1e-9)
    assert check_assignment(problem, priced) == []


@pytest.mark.parametrize("min_areas", [0, 2])
def test_tiny_initial_candidates_are_completed_exactly(min_areas):
    # one candidate per paper/reviewer cannot carry the capped flow: artificial reviewers + pricing
    rng = np.random.default_rng(4)
    scores = rng.random((40, 30))
    areas = rng.integers(0, 4, size=30)
    problem = AssignmentProblem(
        scores, np.full(40, 3), np.full(30, 5), reviewer_areas=areas, min_areas=min_areas
    )
    full = get_solver("randomized", max_probability=0.5).solve(problem, seed=1)
    tiny = get_solver("randomized", max_probability=0.5, full_cells=0, k_paper=1, k_reviewer=1).solve(
        problem, seed=1
    )
    assert tiny.stats["initial_candidates"] <= 70
    assert not tiny.stats.get("fallback_all_pairs")
    assert tiny.stats["expected_total"] == pytest.approx(full.stats["expected_total"], rel=1e-9)
    assert check_assignment(problem, tiny) == []


def test_randomized_area_ids_need_not_be_contiguous():
    """Area ids are labels: {3, 10**12} must behave exactly like {0, 1}. Before the shared reduction,
    randomized used the raw ids as table indices (papers x (max id + 1) potentials: MemoryError here,
    and a segmentation fault in the flow solver when ``paper * max_id`` overflows int64)."""
    rng = np.random.default_rng(3)
    P, R = 60, 40
    labels = rng.integers(0, 2, size=R)

    def problem(areas):
        return AssignmentProblem(
            scores=scores,
            demand=np.full(P, 2, dtype=np.int64),
            max_load=np.full(R, 4, dtype=np.int64),
            reviewer_areas=areas,
            min_areas=2,
        )

    scores = np.round(rng.random((P, R)), 3)
    solver = get_solver("randomized", max_probability=0.5, full_cells=0)
    a = solver.solve(problem(labels.astype(np.int64)), seed=7)
    big = np.where(labels == 0, 3, 10**12).astype(np.int64)
    b = solver.solve(problem(big), seed=7)
    assert check_assignment(problem(big), b) == []
    assert np.array_equal(a.rows, b.rows) and np.array_equal(a.cols, b.cols)
    assert b.stats["expected_total"] == pytest.approx(a.stats["expected_total"])
