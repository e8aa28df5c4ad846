"""The ``optimal`` objective: exact maximum total affinity by min-cost flow (OR-Tools).

Outline (docs/assignment.md has the exactness argument):

1. forced pairs are pre-assigned (demands, loads and area capacities shrink accordingly);
2. candidates: all eligible pairs for small dense inputs, the stored pairs of a sparse input, or for a
   large dense input the top-K reviewers of every paper plus the top-K papers of every reviewer;
3. the candidate network is solved with integer costs; if it is infeasible the candidate set grows
   (feasibility guard) until it holds every eligible pair, and only then is the problem infeasible;
4. dual potentials come from Bellman-Ford on the residual graph; every excluded pair is priced in one
   chunked pass over the matrix and violators are added and the network re-solved until none is left;
5. a Lagrangian bound computed in float64 from those potentials over *all* pairs certifies the result:
   ``gap = bound - total`` (0.0 reported when below ``tol``).
"""

from __future__ import annotations

import time

import numpy as np

from confero.engine.assign import candidates as cand
from confero.engine.assign.areas import solve_mip
from confero.engine.assign.diagnosis import diagnose
from confero.engine.assign.network import build_network, potentials, solve_network
from confero.engine.assign.problem import Assignment, AssignmentProblem, in_sorted, pair_scores, sorted_unique
from confero.engine.assign.reduction import ReducedProblem
from confero.engine.assign.registry import Param, register
from confero.engine.errors import InfeasibleError


@register
class OptimalSolver:
    """Exact max-total-affinity assignment.

    Parameters: ``k_paper``/``k_reviewer`` candidates per paper/reviewer for large dense inputs
    (``None``: automatic), ``full_cells``: dense inputs with at most this many cells use every pair,
    ``eps``: pricing tolerance, ``max_rounds``: pricing rounds before stopping with a reported gap,
    ``n_random``: seeded random eligible reviewers added per paper (feasibility guard; default 2k),
    ``tol``: certificate gaps below ``tol * max(1, |total|)`` are reported as 0.0,
    ``mip_time_limit``: seconds for the MIP path (general areas); its gap is then reported.
    """

    name = "optimal"
    summary = "maximum total affinity, proven optimal (min-cost flow; MIP for general research areas)"
    params = (
        Param(
            "k_paper",
            int,
            None,
            "candidates per paper for large dense inputs (None: automatic)",
            low=1,
            none_ok=True,
        ),
        Param("k_reviewer", int, None, "candidates per reviewer (None: automatic)", low=0, none_ok=True),
        Param(
            "k_new",
            int,
            None,
            "pairs added per paper in a pricing round (None: automatic)",
            low=1,
            none_ok=True,
        ),
        Param(
            "k_rev",
            int,
            None,
            "pairs added per reviewer in a pricing round (None: automatic)",
            low=0,
            none_ok=True,
        ),
        Param("k_area", int, 1, "best candidates of every research area per paper", low=0),
        Param(
            "mip_time_limit",
            float,
            None,
            "seconds for the MIP path (several areas per reviewer); the reported gap says how far from optimal",
            low=0,
            low_open=True,
            none_ok=True,
            cli=True,
        ),
        Param(
            "n_random",
            int,
            None,
            "seeded random eligible reviewers per paper (feasibility guard)",
            low=0,
            none_ok=True,
        ),
        Param("full_cells", int, 400_000, "dense inputs with at most this many cells use every pair", low=0),
        Param("eps", float, 1e-9, "pricing tolerance", low=0),
        Param("max_rounds", int, 40, "pricing rounds before stopping with a reported gap", low=0),
        Param("tol", float, 1e-9, "relative certificate gaps below this are reported as 0.0", low=0),
    )

    def __init__(
        self,
        k_paper=None,
        k_reviewer=None,
        k_new=None,
        k_rev=None,
        k_area=1,
        mip_time_limit=None,
        n_random=None,
        full_cells=400_000,
        eps=1e-9,
        max_rounds=40,
        tol=1e-9,
    ):
        self.k_new = k_new
        self.k_rev = k_rev
        self.k_area = k_area
        self.mip_time_limit = mip_time_limit
        self.n_random = n_random
        self.k_paper = k_paper
        self.k_reviewer = k_reviewer
        self.full_cells = full_cells
        self.eps = eps
        self.max_rounds = max_rounds
        self.tol = tol

    def solve(self, problem: AssignmentProblem, *, seed: int = 0) -> Assignment:
        t0 = time.perf_counter()
        problem.validate()
        blocked = problem.blocked_flat()
        diag = diagnose(problem, validate=False, blocked=blocked)
        if not diag.feasible_by_counting:
            raise InfeasibleError(diag.text, diag)
        red = ReducedProblem.build(problem, seed=seed, blocked=blocked)
        if red.mode == "mip":
            return solve_mip(problem, seed=seed, time_limit=self.mip_time_limit)
        return self.solve_reduced(problem, red, t0=t0)

    def solve_reduced(
        self,
        problem: AssignmentProblem,
        red: ReducedProblem,
        *,
        candidates: np.ndarray | None = None,
        max_rounds: int | None = None,
        t0: float | None = None,
    ) -> Assignment:
        """The flow path for an already validated, diagnosed and reduced problem (``red.mode`` is not
        ``mip``). ``candidates`` (sorted flat ``p * R + r``) replaces the initial candidate pass (a warm
        start, e.g. from a previous solve of the same constraints with other scores); ``max_rounds``
        overrides the pricing rounds. Whatever the rounds, ``gap`` is a valid upper bound minus the
        total (excluded pairs are priced exactly on the last pass). ``stats["final_candidates"]`` holds
        the candidate set of the last network, for the next warm start."""
        t0 = time.perf_counter() if t0 is None else t0
        return self._solve_flow(
            problem, red, t0, candidates, self.max_rounds if max_rounds is None else max_rounds
        )

    # ------------------------------------------------------------------
    def _initial_candidates(self, problem, red):
        """(sorted flat candidate indices, do they hold every eligible pair?)"""
        P, R = problem.shape
        if problem.is_sparse:
            S = problem.scores.tocoo()
            flat = sorted_unique(S.row.astype(np.int64) * R + S.col)
            return flat[~in_sorted(flat, red.blocked)], True
        if self.full_cells >= P * R:
            return cand.eligible_all(P, R, red.blocked), True
        return self._dense_candidates(problem, red, 1), False

    def _dense_candidates(self, problem, red, factor: int) -> np.ndarray:
        dmax = int(red.demand.max()) if red.demand.size else 0
        lmax = int(red.max_load.max()) if red.max_load.size else 0
        lmin = int(red.min_load.max()) if red.min_load.size else 0
        kp = (self.k_paper or max(3 * dmax, 8)) * factor
        kr = (self.k_reviewer if self.k_reviewer is not None else lmin + lmax) * factor
        return cand.collect(
            problem.scores,
            red.blocked,
            k_paper=kp,
            k_reviewer=kr,
            areas=red.areas,
            k_area=max(self.k_area, 1 if factor > 1 else 0) * factor,
            n_random=(self.n_random if self.n_random is not None else 2 * dmax) * factor,
            seed=red.seed + factor,
        )

    def _solve_flow(
        self, problem: AssignmentProblem, red: ReducedProblem, t0: float, given, max_rounds: int
    ) -> Assignment:
        P, R = problem.shape
        S = problem.scores
        stats: dict = {
            "mode": "flow-areas" if red.areas is not None else "flow",
            "rounds": 0,
            "full_passes": 0,
        }
        P, R = problem.shape
        if given is None or problem.is_sparse or self.full_cells >= P * R:  # complete sets: no warm start
            candidates, complete = self._initial_candidates(problem, red)
        else:
            candidates, complete = given, False
        dmax = int(red.demand.max()) if red.demand.size else 0
        k_new = self.k_new or max(2 * dmax, 4)
        lmax = int(red.max_load.max()) if red.max_load.size else 0
        k_rev = self.k_rev if self.k_rev is not None else max(lmax, 2)
        stats["initial_candidates"] = int(candidates.size)
        stats["time_candidates"] = time.perf_counter() - t0
        factor = 1
        t_solve = t_price = 0.0
        excess = 0.0
        while True:
            rows, cols = candidates // R, candidates % R
            t1 = time.perf_counter()
            net = build_network(
                rows,
                cols,
                pair_scores(S, rows, cols),
                red.demand,
                red.max_load,
                red.min_load,
                red.areas,
                red.pa_cap,
            )
            status, flows = solve_network(net)
            t_solve += time.perf_counter() - t1
            if flows is None:
                if complete:
                    diag = diagnose(problem, flow_check=True)
                    raise InfeasibleError(diag.text, diag)
                factor *= 2  # feasibility guard: widen the candidate set, in the end to every pair
                if factor * (self.k_paper or 8) >= R:
                    candidates, complete = cand.eligible_all(P, R, red.blocked), True
                else:
                    more = self._dense_candidates(problem, red, factor)
                    candidates = sorted_unique(np.concatenate([candidates, more]))
                stats["widenings"] = stats.get("widenings", 0) + 1
                continue
            t1 = time.perf_counter()
            d = potentials(net, flows)
            dd = d.astype(np.float64) / net.scale
            tail_pot, rev_pot = self._pricing_potentials(net, dd, P)
            if complete:
                excess = 0.0
                t_price += time.perf_counter() - t1
                break
            last = stats["rounds"] >= max_rounds
            pr = cand.price(
                S, tail_pot, rev_pot, red.areas, candidates, red.blocked, self.eps, k_new, k_rev, exact=last
            )
            t_price += time.perf_counter() - t1
            stats["full_passes"] += 1
            excess = pr.excess
            stats.setdefault("violators", []).append(pr.n_violators)
            if pr.n_violators == 0 or last:
                if pr.n_violators:  # for a warm start: the next network begins with these pairs
                    candidates = sorted_unique(np.concatenate([candidates, pr.rows * R + pr.cols]))
                break
            stats["rounds"] += 1
            candidates = sorted_unique(np.concatenate([candidates, pr.rows * R + pr.cols]))
        chosen = flows[: net.n_cand] > 0
        out_rows = np.concatenate([net.cand_rows[chosen], red.fp])
        out_cols = np.concatenate([net.cand_cols[chosen], red.fr])
        order = np.lexsort((out_cols, out_rows))
        out_rows, out_cols = out_rows[order], out_cols[order]
        total = float(pair_scores(S, out_rows, out_cols).sum())
        bound = self._upper_bound(net, flows, dd, excess) + float(pair_scores(S, red.fp, red.fr).sum())
        raw_gap = max(0.0, bound - total)
        gap = 0.0 if raw_gap <= self.tol * max(1.0, abs(total)) else raw_gap
        stats.update(
            final_candidates=candidates,
            candidates=int(net.n_cand),
            arcs=int(net.tails.size),
            nodes=int(net.n_nodes),
            cost_scale=net.scale,
            upper_bound=bound,
            certificate_gap=raw_gap,
            time_solve=t_solve,
            time_pricing=t_price,
            time_total=time.perf_counter() - t0,
        )
        return Assignment(out_rows, out_cols, total, "optimal", gap, stats)

    @staticmethod
    def _pricing_potentials(net, dd: np.ndarray, P: int) -> tuple[np.ndarray, np.ndarray]:
        """Potentials of the tail node of every (paper, area) pair (a missing (paper, area) node takes
        its paper's potential, the largest value dual feasibility allows) and of every reviewer."""
        rev_pot = dd[net.rev_base : net.rev_base + (net.n_nodes - 1 - net.rev_base)]
        if net.pa_keys is None:
            return dd[:P, None].copy(), rev_pot
        A = net.n_areas
        tail = np.repeat(dd[:P, None], A, axis=1)
        tail.ravel()[net.pa_keys] = dd[P : P + net.pa_keys.size]
        return tail, rev_pot

    @staticmethod
    def _upper_bound(net, flows, dd: np.ndarray, excess: float) -> float:
        """Weak-duality bound on the total affinity of ANY feasible assignment (float64).

        For potentials pi = -d: min cost >= sum_i pi_i b_i + sum_arcs cap * min(0, c + d_tail - d_head),
        and excluded pairs add -excess. The bound is valid for any d, tight when d is optimal.
        """
        rc = net.cost_float + dd[net.tails] - dd[net.heads]
        lower = -float(np.dot(dd, net.supplies)) + float(np.dot(np.minimum(rc, 0.0), net.caps)) - excess
        return -lower
