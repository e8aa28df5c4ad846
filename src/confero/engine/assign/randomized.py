"""The ``randomized`` objective: probability caps per pair (Jecmen et al. 2020).

1. The fractional LP  max sum s_pr x_pr  subject to every hard constraint and ``0 <= x_pr <= q``
   (``q`` = ``max_probability``) is solved exactly as a min-cost flow: with ``q = a/b`` every capacity
   and supply is multiplied by ``b`` and the candidate arcs get capacity ``a``; an integral optimum of the
   scaled network divided by ``b`` is an optimal LP solution. Large dense inputs start from top-K
   candidates and are completed by dual pricing (excluded pairs whose reduced cost is negative are
   added until none is left); artificial reviewers with a large negative score keep the candidate
   network feasible meanwhile, and if they still carry flow at the end every eligible pair is used.
2. An integral assignment is sampled from ``x`` by dependent rounding (:mod:`.rounding`):
   ``P[(p, r) assigned] == x_pr <= q`` exactly, and every hard constraint holds in every sample.
   The same seed gives the same assignment.

Forced pairs are assigned with probability 1 (the cap does not apply to them). With ``min_areas``
only the one-area-per-reviewer case covered by the (paper, area) capacity reduction is supported.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from confero.engine.assign import randomized_lp as cand
from confero.engine.assign.diagnosis import diagnose
from confero.engine.assign.network import build_network, choose_scale, potentials, solve_network
from confero.engine.assign.problem import Assignment, AssignmentProblem, pair_scores
from confero.engine.assign.reduction import ReducedProblem
from confero.engine.assign.registry import Param, register
from confero.engine.assign.rounding import round_flow
from confero.engine.errors import InfeasibleError, InputError


def _pricing_potentials(net, dd: np.ndarray, P: int) -> tuple[np.ndarray, np.ndarray]:
    rev_pot = dd[net.rev_base : net.n_nodes - 1]
    if net.pa_keys is None:
        return dd[:P, None].copy(), rev_pot
    tail = np.repeat(dd[:P, None], net.n_areas, axis=1)
    tail.ravel()[net.pa_keys] = dd[P : P + net.pa_keys.size]
    return tail, rev_pot


def _scaled_network(rows, cols, scores, red, a: int, b: int, gains=None, n_expand: int | None = None):
    """Capacities in units of ``1/b`` probability, each pair arc capped at ``a`` units. With ``gains``
    (length ``a``) the first ``n_expand`` pairs get ``a`` parallel unit arcs instead, the k-th with score
    ``s * gains[k]``: decreasing gains make a concave, piecewise-linear objective that a min-cost flow
    optimises exactly (used by the ``perturbed`` objective)."""
    if gains is not None:
        k = gains.size
        n_expand = rows.size if n_expand is None else n_expand
        rows = np.concatenate([np.repeat(rows[:n_expand], k), rows[n_expand:]])
        cols = np.concatenate([np.repeat(cols[:n_expand], k), cols[n_expand:]])
        scores = np.concatenate([(scores[:n_expand, None] * gains[None, :]).ravel(), scores[n_expand:]])
    net = build_network(rows, cols, scores, red.demand, red.max_load, red.min_load, red.areas, red.pa_cap)
    if b > 1 or a != 1 or gains is not None:
        nc = net.n_cand
        net.caps = net.caps * b
        net.caps[:nc] = a
        if gains is not None:
            net.caps[: n_expand * gains.size] = 1
        net.supplies = net.supplies * b
        max_abs = float(np.abs(net.cost_float).max()) if net.cost_float.size else 1.0
        net.scale = choose_scale(max_abs, net.n_nodes, int(red.demand.sum()) * b)
        net.cost_int = np.rint(net.cost_float * net.scale).astype(np.int64)
    return net


def _collapse(net, flows: np.ndarray, n_pairs: int, k: int):
    """Tails, heads and flows with the ``k`` parallel segment arcs of each pair summed into one arc
    (pairs first, in candidate order), for the rounding and the marginals."""
    if k == 1:
        return net.tails, net.heads, flows
    m = n_pairs * k
    pair = flows[:m].reshape(n_pairs, k).sum(axis=1)
    return (
        np.concatenate([net.tails[:m:k], net.tails[m:]]),
        np.concatenate([net.heads[:m:k], net.heads[m:]]),
        np.concatenate([pair, flows[m:]]),
    )


def _with_dummies(rows, cols, scores, red, a: int, b: int, P: int, R: int, gains=None):
    """The capped network plus ``ceil(dmax / q)`` artificial reviewers joined to every paper with a
    large negative score: it is always feasible, its duals price the excluded real pairs, and the
    artificial reviewers carry flow only where the real candidates cannot serve a paper (big-M)."""
    from types import SimpleNamespace

    dmax = int(red.demand.max()) if red.demand.size else 0
    n_dummy = max(1, -(-dmax * b // a))
    big = 1000.0 * (float(np.abs(scores).max()) if scores.size else 1.0) + 1.0
    d_rows = np.repeat(np.arange(P, dtype=np.int64), n_dummy)
    d_cols = R + np.tile(np.arange(n_dummy, dtype=np.int64), P)
    ext = SimpleNamespace(
        demand=red.demand,
        max_load=np.concatenate([red.max_load, np.full(n_dummy, max(int(red.demand.sum()), 1))]),
        min_load=np.concatenate([red.min_load, np.zeros(n_dummy, dtype=np.int64)]),
        areas=None,
        pa_cap=None,
    )
    if red.areas is not None:
        A = red.n_areas
        A2 = A + n_dummy
        ext.areas = np.concatenate([red.areas, A + np.arange(n_dummy, dtype=np.int64)])
        paper_cap, reductions = red.pa_cap
        ext.pa_cap = (paper_cap, {(k // A) * A2 + k % A: v for k, v in reductions.items()})
    net = _scaled_network(
        np.concatenate([rows, d_rows]),
        np.concatenate([cols, d_cols]),
        np.concatenate([scores, np.full(d_rows.size, -big)]),
        ext,
        a,
        b,
        gains,
        rows.size,
    )
    return net


def cap_diagnosis(problem: AssignmentProblem, q: float) -> tuple[str, object]:
    """Message and diagnosis when the problem is feasible but not with every pair probability <= q."""
    diag = diagnose(problem)
    diag.messages.append(
        f"an assignment exists, but none keeps every pair probability <= {q:g}: some papers have too few "
        "eligible reviewers (or reviewers too little capacity) to spread their reviews; raise "
        "--max-probability"
    )
    diag.binding = "probability_cap"
    return diag.text, diag


@register
class RandomizedSolver:
    """Maximum expected affinity with ``P[pair assigned] <= max_probability``, sampled with ``seed``.

    ``full_cells``: dense inputs with at most this many cells use every eligible pair as a candidate;
    larger ones start from ``k_paper`` / ``k_reviewer`` top candidates and add pairs by pricing.
    """

    name = "randomized"
    summary = "maximum expected affinity with every pair's probability capped, one seeded sample"
    params = (
        Param(
            "max_probability",
            float,
            0.5,
            "largest probability of any (paper, reviewer) pair",
            low=0,
            high=1,
            low_open=True,
            cli=True,
        ),
        Param(
            "full_cells", int, 2_000_000, "dense inputs with at most this many cells use every pair", low=0
        ),
        Param("k_paper", int, None, "initial candidates per paper (None: automatic)", low=1, none_ok=True),
        Param(
            "k_reviewer", int, None, "initial candidates per reviewer (None: automatic)", low=1, none_ok=True
        ),
        Param("max_rounds", int, 30, "pricing rounds before every eligible pair is used", low=0),
    )

    def __init__(
        self, max_probability=0.5, full_cells=2_000_000, k_paper=None, k_reviewer=None, max_rounds=30
    ):
        self.max_probability = float(max_probability)
        self.full_cells = full_cells
        self.k_paper = k_paper
        self.k_reviewer = k_reviewer
        self.max_rounds = max_rounds

    def fraction(self) -> tuple[int, int]:
        fr = Fraction(self.max_probability).limit_denominator(100)
        if fr > self.max_probability:  # never round the cap up
            fr = Fraction(int(self.max_probability * 100), 100)
        return fr.numerator, fr.denominator

    def solve(self, problem: AssignmentProblem, *, seed: int = 0) -> Assignment:
        t0 = time.perf_counter()
        problem.validate()
        diag = diagnose(problem)
        if not diag.feasible_by_counting:
            raise InfeasibleError(diag.text, diag)
        red = ReducedProblem.build(problem, seed=seed)
        if red.mode == "mip":
            raise InputError(
                "the randomized objective supports min_areas only with one research area per reviewer",
                field="min_areas",
            )
        P, R = problem.shape
        S = problem.scores
        a, b = self.fraction()
        gains = self.gains(a, b)
        k = 1 if gains is None else gains.size
        price_scale = 1.0 if gains is None else float(gains[0])  # the best segment of an excluded pair
        stats: dict = {"max_probability": a / b, "rounds": 0}
        candidates, complete = self._initial(problem, red, a, b)
        stats["initial_candidates"] = int(candidates.size)
        while True:
            rows, cols = candidates // R, candidates % R
            n_real = rows.size
            scores = pair_scores(S, rows, cols)
            if complete:
                net = _scaled_network(rows, cols, scores, red, a, b, gains)
            else:
                net = _with_dummies(rows, cols, scores, red, a, b, P, R, gains)
            _, flows = solve_network(net)
            if flows is None:
                if complete:
                    _, uncapped = solve_network(_scaled_network(rows, cols, scores, red, 1, 1))
                    if uncapped is not None:  # feasible without the cap: the cap is the obstacle
                        raise InfeasibleError(*cap_diagnosis(problem, a / b))
                    diag = diagnose(problem, flow_check=True)
                    raise InfeasibleError(diag.text, diag)
                # min loads unreachable within the candidates: decide on every eligible pair
                candidates, complete = self._all(problem, red), True
                stats["fallback_all_pairs"] = True
                continue
            if complete:
                break
            dummy_flow = int(flows[n_real * k : net.n_cand].sum())
            dd = potentials(net, flows) / net.scale / price_scale
            tail_pot, rev_pot = _pricing_potentials(net, dd, P)
            vr, vc, n_viol = cand.price(S, tail_pot, rev_pot[:R], red.areas, candidates, red.blocked, 1e-9)
            stats.setdefault("violators", []).append(int(n_viol))
            if n_viol == 0 or stats["rounds"] >= self.max_rounds:
                if dummy_flow > 0:  # the real candidates cannot serve every paper: use every pair
                    candidates, complete = self._all(problem, red), True
                    stats["fallback_all_pairs"] = True
                    continue
                stats["unpriced_violators"] = int(n_viol)  # 0: the LP is solved exactly
                break
            stats["rounds"] += 1
            candidates = np.union1d(candidates, vr * R + vc)
        nc = n_real  # artificial arcs (if any) come after the real ones and carry no flow here
        if gains is not None:
            seg = flows[: nc * k].reshape(nc, k)
            stats["perturbed_objective"] = (
                float((seg * gains[None, :]).sum(axis=1) @ pair_scores(S, rows, cols)) / b
            )
        tails, heads, flows = _collapse(net, flows, nc, k)
        pair_rows, pair_cols = net.cand_rows[: nc * k : k], net.cand_cols[: nc * k : k]
        x = flows[:nc] / b
        expected = float(np.dot(x, pair_scores(S, pair_rows, pair_cols)))
        forced_total = float(pair_scores(S, red.fp, red.fr).sum()) if red.fp.size else 0.0
        t1 = time.perf_counter()
        # closed circulation for the rounding: the supplies are multiples of b, so no extra arcs needed
        rounded = round_flow(tails, heads, flows, b, np.random.default_rng(seed))
        chosen = rounded[:nc] == b
        out_rows = np.concatenate([pair_rows[chosen], red.fp])
        out_cols = np.concatenate([pair_cols[chosen], red.fr])
        order = np.lexsort((out_cols, out_rows))
        out_rows, out_cols = out_rows[order], out_cols[order]
        total = float(pair_scores(S, out_rows, out_cols).sum())
        frac = (flows[:nc] % b) != 0
        stats.update(
            expected_total=expected + forced_total,
            candidates=int(nc),
            fractional_pairs=int(frac.sum()),
            max_pair_probability=float(x.max()) if nc else 0.0,
            seed=int(seed),
            time_rounding=time.perf_counter() - t1,
            time_total=time.perf_counter() - t0,
        )
        # the LP marginals x (P[pair assigned]) of the candidate pairs with x > 0; forced pairs have 1
        pos = x > 0
        stats["marginals"] = (pair_rows[pos], pair_cols[pos], x[pos])
        return Assignment(out_rows, out_cols, total, self.name, None, stats)

    def gains(self, a: int, b: int) -> np.ndarray | None:
        """Relative value of each ``1/b`` step of a pair's probability (None: all equal, one arc)."""
        return None

    # ------------------------------------------------------------------
    @staticmethod
    def _sparse_candidates(problem, red) -> np.ndarray:
        R = problem.n_reviewers
        Sc = problem.scores.tocoo()
        flat = np.unique(Sc.row.astype(np.int64) * R + Sc.col)
        return flat[~np.isin(flat, red.blocked)]

    def _all(self, problem, red) -> np.ndarray:
        P, R = problem.shape
        if problem.is_sparse:
            return self._sparse_candidates(problem, red)
        return cand.eligible_all(P, R, red.blocked)

    def _initial(self, problem, red, a: int, b: int) -> tuple[np.ndarray, bool]:
        P, R = problem.shape
        if problem.is_sparse:
            return self._sparse_candidates(problem, red), True
        if self.full_cells >= P * R:
            return cand.eligible_all(P, R, red.blocked), True
        dmax = int(red.demand.max()) if red.demand.size else 0
        lmax = int(red.max_load.max()) if red.max_load.size else 0
        per_pair = a / b
        kp = self.k_paper or max(int(np.ceil(4 * dmax / per_pair)), 12)
        kr = self.k_reviewer or max(int(np.ceil(2 * lmax / per_pair)), 6)
        if kp >= R and kr >= P:
            return cand.eligible_all(P, R, red.blocked), True
        return cand.top_pairs(problem.scores, red.blocked, kp, kr), False
