"""Exact optimum of the ``optimal`` solver, checked against brute force on tiny instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from confero.engine.assign import AssignmentProblem, check_assignment, get_solver
from confero.engine.errors import InfeasibleError


def brute_force(pr: AssignmentProblem) -> float | None:
    """Best total over ALL feasible assignments (None if there is none). Enumerates per-paper subsets."""
    P, R = pr.shape
    S = pr.scores.toarray() if sp.issparse(pr.scores) else np.asarray(pr.scores, dtype=np.float64)
    stored = np.ones((P, R), bool)
    if sp.issparse(pr.scores):
        st_ = pr.scores.tocoo()
        stored = np.zeros((P, R), bool)
        stored[st_.row, st_.col] = True
    blocked = np.zeros((P, R), bool)
    for name in ("conflicts", "forbidden"):
        p, r = pr.pairs(name)
        blocked[p, r] = True
    forced = np.zeros((P, R), bool)
    fp, fr = pr.pairs("forced")
    forced[fp, fr] = True
    sets = pr.area_sets()
    need = pr.effective_min_areas()
    options = []
    for p in range(P):
        ok = [
            c
            for c in itertools.combinations(range(R), int(pr.demand[p]))
            if all(stored[p, r] and not blocked[p, r] for r in c)
            and all(r in c for r in np.flatnonzero(forced[p]))
            and (pr.min_areas <= 0 or len(set().union(*[sets[r] for r in c])) >= need[p])
        ]
        if not ok:
            return None
        options.append(ok)
    best = None
    mn = pr.min_load_array()
    for combo in itertools.product(*options):
        load = np.zeros(R, int)
        for c in combo:
            load[list(c)] += 1
        if (load > pr.max_load).any() or (load < mn).any():
            continue
        tot = sum(S[p, list(c)].sum() for p, c in enumerate(combo))
        best = tot if best is None or tot > best else best
    return best


def solve(pr, **kw):
    return get_solver("optimal", **kw).solve(pr, seed=0)


def test_hand_checkable_4x4_with_areas_and_conflicts():
    # two areas: reviewers 0,1 in area 0; 2,3 in area 1
    S = np.array(
        [[0.9, 0.8, 0.1, 0.2], [0.7, 0.9, 0.3, 0.1], [0.2, 0.1, 0.8, 0.9], [0.6, 0.5, 0.4, 0.3]],
        dtype=np.float32,
    )
    pr = AssignmentProblem(
        S,
        demand=np.full(4, 2),
        max_load=np.full(4, 2),
        conflicts=(np.array([0]), np.array([0])),
        reviewer_areas=np.array([0, 0, 1, 1]),
        min_areas=2,
    )
    a = solve(pr)
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(brute_force(pr), abs=1e-9)
    assert a.gap == 0.0
    # every paper has one reviewer of each area (2 reviewers, 2 areas required)
    areas = np.array([0, 0, 1, 1])
    for p in range(4):
        assert sorted(areas[a.cols[a.rows == p]]) == [0, 1]
    assert 0 not in a.cols[a.rows == 0]  # the conflict


def test_without_area_constraint_takes_the_best_pairs():
    S = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    a = solve(AssignmentProblem(S, demand=np.array([1, 1]), max_load=np.array([1, 1, 1])))
    assert a.total == pytest.approx(2.0)
    assert list(zip(a.rows.tolist(), a.cols.tolist(), strict=True)) == [(0, 0), (1, 1)]


def test_float_resolution_is_kept():
    # differences far below 0.01 must decide the optimum
    eps = np.float32(1e-6)
    S = np.array([[0.5, 0.5 + eps], [0.5 + eps, 0.5 + 2 * eps]], dtype=np.float32)
    pr = AssignmentProblem(S, demand=np.array([1, 1]), max_load=np.array([1, 1]))
    a = solve(pr)
    assert a.total == pytest.approx(brute_force(pr), abs=1e-12)
    assert sorted(zip(a.rows.tolist(), a.cols.tolist(), strict=True)) == [(0, 1), (1, 0)]


def test_forced_forbidden_and_min_load():
    rng = np.random.default_rng(3)
    S = rng.random((4, 4))
    pr = AssignmentProblem(
        S,
        demand=np.array([2, 2, 1, 1]),
        max_load=np.array([2, 2, 2, 2]),
        min_load=np.array([0, 0, 0, 1]),
        forced=(np.array([0]), np.array([3])),
        forbidden=(np.array([1, 1]), np.array([0, 1])),
    )
    a = solve(pr)
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(brute_force(pr), abs=1e-9)


def test_inputs_are_not_mutated():
    rng = np.random.default_rng(0)
    S = rng.random((5, 4)).astype(np.float32)
    d, L = np.full(5, 2), np.full(4, 3)
    conf = (np.array([0, 1]), np.array([1, 2]))
    copies = [x.copy() for x in (S, d, L, *conf)]
    solve(AssignmentProblem(S, d, L, conflicts=conf))
    for before, after in zip(copies, (S, d, L, *conf), strict=True):
        assert np.array_equal(before, after)


def test_sparse_scores_only_use_stored_pairs():
    S = sp.csr_matrix(np.array([[0.9, 0.0, 0.2], [0.0, 0.3, 0.1]]))
    pr = AssignmentProblem(S, demand=np.array([1, 1]), max_load=np.array([1, 1, 1]))
    a = solve(pr)
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(brute_force(pr))


def test_multi_area_reviewers_use_the_mip_and_match_brute_force():
    rng = np.random.default_rng(7)
    S = rng.random((3, 5))
    areas = [frozenset({0}), frozenset({0, 1}), frozenset({1}), frozenset({2}), frozenset()]
    pr = AssignmentProblem(S, demand=np.full(3, 2), max_load=np.full(5, 2), reviewer_areas=areas, min_areas=2)
    a = solve(pr)
    assert a.stats["mode"] == "mip"
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(brute_force(pr), abs=1e-7)
    assert a.gap == 0.0


def test_m3_of_k4_single_areas_is_not_reduced_to_a_flow():
    # "<= 2 per area" allows 2+2 (two areas), so m=3 of k=4 must go to the MIP
    rng = np.random.default_rng(1)
    S = rng.random((2, 6))
    pr = AssignmentProblem(
        S,
        demand=np.full(2, 4),
        max_load=np.full(6, 2),
        reviewer_areas=np.array([0, 0, 1, 1, 2, 2]),
        min_areas=3,
    )
    a = solve(pr)
    assert a.stats["mode"] == "mip"
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(brute_force(pr), abs=1e-7)


@pytest.mark.parametrize("areas", [False, True])
def test_sparse_candidates_with_pricing_reach_the_full_optimum(areas):
    """Force the top-K + dual pricing path on a mid-size instance and compare with all pairs."""
    rng = np.random.default_rng(11)
    P, R = 120, 60
    # clustered scores so that popular reviewers run out and pricing has work to do
    topic_p, topic_r = rng.integers(0, 3, P), rng.integers(0, 6, R) % 3
    S = (0.6 * (topic_p[:, None] == topic_r[None, :]) + 0.4 * rng.random((P, R))).astype(np.float32)
    kw = {"reviewer_areas": (np.arange(R) % 4).astype(np.int64), "min_areas": 2} if areas else {}
    conf = (rng.integers(0, P, 200), rng.integers(0, R, 200))
    pr = AssignmentProblem(S, np.full(P, 3), np.full(R, 7), conflicts=conf, **kw)
    full = solve(pr, full_cells=10**9)
    sparse = solve(pr, full_cells=0, k_paper=4, n_random=1)
    assert sparse.stats["full_passes"] >= 1
    assert check_assignment(pr, sparse) == []
    assert sparse.total == pytest.approx(full.total, abs=1e-9)
    assert sparse.gap == 0.0 and full.gap == 0.0


def test_seeded_results_are_reproducible():
    rng = np.random.default_rng(5)
    S = rng.random((80, 40)).astype(np.float32)
    pr = AssignmentProblem(S, np.full(80, 2), np.full(40, 5))
    a = get_solver("optimal", full_cells=0).solve(pr, seed=3)
    b = get_solver("optimal", full_cells=0).solve(pr, seed=3)
    assert np.array_equal(a.rows, b.rows) and np.array_equal(a.cols, b.cols)


@st.composite
def tiny_problems(draw):
    P = draw(st.integers(1, 4))
    R = draw(st.integers(2, 4))
    k = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    S = np.round(rng.random((P, R)), 3).astype(np.float32)
    max_load = rng.integers(0, 4, R)
    min_load = np.minimum(rng.integers(0, 2, R), max_load) if draw(st.booleans()) else None
    n_conf = draw(st.integers(0, P * R // 3))
    conf = (rng.integers(0, P, n_conf), rng.integers(0, R, n_conf))
    forced = (rng.integers(0, P, 1), rng.integers(0, R, 1)) if draw(st.booleans()) else None
    areas, m = None, 0
    kind = draw(st.sampled_from(["none", "single", "sets"]))
    if kind == "single":
        areas, m = rng.integers(0, 3, R), draw(st.integers(1, 3))
    elif kind == "sets":  # several or no areas per reviewer: the MIP path
        areas = [frozenset(np.flatnonzero(rng.random(3) < 0.5).tolist()) for _ in range(R)]
        m = draw(st.integers(1, 3))
    kw = {"forced": forced} if forced is not None else {}
    return AssignmentProblem(
        S, np.full(P, k), max_load, min_load, conflicts=conf, reviewer_areas=areas, min_areas=m, **kw
    )


@settings(max_examples=150, deadline=None)
@given(tiny_problems())
def test_property_valid_and_optimal_or_truthfully_infeasible(pr):
    best = brute_force(pr)
    try:
        a = solve(pr)
    except InfeasibleError as exc:
        assert best is None, f"solver said infeasible but brute force found {best}"
        assert exc.diagnosis is not None and exc.diagnosis.binding != "none"
        assert exc.diagnosis.messages
        return
    assert best is not None
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(best, abs=1e-6)


def test_large_integer_scores_on_the_candidate_path():
    rng = np.random.default_rng(2)
    P, R = 90, 40
    S = rng.integers(0, 10**6, size=(P, R)).astype(np.int64)
    pr = AssignmentProblem(S, np.full(P, 2), np.full(R, 5))
    full = solve(pr, full_cells=10**9)
    sparse = solve(pr, full_cells=0, k_paper=3, n_random=1)
    assert check_assignment(pr, sparse) == []
    assert sparse.total == full.total
    assert sparse.gap == 0.0


@settings(max_examples=150, deadline=None)
@given(tiny_problems())
def test_property_candidate_path_matches_brute_force(pr):
    """The top-K + widening + pricing path (forced by full_cells=0) must give the same optimum."""
    best = brute_force(pr)
    try:
        a = solve(pr, full_cells=0, k_paper=1, n_random=0, k_area=0)
    except InfeasibleError:
        assert best is None
        return
    assert best is not None
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(best, abs=1e-6)
    assert a.gap == 0.0


def test_sparse_area_ids_are_relabelled():
    rng = np.random.default_rng(4)
    S = rng.random((60, 30)).astype(np.float32)
    ids = np.tile([10**9, 7, 123456], 10)
    pr = AssignmentProblem(
        S, np.full(60, 3), np.full(30, 7), reviewer_areas=ids.astype(np.int64), min_areas=2
    )
    a = solve(pr, full_cells=0)
    ref = solve(
        AssignmentProblem(
            S, np.full(60, 3), np.full(30, 7), reviewer_areas=np.tile([2, 0, 1], 10), min_areas=2
        )
    )
    assert check_assignment(pr, a) == []
    assert a.total == pytest.approx(ref.total, abs=1e-9)


def test_mip_path_refuses_oversized_problems_with_a_clear_message():
    from confero.engine.assign.areas import solve_mip
    from confero.engine.errors import InputError

    pr = AssignmentProblem(
        np.ones((10, 10)),
        np.full(10, 2),
        np.full(10, 3),
        reviewer_areas=[frozenset({0, 1})] * 10,
        min_areas=2,
    )
    with pytest.raises(InputError, match="sparse score matrix"):
        solve_mip(pr, max_pairs=50)


def test_all_zero_scores():
    pr = AssignmentProblem(np.zeros((3, 3), dtype=np.float32), np.full(3, 1), np.full(3, 1))
    a = solve(pr)
    assert check_assignment(pr, a) == [] and a.total == 0.0 and a.gap == 0.0


def test_forced_pair_outside_sparse_candidates_is_an_input_error():
    from confero.engine.errors import InputError

    problem = AssignmentProblem(
        scores=sp.csr_matrix(np.array([[0.6, 0.0, 0.3]])),
        demand=np.array([1]),
        max_load=np.array([1, 1, 1]),
        forced=(np.array([0]), np.array([1])),
    )
    with pytest.raises(InputError, match="forced pair"):
        get_solver("optimal").solve(problem)
